"""Présentation d'un résultat : texte (ligne de commande), Markdown (site), HTML et barre SVG
(site et navigateur). Un seul rendu pour les tableaux construits et les calculs en direct.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .formats import date_fr, echapper, euros, valeur
from .monnaie import ZERO
from .simulation import LIBELLES_PARTS

Json = dict[str, Any]
PARTS_BARRE = (("amo", "Assurance Maladie", "amo"), ("amc", "Complémentaire", "amc"),
               ("reste_a_charge", "Reste à charge", "rac"))


def valeur_affichee(element: dict[str, Any]) -> str:
    """La valeur d'une étape ou d'un paramètre, écrite selon son unité (« 19,50 € », « 70 % »)."""
    return valeur(element["valeur"], element["unite"])


def reference_parametre(p: Json) -> str:
    depuis = date_fr(dt.date.fromisoformat(p["depuis"]))
    return f"{p['libelle']} : {valeur_affichee(p)} depuis le {depuis} ({p['source']})"


def parts_detaillees(r: Json) -> list[tuple[str, str]]:
    return [(LIBELLES_PARTS[k], v) for k, v in r["detail_reste_a_charge"].items()
            if Decimal(v) != ZERO]


def texte(r: Json) -> str:
    """Le résultat en texte brut, pour la ligne de commande."""
    lignes = [f"{r['libelle']} — {r['date']} (barème du {date_fr(dt.date.fromisoformat(r['date_bareme']))})",
              f"Garantie : {r['garantie']['libelle']}", ""]
    montants = [(libelle, r[cle]) for cle, libelle in (
        ("depense", "Dépense"), ("base_remboursement", "Base de remboursement"),
        ("amo", "Assurance Maladie"), ("amc", "Complémentaire"), ("reste_a_charge", "Reste à charge"))]
    montants += [(f"  dont {libelle}", valeur) for libelle, valeur in parts_detaillees(r)]
    largeur = max(len(libelle) for libelle, _ in montants) + 2
    lignes += [f"{libelle:<{largeur}}{euros(valeur):>14}" for libelle, valeur in montants]
    lignes += ["", "Comment ce montant est calculé :"]
    for i, e in enumerate(r["etapes"], 1):
        lignes.append(f"{i:>2}. {e['libelle']} : {valeur_affichee(e)} — {e['regle']}")
        if e.get("parametre"):
            lignes.append(f"    ↳ {reference_parametre(e['parametre'])}")
    for h in r["hypotheses"]:
        lignes.append(f"Hypothèse : {h}")
    return "\n".join(lignes)


def barre_svg(r: Json, largeur: int = 600, hauteur: int = 28) -> str:
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
            f"<title>{echapper(libelle)} : {euros(r[cle])}</title></rect>")
        x += w
    return (f'<svg class="remb-barre" viewBox="0 0 {largeur} {hauteur}" role="img" '
            f'aria-label="Répartition : {echapper(titre)}" preserveAspectRatio="none">'
            + "".join(morceaux) + "</svg>")


def html(r: Json) -> str:
    """Le résultat en HTML (tableau, barre, détail, étapes repliables)."""
    date = date_fr(dt.date.fromisoformat(r["date_bareme"]))
    lignes = "".join(
        f'<tr class="ligne-{classe}"><th scope="row">{lib}</th><td data-montant="{cle}">'
        f"{euros(r[cle])}</td></tr>" for cle, lib, classe in
        (("depense", "Dépense", "depense"), ("amo", "Assurance Maladie", "amo"),
         ("amc", "Complémentaire", "amc"), ("reste_a_charge", "Reste à charge", "rac")))
    detail = "".join(f"<li>{echapper(lib)} : {euros(v)}</li>" for lib, v in parts_detaillees(r))
    return (
        f'<table class="remb-resultat"><caption>{echapper(r["libelle"])} — '
        f'{echapper(r["garantie"]["libelle"])} (barème du {date})</caption><tbody>{lignes}'
        f"</tbody></table>{barre_svg(r)}"
        + (f'<p class="remb-detail-titre">Dont, dans le reste à charge :</p><ul class="remb-detail">'
           f"{detail}</ul>" if detail else "")
        + etapes_html(r, "Comment ce montant est calculé")
    )


def etapes_html(r: Json, resume: str) -> str:
    """Les étapes d'un calcul et ses hypothèses, dans un bloc repliable."""
    etapes = []
    for e in r["etapes"]:
        ref = ""
        if e.get("parametre"):
            ref = f'<br><small class="remb-source">{echapper(reference_parametre(e["parametre"]))}</small>'
        etapes.append(f"<li><strong>{echapper(e['libelle'])} : {valeur_affichee(e)}</strong> — "
                      f"{echapper(e['regle'])}{ref}</li>")
    hypotheses = "".join(f"<li>{echapper(h)}</li>" for h in r["hypotheses"])
    return (f'<details class="remb-etapes"><summary>{echapper(resume)}</summary>'
            f"<ol>{''.join(etapes)}</ol><ul class=\"remb-hypotheses\">{hypotheses}</ul></details>")


