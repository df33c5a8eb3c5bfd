"""Les étapes d'un calcul : libellé, règle en mots, valeur, paramètre de barème daté et sourcé.

Chaque règle reçoit le `Journal` du calcul : elle y lit les paramètres du barème au jour de
l'acte et y écrit son étape, si bien que tout montant du résultat dit d'où il vient.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .baremes import Baremes, Parametre, Valeur
from .formats import date_fr  # noqa: F401  (réexporté : les macros l'importent d'ici)
from .monnaie import en_texte, nombre_texte

Etape = dict[str, Any]


def etape(code: str, libelle: str, regle: str, valeur: Decimal, unite: str = "EUR",
          parametre: dict[str, Any] | None = None) -> Etape:
    """Une étape, déjà au format JSON (construite une fois : le calcul en produit une douzaine)."""
    texte = en_texte(valeur) if unite == "EUR" else nombre_texte(valeur)
    return {"code": code, "libelle": libelle, "regle": regle, "valeur": texte, "unite": unite,
            "parametre": parametre}


def reference(parametre: Parametre, valeur: Valeur) -> dict[str, Any]:
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


class Journal:
    """Ce qu'un calcul écrit en chemin : étapes, hypothèses, plafonds atteints."""

    def __init__(self, baremes: Baremes, jour: dt.date):
        self.baremes = baremes
        self.jour = jour
        self.etapes: list[Etape] = []
        self.hypotheses: list[str] = []
        self.plafonds_atteints: list[str] = []

    def param(self, nom: str) -> tuple[Decimal, dict[str, Any]]:
        """(valeur, référence datée et sourcée) ; la référence est partagée : ne pas la modifier."""
        return self.baremes.consulter(nom, self.jour, reference)

    def etape(self, code: str, libelle: str, regle: str, valeur: Decimal, unite: str = "EUR",
              parametre: dict[str, Any] | None = None) -> None:
        # Écrit comme `etape()`, sans l'appel de plus : une douzaine d'étapes par calcul.
        self.etapes.append({"code": code, "libelle": libelle, "regle": regle,
                            "valeur": en_texte(valeur) if unite == "EUR" else nombre_texte(valeur),
                            "unite": unite, "parametre": parametre})

    def hypothese(self, texte: str) -> None:
        self.hypotheses.append(texte)

    def plafond(self, texte: str) -> None:
        self.plafonds_atteints.append(texte)
