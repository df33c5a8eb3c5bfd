"""Outils du mainteneur des barèmes : vérifier un fichier modifié, lire un historique, comparer.

`python -m remb_core baremes verifier` rapporte tout ce que trouve le contrôle des barèmes
(celui du chargement, en mode complet) ; `baremes historique NOM` montre toutes les valeurs d'un
paramètre ; `baremes diff DATE1 DATE2` dit quels paramètres changent entre deux dates et comment
bougent les exemples chiffrés du site. Ce sous-paquet n'est pas livré au navigateur : le moteur
ne l'importe jamais, seule la ligne de commande y mène.
"""

from .commande import commande_baremes
from .diff import Diff, diff, lire_exemples
from .historique import historique
from .rapport import Constat, Rapport, texte_du_catalogue, textes_du_dossier, verifier

__all__ = ["Constat", "Diff", "Rapport", "commande_baremes", "diff", "historique",
           "lire_exemples", "texte_du_catalogue", "textes_du_dossier", "verifier"]
