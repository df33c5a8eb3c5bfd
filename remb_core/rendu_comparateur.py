"""Le rendu HTML d'une comparaison de contrats et des exemples en euros d'un tableau.

Des cartes plutôt que des tableaux larges : elles s'empilent sur un téléphone et se rangent côte à
côte sur un écran large (CSS). Chaque montant s'ouvre sur son explication (`<details>`) ; une
barre empilée par contrat montre cotisation et reste à charge sur une même échelle. Le même rendu
sert à la construction du site et au calcul en direct.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .baremes import Baremes
from .formats import date_fr, echapper, euros
from .prereglages import prereglages
from .tableau import lignes

Json = dict[str, Any]
A_CONFIRMER = ("moyenne", "basse")
LARGEUR, HAUTEUR = 300, 22


def _date(texte: str) -> str:
    return date_fr(dt.date.fromisoformat(texte))


def _barre(c: Json, echelle: Decimal) -> str:
    """Cotisation puis reste à charge, sur l'échelle commune (le plus grand coût total)."""
    morceaux, x = [], Decimal(0)
    for cle, classe, libelle in (("cotisation_annuelle", "cotisation", "Cotisation"),
                                 ("reste_a_charge", "rac", "Reste à charge")):
        montant = Decimal(c[cle])
        if montant <= 0 or echelle <= 0:
            continue
        w = (montant / echelle * LARGEUR).quantize(Decimal("0.1"))
        morceaux.append(f'<rect class="barre-{classe}" x="{x}" y="0" width="{w}" '
                        f'height="{HAUTEUR}"><title>{libelle} : {euros(montant)}</title></rect>')
        x += w
    titre = (f"Cotisation {euros(c['cotisation_annuelle'])} puis reste à charge "
             f"{euros(c['reste_a_charge'])}, coût total {euros(c['cout_total'])}")
    return (f'<svg class="remb-barre-cout" viewBox="0 0 {LARGEUR} {HAUTEUR}" role="img" '
            f'aria-label="{echapper(titre)}" preserveAspectRatio="none">{"".join(morceaux)}</svg>')


def _postes(c: Json, cle: str) -> str:
    items = [(p["libelle"], p[cle]) for p in c["par_poste"].values() if Decimal(p[cle])]
    if not items:
        return "<p>Rien sur cette année.</p>"
    return ('<ul class="remb-postes">' + "".join(
        f"<li>{echapper(lib)} : {euros(v)}</li>" for lib, v in sorted(items, key=lambda x:
                                                                       -Decimal(x[1])))
        + "</ul>")


def _montant(nom: str, titre: str, cle: str, valeur: str, explication: str) -> str:
    return (f'<details class="remb-montant" data-cle="{echapper(nom)}|{cle}"><summary><span>'
            f'{titre}</span> '
            f'<strong data-montant="{cle}">{euros(valeur)}</strong></summary>'
            f"<div>{explication}</div></details>")


def _rac(c: Json) -> str:
    dont = [f"dont participations forfaitaires {euros(c['participation_forfaitaire'])} et "
            f"franchises {euros(c['franchise'])}, qu'aucun contrat responsable ne rembourse."]
    plafonds = "".join(f"<li>{echapper(_date(e['date']))}, {echapper(e['personne'])} : "
                       f"{echapper(e['message'])}</li>" for e in c["plafonds_atteints"])
    return (_postes(c, "reste_a_charge") + f"<p>{dont[0]}</p>"
            + (f'<p>Limites atteintes :</p><ul class="remb-plafonds">{plafonds}</ul>'
               if plafonds else ""))


def _a_confirmer(c: Json, demande: Json, baremes: Baremes) -> str:
    """Les lignes du préréglage gardées telles quelles dont la source est incertaine, et parmi
    elles celles qui jouent sur l'année décrite."""
    ident = c.get("prereglage")
    if not ident:
        return ""
    base = prereglages(baremes)[ident]
    garanties: dict[str, Any] = next((d.get("garanties", {}) for d in demande["contrats"]
                                      if d.get("nom", "").strip() == c["nom"]), {})
    # Une ligne absente de la demande est celle du préréglage.
    douteuses = [k for k, v in base.lignes.items()
                 if v.confiance in A_CONFIRMER and _meme(garanties.get(k, v.garantie),
                                                         v.garantie)]
    texte = f"Préréglage : {echapper(base.nom_court)}."
    if douteuses:
        tout = lignes(baremes.catalogue).par_id
        jouent = [tout[k].libelle for k in douteuses if k in c["par_ligne"]]
        texte += (f" <strong>À confirmer</strong> : {len(douteuses)} ligne"
                  f"{'s' if len(douteuses) > 1 else ''} de source incertaine"
                  + (f", dont sur cette année : {echapper(' ; '.join(jouent))}." if jouent
                     else ", aucune ne joue sur cette année."))
    return f'<p class="remb-prereglage">{texte}</p>'


