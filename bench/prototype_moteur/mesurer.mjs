// Mesure, dans Node, le démarrage de remb_core sur un runtime réduit (bench/prototype_moteur.py) :
//   node bench/prototype_moteur/mesurer.mjs <dossier pyodide> <dossier du runtime réduit>
// Une ligne JSON : boot, import, premier (ms), et le temps processeur après le démarrage.
import { readFileSync } from "node:fs";
const [pyodide, dossier] = process.argv.slice(2);
const P = pyodide.endsWith("/") ? pyodide : pyodide + "/";
const { loadPyodide } = await import(P + "pyodide.mjs");
const verrou = JSON.parse(readFileSync(P + "pyodide-lock.json", "utf8"));
const t0 = performance.now();
const py = await loadPyodide({ indexURL: P, stdLibURL: dossier + "/python_stdlib.zip", lockFileContents: { info: verrou.info, packages: {} } });
const t1 = performance.now(); const c1 = process.cpuUsage();
py.FS.writeFile("/lib/remb_core.zip", readFileSync(dossier + "/remb_core.zip"));
py.runPython("import sys; sys.path.insert(0, '/lib/remb_core.zip')");
const t2 = performance.now();
py.runPython("from remb_core.formulaire import executer");
const t3 = performance.now();
py.runPython("r = executer('reste_a_charge', {'mode':'acte','acte':'consultation_specialiste','prix':'60','secteur':'2_optam','parcours_coordonne':'true','garantie.forme':'pourcentage_br','garantie.taux':'150','garantie.secu_incluse':'true','contrat_responsable':'true','date':'2026-06-01'}); assert r['ok']");
const t4 = performance.now(); const c4 = process.cpuUsage(c1);
console.log(JSON.stringify({ boot: t1 - t0, import: t3 - t2, premier: t4 - t3, apres_boot: t4 - t1, cpu_apres_boot: (c4.user + c4.system) / 1000 }));
