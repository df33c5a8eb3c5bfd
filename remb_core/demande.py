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
from .actes import SAISIE, SECTEURS, Acte
from .baremes import DEBUT, Baremes
from .erreurs import ErreurSaisie
from .formats import date_fr, euros

CLES = {"acte", "prix", "quantite", "date", "base_remboursement", "taux_amo", "secteur",
        "parcours_coordonne", "exception_parcours", "situation", "participation_forfaitaire",
        "garantie", "contrat_responsable", "acte_lourd", "prix_limite", "jours", "date_sortie",
        "psychiatrie", "ald_deficience"}
#: Les situations qui changent la prise en charge, chacune un booléen (l'âge à part).
DRAPEAUX_SITUATION = ("ald", "maternite", "at_mp", "css", "invalidite", "at_mp_incapacite_2_3")
CLES_SITUATION = {"age", "regime", *DRAPEAUX_SITUATION}
#: Les motifs d'exonération, écrits une fois pour toutes les règles qui les citent.
MATERNITE = "maternité (du 6e mois à 12 jours après l'accouchement)"
AT_MP = "accident du travail ou maladie professionnelle"
#: Le régime d'assurance maladie : le régime local d'Alsace-Moselle complète le régime général.
REGIMES = {"general": "régime général", "alsace_moselle": "régime local d'Alsace-Moselle"}
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
JOURS_MAX = 1000  # un séjour à l'hôpital, en jours
EXEMPLE_GARANTIE = '{"forme": "pourcentage_br", "taux": 150}'


class Situation(NamedTuple):
    age: int | None = None
    ald: bool = False  # soins liés à une affection de longue durée
    maternite: bool = False  # du 6e mois de grossesse à 12 jours après l'accouchement
    at_mp: bool = False  # soins liés à un accident du travail ou une maladie professionnelle
    css: bool = False  # Complémentaire santé solidaire
    invalidite: bool = False  # titulaire d'une pension d'invalidité
    at_mp_incapacite_2_3: bool = False  # rente AT-MP pour une incapacité d'au moins deux tiers
    regime: str = "general"  # ou "alsace_moselle"

    @property
    def alsace_moselle(self) -> bool:
        return self.regime == "alsace_moselle"

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
    prix_limite: Decimal | None = None  # lu sur le devis (verres 100 % Santé)
    jours: int | None = None  # durée d'un séjour à l'hôpital, en jours (nuits)
    psychiatrie: bool = False  # séjour en psychiatrie (forfait journalier propre)
    ald_deficience: bool = False  # transport en ALD : déficience ou incapacité du référentiel


def lire_situation(brute: Any, champ: str = "situation") -> Situation:
    if brute is None:
        return Situation()
    saisie.objet(brute, champ, '{"age": 40, "ald": false, …}')
    saisie.refuser_inconnus(brute, CLES_SITUATION, champ)
    age = None
    if saisie.present(brute, "age"):
        age = saisie.entier(brute["age"], f"{champ}.age", 0, 130, "L'âge")
    drapeaux = {cle: saisie.booleen(brute.get(cle, False), f"{champ}.{cle}")
                for cle in DRAPEAUX_SITUATION}
    regime = saisie.identifiant(brute.get("regime") or "general", f"{champ}.regime", REGIMES,
                                "Régime inconnu")
    return Situation(age=age, regime=regime, **drapeaux)


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


def forfait_minore(situation: Situation) -> bool:
    """Le forfait patient urgences est minoré en ALD et pour un AT-MP sous les deux tiers ; la
    maternité, l'invalidité et une rente d'au moins deux tiers en exonèrent (art. R.160-17-1)."""
    exonere = situation.maternite or situation.invalidite or situation.at_mp_incapacite_2_3
    return (situation.ald or situation.at_mp) and not exonere


