"""Mesure du temps de `remb_core.simuler_annee` sur l'année d'un foyer de N actes.

Le foyer (4 personnes), son contrat (limites sur quelques postes) et ses actes (un mélange fixe,
dates réparties sur 2025) sont tirés avec une graine fixe : deux exécutions simulent les mêmes
demandes. Pour chaque N, le script affiche la médiane des temps (7 mesures pour 10 et 100 actes,
5 pour 1 000, la borne d'une demande : `remb_core.annee.ACTES_MAX`), le débit en actes par
seconde, puis les rapports temps(1 000) / temps(100) et temps(100) / temps(10) : un calcul
linéaire donne ≈ 10.
Le script sort toujours avec le code 0 : il mesure, il ne juge pas.

    python bench/annee.py                  # affiche les chiffres
    python bench/annee.py --json           # écrit aussi bench/resultats/annee.json
    python bench/annee.py --json out.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import platform
import random
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "bench"))
from commun import ecrire_json, option_json  # noqa: E402

sys.path.insert(0, str(RACINE))

import remb_core  # noqa: E402

GRAINE = 20250101
ANNEE = 2025
#: (N, nombre de mesures)
TAILLES = ((10, 7), (100, 7), (1_000, 5))

PERSONNES = [
    {"id": "parent_1", "situation": {"age": 45}},
    {"id": "parent_2", "situation": {"age": 43, "ald": True}},
    {"id": "ado", "situation": {"age": 16}},
    {"id": "enfant", "situation": {"age": 9}},
]

CONTRAT = {
    "contrat_responsable": True,
    "plafond_annuel_personne": "3000",
    "garanties": {
        "honoraires_medicaux": {"forme": "pourcentage_br", "taux": 200},
        "auxiliaires_medicaux": {"forme": "frais_reels", "plafond_annuel": "400"},
        "analyses": {"forme": "pourcentage_br", "taux": 100},
        "pharmacie": {"forme": "ticket_moderateur"},
        "transport": {"forme": "frais_reels", "plafond_annuel": "250"},
        "medecines_douces": {"forme": "forfait", "montant": "40", "nombre_par_an": 4},
        "optique": {"forme": "forfait", "montant": "150", "renouvellement_ans": 2},
        "soins_dentaires": {"forme": "pourcentage_br", "taux": 150},
    },
}

#: (poids, acte, prix minimal, prix maximal, options) : un mélange de soins courants.
MELANGE = [
    (20, "consultation_generaliste", 30, 30, {}),
    (6, "consultation_generaliste", 35, 60, {"secteur": "2_optam"}),
    (8, "consultation_specialiste", 30, 30, {"secteur": "1"}),
    (4, "consultation_specialiste", 50, 90, {"secteur": "2_optam"}),
    (15, "medicament_65", 3, 40, {"quantite": (1, 4)}),
    (5, "medicament_30", 2, 15, {"quantite": (1, 3)}),
    (12, "seance_kinesitherapie", 16, 25, {"quantite": (1, 3)}),
    (6, "analyses_biologie", 10, 80, {}),
    (3, "transport_sanitaire", 40, 150, {}),
    (4, "osteopathie", 50, 80, {}),
    (3, "consultation_dentiste", 23, 30, {}),
    (1, "monture_hors_100_sante", 80, 250, {}),
    (1, "verre_hors_100_sante", 60, 200, {"quantite": (2, 2)}),
]
PROFESSIONNELS = [f"pro_{k:02d}" for k in range(20)]


def foyer(n: int, graine: int = GRAINE) -> dict:
    """La demande d'une année de `n` actes, toujours la même pour une même graine."""
    hasard = random.Random(graine)
    poids = [m[0] for m in MELANGE]
    premier = dt.date(ANNEE, 1, 1)
    jours = (dt.date(ANNEE, 12, 31) - premier).days + 1
    actes = []
    for _ in range(n):
        _, nom, bas, haut, options = hasard.choices(MELANGE, weights=poids)[0]
        acte = {
            "personne": hasard.choice(PERSONNES)["id"],
            "acte": nom,
            "date": (premier + dt.timedelta(days=hasard.randrange(jours))).isoformat(),
            "professionnel": hasard.choice(PROFESSIONNELS),
            "prix": f"{hasard.randint(bas * 100, haut * 100) / 100:.2f}",
        }
        for cle, valeur in options.items():
            acte[cle] = hasard.randint(*valeur) if isinstance(valeur, tuple) else valeur
        actes.append(acte)
    return {"annee": ANNEE, "personnes": PERSONNES, "contrat": CONTRAT, "actes": actes}


def chronometrer(demande: dict, mesures: int) -> list[float]:
    temps = []
    for _ in range(mesures):
        gc.collect()
        debut = time.perf_counter()
        resultat = remb_core.simuler_annee(demande)
        temps.append(time.perf_counter() - debut)
        if len(resultat["actes"]) != len(demande["actes"]):
            raise SystemExit("simuler_annee n'a pas rendu tous les actes")
        del resultat
    return temps


def mesurer(tailles=TAILLES) -> dict:
    remb_core.simuler_annee(foyer(200, GRAINE + 1))  # chauffe : barèmes et catalogue chargés
    lignes = {}
    for n, mesures in tailles:
        demande = foyer(n)
        temps = chronometrer(demande, mesures)
        median = statistics.median(temps)
        lignes[str(n)] = {"actes": n, "mesures": mesures, "secondes": round(median, 4),
                          "secondes_mesures": [round(t, 4) for t in temps],
                          "actes_par_seconde": round(n / median)}
    rapports = {}
    cles = [str(n) for n, _ in tailles]
    for petit, grand in itertools.pairwise(cles):
        rapports[f"{grand}/{petit}"] = round(lignes[grand]["secondes"] / lignes[petit]["secondes"],
                                             2)
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "remb_core": remb_core.__version__,
        "graine": GRAINE,
        "personnes": len(PERSONNES),
        "tailles": lignes,
        "rapports": rapports,
    }


def afficher(resultats: dict) -> None:
    print(f"remb_core {resultats['remb_core']} — Python {resultats['python']} "
          f"({resultats['machine']}), foyer de {resultats['personnes']} personnes, "
          f"graine {resultats['graine']}")
    print(f"{'actes':>9} {'mesures':>8} {'secondes (médiane)':>19} {'actes/s':>10}")
    for ligne in resultats["tailles"].values():
        print(f"{ligne['actes']:>9} {ligne['mesures']:>8} {ligne['secondes']:>19.4f} "
              f"{ligne['actes_par_seconde']:>10}")
    for nom, rapport in reversed(resultats["rapports"].items()):
        print(f"temps({nom.replace('/', ') / temps(')}) = {rapport:.2f}  (linéaire : ≈ 10)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    option_json(parser, "annee")
    args = parser.parse_args(argv)
    resultats = mesurer()
    afficher(resultats)
    if args.json:
        ecrire_json(args.json, resultats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
