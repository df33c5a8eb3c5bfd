"""Les calculateurs « comparateur » et « exemples » : champs du formulaire (textes) → demande.

Les noms des champs sont les chemins de la demande (« contrats[1].garanties.optique.taux »,
« actes[3].prix », « personnes[0].situation.age ») : une erreur du moteur s'affiche à côté de son
champ sans traduction. Le JavaScript ne fait qu'ajouter, dupliquer ou retirer des lignes et
transporter les champs ; ce module décide de ce qu'ils veulent dire, et `formulaire.executer`
l'appelle pour ces deux calculateurs.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import comparer_contrats, exemples, exemples_normalises, rendu_comparateur
from .baremes import Baremes
from .erreurs import ErreurSaisie
from .formulaire import garantie
from .prereglages import prereglages, profils
from .tableau import LIMITES, Lignes, lignes

CALCULATEURS = ("comparateur", "exemples")
VRAI = {"true", "on", "oui", "1"}
_RANG = re.compile(r"^(personnes|actes|contrats)\[([0-9]{1,4})\]\.")
CHAMPS_ACTE = ("date", "prix", "quantite", "secteur", "base_remboursement", "prix_limite", "jours")


def _vide(valeur: str | None) -> bool:
    return valeur is None or not valeur.strip()


def _rangs(champs: dict[str, str], liste: str) -> list[int]:
    """Les rangs présents d'une liste du formulaire (« actes[3].prix » → 3), triés."""
    rangs = set()
    for cle in champs:
        trouve = _RANG.match(cle)
        if trouve and trouve.group(1) == liste:
            rangs.add(int(trouve.group(2)))
    return sorted(rangs)