def _prix(brute: dict[str, Any], acte: Acte, jour: dt.date, situation: Situation,
          baremes: Baremes) -> Decimal:
    """Le prix facturé, ou le montant que fixe le barème (forfaits : le prix doit rester vide)."""
    if not acte.prix_bareme:
        return saisie.montant(brute.get("prix"), "prix", maximum=PRIX_MAX, nom="Le prix")
    nom = acte.base_minoree if acte.base_minoree and forfait_minore(situation) \
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


def _ages(acte: Acte, situation: Situation) -> None:
    """Un acte réservé à un âge : refusé en dehors, avec l'âge qui l'ouvre."""
    age = situation.age
    if age is None:
        return
    if acte.age_max is not None and age > acte.age_max:
        raise ErreurSaisie("situation.age", f"{acte.libelle} : l'Assurance Maladie ne le prend en "
                           f"charge qu'avant {acte.age_max + 1} ans.")
    if acte.age_min is not None and age < acte.age_min:
        raise ErreurSaisie("situation.age", f"{acte.libelle} : cet acte est réservé aux patients "
                           f"de {acte.age_min} ans ou plus.")


def _prix_limite(brute: dict[str, Any], acte: Acte, prix: Decimal, jour: dt.date,
                 baremes: Baremes) -> Decimal | None:
    """Le prix limite d'un article 100 % Santé (ou à tarif maîtrisé) : du barème, ou lu sur le
    devis quand il dépend de la correction (verres). Un prix au-delà est refusé : l'article
    n'appartiendrait plus à son panier."""
    if acte.prix_limite is None and "prix_limite" not in brute:
        return None
    if acte.prix_limite is None or acte.prix_limite != SAISIE:
        if saisie.present(brute, "prix_limite"):
            raison = ("aucun prix limite ne s'applique" if acte.prix_limite is None
                      else "le prix limite vient du barème")
            raise ErreurSaisie("prix_limite", f"{acte.libelle} : {raison} ; laissez ce champ vide.")
        if acte.prix_limite is None:
            return None
        limite = baremes.valeur(acte.prix_limite, jour).valeur
    elif not saisie.present(brute, "prix_limite"):
        raise ErreurSaisie("prix_limite", f"{acte.libelle} : indiquez le prix limite de vente du "
                           "verre, qui dépend de la correction et figure sur le devis de "
                           "l'opticien : sans lui, on ne peut pas dire s'il reste quelque chose "
                           "à payer.")
    else:
        limite = saisie.montant(brute["prix_limite"], "prix_limite", maximum=PRIX_MAX,
                                nom="Le prix limite de vente")
    if prix > limite:
        raise ErreurSaisie("prix", _au_dela_de_la_limite(acte, prix, limite))
    return limite


def _au_dela_de_la_limite(acte: Acte, prix: Decimal, limite: Decimal) -> str:
    """Le refus d'un prix au-dessus de la limite, avec les mots du devis et l'acte à choisir."""
    if acte.limite_en_honoraires:
        panier = ("une couronne à tarif libre" if not acte.panier_100_sante else
                  "une couronne à tarif maîtrisé ou à tarif libre")
        return (f"{acte.libelle} : le prix ({euros(prix)}) dépasse les honoraires limites de "
                f"facturation ({euros(limite)}) ; au-delà, l'acte sort de son panier : "
                f"choisissez {panier}.")
    return (f"{acte.libelle} : le prix ({euros(prix)}) dépasse le prix limite de vente "
            f"({euros(limite)}) ; un équipement 100 % Santé ne peut pas coûter plus : au-delà, "
            "c'est un équipement à prix libre.")


def _ald_deficience(brute: dict[str, Any], acte: Acte) -> bool:
    if "ald_deficience" not in brute or not saisie.present(brute, "ald_deficience"):
        return False
    if acte.categorie != "transport":
        raise ErreurSaisie("ald_deficience", "Ce choix ne concerne que les transports.")
    return saisie.booleen(brute["ald_deficience"], "ald_deficience")


