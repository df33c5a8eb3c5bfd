"""Construit le runtime navigateur du site : Pyodide (de node_modules) et la roue de remb_core.

Utilisation :

    python outils/construire_runtime.py [DOSSIER_SITE] [--racine DÉPÔT]

ou, depuis Python (hook MkDocs `on_post_build`) :

    from construire_runtime import construire
    construire(Path(config["site_dir"]), racine)

Écrit dans `<site>/assets/pyodide/` :
- les fichiers du runtime Pyodide, copiés de `node_modules/pyodide/` (installé par `npm ci`,
  version fixée dans package-lock.json) : aucun CDN ;
- la roue `remb_core-<version>+h<empreinte>-py3-none-any.whl`, construite par
  `pip wheel --no-deps --no-build-isolation` ; l'empreinte (contenu des sources) change dès que
  le code ou les barèmes changent, même sans changement de version : les navigateurs ne gardent
  jamais une ancienne roue en cache (loadPackage refuse une URL avec « ?v=… ») ;
- `manifeste.json` : {"pyodide": version, "wheel": nom de la roue}, lu par le JavaScript.

La roue est gardée dans `build/runtime-pyodide/` : tant que les sources ne changent pas, elle
n'est pas reconstruite (un appel prend alors quelques dizaines de millisecondes).

Bibliothèque standard seulement.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

PAQUET = "remb_core"
#: Ce que le navigateur n'a pas à télécharger : les outils du mainteneur des barèmes.
HORS_NAVIGATEUR = ("maintenance",)
# Les fichiers dont un navigateur a besoin (vérifiés dans le paquet npm pyodide 314.0.7 :
# il n'y a plus de pyodide.asm.js ; pyodide.js, les .map, .d.ts et console*.html sont inutiles).
FICHIERS_PYODIDE = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
SOUS_DOSSIER = Path("assets") / "pyodide"
CACHE = Path("build") / "runtime-pyodide"
MANIFESTE = "manifeste.json"
ROUES_GARDEES = 5


class ErreurRuntime(RuntimeError):
    """Le runtime ne peut pas être construit ; le message dit quoi faire."""


# --- Pyodide ---------------------------------------------------------------------------------


def _pyodide(racine: Path) -> tuple[Path, str]:
    """Le dossier node_modules/pyodide et sa version ; vérifie qu'il est complet et à jour."""
    dossier = racine / "node_modules" / "pyodide"
    paquet = dossier / "package.json"
    if not paquet.is_file():
        raise ErreurRuntime(
            f"Pyodide est introuvable ({dossier}) : lancez « npm ci » à la racine du dépôt "
            f"({racine}) pour installer les paquets fixés par package-lock.json.")
    version = json.loads(paquet.read_text(encoding="utf-8"))["version"]
    manquants = [nom for nom in FICHIERS_PYODIDE if not (dossier / nom).is_file()]
    if manquants:
        raise ErreurRuntime(
            f"Pyodide {version} est incomplet dans {dossier} (manque : {', '.join(manquants)}) : "
            "lancez « npm ci » à la racine du dépôt.")
    verrou = racine / "package-lock.json"
    if verrou.is_file():
        attendu = (json.loads(verrou.read_text(encoding="utf-8")).get("packages", {})
                   .get("node_modules/pyodide", {}).get("version"))
        if attendu and attendu != version:
            raise ErreurRuntime(
                f"node_modules contient Pyodide {version} mais package-lock.json fixe {attendu} : "
                "lancez « npm ci » à la racine du dépôt.")
    return dossier, version


def _copier(source: Path, cible: Path) -> bool:
    """Copie si la cible manque ou diffère (taille, date) ; renvoie True si elle a copié."""
    if cible.is_file():
        s, c = source.stat(), cible.stat()
        if s.st_size == c.st_size and int(s.st_mtime) == int(c.st_mtime):
            return False
    temporaire = cible.with_name(cible.name + ".tmp")
    shutil.copy2(source, temporaire)
    os.replace(temporaire, cible)
    return True


# --- La roue de remb_core ------------------------------------------------------------------


