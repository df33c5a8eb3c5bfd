"""Le comparateur de contrats et le tableau de garanties complet : formulaires et résultat par défaut.

Le formulaire n'est que du balisage, comme pour les autres calculateurs : les champs portent les
chemins de la demande (« contrats[1].garanties.optique.taux ») et vont tels quels à
`remb_core.formulaire.executer`. Les lignes qui s'ajoutent (personnes, soins, contrats) viennent
de modèles (`<template>`) écrits ici ; docs/assets/remb-comparateur.js ne fait que les copier, les
renuméroter et les retirer. Le résultat affiché avant que Python soit prêt est calculé ici, à la
construction, par le même moteur (deux préréglages sur un profil).
"""

import datetime as dt
import json
from html import escape

from remb_core import formulaire
from remb_core.comparateur import ACTES_MAX
from remb_core.formats import date_fr, euros
from remb_core.prereglages import prereglages, profils
from remb_core.tableau import LIMITES, lignes

from .calculateurs import FORMES, REGIMES, SECTEURS, Formulaire, ids_actes, options_actes, si
from .visibilite import masquer, valeurs_initiales

MODELE = "__i__"
MODELE_LIGNE = "__l__"
PROFIL_DEFAUT = "jeune_adulte"
CONTRATS_DEFAUT = ("d911_1", "fonction_publique_etat")
#: Le tableau complet de « Lire un tableau de garanties » part de ce préréglage.
PREREGLAGE_TABLEAU = "niveau_2"
SOUS_FORMES = ("pourcentage_br", "forfait", "pourcentage_pmss", "frais_reels", "ticket_moderateur")
PERSONNES_MAX = 6
CONTRATS_MAX = 4


# --- Valeurs des champs -------------------------------------------------------------------------

def valeurs_garanties(garanties: dict, prefixe: str) -> dict[str, str]:
    """Les champs d'un tableau de garanties rempli (préréglage, fichier)."""
    champs = {}
    for ligne, g in garanties.items():
        for cle, valeur in g.items():
            texte = str(valeur).lower() if isinstance(valeur, bool) else str(valeur)
            champs[f"{prefixe}.{ligne}.{cle}"] = texte
    return champs


def valeurs_modele(m) -> dict[str, str]:
    """Les champs d'un contrat ajouté : responsable ; ses lignes (pas de garantie tant qu'on n'a
    rien choisi) s'écrivent au premier dépliage."""
    p = f"contrats[{MODELE}]"
    return {f"{p}.contrat_responsable": "true", f"{p}.css": "false"}


def valeurs_defaut(m) -> dict[str, str]:
    """Les champs du comparateur par défaut : un profil, deux préréglages."""
    p = profils(m.baremes)[PROFIL_DEFAUT].demande(m.jour.year, m.baremes)
    refs = {personne["id"]: f"personnes[{i}]" for i, personne in enumerate(p["personnes"])}
    v = {"annee": str(m.jour.year), "regime": "general", "profil": PROFIL_DEFAUT}
    for i, personne in enumerate(p["personnes"]):
        v[f"personnes[{i}].id"] = personne["id"]
        v[f"personnes[{i}].situation.age"] = str(personne["situation"].get("age", ""))
        v[f"personnes[{i}].situation.ald"] = str(personne["situation"].get("ald", False)).lower()
    for i, acte in enumerate(p["actes"]):
        for cle, valeur in acte.items():
            v[f"actes[{i}].{cle}"] = refs[valeur] if cle == "personne" else str(valeur)
    tous = prereglages(m.baremes)
    for j, ident in enumerate(CONTRATS_DEFAUT):
        pre = tous[ident]
        v.update({f"contrats[{j}].nom": pre.nom_court, f"contrats[{j}].prereglage": ident,
                  f"contrats[{j}].cotisation_annuelle": str(pre.cotisation_exemple),
                  f"contrats[{j}].contrat_responsable": str(pre.contrat_responsable).lower(),
                  f"contrats[{j}].css": str(pre.css).lower()})
    return v


