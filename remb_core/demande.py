"""Lecture et contrôle d'une demande de simulation (JSON → valeurs typées).

Tout défaut lève ErreurSaisie avec le nom du champ et un message en français : le moteur ne
renvoie jamais un chiffre calculé sur une saisie douteuse. Chaque valeur passe par le contrôle
de son type (`saisie`) ; ce module n'ajoute que ce qui dépend de l'acte et des barèmes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from . import saisie
from .actes import SECTEURS, Acte
from .baremes import DEBUT, Baremes
from .erreurs import ErreurSaisie
from .formats import euros

CLES = {"acte", "prix", "quantite", "date", "base_remboursement", "taux_amo", "secteur",
        "parcours_coordonne", "exception_parcours", "situation", "participation_forfaitaire",
        "garantie", "contrat_responsable", "acte_lourd"}
CLES_SITUATION = {"age", "ald", "maternite", "at_mp", "css"}
EXCEPTIONS_PARCOURS = {
    "acces_direct": "spécialiste en accès direct",
    "urgence": "urgence",
    "eloignement": "loin de chez soi",
    "remplacant": "médecin remplaçant du médecin traitant",
}
CLES_GARANTIE = {
    "pourcentage_br": {"forme", "taux", "secu_incluse", "plafond"},
    "forfait": {"forme", "montant", "plafond"},
    "pourcentage_pmss": {"forme", "taux", "plafond"},
    "frais_reels": {"forme", "plafond"},
    "ticket_moderateur": {"forme", "plafond"},
    "aucune": {"forme"},
}
FORMES = set(CLES_GARANTIE)
#: Plafonds de vraisemblance, par champ (une facture, une base, une garantie).
PRIX_MAX = Decimal(1_000_000)
GARANTIE_MAX = Decimal(100_000)
PARTICIPATION_MAX = Decimal(100)
QUANTITE_MAX = 1000
TAUX_GARANTIE_MAX = 1000
EXEMPLE_GARANTIE = '{"forme": "pourcentage_br", "taux": 150}'


class Situation(NamedTuple):
    age: int | None = None
    ald: bool = False
    maternite: bool = False
    at_mp: bool = False
    css: bool = False

    @property
    def mineur(self) -> bool:
        return self.age is not None and self.age < 18


class Garantie(NamedTuple):
    forme: str = "aucune"
    taux: Decimal | None = None
    secu_incluse: bool = True
    montant: Decimal | None = None
    plafond: Decimal | None = None
    css: bool = False

    def en_dict(self) -> dict[str, Any]:
        resultat: dict[str, Any] = {"forme": self.forme}
        if self.taux is not None:
            resultat["taux"] = str(self.taux)
        if self.forme == "pourcentage_br":
            resultat["secu_incluse"] = self.secu_incluse
        if self.montant is not None:
            resultat["montant"] = str(self.montant)
        if self.plafond is not None:
            resultat["plafond"] = str(self.plafond)
        return resultat


class Demande(NamedTuple):
    """Une demande contrôlée (un tuple nommé : immuable, et rapide à construire)."""

    acte: Acte
    prix: Decimal
    quantite: int
    date: dt.date
    secteur: str
    parcours_coordonne: bool
    exception_parcours: str | None
    situation: Situation
    garantie: Garantie
    contrat_responsable: bool
    acte_lourd: bool
    base_remboursement: Decimal | None = None
    taux_amo: Decimal | None = None
    participation_forfaitaire: Decimal | None = None


def lire_situation(brute: Any, champ: str = "situation") -> Situation:
    if brute is None:
        return Situation()
    saisie.objet(brute, champ, '{"age": 40, "ald": false, …}')
    saisie.refuser_inconnus(brute, CLES_SITUATION, champ)
    age = None
    if saisie.present(brute, "age"):
        age = saisie.entier(brute["age"], f"{champ}.age", 0, 130, "L'âge")
    drapeaux = {cle: saisie.booleen(brute.get(cle, False), f"{champ}.{cle}")
                for cle in ("ald", "maternite", "at_mp", "css")}
    return Situation(age=age, **drapeaux)


def lire_garantie(brute: Any, champ: str = "garantie") -> Garantie:
    if brute is None:
        return Garantie()
    saisie.objet(brute, champ, EXEMPLE_GARANTIE)
    forme = brute.get("forme")
    if not isinstance(forme, str) or forme not in FORMES:
        raise ErreurSaisie(f"{champ}.forme", f"Forme de garantie inconnue « "
                           f"{saisie.apercu(forme)} » (formes permises : "
                           + ", ".join(sorted(FORMES)) + ").")
    inconnues = sorted(str(k) for k in brute if k not in CLES_GARANTIE[forme])
    if inconnues:
        raise ErreurSaisie(f"{champ}.{saisie.apercu(inconnues[0])}",
                           f"Champ sans objet pour une garantie « {forme} ».")
    valeurs: dict[str, Any] = {"forme": forme}
    if forme in ("pourcentage_br", "pourcentage_pmss"):
        valeurs["taux"] = saisie.taux(brute.get("taux"), f"{champ}.taux", nom="Le taux de la "
                                      "garantie", maximum=TAUX_GARANTIE_MAX
                                      if forme == "pourcentage_br" else 100)
    if forme == "pourcentage_br":
        valeurs["secu_incluse"] = saisie.booleen(brute.get("secu_incluse", True),
                                                 f"{champ}.secu_incluse")
    elif forme == "forfait":
        valeurs["montant"] = saisie.montant(brute.get("montant"), f"{champ}.montant",
                                            maximum=GARANTIE_MAX, nom="Le montant du forfait")
    if brute.get("plafond") is not None:
        valeurs["plafond"] = saisie.montant(brute["plafond"], f"{champ}.plafond",
                                            maximum=PRIX_MAX, nom="Le plafond")
    return Garantie(**valeurs)


def _prix(brute: dict[str, Any], acte: Acte, jour: dt.date, situation: Situation,
          baremes: Baremes) -> Decimal:
    """Le prix facturé, ou le montant que fixe le barème (forfaits : le prix doit rester vide)."""
    if not acte.prix_bareme:
        return saisie.montant(brute.get("prix"), "prix", maximum=PRIX_MAX, nom="Le prix")
    nom = acte.base_minoree if acte.base_minoree and (situation.ald or situation.at_mp) \
        else acte.prix_bareme
    attendu = baremes.valeur(nom, jour).valeur
    if saisie.present(brute, "prix"):
        donne = saisie.montant(brute["prix"], "prix", maximum=PRIX_MAX, nom="Le prix")
        if donne != attendu:
            raise ErreurSaisie("prix", f"{acte.libelle} : ce montant est fixé par le barème "
                               f"({euros(attendu)} au {jour.strftime('%d/%m/%Y')}) ; laissez le "
                               "prix vide.")
    return attendu


def _secteur(brute: dict[str, Any], acte: Acte) -> str:
    secteur = brute.get("secteur", "1")
    if isinstance(secteur, int) and not isinstance(secteur, bool):
        secteur = str(secteur)
    if secteur == "2":
        raise ErreurSaisie("secteur", "Précisez « 2_optam » ou « 2_non_optam » : la base et la "
                           "prise en charge des dépassements en dépendent.")
    secteur = saisie.identifiant(secteur, "secteur", SECTEURS, "Secteur inconnu")
    if secteur != "1" and not acte.a_secteurs:
        raise ErreurSaisie("secteur", "Le secteur ne concerne que les médecins ; pour cet acte, "
                           "laissez le secteur 1.")
    return secteur


def _exception(brute: dict[str, Any], parcours: bool) -> str | None:
    exception = brute.get("exception_parcours")
    if exception in ("", None):
        return None
    if not isinstance(exception, str) or exception not in EXCEPTIONS_PARCOURS:
        raise ErreurSaisie("exception_parcours", f"Exception inconnue « "
                           f"{saisie.apercu(exception)} » (permises : "
                           + ", ".join(EXCEPTIONS_PARCOURS) + ").")
    if parcours:
        raise ErreurSaisie("exception_parcours", "Une exception au parcours de soins n'a de sens "
                           "que hors parcours (parcours_coordonne = false).")
    return exception


def _garantie(brute: dict[str, Any], situation: Situation) -> Garantie:
    garantie = lire_garantie(brute.get("garantie"))
    if not situation.css:
        return garantie
    if garantie.forme != "aucune":
        raise ErreurSaisie("garantie", "La Complémentaire santé solidaire tient lieu de "
                           "complémentaire : n'indiquez pas d'autre garantie.")
    return Garantie(forme="ticket_moderateur", css=True)


def _base(brute: dict[str, Any], acte: Acte, secteur: str) -> Decimal | None:
    if saisie.present(brute, "base_remboursement"):
        if not acte.rembourse:
            raise ErreurSaisie("base_remboursement", f"{acte.libelle} : l'Assurance Maladie ne "
                               "rembourse pas cet acte, il n'a pas de base.")
        return saisie.montant(brute["base_remboursement"], "base_remboursement",
                              maximum=PRIX_MAX, nom="La base de remboursement")
    if acte.base == "saisie":
        raise ErreurSaisie("base_remboursement", f"{acte.libelle} : indiquez la base de "
                           "remboursement lue sur la feuille de soins ou le devis.")
    if acte.base == "prix" and secteur != "1":
        raise ErreurSaisie("base_remboursement", "Hors secteur 1, le prix peut dépasser la base : "
                           "indiquez la base de remboursement lue sur la feuille de soins.")
    return None


def _surcharges(brute: dict[str, Any], acte: Acte) -> tuple[Decimal | None, Decimal | None]:
    """Le taux et la participation forfaitaire imposés par la demande, s'il y en a."""
    taux_amo = pf = None
    if saisie.present(brute, "taux_amo"):
        if not acte.rembourse:
            raise ErreurSaisie("taux_amo", f"{acte.libelle} : l'Assurance Maladie ne rembourse "
                               "pas cet acte.")
        taux_amo = saisie.taux(brute["taux_amo"], "taux_amo",
                               nom="Le taux de l'Assurance Maladie")
    if saisie.present(brute, "participation_forfaitaire"):
        pf = saisie.montant(brute["participation_forfaitaire"], "participation_forfaitaire",
                            maximum=PARTICIPATION_MAX, nom="La participation forfaitaire")
    return taux_amo, pf


