"""Banc de performance des calculateurs dans un vrai navigateur (Chromium de Debian, Playwright).

Construit le site dans un dossier temporaire (comme tests/conftest.py), le sert sur 127.0.0.1 à son
site_url, ajoute au site temporaire une page nue de comparaison (bench-nu/ : le même Pyodide dans
un Web Worker module, qui évalue 1+1 — rien d'autre) et mesure, en médiane sur --runs passages :

1. navigation → premier résultat en direct sur « Reste à charge » (data-etat = pret), contre
   navigation → 1+1 sur la page nue, à froid (profil neuf) et à chaud (même profil, 2e visite) ;
2. la plus longue tâche du fil principal pendant le démarrage (PerformanceObserver « longtask ») ;
3. saisie → résultat à jour (30 changements du prix), et le temps passé dans Python (data-duree) ;
4. navigation instantanée vers « Lire un tableau de garanties » → son calculateur prêt, sans
   redémarrer Pyodide (window.rembMoteur.demarrages reste à 1) ;
5. octets transférés à la première visite et sur une deuxième page, contre la taille du runtime.

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
from serveur import port_libre, serveur  # noqa: E402

PAGE_NUE = Path(__file__).resolve().parent / "page_nue"
DATE_SITE = "2026-06-01"  # même barème fixe que les tests
CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FENETRE = {"width": 1100, "height": 900}
DELAI_MS = 90_000
SAISIES = 30

PAGE_CALCUL = "outils/reste-a-charge/"
PAGE_NUE_URL = "bench-nu/"
CIBLES = {"ratio": 1.10, "tache_ms": 100.0, "saisie_ms": 5.0, "navigation_ms": 150.0,
          "marge_octets": 100_000}

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
  const ressource = (fin) => {
    const r = performance.getEntriesByType("resource").find((e) => e.name.split("?")[0].endsWith(fin));
    return r ? r.startTime : null;
  };
  return {
    premierPret: B.premierPret, longtaskDisponible: B.longtaskDisponible,
    longtasks: B.longtasks, loaf: B.loaf, timeOrigin: performance.timeOrigin,
    domContentLoaded: nav.domContentLoadedEventEnd || null, load: nav.loadEventEnd || null,
    workerLance: ressource("remb-worker.js") ?? ressource("nu-worker.js"),
    moteur: window.rembMoteur ? { ...window.rembMoteur } : null,
    nu: window.benchNu ? { ...window.benchNu } : null,
  };
}
"""

