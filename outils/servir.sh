#!/usr/bin/env bash
# Commande principale : prépare la machine, construit le site et le sert sur http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash outils/preparer.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/mkdocs build --strict
echo "Site construit dans site/ ; ouvert sur http://127.0.0.1:${PORT:-8000}/ (Ctrl+C pour arrêter)"
exec .venv/bin/python -m http.server "${PORT:-8000}" --bind 127.0.0.1 --directory site
