"""Crochets MkDocs : après la construction, copie le runtime Pyodide et la roue de remb_core."""

from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent


def on_post_build(config, **kwargs):
    import sys

    sys.path.insert(0, str(RACINE / "outils"))
    try:
        from construire_runtime import construire
    except ImportError:
        return
    finally:
        sys.path.pop(0)
    construire(Path(config["site_dir"]), RACINE)