SAISIR = r"""
async ({ n, premier }) => {
  const calc = document.querySelector('.remb-calculateur[data-calculateur="reste_a_charge"]');
  const champ = document.querySelector("#reste_a_charge-prix");
  const zone = calc.querySelector(".remb-sortie");
  const mesures = [];
  for (let i = 0; i < n; i++) {
    const valeur = String(premier + i);
    const attente = new Promise((resoudre, rejeter) => {
      const obs = new MutationObserver(() => {
        let e;
        try { e = JSON.parse(zone.dataset.entrees || "{}"); } catch { return; }
        if (e.prix !== valeur) return;
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
    # La page nue, dans le site temporaire seulement.
    cible = dossier / "bench-nu"
    cible.mkdir()
    shutil.copy(PAGE_NUE / "index.html", cible / "index.html")
    shutil.copy(PAGE_NUE / "nu-worker.js", cible / "nu-worker.js")
    return time.perf_counter() - debut


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
    dossier = site / "assets" / "pyodide"
    fichiers = {p.name: p.stat().st_size for p in sorted(dossier.iterdir()) if p.is_file()}
    runtime = {n: t for n, t in fichiers.items() if not n.endswith(".whl") and n != "manifeste.json"}
    return {"fichiers": fichiers, "runtime_octets": sum(runtime.values()),
            "roue_octets": sum(t for n, t in fichiers.items() if n.endswith(".whl")),
            "html_calculateur_octets": (site / PAGE_CALCUL / "index.html").stat().st_size}


# --- Navigateur ---------------------------------------------------------------------------------


class Profil:
    """Un profil Chromium persistant (le cache HTTP et le cache de code y survivent)."""

    def __init__(self, playwright, dossier: Path):
        self.playwright, self.dossier = playwright, dossier
        self.contexte = self.page = None
        self.requetes: list = []

    def ouvrir(self):
        self.contexte = self.playwright.chromium.launch_persistent_context(
            str(self.dossier), executable_path=CHROMIUM, args=ARGUMENTS, headless=True,
            viewport=FENETRE)
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
        if chemin.endswith(".whl"):
            return "roue remb_core"
        return "manifeste" if chemin.endswith("manifeste.json") else "runtime Pyodide"
    if chemin.startswith("/assets/remb") or chemin.startswith("/bench-nu/nu-worker"):
        return "calculateur (remb-*.js/css)"
    if "search" in chemin or "/lunr/" in chemin:
        return "recherche Material (index, lunr, worker)"
    if chemin.startswith(("/assets/javascripts/", "/assets/stylesheets/")):
        return "Material JS/CSS"
    if chemin.endswith("/") or chemin.endswith(".html"):
        return "page HTML"
    return "autres (sitemap, favicon…)"


def octets(requetes: list, debut_epoque_ms: float | None, fin_epoque_ms: float) -> dict:
    """Octets (en-têtes + corps encodé, soit encodedDataLength de Network.loadingFinished, via
    Request.sizes() de Playwright) des requêtes terminées dans l'intervalle."""
    total, par_categorie, detail = 0, {}, []
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
        total += n
        cat = categorie(r.url)
        par_categorie[cat] = par_categorie.get(cat, 0) + n
        detail.append({"url": urlparse(r.url).path, "octets": n, "categorie": cat})
    return {"total": total, "par_categorie": par_categorie, "detail": detail}


def tache_max(releve: dict, jusqua: float) -> float:
    return max((t["duree"] for t in releve["longtasks"] if t["debut"] <= jusqua), default=0.0)


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


def visite(profil: Profil, url: str, condition: str, nom_instant: str) -> dict:
    """Va à l'adresse et attend la condition ; renvoie le relevé de la page."""
    profil.page.goto(url, wait_until="commit")
    profil.page.wait_for_function(condition, timeout=DELAI_MS, polling=100)
    releve = profil.page.evaluate(RELEVE_PAGE)
    instant = releve["premierPret"] if nom_instant == "pret" else releve["nu"]["fait"]
    if releve.get("nu") and releve["nu"].get("erreur"):
        raise RuntimeError("page nue : " + releve["nu"]["erreur"])
    epoque = releve["timeOrigin"] + instant
    mesure = {"ms": instant, "worker_lance_ms": releve["workerLance"],
              "dom_content_loaded_ms": releve["domContentLoaded"],
              "longtask_disponible": releve["longtaskDisponible"],
              "tache_max_ms": tache_max(releve, instant),
              "taches_longues": [{"debut": round(t["debut"], 1), "duree": round(t["duree"], 1)}
                                 for t in releve["longtasks"] if t["debut"] <= instant],
              "pire_frame": pire_frame(releve, instant),
              "octets": octets(profil.requetes, None, epoque),
              "_epoque": epoque}
    if releve["moteur"]:
        mesure["demarrage_worker_ms"] = releve["moteur"]["dureeDemarrage"]
    if releve["nu"]:
        mesure["demarrage_worker_ms"] = releve["nu"]["duree"]
    return mesure


