"""Les calculateurs en direct : formulaire accessible + résultat des valeurs par défaut.

Le formulaire n'est que du balisage ; le calcul (à la construction comme dans le navigateur)
passe par `remb_core.formulaire.executer`. Les noms des champs sont les chemins de la demande
(« garantie.taux »), ce qui permet d'afficher chaque message d'erreur à côté de son champ.
"""

import json
from html import escape

import remb_core
from remb_core.formulaire import (
    LIGNES_FORMULAIRE,
    PERSONNES_CSS,
    PERSONNES_FORMULAIRE,
    executer,
)

from .visibilite import masquer, valeurs_initiales

DEFAUTS = {
    "reste_a_charge": {"mode": "acte", "acte": "consultation_specialiste", "prix": "60",
                       "secteur": "2_optam", "parcours_coordonne": "true",
                       "garantie.forme": "pourcentage_br", "garantie.taux": "150",
                       "garantie.secu_incluse": "true", "contrat_responsable": "true",
                       "annee": "", "personnes[0].age": "40"},
    "tableau_garanties": {"acte": "consultation_specialiste", "prix": "80", "secteur": "2_optam",
                          "parcours_coordonne": "true", "garantie.forme": "pourcentage_br",
                          "garantie.taux": "150", "garantie.secu_incluse": "true"},
    "glossaire": {"acte": "consultation_generaliste", "prix": "tarif", "parcours_coordonne": "true",
                  "garantie.forme": "pourcentage_br", "garantie.taux": "100",
                  "garantie.secu_incluse": "true"},
    # Calculateurs courts des pages « Comprendre » (type « simple »).
    "parcours": {"acte": "consultation_generaliste", "prix": "tarif", "parcours_coordonne": "false",
                 "garantie.forme": "pourcentage_br", "garantie.taux": "100",
                 "garantie.secu_incluse": "true"},
    "medicaments": {"acte": "medicament_65", "prix": "10", "quantite": "1",
                    "garantie.forme": "ticket_moderateur", "garantie.secu_incluse": "true"},
    "dentaire_optique": {"acte": "couronne_tarif_libre", "prix": "700",
                         "garantie.forme": "pourcentage_br", "garantie.taux": "300",
                         "garantie.secu_incluse": "true"},
    "css": {"personnes[0].age": "35", "ressources": "11000", "zone": "metropole",
            "logement": "locataire", "regime": "general"},
}
TYPES = {"parcours": "simple", "medicaments": "simple", "dentaire_optique": "simple"}
FORMES = (("pourcentage_br", "Pourcentage de la base (% BR)"), ("forfait", "Forfait en euros"),
          ("pourcentage_pmss", "Pourcentage du PMSS"), ("frais_reels", "Frais réels"),
          ("ticket_moderateur", "Ticket modérateur seulement"), ("aucune", "Pas de complémentaire"))
SECTEURS = (("1", "Secteur 1 (tarif de convention)"), ("2_optam", "Secteur 2 avec OPTAM"),
            ("2_non_optam", "Secteur 2 sans OPTAM"), ("3", "Secteur 3 (non conventionné)"))
REGIMES = (("general", "Régime général"),
           ("alsace_moselle", "Régime local d'Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle)"))
EXCEPTIONS = (("", "Aucune"), ("acces_direct", "Spécialiste en accès direct"),
              ("urgence", "Urgence"), ("eloignement", "Loin de chez moi"),
              ("remplacant", "Remplaçant de mon médecin traitant"))


