"""Écrire une valeur pour le lecteur, selon son unité : le seul formateur du projet.

La ligne de commande, les macros du site, le rendu HTML et les tests l'utilisent tous, pour
qu'un même montant s'écrive partout de la même façon (« 19,50 € », « 70 % », « 4 »).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .monnaie import ESPACE_FINE, ESPACE_INSECABLE, format_euros, format_taux, nombre_texte

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")


def valeur(nombre: Decimal | str | int, unite: str, *, brut: bool = False) -> str:
    """Un montant (« EUR »), un taux (« pourcent ») ou un nombre, à la française.

    `brut` remplace les espaces insécables par des espaces ordinaires (terminal)."""
    if unite == "EUR":
        texte = format_euros(Decimal(nombre) if isinstance(nombre, str) else nombre)
    elif unite == "pourcent":
        texte = format_taux(nombre)
    else:
        texte = nombre_texte(Decimal(nombre) if not isinstance(nombre, Decimal) else nombre)
    return texte_brut(texte) if brut else texte


def euros(texte: str | Decimal, *, brut: bool = False) -> str:
    """« 19.50 » (JSON du moteur) → « 19,50 € »."""
    resultat = format_euros(Decimal(texte) if isinstance(texte, str) else texte)
    return texte_brut(resultat) if brut else resultat


def texte_brut(texte: str) -> str:
    """Le terminal n'a que faire des espaces insécables du site : espaces ordinaires."""
    return texte.replace(ESPACE_INSECABLE, " ").replace(ESPACE_FINE, " ")


def date_fr(jour: dt.date) -> str:
    """« 1er mars 2026 »."""
    premier = "1er" if jour.day == 1 else str(jour.day)
    return f"{premier} {MOIS[jour.month - 1]} {jour.year}"


# html.escape fait la même chose, mais son module importe html.entities (97 ko de bytecode à
# charger dans le navigateur, bench/releves/prototype_moteur.txt) : une table suffit.
_ECHAPPEMENTS = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "'": "&#x27;"})


def echapper(texte: str) -> str:
    """Le texte sûr dans du HTML, entre balises comme dans un attribut (comme html.escape)."""
    return texte.translate(_ECHAPPEMENTS)

