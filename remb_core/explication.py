"""Les étapes d'un calcul : libellé, règle en mots, valeur, paramètre de barème daté et sourcé."""

import datetime as dt
from decimal import Decimal

from .baremes import Parametre, Valeur
from .monnaie import en_texte, nombre_texte


def etape(code: str, libelle: str, regle: str, valeur: Decimal, unite: str = "EUR",
          parametre: dict | None = None) -> dict:
    """Une étape, déjà au format JSON (construite une fois : le calcul en produit une douzaine)."""
    texte = en_texte(valeur) if unite == "EUR" else nombre_texte(valeur)
    return {"code": code, "libelle": libelle, "regle": regle, "valeur": texte, "unite": unite,
            "parametre": parametre}


def reference(parametre: Parametre, valeur: Valeur) -> dict:
    """Ce qu'une étape dit du paramètre utilisé : nom, valeur, date d'effet, source."""
    return {
        "nom": parametre.nom,
        "libelle": parametre.libelle,
        "valeur": str(valeur.valeur),
        "unite": parametre.unite,
        "depuis": valeur.depuis.isoformat(),
        "source": valeur.source,
        "url": valeur.url,
        "note": valeur.note,
        "confiance": valeur.confiance,
    }


def date_fr(jour: dt.date) -> str:
    mois = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre"][jour.month - 1]
    premier = "1er" if jour.day == 1 else str(jour.day)
    return f"{premier} {mois} {jour.year}"
