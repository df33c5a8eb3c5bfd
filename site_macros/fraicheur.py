"""Fraîcheur des pages : ce qui, dans les barèmes, change après la date de construction.

Chaque page est calculée au barème d'un jour (la date de construction, ou REMB_DATE_BAREME) ;
les calculateurs en direct, eux, calculent au jour du lecteur. Quand une valeur déjà connue
prend effet (elle est saisie à l'avance dans `remb_core/donnees/*.toml`) et que le site n'a pas
encore été reconstruit, la page doit le dire. Pour cela :

- pendant le rendu, `installer` note quels paramètres de barème chaque page montre : ceux que
  nomment les macros (`montant`, `tableau_parametres`…), ceux qu'utilisent les calculs du moteur
  qu'elle affiche (chaque étape d'un résultat nomme son paramètre), ceux des tableaux d'actes ;
- après le rendu de chaque page (`on_post_page_macros`), les changements à venir de ces
  paramètres (valeurs dont la date d'effet suit la date du barème) vont dans les métadonnées de
  la page : date d'effet, libellé, ancienne et nouvelle valeur, déjà mises en forme ;
- `overrides/main.html` les écrit (en base64 : le texte de la page ne contient pas de valeur qui
  n'est pas encore en vigueur) dans un bandeau caché ; le navigateur ne fait que comparer la
  date du jour aux dates d'effet (`assets/remb-calculateur.js`) et montre le bandeau si l'une est
  passée.

Les données viennent de l'interface publique des barèmes (`remb_core.baremes.du_paquet()`,
`Parametre`, `Valeur`) ; aucune règle ici.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections import defaultdict

from remb_core import baremes as _baremes
from remb_core.actes import catalogue
from remb_core.css import plafonds_anciens_le
from remb_core.formats import date_fr

META = "remb_fraicheur"


def _noms_dans(resultat) -> set[str]:
    """Les paramètres que nomment les étapes d'un résultat du moteur (à toute profondeur)."""
    noms: set[str] = set()
    pile = [resultat]
    while pile:
        objet = pile.pop()
        if isinstance(objet, dict):
            parametre = objet.get("parametre")
            if isinstance(parametre, dict) and isinstance(parametre.get("nom"), str):
                noms.add(parametre["nom"])
            pile.extend(objet.values())
        elif isinstance(objet, list):
            pile.extend(objet)
    return noms


def changements(jour: dt.date, noms=None, baremes: _baremes.Baremes | None = None) -> list[dict]:
    """Les valeurs qui prennent effet après `jour` (des paramètres `noms`, ou de tous), dans l'ordre
    des dates : [{"depuis", "date", "nom", "libelle", "avant", "apres"}] (textes en français)."""
    from . import valeur_formatee

    baremes = baremes or _baremes.du_paquet()
    resultat = []
    for nom, p in baremes.parametres.items():
        if noms is not None and nom not in noms:
            continue
        precedente = None
        for v in p.valeurs:
            if v.depuis > jour:
                resultat.append({"depuis": v.depuis.isoformat(), "date": date_fr(v.depuis), "nom": nom,
                                 "libelle": p.libelle,
                                 "avant": valeur_formatee(p, precedente) if precedente else None,
                                 "apres": valeur_formatee(p, v)})
            precedente = v
    return sorted(resultat, key=lambda c: (c["depuis"], c["libelle"]))


class Suivi:
    """Les paramètres montrés par chaque page (clé : chemin du fichier source)."""

    def __init__(self, env, jour: dt.date, baremes: _baremes.Baremes):
        self.env, self.jour, self.baremes = env, jour, baremes
        self.pages: dict[str, set[str]] = defaultdict(set)

    def noter(self, noms) -> None:
        page = getattr(self.env, "page", None)
        if page is not None:
            self.pages[page.file.src_uri].update(noms)

    def donnees(self, page) -> dict:
        noms = self.pages.get(page.file.src_uri, set())
        futurs = changements(self.jour, noms, self.baremes) if noms else []
        return {"date_bareme": self.jour.isoformat(), "date_bareme_texte": date_fr(self.jour),
                "changements": futurs,
                # Pour le bandeau : en base64, pour que le texte de la page ne contienne pas une
                # valeur qui n'est pas encore en vigueur (moteurs de recherche, copier-coller).
                "changements_b64": base64.b64encode(json.dumps(
                    futurs, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).decode("ascii"),
                # toutes les dates d'effet à venir, montrées ou non par la page : passé l'une
                # d'elles, les calculateurs recalculent au jour du lecteur
                "dates_effet": dates_qui_changent_un_calcul(self.jour, self.baremes)}


def dates_qui_changent_un_calcul(jour: dt.date, baremes: _baremes.Baremes) -> list[str]:
    """Après `jour`, les dates où un calcul du moteur peut changer : nouvelles valeurs de barème,
    actes qui entrent au catalogue, plafonds de la CSS qui ont un an (l'estimation le signale)."""
    dates = {c["depuis"] for c in changements(jour, None, baremes)}
    dates |= {a.depuis.isoformat() for a in baremes.catalogue.actes.values()
              if a.depuis is not None and a.depuis > jour}
    anciens = plafonds_anciens_le(jour, baremes)
    if anciens > jour:
        dates.add(anciens.isoformat())
    return sorted(dates)


_suivi: Suivi | None = None


def installer(env, macros) -> Suivi:
    """Enveloppe les macros (avant leur enregistrement) pour noter les paramètres de chaque page."""
    global _suivi
    suivi = _suivi = Suivi(env, macros.jour, macros.baremes)

    parametre, simuler = macros.parametre, macros.simuler
    tableau_actes, historique, nouveautes = (macros.tableau_actes, macros.historique_baremes,
                                             macros.nouveautes)

    def parametre_suivi(nom):
        suivi.noter([nom])
        return parametre(nom)

    def simuler_suivi(demande):
        resultat = simuler(demande)
        suivi.noter(_noms_dans(resultat))
        return resultat

    def tableau_actes_suivi(postes=None):
        connus = macros.baremes.parametres
        for acte in catalogue(macros.baremes).actes.values():
            noms = {acte.base, acte.taux, acte.prix_limite, *acte.bases_secteur.values(),
                    *(nom for _, nom in acte.bases_age)}
            suivi.noter(n for n in noms if n in connus)
        return tableau_actes(postes)

    def tous(macro):
        def suivie(*args, **kwargs):
            suivi.noter(macros.baremes.parametres)
            return macro(*args, **kwargs)
        return suivie

    macros.parametre, macros.simuler = parametre_suivi, simuler_suivi
    macros.tableau_actes = tableau_actes_suivi
    macros.historique_baremes, macros.nouveautes = tous(historique), tous(nouveautes)

    # Les calculateurs calculent leur résultat par défaut par remb_core.formulaire.executer.
    from . import calculateurs

    executer = getattr(calculateurs.executer, "__wrapped__", calculateurs.executer)

    def executer_suivi(calculateur, champs, *args, **kwargs):
        sortie = executer(calculateur, champs, *args, **kwargs)
        suivi.noter(_noms_dans(sortie.get("resultat")))
        return sortie

    executer_suivi.__wrapped__ = executer
    calculateurs.executer = executer_suivi
    return suivi


def on_post_page_macros(env) -> None:
    """Crochet de mkdocs-macros, après le rendu d'une page : ses données de fraîcheur."""
    if _suivi is None or env.page is None:
        return
    env.page.meta[META] = _suivi.donnees(env.page)
