"""Les retenues sur le remboursement : participation forfaitaire et franchises médicales.

Les deux suivent la même mécanique : un montant par acte (ou par boîte, par trajet), borné par ce
qui reste sous des plafonds journaliers et annuels, puis par le remboursement de l'acte lui-même.
`plafonner` est cette mécanique, écrite une fois.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from .demande import MATERNITE, Demande
from .explication import Journal
from .formats import euros
from .monnaie import ZERO

NOMS_FRANCHISE = {"medicament": "franchise_medicament",
                  "acte_paramedical": "franchise_acte_paramedical",
                  "transport": "franchise_transport"}
PLAFONDS_JOUR_FRANCHISE = {"acte_paramedical": "franchise_plafond_jour_paramedical",
                           "transport": "franchise_plafond_jour_transport"}


@dataclass
class Plafonds:
    """Ce qui reste disponible sous les plafonds quand l'acte arrive (None : rien d'entamé).

    Le calcul d'une année les remplit ; un acte seul part de plafonds entiers."""

    pf_annuel: Decimal | None = None
    pf_nombre_jour: int | None = None
    franchise_annuel: Decimal | None = None
    franchise_jour: Decimal | None = None
    amc: Decimal | None = None
    amc_motif: str = ""
    optique_reste: Decimal | None = None  # équipement d'optique : ce qui reste de son plafond
    optique_motif: str = ""
    unites_amo: int | None = None  # actes encore remboursés cette année (séances de psychologue)


class Borne(NamedTuple):
    """Un plafond : ce qui en reste, et ce qu'on écrit quand il mord (étape, plafonds atteints),
    avec « {plafond} » pour le montant du plafond, mis en forme seulement s'il mord."""

    reste: Decimal
    regle: str
    atteint: str | None = None
    plafond: Decimal = ZERO


class Retenues(NamedTuple):
    participation_forfaitaire: Decimal = ZERO
    nombre_participations: int = 0
    franchise: Decimal = ZERO


def plafonner(montant: Decimal, regle: str, bornes: list[Borne],
              j: Journal) -> tuple[Decimal, str]:
    """Le montant réduit à ce que laisse chaque borne, dans l'ordre ; la règle dit lesquelles."""
    for borne in bornes:
        if montant > borne.reste:
            montant = borne.reste
            plafond = euros(borne.plafond)
            regle += " ; " + borne.regle.format(plafond=plafond)
            if borne.atteint:
                j.plafond(borne.atteint.format(plafond=plafond))
    return montant, regle


def exoneration(d: Demande) -> str | None:
    """Motif qui dispense de participation forfaitaire et de franchise, ou None."""
    sit = d.situation
    if sit.mineur:
        return "moins de 18 ans"
    if sit.maternite:
        return MATERNITE
    if sit.css:
        return "bénéficiaire de la Complémentaire santé solidaire"
    return None


def participation_forfaitaire(d: Demande, amo_brut: Decimal, p: Plafonds,
                              j: Journal) -> tuple[Decimal, int]:
    """La participation forfaitaire : au plus quelques-unes par jour et par professionnel, un
    plafond annuel, jamais plus que le remboursement. Renvoie (montant, nombre retenu)."""
    if not d.acte.participation_forfaitaire:
        return ZERO, 0
    exo = exoneration(d)
    if exo:
        j.etape("participation_forfaitaire", "Participation forfaitaire", f"Non due : {exo}.",
                ZERO)
        return ZERO, 0
    ref = None
    if d.participation_forfaitaire is not None:
        unitaire, regle = d.participation_forfaitaire, "Montant indiqué dans la demande"
    else:
        unitaire, ref = j.param("participation_forfaitaire")
        regle = "Retenue par consultation ou acte"
    max_jour, _ = j.param("participation_forfaitaire_max_par_jour")
    nombre = d.quantite
    limite_jour = int(max_jour) if p.pf_nombre_jour is None else p.pf_nombre_jour
    if nombre > limite_jour:
        j.plafond(f"Participation forfaitaire : au plus {int(max_jour)} par jour pour un même "
                  "professionnel.")
        regle += f" ; au plus {int(max_jour)} par jour pour un même professionnel"
        nombre = limite_jour
    plafond_an, _ = j.param("participation_forfaitaire_plafond_annuel")
    montant, regle = plafonner(unitaire * nombre, regle, [
        Borne(plafond_an if p.pf_annuel is None else p.pf_annuel,
              "plafond annuel de {plafond} atteint",
              "Participation forfaitaire : plafond annuel de {plafond} atteint.", plafond_an),
        Borne(amo_brut, "limitée au remboursement de l'acte"),
    ], j)
    if nombre > 1:
        regle += f" ({nombre} participations)"
    j.etape("participation_forfaitaire", "Participation forfaitaire", regle, montant,
            parametre=ref)
    return montant, nombre


def franchise(d: Demande, disponible: Decimal, p: Plafonds, j: Journal) -> Decimal:
    """La franchise : par boîte, acte paramédical ou trajet, sous ses plafonds journalier et
    annuel, jamais plus que ce qui reste du remboursement."""
    nature = d.acte.franchise
    if not nature:
        return ZERO
    exo = exoneration(d)
    if exo:
        j.etape("franchise", "Franchise médicale", f"Non due : {exo}.", ZERO)
        return ZERO
    unitaire, ref = j.param(NOMS_FRANCHISE[nature])
    regle = f"{euros(unitaire)} par {d.acte.unite}"
    if d.quantite > 1:
        regle += f" × {d.quantite}"
    bornes = []
    if nature in PLAFONDS_JOUR_FRANCHISE:
        plafond_jour, _ = j.param(PLAFONDS_JOUR_FRANCHISE[nature])
        bornes.append(Borne(plafond_jour if p.franchise_jour is None else p.franchise_jour,
                            "plafond journalier de {plafond}",
                            "Franchise : plafond journalier de {plafond} atteint.", plafond_jour))
    plafond_an, _ = j.param("franchise_plafond_annuel")
    bornes += [
        Borne(plafond_an if p.franchise_annuel is None else p.franchise_annuel,
              "plafond annuel de {plafond} atteint",
              "Franchise : plafond annuel de {plafond} atteint.", plafond_an),
        Borne(disponible, "limitée au remboursement de l'acte"),
    ]
    montant, regle = plafonner(unitaire * d.quantite, regle, bornes, j)
    j.etape("franchise", "Franchise médicale", regle, montant, parametre=ref)
    return montant


def calculer(d: Demande, amo_brut: Decimal, p: Plafonds, j: Journal) -> Retenues:
    pf, nombre = participation_forfaitaire(d, amo_brut, p, j)
    return Retenues(pf, nombre, franchise(d, amo_brut - pf, p, j))
