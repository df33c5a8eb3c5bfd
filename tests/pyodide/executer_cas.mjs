// Exécute des cas de remb_core dans Pyodide (Node, hors ligne) et écrit leurs résultats.
//
//   node tests/pyodide/executer_cas.mjs <dossier_runtime> <cas.json> <sortie.json>
//
// <dossier_runtime> : le dossier écrit par outils/construire_runtime.py (site/assets/pyodide),
// avec pyodide.mjs, les fichiers du runtime, la roue de remb_core et manifeste.json.
// <cas.json> : une liste de demandes (objets JSON). Chacune est passée à remb_core.simuler ;
// une demande portant "fonction": "simuler_annee" (ou "actes", "comparer_contrats",
// "exemples_normalises") va à cette fonction-là, sans la clé "fonction" (pour "actes" : seule sa
// "date" compte ; pour "exemples_normalises" : "garanties" et "date").
// <sortie.json> : {"python": sys.version, "pyodide", "remb_core", "durees_ms", "sorties": […]}
// où chaque sortie est le résultat JSON, {"erreur": {"champ", "message"}} pour une ErreurSaisie,
// ou {"exception": "Type: message", "trace": …} pour toute autre exception (un défaut).
//
// Les données passent en texte JSON (json.loads / json.dumps côté Python) : aucune conversion
// de proxies JS ↔ Python ne peut altérer un résultat.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PYTHON = `
import json, sys, traceback
import remb_core

def _un_cas(demande):
    demande = dict(demande)
    fonction = demande.pop("fonction", "simuler")
    try:
        if fonction == "simuler":
            return remb_core.simuler(demande)
        if fonction == "simuler_annee":
            return remb_core.simuler_annee(demande)
        if fonction == "actes":
            return remb_core.actes(demande.get("date"))
        if fonction == "comparer_contrats":
            return remb_core.comparer_contrats(demande)
        if fonction == "exemples_normalises":
            return remb_core.exemples_normalises(demande.get("garanties"), demande.get("date"))
        raise ValueError(f"fonction inconnue : {fonction!r}")
    except remb_core.ErreurSaisie as exc:
        return {"erreur": {"champ": exc.champ, "message": exc.message}}
    except Exception as exc:
        return {"exception": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}

def executer(texte):
    return json.dumps([_un_cas(d) for d in json.loads(texte)], ensure_ascii=False)

def informations():
    return json.dumps({"python": sys.version, "remb_core": remb_core.__version__,
                       "remb_core_fichier": remb_core.__file__})
`;

function arreter(message) {
  console.error(`executer_cas : ${message}`);
  process.exit(1);
}

const [dossierArg, casArg, sortieArg] = process.argv.slice(2);
if (!sortieArg) {
  arreter("usage : node tests/pyodide/executer_cas.mjs <dossier_runtime> <cas.json> <sortie.json>");
}
const dossier = path.resolve(dossierArg);
const debut = performance.now();
const durees = {};

const manifeste = JSON.parse(await readFile(path.join(dossier, "manifeste.json"), "utf8"));
const cas = await readFile(path.resolve(casArg), "utf8");
if (!Array.isArray(JSON.parse(cas))) arreter(`${casArg} doit contenir une liste de demandes`);

const { loadPyodide } = await import(pathToFileURL(path.join(dossier, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: dossier + path.sep });
durees.demarrage = performance.now() - debut;

// loadPackage ne lève pas d'exception quand le chargement échoue : il faut lire sa liste.
const messages = [];
const t0 = performance.now();
const charges = await pyodide.loadPackage(path.join(dossier, manifeste.wheel), {
  messageCallback: (m) => messages.push(m),
  errorCallback: (m) => messages.push(`ERREUR ${m}`),
});
durees.roue = performance.now() - t0;
const noms = charges.map((p) => p.name.toLowerCase().replace(/[-_.]+/g, "_"));
if (!noms.includes("remb_core")) {
  arreter(`la roue ${manifeste.wheel} n'a pas été chargée (loadPackage a renvoyé `
    + `${JSON.stringify(charges)}) :\n${messages.join("\n")}`);
}

const t1 = performance.now();
pyodide.runPython(PYTHON);
const informations = JSON.parse(pyodide.globals.get("informations")());
durees.import = performance.now() - t1;

const t2 = performance.now();
const executer = pyodide.globals.get("executer");
const sorties = executer(cas); // texte JSON, recopié tel quel
executer.destroy();
durees.cas = performance.now() - t2;
durees.total = performance.now() - debut;
for (const cle of Object.keys(durees)) durees[cle] = Math.round(durees[cle]);

const entete = JSON.stringify({
  ...informations,
  pyodide: pyodide.version,
  wheel: manifeste.wheel,
  paquets_charges: charges.map((p) => `${p.name} ${p.version}`),
  durees_ms: durees,
});
await writeFile(path.resolve(sortieArg), `${entete.slice(0, -1)},"sorties":${sorties}}\n`, "utf8");
console.log(`executer_cas : ${JSON.parse(cas).length} cas dans Pyodide ${pyodide.version} `
  + `(Python ${informations.python.split(" ")[0]}) ; durées (ms) ${JSON.stringify(durees)}`);