def lire(brute: Any, baremes: Baremes) -> Demande:
    """Contrôle la demande ; lève ErreurSaisie (champ + message) au premier défaut."""
    if not isinstance(brute, dict):
        raise ErreurSaisie("demande", "La demande doit être un objet JSON.")
    saisie.refuser_inconnus(brute, CLES)
    if not saisie.present(brute, "acte"):
        raise ErreurSaisie("acte", "Choisissez un acte (par exemple consultation_generaliste).")
    actes = baremes.catalogue.actes
    acte = actes[saisie.identifiant(brute["acte"], "acte", actes, "Acte inconnu")]
    jour = saisie.date_iso(brute["date"], "date", DEBUT) if saisie.present(brute, "date") \
        else dt.date.today()
    quantite = saisie.entier(brute.get("quantite", 1), "quantite", 1, QUANTITE_MAX,
                             "La quantité")
    situation = lire_situation(brute.get("situation"))
    prix = _prix(brute, acte, jour, situation, baremes)
    secteur = _secteur(brute, acte)
    parcours = saisie.booleen(brute.get("parcours_coordonne", True), "parcours_coordonne")
    exception = _exception(brute, parcours)
    garantie = _garantie(brute, situation)
    if acte.age_max is not None and situation.age is not None and situation.age > acte.age_max:
        raise ErreurSaisie("situation.age", f"{acte.libelle} : l'Assurance Maladie ne la prend en "
                           f"charge que si le traitement commence avant {acte.age_max + 1} ans.")
    base = _base(brute, acte, secteur)
    taux_amo, pf = _surcharges(brute, acte)
    acte_lourd = saisie.booleen(brute.get("acte_lourd", False), "acte_lourd")
    if acte_lourd and not acte.frais_de_sejour:
        raise ErreurSaisie("acte_lourd", "Ce choix ne concerne que les frais de séjour ; pour un "
                           "acte technique, la règle s'applique d'elle-même selon sa base.")
    return Demande(
        acte=acte, prix=prix, quantite=quantite, date=jour, secteur=secteur,
        parcours_coordonne=parcours, exception_parcours=exception, situation=situation,
        garantie=garantie,
        contrat_responsable=saisie.booleen(brute.get("contrat_responsable", True),
                                           "contrat_responsable"),
        acte_lourd=acte_lourd, base_remboursement=base, taux_amo=taux_amo,
        participation_forfaitaire=pf,
    )
