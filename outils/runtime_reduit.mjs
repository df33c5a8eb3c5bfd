// Construit, avec le Python de Pyodide lui-même (Node, hors ligne), le runtime réduit des
// calculateurs :
//
//   node outils/runtime_reduit.mjs <config.json>
//
// config.json : {"pyodide": dossier de node_modules/pyodide, "roue": roue de remb_core,
//                "exercice": [[fonction, arguments…], …], "essentiel": n, "sortie": dossier,
//                "donnees_suite": [préfixe, …]}
//                (les n premiers appels : le premier résultat des calculateurs d'un acte ; les
//                données sous ces préfixes, celles du comparateur, vont dans l'archive « suite »)
//
// 1. Trace : Pyodide démarre avec sa bibliothèque standard complète ; on note les modules qu'il
//    importe au démarrage, puis ceux qu'importe l'exercice (les appels que fait le worker du site :
//    remb_core.formulaire.executer pour chaque calculateur, plus l'interface publique), la roue
//    étant importée telle quelle (zipimport).
// 2. Compilation : ces modules seulement, compilés en bytecode par le Python de Pyodide (3.14 ;
//    celui de la machine de construction, 3.11, ne convient pas), sans leurs sources, forment
//    python_stdlib.zip ; les modules de remb_core qu'importent les n premiers appels, compilés,
//    et ses données (barèmes) forment remb_core.zip ; les autres modules de remb_core tracés
//    (année, CSS, comparateur…) et les données du comparateur forment remb_core_suite.zip, que le
//    worker ne lit qu'au premier import de l'un d'eux. Bytecode « unchecked-hash » (PEP 552) :
//    jamais comparé à une source. Ces deux archives ne sont pas compressées (ZIP_STORED) :
//    construire_runtime.py les compresse chacune d'un seul tenant.
// 3. Preuve : un second Pyodide démarre sur la bibliothèque réduite, charge remb_core.zip, et
//    refait l'exercice avec un chercheur « suite » (remb_core_suite.zip, qu'il note) puis un
//    chercheur « secours » en fin de sys.meta_path qui note tout module introuvable ; le moindre
//    manque, un import de la suite pendant les n premiers appels, ou une sortie différente de
//    celle de la trace, fait échouer la construction.
//
// Écrit dans <sortie> : python_stdlib.zip, remb_core.zip, remb_core_suite.zip, trace.json.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const dossierPyodide = path.resolve(config.pyodide) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(dossierPyodide, "pyodide.mjs")).href);
const verrou = JSON.parse(readFileSync(path.join(dossierPyodide, "pyodide-lock.json"), "utf8"));
const VERROU = { info: verrou.info, packages: {} };
const debut = performance.now();

const EXERCICE = `
import json, sys, importlib

def exercer(exercice):
    sorties = []
    for fonction, *arguments in exercice:
        module, _, nom = fonction.rpartition(".")
        f = getattr(importlib.import_module(module), nom)
        try:
            sorties.append(f(*arguments))
        except Exception as exc:  # une saisie invalide fait partie de l'exercice
            sorties.append({"exception": type(exc).__name__, "message": str(exc)})
    return json.dumps(sorties, ensure_ascii=False, sort_keys=True, default=str)

class Suite:
    """Le chercheur du worker (remb-worker.js, _Suite) : les modules de remb_core_suite.zip."""
    def __init__(self, fichier, modules):
        self.fichier, self.modules, self.lus = fichier, set(modules), []
    def find_spec(self, nom, chemin=None, cible=None):
        if nom not in self.modules:
            return None
        import zipimport
        self.lus.append(nom)
        dossier = "/".join(nom.split(".")[:-1])
        return zipimport.zipimporter(f"{self.fichier}/{dossier}").find_spec(nom)

class Manques:
    """Dernier chercheur de sys.meta_path : note tout module que rien d'autre n'a trouvé."""
    noms = []
    def find_spec(self, nom, chemin=None, cible=None):
        self.noms.append(nom)
        return None

def charges(prefixe):
    trouves = {}
    for nom, module in list(sys.modules.items()):
        origine = getattr(getattr(module, "__spec__", None), "origin", None) or ""
        if origine.startswith(prefixe + "/"):
            trouves[nom] = origine[len(prefixe) + 1:]
    return trouves
`;

