"""Ce que partagent les scripts de mesure : l'option --json et l'écriture des résultats."""

import json
from pathlib import Path

RESULTATS = Path(__file__).resolve().parent / "resultats"


def option_json(parser, nom: str) -> None:
    """--json [FICHIER] : écrit aussi les chiffres (défaut : bench/resultats/NOM.json)."""
    parser.add_argument("--json", nargs="?", const=str(RESULTATS / f"{nom}.json"),
                        metavar="FICHIER", help="écrit aussi les chiffres en JSON "
                        f"(défaut : bench/resultats/{nom}.json)")


def ecrire_json(chemin: str, resultats: dict) -> None:
    fichier = Path(chemin)
    fichier.parent.mkdir(parents=True, exist_ok=True)
    fichier.write_text(json.dumps(resultats, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Chiffres écrits dans {fichier}")
