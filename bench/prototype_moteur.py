"""Mesure de changements proposés au moteur, sans toucher au paquet : sur une copie de remb_core.

Trois changements, appliqués à une copie temporaire de `remb_core/` (jamais au dépôt) :

1. barèmes et catalogue lus à la construction : un module `remb_core/_donnees.py` (le contenu des
   TOML, dates comprises, en littéraux Python, compilé en bytecode) remplace `tomllib` et
   `importlib.resources` dans le navigateur ; la validation (`_parametre`, `lire_catalogue`)
   reste la même ;
2. `remb_core.annee` importé seulement par `simuler_annee` (le premier résultat n'en a pas
   besoin) ;
3. `html.escape` (dont le module importe `html.entities`, 97 ko de bytecode) remplacé par une
   table de `str.translate`.

Le script vérifie que la copie donne les mêmes résultats que le paquet sur tous les cas de
référence et chaque calculateur, construit les deux runtimes réduits (`outils/runtime_reduit.mjs`,
même exercice que le site), puis mesure dans Node, en alternance, le temps après le démarrage de
Pyodide (import de remb_core.formulaire et premier résultat) : médianes et écarts appariés.

    .venv/bin/python bench/prototype_moteur.py [--passages 11]

Il mesure, il ne juge pas ; les substitutions de texte suivent le moteur tel qu'il est le
30 novembre 2026 : si le moteur change, le script le dit et s'arrête.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "outils"))
from construire_runtime import EXERCICE, _roue  # noqa: E402

MESURER = Path(__file__).resolve().parent / "prototype_moteur" / "mesurer.mjs"


def remplacer(fichier: Path, ancien: str, nouveau: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    if ancien not in texte:
        raise SystemExit(f"prototype_moteur : {fichier.name} a changé, substitution impossible :\n{ancien}")
    fichier.write_text(texte.replace(ancien, nouveau, 1), encoding="utf-8")


def litteral(objet) -> str:
    if isinstance(objet, dt.date):
        return f"_D({objet.year},{objet.month},{objet.day})"
    if isinstance(objet, dict):
        return "{" + ",".join(f"{k!r}:{litteral(v)}" for k, v in objet.items()) + "}"
    if isinstance(objet, list):
        return "[" + ",".join(litteral(v) for v in objet) + "]"
    return repr(objet)


def prototype(dossier: Path) -> Path:
    """La copie modifiée de remb_core, dans dossier/remb_core."""
    paquet = dossier / "remb_core"
    shutil.copytree(RACINE / "remb_core", paquet, ignore=shutil.ignore_patterns("__pycache__"))
    donnees = {f.name: tomllib.loads(f.read_text(encoding="utf-8"))
               for f in sorted((paquet / "donnees").glob("*.toml"))}
    (paquet / "_donnees.py").write_text("from datetime import date as _D\nDONNEES = "
                                        + litteral(donnees) + "\n", encoding="utf-8")
    b = paquet / "baremes.py"
    remplacer(b, "import tomllib\n", "")
    remplacer(b, "from importlib import resources\n", "")
    remplacer(b, '''def lire_fichier(fichier: str, texte: str) -> dict[str, Parametre]:
    """Lit un fichier de barème ; lève ErreurBareme au premier défaut."""
    try:''', '''def lire_fichier(fichier: str, texte: str, donnees=None) -> dict[str, Parametre]:
    """Lit un fichier de barème ; lève ErreurBareme au premier défaut."""
    if donnees is not None:
        return {nom: _parametre(fichier, texte, nom, brut) for nom, brut in donnees.items()}
    import tomllib
    try:''')
    remplacer(b, "def textes_du_paquet() -> dict[str, str]:", '''def _du_paquet_prelu():
    from ._donnees import DONNEES
    parametres = {}
    for fichier in sorted(DONNEES):
        if fichier != FICHIER_ACTES:
            parametres.update(lire_fichier(fichier, "", DONNEES[fichier]))
    return Baremes(parametres, {})


def textes_du_paquet() -> dict[str, str]:
    from importlib import resources''')
    remplacer(b, "        _actifs = charger_textes(textes_du_paquet())",
              "        _actifs = _du_paquet_prelu()")
    a = paquet / "actes.py"
    remplacer(a, "import tomllib\n", "")
    remplacer(a, "from importlib import resources\n", "")
    remplacer(a, '''def lire_catalogue(texte: str, baremes: _baremes.Baremes) -> Catalogue:
    """Lit et vérifie le catalogue : tout paramètre nommé doit exister dans les barèmes."""
    try:
        donnees = tomllib.loads(texte)
    except tomllib.TOMLDecodeError as exc:
        raise ErreurBareme(_baremes.FICHIER_ACTES, None, f"syntaxe TOML invalide ({exc})") from None''',
              '''def lire_catalogue(texte: str, baremes: _baremes.Baremes, donnees=None) -> Catalogue:
    """Lit et vérifie le catalogue : tout paramètre nommé doit exister dans les barèmes."""
    if donnees is None:
        import tomllib
        try:
            donnees = tomllib.loads(texte)
        except tomllib.TOMLDecodeError as exc:
            raise ErreurBareme(_baremes.FICHIER_ACTES, None, f"syntaxe TOML invalide ({exc})") from None''')
    lecture = ('        texte = (resources.files("remb_core") / "donnees" / '
               '_baremes.FICHIER_ACTES).read_text(\n            encoding="utf-8")\n'
               '        _cache.clear()\n        _cache[cle] = lire_catalogue(texte, baremes)')
    remplacer(a, lecture, '''        from ._donnees import DONNEES
        _cache.clear()
        _cache[cle] = lire_catalogue("", baremes, DONNEES[_baremes.FICHIER_ACTES])''')
    i = paquet / "__init__.py"
    remplacer(i, "from . import annee as _annee\n", "")
    remplacer(i, "    return _annee.simuler_annee(demande)",
              "    from . import annee as _annee\n    return _annee.simuler_annee(demande)")
    remplacer(paquet / "rendu.py", "from html import escape\n",
              '_ECHAPPER = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", \'"\': "&quot;", '
              '"\'": "&#x27;"})\n\n\ndef escape(texte):\n    return str(texte).translate(_ECHAPPER)\n')
    return paquet


def memes_resultats(dossier: Path) -> bool:
    code = ("import sys, json; sys.path[:0] = [{!r}, {!r}]\n"
            "from cas_reference import cas_de_reference, cas_des_calculateurs, executer\n"
            "print(json.dumps(executer(cas_de_reference() + cas_des_calculateurs()), sort_keys=True))")
    sorties = [subprocess.run([sys.executable, "-c", code.format(str(d), str(RACINE / "tests"))],
                              cwd=RACINE, capture_output=True, text=True, check=True).stdout
               for d in (RACINE, dossier)]
    return sorties[0] == sorties[1]


def runtime(nom: str, roue: Path, dossier: Path) -> Path:
    sortie = dossier / f"runtime_{nom}"
    config = dossier / f"config_{nom}.json"
    config.write_text(json.dumps({"pyodide": str(RACINE / "node_modules" / "pyodide"), "roue": str(roue),
                                  "exercice": EXERCICE, "sortie": str(sortie)}), encoding="utf-8")
    fini = subprocess.run(["node", str(RACINE / "outils" / "runtime_reduit.mjs"), str(config)],
                          capture_output=True, text=True)
    if fini.returncode != 0:
        raise SystemExit(fini.stdout + fini.stderr)
    print(f"{nom} : {fini.stdout.strip()}")
    return sortie


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--passages", type=int, default=11)
    args = parseur.parse_args(arguments)
    with tempfile.TemporaryDirectory(prefix="remb-prototype-") as tmp:
        dossier = Path(tmp)
        paquet = prototype(dossier)
        if not memes_resultats(dossier):
            print("prototype_moteur : la copie ne donne pas les mêmes résultats que le paquet")
            return 1
        print("Copie modifiée : mêmes résultats que le paquet (cas de référence, calculateurs).")
        roue = dossier / "prototype.whl"
        with zipfile.ZipFile(roue, "w") as z:
            for f in sorted(paquet.rglob("*.py")):
                z.write(f, f.relative_to(dossier).as_posix())
        runtimes = {"paquet": runtime("paquet", _roue(RACINE)[0], dossier),
                    "prototype": runtime("prototype", roue, dossier)}
        mesures: dict[str, list] = {n: [] for n in runtimes}
        for i in range(args.passages):
            for nom in (list(runtimes) if i % 2 == 0 else list(runtimes)[::-1]):
                fini = subprocess.run(["node", str(MESURER), str(RACINE / "node_modules" / "pyodide"),
                                       str(runtimes[nom])], capture_output=True, text=True, check=True)
                mesures[nom].append(json.loads(fini.stdout.strip().splitlines()[-1]))
        for nom, liste in mesures.items():
            print(f"{nom:10} " + ", ".join(
                f"{cle} {statistics.median(m[cle] for m in liste):.0f} ms" for cle in liste[0]))
        for cle in ("apres_boot", "cpu_apres_boot"):
            ecarts = [a[cle] - b[cle] for a, b in zip(mesures["paquet"], mesures["prototype"], strict=True)]
            print(f"gain apparié ({cle}) : médiane {statistics.median(ecarts):.0f} ms, "
                  f"étendue [{min(ecarts):.0f}, {max(ecarts):.0f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
