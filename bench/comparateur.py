"""Mesure de `remb_core.comparer_contrats` : quatre contrats sur une année de 200 actes.

La demande : le foyer de bench/annee.py (4 personnes, graine fixe, 200 actes de 2025) et quatre
préréglages (minimum légal, agents de l'État, niveaux 2 et 3). On mesure, en médiane :

1. dans CPython : `comparer_contrats` seul, puis `formulaire.executer("comparateur", champs)`
   (les champs du formulaire → demande → comparaison → HTML : ce que fait le calculateur) ;
2. dans Chromium, Pyodide dans un Web Worker, sur le site construit : les mêmes deux appels, dans
   une page de mesure ajoutée au site temporaire (bench-comparateur/, jamais dans docs/) ;
3. sur la vraie page « Comparer des contrats », ouverte avec cette année dans son adresse :
   le temps passé dans Python à chaque recalcul (data-duree, mesuré dans le worker) et le temps
   entre la saisie d'une cotisation et le résultat affiché.

    .venv/bin/python bench/comparateur.py                  # 7 mesures par chiffre
    .venv/bin/python bench/comparateur.py --mesures 11 --json

Le banc rend compte sans juger (code 0) ; il sort avec 1 s'il ne peut pas mesurer dans le
navigateur (Chromium, Playwright, npm ci ou la construction manquent) après avoir donné les
chiffres de CPython.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "bench"))
from annee import foyer  # noqa: E402
from commun import ecrire_json, option_json  # noqa: E402

sys.path.insert(0, str(RACINE / "outils"))
from serveur import port_libre  # noqa: E402

sys.path.insert(0, str(RACINE))
import remb_core  # noqa: E402
from remb_core.formulaire import executer  # noqa: E402

ACTES = 200
DATE_SITE = "2026-06-01"
CONTRATS = (("d911_1", "240"), ("fonction_publique_etat", "420"), ("niveau_2", "600"),
            ("niveau_3", "1000"))
CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DELAI_MS = 180_000
CIBLE_MS = 300


def demande() -> dict:
    f = foyer(ACTES)
    actes = [{k: v for k, v in a.items() if k != "professionnel"} for a in f["actes"]]
    return {"annee": f["annee"], "personnes": f["personnes"], "actes": actes,
            "contrats": [{"nom": n, "prereglage": n, "cotisation_annuelle": c}
                         for n, c in CONTRATS]}


def champs(d: dict) -> dict[str, str]:
    """La même demande en champs du formulaire du comparateur (noms = chemins)."""
    refs = {p["id"]: f"personnes[{i}]" for i, p in enumerate(d["personnes"])}
    c = {"annee": str(d["annee"])}
    for i, p in enumerate(d["personnes"]):
        c[f"personnes[{i}].id"] = p["id"]
        c[f"personnes[{i}].situation.age"] = str(p["situation"]["age"])
        c[f"personnes[{i}].situation.ald"] = str(p["situation"].get("ald", False)).lower()
    for i, a in enumerate(d["actes"]):
        for cle, v in a.items():
            c[f"actes[{i}].{cle}"] = refs[v] if cle == "personne" else str(v)
    for j, k in enumerate(d["contrats"]):
        c.update({f"contrats[{j}].nom": k["nom"], f"contrats[{j}].prereglage": k["prereglage"],
                  f"contrats[{j}].cotisation_annuelle": k["cotisation_annuelle"],
                  f"contrats[{j}].contrat_responsable": "true", f"contrats[{j}].css": "false"})
    return c


def chronometrer(fonction, mesures: int) -> list[float]:
    fonction()  # chauffe
    temps = []
    for _ in range(mesures):
        gc.collect()
        debut = time.perf_counter()
        fonction()
        temps.append((time.perf_counter() - debut) * 1000)
    return temps


def cpython(d: dict, c: dict, mesures: int) -> dict:
    sortie = executer("comparateur", c)
    if not sortie["ok"]:
        raise SystemExit(f"les champs ne passent pas : {sortie['erreur']}")
    return {"comparer_ms": chronometrer(lambda: remb_core.comparer_contrats(d), mesures),
            "executer_ms": chronometrer(lambda: executer("comparateur", c), mesures)}


# --- Dans le navigateur ---------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Mesure du comparateur</title>
<link rel="icon" href="data:,"></head><body><p id="etat">Mesure en cours…</p>
<script type="module">
const worker = new Worker(new URL("./mesure-worker.js", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => { window.mesure = data;
  document.getElementById("etat").textContent = data.erreur || "fini"; };
</script></body></html>
"""

