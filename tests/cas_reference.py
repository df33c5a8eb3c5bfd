"""Cas de référence : les demandes que CPython et Pyodide doivent calculer à l'identique.

`cas_de_reference()` rend, en demandes JSON, toutes les lignes dorées (tests/golden.py) : les cas
de tests/cas_reference.toml (chaque acte du catalogue, chaque forme de garantie, les secteurs,
le hors parcours, les situations, trois dates de barème, trois saisies invalides, une année de
soins et le catalogue), ceux des autres tests/cas_*.toml (fiche DREES, cas des règles…) et les
exemples chiffrés des sources (site_macros/exemples_sources.toml). Les mêmes lignes tournent
donc dans les deux runtimes, et leurs chiffres sont vérifiés par tests/test_cas.py et
tests/test_exemples_sources.py.

Ordre : les demandes à `simuler` qui aboutissent, puis les INVALIDES demandes à `simuler` qui
lèvent ErreurSaisie, puis celles des autres fonctions (`"fonction": "simuler_annee"`,
`"actes"`, `"bareme"`).
`cas_des_calculateurs()` ajoute ce que fait le worker du site : chaque calculateur avec ses
valeurs par défaut (`"fonction": "executer"`).

`executer(cas)` est la référence CPython de ce que fait tests/pyodide/executer_cas.mjs dans
Pyodide : mêmes fonctions, même traitement d'ErreurSaisie.
"""

from __future__ import annotations

from typing import Any

from golden import Cas, executer_un, tous_les_cas


def lignes_de_reference() -> list[Cas]:
    """Les lignes dorées dans l'ordre de `cas_de_reference()`."""
    lignes = tous_les_cas()
    simuler = [c for c in lignes if c.fonction == "simuler"]
    return ([c for c in simuler if c.erreur is None] + [c for c in simuler if c.erreur]
            + [c for c in lignes if c.fonction != "simuler"])


# Le nombre de cas invalides, à la fin de la liste des demandes à `simuler`.
INVALIDES = sum(1 for c in lignes_de_reference() if c.fonction == "simuler" and c.erreur)


def cas_de_reference() -> list[dict[str, Any]]:
    """Les demandes (dicts JSON) : les lignes dorées, dont les INVALIDES dernières de `simuler`
    lèvent ErreurSaisie, puis les cas du comparateur (`cas_du_comparateur`)."""
    return [c.requete() for c in lignes_de_reference()] + cas_du_comparateur()


def cas_des_calculateurs(date: str = "2026-06-01") -> list[dict[str, Any]]:
    """Chaque calculateur du site, valeurs par défaut (site_macros.calculateurs.DEFAUTS), comme le
    worker l'appelle : remb_core.formulaire.executer(calculateur, champs)."""
    from site_macros.calculateurs import DEFAUTS, TYPES

    cas = []
    for nom, champs in DEFAUTS.items():
        champs = {**champs, "date": date}
        if champs.get("prix") == "tarif":
            champs["prix"] = "30"
        cas.append({"fonction": "executer", "calculateur": TYPES.get(nom, nom), "champs": champs})
    cas.append({"fonction": "executer", "calculateur": "reste_a_charge",
                "champs": {**DEFAUTS["reste_a_charge"], "mode": "annee", "annee": "2026",
                           "lignes[0].acte": "osteopathie", "lignes[0].date": "2026-02-01",
                           "lignes[0].prix": "60"}})
    return cas


def cas_du_comparateur() -> list[dict[str, Any]]:
    """Les demandes de tests/cas_comparateur.toml (comparer_contrats, exemples_normalises)."""
    import tomllib
    from pathlib import Path

    texte = (Path(__file__).with_name("cas_comparateur.toml")).read_text(encoding="utf-8")
    return [{"fonction": c["fonction"], **c["demande"]} for c in tomllib.loads(texte)["cas"]]


def executer(cas: list[dict[str, Any]]) -> list[Any]:
    """Le calcul de référence (CPython) : le même que tests/pyodide/executer_cas.mjs.

    Une ErreurSaisie devient {"erreur": {"champ", "message"}} ; toute autre exception remonte."""
    return [executer_un(demande) for demande in cas]
