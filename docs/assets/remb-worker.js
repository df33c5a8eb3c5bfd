// Web Worker (module) : exécute remb_core dans Pyodide, hors du fil principal.
// Il ne fait que transporter : champs du formulaire → remb_core.formulaire.executer → HTML.
//
// Le runtime est celui qu'écrit outils/construire_runtime.py (tout y porte une empreinte) :
// - le moteur wasm et le JavaScript de Pyodide, tels que publiés sur npm ;
// - une bibliothèque standard réduite aux modules que Pyodide et remb_core importent, compilée
//   en bytecode par le Python de Pyodide (rien à compiler au démarrage) ;
// - remb_core.zip.xz : les modules compilés de remb_core qu'utilise le premier résultat des
//   calculateurs d'un acte, et ses barèmes : un zip non compressé, compressé d'un seul tenant en
//   xz, téléchargé pendant que Pyodide démarre, décompressé et importé tel quel (zipimport) : ni
//   loadPackage, ni pyodide-lock.json ;
// - l'archive « suite » (année de soins, CSS, comparateur, exemples, et les données du
//   comparateur) : lue au premier import de l'un de ses modules seulement (voir _Suite), pour que
//   les autres pages ne la téléchargent pas ;
// - en secours seulement : la bibliothèque standard complète et la roue de remb_core, chargées si
//   un module manquait à la réduction (la construction prouve que non ; voir _Secours).
// La construction remplace la ligne RUNTIME ci-dessous par les adresses de ces fichiers.
//
// Deux cœurs suffisent à peine : compiler le wasm de Pyodide (plusieurs fils) pendant que le thème
// installe la page doublait les tâches du fil principal. Le worker, créé dès l'en-tête, ne
// télécharge que remb_core.zip.xz ; Pyodide ne se charge et ne compile qu'au signal de la
// page (message { type: "demarrer" }, envoyé une fois la page installée), au premier calcul
// demandé, ou au plus tard après DELAI_MAX_MS. (Télécharger aussi le runtime pendant
// l'installation avançait le premier résultat d'environ 10 % sur 127.0.0.1, mais rallongeait
// d'environ 40 ms la plus longue tâche du fil principal : retiré.)
const RUNTIME = /*RUNTIME*/ null;
const DELAI_MAX_MS = 3000;

const AMORCE = `
import sys, json, zipimport, _lzma
from _remb_js import lire_secours, lire_suite

def _deposer(octets, chemin):
    """Écrit une archive de remb_core dans le système de fichiers de Pyodide : un zip compressé
    d'un seul tenant en xz (construire_runtime.py ; _lzma est compilé dans Pyodide), décompressé
    ici, ou un zip tel quel."""
    if octets[:6] == b"\\xfd7zXZ\\x00":
        octets = _lzma.LZMADecompressor().decompress(octets)
    with open(chemin, "wb") as f:
        f.write(octets)

class _Suite:
    """Les modules de remb_core que le premier résultat n'utilise pas (année, CSS, comparateur…) :
    leur archive n'est lue qu'au premier import de l'un d'eux (lecture synchrone, dans le worker)."""

    def __init__(self, archive, modules):
        self.archive, self.modules, self.fichier = archive, set(modules), None

    def find_spec(self, nom, chemin=None, cible=None):
        if nom not in self.modules:
            return None
        if self.fichier is None:
            _deposer(lire_suite(self.archive).to_bytes(), "/lib/remb_core_suite.zip")
            self.fichier = "/lib/remb_core_suite.zip"
        dossier = "/".join(nom.split(".")[:-1])
        return zipimport.zipimporter(f"{self.fichier}/{dossier}").find_spec(nom)

class _Secours:
    """Dernier chercheur de sys.meta_path : un module introuvable vient des archives complètes
    (bibliothèque standard de Pyodide, roue de remb_core), chargées une fois, à la demande."""

    def __init__(self, archives, absents):
        self.archives, self.absents, self.chemins, self.charges = archives, set(absents), None, []

    def find_spec(self, nom, chemin=None, cible=None):
        if nom in self.absents:
            return None
        if self.chemins is None:
            self.chemins = []
            for cle, url in self.archives.items():
                fichier = f"/lib/secours_{cle}.zip"
                with open(fichier, "wb") as f:
                    f.write(lire_secours(url).to_bytes())
                self.chemins.append(fichier)
        dossier = "/".join(nom.split(".")[:-1])
        for fichier in self.chemins:
            spec = zipimport.zipimporter(f"{fichier}/{dossier}" if dossier else fichier).find_spec(nom)
            if spec is not None:
                self.charges.append(nom)
                return spec
        return None

def _installer(paquet, suite_json, secours_json):
    global _executer
    _deposer(paquet.to_bytes(), "/lib/remb_core.zip")
    suite, secours = json.loads(suite_json), json.loads(secours_json)
    sys.meta_path.append(_Suite(suite["archive"], suite["modules"]))
    sys.meta_path.append(_Secours(secours["archives"], secours["absents"]))
    sys.path.insert(0, "/lib/remb_core.zip")
    from remb_core.formulaire import executer as _executer
    from remb_core.baremes import du_paquet
    du_paquet()  # prêt veut dire barèmes lus et contrôlés : la première saisie ne fait que calculer

def _modules_de_secours():
    return json.dumps([nom for c in sys.meta_path if isinstance(c, _Secours) for nom in c.charges])

def preparer(calculateur):
    from remb_core.formulaire import preparer
    preparer(calculateur)

def executer_json(calculateur, champs_json):
    return json.dumps(_executer(calculateur, json.loads(champs_json)), ensure_ascii=False)
`;

