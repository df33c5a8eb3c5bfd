"""Fixtures partagées : le site construit une fois par session, et servi sur 127.0.0.1."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import settings

# Tests générés : sans base d'exemples et dérandomisés, la même suite à chaque passage de CI.
settings.register_profile("remb", database=None, derandomize=True, deadline=None)
settings.load_profile("remb")

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "outils"))
# site_macros (les valeurs par défaut des calculateurs) pour les tests qui rejouent le worker.
if str(RACINE) not in sys.path:
    sys.path.append(str(RACINE))
from serveur import port_libre, serveur  # noqa: E402

DATE_SITE = "2026-06-01"  # date de barème fixe : les tests ne dépendent pas du jour


@pytest.fixture(scope="session")
def port_site() -> int:
    return port_libre()


@pytest.fixture(scope="session")
def site_construit(tmp_path_factory, port_site) -> Path:
    """Le site construit avec `mkdocs build --strict`, au barème du DATE_SITE."""
    dossier = tmp_path_factory.mktemp("site")
    env = {**os.environ, "REMB_DATE_BAREME": DATE_SITE, "NO_MKDOCS_2_WARNING": "1",
           "REMB_SITE_URL": f"http://127.0.0.1:{port_site}/"}
    env.pop("REMB_BAREMES_DIR", None)
    sortie = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             str(dossier)], cwd=RACINE, env=env, capture_output=True, text=True)
    assert sortie.returncode == 0, sortie.stdout + sortie.stderr
    assert "WARNING" not in sortie.stderr, sortie.stderr
    return dossier


@pytest.fixture(scope="session")
def url_site(site_construit, port_site) -> str:
    """Le site servi sur 127.0.0.1 (son site_url, pour que la navigation instantanée marche)."""
    local = serveur(site_construit, port_site)
    threading.Thread(target=local.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port_site}/"
    local.shutdown()


PREFIXE = "/guide/"


@pytest.fixture(scope="session")
def site_publie(tmp_path_factory):
    """`bash outils/publier.sh http://127.0.0.1:PORT/guide/ DOSSIER` (sans relancer la suite)."""
    port = port_libre()
    adresse = f"http://127.0.0.1:{port}{PREFIXE}"
    dossier = tmp_path_factory.mktemp("publie") / "site"
    env = {**os.environ, "PUBLIER_SANS_TESTS": "1", "REMB_DATE_BAREME": DATE_SITE,
           "NO_MKDOCS_2_WARNING": "1"}
    env.pop("REMB_BAREMES_DIR", None)
    fini = subprocess.run(["bash", str(RACINE / "outils" / "publier.sh"), adresse, str(dossier)],
                          cwd=RACINE, env=env, capture_output=True, text=True, timeout=900)
    assert fini.returncode == 0, fini.stdout[-3000:] + fini.stderr[-3000:]
    assert "est publiable sous" in fini.stdout
    return dossier, port, adresse


@pytest.fixture(scope="session")
def url_publie(site_publie):
    dossier, port, adresse = site_publie
    local = serveur(dossier, port, prefixe=PREFIXE)
    threading.Thread(target=local.serve_forever, daemon=True).start()
    yield adresse
    local.shutdown()

# --- Navigateur (tests marqués « navigateur ») ---------------------------------------------------
CHROMIUM = "/usr/bin/chromium"  # celui de Debian (apt-get install chromium), jamais « playwright install »
ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _absent(raison):
    """Un outil manque : le test est sauté sur un poste, mais échoue sous CI (variable CI posée)."""
    if os.environ.get("CI"):
        pytest.fail(raison)
    pytest.skip(raison)


@pytest.fixture(scope="module")
def navigateur():
    """Chromium sans tête, une fois par module de tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _absent("playwright n'est pas installé")
    import shutil
    if not shutil.which(CHROMIUM):
        _absent("Chromium n'est pas installé (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield b
        b.close()