# --- Le tableau de garanties ------------------------------------------------------------------

def ligne_garantie(f: Formulaire, prefixe: str, ligne, poste_libelle: str) -> str:
    """Une ligne : sa forme et sa valeur principale sur un rang ; le reste (Sécurité sociale
    incluse ou non, plafonds, limites par an) replié dessous."""
    p = f"{prefixe}.{ligne.id}"
    formes = [("", f"Comme la ligne « {poste_libelle} »")] if ligne.precise else []
    formes += [("aucune", "Pas de garantie")] + [x for x in FORMES if x[0] != "aucune"]
    remplie = si(f"{p}.forme", *SOUS_FORMES)
    principale = [
        f.choix(f"{p}.forme", "Forme", [("", tuple(formes))]),
        f.texte(f"{p}.taux", "Taux (%)", visible=si(f"{p}.forme", "pourcentage_br",
                                                    "pourcentage_pmss")),
        f.texte(f"{p}.montant", f"Forfait (€ par {ligne.unite})", visible=si(f"{p}.forme",
                                                                              "forfait")),
    ]
    options = [
        f.choix(f"{p}.secu_incluse", "Ce pourcentage…",
                [("", (("true", "inclut la Sécurité sociale"),
                       ("false", "s'ajoute à la Sécurité sociale")))],
                visible=si(f"{p}.forme", "pourcentage_br")),
        f.texte(f"{p}.plafond", f"Plafond par {ligne.unite} (€)"),
    ]
    if not ligne.precise:
        options += [
            f.texte(f"{p}.plafond_annuel", "Plafond par an et par personne (€)"),
            f.texte(f"{p}.nombre_par_an", "Nombre par an", mode="numeric"),
            f.texte(f"{p}.renouvellement_ans", "Un tous les … ans", mode="numeric"),
        ]
    aide = f'<p class="remb-aide-ligne">{escape(ligne.aide)}</p>' if ligne.aide else ""
    return (f'<fieldset class="remb-ligne-garantie" data-ligne="{ligne.id}"><legend>'
            f"{escape(ligne.libelle)}</legend>{aide}"
            f'<p class="remb-note-ligne" data-note-pour="{ligne.id}" hidden></p>'
            + "".join(principale)
            + f'<details class="remb-options"{remplie}><summary>Précisions (Sécurité sociale '
              "incluse ou non, plafonds)</summary>"
              f'<div class="remb-options-champs">{"".join(options)}</div></details></fieldset>')


def tableau(f: Formulaire, prefixe: str, m) -> str:
    """Toutes les lignes, par rubrique."""
    tout = lignes(m.baremes.catalogue)
    blocs, rubrique = [], None
    for ligne in tout.toutes:
        if ligne.rubrique != rubrique:
            if rubrique is not None:
                blocs.append("</div>")
            rubrique = ligne.rubrique
            blocs.append(f'<h2 class="remb-rubrique">{escape(rubrique)}</h2>'
                         '<div class="remb-lignes">')
        blocs.append(ligne_garantie(f, prefixe, ligne, tout.par_id[ligne.poste].libelle))
    return "".join(blocs) + "</div>"


def choix_prereglage(f: Formulaire, champ: str, m, vide: str) -> str:
    options = [("", vide)] + [(p.id, p.nom_court) for p in prereglages(m.baremes).values()]
    return f.choix(champ, "Partir d'un préréglage", [("", tuple(options))])


# --- Les cartes du comparateur ------------------------------------------------------------------

def bouton(action: str, texte: str, **donnees) -> str:
    attributs = "".join(f' data-{k}="{escape(str(v))}"' for k, v in donnees.items())
    return (f'<button type="button" class="md-button remb-petit" data-action="{action}"'
            f"{attributs}>{texte}</button>")


