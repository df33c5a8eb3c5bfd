"""Le site publié dans un vrai navigateur (Chromium de Debian, Playwright) : sous-chemin, politique
de sécurité, runtime réduit, recherche à la demande, bandeau de fraîcheur à date fixée."""

import datetime as dt
import os
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

import pytest
from conftest import DATE_SITE, PREFIXE, RACINE
from test_navigateur import DELAI, PRET

from remb_core import baremes

sys.path.insert(0, str(RACINE / "outils"))
from serveur import port_libre, serveur  # noqa: E402

pytestmark = pytest.mark.navigateur


def contexte_suivi(navigateur, origine, bypass_csp=True):
    """Un contexte qui note toute requête (et toute requête vers une autre origine)."""
    contexte = navigateur.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=bypass_csp)
    contexte.requetes, contexte.externes, contexte.reponses = [], [], []
    contexte.on("request", lambda r: contexte.requetes.append(r.url))
    contexte.on("request", lambda r: urlparse(r.url).netloc != origine
                and not r.url.startswith(("data:", "blob:")) and contexte.externes.append(r.url))
    contexte.on("response", lambda r: contexte.reponses.append(r))
    return contexte


def attendre(page, expression, delai_s=DELAI / 1000):
    """Comme wait_for_function, sans eval dans la page (permis par la politique de sécurité)."""
    fin = time.monotonic() + delai_s
    while time.monotonic() < fin:
        if page.evaluate(f"() => {expression}"):
            return
        time.sleep(0.1)
    raise AssertionError(f"toujours faux après {delai_s} s : {expression}")


def test_site_publie_sous_un_sous_chemin(navigateur, url_publie):
    """Sous /guide/, politique de sécurité active (sans contournement) : le calculateur est prêt,
    la navigation instantanée garde le même Python, rien d'une autre origine, rien du secours."""
    origine = urlparse(url_publie).netloc
    contexte = contexte_suivi(navigateur, origine, bypass_csp=False)
    page = contexte.new_page()
    violations, erreurs = [], []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.goto(url_publie + "outils/reste-a-charge/")
    attendre(page, "document.querySelector('.remb-calculateur').dataset.etat === 'pret'")
    page.evaluate("() => { window.repere = 'même document'; }")
    page.locator("article a[href*='tableau-de-garanties']").first.click()
    page.wait_for_url(f"**{PREFIXE}outils/tableau-de-garanties/")
    attendre(page, "document.querySelector('.remb-calculateur[data-calculateur=tableau_garanties]')"
                   " && document.querySelector('.remb-calculateur').dataset.etat === 'pret'")
    assert page.evaluate("() => window.repere") == "même document"
    assert page.evaluate("() => window.rembMoteur.demarrages") == 1
    assert violations == [] and erreurs == [], (violations, erreurs)
    assert contexte.externes == [], contexte.externes
    chemins = [urlparse(u).path for u in contexte.requetes]
    assert all(c.startswith(PREFIXE) for c in chemins), chemins
    assert not any("/secours/" in c for c in chemins), "un module manquait au runtime réduit"
    assert not any(c.endswith("pyodide-lock.json") for c in chemins)
    # Le runtime arrive compressé (le serveur sert les copies .br).
    wasm = [r for r in contexte.reponses if r.url.endswith("pyodide.asm.wasm")]
    assert wasm and wasm[0].headers.get("content-encoding") == "br"
    contexte.close()


def test_une_page_sans_calculateur_ne_charge_rien_de_pyodide(navigateur, url_publie):
    contexte = contexte_suivi(navigateur, urlparse(url_publie).netloc)
    page = contexte.new_page()
    page.goto(url_publie + "comprendre/base-de-remboursement/", wait_until="load")
    page.wait_for_timeout(1500)
    charges = [u for u in contexte.requetes if "/assets/pyodide/" in u or "remb-worker" in u]
    assert charges == []
    contexte.close()


def test_la_recherche_charge_son_index_a_la_premiere_utilisation(navigateur, url_publie):
    contexte = contexte_suivi(navigateur, urlparse(url_publie).netloc)
    page = contexte.new_page()
    page.goto(url_publie + "comprendre/base-de-remboursement/", wait_until="load")
    page.wait_for_timeout(1500)
    assert not any("search_index.json" in u for u in contexte.requetes)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("franchise")
    page.wait_for_selector(".md-search-result__item", timeout=DELAI)
    assert any("search_index.json" in u for u in contexte.requetes)
    assert page.locator(".md-search-result__item").count() > 0
    contexte.close()


# --- Fraîcheur : un site construit avant un changement, ouvert après --------------------------


AVANT = "2026-02-15"  # barème du site construit pour ces tests : avant les changements de mars


