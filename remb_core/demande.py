"""Lecture et contrôle d'une demande de simulation (JSON → valeurs typées).

Tout défaut lève ErreurSaisie avec le nom du champ et un message en français : le moteur
ne renvoie jamais un chiffre calculé sur une saisie douteuse.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from . import baremes as _baremes
from .actes import SECTEURS, Acte, catalogue
from .erreurs import ErreurSaisie
from .monnaie import decimal_de, format_euros

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
FORMES = {"pourcentage_br", "forfait", "pourcentage_pmss", "frais_reels", "ticket_moderateur",
          "aucune"}
CLES_GARANTIE = {
    "pourcentage_br": {"forme", "taux", "secu_incluse", "plafond"},
    "forfait": {"forme", "montant", "plafond"},
    "pourcentage_pmss": {"forme", "taux", "plafond"},
    "frais_reels": {"forme", "plafond"},
    "ticket_moderateur": {"forme", "plafond"},
    "aucune": {"forme"},
}
PRIX_MAX = Decimal("1000000")
QUANTITE_MAX = 1000
DATE_MAX = dt.date(2100, 12, 31)
EXEMPLE_MONTANT = "par exemple 60 ou 60,50"


@dataclass(frozen=True)
class Situation:
    age: int | None = None
    ald: bool = False
    maternite: bool = False
    at_mp: bool = False
    css: bool = False

    @property
    def mineur(self) -> bool:
        return self.age is not None and self.age < 18


@dataclass(frozen=True)
class Garantie:
    forme: str = "aucune"
    taux: Decimal | None = None
    secu_incluse: bool = True
    montant: Decimal | None = None
    plafond: Decimal | None = None
    css: bool = False

    def en_dict(self) -> dict:
        resultat = {"forme": self.forme}
        if self.taux is not None:
            resultat["taux"] = str(self.taux)
        if self.forme == "pourcentage_br":
            resultat["secu_incluse"] = self.secu_incluse
        if self.montant is not None:
            resultat["montant"] = str(self.montant)
        if self.plafond is not None:
            resultat["plafond"] = str(self.plafond)
        return resultat


@dataclass(frozen=True)
class Demande:
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
    brute: dict = field(default_factory=dict, compare=False)


def refuser_inconnus(brute: dict, permis, prefixe: str = "") -> None:
    """Un champ inconnu est une faute de frappe probable : on la signale plutôt que l'ignorer."""
    inconnus = sorted(set(brute) - set(permis))
    if inconnus:
        champ = f"{prefixe}.{inconnus[0]}" if prefixe else inconnus[0]
        raise ErreurSaisie(champ, "Champ inconnu (champs permis : " + ", ".join(sorted(permis))
                           + ").")


def montant(valeur, champ: str, *, maximum: Decimal = PRIX_MAX, nom: str = "Le montant") -> Decimal:
    """Un montant positif en euros, au plus au centime ; « 26,50 » est accepté."""
    if isinstance(valeur, bool):
        raise ErreurSaisie(champ, f"{nom} doit être un montant en euros, {EXEMPLE_MONTANT}.")
    if valeur is None or valeur == "":
        raise ErreurSaisie(champ, f"{nom} est obligatoire ({EXEMPLE_MONTANT}).")
    try:
        resultat = decimal_de(valeur)
    except ValueError:
        raise ErreurSaisie(champ, f"{nom} doit être un montant positif, {EXEMPLE_MONTANT} "
                           f"(reçu : « {valeur} »).") from None
    if resultat < 0:
        raise ErreurSaisie(champ, f"{nom} doit être un montant positif, {EXEMPLE_MONTANT}.")
    if resultat != resultat.quantize(Decimal("0.01")):
        raise ErreurSaisie(champ, f"{nom} s'écrit au centime près (au plus deux décimales).")
    if resultat > maximum:
        raise ErreurSaisie(champ, f"{nom} paraît invraisemblable (plus de "
                           f"{format_euros(maximum, decimales=False)}).")
    return resultat


def taux(valeur, champ: str, maximum: int = 100, nom: str = "Le taux") -> Decimal:
    if isinstance(valeur, bool) or valeur is None or valeur == "":
        raise ErreurSaisie(champ, f"{nom} est obligatoire (en pourcentage, par exemple 70).")
    try:
        resultat = decimal_de(valeur)
    except ValueError:
        raise ErreurSaisie(champ, f"{nom} doit être un pourcentage, par exemple 70 "
                           f"(reçu : « {valeur} »).") from None
    if resultat < 0 or resultat > maximum:
        raise ErreurSaisie(champ, f"{nom} doit être compris entre 0 et {maximum} %.")
    return resultat


def booleen(valeur, champ: str) -> bool:
    if not isinstance(valeur, bool):
        raise ErreurSaisie(champ, f"Ce champ vaut true ou false (reçu : « {valeur} »).")
    return valeur


