"""La part de l'Assurance Maladie avant retenues : dépense, base, taux, exonérations, hors
parcours, actes lourds. Chaque règle est une petite fonction qui écrit son étape au journal.

Les retenues (participation forfaitaire, franchise) sont dans `participations`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from .actes import SAISIE, base_par_defaut
from .demande import AT_MP, EXCEPTIONS_PARCOURS, MATERNITE, REGIMES, Demande, forfait_minore
from .explication import Journal
from .formats import euros
from .monnaie import ZERO, format_taux, pourcentage
from .parametres import TAUX_ALSACE_MOSELLE
from .participations import Plafonds

#: Parts de la base que l'Assurance Maladie laisse au patient, dans l'ordre où la complémentaire
#: les couvre ; les trois forfaits remplacent le ticket modérateur.
PARTS_BASE = ("ticket_moderateur", "participation_actes_lourds", "forfait_journalier",
              "forfait_patient_urgences", "majoration_hors_parcours")
PARTS_TICKET = PARTS_BASE[:4]


class Taux(NamedTuple):
    applique: Decimal
    reference: Decimal  # sans la pénalité hors parcours
    penalise: bool = False  # hors parcours, sans exception


class PartAMO(NamedTuple):
    base: Decimal
    taux: Decimal
    amo_brut: Decimal  # avant participation forfaitaire et franchise
    amo_reference: Decimal  # ce qu'elle paierait au taux normal (garanties « Sécu incluse »)
    laisse: dict[str, Decimal]  # part de la base laissée au patient, par nature (PARTS_BASE)
    ticket_moderateur: Decimal
    hors_parcours: bool = False  # hors parcours sans exception : le contrat responsable exclut
    forfaits: Decimal = ZERO  # facturés en plus de la base et comptés dans `laisse` (séjour)
    non_rembourse: Decimal = ZERO  # unités au-delà du nombre remboursé par an (hors base)


# --- dépense et base ----------------------------------------------------------------------------
def depense(d: Demande, j: Journal) -> Decimal:
    """Prix × quantité ; le prix limite de l'article (déjà contrôlé à la lecture) est rappelé."""
    acte = d.acte
    total = d.prix * d.quantite
    regle = f"{euros(d.prix)} × {d.quantite}" if d.quantite > 1 else "Prix facturé"
    ref = None
    if acte.prix_bareme:
        _, ref = j.param(acte.prix_bareme)
        regle = f"Montant fixé par le barème × {d.quantite}" if d.quantite > 1 else (
            "Montant fixé par le barème")
    j.etape("depense", "Dépense", regle, total, parametre=ref)
    if d.prix_limite is not None:
        _etape_prix_limite(d, j)
    return total


def _etape_prix_limite(d: Demande, j: Journal) -> None:
    acte = d.acte
    ref = None if acte.prix_limite == SAISIE or acte.prix_limite is None else \
        j.param(acte.prix_limite)[1]
    panier = "100 % Santé" if acte.panier_100_sante else "à tarif maîtrisé"
    if acte.limite_en_honoraires:
        libelle, regle = (f"Honoraires limites de facturation ({panier})", f"Un acte {panier} ne "
                          "peut pas être facturé plus cher : le prix saisi les respecte.")
    else:
        libelle = "Prix limite de vente 100 % Santé"
        regle = ("Le prix d'un équipement 100 % Santé ne peut dépasser ce montant"
                 + (" (lu sur le devis)." if ref is None else "."))
    j.etape("prix_limite", libelle, regle, d.prix_limite or ZERO, parametre=ref)


def unites_remboursees(d: Demande, p: Plafonds, j: Journal) -> int:
    """Les unités que l'Assurance Maladie rembourse : toutes, sauf au-delà du nombre d'actes
    remboursés par an (séances de psychologue)."""
    if not d.acte.nombre_par_an:
        return d.quantite
    maximum, ref = j.param(d.acte.nombre_par_an)
    reste = int(maximum) if p.unites_amo is None else p.unites_amo
    if d.quantite <= reste:
        return d.quantite
    j.plafond(f"{d.acte.libelle} : au plus {int(maximum)} par an remboursés par l'Assurance "
              f"Maladie ; {reste} encore remboursé(s) sur {d.quantite}.")
    j.etape("nombre_par_an", "Nombre remboursé par an", f"Au plus {int(maximum)} par an : "
            f"{reste} sur {d.quantite} remboursé(s) ; les autres restent à payer.",
            Decimal(reste), "nombre", ref)
    return reste


