"""`baremes historique NOM` : toutes les valeurs d'un paramètre, en tableau texte."""

from __future__ import annotations

import datetime as dt
import difflib

from ..baremes import UNITES, Baremes
from ..formats import date_fr, texte_brut, valeur

ENTETES = ("Depuis le", "Valeur", "Confiance", "État")


def historique(baremes: Baremes, nom: str, aujourdhui: dt.date | None = None) -> str:
    """Toutes les valeurs d'un paramètre ; KeyError (avec des noms proches) si le nom est inconnu."""
    aujourdhui = aujourdhui or dt.date.today()
    if nom not in baremes:
        proches = difflib.get_close_matches(nom, list(baremes.parametres), n=3, cutoff=0.5)
        aide = f" Vouliez-vous dire : {', '.join(proches)} ?" if proches else ""
        raise KeyError(f"paramètre de barème inconnu : « {nom} ».{aide}")
    p = baremes.parametre(nom)
    en_vigueur = p.a_la_date(aujourdhui) if p.valeurs[0].depuis <= aujourdhui else None
    entete = [f"{p.libelle} ({nom})",
              f"Fichier {p.fichier}, unité : {UNITES.get(p.unite, p.unite)}"
              + (f", vérifié le {date_fr(p.verifie_le)}" if p.verifie_le else ", jamais vérifié")
              + "."]
    if p.description:
        entete.append(p.description)
    if p.note:
        entete.append(f"Note : {p.note}")
    lignes = [(date_fr(v.depuis), valeur(v.valeur, p.unite, brut=True), v.confiance or "",
               "en vigueur" if v is en_vigueur else "à venir" if v.depuis > aujourdhui else "", v)
              for v in p.valeurs]
    largeurs = [max(len(str(x[i])) for x in [*lignes, ENTETES]) for i in range(4)]
    tableau = ["  ".join(t.ljust(largeurs[i]) if i != 1 else t.rjust(largeurs[i])
                         for i, t in enumerate(ENTETES)) + "  Source",
               "  ".join("-" * w for w in largeurs) + "  " + "-" * 6]
    retrait = " " * (sum(largeurs) + 2 * 4)
    for depuis, montant, confiance, etat, v in lignes:
        tableau.append(f"{depuis.ljust(largeurs[0])}  {montant.rjust(largeurs[1])}  "
                       f"{confiance.ljust(largeurs[2])}  {etat.ljust(largeurs[3])}  {v.source}")
        if v.url:
            tableau.append(f"{retrait}{v.url}")
        if v.note:
            tableau.append(f"{retrait}Note : {v.note}")
    pied = (f"Chaque valeur s'applique de sa date d'effet jusqu'à la veille de la suivante ; "
            f"« en vigueur » : au {date_fr(aujourdhui)}.")
    return texte_brut("\n".join(entete + [""] + tableau + ["", pied]))