def carte_personne(f: Formulaire, i) -> str:
    p = f"personnes[{i}]"
    return (f'<fieldset class="remb-carte remb-carte-personne" data-rang="{i}"><legend>Personne'
            "</legend>"
            + f.texte(f"{p}.id", "Prénom ou surnom", mode="text")
            + f.texte(f"{p}.situation.age", "Âge", mode="numeric")
            + f.case(f"{p}.situation.ald", "Tous ses soins relèvent d'une affection de longue "
                     "durée (ALD)")
            + '<div class="remb-boutons">' + bouton("retirer", "Retirer cette personne",
                                                    liste="personnes")
            + "</div></fieldset>")


def editeur_acte(f: Formulaire, i, m) -> str:
    """Les champs d'un soin, ouverts pour le modifier (modèle copié par le script)."""
    p = f"actes[{i}]"
    a = f"{p}.acte"
    avec_base = sorted(set(ids_actes(m, base_mode="saisie"))
                       | (set(ids_actes(m, base_mode="prix"))
                          & set(ids_actes(m, categorie="medecin"))))
    repeter = ('<details class="remb-repeter"><summary>Répéter ce soin…</summary>'
               '<div class="remb-repeter-champs"><label>Nombre de copies <input type="number" '
               'data-role="copies" min="1" max="52" value="3" inputmode="numeric"></label>'
               '<label>Espacées de <select data-role="intervalle"><option value="0">même jour'
               '</option><option value="7" selected>une semaine</option><option value="14">'
               'deux semaines</option><option value="m1">un mois</option></select></label>'
               + bouton("dupliquer", "Ajouter les copies") + "</div></details>")
    return ('<fieldset class="remb-carte remb-editeur-acte"><legend>Soin</legend>'
            + f.choix(f"{p}.personne", "Pour", [("", ())])
            + f.choix(a, "Soin", [("", (("", "— choisir —"),))] + options_actes(m))
            + f.date(f"{p}.date", "Date")
            + f.texte(f"{p}.prix", "Prix payé (€)", visible=si(a, *ids_actes(m, prix_fixe=False)))
            + f.texte(f"{p}.quantite", "Quantité (vide : 1)", mode="numeric")
            + f.choix(f"{p}.secteur", "Secteur du médecin", [("", SECTEURS)],
                      visible=si(a, *ids_actes(m, categorie="medecin")))
            + f.texte(f"{p}.base_remboursement", "Base de remboursement (€)",
                      "Sur la feuille de soins ou le devis ; pour un acte technique hors "
                      "secteur 1.", visible=si(a, *avec_base))
            + f.texte(f"{p}.prix_limite", "Prix limite du verre (€, sur le devis)",
                      visible=si(a, *ids_actes(m, prix_limite_saisi=True)))
            + f.texte(f"{p}.jours", "Nuits à l'hôpital", mode="numeric",
                      visible=si(a, *ids_actes(m, frais_de_sejour=True)))
            + '<div class="remb-boutons">'
            + bouton("fermer", "Terminé") + repeter + "</div></fieldset>")


def ligne_acte(i: int, acte: dict, m, noms: dict[str, str]) -> str:
    """Un soin dans la liste compacte : ses champs cachés et une ligne de résumé."""
    caches = "".join(f'<input type="hidden" name="actes[{i}].{cle}" value="{escape(str(v))}">'
                     for cle, v in acte.items())
    libelle = m.baremes.catalogue.actes[acte["acte"]].libelle
    quantite = f" × {acte['quantite']}" if str(acte.get("quantite", "1")) != "1" else ""
    prix = f" — {euros(acte['prix'])}" if acte.get("prix") else ""
    jour = date_fr(dt.date.fromisoformat(acte["date"])).rsplit(" ", 1)[0]  # sans l'année
    resume = f"{jour} · {noms.get(acte['personne'], acte['personne'])} · {libelle}{quantite}{prix}"
    return (f'<li class="remb-acte" data-rang="{i}">{caches}<span class="remb-resume">'
            f"{escape(resume)}</span>" + _boutons_acte() + "</li>")