def base(d: Demande, total: Decimal, j: Journal, unites: int | None = None) -> Decimal:
    """La base de remboursement : indiquée, minorée, du secteur, ou le prix ; jamais plus que la
    dépense. `unites` : le nombre d'unités remboursées, si ce n'est pas la quantité."""
    acte = d.acte
    if not acte.rembourse:
        j.etape("base", "Base de remboursement", "L'Assurance Maladie ne rembourse pas ce soin : "
                "il n'a pas de base de remboursement.", ZERO)
        return ZERO
    ref = None
    if d.base_remboursement is not None:
        unitaire, regle = d.base_remboursement, "Base indiquée (feuille de soins ou devis)"
    elif acte.base_minoree and forfait_minore(d.situation):
        unitaire, ref = j.param(acte.base_minoree)
        regle = "Montant minoré pour une personne en ALD ou victime d'un AT-MP"
    else:
        nom = base_par_defaut(acte, d.secteur, d.situation.age) or acte.base
        if nom == "prix":
            unitaire, regle = d.prix, "La base est le prix facturé (tarif de l'acte)"
            j.hypothese("Base supposée égale au prix : si votre feuille de soins indique une autre "
                        "base, saisissez-la.")
        else:
            unitaire, ref = j.param(nom)
            regle = {
                "2_non_optam": "Base d'un médecin de secteur 2 sans OPTAM",
                "3": "Tarif d'autorité d'un médecin non conventionné (secteur 3)",
            }.get(d.secteur if nom in acte.bases_secteur.values() else "",
                  f"Tarif pour un enfant de {d.situation.age} an(s)"
                  if nom in dict(acte.bases_age).values() else "Tarif de l'acte dans le barème")
    unites = d.quantite if unites is None else unites
    resultat = unitaire * unites
    if unites > 1:
        regle += f", × {unites}"
    j.etape("base", "Base de remboursement", regle, resultat, parametre=ref)
    if resultat > total:
        j.etape("base_plafonnee", "Base retenue", "La base ne peut dépasser la dépense : le "
                "remboursement porte sur le prix payé.", total)
        return total
    return resultat


# --- taux ---------------------------------------------------------------------------------------
INVALIDITE = "pension d'invalidité"
RENTE_2_3 = "rente d'accident du travail ou de maladie professionnelle (incapacité d'au moins 2/3)"


def exoneration(d: Demande) -> str | None:
    """Motif d'une prise en charge à 100 % du ticket modérateur (ou d'un forfait), ou None."""
    sit, part = d.situation, d.acte.part_patient
    if part == "forfait_journalier":  # art. L.174-4 CSS ; le régime local le prend en charge
        return exoneration_forfait_journalier(d)
    if part == "forfait_patient_urgences":  # art. R.160-17-1 du code de la sécurité sociale
        return ("maternité" if sit.maternite else INVALIDITE if sit.invalidite else
                RENTE_2_3 if sit.at_mp_incapacite_2_3 else None)
    if sit.ald and (d.acte.categorie != "transport" or d.ald_deficience):
        return "affection de longue durée (soins liés à l'ALD)"
    if sit.maternite:
        return MATERNITE
    if sit.at_mp:
        return AT_MP
    if sit.invalidite:  # art. L.160-14 13° CSS, pour les soins du pensionné lui-même
        return INVALIDITE
    if sit.at_mp_incapacite_2_3:  # art. L.160-14 13° et R.371-1 du code de la sécurité sociale
        return RENTE_2_3
    return None


def exoneration_forfait_journalier(d: Demande) -> str | None:
    """Maternité et AT-MP (art. L.174-4 CSS) ; le régime local d'Alsace-Moselle le paie aussi."""
    sit = d.situation
    if sit.maternite:
        return "maternité"
    if sit.at_mp:
        return AT_MP
    return REGIMES["alsace_moselle"] if sit.alsace_moselle else None


def exonerations_sejour(d: Demande) -> tuple[str | None, str | None]:
    """Un séjour : (ce qui exonère du ticket modérateur, ce qui exonère du forfait journalier)."""
    forfait = exoneration_forfait_journalier(d)
    tm = exoneration(d)
    if tm is None and d.acte_lourd:
        tm = exonere_actes_lourds(d)
    return tm, forfait