def _meme(saisie: Any, preregle: dict[str, Any]) -> bool:
    if not isinstance(saisie, dict):
        return False
    return {k: str(v) for k, v in saisie.items()} == {k: str(v) for k, v in preregle.items()}


def _carte(c: Json, r: Json, echelle: Decimal, demande: Json, baremes: Baremes) -> str:
    moins_cher = c["nom"] in r["ex_aequo"]
    badge = ('<span class="remb-badge">Le moins cher</span>' if moins_cher else "")
    cout = (f"Cotisation {euros(c['cotisation_annuelle'])} + reste à charge "
            f"{euros(c['reste_a_charge'])} = {euros(c['cout_total'])}, pour "
            f"{euros(c['depense'])} de soins sur l'année.")
    nature = ("Complémentaire santé solidaire : ni participation forfaitaire ni franchise."
              if c["css"] else ("Contrat responsable." if c["contrat_responsable"]
                                else "Contrat non responsable."))
    return (
        f'<article class="remb-carte-contrat" data-contrat="{echapper(c["nom"])}"'
        f'{" data-moins-cher" if moins_cher else ""}>'
        f"<h3>{echapper(c['nom'])} {badge}</h3>"
        + _montant(c["nom"], "Coût total de l'année", "cout_total", c["cout_total"],
                   f"<p>{cout}</p>")
        + _barre(c, echelle)
        + _montant(c["nom"], "Cotisation", "cotisation_annuelle", c["cotisation_annuelle"],
                   "<p>La cotisation annuelle que vous avez indiquée.</p>")
        + _montant(c["nom"], "Reste à charge", "reste_a_charge", c["reste_a_charge"], _rac(c))
        + _montant(c["nom"], "Remboursé par la complémentaire", "amc", c["amc"],
                   _postes(c, "amc"))
        + _montant(c["nom"], "Remboursé par l'Assurance Maladie", "amo", c["amo"],
                   _postes(c, "amo"))
        + f'<p class="remb-nature">{nature}</p>' + _a_confirmer(c, demande, baremes)
        + "</article>")


def _ecarts(r: Json) -> str:
    if not r["ecarts"]:
        return "<p>Les contrats reviennent au même sur cette année.</p>"
    items = []
    for e in r["ecarts"]:
        lignes_contrats = "".join(
            f"<li>{echapper(nom)} : {euros(m)}"
            + (f" — {echapper(e['garanties'][nom])}" if e["garanties"] else "")
            + "".join(f"<br><small>{echapper(p)}</small>" for p in e["plafonds"].get(nom, []))
            + "</li>" for nom, m in e["montants"].items())
        items.append(f'<li><details data-ligne="{echapper(e["ligne"])}" '
                     f'data-cle="ecart|{echapper(e["ligne"])}"><summary>'
                     f"{echapper(e['libelle'])} : écart de <strong>{euros(e['ecart'])}</strong>"
                     f"</summary><p>{echapper(e['explication'])}</p><ul>{lignes_contrats}</ul>"
                     "</details></li>")
    return f'<ol class="remb-ecarts">{"".join(items)}</ol>'


def _actes(r: Json) -> str:
    par_index = [{a["index"]: a for a in c["actes"]} for c in r["contrats"]]
    items = []
    for a in r["actes"]:
        restes = " · ".join(f"{echapper(c['nom'])} {euros(p[a['index']]['reste_a_charge'])}"
                            for c, p in zip(r["contrats"], par_index, strict=True))
        quantite = f" × {a['quantite']}" if a["quantite"] != 1 else ""
        items.append(f"<li><span>{echapper(_date(a['date']))} — {echapper(a['personne'])} — "
                     f"{echapper(a['libelle'])}{quantite} : {euros(a['depense'])}</span>"
                     f"<br><small>Reste à charge : {restes}</small></li>")
    return ('<details class="remb-etapes" data-cle="actes"><summary>Le détail des soins (reste '
            'à charge avec '
            f'chaque contrat)</summary><ul class="remb-actes-compare">{"".join(items)}</ul>'
            "</details>")