def html_comparaison(r: Json, variantes: dict[str, Json]) -> str:
    """La même facture sous plusieurs garanties, côte à côte."""
    titres = "".join(f'<th scope="col">{echapper(t)}</th>' for t in variantes)
    lignes = []
    for cle, libelle, _ in (("amo", "Assurance Maladie", ""), ("amc", "Complémentaire", ""),
                            ("reste_a_charge", "Reste à charge", "")):
        cellules = "".join(f'<td data-variante="{echapper(t)}" data-montant="{cle}">'
                           f"{euros(v[cle])}</td>" for t, v in variantes.items())
        lignes.append(f'<tr><th scope="row">{libelle}</th>{cellules}</tr>')
    date = date_fr(dt.date.fromisoformat(r["date_bareme"]))
    return (f'<table class="remb-comparaison-directe"><caption>La même facture '
            f"({euros(r['depense'])}) avec les niveaux de garantie courants, Sécurité sociale "
            f"incluse (barème du {date})</caption><thead><tr>"
            f'<th scope="col"><span class="remb-masque">Montant</span></th>{titres}</tr></thead>'
            f"<tbody>{''.join(lignes)}</tbody></table>")


def html_glossaire(r: Json) -> str:
    """Les notions du glossaire lues sur la facture calculée."""
    termes = [
        ("Base de remboursement", r["base_remboursement"],
         "le tarif sur lequel l'Assurance Maladie calcule son remboursement"),
        ("Ticket modérateur", r["ticket_moderateur"],
         "la part de la base que l'Assurance Maladie ne rembourse pas"),
        ("Participation forfaitaire", r["participation_forfaitaire"],
         "retenue sur le remboursement, jamais prise en charge par un contrat responsable"),
    ]
    if Decimal(r["depassement"]) > 0:
        termes.append(("Dépassement d'honoraires", r["depassement"],
                       "ce qui est facturé au-delà de la base"))
    items = "".join(f'<div><dt>{t}</dt><dd><strong data-terme="{echapper(t)}">{euros(v)}</strong>'
                    f" — {echapper(d)}</dd></div>" for t, v, d in termes)
    return f'<dl class="remb-termes">{items}</dl>'


#: Les colonnes des tableaux d'une année ; sur un téléphone, chaque ligne devient une carte dont
#: les montants portent leur libellé (data-libelle, lu par la feuille de style).
COLONNES_ANNEE = (("depense", "Dépense"), ("amo", "Assurance Maladie"),
                  ("amc", "Complémentaire"), ("reste_a_charge", "Reste à charge"))


