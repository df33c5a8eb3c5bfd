"""Construit le runtime navigateur du site : Pyodide (de node_modules), réduit et compilé, et remb_core.

Utilisation :

    python outils/construire_runtime.py [DOSSIER_SITE] [--racine DÉPÔT]

ou, depuis Python (hook MkDocs `on_post_build`) :

    from construire_runtime import construire
    bilan = construire(Path(config["site_dir"]), racine)   # bilan["config"] : pour le worker

Écrit dans `<site>/assets/pyodide/` (tout nom porte une empreinte du contenu : un navigateur peut
garder chaque fichier un an, une nouvelle version change d'adresse) :
- `pyodide-<empreinte>/` : pyodide.mjs, pyodide.asm.mjs et pyodide.asm.wasm, copiés tels quels de
  `node_modules/pyodide/` (installé par `npm ci`, version fixée dans package-lock.json) : aucun CDN ;
- `python_stdlib-<empreinte>.zip` : la bibliothèque standard réduite aux modules qu'importent
  Pyodide au démarrage et remb_core pour les calculateurs, compilée en bytecode par le Python de
  Pyodide lui-même (3.14 ; Node le fait tourner, `outils/runtime_reduit.mjs`), sans sources ;
- `remb_core-<empreinte>.zip.xz` : les modules de remb_core qu'utilise le premier résultat des
  calculateurs d'un acte, compilés de même, et les barèmes ; le worker le télécharge pendant que
  Pyodide démarre, le décompresse et l'importe tel quel (zipimport) ;
- `remb_core_suite-<empreinte>.zip.xz` : les autres modules (année, CSS, comparateur, exemples) et
  les données du comparateur, lus au premier import de l'un d'eux ;
  (ces deux archives sont des zip non compressés, compressés d'un seul tenant en xz : un tiers de
  moins que la compression fichier par fichier du zip, et sans dépendre de l'hébergeur ; le
  module _lzma est compilé dans Pyodide) ;
- `secours/` : la bibliothèque standard complète de Pyodide et la roue de remb_core
  (`remb_core-<version>+h<empreinte>-py3-none-any.whl`, construite par `pip wheel`), que le
  worker ne charge que si un module manquait à la réduction (la construction prouve que non) ;
- `manifeste.json` : les noms de ces fichiers, pour les outils (le navigateur ne le lit pas : les
  adresses sont écrites dans le worker, voir `worker_construit`).

La roue et le runtime réduit sont gardés dans `build/runtime-pyodide/` : tant que leurs sources
ne changent pas, ils ne sont pas reconstruits (un appel prend alors quelques dizaines de ms ; la
première réduction, une dizaine de secondes).

Bibliothèque standard seulement (Node est requis pour la réduction).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
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
# Les fichiers lus dans le paquet npm pyodide (vérifiés dans 314.0.7 : il n'y a plus de
# pyodide.asm.js ; pyodide.js, les .map, .d.ts et console*.html sont inutiles).
FICHIERS_PYODIDE = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
# Ceux que le navigateur charge tels quels, dans un dossier à empreinte : pyodide.mjs trouve les
# deux autres à côté de lui (indexURL). La bibliothèque standard et le verrou (pyodide-lock.json)
# sont remplacés : bibliothèque réduite, verrou sans paquets passé à loadPyodide.
FICHIERS_MOTEUR = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
SOUS_DOSSIER = Path("assets") / "pyodide"
CACHE = Path("build") / "runtime-pyodide"
MANIFESTE = "manifeste.json"
ROUES_GARDEES = 5
REDUCTIONS_GARDEES = 3
REDUCTEUR = Path(__file__).resolve().parent / "runtime_reduit.mjs"
MARQUE_WORKER = "/*RUNTIME*/ null"
#: Les données que seuls lisent les modules de la suite (referentiel : comparateur, tableau complet,
#: exemples) : elles voyagent dans l'archive « suite ». La preuve de la réduction échoue si un
#: premier résultat d'un acte en a besoin.
DONNEES_SUITE = tuple(f"{PAQUET}/donnees/{d}/" for d in ("contrats", "exemples", "profils", "tableau"))
#: xz : 20 % de moins que gzip sur ces archives ; sans CRC64 (le décodeur s'en passe), sans
#: dépendre d'un réglage de la machine de construction.
XZ = {"format": lzma.FORMAT_XZ, "check": lzma.CHECK_CRC32, "preset": 9 | lzma.PRESET_EXTREME}

#: Ce que fait le worker du site, pour la trace des imports : chaque calculateur (valeurs par
#: défaut, mode année, erreurs de saisie) et l'interface publique. La construction échoue si le
#: runtime réduit ne refait pas ces appels à l'identique sans aucun module de secours.
#: EXERCICE_ESSENTIEL : le premier résultat des calculateurs d'un acte (la plupart des pages) ; ses
#: modules forment remb_core.zip, téléchargé dès la création du worker. EXERCICE_SUITE : l'année de
#: soins, la CSS, le comparateur, les exemples ; leurs autres modules forment l'archive « suite »,
#: que le worker ne télécharge qu'au premier import de l'un d'eux.
_EXECUTER = "remb_core.formulaire.executer"
_GARANTIE = {"garantie.forme": "pourcentage_br", "garantie.taux": "150",
             "garantie.secu_incluse": "true"}
EXERCICE_ESSENTIEL = [
    [_EXECUTER, "reste_a_charge", {"mode": "acte", "acte": "consultation_specialiste", "prix": "60",
                                   "secteur": "2_optam", "parcours_coordonne": "true",
                                   "contrat_responsable": "true", "personnes[0].age": "40",
                                   **_GARANTIE}],
    [_EXECUTER, "reste_a_charge", {"mode": "acte", "acte": "consultation_generaliste", "prix": "30",
                                   "parcours_coordonne": "false", "exception_parcours": "urgence",
                                   "situation.age": "12", "situation.ald": "true",
                                   "garantie.forme": "forfait", "garantie.montant": "20",
                                   "garantie.plafond": "50", "date": "2025-03-01"}],
    [_EXECUTER, "reste_a_charge", {"mode": "acte", "acte": "hospitalisation_frais_sejour",
                                   "prix": "2400", "jours": "3", "acte_lourd": "true",
                                   "situation.regime": "alsace_moselle", **_GARANTIE}],
    [_EXECUTER, "tableau_garanties", {"acte": "consultation_specialiste", "prix": "80",
                                      "secteur": "2_optam", "parcours_coordonne": "true",
                                      **_GARANTIE}],
    [_EXECUTER, "glossaire", {"acte": "consultation_generaliste", "prix": "30",
                              "parcours_coordonne": "true", **_GARANTIE}],
    [_EXECUTER, "simple", {"acte": "medicament_65", "prix": "10", "quantite": "3",
                           "garantie.forme": "ticket_moderateur", "garantie.secu_incluse": "true"}],
    [_EXECUTER, "simple", {"acte": "couronne_tarif_libre", "prix": "700",
                           "garantie.forme": "pourcentage_pmss", "garantie.taux": "10"}],
    [_EXECUTER, "simple", {"acte": "verre_hors_100_sante", "prix": "700", "quantite": "2",
                           "garantie.forme": "frais_reels"}],
    [_EXECUTER, "reste_a_charge", {"mode": "acte", "acte": "consultation_specialiste", "prix": "abc"}],
    [_EXECUTER, "inconnu", {}],
    ["remb_core.simuler", {"acte": "hospitalisation_frais_sejour", "prix": "2400", "acte_lourd": True,
                           "date": "2026-06-01", "garantie": {"forme": "frais_reels"}}],
    ["remb_core.actes", "2026-06-01"],
]
EXERCICE_SUITE = [
    # le worker prépare le tableau complet et le comparateur quand leur résultat est déjà à jour
    ["remb_core.formulaire.preparer", "exemples"],
    ["remb_core.formulaire.preparer", "comparateur"],
    [_EXECUTER, "reste_a_charge", {"mode": "annee", "annee": "2026", "personnes[0].age": "40",
                                   "personnes[1].age": "9", "medecines_douces.montant": "40",
                                   "medecines_douces.nombre_par_an": "1",
                                   "lignes[0].acte": "osteopathie", "lignes[0].date": "2026-02-01",
                                   "lignes[0].prix": "60", "lignes[1].acte": "osteopathie",
                                   "lignes[1].date": "2026-03-01", "lignes[1].prix": "60",
                                   "lignes[2].acte": "consultation_generaliste",
                                   "lignes[2].personne": "personnes[1]",
                                   "lignes[2].date": "2026-03-02", "lignes[2].prix": "30",
                                   **_GARANTIE}],
    [_EXECUTER, "reste_a_charge", {"mode": "annee", "annee": "2026", "lignes[0].acte": "osteopathie",
                                   "lignes[0].date": "2026-13-01", "lignes[0].prix": "60"}],
    [_EXECUTER, "css", {"personnes[0].age": "35", "personnes[1].age": "8", "ressources": "16000",
                        "zone": "outre_mer", "logement": "aide_au_logement",
                        "aide_logement_mensuelle": "150", "regime": "general"}],
    [_EXECUTER, "comparateur", {"annee": "2026", "personnes[0].id": "Léa",
                                "personnes[0].situation.age": "38",
                                "actes[0].personne": "personnes[0]",
                                "actes[0].acte": "consultation_generaliste",
                                "actes[0].date": "2026-02-01", "actes[0].prix": "30",
                                "actes[1].acte": "monture_hors_100_sante",
                                "actes[1].date": "2026-03-01", "actes[1].prix": "150",
                                "contrats[0].nom": "A", "contrats[0].cotisation_annuelle": "300",
                                "contrats[0].prereglage": "niveau_2",
                                "contrats[1].nom": "B", "contrats[1].cotisation_annuelle": "600",
                                "contrats[1].css": "true"}],
    [_EXECUTER, "comparateur", {"annee": "2026", "contrats[0].nom": "A"}],
    [_EXECUTER, "exemples", {"date": "2026-06-01", "contrat_responsable": "true",
                             "garanties.optique.forme": "forfait",
                             "garanties.optique.montant": "150"}],
    ["remb_core.simuler_annee", {"annee": 2025, "personnes": [{"id": "A", "situation": {"age": 38}}],
                                 "contrat": {"garanties": {}},
                                 "actes": [{"personne": "A", "acte": "consultation_generaliste",
                                            "date": "2025-02-03", "prix": "30"}]}],
    ["remb_core.estimer_css", {"personnes": [{"age": 70}], "ressources": "12000",
                               "date": "2026-06-01", "regime": "alsace_moselle"}],
    ["remb_core.comparer_contrats", {"annee": 2026, "personnes": [{"id": "A"}], "actes": [
        {"personne": "A", "acte": "osteopathie", "date": "2026-02-03", "prix": "50"}],
        "contrats": [{"nom": "X", "cotisation_annuelle": "10", "garanties": {}},
                     {"nom": "Y", "cotisation_annuelle": "20", "garanties": {}}]}],
    ["remb_core.exemples_normalises", {"optique": {"forme": "forfait", "montant": "100"}},
     "2026-06-01"],
]
EXERCICE = EXERCICE_ESSENTIEL + EXERCICE_SUITE


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


# --- Le runtime réduit (bibliothèque standard et remb_core compilés par Pyodide) -----------------


def _empreinte_contenu(fichiers: list[Path]) -> str:
    h = hashlib.sha256()
    for fichier in fichiers:
        with open(fichier, "rb") as f:
            for bloc in iter(lambda: f.read(1 << 20), b""):
                h.update(bloc)
        h.update(b"\0")
    return h.hexdigest()[:10]


def _reduit(racine: Path, pyodide: Path, roue: Path) -> tuple[Path, bool]:
    """Le dossier du runtime réduit (python_stdlib.zip, remb_core.zip, trace.json), depuis le cache
    si Pyodide, la roue, le réducteur et l'exercice n'ont pas changé ; et s'il a été construit."""
    h = hashlib.sha256()
    for morceau in ((pyodide / "package.json").read_bytes(), (pyodide / "pyodide-lock.json").read_bytes(),
                    roue.name.encode(), REDUCTEUR.read_bytes(),
                    json.dumps([len(EXERCICE_ESSENTIEL), EXERCICE, DONNEES_SUITE, XZ],
                               sort_keys=True).encode()):
        h.update(morceau + b"\0")
    cle = h.hexdigest()[:12]
    cache = racine / CACHE
    dossier = cache / f"reduit-{cle}"
    if (dossier / "trace.json").is_file():
        os.utime(dossier)
        return dossier, False
    node = shutil.which("node")
    if node is None:
        raise ErreurRuntime("Node.js est introuvable : il compile la bibliothèque standard de Pyodide "
                            "(apt-get install nodejs, ou bash outils/preparer.sh).")
    with tempfile.TemporaryDirectory(prefix="reduit-", dir=cache) as tmp:
        config = Path(tmp) / "config.json"
        sortie = Path(tmp) / "sortie"
        config.write_text(json.dumps({"pyodide": str(pyodide), "roue": str(roue),
                                      "exercice": EXERCICE, "essentiel": len(EXERCICE_ESSENTIEL),
                                      "donnees_suite": DONNEES_SUITE, "sortie": str(sortie)}),
                          encoding="utf-8")
        fini = subprocess.run([node, str(REDUCTEUR), str(config)], capture_output=True, text=True,
                              timeout=600)
        if fini.returncode != 0 or not (sortie / "trace.json").is_file():
            raise ErreurRuntime(f"La réduction du runtime a échoué (node {REDUCTEUR.name}, code "
                                f"{fini.returncode}) :\n{fini.stdout[-3000:]}{fini.stderr[-3000:]}")
        for nom in ("remb_core.zip", "remb_core_suite.zip"):
            (sortie / f"{nom}.xz").write_bytes(lzma.compress((sortie / nom).read_bytes(), **XZ))
        os.replace(sortie, dossier)
    anciennes = sorted(cache.glob("reduit-*"), key=lambda p: p.stat().st_mtime)
    for ancienne in anciennes[:-REDUCTIONS_GARDEES]:
        shutil.rmtree(ancienne, ignore_errors=True)
    return dossier, True