def _boutons_acte() -> str:
    return ('<span class="remb-boutons">'
            '<button type="button" class="remb-icone" data-action="modifier" title="Modifier ce '
            'soin"><span aria-hidden="true">✎</span><span class="remb-cache">Modifier ce soin'
            '</span></button><button type="button" class="remb-icone" data-action="retirer" '
            'data-liste="actes" title="Retirer ce soin"><span aria-hidden="true">✕</span>'
            '<span class="remb-cache">Retirer ce soin</span></button></span>')


def carte_contrat(f: Formulaire, j, m) -> str:
    p = f"contrats[{j}]"
    nombre = len(lignes(m.baremes.catalogue).toutes)
    return (f'<fieldset class="remb-carte remb-carte-contrat-saisie" data-rang="{j}">'
            f"<legend>Contrat</legend>"
            + f.texte(f"{p}.nom", "Nom du contrat", mode="text")
            + f.texte(f"{p}.cotisation_annuelle", "Cotisation annuelle du foyer (€)",
                      "Ce que vous payez par an (12 × la cotisation mensuelle).")
            + choix_prereglage(f, f"{p}.prereglage", m, "— mes propres lignes —")
            + '<p class="remb-note-prereglage" data-note-prereglage hidden></p>'
            + f.case(f"{p}.contrat_responsable", "Contrat responsable (presque tous le sont)",
                     visible=si(f"{p}.css", "false"))
            + f.case(f"{p}.css", "Complémentaire santé solidaire (remplace le tableau)")
            + f'<details class="remb-tableau"{si(f"{p}.css", "false")}><summary>Voir et modifier '
              f"les {nombre} lignes du tableau de garanties</summary>"
              f'<div class="remb-lignes-contrat" data-lignes-pour="{j}"></div></details>'
            + '<div class="remb-boutons">' + bouton("retirer", "Retirer ce contrat",
                                                    liste="contrats")
            + "</div></fieldset>")


def modeles_lignes(m) -> str:
    """Une ligne du tableau d'un contrat, par nature (ligne de poste, ligne précise) : le
    script remplace __c__ (rang du contrat) et __l__ (identifiant de ligne), puis écrit les
    libellés."""
    f = Formulaire("comparateur", {})
    tout = lignes(m.baremes.catalogue)
    poste = next(x for x in tout.toutes if not x.precise)
    precise = next(x for x in tout.toutes if x.precise)
    sortie = []
    for nom, ligne in (("ligne-poste", poste), ("ligne-precise", precise)):
        modele = type(ligne)(MODELE_LIGNE, ligne.rubrique, "__libelle__",
                             MODELE_LIGNE if not ligne.precise else ligne.poste,
                             ligne.actes, ligne.secteurs, "__aide__", "__unite__")
        html = ligne_garantie(f, "contrats[__c__].garanties", modele, "__poste__")
        sortie.append(f'<template data-modele="{nom}">{html}</template>')
    return "".join(sortie)


def donnees_page(m, comparateur: bool) -> str:
    """Préréglages, profils, lignes et libellés des actes, pour que le script remplisse les
    champs et écrive le résumé d'un soin (aucune règle)."""
    tout = lignes(m.baremes.catalogue)
    donnees: dict = {
        "prereglages": {k: p.en_dict() for k, p in prereglages(m.baremes).items()},
        "lignes": [{"id": x.id, "poste": x.poste, "precise": x.precise, "libelle": x.libelle,
                    "rubrique": x.rubrique, "aide": x.aide, "unite": x.unite,
                    "libelle_poste": tout.par_id[x.poste].libelle} for x in tout.toutes],
        "limites": list(LIMITES),
    }
    if comparateur:
        donnees["profils"] = {k: p.en_dict(m.jour.year, m.baremes)
                              for k, p in profils(m.baremes).items()}
        donnees["actes"] = {a.id: a.libelle for a in m.baremes.catalogue.actes.values()}
        donnees["max"] = {"personnes": PERSONNES_MAX, "contrats": CONTRATS_MAX,
                          "actes": ACTES_MAX}
    return escape(json.dumps(donnees, ensure_ascii=False, separators=(",", ":")))


