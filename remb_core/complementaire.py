"""La part de la complémentaire : ce que promet la garantie (selon sa forme), borné par ce qui
reste à payer, par les règles du contrat responsable et par les limites annuelles du contrat.

Elle ne paie jamais la participation forfaitaire ni la franchise. Ce qu'elle paie est réparti
sur les parts du reste à charge dans l'ordre de `PARTS_COUVRABLES`.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any, NamedTuple

from .assurance_maladie import PARTS_BASE, PARTS_TICKET, PartAMO
from .demande import Demande
from .explication import Journal
from .formats import euros
from .monnaie import ZERO, format_taux, pourcentage
from .participations import Plafonds

#: Ce que la complémentaire peut couvrir, dans l'ordre où elle le couvre.
PARTS_COUVRABLES = PARTS_BASE + ("depassement", "non_rembourse")


class PartAMC(NamedTuple):
    amc: Decimal
    couvert: dict[str, Decimal]  # ce que l'AMC paie de chaque part (PARTS_COUVRABLES)


def libelle_garantie(d: Demande) -> str:
    """La garantie en clair (« 150 % de la base, Sécurité sociale incluse »)."""
    g, unite = d.garantie, d.acte.unite
    if g.css:
        return "Complémentaire santé solidaire (ticket modérateur et forfaits)"
    textes = {
        "aucune": "Pas de complémentaire",
        "frais_reels": "Frais réels",
        "ticket_moderateur": "Ticket modérateur",
        "forfait": f"Forfait de {euros(g.montant or ZERO)} par {unite}",
        "pourcentage_pmss": f"{format_taux(g.taux or ZERO)} du PMSS par {unite}",
        "pourcentage_br": f"{format_taux(g.taux or ZERO)} de la base, " + (
            "Sécurité sociale incluse" if g.secu_incluse else "en plus de la Sécurité sociale"),
    }
    texte = textes[g.forme]
    if g.plafond is not None:
        texte += f", dans la limite de {euros(g.plafond)} par {unite}"
    return texte


def couvrables(d: Demande, amo: PartAMO, reste: dict[str, Decimal],
               j: Journal) -> dict[str, Decimal]:
    """Le plus que la complémentaire peut payer de chaque part : tout, sauf ce que le contrat
    responsable exclut (majoration et dépassement autorisé hors parcours, dépassements au-delà
    de la limite hors OPTAM)."""
    couvrable = dict(reste)
    if not d.contrat_responsable:
        return couvrable
    if not d.garantie.css:
        couvrable["majoration_hors_parcours"] = ZERO
    if amo.hors_parcours and reste["depassement"] > 0 and not d.garantie.css:
        couvrable["depassement"] = _sans_depassement_autorise(d, amo, reste["depassement"], j)
    if d.secteur in ("2_non_optam", "3") and couvrable["depassement"] > 0:
        taux_max, ref = j.param("plafond_depassement_non_optam")
        maximum = pourcentage(amo.base, taux_max)
        if couvrable["depassement"] > maximum:
            couvrable["depassement"] = maximum
            j.etape("plafond_depassement", "Limite du contrat responsable", f"Médecin sans "
                    f"OPTAM : la complémentaire couvre au plus {format_taux(taux_max)} de la base "
                    "en dépassement.", maximum, parametre=ref)
    return couvrable


def _sans_depassement_autorise(d: Demande, amo: PartAMO, depassement: Decimal,
                               j: Journal) -> Decimal:
    """Hors parcours, un contrat responsable ne rembourse pas le dépassement à hauteur au moins
    du dépassement autorisé (art. R.871-1 2° du code de la sécurité sociale) : ce qui en reste couvrable."""
    taux_da, ref = j.param("depassement_autorise_hors_parcours")
    autorise = pourcentage(amo.base, taux_da)
    arrondi = ""
    if d.acte.clinique:  # une consultation : le prix autorisé s'arrondit à l'euro supérieur
        autorise = (amo.base + autorise).to_integral_value(rounding=ROUND_CEILING) - amo.base
        arrondi = ", prix arrondi à l'euro supérieur"
    exclu = min(depassement, autorise)
    j.etape("depassement_hors_parcours", "Dépassement hors parcours non remboursable", f"Hors "
            f"parcours, un contrat responsable ne rembourse pas le dépassement à hauteur du "
            f"dépassement autorisé ({format_taux(taux_da)} de la base{arrondi}, soit "
            f"{euros(autorise)}), quel que soit le secteur (art. R.871-1 "
            f"du code de la sécurité sociale).", exclu,
            parametre=ref)
    return depassement - exclu


def droit_garantie(d: Demande, amo: PartAMO, tm: Decimal,
                   couvrable: Decimal, j: Journal) -> tuple[Decimal, str, dict[str, Any] | None]:
    """Ce que la garantie promet pour cet acte, avant les bornes (montant, règle, paramètre)."""
    g, q, unite = d.garantie, d.quantite, d.acte.unite
    if g.forme == "frais_reels":
        return couvrable, "Frais réels : tout ce qui reste, dans les limites légales", None
    if g.forme == "ticket_moderateur":
        return tm, "Le ticket modérateur (la part de la base non remboursée)", None
    if g.forme == "forfait":
        montant = g.montant or ZERO
        return montant * q, f"Forfait de {euros(montant)} par {unite}", None
    taux = g.taux or ZERO
    if g.forme == "pourcentage_pmss":
        pmss, ref = j.param("pmss")
        unitaire = pourcentage(pmss, taux)
        return unitaire * q, (f"{format_taux(taux)} du PMSS ({euros(pmss)}) = "
                              f"{euros(unitaire)} par {unite}"), ref
    total = pourcentage(amo.base, taux)
    if g.secu_incluse:
        return max(total - amo.amo_reference, ZERO), (
            f"{format_taux(taux)} de la base = {euros(total)}, moins le remboursement de "
            f"l'Assurance Maladie ({euros(amo.amo_reference)})"), None
    return total, f"{format_taux(taux)} de la base, en plus de l'Assurance Maladie", None


def _droit_borne(d: Demande, total: Decimal, amo: PartAMO, tm: Decimal, couvrable: Decimal,
                 j: Journal) -> Decimal:
    """Le droit ouvert, après le plafond de la garantie et le panier 100 % Santé."""
    droit, regle, ref = droit_garantie(d, amo, tm, couvrable, j)
    g = d.garantie
    if g.plafond is not None and droit > g.plafond * d.quantite:
        droit = g.plafond * d.quantite
        regle += f" ; plafonné à {euros(g.plafond)} par {d.acte.unite}"
    if d.acte.panier_100_sante and d.contrat_responsable and total - amo.amo_brut > droit:
        droit = total - amo.amo_brut
        regle = ("100 % Santé : un contrat responsable rembourse tout ce que l'Assurance Maladie "
                 "laisse, dans la limite du prix limite (ou des honoraires limites)")
    j.etape("droit_amc", "Droit ouvert par la garantie", regle, droit, parametre=ref)
    forfaits = amo.laisse["forfait_journalier"]
    if forfaits > 0 and d.contrat_responsable and not g.css and d.acte.part_patient != \
            "forfait_journalier":
        droit += forfaits
        j.etape("forfait_journalier_couvert", "Forfait journalier", "Un contrat responsable "
                "rembourse le forfait journalier sans limite de durée, en plus de la garantie des "
                "frais de séjour (art. R.871-2 du code de la sécurité sociale).", forfaits)
    return droit


#: Plafonds d'un équipement d'optique à prix libre selon ses deux verres (art. R.871-2 3° CSS).
PLAFONDS_OPTIQUE = {
    ("simple", "simple"): "plafond_optique_2_simples",
    ("complexe", "simple"): "plafond_optique_simple_complexe",
    ("complexe", "complexe"): "plafond_optique_2_complexes",
    ("simple", "tres_complexe"): "plafond_optique_simple_tres_complexe",
    ("complexe", "tres_complexe"): "plafond_optique_complexe_tres_complexe",
    ("tres_complexe", "tres_complexe"): "plafond_optique_2_tres_complexes",
}


def plafond_equipement(verres: tuple[str, str], j: Journal) -> tuple[Decimal, dict[str, Any]]:
    """Le plafond d'un équipement (deux verres et une monture), Assurance Maladie comprise."""
    premier, second = sorted(verres)
    return j.param(PLAFONDS_OPTIQUE[(premier, second)])


