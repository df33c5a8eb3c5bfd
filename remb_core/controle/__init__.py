"""Le contrôle des barèmes : un seul validateur, qui rassemble tout ce qu'il trouve.

Le chargement (`baremes.charger_textes`) lève la première erreur ; la commande du mainteneur
(`python -m remb_core baremes verifier`) les rapporte toutes, avec les avertissements. Chaque
constat nomme le fichier, la ligne et le paramètre, en français. Sont contrôlés :
1. chaque fichier et chaque paramètre (syntaxe, clés, dates, sources, valeurs, unités) ;
2. le catalogue des actes (postes, catégories, paramètres nommés avec l'unité de leur rôle) ;
3. les paramètres que lit le moteur (`parametres.PARAMETRES_MOTEUR`) ;
4. la qualité : une valeur au début des barèmes, de vraies sources ; et, pour le mainteneur
   seulement (`complet`), sauts improbables, vérifications anciennes, valeurs à venir.
"""

from __future__ import annotations

import datetime as dt

from ..actes import construire
from ..baremes import Baremes
from .bilan import Bilan
from .fichiers import lire_fichier
from .qualite import COMMANDE, MOIS_AVANT_REVERIFICATION, controler_qualite
from .usages import controler_besoins, lire_catalogue

__all__ = ["COMMANDE", "MOIS_AVANT_REVERIFICATION", "Bilan", "charger", "controler"]


def controler(textes: dict[str, str], catalogue_texte: str, *, aujourdhui: dt.date | None = None,
              complet: bool = True) -> Bilan:
    """Tout ce que le contrôle trouve dans des barèmes {fichier: contenu} et le catalogue."""
    bilan = Bilan(fichiers=len(textes))
    for fichier in sorted(textes):
        lire_fichier(fichier, textes[fichier], bilan)
    lire_catalogue(catalogue_texte, bilan)
    controler_besoins(bilan, textes, catalogue_texte)
    controler_qualite(bilan, textes, aujourdhui or dt.date.today(), complet)
    return bilan


def charger(textes: dict[str, str], catalogue_texte: str) -> Baremes:
    """Les barèmes prêts à calculer ; ErreurBareme à la première erreur du contrôle."""
    bilan = controler(textes, catalogue_texte, complet=False)
    if bilan.erreurs:
        raise bilan.erreurs[0].en_erreur()
    return Baremes(bilan.parametres, dict(textes), construire(bilan.catalogue))