def _actions(telecharger: bool) -> str:
    fichier = ('<button type="button" class="md-button" data-action="telecharger">Télécharger '
               '(fichier JSON)</button> <button type="button" class="md-button" '
               'data-action="ouvrir">Ouvrir un fichier…</button><input type="file" '
               'accept="application/json,.json" data-role="fichier" hidden '
               'aria-label="Fichier JSON à ouvrir"> ') if telecharger else ""
    return ('<p class="remb-actions"><button type="button" class="md-button" '
            'data-action="copier">Copier le lien de ce calcul</button> ' + fichier
            + '<button type="button" class="md-button" data-action="imprimer">Imprimer</button>'
            "</p>")


def _sortie(nom: str, calcul: dict, m) -> str:
    sortie = formulaire.executer(nom, calcul, m.baremes)
    if not sortie["ok"]:
        raise ValueError(f"calculateur {nom} : {sortie['erreur']}")
    entrees = escape(json.dumps(calcul, ensure_ascii=False, sort_keys=True))
    return sortie["html"], entrees


def comparateur(m) -> str:
    valeurs = valeurs_defaut(m)
    f = Formulaire("comparateur", valeurs)
    rangs_p = sorted({int(k[10:k.index("]")]) for k in valeurs if k.startswith("personnes[")})
    rangs_a = sorted({int(k[6:k.index("]")]) for k in valeurs if k.startswith("actes[")})
    noms = {f"personnes[{i}]": valeurs[f"personnes[{i}].id"] for i in rangs_p}
    actes = [{k.split(".", 1)[1]: v for k, v in valeurs.items() if k.startswith(f"actes[{i}].")}
             for i in rangs_a]
    modele = Formulaire("comparateur", valeurs_modele(m))
    html, entrees = _sortie("comparateur", valeurs, m)
    profils_options = [("", "— choisir —")] + [(p.id, p.nom) for p in profils(m.baremes).values()]
    return (
        f'<div class="remb-calculateur remb-comparateur" data-calculateur="comparateur" '
        f'data-type="comparateur" data-etat="statique" data-date-bareme="{m.jour.isoformat()}" '
        f'data-donnees="{donnees_page(m, True)}">'
        '<form class="remb-formulaire" novalidate aria-label="Comparateur de contrats">'
        '<p class="remb-aller"><a href="#comparateur-resultat">Aller au résultat</a></p>'
        '<fieldset class="remb-groupe remb-bloc"><legend>1. Votre année de soins</legend>'
        + f.texte("annee", "Année", mode="numeric")
        # Le régime vaut pour tout le foyer, comme l'année de soins de « Reste à charge ».
        + f.choix("regime", "Régime d'assurance maladie du foyer", [("", REGIMES)])
        + '<div class="remb-profil">' + f.choix("profil", "Partir d'un profil",
                                                [("", tuple(profils_options))])
        + bouton("profil", "Charger ce profil")
        + "<small>Remplace les personnes et les soins ci-dessous.</small></div>"
        f'<h2 class="remb-sous-titre">Les personnes (jusqu\'à {PERSONNES_MAX})</h2>'
        '<div class="remb-liste remb-liste-personnes" data-liste="personnes">'
        + "".join(carte_personne(f, i) for i in rangs_p) + "</div>"
        + bouton("ajouter", "Ajouter une personne", liste="personnes")
        + f'<h2 class="remb-sous-titre" id="comparateur-titre-soins">Les soins de l\'année '
          f'(<span data-compte="actes">{len(actes)}</span>)</h2>'
        '<ul class="remb-liste remb-liste-actes" data-liste="actes" '
        'aria-labelledby="comparateur-titre-soins">'
        + "".join(ligne_acte(i, a, m, noms) for i, a in zip(rangs_a, actes, strict=True))
        + "</ul>" + bouton("ajouter", "Ajouter un soin", liste="actes") + "</fieldset>"
        '<fieldset class="remb-groupe remb-bloc"><legend>2. Les contrats à comparer (2 à '
        f'{CONTRATS_MAX})</legend><div class="remb-liste remb-liste-contrats" '
        'data-liste="contrats">'
        + "".join(carte_contrat(f, j, m) for j in range(len(CONTRATS_DEFAUT))) + "</div>"
        + bouton("ajouter", "Ajouter un contrat", liste="contrats") + "</fieldset>"
        + f'<template data-modele="personnes">{carte_personne(modele, MODELE)}</template>'
        + f'<template data-modele="actes">{ligne_vide()}</template>'
        + f'<template data-modele="editeur-acte">{editeur_acte(modele, MODELE, m)}</template>'
        + f'<template data-modele="contrats">{carte_contrat(modele, MODELE, m)}</template>'
        + modeles_lignes(m) + "</form>"
        '<p class="remb-statut" role="status" aria-live="polite">Résultat calculé à la '
        "construction du site pour l'exemple ci-dessus ; le calcul en direct se prépare…</p>"
        f'<div class="remb-sortie" id="comparateur-resultat" tabindex="-1" aria-live="off" '
        f'data-entrees="{entrees}">{html}</div>' + _actions(True) + "</div>")


