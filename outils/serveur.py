"""Serveur statique local du site (127.0.0.1), partagé par la commande principale, les tests et
les mesures : .wasm servi en application/wasm, .mjs et .js en JavaScript.

    python outils/serveur.py site 8000
"""

import functools
import http.server
import socket
import sys


class Gestionnaire(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def serveur(dossier: str, port: int) -> http.server.ThreadingHTTPServer:
    gestionnaire = functools.partial(Gestionnaire, directory=str(dossier))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), gestionnaire)


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    dossier, port = sys.argv[1], int(sys.argv[2])
    print(f"Site servi sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter)", flush=True)
    with serveur(dossier, port) as s:
        try:
            s.serve_forever()
        except KeyboardInterrupt:
            pass
