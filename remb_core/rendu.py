"""Présentation d'un résultat : texte (ligne de commande), Markdown (site), HTML et barre SVG
(site et navigateur). Un seul rendu pour les tableaux construits et les calculs en direct.
"""

import datetime as dt
from decimal import Decimal
from html import escape

from .explication import date_fr
from .monnaie import ZERO, format_euros, format_taux, nombre_texte  # noqa: F401
from .simulation import LIBELLES_PARTS

PARTS_BARRE = (("amo", "Assurance Maladie", "amo"), ("amc", "Complémentaire", "amc"),
               ("reste_a_charge", "Reste à charge", "rac"))


def euros(texte: str) -> str:
    """« 19.50 » (JSON du moteur) → « 19,50 € »."""
    return format_euros(Decimal(texte))


def valeur_etape(etape: dict) -> str:
    if etape["unite"] == "EUR":
        return euros(etape["valeur"])
    if etape["unite"] == "pourcent":
        return format_taux(etape["valeur"])
    return etape["valeur"]


def valeur_parametre(p: dict) -> str:
    if p["unite"] == "EUR":
        return euros(p["valeur"])
    if p["unite"] == "pourcent":
        return format_taux(p["valeur"])
    return p["valeur"]


def reference_parametre(p: dict) -> str:
    depuis = date_fr(dt.date.fromisoformat(p["depuis"]))
    return f"{p['libelle']} : {valeur_parametre(p)} depuis le {depuis} ({p['source']})"


def parts_detaillees(r: dict) -> list[tuple[str, str]]:
    return [(LIBELLES_PARTS[k], v) for k, v in r["detail_reste_a_charge"].items()
            if Decimal(v) != ZERO]


def texte(r: dict) -> str:
    """Le résultat en texte brut, pour la ligne de commande."""
    lignes = [f"{r['libelle']} — {r['date']} (barème du {date_fr(dt.date.fromisoformat(r['date_bareme']))})",
              f"Garantie : {r['garantie']['libelle']}", ""]
    largeur = 44
    for cle, libelle in (("depense", "Dépense"), ("base_remboursement", "Base de remboursement"),
                         ("amo", "Assurance Maladie"), ("amc", "Complémentaire"),
                         ("reste_a_charge", "Reste à charge")):
        lignes.append(f"{libelle:<{largeur}}{euros(r[cle]):>14}")
    for libelle, valeur in parts_detaillees(r):
        lignes.append(f"  dont {libelle[:largeur - 7]:<{largeur - 7}}{euros(valeur):>14}")
    lignes += ["", "Comment ce montant est calculé :"]
    for i, e in enumerate(r["etapes"], 1):
        lignes.append(f"{i:>2}. {e['libelle']} : {valeur_etape(e)} — {e['regle']}")
        if e.get("parametre"):
            lignes.append(f"    ↳ {reference_parametre(e['parametre'])}")
    for h in r["hypotheses"]:
        lignes.append(f"Hypothèse : {h}")
    return "\n".join(lignes)


def barre_svg(r: dict, largeur: int = 600, hauteur: int = 28) -> str:
    """Barre des trois parts ; les motifs et les libellés doublent la couleur (accessibilité)."""
    depense = Decimal(r["depense"])
    morceaux, x = [], Decimal(0)
    titre = ", ".join(f"{lib} {euros(r[cle])}" for cle, lib, _ in PARTS_BARRE)
    for cle, libelle, classe in PARTS_BARRE:
        montant = Decimal(r[cle])
        if depense <= 0 or montant <= 0:
            continue
        w = (montant / depense * largeur).quantize(Decimal("0.1"))
        morceaux.append(
            f'<rect class="barre-{classe}" x="{x}" y="0" width="{w}" height="{hauteur}">'
            f"<title>{escape(libelle)} : {euros(r[cle])}</title></rect>")
        x += w
    return (f'<svg class="remb-barre" viewBox="0 0 {largeur} {hauteur}" role="img" '
            f'aria-label="Répartition : {escape(titre)}" preserveAspectRatio="none">'
            + "".join(morceaux) + "</svg>")


def html(r: dict) -> str:
    """Le résultat en HTML (tableau, barre, détail, étapes repliables)."""
    date = date_fr(dt.date.fromisoformat(r["date_bareme"]))
    lignes = "".join(
        f'<tr class="ligne-{classe}"><th scope="row">{lib}</th><td data-montant="{cle}">'
        f"{euros(r[cle])}</td></tr>" for cle, lib, classe in
        (("depense", "Dépense", "depense"), ("amo", "Assurance Maladie", "amo"),
         ("amc", "Complémentaire", "amc"), ("reste_a_charge", "Reste à charge", "rac")))
    detail = "".join(f"<li>{escape(lib)} : {euros(v)}</li>" for lib, v in parts_detaillees(r))
    etapes = []
    for e in r["etapes"]:
        ref = ""
        if e.get("parametre"):
            ref = f'<br><small class="remb-source">{escape(reference_parametre(e["parametre"]))}</small>'
        etapes.append(f"<li><strong>{escape(e['libelle'])} : {valeur_etape(e)}</strong> — "
                      f"{escape(e['regle'])}{ref}</li>")
    hypotheses = "".join(f"<li>{escape(h)}</li>" for h in r["hypotheses"])
    return (
        f'<table class="remb-resultat"><caption>{escape(r["libelle"])} — '
        f'{escape(r["garantie"]["libelle"])} (barème du {date})</caption><tbody>{lignes}'
        f"</tbody></table>{barre_svg(r)}"
        + (f'<p class="remb-detail-titre">Dont, dans le reste à charge :</p><ul class="remb-detail">'
           f"{detail}</ul>" if detail else "")
        + f'<details class="remb-etapes"><summary>Comment ce montant est calculé</summary>'
          f"<ol>{''.join(etapes)}</ol><ul class=\"remb-hypotheses\">{hypotheses}</ul></details>"
    )




def markdown_etapes(r: dict) -> str:
    """Les étapes en liste Markdown (dans un bloc repliable du site)."""
    lignes = []
    for i, e in enumerate(r["etapes"], 1):
        ligne = f"{i}. **{e['libelle']} : {valeur_etape(e)}** — {e['regle']}"
        if e.get("parametre"):
            ligne += f"  \n    *{reference_parametre(e['parametre'])}*"
        lignes.append(ligne)
    return "\n".join(lignes)
