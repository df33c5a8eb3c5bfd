"""Serveur statique local du site (127.0.0.1), partagé par la commande principale, les tests et
les mesures. Il se comporte comme un hébergeur statique bien réglé :

- fichiers précompressés : `x.js.br` ou `x.js.gz` (écrits par la construction) plutôt que `x.js`
  quand le navigateur les accepte (`Accept-Encoding`), avec `Content-Encoding` et
  `Vary: Accept-Encoding` ; les octets transférés sont ceux qu'un lecteur recevrait ;
- en-têtes du fichier `_headers` du site (cache d'un an des fichiers à empreinte, revalidation des
  pages, politique de sécurité) ; `If-Modified-Since` → 304 ;
- un préfixe d'adresse (`--prefixe /guide/`) : le site est servi sous ce chemin, comme à son
  site_url ; ailleurs, 404 (la racine redirige vers le préfixe) ;
- `404.html` du site pour toute adresse inconnue ; `.wasm` en application/wasm, `.mjs` et `.js`
  en JavaScript ; HTTP/1.1 (connexions gardées).

    python outils/serveur.py site 8000 [--prefixe /guide/]
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import http.server
import os
import posixpath
import socket
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from publication import ENTETES, correspond, lire_entetes  # noqa: E402

sys.path.pop(0)

TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".json": "application/json", ".whl": "application/zip", ".zip": "application/zip",
         ".map": "application/json", ".xml": "application/xml", ".br": "application/octet-stream",
         ".xz": "application/x-xz"}
ENCODAGES = (("br", ".br"), ("gzip", ".gz"))


def _acceptes(entete: str | None) -> set[str]:
    """Les encodages acceptés (« br;q=0 » : refusé)."""
    acceptes = set()
    for morceau in (entete or "").split(","):
        nom, *parametres = [p.strip() for p in morceau.split(";")]
        q = 1.0
        for p in parametres:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if nom and q > 0:
            acceptes.add(nom.lower())
    return acceptes


class Gestionnaire(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def __init__(self, *args, prefixe: str = "/", regles: list | None = None, **kwargs):
        self.prefixe = prefixe
        self.regles = regles or []
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    # --- adresses -------------------------------------------------------------------------
    def _relatif(self, chemin_url: str) -> str | None:
        """Le chemin dans le dossier du site, ou None hors du préfixe."""
        chemin = urllib.parse.unquote(urllib.parse.urlsplit(chemin_url).path)
        if not chemin.startswith(self.prefixe):
            return None
        relatif = posixpath.normpath(chemin[len(self.prefixe):] or ".")
        if relatif.startswith("..") or relatif.startswith("/"):
            return None
        return "" if relatif == "." else relatif + ("/" if chemin.endswith("/") else "")

    def _entetes_pour(self, chemin_url: str) -> dict[str, str]:
        chemin = urllib.parse.urlsplit(chemin_url).path
        resultat: dict[str, str] = {}
        for motif, entetes in self.regles:
            if correspond(motif, chemin):
                resultat.update(entetes)
        return resultat

    def _non_modifie(self, stat: os.stat_result) -> bool:
        """La requête porte If-Modified-Since (sans If-None-Match) et le fichier n'a pas changé."""
        if "If-Modified-Since" not in self.headers or "If-None-Match" in self.headers:
            return False
        try:
            depuis = email.utils.parsedate_to_datetime(self.headers["If-Modified-Since"])
        except (TypeError, ValueError, IndexError):
            return False
        return depuis is not None and int(stat.st_mtime) <= depuis.timestamp()

    def _variante(self, fichier: Path) -> tuple[str | None, Path, bool]:
        """(encodage, fichier servi, des copies compressées existent) selon Accept-Encoding."""
        acceptes = _acceptes(self.headers.get("Accept-Encoding"))
        existantes = [(nom, fichier.with_name(fichier.name + ext)) for nom, ext in ENCODAGES]
        existantes = [(nom, v) for nom, v in existantes if v.is_file()]
        for nom, variante in existantes:
            if nom in acceptes:
                return nom, variante, True
        return None, fichier, bool(existantes)

    def _envoyer_fichier(self, fichier: Path, statut: int, chemin_url: str):
        """En-têtes et fichier ouvert (la variante compressée si le navigateur l'accepte)."""
        encodage, servi, compresse = self._variante(fichier)
        stat = fichier.stat()
        entetes = self._entetes_pour(chemin_url) if statut == 200 else {}
        if statut == 200 and self._non_modifie(stat):
            self.send_response(304)
            for nom, valeur in entetes.items():
                self.send_header(nom, valeur)
            if compresse:
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        f = open(servi, "rb")
        self.send_response(statut)
        self.send_header("Content-Type", self.guess_type(str(fichier)))
        if encodage:
            self.send_header("Content-Encoding", encodage)
        if compresse:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        for nom, valeur in entetes.items():
            self.send_header(nom, valeur)
        self.end_headers()
        return f

    def _introuvable(self):
        page = Path(self.directory) / "404.html"
        if page.is_file():
            return self._envoyer_fichier(page, 404, self.path)
        self.send_error(404, "Page introuvable")
        return None

    def _rediriger(self, adresse: str):
        self.send_response(301)
        self.send_header("Location", adresse)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def send_head(self):
        relatif = self._relatif(self.path)
        if relatif is None:
            if urllib.parse.urlsplit(self.path).path in ("", "/") and self.prefixe != "/":
                return self._rediriger(self.prefixe)
            return self._introuvable()
        fichier = Path(self.directory) / relatif
        if fichier.is_dir():
            partie = urllib.parse.urlsplit(self.path)
            if not partie.path.endswith("/"):
                return self._rediriger(partie.path + "/" + (f"?{partie.query}" if partie.query else ""))
            fichier = fichier / "index.html"
        if not fichier.is_file() or fichier.name == ENTETES:
            return self._introuvable()
        return self._envoyer_fichier(fichier, 200, self.path)


def _regles(dossier: Path) -> list:
    fichier = Path(dossier) / ENTETES
    return lire_entetes(fichier.read_text(encoding="utf-8")) if fichier.is_file() else []


def serveur(dossier: str | Path, port: int, prefixe: str = "/") -> http.server.ThreadingHTTPServer:
    prefixe = "/" + prefixe.strip("/") + "/" if prefixe.strip("/") else "/"
    gestionnaire = functools.partial(Gestionnaire, directory=str(dossier), prefixe=prefixe,
                                     regles=_regles(Path(dossier)))
    local = http.server.ThreadingHTTPServer(("127.0.0.1", port), gestionnaire)
    local.daemon_threads = True
    return local


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(description="Sert le site construit sur 127.0.0.1.")
    parseur.add_argument("dossier")
    parseur.add_argument("port", type=int)
    parseur.add_argument("--prefixe", default="/", help="chemin du site (celui de site_url), ex. /guide/")
    args = parseur.parse_args(arguments)
    with serveur(args.dossier, args.port, args.prefixe) as s:
        prefixe = s.RequestHandlerClass.keywords["prefixe"]
        print(f"Site servi sur http://127.0.0.1:{args.port}{prefixe} (Ctrl+C pour arrêter)", flush=True)
        try:
            s.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