// --- 1. Trace --------------------------------------------------------------------------------
// Sans colonnes dans les tables de positions (PEP 657, comme python -X no_debug_ranges) : un
// bytecode plus petit ; les traces d'erreur gardent les numéros de ligne.
const trace = await loadPyodide({
  indexURL: dossierPyodide, lockFileContents: VERROU, env: { PYTHONNODEBUGRANGES: "1" },
});
trace.FS.writeFile("/lib/remb_core.whl", readFileSync(config.roue));
trace.runPython(EXERCICE);
trace.globals.set("EXERCICE_JSON", JSON.stringify(config.exercice));
trace.globals.set("ESSENTIEL", config.essentiel);
trace.globals.set("DONNEES_SUITE", trace.toPy(config.donnees_suite));
const resultatTrace = JSON.parse(trace.runPython(`
import sys, json
ZIP = "/lib/python%d%d.zip" % sys.version_info[:2]
DEMARRAGE = charges(ZIP)
sys.meta_path.append(Manques())
sys.path.insert(0, "/lib/remb_core.whl")
EXERCICE_LISTE = json.loads(EXERCICE_JSON)
SORTIES = exercer(EXERCICE_LISTE[:ESSENTIEL])
ESSENTIELS = charges("/lib/remb_core.whl")
SORTIES += "|" + exercer(EXERCICE_LISTE[ESSENTIEL:])
TOUS = charges(ZIP)
PAQUET = charges("/lib/remb_core.whl")

import zipfile, io, importlib.util, importlib._bootstrap_external as ext

import ast

def sans_docstrings(source, chemin):
    """L'arbre du module sans ses docstrings (comme python -OO, mais les assert restent)."""
    arbre = ast.parse(source, chemin)
    for noeud in ast.walk(arbre):
        if isinstance(noeud, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            corps = noeud.body
            if corps and isinstance(corps[0], ast.Expr) and isinstance(corps[0].value, ast.Constant) \
                    and isinstance(corps[0].value.value, str):
                noeud.body = corps[1:] or [ast.copy_location(ast.Pass(), corps[0])]
    return arbre

def bytecode(source, chemin, docstrings=True):
    arbre = source if docstrings else sans_docstrings(source, chemin)
    code = compile(arbre, chemin, "exec", dont_inherit=True)
    return bytes(ext._code_to_hash_pyc(code, importlib.util.source_hash(source), False))

def archive(entrees, methode=zipfile.ZIP_DEFLATED):
    # Archives de remb_core : non compressées (ZIP_STORED), puis compressées d'un seul tenant (xz,
    # par construire_runtime.py) ; bytecode puis données, pour que les fichiers semblables se
    # suivent.
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", methode) as z:
        for nom in sorted(entrees, key=lambda n: (not n.endswith(".pyc"), n)):
            z.writestr(zipfile.ZipInfo(nom, (1980, 1, 1, 0, 0, 0)), entrees[nom], methode,
                       9 if methode == zipfile.ZIP_DEFLATED else None)
    return tampon.getvalue()

complete = zipfile.ZipFile(ZIP)
reduite = {}
for nom, relatif in TOUS.items():
    if not relatif.endswith(".py"):
        raise SystemExit(f"module {nom} inattendu : {relatif}")
    reduite[relatif[:-3] + ".pyc"] = bytecode(complete.read(relatif), f"{ZIP}/{relatif}",
                                              docstrings=False)
roue = zipfile.ZipFile("/lib/remb_core.whl")
paquet, suite = {}, {}
for nom, relatif in PAQUET.items():
    # Les docstrings de remb_core ne servent pas à l'exécution (rien ne lit __doc__) : retirées.
    archive_de = paquet if nom in ESSENTIELS else suite
    zip_de = "remb_core.zip" if nom in ESSENTIELS else "remb_core_suite.zip"
    archive_de[relatif[:-3] + ".pyc"] = bytecode(roue.read(relatif), f"/lib/{zip_de}/{relatif}",
                                                 docstrings=False)
for relatif in roue.namelist():  # les données : barèmes et catalogue ; celles du comparateur à part
    if relatif.startswith("remb_core/") and not relatif.endswith((".py", "/")):
        archive_de = suite if relatif.startswith(tuple(DONNEES_SUITE)) else paquet
        archive_de[relatif] = roue.read(relatif)
with open("/tmp/python_stdlib.zip", "wb") as f:
    f.write(archive(reduite))
with open("/tmp/remb_core.zip", "wb") as f:
    f.write(archive(paquet, zipfile.ZIP_STORED))
with open("/tmp/remb_core_suite.zip", "wb") as f:
    f.write(archive(suite, zipfile.ZIP_STORED))
json.dumps({"python": sys.version.split()[0], "demarrage": sorted(DEMARRAGE), "tous": sorted(TOUS),
            "paquet": sorted(PAQUET), "essentiels": sorted(ESSENTIELS),
            "suite": sorted(n for n in PAQUET if n not in ESSENTIELS),
            "sorties": SORTIES, "manques": Manques.noms,
            "modules_complets": len([n for n in complete.namelist() if n.endswith(".py")])})
`));
const stdlib = trace.FS.readFile("/tmp/python_stdlib.zip");
const paquet = trace.FS.readFile("/tmp/remb_core.zip");
const suite = trace.FS.readFile("/tmp/remb_core_suite.zip");