class Formulaire:
    def __init__(self, nom: str, valeurs: dict):
        self.nom = nom
        self.valeurs = valeurs

    def id(self, champ: str) -> str:
        return f"{self.nom}-" + "".join(c if c.isalnum() else "-" for c in champ)

    def _erreur(self, champ: str) -> str:
        return (f'<p class="remb-erreur" id="{self.id(champ)}-erreur" data-erreur-pour="{champ}" '
                'hidden></p>')

    def texte(self, champ, libelle, aide="", mode="decimal", visible="") -> str:
        ident = self.id(champ)
        decrit = f"{ident}-erreur" + (f" {ident}-aide" if aide else "")
        return (f'<div class="remb-champ"{visible}><label for="{ident}">{libelle}</label>'
                f'<input id="{ident}" name="{champ}" type="text" inputmode="{mode}" '
                f'autocomplete="off" value="{escape(self.valeurs.get(champ, ""))}" '
                f'aria-describedby="{decrit}">'
                + (f'<small id="{ident}-aide">{aide}</small>' if aide else "")
                + self._erreur(champ) + "</div>")

    def date(self, champ, libelle, aide="", visible="") -> str:
        ident = self.id(champ)
        return (f'<div class="remb-champ"{visible}><label for="{ident}">{libelle}</label>'
                f'<input id="{ident}" name="{champ}" type="date" '
                f'value="{escape(self.valeurs.get(champ, ""))}" '
                f'aria-describedby="{ident}-erreur {ident}-aide"><small id="{ident}-aide">{aide}'
                f"</small>{self._erreur(champ)}</div>")

    def choix(self, champ, libelle, options, visible="") -> str:
        ident = self.id(champ)
        courant = self.valeurs.get(champ, "")
        html = [f'<div class="remb-champ"{visible}><label for="{ident}">{libelle}</label>'
                f'<select id="{ident}" name="{champ}" aria-describedby="{ident}-erreur">']
        for groupe, items in options:
            if groupe:
                html.append(f'<optgroup label="{escape(groupe)}">')
            for valeur, texte in items:
                choisi = " selected" if valeur == courant else ""
                html.append(f'<option value="{escape(valeur)}"{choisi}>{escape(texte)}</option>')
            if groupe:
                html.append("</optgroup>")
        html.append(f"</select>{self._erreur(champ)}</div>")
        return "".join(html)

    def case(self, champ, libelle, visible="") -> str:
        ident = self.id(champ)
        coche = " checked" if self.valeurs.get(champ) == "true" else ""
        return (f'<div class="remb-case"{visible}><input id="{ident}" name="{champ}" '
                f'type="checkbox"{coche}><label for="{ident}">{libelle}</label>'
                f"{self._erreur(champ)}</div>")


def si(champ: str, *valeurs: str) -> str:
    return f' data-visible-si="{champ}={",".join(valeurs)}"'


def options_actes(m) -> list:
    groupes: dict[str, list] = {}
    for a in remb_core.actes(m.jour.isoformat(), m.baremes):
        groupes.setdefault(a["rubrique"] + " — " + a["poste_libelle"], []).append(
            (a["id"], a["libelle"]))
    return list(groupes.items())


def ids_actes(m, **filtre) -> list[str]:
    return [a["id"] for a in remb_core.actes(m.jour.isoformat(), m.baremes)
            if all(a.get(k) == v for k, v in filtre.items())]


def champs_acte(f: Formulaire, m) -> str:
    avec_prix = ids_actes(m, prix_fixe=False)
    return "".join([
        f.choix("acte", "Soin ou acte", options_actes(m)),
        f.texte("prix", "Prix facturé (€)", "Par exemple 60 ou 60,50.",
                visible=si("acte", *avec_prix)),
        f.texte("prix_limite", "Prix limite de vente du verre (€)", "Il dépend de la "
                "correction : il figure sur le devis de l'opticien.",
                visible=si("acte", *ids_actes(m, prix_limite_saisi=True))),
        f.choix("secteur", "Secteur du médecin", [("", SECTEURS)],
                visible=si("acte", *ids_actes(m, categorie="medecin"))),
    ])