class Sejour(NamedTuple):
    jours: int | None = None
    psychiatrie: bool = False
    acte_lourd: bool = False


CLES_SEJOUR = frozenset(("acte_lourd", "psychiatrie", "jours", "date_sortie"))


def _sejour(brute: dict[str, Any], acte: Acte, jour: dt.date, quantite: int) -> Sejour:
    """La durée d'un séjour (en jours, ou par sa date de sortie), et ce qui le distingue."""
    if not acte.sejour and CLES_SEJOUR.isdisjoint(brute):
        return Sejour()
    acte_lourd = saisie.booleen(brute.get("acte_lourd", False), "acte_lourd")
    psychiatrie = saisie.booleen(brute.get("psychiatrie", False), "psychiatrie")
    cles = [c for c in ("jours", "date_sortie") if saisie.present(brute, c)]
    if not acte.sejour:
        for cle, actif in (("acte_lourd", acte_lourd), ("psychiatrie", psychiatrie),
                           *((c, True) for c in cles)):
            if actif:
                raise ErreurSaisie(cle, "Ce choix ne concerne qu'un séjour à l'hôpital (ses frais "
                                   "de séjour) ; pour un acte technique, la participation sur "
                                   "les actes lourds s'applique d'elle-même selon sa base.")
        return Sejour()
    if quantite != 1:
        raise ErreurSaisie("quantite", "Un séjour se décrit par sa durée (champ « jours »), pas "
                           "par une quantité.")
    if len(cles) == 2:
        raise ErreurSaisie("date_sortie", "Donnez soit le nombre de jours, soit la date de "
                           "sortie, pas les deux.")
    jours = None
    if cles == ["jours"]:
        jours = saisie.entier(brute["jours"], "jours", 0, JOURS_MAX, "La durée du séjour")
    elif cles == ["date_sortie"]:
        sortie = saisie.date_iso(brute["date_sortie"], "date_sortie", DEBUT)
        if sortie < jour:
            raise ErreurSaisie("date_sortie", "La sortie précède l'entrée (la date de l'acte).")
        jours = saisie.entier((sortie - jour).days, "date_sortie", 0, JOURS_MAX,
                              "La durée du séjour (en jours)")
    return Sejour(jours, psychiatrie, acte_lourd)


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
    if acte.depuis is not None and jour < acte.depuis:
        raise ErreurSaisie("date", f"{acte.libelle} : le barème de cet acte commence le "
                           f"{date_fr(acte.depuis)} ; choisissez une date postérieure.")
    quantite = saisie.entier(brute.get("quantite", 1), "quantite", 1, QUANTITE_MAX,
                             "La quantité")
    situation = lire_situation(brute.get("situation"))
    prix = _prix(brute, acte, jour, situation, baremes)
    secteur = _secteur(brute, acte)
    parcours = saisie.booleen(brute.get("parcours_coordonne", True), "parcours_coordonne")
    exception = _exception(brute, parcours)
    garantie = _garantie(brute, situation)
    _ages(acte, situation)
    base = _base(brute, acte, secteur)
    taux_amo, pf = _surcharges(brute, acte)
    sejour = _sejour(brute, acte, jour, quantite)
    return Demande(
        acte=acte, prix=prix, quantite=quantite, date=jour, secteur=secteur,
        parcours_coordonne=parcours, exception_parcours=exception, situation=situation,
        garantie=garantie,
        contrat_responsable=saisie.booleen(brute.get("contrat_responsable", True),
                                           "contrat_responsable"),
        acte_lourd=sejour.acte_lourd, base_remboursement=base, taux_amo=taux_amo,
        participation_forfaitaire=pf, prix_limite=_prix_limite(brute, acte, prix, jour, baremes),
        jours=sejour.jours, psychiatrie=sejour.psychiatrie,
        ald_deficience=_ald_deficience(brute, acte),
    )
