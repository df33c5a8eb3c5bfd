"""Estimer le droit à la Complémentaire santé solidaire (CSS) : gratuite, avec participation, ou non.

Règles (art. L.861-1, R.861-3 à R.861-7 CSS) : les ressources du foyer sur douze mois, augmentées
d'un forfait logement pour qui est hébergé gratuitement, propriétaire ou aidé pour son logement,
se comparent à deux plafonds qui dépendent du nombre de personnes du foyer (majorés outre-mer) ;
sous le premier, la CSS est gratuite ; sous le second, elle coûte une participation mensuelle par
personne selon son âge au 1er janvier. C'est une estimation : la caisse compte les ressources
exactes (certaines en sont exclues) sur une période précise.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from . import saisie
from .baremes import Baremes
from .demande import REGIMES
from .erreurs import ErreurSaisie
from .explication import Journal
from .formats import date_fr, euros
from .monnaie import ZERO, en_texte, pourcentage
from .parametres import DEBUT_CSS, TAILLES_FOYER_CSS, TRANCHES_CSS

CLES = {"date", "personnes", "zone", "ressources", "logement", "aide_logement_mensuelle",
        "regime"}
ZONES = {"metropole": "métropole", "outre_mer": "départements d'outre-mer"}
LOGEMENTS = {
    "locataire": "locataire sans aide au logement",
    "aide_au_logement": "bénéficiaire d'une aide au logement",
    "heberge_gratuitement": "hébergé gratuitement",
    "proprietaire": "propriétaire de son logement",
}
PERSONNES_MAX = 12
RESSOURCES_MAX = Decimal(10_000_000)


class Foyer(NamedTuple):
    jour: dt.date
    ages: tuple[int, ...]
    zone: str
    ressources: Decimal
    logement: str
    aide_logement: Decimal | None
    regime: str


def lire(brute: Any) -> Foyer:
    """La demande contrôlée ; ErreurSaisie en français qui nomme le champ."""
    saisie.objet(brute, "demande", '{"personnes": [{"age": 35}], "ressources": "12000"}')
    saisie.refuser_inconnus(brute, CLES)
    jour = saisie.date_iso(brute["date"], "date", DEBUT_CSS) if saisie.present(brute, "date") \
        else dt.date.today()
    personnes = saisie.liste(brute.get("personnes"), "personnes", PERSONNES_MAX,
                             "La liste des personnes du foyer", '[{"age": 35}, {"age": 8}]')
    if not personnes:
        raise ErreurSaisie("personnes", "Indiquez au moins une personne dans le foyer.")
    ages = tuple(saisie.entier(saisie.objet(p, f"personnes[{i}]", '{"age": 35}').get("age"),
                               f"personnes[{i}].age", 0, 130, "L'âge")
                 for i, p in enumerate(personnes))
    aide = None
    if saisie.present(brute, "aide_logement_mensuelle"):
        aide = saisie.montant(brute["aide_logement_mensuelle"], "aide_logement_mensuelle",
                              maximum=Decimal(10_000), nom="L'aide au logement mensuelle")
    return Foyer(
        jour, ages,
        saisie.identifiant(brute.get("zone") or "metropole", "zone", ZONES, "Zone inconnue"),
        saisie.montant(brute.get("ressources"), "ressources", maximum=RESSOURCES_MAX,
                       nom="Le total des ressources annuelles"),
        saisie.identifiant(brute.get("logement") or "locataire", "logement", LOGEMENTS,
                           "Situation de logement inconnue"),
        aide,
        saisie.identifiant(brute.get("regime") or "general", "regime", REGIMES,
                           "Régime inconnu"))


def _plafond(f: Foyer, genre: str, j: Journal) -> Decimal:
    """Le plafond du foyer : grille publiée jusqu'à quatre personnes, puis par personne en plus ;
    outre-mer, la majoration, arrondie à l'euro."""
    n = len(f.ages)
    base, ref = j.param(f"plafond_css_{genre}_{TAILLES_FOYER_CSS[min(n, 4) - 1]}")
    plafond = base
    if n > 4:
        sup, _ = j.param(f"plafond_css_{genre}_personne_sup")
        plafond += sup * (n - 4)
    if f.zone == "outre_mer":
        taux, _ = j.param("majoration_css_outre_mer")
        plafond = (plafond * (100 + taux) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if genre == "gratuite":
        _plafonds_anciens(f, ref, j)
    quoi = "gratuite" if genre == "gratuite" else "avec participation"
    j.etape(f"plafond_{genre}", f"Plafond de la CSS {quoi}", f"Foyer de {n} personne(s), "
            f"{ZONES[f.zone]}" + (" (plafond de métropole majoré)" if f.zone == "outre_mer"
                                  else ""), plafond, parametre=ref)
    return plafond


def _un_an_apres(depuis: dt.date) -> dt.date:
    try:
        return depuis.replace(year=depuis.year + 1)
    except ValueError:  # un 29 février
        return depuis.replace(year=depuis.year + 1, day=28)


def plafonds_anciens_le(jour: dt.date, baremes: Baremes) -> dt.date:
    """Le jour où les plafonds en vigueur au `jour` ont un an : l'estimation dit alors qu'ils ne
    sont peut-être plus à jour. Le site le compte parmi les dates qui changent un résultat sans
    nouvelle valeur de barème (site_macros/fraicheur.py)."""
    nom = f"plafond_css_gratuite_{TAILLES_FOYER_CSS[0]}"
    return _un_an_apres(baremes.parametres[nom].a_la_date(jour).depuis)


def _plafonds_anciens(f: Foyer, ref: dict[str, Any], j: Journal) -> None:
    """Les plafonds sont revalorisés chaque 1er avril : passé un an, le barème n'est pas à jour."""
    depuis = dt.date.fromisoformat(ref["depuis"])
    if f.jour >= _un_an_apres(depuis):
        j.hypothese(f"Les plafonds revalorisés après le {date_fr(depuis)} ne sont pas encore "
                    "dans le barème du site : ceux de cette date sont utilisés, à confirmer "
                    "auprès de votre caisse.")


def _forfait_logement(f: Foyer, j: Journal) -> Decimal:
    """Le forfait logement annuel ajouté aux ressources (en % du RSA du foyer)."""
    if f.logement == "locataire":
        return ZERO
    n = min(len(f.ages), 3)
    rsa, ref_rsa = j.param("rsa_montant_forfaitaire")
    coefficient = Decimal(1) if n == 1 else j.param(f"rsa_coefficient_{n}_personnes")[0]
    aide = "avec_aide" if f.logement == "aide_au_logement" else "sans_aide"
    taux, _ = j.param(f"forfait_logement_css_{aide}_{n}")
    mensuel = pourcentage(rsa * coefficient, taux)
    if f.aide_logement is not None and aide == "avec_aide":
        mensuel = min(mensuel, f.aide_logement)
    annuel = mensuel * 12
    j.etape("forfait_logement", "Forfait logement", f"{LOGEMENTS[f.logement].capitalize()} : "
            f"{euros(mensuel)} par mois ajoutés aux ressources (part du RSA du foyer)", annuel,
            parametre=ref_rsa)
    return annuel


def _participation(f: Foyer, j: Journal) -> Decimal:
    """La participation mensuelle : une somme par personne selon son âge au 1er janvier."""
    regime = "alsace_moselle_" if f.regime == "alsace_moselle" else ""
    total = ZERO
    for age in f.ages:
        suffixe = next(s for maximum, s in TRANCHES_CSS if age <= maximum)
        montant, _ = j.param(f"participation_css_{regime}{suffixe}")
        total += montant
    j.etape("participation", "Participation mensuelle", f"Selon l'âge de chacun au 1er janvier "
            f"({', '.join(str(a) for a in f.ages)} ans)" + (", barème de l'Alsace-Moselle"
                                                            if regime else ""), total)
    return total


def estimer(brute: Any, baremes: Baremes) -> dict[str, Any]:
    """L'estimation : {resultat, plafond, participation_mensuelle, etapes, hypotheses…}."""
    f = lire(brute)
    j = Journal(baremes, f.jour)
    j.hypothese(f"Barème en vigueur le {date_fr(f.jour)}.")
    j.hypothese("Estimation : la caisse retient les ressources de tout le foyer sur les douze "
                "mois qui précèdent l'avant-dernier mois de la demande, et en exclut certaines "
                "(aides au logement, prestations familiales à caractère particulier…).")
    j.hypothese("Les âges sont ceux du 1er janvier de l'année de la demande.")
    if f.zone == "outre_mer":
        j.hypothese("Outre-mer : plafond calculé à partir de celui de métropole (un euro d'écart "
                    "possible avec la grille publiée).")
    j.etape("ressources", "Ressources déclarées", "Ressources annuelles du foyer", f.ressources)
    retenues = f.ressources + _forfait_logement(f, j)
    j.etape("ressources_retenues", "Ressources retenues", "Ressources et forfait logement",
            retenues)
    gratuite = _plafond(f, "gratuite", j)
    payante = _plafond(f, "participation", j)
    participation = ZERO
    if retenues <= gratuite:
        resultat, plafond = "gratuite", gratuite
    elif retenues <= payante:
        resultat, plafond = "avec_participation", payante
        participation = _participation(f, j)
    else:
        resultat, plafond = "non", payante
    j.etape("resultat", "Estimation", {"gratuite": "Ressources sous le premier plafond : CSS "
                                       "gratuite",
                                       "avec_participation": "Ressources entre les deux plafonds "
                                       ": CSS avec une participation",
                                       "non": "Ressources au-dessus du second plafond : pas de "
                                       "CSS"}[resultat], plafond)
    return {"resultat": resultat, "plafond": en_texte(plafond),
            "plafond_gratuite": en_texte(gratuite), "plafond_participation": en_texte(payante),
            "ressources_retenues": en_texte(retenues),
            "participation_mensuelle": en_texte(participation),
            "date": f.jour.isoformat(), "personnes": len(f.ages), "etapes": j.etapes,
            "hypotheses": j.hypotheses}
