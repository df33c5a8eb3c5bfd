"""Fixtures partagées : le site construit une fois par session, et servi sur 127.0.0.1."""

import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
DATE_SITE = "2026-06-01"  # date de barème fixe : les tests ne dépendent pas du jour


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Gestionnaire(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript"}

    def log_message(self, *args):
        pass


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
    gestionnaire = functools.partial(_Gestionnaire, directory=str(site_construit))
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", port_site), gestionnaire)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{port_site}/"
    serveur.shutdown()
