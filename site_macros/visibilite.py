"""Les blocs d'un formulaire de calculateur cachés dès le HTML, comme le script les cacherait.

Un bloc `data-visible-si="champ=v1,v2"` n'est visible que si le champ vaut l'une des valeurs
(assets/remb-calculateur.js, `appliquerVisibilite`). Le script ne s'exécute qu'après le thème :
sans `hidden` dans le HTML, le navigateur calculait d'abord le style et la mise en page de tout
le formulaire (le mode « année » et ses lignes d'actes compris), plusieurs fois pendant
l'installation du thème, puis le script les cachait. `masquer` lit la valeur initiale de chaque
champ dans le HTML même (ce que lirait le script : valeur d'un champ texte, case cochée ou non,
option choisie d'une liste, sinon la première) et pose `hidden` sur les blocs à cacher ; de même
pour `data-visible-si-rempli="a b"` (visible si l'un des champs nommés est rempli).

`valeurs_initiales` donne ces mêmes valeurs : le résultat écrit à la construction est calculé sur
les champs tels que le script les lira, et le calculateur est prêt sans le recalculer.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOC_REMPLI = re.compile(r'(<(?:div|fieldset)\b[^>]*\sdata-visible-si-rempli="([^"]*)")'
                         r'(?![^>]*\shidden\b)([^>]*>)')
BLOC = re.compile(r'(<(?:div|details|fieldset)\b[^>]*\sdata-visible-si="([^"=]+)=([^"]*)")'
                  r'(?![^>]*\shidden\b)([^>]*>)')


class _Valeurs(HTMLParser):
    """La valeur initiale de chaque champ nommé, comme la lit le script (lireChamps)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.valeurs: dict[str, str] = {}
        self._liste: str | None = None
        self._premiere: str | None = None
        self._choisie: str | None = None
        self._modeles = 0  # le contenu d'un <template> n'est pas dans le formulaire

    def handle_starttag(self, balise, attributs):
        a = dict(attributs)
        nom = a.get("name")
        if balise == "template":
            self._modeles += 1
        elif self._modeles:
            return
        if balise == "input" and nom:
            if a.get("type") == "checkbox":
                self.valeurs[nom] = "true" if "checked" in a else "false"
            else:
                self.valeurs[nom] = a.get("value") or ""
        elif balise == "select" and nom:
            self._liste, self._premiere, self._choisie = nom, None, None
        elif balise == "option" and self._liste is not None:
            valeur = a.get("value") or ""
            if self._premiere is None:
                self._premiere = valeur
            if "selected" in a:
                self._choisie = valeur

    def handle_endtag(self, balise):
        if balise == "template":
            self._modeles -= 1
        elif balise == "select" and self._liste is not None:
            choisie = self._choisie if self._choisie is not None else self._premiere
            self.valeurs[self._liste] = choisie or ""
            self._liste = None


def valeurs_initiales(formulaire: str) -> dict[str, str]:
    """Chaque champ nommé du formulaire et sa valeur initiale, comme les lit le script."""
    lecteur = _Valeurs()
    lecteur.feed(formulaire)
    lecteur.close()
    return lecteur.valeurs


def masquer(formulaire: str) -> str:
    """Le HTML du formulaire, `hidden` posé sur chaque bloc que sa condition cache."""
    valeurs = valeurs_initiales(formulaire)

    def remplacer(m: re.Match) -> str:
        visible = valeurs.get(m.group(2), "") in m.group(3).split(",")
        return m.group(0) if visible else f"{m.group(1)} hidden{m.group(4)}"

    def remplacer_rempli(m: re.Match) -> str:
        visible = any(valeurs.get(nom, "") for nom in m.group(2).split())
        return m.group(0) if visible else f"{m.group(1)} hidden{m.group(3)}"

    return BLOC_REMPLI.sub(remplacer_rempli, BLOC.sub(remplacer, formulaire))
