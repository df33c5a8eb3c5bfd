"""`baremes diff DATE1 DATE2` : les paramètres qui changent entre deux dates, et comment bougent
les exemples chiffrés du site (recalculés avec les barèmes donnés, passés explicitement)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..baremes import DEBUT, Baremes, Parametre, Valeur
from ..erreurs import ErreurBareme, ErreurSaisie
from ..formats import date_fr, euros, texte_brut, valeur

MONTANTS = (("amo", "Assurance Maladie"), ("amc", "Complémentaire"),
            ("reste_a_charge", "Reste à charge"))


def _formater(p: Parametre, v: Valeur | None) -> str:
    return "—" if v is None else valeur(v.valeur, p.unite, brut=True)


@dataclass(frozen=True)
class Changement:
    parametre: Parametre
    avant: Valeur | None
    apres: Valeur | None
    etapes: int  # nombre de dates d'effet entre les deux dates

    def texte(self) -> str:
        p, v = self.parametre, self.apres
        ligne = (f"  • {p.nom} ({p.libelle}) : {_formater(p, self.avant)} → {_formater(p, v)}")
        if v is None:
            return ligne + " (pas de valeur à la seconde date)"
        ligne += f", en vigueur depuis le {date_fr(v.depuis)} [{p.fichier}]"
        if self.etapes > 1:
            ligne += f" ({self.etapes} changements entre les deux dates)"
        ligne += f"\n      source : {v.source}"
        if v.url:
            ligne += f"\n      {v.url}"
        if v.confiance == "basse":
            ligne += "\n      confiance basse : affiché « à confirmer » sur le site"
        return ligne


@dataclass(frozen=True)
class EcartExemple:
    id: str
    titre: str
    avant: dict[str, str] | None
    apres: dict[str, str] | None
    erreur: str | None = None

    @property
    def bouge(self) -> bool:
        if self.erreur or self.avant is None or self.apres is None:
            return True
        return any(self.avant[k] != self.apres[k] for k, _ in MONTANTS)

    def texte(self) -> str:
        ligne = f"  • {self.id} — {self.titre}"
        if self.erreur or self.avant is None or self.apres is None:
            return ligne + f"\n      calcul impossible : {self.erreur}"
        for cle, libelle in MONTANTS:
            if self.avant[cle] != self.apres[cle]:
                ligne += (f"\n      {libelle} : {euros(self.avant[cle], brut=True)} → "
                          f"{euros(self.apres[cle], brut=True)}")
        return ligne


@dataclass
class Diff:
    date1: dt.date
    date2: dt.date
    changements: list[Changement]
    exemples: list[EcartExemple] | None  # None : pas de fichier d'exemples
    pages: dict[str, list[str]] = field(default_factory=dict)  # paramètre → pages qui le citent
    source_exemples: str = ""
    note_exemples: str = ""

    def texte(self) -> str:
        d1, d2 = date_fr(self.date1), date_fr(self.date2)
        lignes = [f"Ce qui change entre le {d1} et le {d2}", ""]
        if self.changements:
            lignes.append(f"Paramètres qui changent ({len(self.changements)}) :")
            for c in self.changements:
                lignes.append(c.texte())
                if self.pages.get(c.parametre.nom):
                    lignes.append(f"      pages du site concernées : "
                                  f"{', '.join(self.pages[c.parametre.nom])}")
        else:
            lignes.append("Aucun paramètre n'a une valeur différente entre ces deux dates.")
        lignes.append("")
        if self.note_exemples:
            lignes += [f"Exemples chiffrés du site : {self.note_exemples}.", ""]
        if self.exemples is not None:
            lignes += self._texte_exemples(d1, d2) + [""]
        return texte_brut("\n".join(lignes).rstrip() + "\n")

    def _texte_exemples(self, d1: str, d2: str) -> list[str]:
        exemples = self.exemples or []
        bougent = [e for e in exemples if e.bouge]
        titre = "Exemples chiffrés du site"
        if self.source_exemples:
            titre += f" ({self.source_exemples})"
        if not bougent:
            return [f"{titre} : aucun des {len(exemples)} exemples ne bouge."]
        lignes = [f"{titre} qui bougent ({len(bougent)} sur {len(exemples)}), au {d1} → au {d2} :"]
        lignes += [e.texte() for e in bougent]
        fixes = [e.id for e in exemples if not e.bouge]
        if fixes:
            lignes.append(f"  Inchangés : {', '.join(fixes)}.")
        return lignes

    __str__ = texte


def lire_exemples(chemin: str | Path) -> list[dict[str, Any]]:
    """Les exemples chiffrés du site (`[[exemple]]` avec id, titre, aujourdhui) ; ValueError en
    français si le fichier ne se lit pas."""
    try:
        texte = Path(chemin).read_text(encoding="utf-8")
        donnees = tomllib.loads(texte)
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"le fichier d'exemples « {chemin} » ne se lit pas "
                         f"({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"le fichier d'exemples « {chemin} » n'est pas un TOML valide ({exc})"
                         ) from None
    exemples = donnees.get("exemple", [])
    if not isinstance(exemples, list) or not all(isinstance(e, dict) for e in exemples):
        raise ValueError(f"le fichier d'exemples « {chemin} » doit contenir des tables "
                         "[[exemple]]")
    return exemples


def _simuler_exemple(ex: dict[str, Any], jour: dt.date, baremes: Baremes) -> dict[str, Any]:
    from .. import simuler

    demande = ex.get("aujourdhui", ex.get("demande", {}))
    if not isinstance(demande, dict):
        raise ValueError("la demande de l'exemple doit être une table")
    demande = {k: v for k, v in demande.items() if k != "date"}
    return simuler({**demande, "date": jour.isoformat()}, baremes)


def _a_la_date(p: Parametre, jour: dt.date) -> Valeur | None:
    try:
        return p.a_la_date(jour)
    except KeyError:
        return None


def _changements(baremes: Baremes, date1: dt.date, date2: dt.date) -> list[Changement]:
    changements = []
    for p in baremes.parametres.values():
        avant, apres = _a_la_date(p, date1), _a_la_date(p, date2)
        if (avant and avant.valeur) == (apres and apres.valeur) and (avant is None) == (
                apres is None):
            continue
        bas, haut = sorted((date1, date2))
        etapes = sum(1 for v in p.valeurs if bas < v.depuis <= haut)
        changements.append(Changement(p, avant, apres, etapes))
    changements.sort(key=lambda c: (c.apres.depuis if c.apres else dt.date.min, c.parametre.nom))
    return changements


def _ecarts(baremes: Baremes, date1: dt.date, date2: dt.date,
            exemples: list[dict[str, Any]]) -> list[EcartExemple]:
    ecarts = []
    for ex in exemples:
        ident, titre = str(ex.get("id", "?")), str(ex.get("titre", ""))
        try:
            r1 = _simuler_exemple(ex, date1, baremes)
            r2 = _simuler_exemple(ex, date2, baremes)
        except (ErreurSaisie, ErreurBareme, KeyError, ValueError) as exc:
            ecarts.append(EcartExemple(ident, titre, None, None, str(exc)))
            continue
        ecarts.append(EcartExemple(ident, titre, {k: r1[k] for k, _ in MONTANTS},
                                   {k: r2[k] for k, _ in MONTANTS}))
    return ecarts


def diff(baremes: Baremes, date1: dt.date, date2: dt.date,
         exemples: list[dict[str, Any]] | None = None, docs: str | Path | None = None) -> Diff:
    """Les paramètres dont la valeur en vigueur diffère entre `date1` et `date2`, et les exemples
    chiffrés (les demandes « aujourdhui » du site) dont un montant bouge."""
    changements = _changements(baremes, date1, date2)
    ecarts, note = None, ""
    if exemples is not None and min(date1, date2) < DEBUT:
        note = (f"les exemples ne se recalculent qu'à partir du {date_fr(DEBUT)}, début des "
                "barèmes : choisissez deux dates postérieures pour voir leurs chiffres bouger")
    elif exemples is not None:
        ecarts = _ecarts(baremes, date1, date2, exemples)
    pages = _pages_citant([c.parametre.nom for c in changements], docs) if docs else {}
    return Diff(date1, date2, changements, ecarts, pages, note_exemples=note)


def _pages_citant(noms: list[str], docs: str | Path) -> dict[str, list[str]]:
    """Pour chaque paramètre, les pages du dossier `docs` qui le nomment (macros montant…)."""
    racine = Path(docs)
    if not noms or not racine.is_dir():
        return {}
    textes = {str(f.relative_to(racine)): f.read_text(encoding="utf-8")
              for f in sorted(racine.rglob("*.md")) if not f.name.startswith("_")}
    pages = {}
    for nom in noms:
        motif = re.compile(rf"[\"']{re.escape(nom)}[\"']")
        trouvees = [page for page, texte in textes.items() if motif.search(texte)]
        if trouvees:
            pages[nom] = trouvees
    return pages
