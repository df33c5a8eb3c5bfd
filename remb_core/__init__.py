"""remb_core : le moteur des remboursements santé (Assurance Maladie, complémentaire, reste à charge).

Bibliothèque standard seulement : le même paquet tourne dans CPython (site, tests) et dans
Pyodide (calculateurs du navigateur). Interface publique en JSON : `simuler`, `simuler_annee`,
`actes`, et les barèmes datés de `remb_core.baremes`.
"""

import datetime as _dt

from . import actes as _actes
from . import annee as _annee
from . import demande as _demande
from . import simulation as _simulation
from .erreurs import ErreurBareme, ErreurSaisie

__version__ = "0.1.0"
__all__ = ["simuler", "simuler_annee", "actes", "ErreurSaisie", "ErreurBareme", "__version__"]


def simuler(demande: dict) -> dict:
    """Le remboursement d'un acte. JSON en entrée et en sortie ; lève ErreurSaisie sur une saisie
    invalide (le message, en français, nomme le champ)."""
    return _simulation.calculer(_demande.lire(demande)).en_dict()


def actes(date: str | None = None) -> list[dict]:
    """Le catalogue des actes, avec base et taux par défaut à la date dite (ISO, défaut : ce jour)."""
    jour = _demande.date_iso(date) if date else _dt.date.today()
    return _actes.lister(jour)


def simuler_annee(demande: dict) -> dict:
    """Une année de soins d'un foyer (plafonds, limites des garanties). JSON en entrée et en
    sortie ; lève ErreurSaisie dont le champ nomme l'acte fautif (« actes[3].prix »)."""
    return _annee.simuler_annee(demande)