# --- Assemblage -----------------------------------------------------------------------------


def construire(site_dir: Path, racine: Path) -> dict:
    """Écrit le runtime dans <site_dir>/assets/pyodide/ et renvoie ce qui a été fait :
    {"dossier", "pyodide", "wheel", "config", "fichiers", "roue_construite", "reduit_construit",
     "copies", "tailles", "trace", "duree_s"} ; "config" est ce que le worker doit connaître
    (adresses relatives au dossier assets/, verrou de Pyodide, archives de secours)."""
    debut = time.perf_counter()
    racine, site_dir = Path(racine).resolve(), Path(site_dir).resolve()
    source, version = _pyodide(racine)
    roue, roue_construite = _roue(racine)
    reduit, reduit_construit = _reduit(racine, source, roue)
    trace = json.loads((reduit / "trace.json").read_text(encoding="utf-8"))

    moteur = f"pyodide-{_empreinte_contenu([source / n for n in FICHIERS_MOTEUR])}"
    stdlib = f"python_stdlib-{_empreinte_contenu([reduit / 'python_stdlib.zip'])}.zip"
    paquet = f"{PAQUET}-{_empreinte_contenu([reduit / 'remb_core.zip.xz'])}.zip.xz"
    suite = f"{PAQUET}_suite-{_empreinte_contenu([reduit / 'remb_core_suite.zip.xz'])}.zip.xz"
    complete = f"python_stdlib-{_empreinte_contenu([source / 'python_stdlib.zip'])}.zip"
    # chemin dans assets/pyodide/ → fichier source
    plan = {**{f"{moteur}/{n}": source / n for n in FICHIERS_MOTEUR},
            stdlib: reduit / "python_stdlib.zip", paquet: reduit / "remb_core.zip.xz",
            suite: reduit / "remb_core_suite.zip.xz",
            f"secours/{complete}": source / "python_stdlib.zip", f"secours/{roue.name}": roue}

    cible = site_dir / SOUS_DOSSIER
    cible.mkdir(parents=True, exist_ok=True)
    copies = []
    for relatif, origine in plan.items():
        (cible / relatif).parent.mkdir(parents=True, exist_ok=True)
        if _copier(origine, cible / relatif):
            copies.append(relatif)
    # Ménage : ce qu'une construction précédente a laissé (autre empreinte).
    for ancien in sorted(cible.rglob("*"), reverse=True):
        relatif = ancien.relative_to(cible).as_posix()
        if ancien.is_file() and relatif not in plan and relatif != MANIFESTE:
            ancien.unlink()
        elif ancien.is_dir() and not any(ancien.iterdir()):
            ancien.rmdir()

    verrou = json.loads((source / "pyodide-lock.json").read_text(encoding="utf-8"))
    base = SOUS_DOSSIER.name
    config = {
        "pyodide": version,
        "index": f"{base}/{moteur}/",
        "stdlib": f"{base}/{stdlib}",
        "paquet": f"{base}/{paquet}",
        # lue à la demande, au premier import de l'un de ces modules (voir EXERCICE_SUITE)
        "suite": {"archive": f"{base}/{suite}", "modules": trace.get("suite", [])},
        "verrou": {"info": verrou["info"], "packages": {}},
        "secours": {"archives": {"stdlib": f"{base}/secours/{complete}",
                                 "roue": f"{base}/secours/{roue.name}"},
                    "absents": trace.get("absents_partout", [])},
    }
    manifeste = {"pyodide": version, "wheel": f"secours/{roue.name}", "runtime": config,
                 "fichiers": sorted(plan)}
    texte = json.dumps(manifeste, ensure_ascii=False, indent=2) + "\n"
    chemin = cible / MANIFESTE
    if not chemin.is_file() or chemin.read_text(encoding="utf-8") != texte:
        chemin.write_text(texte, encoding="utf-8")
    return {
        "dossier": str(cible),
        "pyodide": version,
        "wheel": f"secours/{roue.name}",
        "config": config,
        "fichiers": sorted(plan),
        "roue_construite": roue_construite,
        "reduit_construit": reduit_construit,
        "copies": copies,
        "tailles": {relatif: (cible / relatif).stat().st_size for relatif in plan},
        "trace": {"modules": len(trace["modules"]), "modules_complets": trace["modules_complets"],
                  "paquet": trace["paquet"]},
        "duree_s": round(time.perf_counter() - debut, 3),
    }


def worker_construit(source: str, config: dict) -> str:
    """Le worker (docs/assets/remb-worker.js) avec les adresses du runtime écrites dedans."""
    if source.count(MARQUE_WORKER) != 1:
        raise ErreurRuntime(f"Le worker doit contenir une fois « const RUNTIME = {MARQUE_WORKER}; ».")
    return source.replace(MARQUE_WORKER, json.dumps(config, ensure_ascii=False, separators=(",", ":")))


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