@pytest.fixture(scope="module")
def url_ancien(tmp_path_factory):
    """Le site construit au barème du AVANT (comme une reconstruction manquée), servi."""
    port = port_libre()
    dossier = tmp_path_factory.mktemp("ancien")
    env = {**os.environ, "REMB_DATE_BAREME": AVANT, "NO_MKDOCS_2_WARNING": "1",
           "REMB_SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("REMB_BAREMES_DIR", None)
    fini = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dossier)],
                          cwd=RACINE, env=env, capture_output=True, text=True)
    assert fini.returncode == 0, fini.stdout + fini.stderr
    local = serveur(dossier, port)
    threading.Thread(target=local.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/"
    local.shutdown()


def premier_changement_apres(jour: str):
    """(date d'effet, [(paramètre, valeur)]) : les premières valeurs qui prennent effet après jour."""
    b = baremes.actifs()
    limite = dt.date.fromisoformat(jour)
    dates = sorted({v.depuis for p in b.parametres.values() for v in p.valeurs if v.depuis > limite})
    premiere = dates[0]
    return premiere, dates[1] if len(dates) > 1 else None, [
        (p, v) for p in b.parametres.values() for v in p.valeurs if v.depuis == premiere]


def ouvrir_a_la_date(navigateur, url, jour: str):
    contexte = navigateur.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    page = contexte.new_page()
    page.clock.set_fixed_time(dt.datetime.fromisoformat(jour + "T10:00:00"))
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.document$ !== undefined")
    page.wait_for_timeout(300)
    return contexte, page


def test_le_bandeau_nomme_les_valeurs_changees_depuis_la_page(navigateur, url_ancien):
    from site_macros import valeur_formatee

    date_effet, suivante, changees = premier_changement_apres(AVANT)
    assert suivante is not None
    lendemain = (date_effet + dt.timedelta(days=1)).isoformat()
    p, v = next((p, v) for p, v in changees if p.nom == "forfait_journalier")
    contexte, page = ouvrir_a_la_date(navigateur, url_ancien + "comprendre/hospitalisation/", lendemain)
    bandeau = page.locator(".remb-fraicheur")
    assert bandeau.is_visible()
    texte = bandeau.inner_text()
    avant = valeur_formatee(p, p.a_la_date(dt.date.fromisoformat(AVANT)))
    assert "Depuis le 1er mars 2026" in texte
    assert f"{p.libelle} : {valeur_formatee(p, v)} (au lieu de {avant})" in texte
    assert "datent du barème du 15 février 2026" in texte
    # Le changement suivant n'a pas encore pris effet à cette date : il n'est pas annoncé.
    suivants = [q.libelle for q in baremes.actifs().parametres.values()
                for w in q.valeurs if w.depuis == suivante]
    assert not any(f"{libelle} :" in texte for libelle in suivants)
    contexte.close()


def test_pas_de_bandeau_avant_la_date_d_effet(navigateur, url_ancien):
    date_effet, _, _ = premier_changement_apres(AVANT)
    veille = (date_effet - dt.timedelta(days=1)).isoformat()
    contexte, page = ouvrir_a_la_date(navigateur, url_ancien + "comprendre/hospitalisation/", veille)
    assert page.locator(".remb-fraicheur").count() == 1
    assert not page.locator(".remb-fraicheur").is_visible()
    contexte.close()


def test_pas_de_bandeau_sur_un_site_construit_apres_le_changement(navigateur, url_site):
    """Le site des autres tests est construit au DATE_SITE, après les changements de 2026 : ouvert
    plus tard, il n'annonce rien (il n'a rien à annoncer)."""
    jour = (dt.date.fromisoformat(DATE_SITE) + dt.timedelta(days=30)).isoformat()
    for chemin in ("comprendre/hospitalisation/", "outils/reste-a-charge/", "baremes/"):
        contexte, page = ouvrir_a_la_date(navigateur, url_site + chemin, jour)
        assert not page.locator(".remb-fraicheur").is_visible(), chemin
        contexte.close()


def test_le_calculateur_d_une_page_perimee_calcule_au_jour(navigateur, url_ancien):
    """Une valeur a pris effet depuis la construction : le calculateur ne reste pas à la date du
    barème de la page, il calcule au jour du lecteur."""
    date_effet, _, _ = premier_changement_apres(AVANT)
    jour = (date_effet + dt.timedelta(days=3)).isoformat()
    contexte, page = ouvrir_a_la_date(navigateur, url_ancien + "outils/reste-a-charge/", jour)
    assert page.input_value("#reste_a_charge-date") == jour
    page.wait_for_function(PRET, timeout=DELAI)
    entrees = page.locator(".remb-sortie").get_attribute("data-entrees")
    assert f'"date":"{jour}"' in re.sub(r"\s", "", entrees)
    contexte.close()
    # Un calculateur sans champ date (il compte au jour du lecteur) ne garde pas non plus le
    # résultat de la construction : il recalcule (data-duree ne vient que d'un calcul en direct).
    contexte, page = ouvrir_a_la_date(navigateur, url_ancien + "outils/tableau-de-garanties/", jour)
    page.wait_for_function(PRET_TABLEAU, timeout=DELAI)
    assert page.locator(TABLEAU + " .remb-sortie").get_attribute("data-duree") is not None
    contexte.close()
    # La veille du premier changement, rien ne bouge : la date reste celle du barème de la page,
    # et le résultat de la construction vaut toujours (prêt sans recalcul).
    veille = (date_effet - dt.timedelta(days=1)).isoformat()
    contexte, page = ouvrir_a_la_date(navigateur, url_ancien + "outils/reste-a-charge/", veille)
    assert page.input_value("#reste_a_charge-date") == AVANT
    contexte.close()
    contexte, page = ouvrir_a_la_date(navigateur, url_ancien + "outils/tableau-de-garanties/", veille)
    page.wait_for_function(PRET_TABLEAU, timeout=DELAI)
    assert page.locator(TABLEAU + " .remb-sortie").get_attribute("data-duree") is None
    contexte.close()


TABLEAU = '.remb-calculateur[data-calculateur="tableau_garanties"]'
PRET_TABLEAU = f"document.querySelector('{TABLEAU}').dataset.etat === 'pret'"