def passage_calculateur(playwright, dossier: Path, url: str, resultat: dict) -> None:
    """Remplit `resultat` au fur et à mesure : une erreur tardive garde les mesures déjà faites."""
    profil = Profil(playwright, dossier).ouvrir()
    try:
        # 1, 2, 5 : première visite, profil neuf.
        froid = visite(profil, url + PAGE_CALCUL, "() => window.__bench.premierPret !== null", "pret")
        resultat["froid"] = froid
        page = profil.page
        # 3 : saisie → résultat.
        resultat["saisies"] = page.evaluate(SAISIR, {"n": SAISIES, "premier": 61})
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
            const frames = B.loaf.filter((f) => f.debut + f.duree >= B.clic && f.debut <= pret.t)
              .map((f) => ({ debut: f.debut - B.clic, duree: f.duree, rendu: f.rendu,
                             scripts: f.scripts.map((x) => ({ source: x.source,
                               invocation: x.invocation, duree: x.duree })) }));
            return { clic: B.clic, pret: pret.t, timeOrigin: performance.timeOrigin, frames,
                     insertion: B.insertion, pageRecue: r ? r.responseEnd : null,
                     demarrages: window.rembMoteur.demarrages, repere: window.repere || null,
                     chemin: location.pathname }; }""")
        resultat["navigation"] = {
            "ms": nav["pret"] - nav["clic"], "demarrages": nav["demarrages"],
            "page_recue_ms": nav["pageRecue"] - nav["clic"] if nav["pageRecue"] else None,
            "calculateur_insere_ms": nav["insertion"] - nav["clic"] if nav["insertion"] else None,
            "sans_rechargement": nav["repere"] == "même document", "chemin": nav["chemin"],
            "frames_longues": nav["frames"],
            "octets": octets(profil.requetes[deja:], nav["timeOrigin"] + nav["clic"],
                             nav["timeOrigin"] + nav["pret"])}
    finally:
        profil.fermer()
    # 1 et 2 à chaud : même profil, deuxième visite (nouveau lancement du navigateur).
    profil.ouvrir()
    try:
        resultat["chaud"] = visite(profil, url + PAGE_CALCUL,
                                   "() => window.__bench.premierPret !== null", "pret")
    finally:
        profil.fermer()


def passage_nu(playwright, dossier: Path, url: str, resultat: dict) -> None:
    profil = Profil(playwright, dossier)
    for moment in ("froid", "chaud"):
        profil.ouvrir()
        try:
            resultat[moment] = visite(profil, url + PAGE_NUE_URL, "() => !!window.benchNu", "nu")
        finally:
            profil.fermer()


# --- Synthèse -----------------------------------------------------------------------------------


def med(valeurs):
    valeurs = [v for v in valeurs if v is not None]
    return statistics.median(valeurs) if valeurs else None


def synthese(passages: list[dict], tailles: dict) -> dict:
    calc = [p["calculateur"] for p in passages if "calculateur" in p]
    nu = [p["nu"] for p in passages if "nu" in p]
    r: dict = {}
    for moment in ("froid", "chaud"):
        c = med([x[moment]["ms"] for x in calc if moment in x])
        n = med([x[moment]["ms"] for x in nu if moment in x])
        r[f"premier_resultat_{moment}_ms"] = c
        r[f"page_nue_{moment}_ms"] = n
        r[f"ratio_{moment}"] = c / n if c and n else None
        r[f"ratios_par_passage_{moment}"] = [
            round(p["calculateur"][moment]["ms"] / p["nu"][moment]["ms"], 3) for p in passages
            if moment in p.get("calculateur", {}) and moment in p.get("nu", {})]
        r[f"ratio_apparie_{moment}"] = med(r[f"ratios_par_passage_{moment}"])
        r[f"tache_max_{moment}_ms"] = med([x[moment]["tache_max_ms"] for x in calc if moment in x])
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
    saisies = [s for x in calc for s in x.get("saisies", [])]
    r["saisie_ms"] = med([s["ms"] for s in saisies])
    r["saisie_p90_ms"] = (statistics.quantiles([s["ms"] for s in saisies], n=10)[-1]
                          if len(saisies) >= 10 else None)
    r["saisie_python_ms"] = med([s["duree_python_ms"] for s in saisies])
    r["saisies_mesurees"] = len(saisies)
    for etape in ("avant_envoi", "aller_retour_worker", "affichage"):
        r[f"saisie_{etape}_ms"] = med([s.get(f"{etape}_ms") for s in saisies])
    navs = [x["navigation"] for x in calc if "navigation" in x]
    r["navigation_ms"] = med([n["ms"] for n in navs])
    r["navigation_page_recue_ms"] = med([n["page_recue_ms"] for n in navs])
    r["navigation_calculateur_insere_ms"] = med([n["calculateur_insere_ms"] for n in navs])
    r["navigation_demarrages"] = sorted({n["demarrages"] for n in navs})
    r["navigation_sans_rechargement"] = all(n["sans_rechargement"] for n in navs) if navs else None
    r["octets_premiere_visite"] = med([x["froid"]["octets"]["total"] for x in calc if "froid" in x])
    r["octets_deuxieme_page"] = med([n["octets"]["total"] for n in navs])
    r["octets_page_nue"] = med([x["froid"]["octets"]["total"] for x in nu if "froid" in x])
    r["octets_chaud"] = med([x["chaud"]["octets"]["total"] for x in calc if "chaud" in x])
    cats: dict[str, list] = {}
    for x in calc:
        if "froid" in x:
            for k, v in x["froid"]["octets"]["par_categorie"].items():
                cats.setdefault(k, []).append(v)
    r["octets_premiere_visite_par_categorie"] = {k: med(v) for k, v in
                                                 sorted(cats.items(), key=lambda kv: -med(kv[1]))}
    cats = {}
    for n in navs:
        for k, v in n["octets"]["par_categorie"].items():
            cats.setdefault(k, []).append(v)
    r["octets_deuxieme_page_par_categorie"] = {k: med(v) for k, v in cats.items()}
    r["longtask_disponible"] = all(x["froid"]["longtask_disponible"] for x in calc if "froid" in x)
    frames = [x["froid"]["pire_frame"] for x in calc if x.get("froid", {}).get("pire_frame")]
    r["pire_frame_froid"] = max(frames, key=lambda f: f["duree"]) if frames else None
    r["budget_octets"] = tailles["runtime_octets"] + CIBLES["marge_octets"]
    return r


def cibles(r: dict) -> list[tuple]:
    """(mesure, valeur affichée, cible affichée, atteinte : True/False/None)."""
    def ms(v):
        return "—" if v is None else (f"{v:,.0f} ms" if v >= 100 else f"{v:.2f} ms").replace(",", " ")

    def ko(v):
        return "—" if v is None else f"{v / 1000:,.1f} ko".replace(",", " ").replace(".", ",")

    def ok(v, seuil):
        return None if v is None else v <= seuil

    def ratio(v):
        return "—" if v is None else f"{v:.2f}".replace(".", ",")

    lignes = []
    for moment, nom in (("froid", "à froid (profil neuf)"), ("chaud", "à chaud (2e visite)")):
        lignes += [
            (f"Premier résultat « Reste à charge », {nom}", ms(r[f"premier_resultat_{moment}_ms"]),
             "", None),
            (f"1+1 sur la page nue, {nom}", ms(r[f"page_nue_{moment}_ms"]), "", None),
            (f"Ratio calculateur / page nue, {nom}", ratio(r[f"ratio_{moment}"]), "≤ 1,10",
             ok(r[f"ratio_{moment}"], CIBLES["ratio"])),
        ]
    for moment, nom in (("froid", "à froid"), ("chaud", "à chaud")):
        v = r[f"tache_max_{moment}_ms"]
        texte = "—" if v is None else (ms(v) if v else "< 50 ms (aucune)")
        lignes.append((f"Plus longue tâche du fil principal au démarrage, {nom}", texte, "≤ 100 ms",
                       ok(v, CIBLES["tache_ms"])))
    lignes += [
        ("Saisie du prix → résultat affiché", ms(r["saisie_ms"]), "≤ 5 ms",
         ok(r["saisie_ms"], CIBLES["saisie_ms"])),
        ("  dont temps dans Python (data-duree)", ms(r["saisie_python_ms"]), "", None),
        ("Navigation instantanée → tableau de garanties prêt", ms(r["navigation_ms"]), "≤ 150 ms",
         ok(r["navigation_ms"], CIBLES["navigation_ms"])),
        ("  Pyodide démarré une seule fois (demarrages)",
         "/".join(map(str, r["navigation_demarrages"])) or "—", "= 1",
         (r["navigation_demarrages"] == [1] and bool(r["navigation_sans_rechargement"]))
         if r["navigation_demarrages"] else None),
        ("Octets, première visite (jusqu'à pret)", ko(r["octets_premiere_visite"]),
         f"≤ {ko(r['budget_octets'])}", ok(r["octets_premiere_visite"], r["budget_octets"])),
        ("  page nue, première visite (référence)", ko(r["octets_page_nue"]), "", None),
        ("Octets, deuxième page (navigation instantanée)", ko(r["octets_deuxieme_page"]), "", None),
    ]
    return lignes


def afficher(res: dict) -> None:
    r, t = res["medianes"], res["tailles"]
    print(f"\nBanc navigateur — {res['navigateur']}, Playwright {res['playwright']}, "
          f"Pyodide {res['pyodide']}, {res['passages']} passages "
          f"(charge moyenne {res['charge_debut']:.2f} → {res['charge_fin']:.2f}, "
          f"{res['duree_s']:.0f} s)")
    print(f"Runtime Pyodide servi : {t['runtime_octets'] / 1e6:.2f} Mo (non compressé : le serveur de "
          f"test ne compresse pas) ; roue remb_core : {t['roue_octets'] / 1000:.1f} ko\n")
    lignes = cibles(r)
    largeur = max(len(m) for m, *_ in lignes)
    print(f"{'Mesure (médiane)':<{largeur}}  {'Valeur':>14}  {'Cible':>12}  Atteinte")
    print("-" * (largeur + 42))
    for mesure, valeur, cible, atteinte in lignes:
        etat = "" if atteinte is None else ("oui" if atteinte else "NON")
        print(f"{mesure:<{largeur}}  {valeur:>14}  {cible:>12}  {etat}")
    def n0(v):
        return "—" if v is None else f"{v:.0f}"

    def n2(v):
        return "—" if v is None else f"{v:.2f}"

    print("\nDécomposition (médianes) :")
    for moment in ("froid", "chaud"):
        print(f"  {moment:<5} : worker lancé à {n0(r[f'worker_lance_{moment}_ms'])} ms "
              f"(page nue : {n0(r[f'worker_lance_page_nue_{moment}_ms'])} ms), démarrage dans le "
              f"worker {n0(r[f'demarrage_worker_{moment}_ms'])} ms (page nue : "
              f"{n0(r[f'demarrage_worker_page_nue_{moment}_ms'])} ms), DOMContentLoaded "
              f"{n0(r[f'dom_content_loaded_{moment}_ms'])} ms ; ratios par passage "
              f"{r[f'ratios_par_passage_{moment}']} (médiane {n2(r[f'ratio_apparie_{moment}'])})")
    print("  Octets de la première visite par catégorie : " + ", ".join(
        f"{k} {v / 1000:.1f} ko" for k, v in r["octets_premiere_visite_par_categorie"].items()))
    print("  Octets de la deuxième page : " + ", ".join(
        f"{k} {v / 1000:.1f} ko" for k, v in r["octets_deuxieme_page_par_categorie"].items()))
    if not r["longtask_disponible"]:
        print("  Attention : « longtask » indisponible dans ce Chromium ; la tâche maximale n'est pas "
              "mesurée.")
    print(f"  Navigation instantanée : page reçue à {n0(r['navigation_page_recue_ms'])} ms, "
          f"calculateur inséré à {n0(r['navigation_calculateur_insere_ms'])} ms, prêt à "
          f"{n0(r['navigation_ms'])} ms après le clic")
    f = r["pire_frame_froid"]
    if f:
        print(f"  Plus longue frame (long-animation-frame) à froid : {f['duree']:.0f} ms à "
              f"{f['debut']:.0f} ms, dont scripts {f['scripts_ms']:.0f} ms, rendu {f['rendu_ms']:.0f} ms "
              f"(style et mise en page {f['style_et_mise_en_page_ms']:.0f} ms) ; scripts : " + "; ".join(
                  f"{s['source']} ({s['invocation']}, {s['duree']:.0f} ms)" for s in f["scripts"]))
    print(f"  Saisie → résultat ({r['saisies_mesurees']} saisies, p90 {n2(r['saisie_p90_ms'])} ms) : "
          f"JavaScript avant l'envoi {n2(r['saisie_avant_envoi_ms'])} ms, aller-retour avec le worker "
          f"{n2(r['saisie_aller_retour_worker_ms'])} ms (dont Python {n2(r['saisie_python_ms'])} ms), "
          f"affichage {n2(r['saisie_affichage_ms'])} ms")
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


def mesurer(passages: int) -> dict:
    from importlib import metadata

    from playwright.sync_api import sync_playwright

    debut = time.perf_counter()
    charge_debut = os.getloadavg()[0]
    racine_tmp = Path(tempfile.mkdtemp(prefix="remb-bench-nav-"))
    serveur = None
    try:
        port = port_libre()
        site = racine_tmp / "site"
        duree_construction = construire_site(site, port)
        tailles = tailles_runtime(site)
        serveur = demarrer_serveur(site, port)
        url = f"http://127.0.0.1:{port}/"
        print(f"Site construit en {duree_construction:.1f} s, servi sur {url}", file=sys.stderr)
        resultats, erreurs = [], []
        navigateur = "Chromium"
        with sync_playwright() as p:
            for i in range(passages):
                passage: dict = {}
                # L'ordre alterne, pour ne pas avantager une page (charge, caches du système).
                ordre = ("calculateur", "nu") if i % 2 == 0 else ("nu", "calculateur")
                for quoi in ordre:
                    profil = racine_tmp / f"profil-{i}-{quoi}"
                    passage[quoi] = {}
                    try:
                        if quoi == "calculateur":
                            passage_calculateur(p, profil, url, passage[quoi])
                        else:
                            passage_nu(p, profil, url, passage[quoi])
                    except Exception as exc:  # on rend compte, on continue
                        message = (f"passage {i + 1}, {quoi} : {type(exc).__name__}: "
                                   f"{str(exc).splitlines()[0] if str(exc) else ''}")
                        erreurs.append(message)
                        print(message, file=sys.stderr)
                    shutil.rmtree(profil, ignore_errors=True)
                resultats.append(passage)
                c, n = passage.get("calculateur", {}), passage.get("nu", {})
                print(f"passage {i + 1}/{passages} : calculateur "
                      f"{c.get('froid', {}).get('ms', float('nan')):.0f}/"
                      f"{c.get('chaud', {}).get('ms', float('nan')):.0f} ms, page nue "
                      f"{n.get('froid', {}).get('ms', float('nan')):.0f}/"
                      f"{n.get('chaud', {}).get('ms', float('nan')):.0f} ms (froid/chaud)",
                      file=sys.stderr)
            try:
                b = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
                navigateur = f"Chromium {b.version}"
                b.close()
            except Exception:
                pass
        manifeste = json.loads((site / "assets/pyodide/manifeste.json").read_text(encoding="utf-8"))
        return {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cœurs",
            "python": platform.python_version(),
            "navigateur": navigateur,
            "playwright": metadata.version("playwright"),
            "pyodide": manifeste.get("pyodide"),
            "roue": manifeste.get("wheel"),
            "passages": passages,
            "charge_debut": charge_debut,
            "charge_fin": os.getloadavg()[0],
            "cibles": CIBLES,
            "tailles": tailles,
            "medianes": synthese(resultats, tailles),
            "brut": sans_internes(resultats),
            "erreurs": erreurs,
            "duree_s": round(time.perf_counter() - debut, 1),
        }
    finally:
        if serveur is not None:
            serveur.terminate()
            try:
                serveur.wait(timeout=5)
            except subprocess.TimeoutExpired:
                serveur.kill()
        shutil.rmtree(racine_tmp, ignore_errors=True)


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--runs", type=int, default=5,
                         help="passages (5 au moins pour une médiane ; défaut : 5)")
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
        resultats = mesurer(args.runs)
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