def _transport_ald(d: Demande, j: Journal) -> None:
    """En ALD, un transport n'est à 100 % que si l'état de la personne le justifie."""
    if d.situation.ald and d.acte.categorie == "transport" and not d.ald_deficience:
        j.hypothese("En ALD, un transport n'est remboursé à 100 % que s'il est lié aux soins de "
                    "l'ALD et que la personne présente une incapacité ou une déficience prévue "
                    "par le référentiel de prescription (art. R.322-10 "
                    "du code de la sécurité sociale) : sans cette "
                    "condition, le taux normal s'applique.")


def sans_penalite(d: Demande) -> str | None:
    """Hors parcours, la raison qui écarte la pénalité (âge, accès direct, exception), ou None."""
    sit, acte = d.situation, d.acte
    if sit.age is not None and sit.age < 16:
        return "moins de 16 ans"
    if acte.acces_direct_ages and sit.age is not None:
        bas, haut = acte.acces_direct_ages
        if bas <= sit.age <= haut:
            return f"accès direct entre {bas} et {haut} ans"
    if d.exception_parcours:
        return EXCEPTIONS_PARCOURS[d.exception_parcours]
    return None


def taux(d: Demande, j: Journal) -> Taux:
    """Le taux de l'acte, 100 % en cas d'exonération, réduit hors parcours sans exception."""
    acte = d.acte
    if not acte.rembourse:
        return Taux(ZERO, ZERO)
    if d.taux_amo is not None:
        j.etape("taux", "Taux de l'Assurance Maladie", "Taux indiqué dans la demande",
                d.taux_amo, "pourcent")
        return Taux(d.taux_amo, d.taux_amo)
    motif = exoneration(d)
    if d.situation.ald:
        _transport_ald(d, j)
    if acte.taux is None:  # forfaits : l'Assurance Maladie n'en paie rien, sauf exonération
        return _taux_forfait(motif, j)
    normal, ref = _taux_du_regime(d, acte.taux, j)
    penalise = not d.parcours_coordonne and acte.soumis_au_parcours and sans_penalite(d) is None
    if motif:
        return _taux_exonere(motif, normal, penalise, j)
    if penalise:
        reduit, ref_hp = _taux_hors_parcours(d, acte.taux, normal, j)
        j.etape("taux", "Taux de l'Assurance Maladie", f"Hors parcours de soins coordonnés : le "
                f"taux passe de {format_taux(normal)} à {format_taux(reduit)}.", reduit,
                "pourcent", ref_hp)
        return Taux(reduit, normal, penalise=True)
    regle = "Taux de l'acte"
    if not d.parcours_coordonne and acte.soumis_au_parcours:
        regle += f" ; hors parcours sans pénalité ({sans_penalite(d)})"
    j.etape("taux", "Taux de l'Assurance Maladie", regle, normal, "pourcent", ref)
    return Taux(normal, normal)


def _taux_hors_parcours(d: Demande, nom: str, normal: Decimal,
                        j: Journal) -> tuple[Decimal, dict[str, Any]]:
    """Le taux réduit : celui du régime général ; en Alsace-Moselle, le taux du régime local
    diminué du même nombre de points que celui du régime général (hypothèse à confirmer)."""
    reduit, ref = j.param("taux_hors_parcours")
    if not d.situation.alsace_moselle:
        return reduit, ref
    general, _ = j.param(nom)
    j.hypothese(f"Régime local d'Alsace-Moselle hors parcours : le moteur diminue son taux "
                f"({format_taux(normal)}) de la même majoration qu'au régime général "
                f"({format_taux(general - reduit)} de la base) ; la règle exacte du régime local "
                "n'a pas été trouvée, à confirmer.")
    return normal - (general - reduit), ref


