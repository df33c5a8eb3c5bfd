"""4. La qualité : une valeur au début des barèmes pour tout paramètre utilisé, de vraies sources ;
et, pour le mainteneur seulement, sauts improbables, vérifications anciennes, valeurs à venir."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ..baremes import DEBUT, Parametre, ligne_de
from ..formats import date_fr
from ..formats import valeur as formater
from ..monnaie import nombre_texte
from .bilan import Bilan
from .usages import Usage, besoins

COMMANDE = "python -m remb_core"
#: Au-delà de ce facteur entre deux valeurs successives (ou en deçà de son inverse), on relit.
FACTEUR_SAUT = Decimal(2)
#: Une vérification plus ancienne que cela (en mois) est signalée « à revérifier ».
MOIS_AVANT_REVERIFICATION = 18
#: Sources laissées telles quelles depuis le modèle de ligne (« source = "…" »).
SOURCES_VIDES = {"…", "...", "?", "todo", "à compléter", "a completer", "source", "xxx"}

def controler_qualite(bilan: Bilan, textes: dict[str, str], aujourdhui: dt.date,
                       complet: bool) -> None:
    utiles = besoins(bilan)
    limite = _mois_avant(aujourdhui, MOIS_AVANT_REVERIFICATION)
    for nom, p in bilan.parametres.items():
        texte = textes[p.fichier]
        premiere = p.valeurs[0]
        requis = _debut_requis(utiles[nom]) if nom in utiles else None
        if requis is not None and premiere.depuis > requis:
            qui = sorted({u.qui for u in utiles[nom]})
            pour = (f" ; {qui[0]} en a besoin" if len(qui) == 1 else
                    f" ; {', '.join(qui)} en ont besoin")
            bilan.erreur(p.fichier, nom, f"aucune valeur au {date_fr(requis)} (première valeur le "
                         f"{date_fr(premiere.depuis)}) : le moteur calcule pour toute date depuis "
                         f"le début des barèmes ou de l'acte{pour}. Ajoutez la valeur qui "
                         "s'appliquait alors, avec sa source", ligne_de(texte, nom, premiere.depuis))
        for v in p.valeurs:
            if v.source.strip().strip(".").lower() in SOURCES_VIDES or not re.search(r"\w",
                                                                                   v.source):
                bilan.erreur(p.fichier, nom, f"la valeur du {v.depuis.isoformat()} n'a pas de vraie "
                             f"source (« {v.source} ») : indiquez le texte officiel ou la page "
                             "ameli", ligne_de(texte, nom, v.depuis))
        if complet:
            _avertissements(bilan, p, texte, aujourdhui, limite)
    if complet:
        basses = sorted({n for n, p in bilan.parametres.items()
                         if any(v.confiance == "basse" for v in p.valeurs)})
        if basses:
            bilan.ajouter("info", None, None, f"{len(basses)} paramètre(s) ont une valeur de "
                          f"confiance « basse », affichée « à confirmer » sur le site : "
                          f"{', '.join(basses)}")


def _debut_requis(usages: list[Usage]) -> dt.date:
    """La première date où l'on peut avoir besoin du paramètre : le début des barèmes, ou la date
    à partir de laquelle existent tous les actes qui l'utilisent."""
    return min((u.depuis or DEBUT) for u in usages)


