"""Crochets MkDocs : après la construction, le runtime Pyodide et la roue de remb_core
(outils/construire_runtime.py), puis les finitions pour un hébergeur statique : noms à empreinte,
_headers, copies compressées (outils/publication.py)."""

from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def on_post_build(config, **kwargs):
    import sys

    sys.path.insert(0, str(RACINE / "outils"))
    try:
        from construire_runtime import construire
        from publication import finir
    except ImportError:
        return
    finally:
        sys.path.pop(0)
    site = Path(config["site_dir"])
    bilan = construire(site, RACINE)
    finir(site, config.get("site_url"), bilan["config"], RACINE)
