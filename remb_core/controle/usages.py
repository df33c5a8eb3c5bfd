"""2 et 3. Le catalogue des actes et les paramètres que lit le moteur : chaque paramètre nommé
existe, avec l'unité de son rôle."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any, NamedTuple

from ..actes import (
    CATEGORIES,
    CATEGORIES_VERRE,
    CLES_ACTE,
    FRANCHISES,
    PARTS_PATIENT,
    ROLES,
    SECTEURS,
    parametres_nommes,
)
from ..baremes import FICHIER_ACTES, UNITES, ligne_de
from ..parametres import DEBUTS_MOTEUR, PARAMETRES_MOTEUR
from .bilan import Bilan


class Usage(NamedTuple):
    qui: str  # « l'acte « x » » ou « le moteur »
    role: str
    unite: str
    depuis: dt.date | None = None  # l'acte n'existe qu'à partir de cette date


def besoins(bilan: Bilan) -> dict[str, list[Usage]]:
    """Paramètre → ses usages : les actes du catalogue et le moteur."""
    besoins: dict[str, list[Usage]] = {}
    for aid, brut in bilan.catalogue.get("actes", {}).items():
        if isinstance(brut, dict):
            for role, nom in parametres_nommes(brut):
                unite, libelle = ROLES[role]
                besoins.setdefault(nom, []).append(
                    Usage(f"l'acte « {aid} »", libelle, unite, brut.get("depuis")))
    for nom, (unite, usage) in PARAMETRES_MOTEUR.items():
        besoins.setdefault(nom, []).append(Usage("le moteur", usage, unite,
                                                 DEBUTS_MOTEUR.get(nom)))
    return besoins


def controler_besoins(bilan: Bilan, textes: dict[str, str], catalogue_texte: str) -> None:
    """Chaque paramètre nommé par le catalogue ou lu par le moteur existe, avec la bonne unité."""
    for nom, usages in sorted(besoins(bilan).items()):
        if nom in bilan.casses:
            continue
        qui, role = usages[0].qui, usages[0].role
        if nom not in bilan.parametres:
            acte = re.search(r"« (.+) »", qui)
            ligne = ligne_de(catalogue_texte, f"actes.{acte[1]}") if acte else None
            bilan.erreur(FICHIER_ACTES if acte else None, nom, f"{qui} utilise ce paramètre "
                         f"({role}) mais aucun fichier de barème ne le définit (supprimé ou "
                         "renommé ?)", ligne)
            continue
        p = bilan.parametres[nom]
        for qui, role, attendue, _ in usages:
            if p.unite != attendue:
                bilan.erreur(p.fichier, nom, f"unité « {p.unite} » incohérente : {qui} l'utilise "
                             f"comme {role}, qui s'exprime en « {attendue} » "
                             f"({UNITES[attendue]})", ligne_de(textes[p.fichier], nom))
                break


def lire_catalogue(texte: str, bilan: Bilan) -> None:
    try:
        donnees = tomllib.loads(texte)
    except tomllib.TOMLDecodeError as exc:
        bilan.erreur(FICHIER_ACTES, None, f"le catalogue n'est pas lisible ({exc})")
        return
    postes = donnees.get("postes", {})
    bilan.actes = len(donnees.get("actes", {}))
    for pid, brut in postes.items():
        if not isinstance(brut, dict) or not all(isinstance(brut.get(k), str)
                                                 for k in ("libelle", "rubrique")):
            bilan.erreur(FICHIER_ACTES, pid, "un poste a un libellé et une rubrique (textes)",
                         ligne_de(texte, f"postes.{pid}"))
    sains = {}
    for aid, brut in donnees.get("actes", {}).items():
        message = _defaut_d_acte(brut, postes)
        if message:
            bilan.erreur(FICHIER_ACTES, aid, message, ligne_de(texte, f"actes.{aid}"))
        else:
            sains[aid] = brut
    bilan.catalogue = {"postes": postes, "actes": sains}


#: Les clés d'un acte dont la valeur doit être prise dans une liste : (clé, permises, défaut).
CHOIX_ACTE = (("categorie", CATEGORIES, None), ("franchise", FRANCHISES, None),
              ("part_patient", PARTS_PATIENT, "ticket_moderateur"),
              ("categorie_verre", set(CATEGORIES_VERRE), None))


def _defaut_de_forme(brut: dict[str, Any]) -> str | None:
    """Clés inconnues, types, clés obligatoires."""
    for cle, valeur in brut.items():
        attendu = CLES_ACTE.get(cle)
        if attendu is None:
            return f"clé inconnue « {cle} »"
        if not isinstance(valeur, attendu) or (isinstance(valeur, bool) and attendu is int):
            return f"« {cle} » n'a pas le bon type"
    manquantes = sorted({"libelle", "poste", "categorie", "base"} - set(brut))
    return f"clé obligatoire absente : « {manquantes[0]} »" if manquantes else None


def _defaut_d_acte(brut: Any, postes: dict[str, Any]) -> str | None:
    """Ce qui ne va pas dans un acte du catalogue, ou None."""
    if not isinstance(brut, dict):
        return "un acte est une table [actes.id]"
    forme = _defaut_de_forme(brut)
    if forme:
        return forme
    if brut["poste"] not in postes:
        return f"poste « {brut['poste']} » inconnu"
    for cle, permises, defaut in CHOIX_ACTE:
        if brut.get(cle, defaut) not in permises | {defaut}:
            return f"{cle} « {brut[cle]} » inconnue"
    if any(s not in SECTEURS for s in brut.get("bases_secteur", {})):
        return "secteur inconnu dans « bases_secteur »"
    ages = brut.get("acces_direct_ages")
    if ages is not None and (len(ages) != 2 or not all(type(a) is int for a in ages)):
        return "« acces_direct_ages » s'écrit [âge minimum, âge maximum]"
    if not all(isinstance(p, list) and len(p) == 2 and type(p[0]) is int and isinstance(p[1], str)
               for p in brut.get("bases_age", [])):
        return "« bases_age » s'écrit [[âge maximum, paramètre], …]"
    if brut["base"] != "aucune" and not brut.get("taux") and not brut.get("prix_bareme"):
        return "un acte remboursé doit nommer son taux"
    return None