def garanties(champs: dict[str, str], prefixe: str, tout: Lignes,
              prereglage: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Les garanties par ligne du tableau. Une ligne précise laissée « comme la ligne du poste »
    (forme vide) est absente ; si le contrat vient d'un préréglage, elle reçoit explicitement la
    garantie de son poste, pour que le préréglage ne la remplace pas."""
    sortie: dict[str, dict[str, Any]] = {}
    for ligne in tout.toutes:
        p = f"{prefixe}.{ligne.id}"
        if _vide(champs.get(f"{p}.forme")):
            continue
        g = garantie(champs, p)
        if not ligne.precise and g["forme"] != "aucune":
            g.update({cle: champs[f"{p}.{cle}"].strip() for cle in LIMITES
                      if not _vide(champs.get(f"{p}.{cle}"))})
        sortie[ligne.id] = g
    if prereglage is not None:
        for ligne in tout.toutes:
            if ligne.precise and ligne.id not in sortie and ligne.poste in sortie:
                sortie[ligne.id] = {k: v for k, v in sortie[ligne.poste].items()
                                    if k not in LIMITES}
    return sortie


def _personnes(champs: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Les personnes du foyer, avec le régime du foyer (un seul choix dans la page, comme pour
    l'année de soins de « Reste à charge »)."""
    personnes, refs = [], {}
    regime = (champs.get("regime") or "").strip()
    for i in _rangs(champs, "personnes"):
        p = f"personnes[{i}]"
        ident = (champs.get(f"{p}.id") or "").strip() or f"Personne {i + 1}"
        s: dict[str, Any] = {"ald": champs.get(f"{p}.situation.ald", "").lower() in VRAI}
        if not _vide(champs.get(f"{p}.situation.age")):
            s["age"] = champs[f"{p}.situation.age"].strip()
        if regime:
            s["regime"] = regime
        personnes.append({"id": ident, "situation": s})
        refs[p] = ident
    return personnes, refs


def _actes(champs: dict[str, str], refs: dict[str, str],
           baremes: Baremes) -> tuple[list[dict[str, Any]], list[int]]:
    """Les actes saisis (une ligne sans soin choisi est ignorée) et, pour chacun, son rang dans
    le formulaire (pour y renvoyer une erreur)."""
    actes, rangs = [], []
    for i in _rangs(champs, "actes"):
        p = f"actes[{i}]"
        if _vide(champs.get(f"{p}.acte")):
            continue
        ref = champs.get(f"{p}.personne") or "personnes[0]"
        a: dict[str, Any] = {"personne": refs.get(ref, ref), "acte": champs[f"{p}.acte"]}
        acte = baremes.catalogue.actes.get(a["acte"])
        for cle in CHAMPS_ACTE:
            valeur = champs.get(f"{p}.{cle}")
            if _vide(valeur) or (cle == "secteur" and acte is not None and not acte.a_secteurs):
                continue
            if cle == "prix" and acte is not None and acte.prix_bareme:
                continue
            a[cle] = (valeur or "").strip()
        actes.append(a)
        rangs.append(i)
    return actes, rangs


def _contrat(champs: dict[str, str], j: int, tout: Lignes, baremes: Baremes) -> dict[str, Any]:
    p = f"contrats[{j}]"
    c: dict[str, Any] = {"nom": champs.get(f"{p}.nom", ""),
                         "cotisation_annuelle": champs.get(f"{p}.cotisation_annuelle", ""),
                         "contrat_responsable":
                             champs.get(f"{p}.contrat_responsable", "true").lower() in VRAI}
    ident = champs.get(f"{p}.prereglage", "")
    base = prereglages(baremes).get(ident)
    if base is not None:
        c["prereglage"] = ident
    if champs.get(f"{p}.css", "").lower() in VRAI:
        c["css"] = True
        c["garanties"] = {}
    else:
        c["css"] = False
        c["garanties"] = garanties(champs, f"{p}.garanties", tout,
                                   base.garanties() if base else None)
    return c


def demande_comparateur(champs: dict[str, str], baremes: Baremes) -> tuple[dict[str, Any],
                                                                           list[int]]:
    """La demande de `comparer_contrats`, et le rang de chaque acte dans le formulaire."""
    personnes, refs = _personnes(champs)
    actes, rangs = _actes(champs, refs, baremes)
    tout = lignes(baremes.catalogue)
    contrats = [_contrat(champs, j, tout, baremes) for j in _rangs(champs, "contrats")]
    return {"annee": champs.get("annee", ""), "personnes": personnes, "actes": actes,
            "contrats": contrats}, rangs


def _champ_du_formulaire(champ: str, rangs: list[int]) -> str:
    """« actes[2].prix » (demande) → le champ de la ligne du formulaire qui l'a produit ; le régime
    d'une personne → le régime du foyer."""
    if re.fullmatch(r"personnes\[[0-9]+\]\.situation\.regime", champ):
        return "regime"
    trouve = re.match(r"^actes\[([0-9]+)\](.*)$", champ)
    if trouve and int(trouve.group(1)) < len(rangs):
        return f"actes[{rangs[int(trouve.group(1))]}]{trouve.group(2)}"
    return champ


def preparer(calculateur: str, baremes: Baremes) -> None:
    """Lit d'avance les lignes du tableau, les préréglages et, selon le calculateur, les profils ou
    les exemples (chacun est gardé une fois lu) : la première saisie n'a plus qu'à calculer."""
    lignes(baremes.catalogue)
    prereglages(baremes)
    if calculateur == "exemples":
        exemples.liste()
    else:
        profils(baremes)


def executer(calculateur: str, champs: dict[str, str], baremes: Baremes) -> dict[str, Any]:
    """Calcule pour un des deux calculateurs ; lève ErreurSaisie (champ du formulaire)."""
    if calculateur == "exemples":
        tout = lignes(baremes.catalogue)
        g = garanties(champs, "garanties", tout)
        responsable = champs.get("contrat_responsable", "true").lower() in VRAI
        liste = exemples_normalises(g, champs.get("date") or None, baremes, responsable)
        return {"ok": True, "html": rendu_comparateur.html_exemples(liste, champs.get("date")),
                "resultat": liste}
    demande, rangs = demande_comparateur(champs, baremes)
    try:
        resultat = comparer_contrats(demande, baremes)
    except ErreurSaisie as exc:
        raise ErreurSaisie(_champ_du_formulaire(exc.champ, rangs), exc.message) from None
    html = rendu_comparateur.html_comparaison(resultat, demande, baremes)
    resume = {k: resultat[k] for k in ("du", "au", "depense", "moins_cher", "ex_aequo")}
    resume["contrats"] = [{k: c[k] for k in ("nom", "cotisation_annuelle", "amo", "amc",
                                             "reste_a_charge", "cout_total")}
                          for c in resultat["contrats"]]
    return {"ok": True, "html": html, "resultat": resume,
            "demande": json.loads(json.dumps(demande))}
