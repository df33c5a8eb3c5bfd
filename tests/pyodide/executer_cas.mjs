// Exécute des cas de remb_core dans Pyodide (Node, hors ligne) et écrit leurs résultats.
//
//   node tests/pyodide/executer_cas.mjs <worker.mjs> <cas.json> <sortie.json>
//
// <worker.mjs> : le worker du site tel que la construction l'écrit (docs/assets/remb-worker.js, les
// adresses du runtime écrites dedans par outils/construire_runtime.py), à côté du dossier pyodide/ ;
// on appelle sa fonction demarrer() : Pyodide, la bibliothèque standard réduite et remb_core.zip
// se chargent exactement comme dans le navigateur (seule la lecture des fichiers change).
// <cas.json> : une liste de demandes (objets JSON). Chacune est passée à remb_core.simuler ;
// une demande portant "fonction": "simuler_annee" (ou "actes", "estimer_css", "comparer_contrats",
// "exemples_normalises") va à cette fonction-là, sans la clé "fonction" (pour "actes" : seule sa
// "date" compte ; pour "exemples_normalises" : "garanties" et "date") ; "fonction": "bareme" rend
// les valeurs des paramètres du barème du paquet à sa "date" (tests/golden.py, valeurs_du_bareme) ;
// "fonction": "executer" appelle remb_core.formulaire.executer(demande["calculateur"],
// demande["champs"]).
// <sortie.json> : {"python": sys.version, "pyodide", "remb_core", "durees_ms", "secours",
// "sorties": […]} où chaque sortie est le résultat JSON, {"erreur": {"champ", "message"}} pour une
// ErreurSaisie, ou {"exception": "Type: message", "trace": …} pour toute autre exception (un
// défaut) ; "secours" : les modules qu'il a fallu chercher hors du runtime réduit (aucun).
//
// Les données passent en texte JSON (json.loads / json.dumps côté Python) : aucune conversion
// de proxies JS ↔ Python ne peut altérer un résultat.

import { readFile, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PYTHON = `
import datetime, json, sys, traceback
import remb_core
from remb_core import baremes

def _bareme(date):
    jour = datetime.date.fromisoformat(date)
    valeurs = {}
    for nom, parametre in baremes.du_paquet().parametres.items():
        try:
            valeurs[nom] = str(parametre.a_la_date(jour).valeur)
        except KeyError:
            continue
    return valeurs

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
        if fonction == "estimer_css":
            return remb_core.estimer_css(demande)
        if fonction == "bareme":
            return _bareme(demande["date"])
        if fonction == "executer":
            from remb_core.formulaire import executer
            return executer(demande["calculateur"], demande["champs"])
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
    import os
    stdlib = "/lib/python%d%d.zip" % sys.version_info[:2]
    return json.dumps({"python": sys.version, "remb_core": remb_core.__version__,
                       "remb_core_fichier": remb_core.__file__,
                       "stdlib_octets": os.path.getsize(stdlib)})
`;

function arreter(message) {
  console.error(`executer_cas : ${message}`);
  process.exit(1);
}

const [workerArg, casArg, sortieArg] = process.argv.slice(2);
if (!sortieArg) {
  arreter("usage : node tests/pyodide/executer_cas.mjs <worker.mjs> <cas.json> <sortie.json>");
}
const debut = performance.now();
const durees = {};

const cas = await readFile(path.resolve(casArg), "utf8");
if (!Array.isArray(JSON.parse(cas))) arreter(`${casArg} doit contenir une liste de demandes`);

const urlWorker = pathToFileURL(path.resolve(workerArg));
const { demarrer } = await import(urlWorker.href);
const lus = [];
const { pyodide } = await demarrer({
  // Pyodide, sous Node, veut des chemins et non des adresses file:// (indexURL, stdLibURL).
  adresse: (chemin) => fileURLToPath(new URL(chemin, urlWorker)),
  lire: async (fichier) => { lus.push(fichier); return new Uint8Array(await readFile(fichier)); },
  lireSync: (fichier) => { lus.push(fichier); return new Uint8Array(readFileSync(fichier)); },
});
durees.demarrage = performance.now() - debut;

const t1 = performance.now();
// Le premier résultat d'un calculateur d'un acte ne lit que remb_core.zip (pas l'archive suite).
pyodide.runPython(`from remb_core.formulaire import executer as _e
assert _e("reste_a_charge", {"mode": "acte", "acte": "consultation_generaliste", "prix": "30"})["ok"]`);
const lusPremierResultat = lus.map((fichier) => path.basename(fichier));
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

const secours = JSON.parse(pyodide.globals.get("_modules_de_secours")());
const lusPourLesCas = lus.map((fichier) => path.basename(fichier));
// Le secours lui-même : un module que la réduction a retiré (difflib) s'importe quand même, depuis
// la bibliothèque complète, lue à la demande.
pyodide.runPython("import difflib; assert difflib.SequenceMatcher(None, 'abc', 'abd').ratio() > 0.5");
const entete = JSON.stringify({
  ...informations,
  pyodide: pyodide.version,
  secours,
  fichiers_lus: lusPourLesCas,
  fichiers_lus_premier_resultat: lusPremierResultat,
  secours_essai: JSON.parse(pyodide.globals.get("_modules_de_secours")()),
  fichiers_lus_essai: lus.map((fichier) => path.basename(fichier)),
  durees_ms: durees,
});
await writeFile(path.resolve(sortieArg), `${entete.slice(0, -1)},"sorties":${sorties}}\n`, "utf8");
console.log(`executer_cas : ${JSON.parse(cas).length} cas dans Pyodide ${pyodide.version} `
  + `(Python ${informations.python.split(" ")[0]}) ; durées (ms) ${JSON.stringify(durees)}`);
