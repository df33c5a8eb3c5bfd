"""Lire une valeur saisie : un seul chemin de contrôle par type de valeur.

Une demande arrive du navigateur (textes), de la ligne de commande ou de Python (nombres,
booléens, listes). Chaque valeur passe par la fonction de son type, qui renvoie la valeur typée
ou lève ErreurSaisie avec le champ et un message en français. Les bornes sont celles d'une
facture réelle : un montant a au plus deux décimales et neuf chiffres avant la virgule, un taux
au plus quatre chiffres et deux décimales, un entier au plus six chiffres ASCII. Rien d'autre
n'atteint `Decimal`, si bien qu'aucun exposant (« 1e-100000000 »), aucun chiffre exotique
(« ² », « １２ ») et aucun nombre de mille chiffres ne peut ralentir ou faire échouer un calcul.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from .erreurs import ErreurSaisie
from .monnaie import ESPACE_FINE, ESPACE_INSECABLE, format_euros

EXEMPLE_MONTANT = "par exemple 60 ou 60,50"
#: Un montant : chiffres ASCII, milliers éventuellement séparés par des espaces, au plus deux
#: décimales après une virgule ou un point, un « € » final toléré.
_MONTANT = re.compile(r"(?P<entier>[0-9]{1,9})(?:[.,](?P<fraction>[0-9]{0,2}))?\s*€?", re.ASCII)
_DECIMALES_EN_TROP = re.compile(r"[0-9]+[.,][0-9]{3,}\s*€?", re.ASCII)
_TAUX = re.compile(r"(?P<entier>[0-9]{1,4})(?:[.,](?P<fraction>[0-9]{0,2}))?\s*%?", re.ASCII)
_ENTIER = re.compile(r"[0-9]{1,6}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_BLANCS = str.maketrans("", "", " \t" + ESPACE_FINE + ESPACE_INSECABLE)
#: Au-delà, une date n'a plus de sens pour un barème.
DATE_MAX = dt.date(2100, 12, 31)
APERCU_MAX = 40


def apercu(valeur: Any) -> str:
    """La valeur reçue, courte, pour la citer dans un message (jamais un texte d'un mégaoctet)."""
    if isinstance(valeur, (dict, list, tuple, set)):
        return {"dict": "un objet", "list": "une liste", "tuple": "une liste",
                "set": "un ensemble"}[type(valeur).__name__]
    texte = str(valeur)
    return texte if len(texte) <= APERCU_MAX else texte[:APERCU_MAX] + "…"


def _texte_nombre(valeur: Any) -> str | None:
    """Un nombre reçu sous forme de texte, sans blancs ; None pour un type qui n'en est pas un."""
    if isinstance(valeur, bool):
        return None
    if isinstance(valeur, int):
        return str(valeur) if abs(valeur) < 10**12 else "9" * 13
    if isinstance(valeur, float):
        return repr(valeur) if valeur == valeur and abs(valeur) < 1e12 else "inf"
    if isinstance(valeur, Decimal):
        return format(valeur, "f") if valeur.is_finite() and abs(valeur) < 10**12 else "inf"
    if isinstance(valeur, str):
        return valeur.translate(_BLANCS)
    return None


def _decimal(trouve: re.Match[str]) -> Decimal:
    """Le nombre tel qu'il est écrit (« 150 », « 26.50 »), exact et positif, à partir de chiffres
    déjà contrôlés : jamais d'exposant ni de « -0 »."""
    entier, fraction = trouve["entier"], trouve["fraction"]
    return Decimal(f"{entier}.{fraction}" if fraction else entier)


def montant(valeur: Any, champ: str, *, maximum: Decimal, nom: str = "Le montant") -> Decimal:
    """Un montant positif en euros, au centime ; « 26,50 », « 1 234,50 € » et 26.5 sont acceptés."""
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        raise ErreurSaisie(champ, f"{nom} est obligatoire ({EXEMPLE_MONTANT}).")
    texte = _texte_nombre(valeur)
    if texte is None:
        raise ErreurSaisie(champ, f"{nom} doit être un montant en euros, {EXEMPLE_MONTANT}.")
    if texte.startswith("-"):
        raise ErreurSaisie(champ, f"{nom} doit être un montant positif, {EXEMPLE_MONTANT}.")
    texte = texte.removeprefix("+")
    trouve = _MONTANT.fullmatch(texte)
    if trouve is None:
        if _DECIMALES_EN_TROP.fullmatch(texte):
            raise ErreurSaisie(champ, f"{nom} s'écrit au centime près (au plus deux décimales).")
        if re.fullmatch(r"[0-9]{10,}(?:[.,][0-9]*)?\s*€?|inf", texte, re.ASCII):
            raise _trop_grand(champ, nom, maximum)
        raise ErreurSaisie(champ, f"{nom} doit être un montant positif, {EXEMPLE_MONTANT} "
                           f"(reçu : « {apercu(valeur)} »).")
    resultat = _decimal(trouve)
    if resultat > maximum:
        raise _trop_grand(champ, nom, maximum)
    return resultat


def _trop_grand(champ: str, nom: str, maximum: Decimal) -> ErreurSaisie:
    return ErreurSaisie(champ, f"{nom} paraît invraisemblable : au plus "
                        f"{format_euros(maximum, decimales=False)}.")


def taux(valeur: Any, champ: str, *, maximum: int = 100, nom: str = "Le taux") -> Decimal:
    """Un pourcentage de 0 à `maximum`, au plus deux décimales (« 70 », « 37,5 », « 12,25 % »)."""
    if valeur is None or isinstance(valeur, bool) or (isinstance(valeur, str)
                                                       and not valeur.strip()):
        raise ErreurSaisie(champ, f"{nom} est obligatoire (en pourcentage, par exemple 70).")
    texte = _texte_nombre(valeur)
    trouve = _TAUX.fullmatch(texte.removeprefix("+")) if texte is not None else None
    if trouve is None:
        if texte is not None and texte.startswith("-"):
            raise ErreurSaisie(champ, f"{nom} doit être compris entre 0 et {maximum} %.")
        if texte is not None and re.fullmatch(r"[0-9]+[.,][0-9]{3,}%?", texte, re.ASCII):
            raise ErreurSaisie(champ, f"{nom} s'écrit avec au plus deux décimales "
                               "(par exemple 37,5).")
        if texte is not None and re.fullmatch(r"[0-9]{5,}(?:[.,][0-9]*)?%?|inf", texte, re.ASCII):
            raise ErreurSaisie(champ, f"{nom} doit être compris entre 0 et {maximum} %.")
        raise ErreurSaisie(champ, f"{nom} doit être un pourcentage, par exemple 70 "
                           f"(reçu : « {apercu(valeur)} »).")
    resultat = _decimal(trouve)
    if resultat > maximum:
        raise ErreurSaisie(champ, f"{nom} doit être compris entre 0 et {maximum} %.")
    return resultat


def entier(valeur: Any, champ: str, minimum: int, maximum: int, nom: str) -> int:
    """Un entier écrit en chiffres ASCII (pas « ² » ni « １２ »), de `minimum` à `maximum`."""
    if isinstance(valeur, str) and _ENTIER.fullmatch(valeur.strip()):
        valeur = int(valeur.strip())
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        raise ErreurSaisie(champ, f"{nom} doit être un nombre entier (reçu : "
                           f"« {apercu(valeur)} »).")
    if not minimum <= valeur <= maximum:
        raise ErreurSaisie(champ, f"{nom} doit aller de {minimum} à {maximum}.")
    return valeur


def booleen(valeur: Any, champ: str) -> bool:
    if not isinstance(valeur, bool):
        raise ErreurSaisie(champ, f"Ce champ vaut true ou false (reçu : « {apercu(valeur)} »).")
    return valeur


def identifiant(valeur: Any, champ: str, permis: Collection[str], quoi: str) -> str:
    """Un identifiant pris dans une liste (acte, forme, secteur…) ; tout autre type est refusé."""
    if isinstance(valeur, str) and valeur in permis:
        return valeur
    aide = f" (permis : {', '.join(sorted(permis))})" if len(permis) <= 12 else ""
    raise ErreurSaisie(champ, f"{quoi} « {apercu(valeur)} »{aide}.")


def objet(valeur: Any, champ: str, exemple: str) -> dict[str, Any]:
    """Un objet JSON (dictionnaire à clés textuelles) ; sinon, l'exemple de sa forme."""
    if not isinstance(valeur, dict) or not all(isinstance(k, str) for k in valeur):
        raise ErreurSaisie(champ, f"Ce champ s'écrit {exemple}.")
    return valeur


def liste(valeur: Any, champ: str, maximum: int, quoi: str, exemple: str) -> list[Any]:
    """Une liste d'au plus `maximum` éléments (la borne garde chaque calcul sous la seconde)."""
    if not isinstance(valeur, list):
        raise ErreurSaisie(champ, f"{quoi} s'écrit comme une liste : {exemple}.")
    if len(valeur) > maximum:
        raise ErreurSaisie(champ, f"Au plus {maximum} éléments ({len(valeur)} reçus) : un "
                           "calcul doit rester rapide dans le navigateur.")
    return valeur


def refuser_inconnus(brute: Mapping[Any, Any], permis: Collection[str], prefixe: str = "") -> None:
    """Un champ inconnu est une faute de frappe probable : on la signale plutôt que l'ignorer."""
    inconnus = sorted(str(k) for k in brute if k not in permis)
    if inconnus:
        nom = apercu(inconnus[0])
        champ = f"{prefixe}.{nom}" if prefixe else nom
        raise ErreurSaisie(champ, "Champ inconnu (champs permis : " + ", ".join(sorted(permis))
                           + ").")


def date_iso(valeur: Any, champ: str = "date", debut: dt.date | None = None) -> dt.date:
    """Une date AAAA-MM-JJ (ou un objet date), entre `debut` (le début des barèmes) et 2100."""
    if isinstance(valeur, dt.date) and not isinstance(valeur, dt.datetime):
        jour = valeur
    else:
        texte = valeur.strip() if isinstance(valeur, str) else None
        try:
            if texte is None or not _DATE.fullmatch(texte):
                raise ValueError
            jour = dt.date.fromisoformat(texte)
        except ValueError:
            raise ErreurSaisie(champ, f"La date s'écrit AAAA-MM-JJ, par exemple 2026-03-15 "
                               f"(reçu : « {apercu(valeur)} »).") from None
    if debut is not None and jour < debut:
        raise ErreurSaisie(champ, f"Les barèmes commencent le {debut.strftime('%d/%m/%Y')} : "
                           "choisissez une date postérieure.")
    if jour > DATE_MAX:
        raise ErreurSaisie(champ, "Cette date est trop lointaine (au plus en 2100).")
    return jour


def present(brute: Mapping[str, Any], cle: str) -> bool:
    """Le champ est donné (ni absent, ni null, ni texte vide)."""
    valeur = brute.get(cle)
    return valeur is not None and not (isinstance(valeur, str) and not valeur.strip())
