"""Les exemples de remboursement en euros d'un tableau de garanties (`exemples_normalises`).

La liste vient de `donnees/exemples/normalises.toml` : la liste de travail du guide, dans l'esprit
des exemples communs que les complémentaires se sont engagées à publier (engagement de lisibilité
de 2019, avis du CCSF de 2021 ; la liste officielle n'a pas été retrouvée, le fichier le dit).
Chaque exemple est calculé par le moteur de l'année, comme un premier soin de l'année pour un
adulte (un enfant pour l'orthodontie) : mêmes règles, mêmes lignes précises, mêmes limites.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import annee, saisie
from .baremes import DEBUT, Baremes
from .erreurs import ErreurSaisie
from .formats import date_fr, euros
from .prereglages import BAREME, prix_du_bareme
from .referentiel import Fichier, lire
from .tableau import lignes

CLES_LISTE = {"titre", "source", "url", "verifie_le", "note", "age", "exemple"}
CLES_EXEMPLE = {"id", "rubrique", "libelle", "statut", "age", "hypotheses", "acte"}
STATUTS = ("attesté", "reconstruit")
MONTANTS = ("depense", "amo", "amc", "reste_a_charge")
PERSONNE = "vous"


@dataclass(frozen=True)
class Exemple:
    id: str
    rubrique: str
    libelle: str
    statut: str
    age: int
    actes: tuple[dict[str, Any], ...]
    hypotheses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Liste:
    titre: str
    source: str
    url: str
    note: str
    exemples: tuple[Exemple, ...]


def _exemple(f: Fichier, brut: Any, age_defaut: int) -> Exemple:
    if not isinstance(brut, dict):
        raise f.erreur(None, "chaque [[exemple]] est une table.")
    ident = f.texte_requis(brut, "id", None)
    inconnues = sorted(set(brut) - CLES_EXEMPLE)
    if inconnues:
        raise f.erreur(ident, f"clé inconnue « {inconnues[0]} ».")
    statut = f.texte_requis(brut, "statut", ident)
    if statut not in STATUTS:
        raise f.erreur(ident, f"statut : {' ou '.join(STATUTS)}.")
    actes = brut.get("acte")
    if not isinstance(actes, list) or not actes or not all(isinstance(a, dict) for a in actes):
        raise f.erreur(ident, "un exemple a au moins un [[exemple.acte]].")
    for a in actes:
        if a.get("prix") != BAREME and not a.get("note"):
            raise f.erreur(ident, "un prix qui ne vient pas du barème porte une note (« prix "
                           "illustratif du guide »).")
    age = brut.get("age", age_defaut)
    if not isinstance(age, int):
        raise f.erreur(ident, "l'âge est un entier.")
    return Exemple(ident, f.texte_requis(brut, "rubrique", ident),
                   f.texte_requis(brut, "libelle", ident), statut, age, tuple(actes),
                   f.liste_de_textes(brut, "hypotheses", ident))


def construire(f: Fichier) -> Liste:
    c = f.contenu
    inconnues = sorted(set(c) - CLES_LISTE)
    if inconnues:
        raise f.erreur(None, f"clé inconnue « {inconnues[0]} ».")
    age = c.get("age", 40)
    exemples = tuple(_exemple(f, e, age) for e in c.get("exemple", []))
    if len({e.id for e in exemples}) != len(exemples):
        raise f.erreur(None, "deux exemples ont le même identifiant.")
    return Liste(f.texte_requis(c, "titre", None), f.texte_requis(c, "source", None),
                 f.texte_facultatif(c, "url", None), f.texte_requis(c, "note", None), exemples)


@lru_cache(maxsize=1)
def liste() -> Liste:
    """La liste du paquet, lue et contrôlée une fois."""
    return construire(lire("exemples", "normalises.toml"))


# --- Le calcul d'un exemple --------------------------------------------------------------------

def _acte(e: Exemple, brut: dict[str, Any], jour: dt.date,
          baremes: Baremes) -> tuple[dict[str, Any], str]:
    """L'acte pour le moteur, et la phrase qui dit d'où vient son prix."""
    acte = baremes.catalogue.actes[brut["acte"]]
    a = {k: v for k, v in brut.items() if k not in ("prix", "note")}
    a.update(personne=PERSONNE, date=jour.isoformat())
    quantite = f" × {brut['quantite']}" if brut.get("quantite", 1) != 1 else ""
    if brut["prix"] == BAREME:
        prix = prix_du_bareme(acte, brut.get("secteur", "1"), e.age, jour, baremes)
        if prix is None:
            return a, f"{acte.libelle} : montant fixé par le barème du {date_fr(jour)}."
        a["prix"] = str(prix)
        return a, f"{acte.libelle} : {euros(prix)}{quantite}, prix du barème du {date_fr(jour)}."
    a["prix"] = brut["prix"]
    return a, f"{acte.libelle} : {euros(Decimal(brut['prix']))}{quantite} ({brut['note']})."


def _calculer(e: Exemple, garanties: dict[str, Any], responsable: bool, jour: dt.date,
              baremes: Baremes) -> dict[str, Any]:
    actes, prix = zip(*(_acte(e, a, jour, baremes) for a in e.actes), strict=True)
    r = annee.simuler_annee({"du": jour.isoformat(), "au": jour.isoformat(),
                             "personnes": [{"id": PERSONNE, "situation": {"age": e.age}}],
                             "contrat": {"garanties": garanties,
                                         "contrat_responsable": responsable},
                             "actes": list(actes)}, baremes)
    tout = lignes(baremes.catalogue)
    vues = dict.fromkeys(tout.ligne_de(baremes.catalogue.actes[a["acte"]], a["secteur"]).id
                         for a in r["actes"])
    hypotheses = [*e.hypotheses, *prix, f"Une personne de {e.age} ans, dans le parcours de soins"
                  + (", contrat responsable." if responsable else ", contrat non responsable.")]
    for a in r["actes"]:
        hypotheses += [h for h in a["hypotheses"] if h not in hypotheses
                       and not h.startswith("Barème en vigueur")]
    return {"id": e.id, "rubrique": e.rubrique, "libelle": e.libelle, "statut": e.statut,
            **{k: r["totaux"][k] for k in MONTANTS},
            "lignes": list(vues), "garanties": [a["garantie"]["libelle"] for a in r["actes"]],
            "plafonds_atteints": [m for a in r["actes"] for m in a["plafonds_atteints"]],
            "hypotheses": hypotheses}


def exemples_normalises(garanties: Any, date: Any = None, baremes: Baremes | None = None,
                        contrat_responsable: Any = True) -> list[dict[str, Any]]:
    """Les exemples en euros pour ces garanties (par ligne du tableau, comme `simuler_annee`) à
    la date dite (défaut : ce jour) ; lève ErreurSaisie (« garanties.optique.taux »)."""
    from .baremes import du_paquet

    baremes = baremes or du_paquet()
    jour = saisie.date_iso(date, "date", DEBUT) if date else dt.date.today()
    responsable = saisie.booleen(contrat_responsable, "contrat_responsable")
    if garanties is None:
        garanties = {}
    try:
        annee.lire_contrat({"garanties": garanties}, baremes, "contrat")
    except ErreurSaisie as exc:
        raise ErreurSaisie(exc.champ.removeprefix("contrat."), exc.message) from None
    try:
        return [_calculer(e, garanties, responsable, jour, baremes) for e in liste().exemples]
    except ErreurSaisie as exc:
        raise ErreurSaisie("date", f"Un exemple ne se calcule pas à cette date ({exc.message})"
                           ) from None
