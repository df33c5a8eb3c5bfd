"""Les pages du comparateur : préréglages avec leurs sources, liste des exemples en euros.

Tout vient des fichiers de données de `remb_core/donnees/` (contrats, exemples) : la page et le
calcul ne peuvent pas diverger. Une ligne de confiance moyenne ou basse est marquée « à
confirmer » ; un préréglage d'illustration le dit en tête.
"""

from remb_core.demande import lire_garantie
from remb_core.exemples import liste
from remb_core.formats import date_fr, euros
from remb_core.prereglages import prereglages
from remb_core.tableau import LIMITES, decrire, lignes

A_CONFIRMER = ("moyenne", "basse")


def _cellule(texte: str) -> str:
    return texte.replace("|", "/").replace("\n", " ")


def _garantie(g: dict, unite: str) -> str:
    propre = {k: v for k, v in g.items() if k not in LIMITES}
    limites = {k: g[k] for k in LIMITES if k in g}
    return decrire(lire_garantie(propre), unite, limites)


def _remarque(ligne_pre, defaut: str) -> str:
    morceaux = []
    if ligne_pre.confiance in A_CONFIRMER:
        morceaux.append(f"**à confirmer** (confiance {ligne_pre.confiance})")
    elif ligne_pre.confiance == "illustratif":
        morceaux.append("exemple du guide")
    if ligne_pre.source:
        morceaux.append(ligne_pre.source)
    if ligne_pre.note:
        morceaux.append(ligne_pre.note)
    return _cellule(" — ".join(morceaux) or defaut)


def _participation(p) -> list[str]:
    if not p.participation:
        return []
    bas, lignes_md = 0, ["| Âge au 1er janvier | Participation par mois et par personne |",
                         "|---|---:|"]
    for age_max, montant in p.participation:
        tranche = f"{bas} à {age_max} ans" if age_max < 130 else f"{bas} ans et plus"
        lignes_md.append(f"| {tranche} | {euros(montant)} |")
        bas = age_max + 1
    return ["CSS avec participation :", "", *lignes_md, "",
            f"*Source : {_cellule(p.participation_source)}.*", ""]


def _un_prereglage(m, p) -> str:
    tout = lignes(m.baremes.catalogue)
    source = f"[{_cellule(p.source)}]({p.url})" if p.url else _cellule(p.source)
    texte = [f"### {p.nom} {{ #prereglage-{p.id.replace('_', '-')} }}", "", p.description, "",
             f"*Source : {source}. Texte du {date_fr(p.date)} ; vérifié le "
             f"{date_fr(p.verifie_le)}.*", ""]
    if p.confiance == "illustratif":
        texte += ["!!! note \"Exemple du guide\"", "    Ce niveau ne reproduit aucun contrat réel "
                  "et n'a pas de source : il sert à comparer des ordres de grandeur.", ""]
    if p.limites:
        texte += [p.limites, ""]
    texte += _participation(p)
    if p.lignes:
        defaut = "texte cité" if p.confiance == "haute" else "—"
        texte += ["| Ligne du tableau | Garantie | Source, remarque |", "|---|---|---|"]
        for ligne in tout.toutes:
            if ligne.id in p.lignes:
                lp = p.lignes[ligne.id]
                texte.append(f"| {_cellule(ligne.libelle)} | "
                             f"{_cellule(_garantie(lp.garantie, ligne.unite))} | "
                             f"{_remarque(lp, defaut)} |")
        texte.append("")
    texte.append(f"*Cotisation d'exemple : {euros(p.cotisation_exemple)} par an. "
                 f"{_cellule(p.cotisation_note)}*")
    return "\n".join(texte)


def sources_prereglages(m) -> str:
    return "\n\n".join(_un_prereglage(m, p) for p in prereglages(m.baremes).values())


def liste_exemples(m) -> str:
    """La liste de travail des exemples en euros : libellé, statut, d'où vient chaque prix."""
    lst = liste()
    texte = [f"*{_cellule(lst.note)}*", "",
             f"*Source : [{_cellule(lst.source)}]({lst.url}).*" if lst.url else "", "",
             "| Rubrique | Exemple | Libellé | Prix |", "|---|---|---|---|"]
    for e in lst.exemples:
        prix = []
        for a in e.actes:
            libelle = m.baremes.catalogue.actes[a["acte"]].libelle
            prix.append(f"{libelle} : " + ("prix du barème" if a["prix"] == "bareme" else
                                           f"{euros(a['prix'])} ({a['note']})"))
        statut = "attesté" if e.statut == "attesté" else "reconstruit"
        texte.append(f"| {e.rubrique} | {_cellule(e.libelle)} | {statut} | "
                     f"{_cellule(' ; '.join(prix))} |")
    return "\n".join(texte)