// --- 3. Preuve -------------------------------------------------------------------------------
mkdirSync(config.sortie, { recursive: true });
const cheminStdlib = path.join(config.sortie, "python_stdlib.zip");
writeFileSync(cheminStdlib, stdlib);
writeFileSync(path.join(config.sortie, "remb_core.zip"), paquet);
writeFileSync(path.join(config.sortie, "remb_core_suite.zip"), suite);
const preuve = await loadPyodide({
  indexURL: dossierPyodide, stdLibURL: cheminStdlib, lockFileContents: VERROU,
});
preuve.FS.writeFile("/lib/remb_core.zip", paquet);
preuve.FS.writeFile("/lib/remb_core_suite.zip", suite);
preuve.runPython(EXERCICE);
preuve.globals.set("EXERCICE_JSON", JSON.stringify(config.exercice));
preuve.globals.set("ESSENTIEL", config.essentiel);
preuve.globals.set("SUITE_JSON", JSON.stringify(resultatTrace.suite));
const resultatPreuve = JSON.parse(preuve.runPython(`
import sys, json

SUITE = Suite("/lib/remb_core_suite.zip", json.loads(SUITE_JSON))
sys.meta_path.append(SUITE)
sys.meta_path.append(Manques())
sys.path.insert(0, "/lib/remb_core.zip")
EXERCICE_LISTE = json.loads(EXERCICE_JSON)
SORTIES = exercer(EXERCICE_LISTE[:ESSENTIEL])
SUITE_TROP_TOT = list(SUITE.lus)
SORTIES += "|" + exercer(EXERCICE_LISTE[ESSENTIEL:])
json.dumps({"manques": Manques.noms, "sorties": SORTIES, "suite_trop_tot": SUITE_TROP_TOT})
`));

// Un module introuvable aussi avec la bibliothèque complète (import facultatif) n'est pas un manque.
const manques = resultatPreuve.manques.filter((nom) => !resultatTrace.manques.includes(nom));
if (manques.length) {
  console.error(`runtime_reduit : modules absents de la bibliothèque réduite : ${manques.join(", ")}`);
  process.exit(1);
}
if (resultatPreuve.suite_trop_tot.length) {
  console.error("runtime_reduit : le premier résultat importe des modules de la suite : "
    + resultatPreuve.suite_trop_tot.join(", "));
  process.exit(1);
}
if (resultatPreuve.sorties !== resultatTrace.sorties) {
  console.error("runtime_reduit : l'exercice ne donne pas les mêmes sorties sur le runtime réduit");
  process.exit(1);
}
const bilan = {
  pyodide: trace.version,
  python: resultatTrace.python,
  modules_demarrage: resultatTrace.demarrage,
  modules: resultatTrace.tous,
  modules_complets: resultatTrace.modules_complets,
  paquet: resultatTrace.paquet,
  essentiels: resultatTrace.essentiels,
  suite: resultatTrace.suite,
  absents_partout: [...new Set(resultatTrace.manques)].sort(),
  appels: config.exercice.length,
  octets: { python_stdlib: stdlib.length, remb_core: paquet.length, remb_core_suite: suite.length },
  duree_s: Math.round(performance.now() - debut) / 1000,
};
writeFileSync(path.join(config.sortie, "trace.json"), JSON.stringify(bilan, null, 1) + "\n");
console.log(`runtime_reduit : ${bilan.modules.length} modules sur ${bilan.modules_complets} `
  + `(${stdlib.length} o), remb_core ${paquet.length} o + suite ${suite.length} o, prouvé sur `
  + `${bilan.appels} appels `
  + `en ${bilan.duree_s} s`);
