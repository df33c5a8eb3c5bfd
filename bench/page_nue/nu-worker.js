// Worker de la page nue : charge Pyodide depuis les fichiers du site (../assets/pyodide/),
// évalue 1+1, renvoie le résultat. Aucune roue, aucun import de module Python.
const base = new URL("../assets/pyodide/", import.meta.url);
const t0 = performance.now();
try {
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  const pyodide = await loadPyodide({ indexURL: base.href });
  const resultat = pyodide.runPython("1+1");
  postMessage({ resultat, duree: performance.now() - t0 });
} catch (erreur) {
  postMessage({ erreur: String((erreur && erreur.message) || erreur), duree: performance.now() - t0 });
}