def annonce(r: Json) -> str:
    """La phrase lue par un lecteur d'écran quand le résultat change."""
    c = next(x for x in r["contrats"] if x["nom"] == r["moins_cher"])
    egaux = (f" (à égalité avec {', '.join(n for n in r['ex_aequo'] if n != r['moins_cher'])})"
             if len(r["ex_aequo"]) > 1 else "")
    return (f"Résultat à jour : le moins cher sur l'année est « {r['moins_cher']} »{egaux}, "
            f"coût total {euros(c['cout_total'])}.")


def html_comparaison(r: Json, demande: Json, baremes: Baremes) -> str:
    """La comparaison : une carte par contrat, les écarts ligne par ligne, le détail des soins."""
    echelle = max(Decimal(c["cout_total"]) for c in r["contrats"])
    cartes = "".join(_carte(c, r, echelle, demande, baremes) for c in r["contrats"])
    donnees = echapper(json.dumps(demande, ensure_ascii=False))
    return (
        f'<div class="remb-comparaison-resultat" data-demande="{donnees}" '
        f'data-annonce="{echapper(annonce(r))}">'
        f'<p class="remb-periode">Du {_date(r["du"])} au {_date(r["au"])} : '
        f"{len(r['actes'])} soins, {euros(r['depense'])} de dépenses ; barèmes en vigueur à la "
        "date de chaque soin. Touchez un montant pour voir d'où il vient.</p>"
        f'<div class="remb-cartes">{cartes}</div>'
        '<p class="remb-legende"><span class="remb-pastille barre-cotisation"></span> '
        'cotisation <span class="remb-pastille barre-rac"></span> reste à charge (même échelle '
        "pour tous les contrats)</p>"
        "<h3>D'où viennent les écarts</h3>" + _ecarts(r) + _actes(r) + "</div>")


# --- Les exemples en euros ---------------------------------------------------------------------

def html_exemples(liste: list[Json], date: str | None) -> str:
    """Les exemples en euros : un tableau sur écran large, des cartes sur un téléphone (CSS)."""
    jour = f" (barème du {_date(date)})" if date else ""
    rangs, rubrique = [], None
    for e in liste:
        if e["rubrique"] != rubrique:
            rubrique = e["rubrique"]
            rangs.append(f'<tr class="remb-rubrique"><th colspan="5" scope="colgroup">'
                         f"{echapper(rubrique)}</th></tr>")
        hypotheses = "".join(f"<li>{echapper(h)}</li>" for h in e["hypotheses"])
        garanties = echapper(" ; ".join(dict.fromkeys(e["garanties"])))
        plafonds = "".join(f"<li>{echapper(p)}</li>" for p in e["plafonds_atteints"])
        cellules = "".join(
            f'<td data-libelle="{titre}" data-montant="{cle}">{euros(e[cle])}</td>'
            for cle, titre in (("depense", "Dépense"), ("amo", "Assurance Maladie"),
                               ("amc", "Complémentaire"), ("reste_a_charge", "Reste à charge")))
        rangs.append(
            f'<tr data-exemple="{echapper(e["id"])}"><th scope="row"><details '
            f'data-cle="exemple|{echapper(e["id"])}"><summary>'
            f"{echapper(e['libelle'])}</summary><p>Garantie appliquée : {garanties}.</p>"
            f"<ul>{hypotheses}{plafonds}</ul></details></th>{cellules}</tr>")
    return (f'<table class="remb-exemples"><caption>Exemples de remboursement en euros pour ce '
            f"tableau{jour} — touchez un exemple pour ses hypothèses</caption><thead><tr>"
            '<th scope="col">Exemple</th><th scope="col">Dépense</th><th scope="col">Assurance '
            'Maladie</th><th scope="col">Complémentaire</th><th scope="col">Reste à charge</th>'
            f"</tr></thead><tbody>{''.join(rangs)}</tbody></table>")
