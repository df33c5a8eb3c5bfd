"""Banc de performance des calculateurs dans un vrai navigateur (Chromium de Debian, Playwright).

Construit le site dans un dossier temporaire (comme tests/conftest.py : noms à empreinte, `_headers`,
copies .gz/.br, tel qu'il serait publié), le sert avec `outils/serveur.py` (fichiers précompressés,
en-têtes de cache du `_headers`) sur 127.0.0.1 à son site_url, y ajoute deux pages de mesure
(jamais publiées) et mesure, en médiane sur --runs passages (ordre des pages alterné) :

1. navigation → premier résultat en direct sur « Reste à charge » (data-etat = pret), contre
   navigation → 1+1 sur une page nue qui démarre Pyodide tel que publié sur npm (bench-nu/ :
   bibliothèque standard complète, pyodide-lock.json), à froid (profil neuf) et à chaud (même
   profil, 2e visite) ; ratios par passage et leur étendue ;
2. la plus longue tâche du fil principal au démarrage (PerformanceObserver « longtask ») sur la
   page du calculateur, contre deux pages du guide sans calculateur (une page type, et une page de
   même taille) ; la plus longue exécution de nos scripts (long-animation-frame) ;
3. saisie → résultat affiché : 30 changements du prix ; 15 changements en mode « année » avec
   6 actes ; temps passé dans Python (data-duree) ;
4. navigation instantanée vers « Lire un tableau de garanties » → son calculateur prêt, sans
   redémarrer Pyodide (window.rembMoteur.demarrages reste à 1), puis une première saisie dans ce
   calculateur (« prêt » ne demande pas de recalcul quand les champs sont ceux que la
   construction a calculés : la saisie suivante montre ce qu'il reste à faire) ;
5. octets transférés (compressés, en-têtes compris) et octets bruts (fichiers du site) à la
   première visite, par catégorie ; nos fichiers (JS, CSS, remb_core.zip.xz) ; visite de retour ;
   une page sans calculateur ne charge rien de Pyodide ;
6. débit de remb_core.simuler dans Pyodide, dans un worker (bench-debit/), contre CPython sur le
   même mélange (bench/simulations.py).

    .venv/bin/python bench/navigateur.py                 # 5 passages, tableau en français
    .venv/bin/python bench/navigateur.py --runs 7 --json # écrit aussi bench/resultats/navigateur.json

Le banc rend compte, il n'échoue pas : il sort avec 0 même si une cible est manquée (1 seulement
s'il ne peut pas mesurer du tout : Chromium, Playwright ou la construction manquent).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "bench"))
from commun import ecrire_json, option_json  # noqa: E402

sys.path.insert(0, str(RACINE / "outils"))
from publication import A_REVALIDER, IMMUABLE, compresser  # noqa: E402
from serveur import port_libre, serveur  # noqa: E402

PAGE_NUE = Path(__file__).resolve().parent / "page_nue"
PAGE_DEBIT = Path(__file__).resolve().parent / "page_debit"
DATE_SITE = "2026-06-01"  # même barème fixe que les tests
CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FENETRE = {"width": 1100, "height": 900}
DELAI_MS = 90_000
SAISIES = 30
SAISIES_ANNEE = 15
LIGNES_ANNEE = 6
DEBIT_DUREE_S, DEBIT_REPETITIONS = 3.0, 3

PAGE_CALCUL = "outils/reste-a-charge/"
PAGES_GUIDE = {"type": "comprendre/base-de-remboursement/", "meme_taille": "exemples/"}
PAGE_NUE_URL = "bench-nu/"
FICHIERS_NUS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                "pyodide-lock.json")
CIBLES = {"ratio": 1.10, "marge_tache_ms": 30.0, "script_ms": 50.0, "saisie_ms": 5.0,
          "saisie_annee_ms": 15.0, "navigation_ms": 150.0, "nos_octets": 100_000}

# Script injecté avant toute navigation (add_init_script) : tâches longues, long-animation-frame
# (pour savoir quel script bloque), changements de data-etat datés, instant du dernier clic.
SCRIPT_INITIAL = r"""
(() => {
  if (window.__bench) return;
  const B = window.__bench = { longtasks: [], loaf: [], etats: [], premierPret: null, clic: null,
                               longtaskDisponible: false };
  try {
    new PerformanceObserver((liste) => {
      for (const e of liste.getEntries()) B.longtasks.push({ debut: e.startTime, duree: e.duration });
    }).observe({ type: "longtask", buffered: true });
    B.longtaskDisponible = PerformanceObserver.supportedEntryTypes.includes("longtask");
  } catch (e) { B.longtaskDisponible = false; }
  try {
    new PerformanceObserver((liste) => {
      for (const e of liste.getEntries()) B.loaf.push({
        debut: e.startTime, duree: e.duration, blocage: e.blockingDuration,
        rendu: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
        styleEtMiseEnPage: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        scripts: (e.scripts || []).map((s) => ({ source: s.sourceURL, fonction: s.sourceFunctionName,
          invocation: s.invoker, type: s.invokerType, duree: s.duration,
          styleEtMiseEnPage: s.forcedStyleAndLayoutDuration })),
      });
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (e) {}
  new MutationObserver((mutations) => {
    const t = performance.now();
    for (const m of mutations) {
      const el = m.target;
      if (!el.classList || !el.classList.contains("remb-calculateur")) continue;
      const etat = el.getAttribute("data-etat");
      B.etats.push({ calc: el.dataset.calculateur, etat, t });
      if (etat === "pret" && B.premierPret === null) B.premierPret = t;
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-etat"] });
  addEventListener("click", () => { B.clic = performance.now(); }, true);
  // Pour décomposer « saisie → résultat » : instants d'envoi au worker et de réception de sa
  // réponse (on observe seulement : même constructeur, mêmes messages).
  B.envois = new Map(); B.receptions = new Map();
  const WorkerNatif = window.Worker;
  window.Worker = class extends WorkerNatif {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        if (e.data && e.data.type === "resultat") B.receptions.set(e.data.id, performance.now());
      });
    }
    postMessage(message, ...reste) {
      if (message && typeof message.id === "number") B.envois.set(message.id, performance.now());
      return super.postMessage(message, ...reste);
    }
  };
})();
"""

RELEVE_PAGE = r"""
() => {
  const B = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0] || {};
  const ressource = (motif) => {
    const r = performance.getEntriesByType("resource").find((e) => motif.test(e.name.split("?")[0]));
    return r ? r.startTime : null;
  };
  return {
    premierPret: B.premierPret, longtaskDisponible: B.longtaskDisponible,
    longtasks: B.longtasks, loaf: B.loaf, timeOrigin: performance.timeOrigin,
    domContentLoaded: nav.domContentLoadedEventEnd || null, load: nav.loadEventEnd || null,
    workerLance: ressource(/remb-worker[.\w]*\.js$/) ?? ressource(/nu-worker\.js$/),
    moteur: window.rembMoteur ? { ...window.rembMoteur } : null,
    nu: window.benchNu ? { ...window.benchNu } : null,
  };
}
"""

# Change `n` fois la valeur d'un champ et attend, à chaque fois, le résultat affiché pour elle.
SAISIR = r"""
async ({ n, premier, selecteur, cle, calculateur = "reste_a_charge" }) => {
  const calc = document.querySelector(`.remb-calculateur[data-calculateur="${calculateur}"]`);
  const champ = document.querySelector(selecteur);
  const zone = calc.querySelector(".remb-sortie");
  const mesures = [];
  for (let i = 0; i < n; i++) {
    const valeur = String(premier + i);
    const attente = new Promise((resoudre, rejeter) => {
      const obs = new MutationObserver(() => {
        let e;
        try { e = JSON.parse(zone.dataset.entrees || "{}"); } catch { return; }
        if (e[cle] !== valeur) return;
        const t = performance.now();
        obs.disconnect();
        clearTimeout(minuterie);
        resoudre({ t, duree: parseFloat(zone.dataset.duree) });
      });
      obs.observe(zone, { attributes: true, attributeFilter: ["data-entrees"] });
      const minuterie = setTimeout(() => {
        obs.disconnect();
        rejeter(new Error(`pas de résultat pour ${valeur}`));
      }, 5000);
    });
    champ.value = valeur;
    const t0 = performance.now();
    champ.dispatchEvent(new Event("input", { bubbles: true }));
    const { t, duree } = await attente;
    const id = Math.max(...window.__bench.envois.keys());
    const envoi = window.__bench.envois.get(id), reception = window.__bench.receptions.get(id);
    mesures.push({ valeur, ms: t - t0, duree_python_ms: duree,
                   avant_envoi_ms: envoi - t0, aller_retour_worker_ms: reception - envoi,
                   affichage_ms: t - reception });
    await new Promise((r) => setTimeout(r, 20));
  }
  return mesures;
}
"""

# Passe le calculateur en mode « année » et remplit LIGNES_ANNEE actes.
ANNEE = r"""
async (lignes) => {
  const calc = document.querySelector('.remb-calculateur[data-calculateur="reste_a_charge"]');
  const poser = (sel, v) => {
    const el = document.querySelector(sel);
    el.value = v;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  };
  poser("#reste_a_charge-mode", "annee");
  const actes = ["consultation_generaliste", "osteopathie", "consultation_specialiste",
                 "seance_kinesitherapie", "consultation_dentiste", "analyses_biologie"];
  for (let i = 0; i < lignes; i++) {
    poser(`#reste_a_charge-lignes-${i}--acte`, actes[i % actes.length]);
    poser(`#reste_a_charge-lignes-${i}--date`, `2026-0${1 + (i % 9)}-1${i % 9}`);
    poser(`#reste_a_charge-lignes-${i}--prix`, String(30 + 5 * i));
  }
  const zone = calc.querySelector(".remb-sortie");
  for (let k = 0; k < 200; k++) {
    const e = JSON.parse(zone.dataset.entrees || "{}");
    if (e.mode === "annee" && e[`lignes[${lignes - 1}].prix`] === String(30 + 5 * (lignes - 1))
        && calc.dataset.etat === "pret") return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
"""

PRET_APRES_CLIC = """() => { const B = window.__bench;
  return B.clic !== null && B.etats.some((e) => e.calc === 'tableau_garanties' && e.etat === 'pret'
                                             && e.t >= B.clic); }"""


# --- Site et serveur ----------------------------------------------------------------------------


def servir(dossier: str, port: int) -> None:
    """Mode interne (--serveur) : un processus à part, pour ne pas partager le GIL avec Playwright."""
    with serveur(dossier, port) as local:
        local.serve_forever()


def construire_site(dossier: Path, port: int) -> float:
    env = {**os.environ, "REMB_DATE_BAREME": DATE_SITE, "NO_MKDOCS_2_WARNING": "1",
           "REMB_SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("REMB_BAREMES_DIR", None)
    debut = time.perf_counter()
    sortie = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dossier)],
                            cwd=RACINE, env=env, capture_output=True, text=True)
    if sortie.returncode != 0:
        raise RuntimeError("mkdocs build a échoué :\n" + sortie.stdout + sortie.stderr)
    if not (dossier / "assets" / "pyodide" / "manifeste.json").is_file():
        raise RuntimeError("le site construit n'a pas de runtime Pyodide (npm ci ?)")
    duree = time.perf_counter() - debut
    # Les pages de mesure, dans le site temporaire seulement : la page nue avec Pyodide tel que
    # publié sur npm, servi comme le reste (copies compressées, cache d'un an).
    nue = dossier / "bench-nu"
    (nue / "pyodide").mkdir(parents=True)
    for nom in ("index.html", "nu-worker.js"):
        shutil.copy(PAGE_NUE / nom, nue / nom)
    for nom in FICHIERS_NUS:
        shutil.copy(RACINE / "node_modules" / "pyodide" / nom, nue / "pyodide" / nom)
    debit = dossier / "bench-debit"
    debit.mkdir()
    for nom in ("index.html", "debit-worker.js"):
        shutil.copy(PAGE_DEBIT / nom, debit / nom)
    compresser(nue, RACINE / "build" / "compression")
    with open(dossier / "_headers", "a", encoding="utf-8") as entetes:
        for nom in FICHIERS_NUS:
            entetes.write(f"/bench-nu/pyodide/{nom}\n  Cache-Control: {IMMUABLE}\n")
        for chemin in ("/bench-nu/", "/bench-nu/nu-worker.js", "/bench-debit/",
                       "/bench-debit/debit-worker.js"):
            entetes.write(f"{chemin}\n  Cache-Control: {A_REVALIDER}\n")
    return duree


def demarrer_serveur(dossier: Path, port: int) -> subprocess.Popen:
    processus = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serveur",
                                  str(dossier), str(port)], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench-nu/", timeout=1) as r:
                if r.status == 200:
                    return processus
        except OSError:
            time.sleep(0.1)
        if processus.poll() is not None:
            break
    processus.terminate()
    raise RuntimeError(f"le serveur ne répond pas sur le port {port}")


def tailles_runtime(site: Path) -> dict:
    manifeste = json.loads((site / "assets/pyodide/manifeste.json").read_text(encoding="utf-8"))
    dossier = site / "assets" / "pyodide"

    def octets(relatif: str, genre: str = "") -> int:
        chemin = dossier / (relatif + genre)
        return chemin.stat().st_size if chemin.is_file() else (dossier / relatif).stat().st_size

    config = manifeste["runtime"]
    charges = [config["index"].split("/", 1)[1] + n for n in ("pyodide.mjs", "pyodide.asm.mjs",
                                                               "pyodide.asm.wasm")]
    charges += [config["stdlib"].split("/", 1)[1], config["paquet"].split("/", 1)[1]]
    nus = {n: (RACINE / "node_modules/pyodide" / n).stat().st_size for n in FICHIERS_NUS}
    nus_br = {n: (site / "bench-nu/pyodide" / (n + ".br")).stat().st_size
              if (site / "bench-nu/pyodide" / (n + ".br")).is_file() else nus[n] for n in FICHIERS_NUS}
    return {"fichiers": {r: octets(r) for r in manifeste["fichiers"]},
            "charges_brut": sum(octets(r) for r in charges),
            "charges_br": sum(octets(r, ".br") for r in charges),
            "stock_brut": sum(nus.values()), "stock_br": sum(nus_br.values()),
            "pyodide": manifeste["pyodide"],
            "html_calculateur_octets": (site / PAGE_CALCUL / "index.html").stat().st_size}


# --- Navigateur ---------------------------------------------------------------------------------


class Profil:
    """Un profil Chromium persistant (le cache HTTP et le cache de code y survivent)."""

    def __init__(self, playwright, dossier: Path):
        self.playwright, self.dossier = playwright, dossier
        self.contexte = self.page = None
        self.requetes: list = []

    def ouvrir(self):
        # bypass_csp : Playwright évalue du texte (wait_for_function), ce que la politique de
        # sécurité du site interdit.
        self.contexte = self.playwright.chromium.launch_persistent_context(
            str(self.dossier), executable_path=CHROMIUM, args=ARGUMENTS, headless=True,
            viewport=FENETRE, bypass_csp=True)
        self.contexte.add_init_script(SCRIPT_INITIAL)
        self.requetes = []
        # Les requêtes des Web Workers passent aussi par ici (Playwright s'attache aux workers).
        self.contexte.on("requestfinished", lambda requete: self.requetes.append(requete))
        self.page = self.contexte.pages[0] if self.contexte.pages else self.contexte.new_page()
        return self

    def fermer(self):
        if self.contexte is not None:
            self.contexte.close()
        self.contexte = self.page = None


def categorie(url: str) -> str:
    chemin = urlparse(url).path
    if chemin.startswith("/assets/pyodide/"):
        nom = chemin.rsplit("/", 1)[1]
        if "/secours/" in chemin:
            return "secours (jamais attendu)"
        if nom.startswith("remb_core-"):
            return "remb_core.zip.xz (bytecode, barèmes)"
        if nom.startswith("remb_core_suite-"):
            return "archive suite (année, CSS, comparateur)"
        if nom.startswith("python_stdlib-"):
            return "bibliothèque standard réduite"
        return "manifeste" if nom == "manifeste.json" else "runtime Pyodide (JS, wasm)"
    if chemin.startswith("/bench-nu/pyodide/"):
        if chemin.endswith("python_stdlib.zip"):
            return "bibliothèque standard complète"
        if chemin.endswith("pyodide-lock.json"):
            return "pyodide-lock.json"
        return "runtime Pyodide (JS, wasm)"
    if chemin.startswith("/assets/remb") or chemin.startswith("/bench-nu/nu-worker"):
        return "calculateur (remb-*.js/css)"
    if "search" in chemin or "/lunr/" in chemin:
        return "recherche Material (index, lunr, worker)"
    if chemin.startswith(("/assets/javascripts/", "/assets/stylesheets/")):
        return "Material JS/CSS"
    if chemin.endswith("/") or chemin.endswith(".html"):
        return "page HTML"
    return "autres (sitemap, favicon…)"


NOS_CATEGORIES = ("calculateur (remb-*.js/css)", "remb_core.zip.xz (bytecode, barèmes)",
                  "archive suite (année, CSS, comparateur)", "manifeste")


def taille_brute(site: Path, url: str) -> int:
    """La taille du fichier du site (non compressé) derrière une adresse."""
    chemin = site / urlparse(url).path.lstrip("/")
    if chemin.is_dir():
        chemin = chemin / "index.html"
    return chemin.stat().st_size if chemin.is_file() else 0


def octets(requetes: list, debut_epoque_ms: float | None, fin_epoque_ms: float, site: Path) -> dict:
    """Octets transférés (en-têtes + corps encodé, soit encodedDataLength de
    Network.loadingFinished, via Request.sizes() de Playwright) et octets bruts (le fichier du
    site) des requêtes terminées dans l'intervalle ; une réponse du cache compte 0."""
    total, brut, par_categorie, brut_par_categorie, detail = 0, 0, {}, {}, []
    for r in requetes:
        if r.url.startswith(("data:", "blob:")):
            continue
        t = r.timing
        fin = t["startTime"] + t["responseEnd"] if t.get("responseEnd", -1) >= 0 else None
        if fin is not None and (fin > fin_epoque_ms or (debut_epoque_ms and fin < debut_epoque_ms)):
            continue
        try:
            s = r.sizes()
            n = s["responseBodySize"] + s["responseHeadersSize"]
        except Exception:  # réponse sans taille (cache mémoire…)
            n = 0
        b = taille_brute(site, r.url) if n else 0
        total += n
        brut += b
        cat = categorie(r.url)
        par_categorie[cat] = par_categorie.get(cat, 0) + n
        brut_par_categorie[cat] = brut_par_categorie.get(cat, 0) + b
        detail.append({"url": urlparse(r.url).path, "octets": n, "brut": b, "categorie": cat})
    nos = sum(v for k, v in par_categorie.items() if k in NOS_CATEGORIES)
    nos_brut = sum(v for k, v in brut_par_categorie.items() if k in NOS_CATEGORIES)
    return {"total": total, "brut": brut, "par_categorie": par_categorie,
            "brut_par_categorie": brut_par_categorie, "nos": nos, "nos_brut": nos_brut,
            "detail": detail}


def tache_max(releve: dict, jusqua: float) -> float:
    return max((t["duree"] for t in releve["longtasks"] if t["debut"] <= jusqua), default=0.0)


def nos_scripts_max(releve: dict, jusqua: float) -> float:
    """La plus longue exécution d'un de nos scripts (assets/remb-*) dans une frame longue."""
    return max((s["duree"] for f in releve["loaf"] if f["debut"] <= jusqua for s in f["scripts"]
                if "/assets/remb-" in (s["source"] or "")), default=0.0)


def pire_frame(releve: dict, jusqua: float) -> dict | None:
    """La long-animation-frame la plus longue du démarrage, et ses scripts (attribution)."""
    frames = [f for f in releve["loaf"] if f["debut"] <= jusqua]
    if not frames:
        return None
    f = max(frames, key=lambda f: f["duree"])
    scripts = sorted(f["scripts"], key=lambda s: -s["duree"])[:3]
    return {"debut": round(f["debut"], 1), "duree": round(f["duree"], 1),
            "scripts_ms": round(sum(s["duree"] for s in f["scripts"]), 1),
            "rendu_ms": round(f["rendu"], 1), "style_et_mise_en_page_ms": round(f["styleEtMiseEnPage"], 1),
            "scripts": [{"source": urlparse(s["source"]).path or s["source"],
                         "invocation": s["invocation"], "duree": round(s["duree"], 1)}
                        for s in scripts]}


def visite(profil: Profil, url: str, condition: str, nom_instant: str, site: Path) -> dict:
    """Va à l'adresse et attend la condition ; renvoie le relevé de la page. `nom_instant` :
    « pret » (premier résultat), « nu » (1+1 de la page nue) ou « load » (page sans calculateur :
    on mesure jusqu'à 3 s après load)."""
    profil.page.goto(url, wait_until="commit")
    profil.page.wait_for_function(condition, timeout=DELAI_MS, polling=100)
    if nom_instant == "load":
        profil.page.wait_for_timeout(3000)
    releve = profil.page.evaluate(RELEVE_PAGE)
    if releve.get("nu") and releve["nu"].get("erreur"):
        raise RuntimeError("page nue : " + releve["nu"]["erreur"])
    instant = {"pret": releve["premierPret"], "nu": (releve["nu"] or {}).get("fait"),
               "load": (releve["load"] or 0) + 3000}[nom_instant]
    epoque = releve["timeOrigin"] + instant
    mesure = {"ms": instant, "worker_lance_ms": releve["workerLance"],
              "dom_content_loaded_ms": releve["domContentLoaded"],
              "longtask_disponible": releve["longtaskDisponible"],
              "tache_max_ms": tache_max(releve, instant),
              "nos_scripts_max_ms": nos_scripts_max(releve, instant),
              "taches_longues": [{"debut": round(t["debut"], 1), "duree": round(t["duree"], 1)}
                                 for t in releve["longtasks"] if t["debut"] <= instant],
              "pire_frame": pire_frame(releve, instant),
              "octets": octets(profil.requetes, None, epoque, site),
              "_epoque": epoque}
    if releve["moteur"]:
        mesure["demarrage_worker_ms"] = releve["moteur"]["dureeDemarrage"]
    if releve["nu"]:
        mesure["demarrage_worker_ms"] = releve["nu"]["duree"]
    return mesure


def passage_calculateur(playwright, dossier: Path, url: str, resultat: dict, site: Path) -> None:
    """Remplit `resultat` au fur et à mesure : une erreur tardive garde les mesures déjà faites."""
    profil = Profil(playwright, dossier).ouvrir()
    try:
        # 1, 2, 5 : première visite, profil neuf.
        froid = visite(profil, url + PAGE_CALCUL, "() => window.__bench.premierPret !== null", "pret",
                       site)
        resultat["froid"] = froid
        page = profil.page
        # 3 : saisie → résultat, un acte puis une année de LIGNES_ANNEE actes.
        resultat["saisies"] = page.evaluate(SAISIR, {"n": SAISIES, "premier": 61, "cle": "prix",
                                                     "selecteur": "#reste_a_charge-prix"})
        if not page.evaluate(ANNEE, LIGNES_ANNEE):
            raise RuntimeError("le mode année n'a pas donné de résultat")
        resultat["saisies_annee"] = page.evaluate(SAISIR, {
            "n": SAISIES_ANNEE, "premier": 41, "cle": "lignes[0].prix",
            "selecteur": "#reste_a_charge-lignes-0--prix"})
        page.evaluate("""() => { const m = document.querySelector('#reste_a_charge-mode');
            m.value = 'acte'; m.dispatchEvent(new Event('change', { bubbles: true })); }""")
        # 4 et 5 : navigation instantanée vers le tableau de garanties.
        page.evaluate("""() => { window.repere = 'même document'; window.__bench.clic = null;
            window.__bench.insertion = null;
            new MutationObserver((ms, obs) => {
              if (document.querySelector('.remb-calculateur[data-calculateur="tableau_garanties"]')) {
                window.__bench.insertion = performance.now(); obs.disconnect(); }
            }).observe(document.body, { childList: true, subtree: true }); }""")
        deja = len(profil.requetes)
        page.locator("article a[href*='tableau-de-garanties']").first.click()
        page.wait_for_function(PRET_APRES_CLIC, timeout=DELAI_MS, polling=50)
        nav = page.evaluate("""() => { const B = window.__bench;
            const pret = B.etats.find((e) => e.calc === 'tableau_garanties' && e.etat === 'pret'
                                            && e.t >= B.clic);
            const r = performance.getEntriesByType('resource').filter(
                (e) => e.name.includes('/tableau-de-garanties/') && e.startTime >= B.clic).pop();
            return { clic: B.clic, pret: pret.t, timeOrigin: performance.timeOrigin,
                     insertion: B.insertion, pageRecue: r ? r.responseEnd : null,
                     demarrages: window.rembMoteur.demarrages, repere: window.repere || null,
                     chemin: location.pathname }; }""")
        resultat["navigation"] = {
            "ms": nav["pret"] - nav["clic"], "demarrages": nav["demarrages"],
            "page_recue_ms": nav["pageRecue"] - nav["clic"] if nav["pageRecue"] else None,
            "calculateur_insere_ms": nav["insertion"] - nav["clic"] if nav["insertion"] else None,
            "sans_rechargement": nav["repere"] == "même document", "chemin": nav["chemin"],
            "octets": octets(profil.requetes[deja:], nav["timeOrigin"] + nav["clic"],
                             nav["timeOrigin"] + nav["pret"], site)}
        # Prêt sans recalcul (résultat de la construction) : la première saisie, tout de suite
        # après, dit ce qu'il reste à faire (le worker prépare encore le tableau complet).
        resultat["navigation"]["premiere_saisie"] = page.evaluate(SAISIR, {
            "n": 1, "premier": 91, "cle": "prix", "selecteur": "#tableau_garanties-prix",
            "calculateur": "tableau_garanties"})[0]
    finally:
        profil.fermer()
    # 1 et 2 à chaud : même profil, deuxième visite (nouveau lancement du navigateur).
    profil.ouvrir()
    try:
        resultat["chaud"] = visite(profil, url + PAGE_CALCUL,
                                   "() => window.__bench.premierPret !== null", "pret", site)
    finally:
        profil.fermer()


def passage_nu(playwright, dossier: Path, url: str, resultat: dict, site: Path) -> None:
    profil = Profil(playwright, dossier)
    for moment in ("froid", "chaud"):
        profil.ouvrir()
        try:
            resultat[moment] = visite(profil, url + PAGE_NUE_URL, "() => !!window.benchNu", "nu", site)
        finally:
            profil.fermer()


def passage_guide(playwright, dossier: Path, url: str, resultat: dict, site: Path, chemin: str) -> None:
    """Une page du guide sans calculateur : tâches longues, octets, rien de Pyodide."""
    profil = Profil(playwright, dossier)
    for moment in ("froid", "chaud"):
        profil.ouvrir()
        try:
            resultat[moment] = visite(profil, url + chemin, "() => document.readyState === 'complete'",
                                      "load", site)
            resultat[moment]["pyodide_charge"] = [
                r.url for r in profil.requetes
                if "/assets/pyodide/" in r.url or re.search(r"/remb-worker[.\w]*\.js", r.url)]
        finally:
            profil.fermer()


def mesurer_debit(playwright, url: str, site: Path) -> dict:
    """Simulations par seconde dans Pyodide (worker), puis dans CPython, même mélange."""
    sys.path.insert(0, str(RACINE / "bench"))
    import simulations

    worker = next((site / "assets").glob("remb-worker.*.js")).name
    navigateur = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
    try:
        page = navigateur.new_page(bypass_csp=True)
        page.goto(f"{url}bench-debit/?worker=../assets/{worker}")
        donnees = page.evaluate("([m, d, r]) => window.lancerDebit(m, d, r)",
                                [simulations.MELANGE, DEBIT_DUREE_S, DEBIT_REPETITIONS])
    finally:
        navigateur.close()
    if donnees.get("erreur"):
        raise RuntimeError("débit dans Pyodide : " + donnees["erreur"])
    cpython = simulations.mesurer(DEBIT_DUREE_S, DEBIT_REPETITIONS)
    pyodide = statistics.median(donnees["debits"])
    return {"pyodide": round(pyodide), "pyodide_repetitions": [round(d) for d in donnees["debits"]],
            "cpython": cpython["simulations_par_seconde"],
            "cpython_repetitions": cpython["simulations_par_seconde_repetitions"],
            "rapport": round(pyodide / cpython["simulations_par_seconde"], 3),
            "demandes": len(simulations.MELANGE)}


# --- Synthèse -----------------------------------------------------------------------------------


def med(valeurs):
    valeurs = [v for v in valeurs if v is not None]
    return statistics.median(valeurs) if valeurs else None


def etendue(valeurs):
    valeurs = [v for v in valeurs if v is not None]
    return [round(min(valeurs), 3), round(max(valeurs), 3)] if valeurs else None


def synthese(passages: list[dict], tailles: dict) -> dict:
    calc = [p["calculateur"] for p in passages if "calculateur" in p]
    nu = [p["nu"] for p in passages if "nu" in p]
    r: dict = {}
    for moment in ("froid", "chaud"):
        c = [x[moment]["ms"] for x in calc if moment in x]
        n = [x[moment]["ms"] for x in nu if moment in x]
        r[f"premier_resultat_{moment}_ms"] = med(c)
        r[f"premier_resultat_{moment}_etendue"] = etendue(c)
        r[f"page_nue_{moment}_ms"] = med(n)
        r[f"page_nue_{moment}_etendue"] = etendue(n)
        r[f"ratio_{moment}"] = med(c) / med(n) if c and n else None
        r[f"ratios_par_passage_{moment}"] = [
            round(p["calculateur"][moment]["ms"] / p["nu"][moment]["ms"], 3) for p in passages
            if moment in p.get("calculateur", {}) and moment in p.get("nu", {})]
        r[f"ratio_apparie_{moment}"] = med(r[f"ratios_par_passage_{moment}"])
        r[f"ratio_etendue_{moment}"] = etendue(r[f"ratios_par_passage_{moment}"])
        r[f"tache_max_{moment}_ms"] = med([x[moment]["tache_max_ms"] for x in calc if moment in x])
        r[f"tache_max_{moment}_etendue"] = etendue([x[moment]["tache_max_ms"] for x in calc
                                                    if moment in x])
        r[f"nos_scripts_max_{moment}_ms"] = med([x[moment]["nos_scripts_max_ms"] for x in calc
                                                 if moment in x])
        for cle in PAGES_GUIDE:
            g = [p[f"guide_{cle}"][moment]["tache_max_ms"] for p in passages
                 if moment in p.get(f"guide_{cle}", {})]
            r[f"tache_max_guide_{cle}_{moment}_ms"] = med(g)
            r[f"tache_max_guide_{cle}_{moment}_etendue"] = etendue(g)
            ecarts = [p["calculateur"][moment]["tache_max_ms"] - p[f"guide_{cle}"][moment]["tache_max_ms"]
                      for p in passages if moment in p.get("calculateur", {})
                      and moment in p.get(f"guide_{cle}", {})]
            r[f"ecart_tache_guide_{cle}_{moment}_ms"] = med(ecarts)
            r[f"ecarts_tache_guide_{cle}_{moment}"] = [round(e) for e in ecarts]
        r[f"tache_max_page_nue_{moment}_ms"] = med([x[moment]["tache_max_ms"] for x in nu
                                                     if moment in x])
        r[f"worker_lance_{moment}_ms"] = med([x[moment]["worker_lance_ms"] for x in calc
                                              if moment in x])
        r[f"worker_lance_page_nue_{moment}_ms"] = med([x[moment]["worker_lance_ms"] for x in nu
                                                       if moment in x])
        r[f"demarrage_worker_{moment}_ms"] = med([x[moment].get("demarrage_worker_ms") for x in calc
                                                  if moment in x])
        r[f"demarrage_worker_page_nue_{moment}_ms"] = med([x[moment].get("demarrage_worker_ms")
                                                           for x in nu if moment in x])
        r[f"dom_content_loaded_{moment}_ms"] = med([x[moment]["dom_content_loaded_ms"] for x in calc
                                                    if moment in x])
    for nom, cle in (("saisie", "saisies"), ("saisie_annee", "saisies_annee")):
        saisies = [s for x in calc for s in x.get(cle, [])]
        r[f"{nom}_ms"] = med([s["ms"] for s in saisies])
        r[f"{nom}_p90_ms"] = (statistics.quantiles([s["ms"] for s in saisies], n=10)[-1]
                              if len(saisies) >= 10 else None)
        r[f"{nom}_python_ms"] = med([s["duree_python_ms"] for s in saisies])
        r[f"{nom}s_mesurees"] = len(saisies)
        for etape in ("avant_envoi", "aller_retour_worker", "affichage"):
            r[f"{nom}_{etape}_ms"] = med([s.get(f"{etape}_ms") for s in saisies])
    r["premiere_saisie_ms"] = med([x["saisies"][0]["ms"] for x in calc if x.get("saisies")])
    navs = [x["navigation"] for x in calc if "navigation" in x]
    r["navigation_ms"] = med([n["ms"] for n in navs])
    r["navigation_par_passage"] = [n["ms"] for n in navs]
    r["navigation_premiere_saisie_ms"] = med([n["premiere_saisie"]["ms"] for n in navs
                                              if "premiere_saisie" in n])
    r["navigation_page_recue_ms"] = med([n["page_recue_ms"] for n in navs])
    r["navigation_calculateur_insere_ms"] = med([n["calculateur_insere_ms"] for n in navs])
    r["navigation_demarrages"] = sorted({n["demarrages"] for n in navs})
    r["navigation_sans_rechargement"] = all(n["sans_rechargement"] for n in navs) if navs else None
    for nom, liste in (("premiere_visite", [x["froid"] for x in calc if "froid" in x]),
                       ("retour", [x["chaud"] for x in calc if "chaud" in x]),
                       ("page_nue", [x["froid"] for x in nu if "froid" in x]),
                       ("page_nue_retour", [x["chaud"] for x in nu if "chaud" in x])):
        r[f"octets_{nom}"] = med([x["octets"]["total"] for x in liste])
        r[f"octets_{nom}_brut"] = med([x["octets"]["brut"] for x in liste])
        r[f"nos_octets_{nom}"] = med([x["octets"]["nos"] for x in liste])
        r[f"nos_octets_{nom}_brut"] = med([x["octets"]["nos_brut"] for x in liste])
    r["octets_deuxieme_page"] = med([n["octets"]["total"] for n in navs])
    for cle in PAGES_GUIDE:
        guides = [p[f"guide_{cle}"] for p in passages if f"guide_{cle}" in p]
        r[f"octets_guide_{cle}"] = med([g["froid"]["octets"]["total"] for g in guides if "froid" in g])
        r[f"octets_guide_{cle}_retour"] = med([g["chaud"]["octets"]["total"] for g in guides
                                               if "chaud" in g])
        r[f"pyodide_sur_guide_{cle}"] = sorted({u for g in guides for m in ("froid", "chaud")
                                                for u in g.get(m, {}).get("pyodide_charge", [])})
    for nom, liste in (("premiere_visite", [x["froid"] for x in calc if "froid" in x]),
                       ("retour", [x["chaud"] for x in calc if "chaud" in x]),
                       ("page_nue", [x["froid"] for x in nu if "froid" in x])):
        cats: dict[str, list] = {}
        bruts: dict[str, list] = {}
        for x in liste:
            for k, v in x["octets"]["par_categorie"].items():
                cats.setdefault(k, []).append(v)
            for k, v in x["octets"]["brut_par_categorie"].items():
                bruts.setdefault(k, []).append(v)
        r[f"octets_{nom}_par_categorie"] = {
            k: {"transfere": med(v), "brut": med(bruts.get(k, [0]))}
            for k, v in sorted(cats.items(), key=lambda kv: -med(kv[1]))}
    r["secours_charge"] = sorted({d["url"] for x in calc for m in ("froid", "chaud") if m in x
                                  for d in x[m]["octets"]["detail"] if "/secours/" in d["url"]})
    r["longtask_disponible"] = all(x["froid"]["longtask_disponible"] for x in calc if "froid" in x)
    frames = [x["froid"]["pire_frame"] for x in calc if x.get("froid", {}).get("pire_frame")]
    r["pire_frame_froid"] = max(frames, key=lambda f: f["duree"]) if frames else None
    return r


def cibles(r: dict, debit: dict | None) -> list[tuple]:
    """(mesure, valeur affichée, cible affichée, atteinte : True/False/None)."""
    def ms(v):
        return "—" if v is None else (f"{v:,.0f} ms" if v >= 100 else f"{v:.2f} ms").replace(",", " ")

    def ko(v):
        return "—" if v is None else f"{v / 1000:,.1f} ko".replace(",", " ").replace(".", ",")

    def ok(v, seuil):
        return None if v is None else v <= seuil

    def ratio(v):
        return "—" if v is None else f"{v:.2f}".replace(".", ",")

    def ratios(e):
        return "" if not e else f" [{ratio(e[0])}–{ratio(e[1])}]"

    lignes = []
    for moment, nom in (("froid", "à froid (profil neuf)"), ("chaud", "à chaud (2e visite)")):
        lignes += [
            (f"Premier résultat « Reste à charge », {nom}", ms(r[f"premier_resultat_{moment}_ms"]),
             "", None),
            (f"1+1 sur la page nue (Pyodide de npm), {nom}", ms(r[f"page_nue_{moment}_ms"]), "", None),
            (f"Ratio calculateur / page nue, {nom}",
             ratio(r[f"ratio_apparie_{moment}"]) + ratios(r[f"ratio_etendue_{moment}"]), "≤ 1,10",
             ok(r[f"ratio_apparie_{moment}"], CIBLES["ratio"])),
        ]
    for moment, nom in (("froid", "à froid"), ("chaud", "à chaud")):
        v, g = r[f"tache_max_{moment}_ms"], r[f"tache_max_guide_type_{moment}_ms"]
        lignes += [
            (f"Plus longue tâche, page du calculateur, {nom}", ms(v), "", None),
            (f"  page du guide sans calculateur, {nom}", ms(g), "", None),
            (f"  page sans calculateur de même taille, {nom}",
             ms(r[f"tache_max_guide_meme_taille_{moment}_ms"]), "", None),
            (f"  écart apparié calculateur − page du guide, {nom}",
             ms(r[f"ecart_tache_guide_type_{moment}_ms"]), "≤ 30 ms",
             ok(r[f"ecart_tache_guide_type_{moment}_ms"], CIBLES["marge_tache_ms"])),
            (f"  plus longue exécution de nos scripts, {nom}", ms(r[f"nos_scripts_max_{moment}_ms"]),
             "≤ 50 ms", ok(r[f"nos_scripts_max_{moment}_ms"], CIBLES["script_ms"])),
        ]
    lignes += [
        ("Saisie du prix → résultat affiché", ms(r["saisie_ms"]), "≤ 5 ms",
         ok(r["saisie_ms"], CIBLES["saisie_ms"])),
        ("  dont temps dans Python (data-duree)", ms(r["saisie_python_ms"]), "", None),
        ("  première saisie après le premier résultat", ms(r["premiere_saisie_ms"]), "", None),
        (f"Saisie, mode année avec {LIGNES_ANNEE} actes → résultat", ms(r["saisie_annee_ms"]), "≤ 15 ms",
         ok(r["saisie_annee_ms"], CIBLES["saisie_annee_ms"])),
        ("  dont temps dans Python (data-duree)", ms(r["saisie_annee_python_ms"]), "", None),
        ("Navigation instantanée → tableau de garanties prêt", ms(r["navigation_ms"]), "≤ 150 ms",
         ok(r["navigation_ms"], CIBLES["navigation_ms"])),
        ("  puis première saisie → résultat (tableau encore en préparation)",
         ms(r["navigation_premiere_saisie_ms"]), "", None),
        ("  Pyodide démarré une seule fois (demarrages)",
         "/".join(map(str, r["navigation_demarrages"])) or "—", "= 1",
         (r["navigation_demarrages"] == [1] and bool(r["navigation_sans_rechargement"]))
         if r["navigation_demarrages"] else None),
        ("Nos fichiers, première visite (JS, CSS, remb_core.zip.xz), bruts",
         ko(r["nos_octets_premiere_visite_brut"]), "≤ 100 ko",
         ok(r["nos_octets_premiere_visite_brut"], CIBLES["nos_octets"])),
        ("  transférés (compressés, en-têtes compris)", ko(r["nos_octets_premiere_visite"]), "", None),
        ("Octets transférés, première visite (jusqu'à pret)", ko(r["octets_premiere_visite"]),
         f"≤ {ko(r['octets_page_nue'])}", ok(r["octets_premiere_visite"], r["octets_page_nue"])),
        ("  bruts (fichiers du site)", ko(r["octets_premiere_visite_brut"]), "", None),
        ("  page nue, première visite (référence)", ko(r["octets_page_nue"]), "", None),
        ("Octets transférés, visite de retour", ko(r["octets_retour"]), "", None),
        ("Octets, deuxième page (navigation instantanée)", ko(r["octets_deuxieme_page"]), "", None),
        ("Page du guide sans calculateur : rien de Pyodide",
         "rien" if not r["pyodide_sur_guide_type"] else f"{len(r['pyodide_sur_guide_type'])} fichiers",
         "rien", not r["pyodide_sur_guide_type"]),
        ("  octets transférés, première visite / retour",
         f"{ko(r['octets_guide_type'])} / {ko(r['octets_guide_type_retour'])}", "", None),
        ("Archives de secours chargées", "aucune" if not r["secours_charge"] else
         ", ".join(r["secours_charge"]), "aucune", not r["secours_charge"]),
    ]
    if debit:
        lignes += [
            ("Débit de remb_core.simuler dans Pyodide (worker)",
             f"{debit['pyodide']:,} / s".replace(",", " "), "", None),
            ("  dans CPython (même mélange, même machine)",
             f"{debit['cpython']:,} / s".replace(",", " "), "", None),
            ("  rapport Pyodide / CPython", ratio(debit["rapport"]), "", None),
        ]
    return lignes


def afficher(res: dict) -> None:
    r, t = res["medianes"], res["tailles"]
    print(f"\nBanc navigateur — {res['navigateur']}, Playwright {res['playwright']}, "
          f"Pyodide {res['pyodide']}, {res['passages']} passages "
          f"(charge moyenne {res['charge_debut']:.2f} → {res['charge_fin']:.2f}, "
          f"{res['duree_s']:.0f} s)")
    print(f"Runtime chargé par le calculateur : {t['charges_brut'] / 1e6:.2f} Mo bruts, "
          f"{t['charges_br'] / 1e6:.2f} Mo en brotli ; Pyodide de npm (page nue) : "
          f"{t['stock_brut'] / 1e6:.2f} Mo bruts, {t['stock_br'] / 1e6:.2f} Mo en brotli\n")
    lignes = cibles(r, res.get("debit"))
    largeur = max(len(m) for m, *_ in lignes)
    print(f"{'Mesure (médiane [étendue])':<{largeur}}  {'Valeur':>22}  {'Cible':>13}  Atteinte")
    print("-" * (largeur + 51))
    for mesure, valeur, cible, atteinte in lignes:
        etat = "" if atteinte is None else ("oui" if atteinte else "NON")
        print(f"{mesure:<{largeur}}  {valeur:>22}  {cible:>13}  {etat}")

    def n0(v):
        return "—" if v is None else f"{v:.0f}"

    def n2(v):
        return "—" if v is None else f"{v:.2f}"

    print("\nDécomposition (médianes) :")
    for moment in ("froid", "chaud"):
        print(f"  {moment:<5} : premier résultat {r[f'premier_resultat_{moment}_etendue']} ms, page "
              f"nue {r[f'page_nue_{moment}_etendue']} ms (étendues) ; worker lancé à "
              f"{n0(r[f'worker_lance_{moment}_ms'])} ms (page nue : "
              f"{n0(r[f'worker_lance_page_nue_{moment}_ms'])} ms), démarrage dans le worker "
              f"{n0(r[f'demarrage_worker_{moment}_ms'])} ms (page nue : "
              f"{n0(r[f'demarrage_worker_page_nue_{moment}_ms'])} ms), DOMContentLoaded "
              f"{n0(r[f'dom_content_loaded_{moment}_ms'])} ms ; ratios par passage "
              f"{r[f'ratios_par_passage_{moment}']}")
        print(f"          tâche la plus longue : calculateur {r[f'tache_max_{moment}_etendue']}, page "
              f"du guide {r[f'tache_max_guide_type_{moment}_etendue']}, écarts appariés "
              f"{r[f'ecarts_tache_guide_type_{moment}']} ms")
    for nom in ("premiere_visite", "retour", "page_nue"):
        print(f"  Octets ({nom.replace('_', ' ')}) par catégorie, transférés / bruts : " + ", ".join(
            f"{k} {v['transfere'] / 1000:.1f} / {v['brut'] / 1000:.1f} ko"
            for k, v in r[f"octets_{nom}_par_categorie"].items()))
    if not r["longtask_disponible"]:
        print("  Attention : « longtask » indisponible dans ce Chromium ; la tâche maximale n'est pas "
              "mesurée.")
    print(f"  Navigation instantanée : page reçue à {n0(r['navigation_page_recue_ms'])} ms, "
          f"calculateur inséré à {n0(r['navigation_calculateur_insere_ms'])} ms, prêt à "
          f"{n0(r['navigation_ms'])} ms après le clic (par passage : "
          f"{', '.join(n0(x) for x in r['navigation_par_passage'])} ms)")
    f = r["pire_frame_froid"]
    if f:
        print(f"  Plus longue frame (long-animation-frame) à froid : {f['duree']:.0f} ms à "
              f"{f['debut']:.0f} ms, dont scripts {f['scripts_ms']:.0f} ms, rendu {f['rendu_ms']:.0f} ms "
              f"(style et mise en page {f['style_et_mise_en_page_ms']:.0f} ms) ; scripts : " + "; ".join(
                  f"{s['source']} ({s['invocation']}, {s['duree']:.0f} ms)" for s in f["scripts"]))
    for nom, cle in (("Saisie (un acte)", "saisie"), ("Saisie (année)", "saisie_annee")):
        print(f"  {nom} → résultat ({r[cle + 's_mesurees']} saisies, p90 {n2(r[cle + '_p90_ms'])} ms) : "
              f"JavaScript avant l'envoi {n2(r[cle + '_avant_envoi_ms'])} ms, aller-retour avec le "
              f"worker {n2(r[cle + '_aller_retour_worker_ms'])} ms (dont Python "
              f"{n2(r[cle + '_python_ms'])} ms), affichage {n2(r[cle + '_affichage_ms'])} ms")
    d = res.get("debit")
    if d:
        print(f"  Débit ({d['demandes']} demandes, {DEBIT_REPETITIONS} × {DEBIT_DUREE_S:.0f} s) : Pyodide "
              f"{d['pyodide_repetitions']}, CPython {d['cpython_repetitions']} simulations/s")
    if res["erreurs"]:
        print("\nErreurs :")
        for e in res["erreurs"]:
            print("  " + e)


def sans_internes(objet):
    if isinstance(objet, dict):
        return {k: sans_internes(v) for k, v in objet.items() if not k.startswith("_")}
    if isinstance(objet, list):
        return [sans_internes(v) for v in objet]
    return objet


def mesurer(passages: int, avec_debit: bool = True) -> dict:
    from importlib import metadata

    from playwright.sync_api import sync_playwright

    debut = time.perf_counter()
    charge_debut = os.getloadavg()[0]
    racine_tmp = Path(tempfile.mkdtemp(prefix="remb-bench-nav-"))
    serveur_ = None
    try:
        port = port_libre()
        site = racine_tmp / "site"
        duree_construction = construire_site(site, port)
        tailles = tailles_runtime(site)
        serveur_ = demarrer_serveur(site, port)
        url = f"http://127.0.0.1:{port}/"
        print(f"Site construit en {duree_construction:.1f} s, servi sur {url}", file=sys.stderr)
        resultats, erreurs = [], []
        navigateur = "Chromium"
        debit = None
        quoi_tous = ["calculateur", "nu", *(f"guide_{c}" for c in PAGES_GUIDE)]
        with sync_playwright() as p:
            for i in range(passages):
                passage: dict = {}
                # L'ordre tourne, pour ne pas avantager une page (charge, caches du système).
                ordre = quoi_tous[i % len(quoi_tous):] + quoi_tous[:i % len(quoi_tous)]
                for quoi in ordre:
                    profil = racine_tmp / f"profil-{i}-{quoi}"
                    passage[quoi] = {}
                    try:
                        if quoi == "calculateur":
                            passage_calculateur(p, profil, url, passage[quoi], site)
                        elif quoi == "nu":
                            passage_nu(p, profil, url, passage[quoi], site)
                        else:
                            passage_guide(p, profil, url, passage[quoi], site,
                                          PAGES_GUIDE[quoi.removeprefix("guide_")])
                    except Exception as exc:  # on rend compte, on continue
                        message = (f"passage {i + 1}, {quoi} : {type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0] if str(exc) else ''}")
                        erreurs.append(message)
                        print(message, file=sys.stderr)
                    shutil.rmtree(profil, ignore_errors=True)
                resultats.append(passage)
                c, n = passage.get("calculateur", {}), passage.get("nu", {})
                g = passage.get("guide_type", {})
                print(f"passage {i + 1}/{passages} : calculateur "
                      f"{c.get('froid', {}).get('ms', float('nan')):.0f}/"
                      f"{c.get('chaud', {}).get('ms', float('nan')):.0f} ms, page nue "
                      f"{n.get('froid', {}).get('ms', float('nan')):.0f}/"
                      f"{n.get('chaud', {}).get('ms', float('nan')):.0f} ms (froid/chaud) ; tâche max "
                      f"{c.get('froid', {}).get('tache_max_ms', float('nan')):.0f} ms contre "
                      f"{g.get('froid', {}).get('tache_max_ms', float('nan')):.0f} ms (guide)",
                      file=sys.stderr)
            if avec_debit:
                try:
                    debit = mesurer_debit(p, url, site)
                    print(f"débit : Pyodide {debit['pyodide']} / s, CPython {debit['cpython']} / s",
                          file=sys.stderr)
                except Exception as exc:
                    erreurs.append(f"débit : {type(exc).__name__}: {exc}")
            try:
                b = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
                navigateur = f"Chromium {b.version}"
                b.close()
            except Exception:
                pass
        return {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cœurs",
            "python": platform.python_version(),
            "navigateur": navigateur,
            "playwright": metadata.version("playwright"),
            "pyodide": tailles["pyodide"],
            "passages": passages,
            "charge_debut": charge_debut,
            "charge_fin": os.getloadavg()[0],
            "cibles": CIBLES,
            "tailles": tailles,
            "medianes": synthese(resultats, tailles),
            "debit": debit,
            "brut": sans_internes(resultats),
            "erreurs": erreurs,
            "duree_s": round(time.perf_counter() - debut, 1),
        }
    finally:
        if serveur_ is not None:
            serveur_.terminate()
            try:
                serveur_.wait(timeout=5)
            except subprocess.TimeoutExpired:
                serveur_.kill()
        shutil.rmtree(racine_tmp, ignore_errors=True)


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--runs", type=int, default=5,
                         help="passages (5 au moins pour une médiane ; défaut : 5)")
    parseur.add_argument("--sans-debit", action="store_true",
                         help="ne pas mesurer le débit de remb_core dans Pyodide")
    option_json(parseur, "navigateur")
    parseur.add_argument("--serveur", nargs=2, metavar=("DOSSIER", "PORT"), help=argparse.SUPPRESS)
    args = parseur.parse_args(arguments)
    if args.serveur:
        servir(args.serveur[0], int(args.serveur[1]))
        return 0
    if args.runs < 1:
        parseur.error("--runs : au moins 1")
    if args.runs < 5:
        print(f"Attention : {args.runs} passage(s) ; la médiane demande au moins 5 passages.",
              file=sys.stderr)
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("Playwright n'est pas installé (pip install -e '.[browser]').", file=sys.stderr)
        return 1
    if not shutil.which(CHROMIUM):
        print(f"Chromium est introuvable ({CHROMIUM}) : apt-get install chromium.", file=sys.stderr)
        return 1
    try:
        resultats = mesurer(args.runs, avec_debit=not args.sans_debit)
    except RuntimeError as exc:
        print(f"navigateur.py : {exc}", file=sys.stderr)
        return 1
    afficher(resultats)
    if args.json:
        ecrire_json(args.json, resultats)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