def ligne_vide() -> str:
    return (f'<li class="remb-acte" data-rang="{MODELE}"><span class="remb-resume"></span>'
            + _boutons_acte() + "</li>")


def tableau_complet(m) -> str:
    """Le tableau de garanties entier et ses exemples en euros (« Lire un tableau »)."""
    pre = prereglages(m.baremes)[PREREGLAGE_TABLEAU]
    valeurs = {"date": m.jour.isoformat(), "prereglage": PREREGLAGE_TABLEAU,
               "contrat_responsable": "true", **valeurs_garanties(pre.garanties(), "garanties")}
    f = Formulaire("exemples", valeurs)
    # Les blocs que la forme de chaque ligne cache le sont dès le HTML ; le résultat est calculé
    # sur les champs tels que le script les lira (le calculateur est prêt sans le recalculer).
    champs = masquer(
        f'<input type="hidden" name="date" value="{m.jour.isoformat()}">'
        '<fieldset class="remb-groupe remb-bloc"><legend>Votre tableau de garanties</legend>'
        + choix_prereglage(f, "prereglage", m, "— lignes saisies —")
        + '<p class="remb-note-prereglage" data-note-prereglage hidden></p>'
        + f.case("contrat_responsable", "Contrat responsable (presque tous le sont)")
        + tableau(f, "garanties", m) + "</fieldset>")
    html, entrees = _sortie("exemples", valeurs_initiales(champs), m)
    return (
        f'<div class="remb-calculateur remb-tableau-complet" data-calculateur="exemples" '
        f'data-type="exemples" data-etat="statique" data-date-bareme="{m.jour.isoformat()}" '
        f'data-donnees="{donnees_page(m, False)}">'
        '<form class="remb-formulaire" novalidate aria-label="Votre tableau de garanties">'
        '<p class="remb-aller"><a href="#exemples-resultat">Aller aux exemples en euros</a></p>'
        + champs + "</form>"
        '<p class="remb-statut" role="status" aria-live="polite">Exemples calculés à la '
        "construction du site pour le tableau ci-dessus ; le calcul en direct se prépare…</p>"
        f'<div class="remb-sortie" id="exemples-resultat" tabindex="-1" aria-live="off" '
        f'data-entrees="{entrees}">{html}</div>' + _actions(False) + "</div>")
