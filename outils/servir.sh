#!/usr/bin/env bash
# Commande principale : prépare la machine, construit le site et le sert sur http://127.0.0.1:8000/
# (PORT=… pour un autre port ; PREFIXE=/guide/ pour le servir sous un sous-chemin, comme publié).
set -euo pipefail
cd "$(dirname "$0")/.."
bash outils/preparer.sh
export NO_MKDOCS_2_WARNING=1
PREFIXE=${PREFIXE:-/}
REMB_SITE_URL="http://127.0.0.1:${PORT:-8000}/${PREFIXE#/}" .venv/bin/mkdocs build --strict
exec .venv/bin/python outils/serveur.py site "${PORT:-8000}" --prefixe "$PREFIXE"
