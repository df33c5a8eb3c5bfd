"""remb_core : le moteur des remboursements santé (Assurance Maladie, complémentaire, reste à charge).

Bibliothèque standard seulement : le même paquet tourne dans CPython (site, tests) et dans
Pyodide (calculateurs du navigateur). Interface publique en JSON : `simuler`, `simuler_annee`,
`actes`, `comparer_contrats`, `exemples_normalises`. Chaque fonction prend en option les barèmes
à utiliser (`baremes.charger_textes`) ; par défaut, ceux du paquet.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from . import demande as _demande
from . import saisie as _saisie
from . import simulation as _simulation
from .actes import lister as _lister_actes
from .baremes import DEBUT as _DEBUT
from .baremes import Baremes, du_paquet
from .erreurs import ErreurBareme, ErreurSaisie

__version__ = "0.1.0"
__all__ = ["simuler", "simuler_annee", "actes", "estimer_css", "comparer_contrats",
           "exemples_normalises", "ErreurSaisie", "ErreurBareme", "__version__"]


def simuler(demande: Any, baremes: Baremes | None = None) -> dict[str, Any]:
    """Le remboursement d'un acte. JSON en entrée et en sortie ; lève ErreurSaisie sur une saisie
    invalide (le message, en français, nomme le champ)."""
    baremes = baremes or du_paquet()
    return _simulation.calculer(_demande.lire(demande, baremes), baremes).en_dict()


def actes(date: Any = None, baremes: Baremes | None = None) -> list[dict[str, Any]]:
    """Le catalogue des actes, avec base et taux par défaut à la date dite (ISO, défaut : ce jour)."""
    jour = _saisie.date_iso(date, "date", _DEBUT) if date else _dt.date.today()
    return _lister_actes(jour, baremes or du_paquet())


def simuler_annee(demande: Any, baremes: Baremes | None = None) -> dict[str, Any]:
    """Une année de soins d'un foyer (plafonds, limites des garanties). JSON en entrée et en
    sortie ; lève ErreurSaisie dont le champ nomme l'acte fautif (« actes[3].prix »)."""
    from . import annee as _annee  # importé à la demande : le premier résultat n'en a pas besoin

    return _annee.simuler_annee(demande, baremes or du_paquet())


def estimer_css(demande: Any, baremes: Baremes | None = None) -> dict[str, Any]:
    """Droit à la Complémentaire santé solidaire : « gratuite », « avec_participation » ou « non »,
    avec le plafond, la participation mensuelle, les étapes et les hypothèses de l'estimation."""
    from . import css as _css

    return _css.estimer(demande, baremes or du_paquet())


def comparer_contrats(demande: Any, baremes: Baremes | None = None) -> dict[str, Any]:
    """2 à 4 contrats sur la même année de soins : pour chacun, cotisation, Assurance Maladie,
    complémentaire, reste à charge et coût total ; le moins cher ; les écarts ligne par ligne.
    Lève ErreurSaisie dont le champ nomme le contrat (« contrats[1].garanties.optique.taux »)."""
    from . import comparateur as _comparateur

    return _comparateur.comparer_contrats(demande, baremes or du_paquet())


def exemples_normalises(garanties: Any, date: Any = None, baremes: Baremes | None = None,
                        contrat_responsable: Any = True) -> list[dict[str, Any]]:
    """Les exemples de remboursement en euros d'un tableau de garanties (liste du guide) à la
    date dite (défaut : ce jour) : dépense, Assurance Maladie, complémentaire, reste à charge."""
    from . import exemples as _exemples

    return _exemples.exemples_normalises(garanties, date, baremes or du_paquet(),
                                         contrat_responsable)
