#!/usr/bin/env bash
# Publier le site : contrôles, tests sans navigateur, construction pour son adresse publique.
#
#   bash outils/publier.sh https://exemple.org/guide/ [DOSSIER]      (défaut : site-publie/)
#
# Laisse dans DOSSIER un site prêt à déposer chez un hébergeur statique : noms à empreinte,
# _headers (cache et sécurité), copies .gz et .br, page 404 en français, sitemap.xml. L'adresse
# peut avoir un sous-chemin (/guide/) : le site doit alors être servi sous ce chemin.
# Variables : REMB_DATE_BAREME (barème d'un autre jour), PUBLIER_SANS_TESTS=1 (les tests de la
# suite elle-même, pour ne pas se relancer).
set -euo pipefail
cd "$(dirname "$0")/.."
ADRESSE=${1:?"usage : bash outils/publier.sh ADRESSE_PUBLIQUE [DOSSIER], par exemple https://exemple.org/guide/"}
DOSSIER=${2:-site-publie}
case "$ADRESSE" in
  http://*/|https://*/) ;;
  http://*|https://*) ADRESSE="$ADRESSE/" ;;
  *) echo "publier : l'adresse doit commencer par https:// (ou http://) : « $ADRESSE »" >&2; exit 2 ;;
esac

bash outils/preparer.sh
export NO_MKDOCS_2_WARNING=1

echo "» Contrôles : code, barèmes"
.venv/bin/ruff check remb_core site_macros tests bench outils
.venv/bin/python -m remb_core baremes verifier >/dev/null || {
  .venv/bin/python -m remb_core baremes verifier; exit 1; }
# Une valeur non relue depuis longtemps n'empêche pas de publier : on le dit seulement.
.venv/bin/python outils/verifier_fraicheur.py || echo "  (avertissement : voir ci-dessus)"

if [ "${PUBLIER_SANS_TESTS:-0}" != 1 ]; then
  echo "» Tests sans navigateur"
  .venv/bin/python -m pytest -q -p no:cacheprovider -m "not navigateur"
fi

echo "» Construction pour $ADRESSE dans $DOSSIER/"
REMB_SITE_URL="$ADRESSE" .venv/bin/mkdocs build --strict --clean -d "$DOSSIER"
.venv/bin/python outils/publication.py "$DOSSIER" "$ADRESSE"
du -sh "$DOSSIER" | sed 's/^/  taille : /'
