"""Mesure du débit de `remb_core.simuler` sur un mélange fixe de demandes réalistes.

Chaque répétition enchaîne le mélange en boucle pendant environ `--duree` secondes ; le script
affiche la médiane (sur `--repetitions` répétitions) du nombre de simulations par seconde, puis,
par acte, la médiane du temps d'une simulation et le débit correspondant.

    python bench/simulations.py                  # 5 × 3 s
    python bench/simulations.py --json           # écrit aussi bench/resultats/simulations.json
    python bench/simulations.py --json out.json --duree 1 --repetitions 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "bench"))
from commun import ecrire_json, option_json  # noqa: E402

sys.path.insert(0, str(RACINE))

import remb_core  # noqa: E402

JOUR = "2026-06-01"
BR = lambda taux, secu=True: {"forme": "pourcentage_br", "taux": taux,  # noqa: E731
                              "secu_incluse": secu}

#: Une vingtaine de demandes comme en font les lecteurs du site.
MELANGE = [
    {"acte": "consultation_generaliste", "prix": "30", "date": JOUR},
    {"acte": "consultation_generaliste", "prix": "30", "date": JOUR, "garantie": BR(100)},
    {"acte": "consultation_generaliste", "prix": "60", "secteur": "2_optam", "date": JOUR,
     "garantie": BR(200)},
    {"acte": "consultation_generaliste", "prix": "50", "secteur": "2_non_optam", "date": JOUR,
     "garantie": BR(300)},
    {"acte": "consultation_specialiste", "prix": "30", "date": JOUR, "parcours_coordonne": False,
     "garantie": {"forme": "ticket_moderateur"}},
    {"acte": "consultation_specialiste", "prix": "80", "secteur": "2_optam", "date": JOUR,
     "garantie": BR(150), "situation": {"age": 45}},
    {"acte": "consultation_psychiatre", "prix": "57", "date": JOUR,
     "situation": {"age": 20}, "parcours_coordonne": False},
    {"acte": "teleconsultation", "prix": "25", "date": "2025-03-10"},
    {"acte": "consultation_dentiste", "prix": "23", "date": JOUR, "garantie": BR(100)},
    {"acte": "detartrage", "prix": "28.92", "date": "2023-06-01"},
    {"acte": "couronne_tarif_libre", "prix": "650", "date": JOUR, "garantie": BR(250)},
    {"acte": "orthodontie", "prix": "700", "date": JOUR, "situation": {"age": 12},
     "garantie": BR(300, secu=False)},
    {"acte": "monture_hors_100_sante", "prix": "150", "date": JOUR,
     "garantie": {"forme": "forfait", "montant": "100"}},
    {"acte": "verre_hors_100_sante", "prix": "180", "quantite": 2, "date": JOUR,
     "garantie": {"forme": "pourcentage_pmss", "taux": "4"}},
    {"acte": "aide_auditive_classe_2", "prix": "1500", "date": JOUR,
     "garantie": {"forme": "pourcentage_pmss", "taux": "10"}},
    {"acte": "medicament_65", "prix": "12.40", "quantite": 3, "date": JOUR,
     "garantie": {"forme": "ticket_moderateur"}},
    {"acte": "seance_kinesitherapie", "prix": "16.13", "quantite": 10, "date": JOUR},
    {"acte": "analyses_biologie", "prix": "45.20", "date": JOUR, "situation": {"ald": True}},
    {"acte": "forfait_journalier", "quantite": 3, "date": JOUR,
     "garantie": {"forme": "frais_reels"}},
    {"acte": "hospitalisation_frais_sejour", "prix": "2400", "acte_lourd": True, "date": JOUR},
    {"acte": "osteopathie", "prix": "60", "date": JOUR,
     "garantie": {"forme": "forfait", "montant": "40"}},
]


def une_repetition(duree: float) -> tuple[float, dict[str, tuple[int, float]]]:
    """Boucle sur le mélange pendant `duree` s ; (simulations/s, {acte: (nombre, secondes)})."""
    par_acte: dict[str, list] = defaultdict(lambda: [0, 0.0])
    horloge = time.perf_counter
    nombre = 0
    debut = horloge()
    fin = debut + duree
    while True:
        for demande in MELANGE:
            t0 = horloge()
            remb_core.simuler(demande)
            t1 = horloge()
            cumul = par_acte[demande["acte"]]
            cumul[0] += 1
            cumul[1] += t1 - t0
        nombre += len(MELANGE)
        if horloge() >= fin:
            break
    ecoule = horloge() - debut
    return nombre / ecoule, {acte: (n, s) for acte, (n, s) in par_acte.items()}


def mesurer(duree: float, repetitions: int) -> dict:
    for demande in MELANGE:  # chauffe : barèmes et catalogue chargés, demandes valides
        remb_core.simuler(demande)
    debits, temps_par_acte = [], defaultdict(list)
    for _ in range(repetitions):
        debit, par_acte = une_repetition(duree)
        debits.append(debit)
        for acte, (n, secondes) in par_acte.items():
            temps_par_acte[acte].append(secondes / n)
    actes = {}
    for acte, temps in temps_par_acte.items():
        median = statistics.median(temps)
        actes[acte] = {"microsecondes": round(median * 1e6, 1),
                       "simulations_par_seconde": round(1 / median)}
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "remb_core": remb_core.__version__,
        "duree_par_repetition_s": duree,
        "repetitions": repetitions,
        "demandes": len(MELANGE),
        "simulations_par_seconde": round(statistics.median(debits)),
        "simulations_par_seconde_repetitions": [round(d) for d in debits],
        "par_acte": dict(sorted(actes.items(), key=lambda kv: -kv[1]["microsecondes"])),
    }


def afficher(resultats: dict) -> None:
    print(f"remb_core {resultats['remb_core']} — Python {resultats['python']} "
          f"({resultats['machine']}), {resultats['demandes']} demandes, "
          f"{resultats['repetitions']} × {resultats['duree_par_repetition_s']} s")
    print(f"Médiane : {resultats['simulations_par_seconde']} simulations/s "
          f"(répétitions : {resultats['simulations_par_seconde_repetitions']})")
    print(f"{'acte':<34} {'µs/simulation':>14} {'simulations/s':>14}")
    for acte, chiffres in resultats["par_acte"].items():
        print(f"{acte:<34} {chiffres['microsecondes']:>14.1f} "
              f"{chiffres['simulations_par_seconde']:>14}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=float, default=3.0,
                        help="secondes par répétition (défaut : 3)")
    parser.add_argument("--repetitions", type=int, default=5, help="défaut : 5")
    option_json(parser, "simulations")
    args = parser.parse_args(argv)
    if args.duree <= 0 or args.repetitions < 1:
        parser.error("--duree doit être positive et --repetitions au moins 1")
    resultats = mesurer(args.duree, args.repetitions)
    afficher(resultats)
    if args.json:
        ecrire_json(args.json, resultats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
