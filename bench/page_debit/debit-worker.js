// Worker de mesure du débit : importe le worker du site pour sa fonction demarrer() (rembBanc :
// sans son câblage de messages), démarre le runtime comme le site, puis mesure.
const PYTHON = `
import json, time, remb_core

def mesurer(melange_json, duree, repetitions):
    melange = json.loads(melange_json)
    for demande in melange:  # chauffe : barèmes et catalogue chargés
        remb_core.simuler(demande)
    debits = []
    for _ in range(repetitions):
        nombre, debut = 0, time.perf_counter()
        while True:
            for demande in melange:
                remb_core.simuler(demande)
            nombre += len(melange)
            if time.perf_counter() - debut >= duree:
                break
        debits.append(nombre / (time.perf_counter() - debut))
    return json.dumps(debits)
`;

self.rembBanc = true;
onmessage = async ({ data }) => {
  try {
    const { demarrer } = await import(data.worker);
    const lire = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
    const { pyodide, duree } = await demarrer({
      lire, lireSync: () => { throw new Error("secours non prévu dans le banc"); },
      adresse: (chemin) => new URL(chemin, data.worker).href,
    });
    pyodide.runPython(PYTHON);
    const debits = JSON.parse(pyodide.globals.get("mesurer")(JSON.stringify(data.melange),
                                                               data.duree, data.repetitions));
    postMessage({ debits, demarrage_ms: duree });
  } catch (erreur) {
    postMessage({ erreur: String((erreur && erreur.message) || erreur) });
  }
};