def champs_garantie(f: Formulaire, legende: str = "Votre garantie (complémentaire)") -> str:
    return (f'<fieldset class="remb-groupe"><legend>{legende}</legend>'
            + f.choix("garantie.forme", "Forme de la garantie", [("", FORMES)])
            + f.texte("garantie.taux", "Taux (%)", "Par exemple 150 pour « 150 % BR » ou 5 "
                      "pour « 5 % PMSS ».", visible=si("garantie.forme", "pourcentage_br",
                                                        "pourcentage_pmss"))
            + f.choix("garantie.secu_incluse", "Ce pourcentage…",
                      [("", (("true", "inclut le remboursement de la Sécurité sociale"),
                             ("false", "s'ajoute au remboursement de la Sécurité sociale")))],
                      visible=si("garantie.forme", "pourcentage_br"))
            + f.texte("garantie.montant", "Montant du forfait (€)", "Par acte ou par unité.",
                      visible=si("garantie.forme", "forfait"))
            + f.texte("garantie.plafond", "Plafond par acte (€, facultatif)",
                      visible=si("garantie.forme", "pourcentage_br", "forfait",
                                 "pourcentage_pmss", "frais_reels", "ticket_moderateur"))
            + "</fieldset>")


def formulaire_reste_a_charge(f: Formulaire, m) -> str:
    mode = ('<fieldset class="remb-groupe"><legend>Que voulez-vous calculer ?</legend>'
            + f.choix("mode", "Mode", [("", (("acte", "Un soin"),
                                             ("annee", "Une année de soins du foyer")))])
            # Le régime vaut pour le soin comme pour tout le foyer en mode année.
            + f.choix("situation.regime", "Régime d'assurance maladie", [("", REGIMES)])
            + "</fieldset>")
    un_acte = (f'<div class="remb-mode"{si("mode", "acte")}>'
               f'<fieldset class="remb-groupe"><legend>Le soin</legend>'
               + champs_acte(f, m)
               + f.case("parcours_coordonne", "Dans le parcours de soins (adressé par mon "
                        "médecin traitant, ou c'est lui)",
                        visible=si("acte", *ids_actes(m, categorie="medecin")))
               + f.choix("exception_parcours", "Hors parcours, une exception ?",
                         [("", EXCEPTIONS)], visible=si("parcours_coordonne", "false"))
               + f.texte("jours", "Durée du séjour (nombre de nuits)", "0 pour une journée "
                         "sans nuit ; vide : seuls les frais de séjour sont comptés.",
                         mode="numeric", visible=si("acte", *ids_actes(m, frais_de_sejour=True)))
               + f.case("psychiatrie", "Séjour en psychiatrie",
                        visible=si("acte", *ids_actes(m, frais_de_sejour=True)))
               + f.case("acte_lourd", "Le séjour comprend un acte lourd",
                        visible=si("acte", *ids_actes(m, frais_de_sejour=True)))
               + f.case("ald_deficience", "En ALD : transport lié à l'ALD, avec une incapacité "
                        "ou une déficience reconnue par le médecin",
                        visible=si("acte", *ids_actes(m, categorie="transport")))
               + "</fieldset>"
               + '<fieldset class="remb-groupe"><legend>Votre situation</legend>'
               + f.texte("situation.age", "Âge", mode="numeric")
               + f.case("situation.ald", "Soin lié à une affection de longue durée (ALD)")
               + f.case("situation.maternite", "Enceinte de plus de 5 mois, ou accouchement "
                        "il y a moins de 12 jours")
               + f.case("situation.at_mp", "Accident du travail ou maladie professionnelle")
               + f.case("situation.invalidite", "Titulaire d'une pension d'invalidité")
               + f.case("situation.at_mp_incapacite_2_3", "Rente d'accident du travail ou de "
                        "maladie professionnelle, incapacité d'au moins deux tiers")
               + f.case("situation.css", "Bénéficiaire de la Complémentaire santé solidaire")
               + "</fieldset></div>")
    lignes = "".join(
        f'<fieldset class="remb-ligne"{_visible_apres(i)}><legend>Soin n° {i + 1}</legend>'
        + f.choix(f"lignes[{i}].personne", "Pour",
                  [("", tuple((f"personnes[{p}]", f"Personne {p + 1}")
                              for p in range(PERSONNES_FORMULAIRE)))])
        + f.choix(f"lignes[{i}].acte", "Soin", [("", (("", "—"),))] + options_actes(m))
        + f.date(f"lignes[{i}].date", "Date")
        + f.texte(f"lignes[{i}].prix", "Prix (€)")
        + f.texte(f"lignes[{i}].quantite", "Quantité", mode="numeric")
        + f.texte(f"lignes[{i}].professionnel", "Professionnel (nom ou initiales)",
                  mode="text")
        + "</fieldset>" for i in range(LIGNES_FORMULAIRE))
    annee = (f'<div class="remb-mode"{si("mode", "annee")}>'
             + '<fieldset class="remb-groupe"><legend>Le foyer et l\'année</legend>'
             + f.texte("annee", "Année", mode="numeric")
             + "".join(f.texte(f"personnes[{p}].age", f"Âge de la personne {p + 1}"
                               + (" (vide : pas de personne)" if p else ""), mode="numeric")
                       for p in range(PERSONNES_FORMULAIRE))
             + f.texte("medecines_douces.montant", "Forfait médecines douces par séance (€)")
             + f.texte("medecines_douces.nombre_par_an", "Séances couvertes par an",
                       mode="numeric")
             + "</fieldset>"
             + f'<p class="remb-aide-lignes">Un soin de plus apparaît dès que vous choisissez '
               f'le précédent ({LIGNES_FORMULAIRE} au plus ; pour une année plus chargée, voyez '
               '<a href="../comparer-des-contrats/">Comparer des contrats</a>).</p>'
             + lignes + "</div>")
    options = ('<details class="remb-avance"' + si("mode", "acte")
               + "><summary>Options avancées : quantité, base, taux, date</summary>"
               + '<div class="remb-groupe">'
               + f.texte("quantite", "Quantité (boîtes, séances, jours…)", mode="numeric")
               + f.texte("base_remboursement", "Base de remboursement (€, facultatif)",
                         "Lue sur la feuille de soins ou le devis ; sinon, celle du barème.")
               + f.texte("taux_amo", "Taux de l'Assurance Maladie (%, facultatif)",
                         "À laisser vide : le taux du barème s'applique.")
               + f.date("date", "Date des soins", "Vide : le barème du jour.")
               + "</div></details>")
    return mode + un_acte + annee + champs_garantie(f) + options