def _plafond_optique(d: Demande, amc: Decimal, amo: PartAMO, p: Plafonds, j: Journal) -> Decimal:
    """Un contrat responsable ne paie pas plus, Assurance Maladie comprise, que le plafond de
    l'équipement : calculé sur l'équipement du jour dans une année, sur une paire de verres
    identiques sinon."""
    if p.optique_reste is not None:
        reste, motif = p.optique_reste, p.optique_motif
        ref = None
    elif d.acte.categorie_verre:
        plafond, ref = plafond_equipement((d.acte.categorie_verre,) * 2, j)
        reste = plafond * ((d.quantite + 1) // 2)
        motif = (f"Plafond d'un équipement de deux verres de ce type, monture comprise : "
                 f"{euros(plafond)}, Assurance Maladie comprise (art. R.871-2 "
                 f"du code de la sécurité sociale).")
    else:
        return amc
    maximum = max(reste - amo.amo_brut, ZERO)
    if amc > maximum:
        amc = maximum
        j.etape("plafond_equipement", "Limite du contrat responsable (équipement d'optique)",
                motif, maximum, parametre=ref)
    return amc


def _limites(d: Demande, amc: Decimal, amo: PartAMO, p: Plafonds, j: Journal) -> Decimal:
    """Les plafonds légaux d'un équipement (contrat responsable) et les limites annuelles."""
    if d.contrat_responsable and not d.garantie.css:
        amc = _plafond_optique(d, amc, amo, p, j)
    if d.acte.plafond_responsable and d.contrat_responsable:
        cap, ref_cap = j.param(d.acte.plafond_responsable)
        maximum = max(cap * d.quantite - amo.amo_brut, ZERO)
        if amc > maximum:
            amc = maximum
            j.etape("plafond_responsable", "Limite du contrat responsable", f"Assurance Maladie "
                    f"et complémentaire ensemble : au plus {euros(cap)} par {d.acte.unite}.",
                    maximum, parametre=ref_cap)
    if p.amc is not None and amc > p.amc:
        amc = max(p.amc, ZERO)
        motif = p.amc_motif or "Limite annuelle de la garantie atteinte."
        j.plafond(motif)
        j.etape("limite_amc", "Limite de la garantie", p.amc_motif or
                "Ce qui reste de la limite annuelle de la garantie.", amc)
    return amc


def calculer(d: Demande, total: Decimal, amo: PartAMO, reste: dict[str, Decimal], p: Plafonds,
             j: Journal) -> PartAMC:
    """La part de la complémentaire, répartie sur les parts du reste à charge (`reste`)."""
    if d.garantie.forme == "aucune":
        j.etape("amc", "Complémentaire", "Pas de complémentaire santé indiquée.", ZERO)
        return PartAMC(ZERO, dict.fromkeys(PARTS_COUVRABLES, ZERO))
    # Ce que laisse l'Assurance Maladie sur la base : ticket modérateur ou forfait qui le
    # remplace ; la Complémentaire santé solidaire y ajoute la majoration hors parcours.
    tm = sum((reste[k] for k in PARTS_TICKET), ZERO)
    if d.garantie.css:
        tm += reste["majoration_hors_parcours"]
    couvrable = couvrables(d, amo, reste, j)
    restant = sum(couvrable.values(), ZERO)
    droit = _droit_borne(d, total, amo, tm, restant, j)
    amc = _limites(d, min(droit, restant), amo, p, j)
    regle = "Le plus petit du droit ouvert et de ce qui reste à payer"
    if d.contrat_responsable:
        regle += " (hors participation forfaitaire et franchise, jamais remboursées)"
    j.etape("amc", "Part de la complémentaire", regle, amc)
    couvert, disponible = {}, amc
    for part in PARTS_COUVRABLES:
        couvert[part] = min(disponible, couvrable[part])
        disponible -= couvert[part]
    return PartAMC(amc, couvert)
