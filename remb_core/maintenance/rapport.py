"""Le rapport de `baremes verifier` : les constats du contrôle, classés et écrits pour un humain.

Le contrôle lui-même est celui du chargement (`remb_core.controle`) : ce module ne fait que le
lancer en mode complet et le présenter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..baremes import FICHIER_ACTES
from ..controle import COMMANDE, controler
from ..erreurs import Constat
from ..formats import texte_brut

__all__ = ["Constat", "Rapport", "verifier", "textes_du_dossier", "texte_du_catalogue"]


@dataclass
class Rapport:
    """Le résultat de `verifier` : erreurs (bloquantes), avertissements, informations."""

    constats: list[Constat] = field(default_factory=list)
    fichiers: int = 0
    parametres: int = 0
    actes: int = 0
    dossier: str = ""

    def _niveau(self, niveau: str) -> list[Constat]:
        return [c for c in self.constats if c.niveau == niveau]

    @property
    def erreurs(self) -> list[Constat]:
        return self._niveau("erreur")

    @property
    def avertissements(self) -> list[Constat]:
        return self._niveau("avertissement")

    @property
    def ok(self) -> bool:
        return not self.erreurs

    def texte(self) -> str:
        lignes = [f"Vérification des barèmes{' : ' + self.dossier if self.dossier else ''}",
                  f"{self.fichiers} fichier(s), {self.parametres} paramètre(s), "
                  f"{self.actes} acte(s) au catalogue.", ""]
        for niveau, titre, puce in (
                ("erreur", "ERREURS — à corriger avant de reconstruire le site", "✗"),
                ("avertissement", "AVERTISSEMENTS — à relire, sans bloquer", "!"),
                ("info", "À SAVOIR", "·")):
            constats = self._niveau(niveau)
            if constats:
                lignes.append(f"{titre} ({len(constats)}) :")
                lignes += [f"  {puce} {c}" for c in constats]
                lignes.append("")
        lignes.append(self._conclusion())
        return texte_brut("\n".join(lignes))

    def _conclusion(self) -> str:
        if self.erreurs:
            n = len(self.erreurs)
            return (f"Résultat : {n} erreur{'s' if n > 1 else ''} — les barèmes ne sont pas "
                    f"utilisables en l'état (le site ne se construira pas). Corrigez puis "
                    f"relancez « {COMMANDE} baremes verifier ».")
        n = len(self.avertissements)
        return (f"Résultat : barèmes valides ({n} avertissement{'s' if n > 1 else ''}). Étape "
                f"suivante : « {COMMANDE} baremes diff AVANT APRÈS » pour voir ce qui change, "
                "puis reconstruire le site.")

    __str__ = texte


def verifier(textes: dict[str, str], catalogue_texte: str,
             aujourdhui: dt.date | None = None) -> Rapport:
    """Contrôle complet de fichiers de barème {nom: contenu} contre le catalogue des actes."""
    bilan = controler(textes, catalogue_texte, aujourdhui=aujourdhui, complet=True)
    parametres = len(bilan.parametres) + len(bilan.casses - set(bilan.parametres))
    return Rapport(bilan.constats, bilan.fichiers, parametres, bilan.actes)


def textes_du_dossier(dossier: str | Path) -> dict[str, str]:
    """Tous les .toml d'un dossier sauf le catalogue des actes ; ValueError si rien à lire."""
    chemin = Path(dossier)
    if not chemin.is_dir():
        raise ValueError(f"le dossier « {dossier} » n'existe pas")
    textes = {}
    for f in sorted(chemin.glob("*.toml")):
        if f.name == FICHIER_ACTES:
            continue
        try:
            textes[f.name] = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"le fichier « {f} » ne se lit pas en UTF-8 ({exc.__class__.__name__})"
                             ) from None
    if not textes:
        raise ValueError(f"le dossier « {dossier} » ne contient aucun fichier de barème .toml")
    return textes


def texte_du_catalogue() -> str:
    return (resources.files("remb_core") / "donnees" / FICHIER_ACTES).read_text(encoding="utf-8")