def _visible_apres(i: int) -> str:
    """Le soin n° i+1 n'apparaît qu'une fois le précédent choisi (ou s'il est lui-même rempli,
    comme un suivant) : sur un téléphone, un seul bloc vide à la fois plutôt que six."""
    if i == 0:
        return ""
    noms = " ".join(f"lignes[{k}].acte" for k in range(i - 1, LIGNES_FORMULAIRE))
    return f' data-visible-si-rempli="{noms}"'


def formulaire_tableau(f: Formulaire, m) -> str:
    return ('<fieldset class="remb-groupe"><legend>La facture</legend>' + champs_acte(f, m)
            + "</fieldset>" + champs_garantie(f, "La ligne de votre tableau de garanties"))


def formulaire_glossaire(f: Formulaire, m) -> str:
    return ('<fieldset class="remb-groupe"><legend>Une facture</legend>'
            + champs_acte(f, m) + "</fieldset>" + champs_garantie(f))


def formulaire_simple(f: Formulaire, m) -> str:
    medecins = ids_actes(m, categorie="medecin")
    return ('<fieldset class="remb-groupe"><legend>Votre cas</legend>' + champs_acte(f, m)
            + f.texte("quantite", "Quantité (boîtes, séances…)", mode="numeric")
            + f.case("parcours_coordonne", "Dans le parcours de soins",
                     visible=si("acte", *medecins))
            + f.texte("situation.age", "Âge", mode="numeric")
            + "</fieldset>" + champs_garantie(f))


