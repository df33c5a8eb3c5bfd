"""Les lunettes sur une année : équipement du jour, plafond du contrat responsable, renouvellement.

Une monture et des verres achetés le même jour par la même personne forment un équipement
(art. R.871-2 3° CSS) : son plafond dépend de ses deux verres (simples, complexes, très
complexes), monture comprise (au plus 100 € pour elle), Assurance Maladie comprise. Un contrat
responsable ne prend en charge qu'un équipement par période (deux ans à partir de 16 ans, un an
avant), sauf renouvellement anticipé (évolution de la vue, certaines maladies), que le moteur ne
peut pas connaître : il le dit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .actes import Acte
from .baremes import Baremes
from .complementaire import PLAFONDS_OPTIQUE
from .demande import Demande
from .formats import date_fr, euros
from .monnaie import ZERO

Cle = tuple[str, dt.date]  # (personne, jour)


def lunettes(acte: Acte) -> bool:
    """Une monture ou un verre (pas des lentilles) : ce que vise la règle de l'équipement."""
    return acte.poste == "optique" and acte.unite in ("monture", "verre")


def equipements(actes: Iterable[Any]) -> dict[Cle, tuple[str, str]]:
    """Les deux catégories de verres de chaque équipement à prix libre (personne, jour).

    Un seul type de verre acheté : l'équipement est fait de deux verres de ce type ; plus de deux
    verres : les deux plus complexes comptent."""
    verres: dict[Cle, list[str]] = {}
    for lu in actes:
        categorie = lu.demande.acte.categorie_verre
        if categorie:
            verres.setdefault((lu.personne, lu.date), []).extend([categorie] * lu.demande.quantite)
    ordre = ("simple", "complexe", "tres_complexe")
    resultat = {}
    for cle, liste in verres.items():
        tries = sorted(liste, key=ordre.index)[-2:]
        resultat[cle] = (tries[0], tries[-1])
    return resultat


def plafond_du_jour(d: Demande, cle: Cle, verres: dict[Cle, tuple[str, str]],
                    consomme: Decimal, baremes: Baremes) -> tuple[Decimal, str] | None:
    """Ce qui reste du plafond de l'équipement du jour (Assurance Maladie comprise), ou None."""
    if not lunettes(d.acte) or d.acte.panier_100_sante or cle not in verres:
        return None
    a, b = verres[cle]
    nom = PLAFONDS_OPTIQUE[(min(a, b), max(a, b))]
    plafond = baremes.valeur(nom, d.date).valeur
    reste = max(plafond - consomme, ZERO)
    return reste, (f"Équipement d'optique du {date_fr(d.date)} : au plus {euros(plafond)}, "
                   f"monture comprise et Assurance Maladie comprise (art. R.871-2 "
                   f"du code de la sécurité sociale) ; "
                   f"reste {euros(reste)}.")


def renouvellement_legal(d: Demande, baremes: Baremes) -> int:
    """La période, en années, après laquelle un contrat responsable couvre un nouvel équipement."""
    adulte = baremes.valeur("age_renouvellement_optique_adulte", d.date).valeur
    nom = ("renouvellement_optique_enfant_ans" if d.situation.age is not None
           and d.situation.age < adulte else "renouvellement_optique_ans")
    return int(baremes.valeur(nom, d.date).valeur)
