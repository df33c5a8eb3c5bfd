"""Comparer 2 à 4 contrats sur l'année de soins d'un foyer : ce que chacun rembourse, ce qui
reste à payer, et le coût total (cotisation + reste à charge).

Chaque contrat est calculé par le moteur de l'année (`annee.simuler_annee`), sur les mêmes
personnes et les mêmes actes : aucune règle n'est refaite ici. Ce module lit la demande (contrôlée
par `saisie`, avec des champs qui nomment le contrat : « contrats[1].garanties.optique.taux »),
additionne, et explique les écarts ligne par ligne du tableau de garanties. Pour chaque contrat,
Assurance Maladie + complémentaire + reste à charge = dépense de l'année, au centime.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import annee, saisie, tableau
from .baremes import Baremes
from .demande import lire_garantie
from .erreurs import ErreurSaisie
from .formats import euros
from .monnaie import ZERO, en_texte
from .prereglages import Prereglage, prereglages

CLES = {"annee", "du", "au", "personnes", "actes", "contrats"}
CLES_CONTRAT = {"nom", "cotisation_annuelle", "garanties", "contrat_responsable", "css",
                "prereglage", "plafond_annuel_personne"}
#: Bornes d'une comparaison : quatre contrats sur 300 actes restent sous la seconde dans le
#: navigateur d'un téléphone (bench/comparateur.py).
CONTRATS_MIN, CONTRATS_MAX = 2, 4
PERSONNES_MAX = 6
ACTES_MAX = 300
NOM_MAX = 60
COTISATION_MAX = Decimal(100_000)
MONTANTS = ("depense", "amo", "amc", "reste_a_charge")
CSS_LIBELLE = "Complémentaire santé solidaire"


@dataclass(frozen=True)
class ContratLu:
    nom: str
    cotisation: Decimal
    contrat: dict[str, Any]  # au format de `simuler_annee`
    css: bool
    prereglage: str | None


def _nom(c: dict[str, Any], champ: str, rang: int, pris: set[str]) -> str:
    brut = c.get("nom")
    if brut is None or (isinstance(brut, str) and not brut.strip()):
        brut = f"Contrat {rang + 1}"
    if not isinstance(brut, str) or len(brut) > NOM_MAX:
        raise ErreurSaisie(f"{champ}.nom", f"Le nom d'un contrat est un texte de 1 à {NOM_MAX} "
                           "caractères.")
    nom = brut.strip()
    if nom in pris:
        raise ErreurSaisie(f"{champ}.nom", f"Deux contrats s'appellent « {nom} » : donnez-leur "
                           "des noms différents.")
    pris.add(nom)
    return nom


def _prereglage(c: dict[str, Any], champ: str, baremes: Baremes) -> Prereglage | None:
    if not saisie.present(c, "prereglage"):
        return None
    tous = prereglages(baremes)
    return tous[saisie.identifiant(c["prereglage"], f"{champ}.prereglage", tous,
                                   "Préréglage inconnu")]


def _garanties(c: dict[str, Any], champ: str, base: Prereglage | None) -> dict[str, Any]:
    """Les garanties du préréglage, remplacées ligne par ligne par celles de la demande."""
    propres = c.get("garanties")
    if propres is None:
        propres = {}
    saisie.objet(propres, f"{champ}.garanties", '{"optique": {"forme": "forfait", …}}')
    return {**(base.garanties() if base else {}), **propres}


def lire_contrat(c: Any, rang: int, pris: set[str], baremes: Baremes) -> ContratLu:
    """Un contrat de la comparaison, contrôlé (ses garanties par `annee.lire_contrat`)."""
    champ = f"contrats[{rang}]"
    saisie.objet(c, champ, '{"nom": "Mon contrat", "cotisation_annuelle": "600", '
                 '"garanties": {…}}')
    saisie.refuser_inconnus(c, CLES_CONTRAT, champ)
    nom = _nom(c, champ, rang, pris)
    if not saisie.present(c, "cotisation_annuelle"):
        raise ErreurSaisie(f"{champ}.cotisation_annuelle", "Indiquez la cotisation annuelle du "
                           "contrat (0 si vous ne payez rien).")
    cotisation = saisie.montant(c["cotisation_annuelle"], f"{champ}.cotisation_annuelle",
                                maximum=COTISATION_MAX, nom="La cotisation annuelle")
    base = _prereglage(c, champ, baremes)
    css = saisie.booleen(c.get("css", base.css if base else False), f"{champ}.css")
    garanties = _garanties(c, champ, base)
    if css and any(g for g in (c.get("garanties") or {}).values()):
        raise ErreurSaisie(f"{champ}.garanties", "La Complémentaire santé solidaire remplace le "
                           "tableau de garanties : laissez les garanties vides.")
    contrat: dict[str, Any] = {
        "garanties": {} if css else garanties,
        "contrat_responsable": c.get("contrat_responsable",
                                     base.contrat_responsable if base else True)}
    if c.get("plafond_annuel_personne") is not None:
        contrat["plafond_annuel_personne"] = c["plafond_annuel_personne"]
    annee.lire_contrat(contrat, baremes, champ)
    return ContratLu(nom, cotisation, contrat, css, base.id if base else None)


def lire_contrats(brute: Any, baremes: Baremes) -> list[ContratLu]:
    if brute is None:
        raise ErreurSaisie("contrats", f"Indiquez de {CONTRATS_MIN} à {CONTRATS_MAX} contrats.")
    saisie.liste(brute, "contrats", CONTRATS_MAX, "La liste des contrats",
                 '[{"nom": "A", "cotisation_annuelle": "600", "garanties": {…}}, …]')
    if len(brute) < CONTRATS_MIN:
        raise ErreurSaisie("contrats", f"Une comparaison porte sur {CONTRATS_MIN} à "
                           f"{CONTRATS_MAX} contrats ({len(brute)} reçu).")
    pris: set[str] = set()
    return [lire_contrat(c, i, pris, baremes) for i, c in enumerate(brute)]


def _annee_du_contrat(brute: dict[str, Any], c: ContratLu) -> dict[str, Any]:
    """La demande de `simuler_annee` pour ce contrat (la CSS s'attache aux personnes)."""
    demande: dict[str, Any] = {k: brute[k] for k in ("annee", "du", "au", "actes") if k in brute}
    personnes = brute.get("personnes")
    if c.css and isinstance(personnes, list):
        personnes = [{**p, "situation": {**(p.get("situation") or {}), "css": True}}
                     if isinstance(p, dict) else p for p in personnes]
    demande["personnes"] = personnes
    demande["contrat"] = c.contrat
    return demande


def _simuler(brute: dict[str, Any], c: ContratLu, rang: int, baremes: Baremes) -> dict[str, Any]:
    try:
        return annee.simuler_annee(_annee_du_contrat(brute, c), baremes)
    except ErreurSaisie as exc:
        if exc.champ.startswith("contrat."):
            raise ErreurSaisie(f"contrats[{rang}]" + exc.champ[7:], exc.message) from None
        raise


# --- Résultat d'un contrat ---------------------------------------------------------------------

def _ligne_de_l_acte(a: dict[str, Any], baremes: Baremes) -> tableau.Ligne:
    acte = baremes.catalogue.actes[a["acte"]]
    return tableau.lignes(baremes.catalogue).ligne_de(acte, a["secteur"])


def _par_ligne(r: dict[str, Any], baremes: Baremes) -> dict[str, dict[str, Any]]:
    sommes: dict[str, dict[str, Any]] = {}
    for a in r["actes"]:
        ligne = _ligne_de_l_acte(a, baremes)
        s = sommes.setdefault(ligne.id, {"actes": 0, "quantite": 0, "indices": [],
                                         **dict.fromkeys(MONTANTS, ZERO)})
        s["actes"] += 1
        s["quantite"] += a["quantite"]
        s["indices"].append(a["index"])
        for cle in MONTANTS:
            s[cle] += Decimal(a[cle])
    return sommes


def _resultat(c: ContratLu, r: dict[str, Any], baremes: Baremes) -> dict[str, Any]:
    t = r["totaux"]
    somme = Decimal(t["amo"]) + Decimal(t["amc"]) + Decimal(t["reste_a_charge"])
    if somme != Decimal(t["depense"]):
        raise AssertionError(f"{c.nom} : Assurance Maladie + complémentaire + reste à charge "
                             "ne font pas la dépense")
    par_ligne = _par_ligne(r, baremes)
    return {
        "nom": c.nom,
        "prereglage": c.prereglage,
        "css": c.css,
        "contrat_responsable": c.contrat["contrat_responsable"],
        "cotisation_annuelle": en_texte(c.cotisation),
        **{cle: t[cle] for cle in (*MONTANTS, "participation_forfaitaire", "franchise")},
        "cout_total": en_texte(c.cotisation + Decimal(t["reste_a_charge"])),
        "par_poste": r["par_poste"],
        "par_personne": r["par_personne"],
        "par_ligne": {ligne: {**{k: en_texte(v[k]) for k in MONTANTS}, "actes": v["actes"],
                              "quantite": v["quantite"], "indices": v["indices"]}
                      for ligne, v in par_ligne.items()},
        "plafonds_atteints": r["plafonds_atteints"],
        "actes": [{"index": a["index"], "amo": a["amo"], "amc": a["amc"],
                   "reste_a_charge": a["reste_a_charge"],
                   "garantie": a["garantie"]["libelle"],
                   "plafonds_atteints": a["plafonds_atteints"]} for a in r["actes"]],
    }


def _actes_communs(r: dict[str, Any], baremes: Baremes) -> list[dict[str, Any]]:
    """Les actes de l'année, dans l'ordre du calcul, communs à tous les contrats."""
    return [{"index": a["index"], "date": a["date"], "personne": a["personne"],
             "acte": a["acte"], "libelle": a["libelle"], "quantite": a["quantite"],
             "secteur": a["secteur"], "depense": a["depense"],
             "ligne": _ligne_de_l_acte(a, baremes).id} for a in r["actes"]]


# --- Les écarts, ligne par ligne ---------------------------------------------------------------

def garantie_de_la_ligne(c: ContratLu, ligne: tableau.Ligne) -> str:
    """La garantie d'un contrat sur une ligne du tableau, en clair (celle de son poste si la
    ligne précise est absente)."""
    if c.css:
        return CSS_LIBELLE
    garanties = c.contrat["garanties"]
    brute = garanties.get(ligne.id) or garanties.get(ligne.poste)
    if brute is None:
        return "Pas de garantie"
    propre = {k: v for k, v in brute.items() if k not in tableau.LIMITES}
    limites = {k: brute[k] for k in tableau.LIMITES if brute.get(k) is not None}
    if ligne.id not in garanties or ligne.precise:
        limites = {}
    return tableau.decrire(lire_garantie(propre), ligne.unite, limites)


def _explication(libelle: str, montants: dict[str, Decimal], quoi: str,
                 garanties: dict[str, str]) -> str:
    meilleur = min(montants, key=lambda n: montants[n])
    textes = []
    for nom, m in montants.items():
        if nom == meilleur:
            continue
        ecart = m - montants[meilleur]
        textes.append(f"avec « {nom} »{garanties.get(nom, '')}, " + (
            f"{euros(ecart)} de plus" if ecart else "autant"))
    return (f"{libelle} : « {meilleur} »{garanties.get(meilleur, '')} est le plus avantageux "
            f"({quoi} {euros(montants[meilleur])}) ; " + " ; ".join(textes) + ".")


def _ecart_cotisation(contrats: list[ContratLu]) -> dict[str, Any] | None:
    montants = {c.nom: c.cotisation for c in contrats}
    if len(set(montants.values())) == 1:
        return None
    return {"ligne": "cotisation", "libelle": "Cotisation annuelle", "rubrique": "",
            "actes": 0, "montants": {n: en_texte(m) for n, m in montants.items()},
            "garanties": {}, "plafonds": {}, "meilleur": min(montants, key=montants.__getitem__),
            "ecart": en_texte(max(montants.values()) - min(montants.values())),
            "explication": _explication("Cotisation annuelle", montants, "cotisation", {})}


def _plafonds_de_la_ligne(res: dict[str, Any], indices: set[int]) -> list[str]:
    return [m for a in res["actes"] if a["index"] in indices for m in a["plafonds_atteints"]]


def _ecart_ligne(ligne: tableau.Ligne, contrats: list[ContratLu],
                 resultats: list[dict[str, Any]]) -> dict[str, Any] | None:
    montants = {res["nom"]: Decimal(res["par_ligne"][ligne.id]["reste_a_charge"])
                for res in resultats}
    if len(set(montants.values())) == 1:
        return None
    premier = resultats[0]["par_ligne"][ligne.id]
    garanties = {c.nom: garantie_de_la_ligne(c, ligne) for c in contrats}
    n = premier["actes"]
    libelle = f"{ligne.libelle} ({n} acte{'s' if n > 1 else ''})"
    indices = set(premier["indices"])
    return {"ligne": ligne.id, "libelle": ligne.libelle, "rubrique": ligne.rubrique,
            "actes": n, "montants": {k: en_texte(v) for k, v in montants.items()},
            "garanties": garanties,
            "plafonds": {res["nom"]: _plafonds_de_la_ligne(res, indices) for res in resultats},
            "meilleur": min(montants, key=montants.__getitem__),
            "ecart": en_texte(max(montants.values()) - min(montants.values())),
            "explication": _explication(libelle, montants, "reste à charge",
                                        {k: f" ({v})" for k, v in garanties.items()})}


def ecarts(contrats: list[ContratLu], resultats: list[dict[str, Any]],
           baremes: Baremes) -> list[dict[str, Any]]:
    """D'où vient la différence de coût : la cotisation, puis chaque ligne du tableau où le
    reste à charge diffère ; du plus grand écart au plus petit. Pour deux contrats, la somme des
    différences (cotisation et lignes) fait la différence de coût total."""
    trouves = [_ecart_cotisation(contrats)]
    for ligne in tableau.lignes(baremes.catalogue).toutes:
        if ligne.id in resultats[0]["par_ligne"]:
            trouves.append(_ecart_ligne(ligne, contrats, resultats))
    retenus = [e for e in trouves if e is not None]
    return sorted(retenus, key=lambda e: -Decimal(e["ecart"]))


# --- La comparaison -------------------------------------------------------------------------------

def _lire_bornes(brute: dict[str, Any]) -> None:
    """Les bornes propres à une comparaison (le reste est contrôlé par `simuler_annee`)."""
    if isinstance(brute.get("personnes"), list):
        saisie.liste(brute["personnes"], "personnes", PERSONNES_MAX, "La liste des personnes",
                     '[{"id": "moi", "situation": {"age": 40}}]')
    if isinstance(brute.get("actes"), list):
        saisie.liste(brute["actes"], "actes", ACTES_MAX, "La liste des actes",
                     '[{"personne": "moi", "acte": "consultation_generaliste", …}]')


def _moins_cher(resultats: list[dict[str, Any]]) -> tuple[str, list[str]]:
    couts = {r["nom"]: Decimal(r["cout_total"]) for r in resultats}
    minimum = min(couts.values())
    egaux = [n for n, v in couts.items() if v == minimum]
    return egaux[0], egaux


def comparer_contrats(brute: Any, baremes: Baremes) -> dict[str, Any]:
    """La comparaison (JSON en entrée et en sortie) ; lève ErreurSaisie au premier défaut."""
    if not isinstance(brute, dict):
        raise ErreurSaisie("demande", "La demande doit être un objet JSON.")
    saisie.refuser_inconnus(brute, CLES)
    _lire_bornes(brute)
    contrats = lire_contrats(brute.get("contrats"), baremes)
    annees = [_simuler(brute, c, i, baremes) for i, c in enumerate(contrats)]
    resultats = [_resultat(c, r, baremes) for c, r in zip(contrats, annees, strict=True)]
    if len({r["depense"] for r in resultats}) != 1:
        raise AssertionError("la dépense de l'année diffère d'un contrat à l'autre")
    moins_cher, ex_aequo = _moins_cher(resultats)
    return {
        "du": annees[0]["du"], "au": annees[0]["au"],
        "depense": resultats[0]["depense"],
        "actes": _actes_communs(annees[0], baremes),
        "contrats": resultats,
        "moins_cher": moins_cher,
        "ex_aequo": ex_aequo,
        "ecarts": ecarts(contrats, resultats, baremes),
    }
