"""Ce que le contrôle des barèmes a lu et trouvé : le bilan qu'il remplit en chemin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..baremes import Parametre
from ..erreurs import Constat


class Faute(Exception):
    """Un défaut qui arrête la lecture d'un paramètre (devient un constat d'erreur).

    La ligne se retrouve dans le texte seulement quand il y a faute : `depuis` désigne la valeur
    en cause, `ligne` la donne directement quand elle est déjà connue."""

    def __init__(self, message: str, depuis: dt.date | None = None, ligne: int | None = None):
        super().__init__(message)
        self.message, self.depuis, self.ligne = message, depuis, ligne


@dataclass
class Bilan:
    """Ce que le contrôle a lu (paramètres sains, catalogue) et trouvé (constats)."""

    parametres: dict[str, Parametre] = field(default_factory=dict)
    catalogue: dict[str, Any] = field(default_factory=dict)
    constats: list[Constat] = field(default_factory=list)
    casses: set[str] = field(default_factory=set)  # présents mais fautifs : pas d'erreur en cascade
    fichiers: int = 0
    actes: int = 0  # actes lus dans le catalogue, sains ou non

    def ajouter(self, niveau: str, fichier: str | None, parametre: str | None, message: str,
                ligne: int | None = None) -> None:
        constat = Constat(niveau, fichier, parametre, message, ligne)
        if constat not in self.constats:
            self.constats.append(constat)

    def erreur(self, fichier: str | None, parametre: str | None, message: str,
               ligne: int | None = None) -> None:
        self.ajouter("erreur", fichier, parametre, message, ligne)

    @property
    def erreurs(self) -> list[Constat]:
        return [c for c in self.constats if c.niveau == "erreur"]