WORKER = """// Pyodide et la roue du site ; chaque appel est chronométré dans le worker.
const base = new URL("../assets/pyodide/", import.meta.url);
try {
  const manifeste = await (await fetch(new URL("manifeste.json", base))).json();
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  const pyodide = await loadPyodide({ indexURL: base.href });
  await pyodide.loadPackage(new URL(manifeste.wheel, base).href);
  const donnees = await (await fetch("./donnees.json")).json();
  pyodide.globals.set("DEMANDE", JSON.stringify(donnees.demande));
  pyodide.globals.set("CHAMPS", JSON.stringify(donnees.champs));
  pyodide.runPython(`
import json, remb_core
from remb_core.formulaire import executer
D, C = json.loads(DEMANDE), json.loads(CHAMPS)
def comparer(): remb_core.comparer_contrats(D)
def formulaire():
    assert executer("comparateur", C)["ok"]
`);
  const mesurer = (nom) => { const f = pyodide.globals.get(nom); f(); const t = [];
    for (let i = 0; i < donnees.mesures; i++) {
      const t0 = performance.now(); f(); t.push(performance.now() - t0);
    }
    return t; };
  postMessage({ python: pyodide.runPython("import sys; sys.version.split()[0]"),
                pyodide: pyodide.version, comparer_ms: mesurer("comparer"),
                executer_ms: mesurer("formulaire") });
} catch (e) { postMessage({ erreur: String((e && e.message) || e) }); }
"""

SAISIR = """async ({ n }) => {
  const calc = document.querySelector('[data-calculateur="comparateur"]');
  const zone = calc.querySelector(".remb-sortie");
  const champ = document.querySelector("#comparateur-contrats-0--cotisation-annuelle");
  const mesures = [];
  for (let i = 0; i < n; i++) {
    const valeur = String(250 + i);
    const fini = new Promise((ok) => { const obs = new MutationObserver(() => {
      const e = JSON.parse(zone.dataset.entrees || "{}");
      if (e["contrats[0].cotisation_annuelle"] !== valeur || calc.dataset.etat !== "pret") return;
      obs.disconnect(); ok({ t: performance.now(), python: parseFloat(zone.dataset.duree) }); });
      obs.observe(calc, { attributes: true, subtree: true,
                          attributeFilter: ["data-entrees", "data-etat"] }); });
    champ.value = valeur;
    const t0 = performance.now();
    champ.dispatchEvent(new Event("input", { bubbles: true }));
    const { t, python } = await fini;
    mesures.push({ total_ms: t - t0, python_ms: python });
    await new Promise((r) => setTimeout(r, 50));
  }
  return mesures;
}"""


def construire(dossier: Path, port: int, d: dict, c: dict, mesures: int) -> None:
    env = {**os.environ, "REMB_DATE_BAREME": DATE_SITE, "NO_MKDOCS_2_WARNING": "1",
           "REMB_SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("REMB_BAREMES_DIR", None)
    fini = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                           str(dossier)], cwd=RACINE, env=env, capture_output=True, text=True)
    if fini.returncode != 0 or not (dossier / "assets/pyodide/manifeste.json").is_file():
        raise RuntimeError("construction du site impossible (npm ci ?) :\n" + fini.stderr[-2000:])
    page = dossier / "bench-comparateur"
    page.mkdir()
    (page / "index.html").write_text(PAGE, encoding="utf-8")
    (page / "mesure-worker.js").write_text(WORKER, encoding="utf-8")
    (page / "donnees.json").write_text(json.dumps({"demande": d, "champs": c,
                                                   "mesures": mesures}), encoding="utf-8")