def _sources(racine: Path) -> list[Path]:
    """Les fichiers qui font la roue : pyproject.toml et le paquet (sans caches)."""
    paquet = racine / PAQUET
    if not (paquet / "__init__.py").is_file():
        raise ErreurRuntime(f"Le paquet {PAQUET} est introuvable dans {racine}.")
    fichiers = [racine / "pyproject.toml"]
    fichiers += sorted(
        p for p in paquet.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
        and p.relative_to(paquet).parts[0] not in HORS_NAVIGATEUR)
    fichiers += [p for p in sorted(racine.glob("README*")) + sorted(racine.glob("LICEN[CS]E*"))
                 if p.is_file()]
    return fichiers


def _empreinte(racine: Path, fichiers: list[Path]) -> str:
    h = hashlib.sha256()
    for fichier in fichiers:
        h.update(fichier.relative_to(racine).as_posix().encode() + b"\0")
        h.update(fichier.read_bytes() + b"\0")
    return h.hexdigest()[:10]


def _version_de(texte: str) -> tuple[int, ...]:
    chiffres = []
    for morceau in texte.split("."):
        tete = "".join(c for c in morceau if c.isdigit()) if morceau[:1].isdigit() else ""
        if not tete:
            break
        chiffres.append(int(tete))
    return tuple(chiffres)


def _sans_isolation_possible() -> bool:
    """--no-build-isolation demande setuptools et bdist_wheel : paquet wheel, ou setuptools ≥ 70.1
    qui l'intègre (le setuptools 65 de Python 3.11 ne l'a pas)."""
    try:
        version = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return False
    if _version_de(version) >= (70, 1):
        return True
    try:
        metadata.version("wheel")
        return True
    except metadata.PackageNotFoundError:
        return False


def _construire_roue(racine: Path, fichiers: list[Path], sortie: Path) -> Path:
    """pip wheel sur une copie des sources : rien n'est écrit dans l'arbre de travail (ni build/
    ni .egg-info, dont les restes peuvent glisser d'anciens modules dans la roue)."""
    with tempfile.TemporaryDirectory(prefix="remb-roue-") as tmp:
        copie, roues = Path(tmp) / "src", Path(tmp) / "roues"
        for fichier in fichiers:
            cible = copie / fichier.relative_to(racine)
            cible.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(fichier, cible)
        commande = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--no-input", "-q", "-w", str(roues),
                    str(copie)]
        if not _sans_isolation_possible():
            # Repli : pip installe setuptools dans un environnement isolé (PyPI requis).
            commande.remove("--no-build-isolation")
            print("construire_runtime : ni le paquet « wheel » ni setuptools ≥ 70.1 ; construction "
                  "isolée (pip télécharge setuptools). « pip install wheel » l'évite.",
                  file=sys.stderr)
        fini = subprocess.run(commande, capture_output=True, text=True,
                              env={**os.environ, "SOURCE_DATE_EPOCH": "315532800"})
        produites = sorted(roues.glob(f"{PAQUET}-*.whl"))
        if fini.returncode != 0 or len(produites) != 1:
            raise ErreurRuntime(
                f"La construction de la roue {PAQUET} a échoué (« {' '.join(commande[1:4])} …», "
                f"code {fini.returncode}) :\n{fini.stdout}{fini.stderr}")
        shutil.move(produites[0], sortie)
    return sortie


def _verifier_roue(roue: Path, racine: Path) -> None:
    """La roue doit contenir tout le paquet, barèmes TOML compris (package-data)."""
    with zipfile.ZipFile(roue) as z:
        noms = set(z.namelist())
    attendus = {p.relative_to(racine).as_posix() for p in (racine / PAQUET).rglob("*")
                if p.is_file() and p.suffix in (".py", ".toml") and "__pycache__" not in p.parts
                and p.relative_to(racine / PAQUET).parts[0] not in HORS_NAVIGATEUR}
    manquants = sorted(attendus - noms)
    if manquants:
        raise ErreurRuntime(f"La roue {roue.name} ne contient pas : {', '.join(manquants)} "
                            "(vérifiez [tool.setuptools.package-data] dans pyproject.toml).")


