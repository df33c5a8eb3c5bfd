#!/usr/bin/env bash
# Commande de test : prépare la machine (Chromium compris), puis lance toute la suite.
set -euo pipefail
cd "$(dirname "$0")/.."
AVEC_CHROMIUM=1 bash outils/preparer.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check remb_core site_macros tests bench outils
.venv/bin/mypy
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
