// Worker de la page nue : charge Pyodide tel que publié sur npm (copié par le banc dans
// bench-nu/pyodide/ : pyodide.mjs, le wasm, la bibliothèque standard complète, pyodide-lock.json),
// évalue 1+1, renvoie le résultat. Aucune roue, aucun import de module Python, aucune réduction.
const base = new URL("./pyodide/", import.meta.url);
const t0 = performance.now();
try {
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  const pyodide = await loadPyodide({ indexURL: base.href });
  const resultat = pyodide.runPython("1+1");
  postMessage({ resultat, duree: performance.now() - t0 });
} catch (erreur) {
  postMessage({ erreur: String((erreur && erreur.message) || erreur), duree: performance.now() - t0 });
}