def _roue(racine: Path) -> tuple[Path, bool]:
    """La roue de remb_core (depuis le cache si les sources n'ont pas changé) et si elle a été
    construite à cet appel."""
    fichiers = _sources(racine)
    empreinte = _empreinte(racine, fichiers)
    cache = racine / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    deja = sorted(cache.glob(f"{PAQUET}-*+h{empreinte}-*.whl"))
    if deja:
        os.utime(deja[0])  # récente : survit au ménage
        return deja[0], False
    with tempfile.TemporaryDirectory(prefix="remb-roue-", dir=cache) as tmp:
        brute = _construire_roue(racine, fichiers, Path(tmp) / "roue.whl")
        # Le nom que pip a donné : remb_core-0.1.0-py3-none-any.whl
        with zipfile.ZipFile(brute) as z:
            info = next(n for n in z.namelist() if n.endswith(".dist-info/WHEEL")).split("/")[0]
        distribution, version = info[: -len(".dist-info")].rsplit("-", 1)
        version += (".h" if "+" in version else "+h") + empreinte
        # L'empreinte va dans la partie « version » du nom seulement : Pyodide ne lit, dans le
        # nom, que la distribution (pour trouver le .dist-info) ; testé par tests/test_pyodide.py.
        roue = cache / f"{distribution}-{version}-py3-none-any.whl"
        _verifier_roue(brute, racine)
        os.replace(brute, roue)
    anciennes = sorted(cache.glob(f"{PAQUET}-*.whl"), key=lambda p: p.stat().st_mtime)
    for ancienne in anciennes[:-ROUES_GARDEES]:
        ancienne.unlink(missing_ok=True)
    return roue, True


# --- Assemblage -----------------------------------------------------------------------------


def construire(site_dir: Path, racine: Path) -> dict:
    """Écrit le runtime dans <site_dir>/assets/pyodide/ et renvoie ce qui a été fait :
    {"dossier", "pyodide", "wheel", "roue_construite", "copies", "tailles", "duree_s"}."""
    debut = time.perf_counter()
    racine, site_dir = Path(racine).resolve(), Path(site_dir).resolve()
    source, version = _pyodide(racine)
    roue, construite = _roue(racine)

    cible = site_dir / SOUS_DOSSIER
    cible.mkdir(parents=True, exist_ok=True)
    copies = [nom for nom in FICHIERS_PYODIDE if _copier(source / nom, cible / nom)]
    for ancienne in cible.glob(f"{PAQUET}-*.whl"):
        if ancienne.name != roue.name:
            ancienne.unlink()
    if _copier(roue, cible / roue.name):
        copies.append(roue.name)
    manifeste = {"pyodide": version, "wheel": roue.name}
    texte = json.dumps(manifeste, ensure_ascii=False, indent=2) + "\n"
    chemin = cible / MANIFESTE
    if not chemin.is_file() or chemin.read_text(encoding="utf-8") != texte:
        chemin.write_text(texte, encoding="utf-8")
    return {
        "dossier": str(cible),
        **manifeste,
        "roue_construite": construite,
        "copies": copies,
        "tailles": {nom: (cible / nom).stat().st_size for nom in (*FICHIERS_PYODIDE, roue.name)},
        "duree_s": round(time.perf_counter() - debut, 3),
    }


def main(arguments: list[str] | None = None) -> int:
    racine_defaut = Path(__file__).resolve().parent.parent
    parseur = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parseur.add_argument("site", nargs="?", type=Path, default=None,
                         help="dossier du site construit (défaut : <racine>/site)")
    parseur.add_argument("--racine", type=Path, default=racine_defaut,
                         help=f"racine du dépôt (défaut : {racine_defaut})")
    args = parseur.parse_args(arguments)
    try:
        bilan = construire(args.site or args.racine / "site", args.racine)
    except ErreurRuntime as exc:
        print(f"construire_runtime : {exc}", file=sys.stderr)
        return 1
    print(json.dumps(bilan, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