def navigateur(d: dict, c: dict, mesures: int) -> dict:
    from playwright.sync_api import sync_playwright

    dossier = Path(tempfile.mkdtemp(prefix="remb-bench-comparateur-")) / "site"
    port = port_libre()
    construire(dossier, port, d, c, mesures)
    serveur = subprocess.Popen([sys.executable, str(RACINE / "outils" / "serveur.py"),
                                str(dossier), str(port)], stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        time.sleep(0.5)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
            page = b.new_page(viewport={"width": 1100, "height": 900})
            page.goto(url + "bench-comparateur/")
            page.wait_for_function("!!window.mesure", timeout=DELAI_MS)
            r = page.evaluate("window.mesure")
            if r.get("erreur"):
                raise RuntimeError(r["erreur"])
            etat = "j" + base64.urlsafe_b64encode(json.dumps(c).encode()).decode().rstrip("=")
            page.goto(url + "outils/comparer-des-contrats/#etat=" + etat)
            page.wait_for_function(
                "() => { const c = document.querySelector('[data-calculateur=comparateur]');"
                f" return c.dataset.etat === 'pret' && c.querySelectorAll('li.remb-acte')"
                f".length === {ACTES}; }}", timeout=DELAI_MS)
            r["page"] = page.evaluate(SAISIR, {"n": mesures})
            b.close()
    finally:
        serveur.terminate()
        serveur.wait()
    return r


def mediane(valeurs: list[float]) -> float:
    return round(statistics.median(valeurs), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesures", type=int, default=7)
    parser.add_argument("--sans-navigateur", action="store_true")
    option_json(parser, "comparateur")
    args = parser.parse_args(argv)
    d = demande()
    c = champs(d)
    resultats: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"),
                       "cpython": platform.python_version(), "actes": ACTES,
                       "contrats": len(CONTRATS), "mesures": args.mesures}
    cp = cpython(d, c, args.mesures)
    resultats["cpython_comparer_ms"] = mediane(cp["comparer_ms"])
    resultats["cpython_executer_ms"] = mediane(cp["executer_ms"])
    print(f"{len(CONTRATS)} contrats × {ACTES} actes — médianes de {args.mesures} mesures")
    print(f"  CPython {platform.python_version()} : comparer_contrats "
          f"{resultats['cpython_comparer_ms']} ms ; formulaire complet (champs → HTML) "
          f"{resultats['cpython_executer_ms']} ms")
    code = 0
    if not args.sans_navigateur:
        try:
            nav = navigateur(d, c, args.mesures)
            resultats.update({
                "pyodide": nav["pyodide"], "pyodide_python": nav["python"],
                "pyodide_comparer_ms": mediane(nav["comparer_ms"]),
                "pyodide_executer_ms": mediane(nav["executer_ms"]),
                "page_python_ms": mediane([m["python_ms"] for m in nav["page"]]),
                "page_saisie_resultat_ms": mediane([m["total_ms"] for m in nav["page"]]),
            })
            print(f"  Chromium, Pyodide {nav['pyodide']} (Python {nav['python']}) dans un worker : "
                  f"comparer_contrats {resultats['pyodide_comparer_ms']} ms (cible "
                  f"{CIBLE_MS} ms) ; formulaire complet {resultats['pyodide_executer_ms']} ms")
            print(f"  Page « Comparer des contrats » : {resultats['page_python_ms']} ms dans "
                  f"Python par recalcul, {resultats['page_saisie_resultat_ms']} ms de la saisie "
                  "au résultat affiché")
        except Exception as exc:  # le banc rend compte de ce qu'il n'a pas pu mesurer
            print(f"  Navigateur : mesure impossible ({exc})")
            code = 1
    if args.json:
        ecrire_json(args.json, resultats)
    return code


if __name__ == "__main__":
    sys.exit(main())
