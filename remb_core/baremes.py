"""Barèmes datés : chaque paramètre a des valeurs avec leur date d'effet et leur source.

Les valeurs vivent dans `remb_core/donnees/*.toml` (un fichier par domaine), lues par
`importlib.resources` et `tomllib` (bibliothèque standard), comme les paramètres
d'OpenFisca : une valeur s'applique de sa date d'effet jusqu'à la veille de la suivante.
Un objet `Baremes` est immuable une fois chargé ; le moteur le reçoit en argument
(`simuler(demande, baremes)`), sans état global : ceux du paquet sont chargés une fois.
Le contrôle des fichiers vit dans `controle` : le chargement lève sa première erreur.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actes import Catalogue

#: Les barèmes sont tenus à jour depuis cette date ; avant, le moteur refuse de calculer.
DEBUT = dt.date(2023, 1, 1)

FICHIER_ACTES = "actes.toml"
UNITES = {"EUR": "euros", "pourcent": "pourcentage", "nombre": "nombre"}


@dataclass(frozen=True)
class Valeur:
    depuis: dt.date
    valeur: Decimal
    source: str
    url: str | None = None
    note: str | None = None
    confiance: str | None = None


@dataclass(frozen=True)
class Parametre:
    nom: str
    libelle: str
    unite: str
    fichier: str
    valeurs: tuple[Valeur, ...]
    description: str = ""
    verifie_le: dt.date | None = None
    note: str | None = None

    def a_la_date(self, jour: dt.date) -> Valeur:
        """La dernière valeur dont la date d'effet est au plus `jour`."""
        trouvee = None
        for valeur in self.valeurs:
            if valeur.depuis <= jour:
                trouvee = valeur
            else:
                break
        if trouvee is None:
            raise KeyError(
                f"le paramètre « {self.nom} » n'a pas de valeur au {jour.isoformat()} "
                f"(première valeur le {self.valeurs[0].depuis.isoformat()})"
            )
        return trouvee


class Baremes:
    """Les paramètres chargés et contrôlés, indexés par nom, avec le catalogue des actes."""

    def __init__(self, parametres: dict[str, Parametre], textes: dict[str, str],
                 catalogue: Catalogue):
        self.parametres = parametres
        self.textes = textes
        self.catalogue = catalogue
        # Mémo des consultations (nom, jour) : le même jour revient dans chaque calcul.
        self._consultations: dict[tuple[str, dt.date], tuple[Decimal, Any]] = {}

    def __contains__(self, nom: str) -> bool:
        return nom in self.parametres

    def parametre(self, nom: str) -> Parametre:
        try:
            return self.parametres[nom]
        except KeyError:
            raise KeyError(f"paramètre de barème inconnu : « {nom} »") from None

    def valeur(self, nom: str, jour: dt.date) -> Valeur:
        return self.parametre(nom).a_la_date(jour)

    def consulter(self, nom: str, jour: dt.date,
                  referencer: Callable[[Parametre, Valeur], Any]) -> tuple[Decimal, Any]:
        """(valeur, référence) d'un paramètre au jour dit, mémorisés pour cet objet."""
        cle = (nom, jour)
        trouve = self._consultations.get(cle)
        if trouve is None:
            parametre = self.parametre(nom)
            valeur = parametre.a_la_date(jour)
            trouve = self._consultations[cle] = (valeur.valeur, referencer(parametre, valeur))
        return trouve


def ligne_de(texte: str, nom: str, depuis: dt.date | None = None) -> int | None:
    """Numéro de ligne (1 = première) d'un paramètre, ou d'une de ses valeurs, pour les messages."""
    lignes = texte.splitlines()
    entete = re.compile(rf"^\s*\[\s*{re.escape(nom)}\s*\]")
    debut = next((i for i, ligne in enumerate(lignes) if entete.match(ligne)), None)
    if debut is None:
        return None
    if depuis is None:
        return debut + 1
    motif = re.compile(rf"depuis\s*=\s*{depuis.isoformat()}")
    for i in range(debut + 1, len(lignes)):
        if lignes[i].lstrip().startswith("["):
            break
        if motif.search(lignes[i]):
            return i + 1
    return debut + 1


def charger_textes(textes: dict[str, str], catalogue_texte: str | None = None) -> Baremes:
    """Contrôle puis charge des barèmes {nom de fichier: contenu} et le catalogue des actes
    (celui du paquet par défaut) ; lève ErreurBareme à la première erreur trouvée."""
    from . import controle  # le contrôle lit les modèles de ce module

    if catalogue_texte is None:
        catalogue_texte = texte_du_catalogue()
    return controle.charger(textes, catalogue_texte)


def textes_du_paquet() -> dict[str, str]:
    """Les fichiers de barème livrés avec le paquet (tous les .toml sauf le catalogue des actes)."""
    dossier = resources.files("remb_core") / "donnees"
    return {
        entree.name: entree.read_text(encoding="utf-8")
        for entree in dossier.iterdir()
        if entree.name.endswith(".toml") and entree.name != FICHIER_ACTES
    }


def texte_du_catalogue() -> str:
    return (resources.files("remb_core") / "donnees" / FICHIER_ACTES).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def du_paquet() -> Baremes:
    """Les barèmes livrés avec le paquet, chargés une fois (l'objet est immuable)."""
    return charger_textes(textes_du_paquet())


#: Ancien nom, gardé pour les macros et les scripts.
actifs = du_paquet