def formulaire_css(f: Formulaire, m) -> str:
    ages = "".join(f.texte(f"personnes[{i}].age", f"Âge de la personne {i + 1} au 1er janvier"
                           + (" (vide : personne absente)" if i else ""), mode="numeric")
                   for i in range(PERSONNES_CSS))
    return ('<fieldset class="remb-groupe"><legend>Le foyer</legend>' + ages + "</fieldset>"
            + '<fieldset class="remb-groupe"><legend>Ressources et logement</legend>'
            + f.texte("ressources", "Ressources du foyer sur douze mois (€)", "Salaires, "
                      "pensions, allocations chômage, revenus du patrimoine… avant impôt.")
            + f.choix("logement", "Logement", [("", (
                ("locataire", "Locataire, sans aide au logement"),
                ("aide_au_logement", "Avec une aide au logement (APL, ALS, ALF)"),
                ("heberge_gratuitement", "Hébergé gratuitement"),
                ("proprietaire", "Propriétaire")))])
            + f.texte("aide_logement_mensuelle", "Aide au logement par mois (€, facultatif)",
                      visible=si("logement", "aide_au_logement"))
            + f.choix("zone", "Lieu de vie", [("", (("metropole", "Métropole"),
                                                     ("outre_mer", "Outre-mer (DROM)")))])
            + f.choix("regime", "Régime d'assurance maladie", [("", REGIMES)])
            + "</fieldset>")


FORMULAIRES = {"reste_a_charge": formulaire_reste_a_charge,
               "tableau_garanties": formulaire_tableau, "glossaire": formulaire_glossaire,
               "simple": formulaire_simple, "css": formulaire_css}


def calculateur(macros, nom: str) -> str:
    if nom not in DEFAUTS:
        raise KeyError(f"calculateur inconnu : « {nom} »")
    jour = macros.jour.isoformat()
    valeurs = {**DEFAUTS[nom], "date": jour} if nom == "reste_a_charge" else dict(DEFAUTS[nom])
    if nom == "reste_a_charge":
        valeurs["annee"] = str(macros.jour.year)
    if valeurs.get("prix") == "tarif":  # le tarif de l'acte au barème du site
        valeurs["prix"] = macros.resoudre({"acte": valeurs["acte"], "prix": "tarif"})["prix"]
    genre = TYPES.get(nom, nom)
    f = Formulaire(nom, valeurs)
    formulaire = masquer(FORMULAIRES[genre](f, macros))
    # Le calcul porte sur les champs mêmes du formulaire, tels que le navigateur les lira ; un
    # formulaire sans date calcule au jour du barème de la page (en direct : au jour du lecteur).
    calcul = {"date": jour, **valeurs_initiales(formulaire)}
    sortie = executer(genre, calcul, macros.baremes)
    if not sortie["ok"]:
        raise ValueError(f"calculateur {nom} : {sortie['erreur']}")
    entrees = escape(json.dumps(calcul, ensure_ascii=False, sort_keys=True))
    return (
        f'<div class="remb-calculateur" data-calculateur="{nom}" data-type="{genre}" '
        f'data-etat="statique" data-date-bareme="{jour}">'
        f'<form class="remb-formulaire" novalidate aria-label="Calculateur">'
        f"{formulaire}</form>"
        f'<p class="remb-statut" role="status" aria-live="polite">Résultat calculé pour les '
        f"valeurs par défaut ; le calcul en direct se prépare…</p>"
        f'<div class="remb-sortie" aria-live="polite" aria-atomic="true" '
        f'data-entrees="{entrees}">{sortie["html"]}</div>'
        f'<p class="remb-actions"><button type="button" class="md-button" '
        f'data-action="copier">Copier le lien de ce calcul</button> '
        f'<button type="button" class="md-button" data-action="imprimer">Imprimer</button></p>'
        f"</div>")