def _avertissements(bilan: Bilan, p: Parametre, texte: str, aujourdhui: dt.date,
                    limite: dt.date) -> None:
    """Ce qu'un mainteneur doit relire sans que les barèmes soient inutilisables."""
    for v in p.valeurs:
        ligne = ligne_de(texte, p.nom, v.depuis)
        if v.depuis.year < 1945:
            bilan.ajouter("avertissement", p.fichier, p.nom, f"date d'effet "
                          f"{v.depuis.isoformat()} improbable : faute de frappe dans l'année ?",
                          ligne)
        if v.depuis > aujourdhui + dt.timedelta(days=5 * 366):
            bilan.ajouter("avertissement", p.fichier, p.nom, f"date d'effet "
                          f"{v.depuis.isoformat()} lointaine (plus de cinq ans) : faute de "
                          "frappe dans l'année ?", ligne)
        if p.unite == "EUR" and -int(v.valeur.as_tuple().exponent) > 2:
            bilan.ajouter("avertissement", p.fichier, p.nom, f"la valeur du "
                          f"{v.depuis.isoformat()} a plus de deux décimales ({v.valeur}) pour un "
                          "montant en euros", ligne)
        if v.depuis > aujourdhui:
            avant = p.valeurs[p.valeurs.index(v) - 1] if v is not p.valeurs[0] else None
            veille = v.depuis - dt.timedelta(days=1)
            ancienne = formater(avant.valeur, p.unite, brut=True) if avant else "—"
            bilan.ajouter("info", p.fichier, p.nom, f"valeur à venir : {ancienne} → "
                          f"{formater(v.valeur, p.unite, brut=True)} le {date_fr(v.depuis)} "
                          f"({v.source}). Le site l'affiche « à venir » jusque-là. Effet sur les "
                          f"exemples : « {COMMANDE} baremes diff {veille.isoformat()} "
                          f"{v.depuis.isoformat()} »", ligne)
    for avant, apres in zip(p.valeurs, p.valeurs[1:], strict=False):
        facteur = _facteur(avant.valeur, apres.valeur)
        if facteur is not None:
            bilan.ajouter("avertissement", p.fichier, p.nom, f"saut à relire : "
                          f"{formater(avant.valeur, p.unite, brut=True)} (depuis le "
                          f"{date_fr(avant.depuis)}) → {formater(apres.valeur, p.unite, brut=True)}"
                          f" (le {date_fr(apres.depuis)}), soit {facteur}. Vérifiez qu'il ne "
                          "manque pas un chiffre ou une virgule",
                          ligne_de(texte, p.nom, apres.depuis))
    _verification(bilan, p, texte, aujourdhui, limite)


def _verification(bilan: Bilan, p: Parametre, texte: str, aujourdhui: dt.date,
                  limite: dt.date) -> None:
    ligne = ligne_de(texte, p.nom)
    if p.verifie_le is None:
        bilan.ajouter("avertissement", p.fichier, p.nom, "pas de date de vérification "
                      "« verifie_le » : à revérifier contre la source, puis notez la date", ligne)
    elif p.verifie_le < limite:
        bilan.ajouter("avertissement", p.fichier, p.nom, f"à revérifier : dernière vérification le "
                      f"{date_fr(p.verifie_le)}, il y a plus de {MOIS_AVANT_REVERIFICATION} mois "
                      "(mettez « verifie_le » à jour après avoir relu la source)", ligne)
    elif p.verifie_le > aujourdhui:
        bilan.ajouter("avertissement", p.fichier, p.nom, f"« verifie_le » est dans le futur "
                      f"({p.verifie_le.isoformat()}) : faute de frappe ?", ligne)


def _facteur(avant: Decimal, apres: Decimal) -> str | None:
    """« ×2,5 » ou « ÷4 » si le saut dépasse FACTEUR_SAUT ; None sinon."""
    if avant == apres:
        return None
    if avant == 0 or apres == 0:
        return "un passage par zéro"
    rapport = apres / avant
    if rapport > FACTEUR_SAUT:
        return "×" + nombre_texte(round(rapport, 2)).replace(".", ",")
    if rapport < 1 / FACTEUR_SAUT:
        return "÷" + nombre_texte(round(1 / rapport, 2)).replace(".", ",")
    return None


def _mois_avant(jour: dt.date, mois: int) -> dt.date:
    total = jour.year * 12 + jour.month - 1 - mois
    annee, rang = divmod(total, 12)
    for fin in (jour.day, 30, 29, 28):
        try:
            return dt.date(annee, rang + 1, min(jour.day, fin))
        except ValueError:
            continue
    raise AssertionError("inaccessible")
