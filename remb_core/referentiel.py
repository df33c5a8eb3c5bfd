"""Les fichiers de données du comparateur : lignes du tableau, préréglages, profils, exemples.

Ce sont des fichiers TOML de `remb_core/donnees/` (sous-dossiers `tableau`, `contrats`,
`profils`, `exemples`), lus par `importlib.resources` comme les barèmes, et contrôlés à la
lecture : une faute lève `ErreurDonnees`, dont le message nomme le fichier, la ligne et l'entrée
fautive, en français. Ce module ne fait que lire et contrôler des formes (texte, liste, montant…) ;
le sens des données est contrôlé par le module qui les emploie.
"""

from __future__ import annotations

import re
import tomllib
import zipfile
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

from .erreurs import ErreurBareme

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DOSSIER = "donnees"
CONFIANCES = ("haute", "moyenne", "basse", "illustratif")
_MONTANT = re.compile(r"[0-9]{1,7}(\.[0-9]{1,2})?", re.ASCII)


class ErreurDonnees(ErreurBareme):
    """Un fichier de données du comparateur est mal formé (fichier, ligne, entrée, raison)."""

    def __init__(self, fichier: str, entree: str | None, message: str, ligne: int | None = None):
        super().__init__(fichier, entree, message, ligne)
        lieu = fichier + (f", ligne {ligne}" if ligne else "")
        if entree:
            lieu += f", entrée « {entree} »"
        self.args = (f"Fichier de données {lieu} : {message}",)


class Fichier:
    """Un fichier lu : son nom (pour les messages), son texte et son contenu TOML."""

    def __init__(self, nom: str, texte: str):
        self.nom = nom
        self.texte = texte
        try:
            self.contenu: dict[str, Any] = tomllib.loads(texte)
        except tomllib.TOMLDecodeError as exc:
            trouve = re.search(r"line (\d+)", str(exc))
            raise ErreurDonnees(nom, None, f"TOML illisible ({exc}).",
                                int(trouve.group(1)) if trouve else None) from None

    def ligne(self, valeur: str, cle: str = "id") -> int | None:
        """La ligne où `cle = "valeur"` apparaît (la première), pour situer une faute."""
        return self._premiere(re.compile(rf'^\s*{re.escape(cle)}\s*=\s*"{re.escape(valeur)}"'))

    def _premiere(self, motif: re.Pattern[str], rang: int = 0) -> int | None:
        trouves = [i for i, texte in enumerate(self.texte.splitlines(), 1) if motif.search(texte)]
        return trouves[rang] if rang < len(trouves) else None

    def ligne_table(self, nom: str) -> int | None:
        """La ligne de l'en-tête `[nom]`."""
        return self._premiere(re.compile(rf"^\s*\[\s*{re.escape(nom)}\s*\]"))

    def ligne_entete(self, nom: str, rang: int) -> int | None:
        """La ligne du `rang`-ième (à partir de 0) en-tête `[[nom]]`."""
        return self._premiere(re.compile(rf"^\s*\[\[\s*{re.escape(nom)}\s*\]\]"), rang)

    def ligne_cle(self, cle: str) -> int | None:
        """La première ligne qui donne une valeur à `cle`."""
        return self._premiere(re.compile(rf"^\s*{re.escape(cle)}\s*="))

    def erreur(self, entree: str | None, message: str, cle: str = "id") -> ErreurDonnees:
        return ErreurDonnees(self.nom, entree, message, self.ligne(entree, cle) if entree
                             else None)

    def erreur_a(self, numero: int | None, entree: str | None, message: str) -> ErreurDonnees:
        """Une erreur située à une ligne déjà trouvée."""
        return ErreurDonnees(self.nom, entree, message, numero)

    def texte_requis(self, table: dict[str, Any], cle: str, entree: str | None) -> str:
        valeur = table.get(cle)
        if not isinstance(valeur, str) or not valeur.strip():
            raise self.erreur(entree, f"« {cle} » manque ou n'est pas un texte.")
        return valeur

    def texte_facultatif(self, table: dict[str, Any], cle: str, entree: str | None) -> str:
        valeur = table.get(cle, "")
        if not isinstance(valeur, str):
            raise self.erreur(entree, f"« {cle} » doit être un texte.")
        return valeur

    def liste_de_textes(self, table: dict[str, Any], cle: str, entree: str | None) -> tuple[str, ...]:
        valeur = table.get(cle, [])
        if not isinstance(valeur, list) or not all(isinstance(v, str) for v in valeur):
            raise self.erreur(entree, f"« {cle} » doit être une liste de textes.")
        return tuple(valeur)

    def montant(self, valeur: Any, entree: str | None, quoi: str) -> Decimal:
        """Un montant écrit en texte, au point décimal (« 60.00 ») : jamais un nombre flottant."""
        if not isinstance(valeur, str) or not _MONTANT.fullmatch(valeur):
            raise self.erreur(entree, f"{quoi} s'écrit entre guillemets, avec un point et au plus "
                              f"deux décimales (« 60.00 ») ; reçu : {valeur!r}.")
        return Decimal(valeur)

    def confiance(self, table: dict[str, Any], entree: str | None, defaut: str) -> str:
        valeur = table.get("confiance", defaut)
        if valeur not in CONFIANCES:
            raise self.erreur(entree, f"« confiance » vaut {', '.join(CONFIANCES)} ; reçu : "
                              f"{valeur!r}.")
        return str(valeur)


def _donnees() -> Traversable:
    """Le dossier des données, pris dans l'archive d'où vient ce module s'il vient d'une archive.

    Dans le navigateur, ce module et les données du comparateur voyagent ensemble dans l'archive
    « suite » (outils/construire_runtime.py), que les pages d'un seul acte ne téléchargent pas ;
    `resources.files("remb_core")` lirait l'archive du paquet, qui ne les contient pas."""
    archive = getattr(__spec__.loader, "archive", None)  # zipimport.zipimporter
    if isinstance(archive, str):
        return zipfile.Path(archive, f"remb_core/{DOSSIER}/")
    return resources.files("remb_core") / DOSSIER


def lire(sous_dossier: str, nom: str) -> Fichier:
    """Un fichier de `donnees/<sous_dossier>/`."""
    chemin = _donnees() / sous_dossier / nom
    return Fichier(f"{sous_dossier}/{nom}", chemin.read_text(encoding="utf-8"))


def lister(sous_dossier: str) -> list[str]:
    """Les fichiers TOML d'un sous-dossier, par ordre alphabétique."""
    dossier = _donnees() / sous_dossier
    return sorted(e.name for e in dossier.iterdir() if e.name.endswith(".toml"))
