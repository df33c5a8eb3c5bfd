"""Montants en euros : Decimal, arrondi au centime « au demi supérieur », format français.

Aucun float n'approche un résultat : les entrées passent par `Decimal(str(x))`.
Le format français suit Babel (espace fine insécable pour les milliers, espace insécable
avant « € ») ; Babel est trop lourd pour le navigateur, d'où ce petit formateur, testé contre
Babel côté CPython.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

CENTIME = Decimal("0.01")
ZERO = Decimal("0.00")
ESPACE_FINE = "\u202f"  # séparateur des milliers (Babel fr_FR)
ESPACE_INSECABLE = "\u00a0"  # avant le symbole


def decimal_de(valeur: object) -> Decimal:
    """Convertit sans passer par la représentation binaire d'un float ; lève ValueError sinon."""
    if isinstance(valeur, bool):
        raise ValueError("un booléen n'est pas un nombre")
    if isinstance(valeur, Decimal):
        resultat = valeur
    elif isinstance(valeur, int):
        resultat = Decimal(valeur)
    elif isinstance(valeur, float):
        resultat = Decimal(repr(valeur))
    elif isinstance(valeur, str):
        texte = valeur.strip().replace(ESPACE_FINE, "").replace(ESPACE_INSECABLE, "")
        texte = texte.replace(" ", "").replace("€", "").replace("%", "").replace(",", ".")
        try:
            resultat = Decimal(texte)
        except InvalidOperation:
            raise ValueError(f"« {valeur} » n'est pas un nombre") from None
    else:
        raise ValueError(f"{type(valeur).__name__} n'est pas un nombre")
    if not resultat.is_finite():
        raise ValueError(f"« {valeur} » n'est pas un nombre fini")
    return resultat


def arrondir(montant: Decimal) -> Decimal:
    """Arrondi au centime, la moitié vers le haut (0,125 → 0,13)."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


def pourcentage(montant: Decimal, taux: Decimal) -> Decimal:
    """`taux` % de `montant`, arrondi au centime : la seule étape qui crée des fractions de centime."""
    return arrondir(montant * taux / Decimal(100))


def en_texte(montant: Decimal) -> str:
    """Montant pour le JSON : deux décimales, point décimal ("19.50")."""
    return str(montant.quantize(CENTIME, rounding=ROUND_HALF_UP))


def nombre_texte(valeur: Decimal) -> str:
    """Un taux ou un nombre sans zéros inutiles ni notation scientifique ("70", "37.5")."""
    texte = f"{valeur:f}"
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return texte


@lru_cache(maxsize=4096)
def format_euros(montant: object, decimales: bool = True) -> str:
    """« 1 741,50 € » (espace fine pour les milliers, espace insécable avant €)."""
    valeur = arrondir(decimal_de(montant))
    signe = "-" if valeur < 0 else ""
    entier, _, fraction = f"{abs(valeur):.2f}".partition(".")
    groupes: list[str] = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    texte = ESPACE_FINE.join(groupes)
    if decimales or fraction != "00":
        texte += "," + fraction
    return f"{signe}{texte}{ESPACE_INSECABLE}€"


@lru_cache(maxsize=1024)
def format_taux(taux: object) -> str:
    """« 70 % », « 37,5 % » (espace insécable avant %)."""
    texte = nombre_texte(decimal_de(taux)).replace(".", ",")
    return f"{texte}{ESPACE_INSECABLE}%"