def _taux_exonere(motif: str, normal: Decimal, penalise: bool, j: Journal) -> Taux:
    """100 % ; mais hors parcours, une personne exonérée au titre de l'invalidité ou d'une rente
    d'au moins deux tiers supporte la majoration (art. R.160-6 du code de la sécurité sociale, 2e alinéa)."""
    valeur, ref_exo = j.param("taux_exoneration")
    if penalise and motif in (INVALIDITE, RENTE_2_3):
        reduit, _ = j.param("taux_hors_parcours")
        applique = valeur - (normal - reduit)
        j.etape("taux", "Taux de l'Assurance Maladie", f"Exonération du ticket modérateur "
                f"({motif}) ; hors parcours, la majoration reste due (art. R.160-6 "
                f"du code de la sécurité sociale) : "
                f"{format_taux(valeur)} moins {format_taux(normal - reduit)}.", applique,
                "pourcent", ref_exo)
        return Taux(applique, valeur, penalise=True)
    j.etape("taux", "Taux de l'Assurance Maladie", f"Exonération du ticket modérateur : {motif}",
            valeur, "pourcent", ref_exo)
    return Taux(valeur, valeur)


def _taux_du_regime(d: Demande, nom: str, j: Journal) -> tuple[Decimal, dict[str, Any]]:
    """Le taux de l'acte ; en Alsace-Moselle, le taux total avec le régime local s'il est connu."""
    if d.situation.alsace_moselle and nom in TAUX_ALSACE_MOSELLE:
        return j.param(TAUX_ALSACE_MOSELLE[nom])
    valeur, ref = j.param(nom)
    if d.situation.alsace_moselle and valeur < 100:
        j.hypothese("Régime local d'Alsace-Moselle : son complément n'est pas connu pour ce soin ; "
                    "le taux du régime général est appliqué (à confirmer).")
    return valeur, ref


def _taux_forfait(motif: str | None, j: Journal) -> Taux:
    if motif:
        valeur, ref = j.param("taux_exoneration")
        j.etape("taux", "Prise en charge du forfait", f"Exonération : {motif}", valeur,
                "pourcent", ref)
        return Taux(valeur, valeur)
    j.etape("taux", "Prise en charge du forfait", "Ce forfait reste à la charge du patient (ou "
            "de sa complémentaire).", ZERO, "pourcent")
    return Taux(ZERO, ZERO)


# --- actes lourds et majoration hors parcours -----------------------------------------------------
def exonere_actes_lourds(d: Demande) -> str | None:
    sit = d.situation
    for drapeau, motif in ((sit.ald, "ALD"), (sit.maternite, "maternité"),
                           (sit.at_mp, "AT-MP"), (sit.css, "Complémentaire santé solidaire"),
                           (sit.invalidite, INVALIDITE), (sit.at_mp_incapacite_2_3, RENTE_2_3)):
        if drapeau:
            return motif
    return None


def participation_actes_lourds(d: Demande, base_acte: Decimal,
                               j: Journal) -> tuple[Decimal, dict[str, Any]] | None:
    """La participation qui remplace le ticket modérateur au-delà du seuil, ou None."""
    if d.taux_amo is not None or not d.acte.rembourse:
        return None
    if d.acte.actes_lourds:
        seuil, _ = j.param("seuil_actes_lourds")
        if base_acte < seuil * d.quantite:
            return None
    elif not d.acte_lourd:
        return None
    return j.param("participation_actes_lourds")


def _imagerie_lourde(d: Demande, base_acte: Decimal, t: Taux, j: Journal) -> PartAMO | None:
    """Au-delà du seuil des actes lourds, la radiologie, l'IRM, le scanner et la TEP ne laissent
    rien au patient : ni ticket modérateur, ni participation (art. R.160-16 II CSS)."""
    if not d.acte.imagerie_lourde or d.taux_amo is not None:
        return None
    seuil, ref = j.param("seuil_actes_lourds")
    if base_acte < seuil * d.quantite:
        return None
    j.etape("imagerie_lourde", "Imagerie au-delà du seuil des actes lourds", f"À partir de "
            f"{euros(seuil)} de base, un examen d'imagerie est pris en charge sans "
            "participation : l'Assurance Maladie paie toute la base (art. R.160-16 II "
            "du code de la sécurité sociale).",
            base_acte, parametre=ref)
    return PartAMO(base_acte, t.applique, base_acte, base_acte, dict.fromkeys(PARTS_BASE, ZERO),
                   ZERO)