def entier(valeur, champ: str, minimum: int, maximum: int, nom: str) -> int:
    if isinstance(valeur, str) and valeur.strip().isdigit():
        valeur = int(valeur.strip())
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        raise ErreurSaisie(champ, f"{nom} doit être un nombre entier (reçu : « {valeur} »).")
    if not minimum <= valeur <= maximum:
        raise ErreurSaisie(champ, f"{nom} doit aller de {minimum} à {maximum}.")
    return valeur


def date_iso(valeur, champ: str = "date") -> dt.date:
    if isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime):
        jour = valeur
    else:
        try:
            jour = dt.date.fromisoformat(str(valeur).strip())
        except ValueError:
            raise ErreurSaisie(champ, f"La date s'écrit AAAA-MM-JJ, par exemple 2026-03-15 "
                               f"(reçu : « {valeur} »).") from None
    if jour < _baremes.DEBUT:
        raise ErreurSaisie(champ, f"Les barèmes commencent le {_baremes.DEBUT.strftime('%d/%m/%Y')}"
                           " : choisissez une date postérieure.")
    if jour > DATE_MAX:
        raise ErreurSaisie(champ, "Cette date est trop lointaine.")
    return jour


def lire_situation(brute, champ: str = "situation") -> Situation:
    if brute is None:
        return Situation()
    if not isinstance(brute, dict):
        raise ErreurSaisie(champ, "La situation s'écrit {\"age\": 40, \"ald\": false, …}.")
    refuser_inconnus(brute, CLES_SITUATION, champ)
    age = brute.get("age")
    if age is not None and age != "":
        age = entier(age, f"{champ}.age", 0, 130, "L'âge")
    else:
        age = None
    drapeaux = {cle: booleen(brute.get(cle, False), f"{champ}.{cle}")
                for cle in ("ald", "maternite", "at_mp", "css")}
    return Situation(age=age, **drapeaux)


def lire_garantie(brute, champ: str = "garantie") -> Garantie:
    if brute is None:
        return Garantie()
    if not isinstance(brute, dict):
        raise ErreurSaisie(champ, "La garantie s'écrit {\"forme\": \"pourcentage_br\", "
                           "\"taux\": 150}.")
    forme = brute.get("forme")
    if forme not in FORMES:
        raise ErreurSaisie(f"{champ}.forme", f"Forme de garantie inconnue « {forme} » (formes "
                           "permises : " + ", ".join(sorted(FORMES)) + ").")
    inconnues = set(brute) - CLES_GARANTIE[forme]
    if inconnues:
        raise ErreurSaisie(f"{champ}.{sorted(inconnues)[0]}",
                           f"Champ sans objet pour une garantie « {forme} ».")
    valeurs = {"forme": forme}
    if forme == "pourcentage_br":
        valeurs["taux"] = taux(brute.get("taux"), f"{champ}.taux", 1000,
                               "Le taux de la garantie")
        valeurs["secu_incluse"] = booleen(brute.get("secu_incluse", True),
                                          f"{champ}.secu_incluse")
    elif forme == "pourcentage_pmss":
        valeurs["taux"] = taux(brute.get("taux"), f"{champ}.taux", 100, "Le taux de la garantie")
    elif forme == "forfait":
        valeurs["montant"] = montant(brute.get("montant"), f"{champ}.montant",
                                     nom="Le montant du forfait")
    if brute.get("plafond") is not None:
        valeurs["plafond"] = montant(brute["plafond"], f"{champ}.plafond", nom="Le plafond")
    return Garantie(**valeurs)


