"""Un séjour à l'hôpital : frais de séjour, ticket modérateur limité aux trente premiers jours,
forfait journalier imputé sur le ticket modérateur, participation sur les actes lourds.

Les règles (art. L.174-4, R.160-16 CSS ; fiche DREES/DSS « Reste à charge après AMO en
établissements de santé publics ») :
- le ticket modérateur porte sur les frais des trente premiers jours (`duree_ticket_moderateur_
  hospitalisation`) ; au-delà, l'Assurance Maladie paie tout, le forfait journalier reste dû ;
- le forfait journalier est dû chaque jour, jour de sortie compris (pas pour une journée sans
  nuit) ; quand le ticket modérateur est au moins égal aux forfaits des mêmes jours, les forfaits
  s'imputent sur lui : le patient paie le ticket modérateur et le forfait du jour de sortie ; sinon
  le ticket modérateur s'impute sur les forfaits : le patient ne paie que les forfaits ;
- avec un acte lourd, la participation forfaitaire remplace le ticket modérateur pour tout le
  séjour, et les forfaits s'y ajoutent (pas d'imputation) ;
- exonération du ticket modérateur (ALD, maternité, AT-MP, invalidité…) : l'Assurance Maladie paie
  les frais, les forfaits restent dus, sauf maternité et AT-MP, qu'elle paie aussi.
Le ticket modérateur au-delà de trente jours suppose un tarif journalier constant : les frais
saisis sont ceux de tout le séjour.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from .assurance_maladie import PARTS_BASE, PartAMO, exonerations_sejour, taux
from .demande import Demande
from .explication import Journal
from .formats import euros
from .monnaie import ZERO, arrondir, pourcentage


class Forfaits(NamedTuple):
    unitaire: Decimal
    jours: int  # jours soumis au ticket modérateur (au plus trente)
    apres: int  # jours au-delà
    sortie: int  # 1 si le jour de sortie est dû


def _forfaits(d: Demande, j: Journal) -> tuple[Forfaits, dict[str, Any]]:
    nom = "forfait_journalier_psychiatrie" if d.psychiatrie else "forfait_journalier"
    unitaire, ref = j.param(nom)
    limite, _ = j.param("duree_ticket_moderateur_hospitalisation")
    nuits = d.jours or 0
    return Forfaits(unitaire, min(nuits, int(limite)), max(nuits - int(limite), 0),
                    1 if nuits > 0 else 0), ref


def _ticket_moderateur(d: Demande, f: Forfaits, j: Journal) -> tuple[Decimal, Decimal]:
    """(ticket modérateur des trente premiers jours, taux appliqué)."""
    t = taux(d, j)
    tm_total = d.prix - pourcentage(d.prix, t.applique)
    nuits = d.jours or 0
    if nuits <= f.jours or tm_total == 0:
        return tm_total, t.applique
    tm = arrondir(tm_total * f.jours / nuits)
    j.etape("ticket_moderateur_30_jours", "Ticket modérateur limité aux premiers jours", f"Au-delà "
            f"de {f.jours} jours, l'Assurance Maladie paie tous les frais : le ticket modérateur "
            f"({euros(tm_total)} sur tout le séjour) ne porte que sur {f.jours} jours sur "
            f"{nuits}, à tarif journalier constant.", tm)
    return tm, t.applique


def _participation(d: Demande, exo_tm: str | None,
                   j: Journal) -> tuple[Decimal, dict[str, Any] | None, str | None]:
    """La participation sur les actes lourds d'un séjour (ou ce qui en exonère)."""
    if not d.acte_lourd or exo_tm:
        return ZERO, None, exo_tm
    pal, ref = j.param("participation_actes_lourds")
    return min(pal, d.prix), ref, None


def _repartir(d: Demande, f: Forfaits, tm: Decimal, pal: Decimal, exo_tm: str | None,
              exo_fj: str | None) -> tuple[dict[str, Decimal], Decimal, str]:
    """Ce qui reste au patient par nature, les forfaits facturés, et la règle appliquée."""
    fj_imputables = f.unitaire * f.jours
    fj_dus = f.unitaire * (f.jours + f.apres + f.sortie)
    laisse = dict.fromkeys(PARTS_BASE, ZERO)
    if exo_fj:
        return laisse, fj_dus, f"Frais de séjour et forfaits pris en charge ({exo_fj})"
    if exo_tm or pal:
        laisse["forfait_journalier"] = fj_dus
        laisse["participation_actes_lourds"] = pal
        return laisse, fj_dus, (
            "La participation sur les actes lourds remplace le ticket modérateur ; les forfaits "
            "journaliers s'y ajoutent" if pal else
            f"Ticket modérateur pris en charge ({exo_tm}) ; les forfaits journaliers restent dus")
    if tm >= fj_imputables:
        laisse["ticket_moderateur"] = tm
        laisse["forfait_journalier"] = fj_dus - fj_imputables
        return laisse, fj_dus - fj_imputables, (
            "Les forfaits des jours soumis au ticket modérateur s'imputent sur lui (art. L.174-4 "
            "CSS) : restent le ticket modérateur et les autres forfaits (jour de sortie, jours "
            "au-delà)")
    laisse["forfait_journalier"] = fj_dus
    return laisse, fj_dus, ("Le ticket modérateur, plus petit que les forfaits, s'impute sur eux "
                            "(art. L.174-4 "
                            "du code de la sécurité sociale) : restent les forfaits, jour de sortie compris")


def calculer(d: Demande, j: Journal) -> tuple[Decimal, PartAMO]:
    """(dépense, part de l'Assurance Maladie) d'un séjour dont la durée est connue."""
    f, ref = _forfaits(d, j)
    j.etape("frais_de_sejour", "Frais de séjour", f"Frais de {d.jours} jour(s) d'hospitalisation",
            d.prix)
    exo_tm, exo_fj = exonerations_sejour(d)
    tm, taux_applique = _ticket_moderateur(d, f, j)
    pal, ref_pal, exo_tm = _participation(d, exo_tm, j)
    laisse, facture, regle = _repartir(d, f, tm, pal, exo_tm, exo_fj)
    if d.acte_lourd and d.situation.alsace_moselle and not exo_tm:
        j.hypothese("Régime local d'Alsace-Moselle : le séjour est compté entièrement pris en "
                    "charge, participation sur les actes lourds comprise ; ce dernier point reste "
                    "à confirmer auprès de votre caisse.")
    nuits = d.jours or 0
    if nuits:
        j.etape("forfait_journalier", "Forfaits journaliers dus", f"{euros(f.unitaire)} × "
                f"{nuits + 1} jours, jour de sortie compris", f.unitaire * (nuits + 1),
                parametre=ref)
    else:
        j.etape("forfait_journalier", "Forfait journalier", "Pas de nuit à l'hôpital : pas de "
                "forfait journalier.", ZERO)
    if pal:
        j.etape("actes_lourds", "Participation sur les actes lourds", "Une fois pour le séjour, à "
                "la place du ticket modérateur (art. R.160-16 "
                "du code de la sécurité sociale)", pal, parametre=ref_pal)
    j.etape("imputation", "Forfaits journaliers facturés", regle, facture)
    total = d.prix + facture
    amo = total - sum(laisse.values(), ZERO)
    j.etape("amo_brut", "Remboursement avant retenues", "Frais de séjour et forfaits facturés, "
            "moins ce qui reste au patient", amo)
    return total, PartAMO(d.prix, taux_applique, amo, amo, laisse, laisse["ticket_moderateur"],
                          forfaits=facture)