/** Démarre Pyodide et remb_core. `lire(url)` → Promise<Uint8Array> ; `lireSync(url)` →
 * Uint8Array (pour le secours seulement) ; `adresse(chemin)` → adresse d'un fichier du runtime.
 * Exporté pour tests/pyodide/executer_cas.mjs, qui fait tourner ce même code dans Node. */
export async function demarrer({ lire, lireSync, adresse = (c) => new URL(c, import.meta.url).href,
                                 config = RUNTIME, feuVert = null }) {
  if (!config) throw new Error("runtime non construit (outils/construire_runtime.py)");
  const t0 = performance.now();
  const paquet = lire(adresse(config.paquet));  // en parallèle du démarrage de Pyodide
  if (feuVert) await feuVert;
  const { loadPyodide } = await import(adresse(config.index + "pyodide.mjs"));
  const pyodide = await loadPyodide({
    indexURL: adresse(config.index), stdLibURL: adresse(config.stdlib),
    lockFileContents: config.verrou,
  });
  pyodide.registerJsModule("_remb_js", { lire_secours: (url) => lireSync(adresse(url)),
                                          lire_suite: (url) => lireSync(adresse(url)) });
  pyodide.runPython(AMORCE);
  pyodide.globals.get("_installer")(await paquet, JSON.stringify(config.suite),
                                    JSON.stringify(config.secours));
  return { pyodide, executer: pyodide.globals.get("executer_json"),
           preparer: pyodide.globals.get("preparer"), duree: performance.now() - t0 };
}

function lire(url) {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url} : HTTP ${r.status}`);
    return r.arrayBuffer();
  }).then((tampon) => new Uint8Array(tampon));
}

function lireSync(url) {
  const requete = new XMLHttpRequest();  // synchrone : permis dans un worker
  requete.open("GET", url, false);
  requete.responseType = "arraybuffer";
  requete.send();
  if (requete.status !== 200) throw new Error(`${url} : HTTP ${requete.status}`);
  return new Uint8Array(requete.response);
}

// Un worker de mesure (bench/navigateur.py) importe ce module pour sa seule fonction demarrer().
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope && !self.rembBanc) {
  let donnerFeuVert;
  const feuVert = new Promise((resoudre) => { donnerFeuVert = resoudre; });
  setTimeout(() => donnerFeuVert(), DELAI_MAX_MS);
  const pret = demarrer({ lire, lireSync, feuVert });
  pret.then(
    ({ duree }) => postMessage({ type: "pret", duree }),
    (erreur) => postMessage({ type: "echec", message: String(erreur && erreur.message || erreur) }),
  );

  onmessage = async ({ data }) => {
    donnerFeuVert();
    if (data && data.type === "demarrer") return;
    if (data && data.type === "preparer") {  // rien à répondre ; une erreur se verra au calcul
      try { (await pret).preparer(data.calculateur); } catch { /* idem */ }
      return;
    }
    try {
      const { executer } = await pret;
      const t0 = performance.now();
      const sortie = JSON.parse(executer(data.calculateur, JSON.stringify(data.champs)));
      postMessage({ type: "resultat", id: data.id, sortie, duree: performance.now() - t0 });
    } catch (erreur) {
      postMessage({ type: "resultat", id: data.id, echec: String(erreur && erreur.message || erreur) });
    }
  };
}
