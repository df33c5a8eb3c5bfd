"""Contrôle du mainteneur : chaque paramètre de barème a-t-il été relu récemment ?

La règle du README (« Mettre à jour un barème ») : un paramètre dont la ligne `verifie_le` date de
plus de 18 mois est « à revérifier » (`remb_core.maintenance.MOIS_AVANT_REVERIFICATION`). Ce
script échoue (code 1) en les nommant, avec leur fichier, leur ligne et la date de leur dernière
vérification ; la tâche quotidienne de la CI (`.github/workflows/publier.yml`) le lance, pour
qu'un mainteneur l'apprenne sans avoir à y penser. Il ne bloque pas la publication : une valeur
non relue n'est pas une valeur fausse.

    python3 outils/verifier_fraicheur.py                      # barèmes du paquet, aujourd'hui
    python3 outils/verifier_fraicheur.py --aujourdhui 2028-06-01 --dossier ~/baremes-essai

Bibliothèque standard et interface publique des barèmes (`remb_core.baremes`) seulement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from remb_core import ErreurBareme, baremes  # noqa: E402
from remb_core.explication import date_fr  # noqa: E402

try:  # la règle vit avec les autres contrôles du mainteneur
    from remb_core.maintenance import MOIS_AVANT_REVERIFICATION as MOIS
except ImportError:  # pragma: no cover
    MOIS = 18


def mois_avant(jour: dt.date, mois: int) -> dt.date:
    """Le même jour, `mois` mois plus tôt (le dernier jour du mois si ce jour n'existe pas)."""
    annee, rang = divmod(jour.year * 12 + jour.month - 1 - mois, 12)
    for quantieme in range(jour.day, 0, -1):
        try:
            return dt.date(annee, rang + 1, quantieme)
        except ValueError:
            continue
    raise ValueError(jour)


def textes(dossier: Path | None) -> dict[str, str]:
    if dossier is None:
        return baremes.textes_du_paquet()
    return {f.name: f.read_text(encoding="utf-8") for f in sorted(Path(dossier).glob("*.toml"))
            if f.name != baremes.FICHIER_ACTES}


def a_reverifier(b: baremes.Baremes, aujourdhui: dt.date) -> list[tuple[baremes.Parametre, int | None]]:
    """Les paramètres relus avant la limite (ou jamais), avec la ligne de leur en-tête."""
    limite = mois_avant(aujourdhui, MOIS)
    anciens = [p for p in b.parametres.values() if p.verifie_le is None or p.verifie_le < limite]
    anciens.sort(key=lambda p: (p.verifie_le or dt.date.min, p.fichier, p.nom))
    return [(p, baremes.ligne_de(b.textes.get(p.fichier, ""), p.nom)) for p in anciens]


def main(arguments: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--aujourdhui", type=dt.date.fromisoformat, default=None,
                         help="date du contrôle, AAAA-MM-JJ (défaut : aujourd'hui)")
    parseur.add_argument("--dossier", type=Path, default=None,
                         help="dossier de barèmes (défaut : ceux du paquet, remb_core/donnees)")
    args = parseur.parse_args(arguments)
    aujourdhui = args.aujourdhui or dt.date.today()
    try:
        b = baremes.charger_textes(textes(args.dossier))
    except ErreurBareme as exc:
        print(f"Barèmes illisibles : {exc}", file=sys.stderr)
        return 2
    limite = mois_avant(aujourdhui, MOIS)
    anciens = a_reverifier(b, aujourdhui)
    if not anciens:
        plus_ancien = min((p for p in b.parametres.values()), key=lambda p: p.verifie_le)
        print(f"Barèmes relus : les {len(b.parametres)} paramètres ont été vérifiés depuis moins de "
              f"{MOIS} mois (le plus ancien, « {plus_ancien.nom} », le "
              f"{date_fr(plus_ancien.verifie_le)}).")
        return 0
    print(f"Barèmes à revérifier : {len(anciens)} paramètre(s) n'ont pas été relus depuis plus de "
          f"{MOIS} mois (avant le {date_fr(limite)}) :", file=sys.stderr)
    for p, ligne in anciens:
        lieu = f"{p.fichier}, ligne {ligne}" if ligne else p.fichier
        quand = f"vérifié le {date_fr(p.verifie_le)}" if p.verifie_le else "jamais vérifié"
        print(f"  - {p.nom} ({lieu}) : « {p.libelle} », {quand}", file=sys.stderr)
    print("Relisez la source de chacun, corrigez la valeur s'il le faut, puis mettez « verifie_le » "
          "à la date du jour (README, « Mettre à jour un barème »).", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
