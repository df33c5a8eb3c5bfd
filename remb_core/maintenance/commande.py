"""`python -m remb_core baremes verifier | historique | diff` : 0 si tout va bien, 1 sinon.

Les chemins propres au projet (fichier d'exemples chiffrés, dossier des pages) ne sont pas écrits
ici : ils se lisent dans `[tool.remb_core.maintenance]` du pyproject.toml du dossier courant, ou
se donnent en option (`--exemples`, `--docs`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from ..baremes import charger_textes, textes_du_paquet
from ..controle import COMMANDE
from .diff import diff, lire_exemples
from .historique import historique
from .rapport import Rapport, texte_du_catalogue, textes_du_dossier, verifier


def configuration(dossier: Path | None = None) -> dict[str, Any]:
    """`[tool.remb_core.maintenance]` du pyproject.toml du dossier courant (vide s'il n'y en a
    pas ou s'il ne se lit pas)."""
    chemin = (dossier or Path.cwd()) / "pyproject.toml"
    try:
        donnees = tomllib.loads(chemin.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    section = donnees.get("tool", {}).get("remb_core", {}).get("maintenance", {})
    return section if isinstance(section, dict) else {}


def _date(texte: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise ValueError(f"« {texte} » n'est pas une date AAAA-MM-JJ (exemple : 2025-01-01)") \
            from None


def _exemples(args: argparse.Namespace,
              config: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, str]:
    """Les exemples à recalculer : l'option, sinon le fichier nommé par la configuration."""
    chemin = getattr(args, "exemples", None)
    if chemin:
        if not Path(chemin).is_file():
            raise ValueError(f"le fichier d'exemples « {chemin} » n'existe pas.")
        return lire_exemples(chemin), chemin
    defaut = config.get("exemples")
    if isinstance(defaut, str) and Path(defaut).is_file():
        return lire_exemples(defaut), defaut
    return None, ""


def _diff(args: argparse.Namespace, textes: dict[str, str], origine: str,
          rapport: Rapport) -> int:
    date1, date2 = _date(args.date1), _date(args.date2)
    config = configuration()
    exemples, chemin = _exemples(args, config)
    docs = getattr(args, "docs", None) or config.get("docs")
    resultat = diff(charger_textes(textes), date1, date2, exemples,
                    docs if isinstance(docs, str) else None)
    resultat.source_exemples = chemin
    print(f"Barèmes : {origine}")
    print(resultat.texte())
    if rapport.avertissements:
        n = len(rapport.avertissements)
        dossier = getattr(args, "dossier", None)
        print(f"({n} avertissement{'s' if n > 1 else ''} à relire : « {COMMANDE} baremes "
              "verifier" + (f" --dossier {dossier}" if dossier else "") + " ».)")
    return 0


def commande_baremes(args: argparse.Namespace) -> int:
    """`baremes verifier | historique | diff` : 0 si les barèmes sont sains, 1 sinon."""
    dossier = getattr(args, "dossier", None)
    try:
        textes = textes_du_dossier(dossier) if dossier else textes_du_paquet()
        origine = dossier or "remb_core/donnees (barèmes du paquet)"
        rapport = verifier(textes, texte_du_catalogue())
        rapport.dossier = origine
        if args.action == "verifier":
            print(rapport.texte())
            return 0 if rapport.ok else 1
        if not rapport.ok:
            print(Rapport(rapport.erreurs, rapport.fichiers, rapport.parametres, rapport.actes,
                          origine).texte())
            return 1
        if args.action == "historique":
            print(historique(charger_textes(textes), args.parametre))
            return 0
        return _diff(args, textes, origine, rapport)
    except KeyError as exc:
        print(f"Erreur : {exc.args[0]}")
        return 1
    except ValueError as exc:
        print(f"Erreur : {str(exc).rstrip('.')}.")
        return 1
