"""remb_core calcule à l'identique dans CPython et dans Pyodide (le runtime des calculateurs).

Le runtime du site est construit comme pour le site (outils/construire_runtime.py), le worker
écrit comme pour le site, puis Node fait tourner la fonction demarrer() de ce worker (Pyodide, la
bibliothèque standard réduite et compilée, remb_core.zip), hors ligne, et calcule les cas de
référence (tests/cas_reference.py : toutes les lignes dorées, cas de référence, autres
tests/cas_*.toml et exemples chiffrés des sources) et chaque calculateur ; chaque résultat doit
être égal, exactement, à celui de CPython, sans qu'aucun module manque au runtime réduit.
Demande Node et `npm ci` (node_modules/pyodide) : sans eux le test est sauté, sauf sous CI
(variable CI posée), où il échoue.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from cas_reference import (
    INVALIDES,
    cas_de_reference,
    cas_des_calculateurs,
    executer,
    lignes_de_reference,
)

import remb_core

RACINE = Path(__file__).resolve().parent.parent
SCRIPT = RACINE / "tests" / "pyodide" / "executer_cas.mjs"


def _outil():
    spec = importlib.util.spec_from_file_location(
        "construire_runtime", RACINE / "outils" / "construire_runtime.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sous_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _manque(raison: str):
    if _sous_ci():
        pytest.fail(f"{raison} — sous CI ce test ne peut pas être sauté.")
    pytest.skip(raison)


def _texte(valeur) -> list[str]:
    return json.dumps(valeur, ensure_ascii=False, indent=1, sort_keys=True).splitlines()


def _nom_du_cas(i: int) -> str:
    lignes = lignes_de_reference()
    return lignes[i].id if i < len(lignes) else f"cas n° {i - len(lignes)} après les lignes dorées"


def test_pyodide_calcule_comme_cpython(tmp_path):
    node = shutil.which("node")
    if node is None:
        _manque("Node.js est introuvable (apt-get install nodejs)")
    if not (RACINE / "node_modules" / "pyodide" / "package.json").is_file():
        _manque("node_modules/pyodide est absent : lancez « npm ci » à la racine du dépôt")

    outil = _outil()
    bilan = outil.construire(tmp_path / "site", RACINE)
    worker = tmp_path / "site" / "assets" / "remb-worker.mjs"  # .mjs : un module pour Node
    worker.write_text(outil.worker_construit(
        (RACINE / "docs" / "assets" / "remb-worker.js").read_text(encoding="utf-8"),
        bilan["config"]), encoding="utf-8")
    cas = cas_de_reference() + cas_des_calculateurs()
    (tmp_path / "cas.json").write_text(json.dumps(cas, ensure_ascii=False), encoding="utf-8")

    debut = time.perf_counter()
    fini = subprocess.run(
        [node, str(SCRIPT), str(worker), str(tmp_path / "cas.json"),
         str(tmp_path / "sortie.json")],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    duree = time.perf_counter() - debut
    assert fini.returncode == 0, f"executer_cas.mjs a échoué :\n{fini.stdout}\n{fini.stderr}"
    print(f"\n{fini.stdout.strip()} ; Node : {duree:.1f} s")

    sortie = json.loads((tmp_path / "sortie.json").read_text(encoding="utf-8"))
    assert sortie["python"].startswith("3.14"), sortie["python"]
    assert sortie["pyodide"] == bilan["pyodide"]
    assert sortie["remb_core"] == remb_core.__version__
    assert sortie["remb_core_fichier"].startswith("/lib/remb_core.zip/remb_core/"), \
        "remb_core doit venir de remb_core.zip, compilé à la construction"
    # Le runtime réduit suffit : aucun module cherché dans les archives de secours, qui ne sont
    # donc jamais lues ; Pyodide a bien démarré sur la bibliothèque réduite.
    assert sortie["secours"] == [], sortie["secours"]
    config = bilan["config"]
    assert sortie["fichiers_lus_premier_resultat"] == [Path(config["paquet"]).name], \
        "le premier résultat d'un calculateur d'un acte ne doit lire que remb_core.zip"
    assert sortie["fichiers_lus"] == [Path(config["paquet"]).name,
                                      Path(config["suite"]["archive"]).name], sortie["fichiers_lus"]
    assert sortie["stdlib_octets"] == bilan["tailles"][config["stdlib"].split("/", 1)[1]]
    # Et le secours marche : un module retiré par la réduction vient de la bibliothèque complète.
    assert sortie["secours_essai"] == ["difflib"], sortie["secours_essai"]
    assert Path(config["secours"]["archives"]["stdlib"]).name in sortie["fichiers_lus_essai"]

    obtenus, attendus = sortie["sorties"], executer(cas)
    assert len(obtenus) == len(cas)
    plantages = [(i, o) for i, o in enumerate(obtenus) if "exception" in o]
    assert not plantages, "exception dans Pyodide, cas {} ({}) :\n{}".format(
        plantages[0][0], cas[plantages[0][0]].get("acte"), plantages[0][1]["trace"])
    differents = [i for i, (o, a) in enumerate(zip(obtenus, attendus, strict=True)) if o != a]
    if differents:
        i = differents[0]
        ecart = "\n".join(difflib.unified_diff(_texte(attendus[i]), _texte(obtenus[i]),
                                               "CPython", "Pyodide", lineterm="", n=2))
        pytest.fail(f"{len(differents)} cas diffèrent entre CPython et Pyodide "
                    f"(n° {differents}) ; le premier, « {_nom_du_cas(i)} », "
                    f"{json.dumps(cas[i], ensure_ascii=False)} :"
                    f"\n{ecart}")

    # Les cas de référence restent significatifs : tout acte couvert, invalides seuls en erreur.
    couverts = {d.get("acte") for d in cas}
    oublies = sorted({a["id"] for a in remb_core.actes("2026-06-01")} - couverts)
    assert not oublies, f"actes sans cas de référence (tests/cas_reference.toml) : {oublies}"
    lignes = lignes_de_reference()  # d'abord les lignes dorées ; le comparateur a ses refus
    en_erreur = [i for i, a in enumerate(attendus[:len(lignes)]) if "erreur" in a]
    simples = [i for i, d in enumerate(cas) if "fonction" not in d]
    invalides = [i for i, ligne in enumerate(lignes) if ligne.erreur]
    assert simples[-INVALIDES:] == invalides[:INVALIDES]
    assert en_erreur == invalides, \
        f"seules les {len(invalides)} demandes invalides doivent échouer : {en_erreur}"
    fonctions = {d.get("fonction") for d in cas}
    assert {"comparer_contrats", "exemples_normalises", "estimer_css", "executer"} <= fonctions


def test_construire_sans_npm_ci(tmp_path):
    """Sans node_modules/pyodide, le message dit quoi faire."""
    outil = _outil()
    with pytest.raises(outil.ErreurRuntime, match="lancez « npm ci »"):
        outil.construire(tmp_path / "site", tmp_path)