def lire(brute: dict) -> Demande:
    """Contrôle la demande ; lève ErreurSaisie (champ + message) au premier défaut."""
    if not isinstance(brute, dict):
        raise ErreurSaisie("demande", "La demande doit être un objet JSON.")
    refuser_inconnus(brute, CLES)
    cat = catalogue()
    acte_id = brute.get("acte")
    if not acte_id:
        raise ErreurSaisie("acte", "Choisissez un acte (par exemple consultation_generaliste).")
    if acte_id not in cat.actes:
        raise ErreurSaisie("acte", f"Acte inconnu « {acte_id} ».")
    acte = cat.actes[acte_id]
    jour = date_iso(brute["date"]) if brute.get("date") else dt.date.today()
    if jour < _baremes.DEBUT:
        raise ErreurSaisie("date", "Les barèmes commencent en 2023.")
    quantite = entier(brute.get("quantite", 1), "quantite", 1, QUANTITE_MAX, "La quantité")

    situation = lire_situation(brute.get("situation"))
    if acte.prix_bareme:
        nom_prix = acte.base_minoree if acte.base_minoree and (situation.ald or situation.at_mp) \
            else acte.prix_bareme
        attendu = _baremes.actifs().valeur(nom_prix, jour).valeur
        prix = attendu
        if brute.get("prix") not in (None, ""):
            donne = montant(brute["prix"], "prix", nom="Le prix")
            if donne != attendu:
                raise ErreurSaisie("prix", f"{acte.libelle} : ce montant est fixé par le barème "
                                   f"({format_euros(attendu)} au {jour.strftime('%d/%m/%Y')}) ; "
                                   "laissez le prix vide.")
    else:
        prix = montant(brute.get("prix"), "prix", nom="Le prix")

    secteur = brute.get("secteur", "1")
    secteur = str(secteur) if isinstance(secteur, int) and not isinstance(secteur, bool) else secteur
    if secteur == "2":
        raise ErreurSaisie("secteur", "Précisez « 2_optam » ou « 2_non_optam » : la base et la "
                           "prise en charge des dépassements en dépendent.")
    if secteur not in SECTEURS:
        raise ErreurSaisie("secteur", f"Secteur inconnu « {secteur} » (permis : "
                           + ", ".join(SECTEURS) + ").")
    if secteur != "1" and not acte.a_secteurs:
        raise ErreurSaisie("secteur", "Le secteur ne concerne que les médecins ; pour cet acte, "
                           "laissez le secteur 1.")

    parcours = booleen(brute.get("parcours_coordonne", True), "parcours_coordonne")
    exception = brute.get("exception_parcours")
    if exception in ("", None):
        exception = None
    elif exception not in EXCEPTIONS_PARCOURS:
        raise ErreurSaisie("exception_parcours", f"Exception inconnue « {exception} » (permises : "
                           + ", ".join(EXCEPTIONS_PARCOURS) + ").")
    elif parcours:
        raise ErreurSaisie("exception_parcours", "Une exception au parcours de soins n'a de sens "
                           "que hors parcours (parcours_coordonne = false).")

    garantie = lire_garantie(brute.get("garantie"))
    if situation.css:
        if garantie.forme != "aucune":
            raise ErreurSaisie("garantie", "La Complémentaire santé solidaire tient lieu de "
                               "complémentaire : n'indiquez pas d'autre garantie.")
        garantie = Garantie(forme="ticket_moderateur", css=True)
    if acte.age_max is not None and situation.age is not None and situation.age > acte.age_max:
        raise ErreurSaisie("situation.age", f"{acte.libelle} : l'Assurance Maladie ne la prend en "
                           f"charge que si le traitement commence avant {acte.age_max + 1} ans.")

    base = taux_amo = pf = None
    if brute.get("base_remboursement") not in (None, ""):
        if not acte.rembourse:
            raise ErreurSaisie("base_remboursement", f"{acte.libelle} : l'Assurance Maladie ne "
                               "rembourse pas cet acte, il n'a pas de base.")
        base = montant(brute["base_remboursement"], "base_remboursement",
                       nom="La base de remboursement")
    elif acte.base == "saisie":
        raise ErreurSaisie("base_remboursement", f"{acte.libelle} : indiquez la base de "
                           "remboursement lue sur la feuille de soins ou le devis.")
    elif acte.base == "prix" and secteur != "1":
        raise ErreurSaisie("base_remboursement", "Hors secteur 1, le prix peut dépasser la base : "
                           "indiquez la base de remboursement lue sur la feuille de soins.")
    if brute.get("taux_amo") not in (None, ""):
        if not acte.rembourse:
            raise ErreurSaisie("taux_amo", f"{acte.libelle} : l'Assurance Maladie ne rembourse "
                               "pas cet acte.")
        taux_amo = taux(brute["taux_amo"], "taux_amo", nom="Le taux de l'Assurance Maladie")
    if brute.get("participation_forfaitaire") not in (None, ""):
        pf = montant(brute["participation_forfaitaire"], "participation_forfaitaire",
                     maximum=Decimal(100), nom="La participation forfaitaire")
    acte_lourd = booleen(brute.get("acte_lourd", False), "acte_lourd")
    if acte_lourd and acte.id != "hospitalisation_frais_sejour":
        raise ErreurSaisie("acte_lourd", "Ce choix ne concerne que les frais de séjour ; pour un "
                           "acte technique, la règle s'applique d'elle-même selon sa base.")
    return Demande(
        acte=acte, prix=prix, quantite=quantite, date=jour, secteur=secteur,
        parcours_coordonne=parcours, exception_parcours=exception, situation=situation,
        garantie=garantie,
        contrat_responsable=booleen(brute.get("contrat_responsable", True), "contrat_responsable"),
        acte_lourd=acte_lourd, base_remboursement=base, taux_amo=taux_amo,
        participation_forfaitaire=pf, brute=dict(brute),
    )