def _avec_acte_lourd(d: Demande, base_acte: Decimal, t: Taux, forfait: Decimal,
                     ref: dict[str, Any], j: Journal) -> PartAMO:
    laisse = dict.fromkeys(PARTS_BASE, ZERO)
    exo = exonere_actes_lourds(d)
    if exo:
        amo_brut = base_acte
        j.etape("actes_lourds", "Acte lourd", f"La participation sur les actes lourds n'est pas "
                f"due ({exo}) : l'Assurance Maladie paie toute la base.", amo_brut, parametre=ref)
    else:
        forfait = min(forfait, base_acte)
        amo_brut = base_acte - forfait
        laisse["participation_actes_lourds"] = forfait
        j.etape("actes_lourds", "Participation sur les actes lourds", "Au-delà du seuil des actes "
                "lourds, l'Assurance Maladie paie toute la base moins cette participation, qui "
                "remplace le ticket modérateur.", forfait, parametre=ref)
    return PartAMO(base_acte, t.applique, amo_brut, amo_brut, laisse, ZERO)


def majoration_plafonnee(d: Demande, majoration: Decimal, j: Journal) -> Decimal:
    """La baisse hors parcours ne dépasse pas le taux de la majoration appliqué au tarif de la
    consultation de référence (art. R.160-6 CSS), pour une consultation comme pour un acte."""
    taux_max, ref_max = j.param("plafond_majoration_hors_parcours")
    tarif_g, _ = j.param("consultation_generaliste")
    plafond = pourcentage(tarif_g, taux_max) * d.quantite
    if majoration <= plafond:
        return majoration
    j.etape("majoration_plafonnee", "Majoration plafonnée", f"La baisse hors parcours ne dépasse "
            f"pas {format_taux(taux_max)} du tarif de la consultation du généraliste "
            f"({euros(tarif_g)}), soit {euros(plafond)}, au lieu de {euros(majoration)}.",
            plafond, parametre=ref_max)
    return plafond


def _etapes_amo(d: Demande, base_acte: Decimal, t: Taux, amo_brut: Decimal, tm: Decimal,
                majoration: Decimal, j: Journal) -> None:
    if t.penalise:
        regle = (f"Base × taux normal ({euros(base_acte)} × {format_taux(t.reference)}), moins la "
                 "majoration hors parcours")
    else:
        regle = (f"Base × taux ({euros(base_acte)} × {format_taux(t.applique)}), arrondi au "
                 "centime")
    j.etape("amo_brut", "Remboursement avant retenues", regle, amo_brut)
    if tm > 0:
        j.etape("ticket_moderateur", "Ticket modérateur", "Base − remboursement au taux normal : "
                "la part de la base que l'Assurance Maladie laisse", tm)
    if majoration > 0:
        j.etape("majoration", "Majoration hors parcours", "Ce que la pénalité hors parcours "
                "retire au remboursement ; un contrat responsable ne la rembourse pas",
                majoration)


def calculer(d: Demande, total: Decimal, j: Journal, p: Plafonds | None = None) -> PartAMO:
    """La part de l'Assurance Maladie avant retenues, et ce qu'elle laisse de la base."""
    unites = unites_remboursees(d, p or Plafonds(), j)
    non_rembourse = d.prix * (d.quantite - unites)
    base_acte = base(d, total - non_rembourse, j, unites)
    t = taux(d, j)
    lourd = participation_actes_lourds(d, base_acte, j)
    if lourd is not None:
        return _avec_acte_lourd(d, base_acte, t, *lourd, j)
    imagerie = _imagerie_lourde(d, base_acte, t, j)
    if imagerie is not None:
        return imagerie
    amo_reference = pourcentage(base_acte, t.reference)
    majoration = amo_reference - pourcentage(base_acte, t.applique)
    if t.penalise:
        majoration = majoration_plafonnee(d, majoration, j)
    amo_brut = amo_reference - majoration
    laisse = dict.fromkeys(PARTS_BASE, ZERO)
    part = base_acte - amo_reference
    laisse[d.acte.part_patient] = part
    laisse["majoration_hors_parcours"] = majoration
    tm = part if d.acte.part_patient == "ticket_moderateur" else ZERO
    if d.acte.rembourse:
        _etapes_amo(d, base_acte, t, amo_brut, tm, majoration, j)
    return PartAMO(base_acte, t.applique, amo_brut, amo_reference, laisse, tm, t.penalise,
                   non_rembourse=non_rembourse)
