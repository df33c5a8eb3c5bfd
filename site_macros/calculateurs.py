"""Emplacements des calculateurs : le résultat des valeurs par défaut, calculé à la construction.

Le calcul en direct (Pyodide) remplace ce rendu statique ; tant que Python n'est pas prêt, le
lecteur voit ce résultat, calculé par le même moteur.
"""

import json
from html import escape

from remb_core import rendu

DEFAUTS = {
    "reste_a_charge": {"acte": "consultation_specialiste", "prix": "60", "secteur": "2_optam",
                       "garantie": {"forme": "pourcentage_br", "taux": 150}},
    "tableau_garanties": {"acte": "consultation_specialiste", "prix": "80",
                          "secteur": "2_optam",
                          "garantie": {"forme": "pourcentage_br", "taux": 150}},
    "glossaire": {"acte": "consultation_generaliste", "prix": "30",
                  "garantie": {"forme": "pourcentage_br", "taux": 100}},
}


def calculateur(macros, nom: str) -> str:
    if nom not in DEFAUTS:
        raise KeyError(f"calculateur inconnu : « {nom} »")
    demande = {"date": macros.jour.isoformat(), **DEFAUTS[nom]}
    r = macros.simuler(demande)
    return (f'<div class="remb-calculateur" data-calculateur="{nom}" data-etat="statique" '
            f'data-date-bareme="{macros.jour.isoformat()}">'
            f'<div class="remb-sortie" aria-live="polite" '
            f'data-entrees="{escape(json.dumps(demande, ensure_ascii=False, sort_keys=True))}">'
            f"{rendu.html(r)}</div></div>")