def html_annee(a: Json) -> str:
    """Une année de soins : totaux du foyer, par personne et par poste, plafonds atteints."""
    def ligne(titre: str, t: dict[str, str], balise: str = "td") -> str:
        return (f'<tr><th scope="row">{echapper(titre)}</th>' + "".join(
            f'<{balise} data-montant="{cle}" data-libelle="{libelle}">{euros(t[cle])}</{balise}>'
            for cle, libelle in COLONNES_ANNEE) + "</tr>")

    entete = ('<thead><tr><th scope="col"><span class="remb-masque">{}</span></th>'
              '<th scope="col">Dépense</th><th scope="col">Assurance '
              'Maladie</th><th scope="col">Complémentaire</th><th scope="col">Reste à charge'
              "</th></tr></thead>")
    personnes = "".join(ligne(p, t) for p, t in a["par_personne"].items())
    postes = "".join(ligne(t["libelle"], t) for t in a["par_poste"].values())
    actes = "".join(
        f"<tr><td data-libelle=\"Date\">{echapper(x['date'])}</td>"
        f"<td data-libelle=\"Personne\">{echapper(x['personne'])}</td>"
        f"<td data-libelle=\"Acte\">{echapper(x['libelle'])}</td>"
        + "".join(f'<td data-libelle="{libelle}">{euros(x[cle])}</td>'
                  for cle, libelle in COLONNES_ANNEE) + "</tr>"
        for x in a["actes"])
    evenements = "".join(f"<li>{echapper(e['date'])} — {echapper(e['personne'])} : "
                         f"{echapper(e['message'])}</li>" for e in a["plafonds_atteints"])
    total = {**a["totaux"]}
    return (
        f'<table class="remb-annee"><caption>Du {date_fr(dt.date.fromisoformat(a["du"]))} au '
        f'{date_fr(dt.date.fromisoformat(a["au"]))} — '
        f"barèmes en vigueur à la date de chaque acte</caption>{entete.format('Total')}<tbody>"
        f'{ligne("Foyer", total, "td")}</tbody></table>'
        f'<table class="remb-annee-personnes"><caption>Par personne</caption>'
        f'{entete.format("Personne")}<tbody>{personnes}</tbody></table>'
        f'<table class="remb-annee-postes"><caption>Par poste</caption>'
        f"{entete.format('Poste')}<tbody>{postes}</tbody></table>"
        # Pas de titre hn dans un résultat : son niveau dépendrait de la page qui l'accueille.
        + (f'<p class="remb-titre-liste"><strong>Plafonds atteints</strong></p>'
           f'<ul class="remb-plafonds">{evenements}</ul>' if evenements else "")
        + '<details class="remb-etapes"><summary>Le détail acte par acte</summary>'
          '<table class="remb-annee-actes"><thead><tr><th scope="col">Date</th><th scope="col">'
          'Personne</th><th scope="col">Acte</th><th scope="col">Dépense</th><th scope="col">'
          'Assurance Maladie</th><th scope="col">Complémentaire</th><th scope="col">Reste à '
          f"charge</th></tr></thead><tbody>{actes}</tbody></table></details>"
    )


RESULTATS_CSS = {
    "gratuite": "Vous pourriez avoir droit à la Complémentaire santé solidaire gratuite.",
    "avec_participation": "Vous pourriez avoir droit à la Complémentaire santé solidaire, avec "
                          "une participation mensuelle.",
    "non": "Vos ressources semblent dépasser les plafonds de la Complémentaire santé solidaire.",
}


def html_css(r: Json) -> str:
    """L'estimation du droit à la CSS : la conclusion, les montants, les étapes."""
    lignes = [("Ressources retenues (par an)", r["ressources_retenues"]),
              ("Plafond de la CSS gratuite", r["plafond_gratuite"]),
              ("Plafond de la CSS avec participation", r["plafond_participation"])]
    if r["resultat"] == "avec_participation":
        lignes.append(("Participation par mois, pour le foyer", r["participation_mensuelle"]))
    corps = "".join(f'<tr><th scope="row">{echapper(t)}</th><td>{euros(v)}</td></tr>'
                    for t, v in lignes)
    date = date_fr(dt.date.fromisoformat(r["date"]))
    return (f'<p class="remb-css-conclusion" data-resultat="{echapper(r["resultat"])}"><strong>'
            f'{echapper(RESULTATS_CSS[r["resultat"]])}</strong></p>'
            f'<table class="remb-resultat"><caption>Estimation pour un foyer de {r["personnes"]} '
            f"personne(s) (barème du {date})</caption><tbody>{corps}</tbody></table>"
            + etapes_html(r, "Comment ce résultat est estimé"))
