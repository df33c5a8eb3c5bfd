// Web Worker (module) : exécute remb_core dans Pyodide, hors du fil principal.
// Il ne fait que transporter : champs du formulaire → remb_core.formulaire.executer → HTML.
const base = new URL("./pyodide/", import.meta.url);

const PYTHON = `
import json
from remb_core.formulaire import executer as _executer

def executer_json(calculateur, champs_json):
    return json.dumps(_executer(calculateur, json.loads(champs_json)), ensure_ascii=False)
`;

async function demarrer() {
  const t0 = performance.now();
  // Le manifeste (nom de la roue) arrive pendant que Pyodide démarre.
  const manifeste = fetch(new URL("manifeste.json", base)).then((r) => r.json());
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  const pyodide = await loadPyodide({ indexURL: base.href });
  const { wheel } = await manifeste;
  const messages = [];
  // loadPackage ne lève pas d'exception quand le chargement échoue : on lit sa liste.
  const charges = await pyodide.loadPackage(new URL(wheel, base).href, {
    messageCallback: (m) => messages.push(m),
    errorCallback: (m) => messages.push(m),
  });
  const noms = charges.map((p) => p.name.toLowerCase().replace(/[-_.]+/g, "_"));
  if (!noms.includes("remb_core")) {
    throw new Error(`remb_core n'a pas pu être chargé : ${messages.join(" ")}`);
  }
  pyodide.runPython(PYTHON);
  return { executer: pyodide.globals.get("executer_json"), duree: performance.now() - t0 };
}

const pret = demarrer();
pret.then(
  ({ duree }) => postMessage({ type: "pret", duree }),
  (erreur) => postMessage({ type: "echec", message: String(erreur && erreur.message || erreur) }),
);

onmessage = async ({ data }) => {
  try {
    const { executer } = await pret;
    const t0 = performance.now();
    const sortie = JSON.parse(executer(data.calculateur, JSON.stringify(data.champs)));
    postMessage({ type: "resultat", id: data.id, sortie, duree: performance.now() - t0 });
  } catch (erreur) {
    postMessage({ type: "resultat", id: data.id, echec: String(erreur && erreur.message || erreur) });
  }
};
