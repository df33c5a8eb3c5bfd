"""Les erreurs du moteur (une saisie invalide, un barème invalide) et les constats du contrôle.

Les erreurs dérivent de ValueError (comme python-stdnum) et portent un message en français
qui nomme le champ ou le paramètre fautif, pour être montré tel quel au lecteur.
"""

from __future__ import annotations

from dataclasses import dataclass


class ErreurSaisie(ValueError):
    """Une demande de simulation ne peut pas être calculée telle qu'elle est écrite."""

    def __init__(self, champ: str, message: str):
        self.champ = champ
        self.message = message
        super().__init__(f"{champ} : {message}")

    def en_dict(self) -> dict[str, str]:
        return {"champ": self.champ, "message": self.message}

    def sous(self, prefixe: str) -> ErreurSaisie:
        """La même erreur, vue d'une demande englobante (« actes[3] » + « prix »)."""
        return ErreurSaisie(f"{prefixe}.{self.champ}", self.message)


class ErreurBareme(ValueError):
    """Un fichier de barème est mal formé ; le message nomme le fichier, la ligne et le paramètre."""

    def __init__(self, fichier: str, parametre: str | None, message: str, ligne: int | None = None):
        self.fichier = fichier
        self.parametre = parametre
        self.ligne = ligne
        self.message = message
        lieu = fichier + (f", ligne {ligne}" if ligne else "")
        if parametre:
            lieu += f", paramètre « {parametre} »"
        super().__init__(f"Barème {lieu} : {message}")


@dataclass(frozen=True)
class Constat:
    """Ce que le contrôle des barèmes a trouvé : où (fichier, ligne, paramètre) et quoi.

    `niveau` : « erreur » (barèmes inutilisables), « avertissement » (à relire) ou « info »."""

    niveau: str
    fichier: str | None
    parametre: str | None
    message: str
    ligne: int | None = None

    @property
    def lieu(self) -> str:
        lieu = (self.fichier or "") + (f", ligne {self.ligne}" if self.fichier and self.ligne
                                       else "")
        if self.parametre:
            lieu += (", " if lieu else "") + f"paramètre « {self.parametre} »"
        return lieu

    def __str__(self) -> str:
        return f"{self.lieu} : {self.message}" if self.lieu else self.message

    def en_erreur(self) -> ErreurBareme:
        return ErreurBareme(self.fichier or "barèmes", self.parametre, self.message, self.ligne)
