"""Les paramètres de barème que le code du moteur lit par leur nom, avec leur unité.

Le catalogue des actes nomme les autres (bases, taux, prix limites). Le contrôle des barèmes
vérifie que chacun existe, avec cette unité : renommer `[pmss]` dans un fichier donne une erreur
en français au chargement, jamais un KeyError au milieu d'un calcul. Un test vérifie que le code
ne lit aucun paramètre absent de cette table.
"""

import datetime as dt

#: Le régime local d'Alsace-Moselle : taux du régime général → taux total avec le régime local.
#: Un taux absent de cette table n'est pas complété (ou son complément n'a pas été trouvé).
TAUX_ALSACE_MOSELLE = {
    "taux_medecin": "taux_alsace_moselle_soins",
    "taux_sage_femme": "taux_alsace_moselle_soins",
    "taux_dentaire": "taux_alsace_moselle_soins",
    "taux_auxiliaire": "taux_alsace_moselle_soins",
    "taux_biologie": "taux_alsace_moselle_soins",
    "taux_medicament_65": "taux_alsace_moselle_medicament_65",
    "taux_medicament_30": "taux_alsace_moselle_medicament_30",
    "taux_medicament_15": "taux_alsace_moselle_medicament_15",
    "taux_hospitalisation": "taux_alsace_moselle_hospitalisation",
    "taux_transport": "taux_alsace_moselle_transport",
}
TAILLES_FOYER_CSS = ("1_personne", "2_personnes", "3_personnes", "4_personnes")
#: Tranches d'âge de la participation à la CSS : âge maximum → suffixe du paramètre.
TRANCHES_CSS = ((29, "jusqu_a_29_ans"), (49, "30_49_ans"), (59, "50_59_ans"), (69, "60_69_ans"),
                (200, "70_ans_et_plus"))
#: Les paramètres du moteur qui ne servent qu'à partir d'une date (le barème de la CSS).
DEBUT_CSS = dt.date(2023, 4, 1)

#: nom → (unité, ce que le moteur en fait)
PARAMETRES_MOTEUR: dict[str, tuple[str, str]] = {
    "participation_forfaitaire": ("EUR", "retenue sur chaque consultation ou acte de médecin"),
    "participation_forfaitaire_plafond_annuel": ("EUR", "plafond annuel de la participation"),
    "participation_forfaitaire_max_par_jour": ("nombre", "participations par jour et "
                                               "professionnel"),
    "franchise_medicament": ("EUR", "franchise par boîte de médicament"),
    "franchise_acte_paramedical": ("EUR", "franchise par acte paramédical"),
    "franchise_transport": ("EUR", "franchise par transport"),
    "franchise_plafond_jour_paramedical": ("EUR", "plafond journalier des franchises "
                                           "paramédicales"),
    "franchise_plafond_jour_transport": ("EUR", "plafond journalier des franchises de transport"),
    "franchise_plafond_annuel": ("EUR", "plafond annuel des franchises"),
    "taux_hors_parcours": ("pourcent", "taux hors parcours de soins"),
    "taux_exoneration": ("pourcent", "taux en cas d'exonération du ticket modérateur"),
    "plafond_majoration_hors_parcours": ("pourcent", "plafond de la majoration hors parcours"),
    "consultation_generaliste": ("EUR", "référence du plafond de la majoration hors parcours"),
    "participation_actes_lourds": ("EUR", "participation sur les actes lourds"),
    "seuil_actes_lourds": ("EUR", "seuil des actes lourds"),
    "plafond_depassement_non_optam": ("pourcent", "dépassements pris en charge hors OPTAM par "
                                      "un contrat responsable"),
    "pmss": ("EUR", "garanties exprimées en % du PMSS"),
    "depassement_autorise_hors_parcours": ("pourcent", "dépassement hors parcours qu'un contrat "
                                           "responsable ne rembourse pas"),
    "forfait_journalier": ("EUR", "forfait journalier d'un séjour"),
    "forfait_journalier_psychiatrie": ("EUR", "forfait journalier d'un séjour en psychiatrie"),
    "duree_ticket_moderateur_hospitalisation": ("nombre", "jours de séjour soumis au ticket "
                                                "modérateur"),
    "plafond_optique_2_simples": ("EUR", "plafond d'un équipement d'optique"),
    "plafond_optique_simple_complexe": ("EUR", "plafond d'un équipement d'optique"),
    "plafond_optique_2_complexes": ("EUR", "plafond d'un équipement d'optique"),
    "plafond_optique_simple_tres_complexe": ("EUR", "plafond d'un équipement d'optique"),
    "plafond_optique_complexe_tres_complexe": ("EUR", "plafond d'un équipement d'optique"),
    "plafond_optique_2_tres_complexes": ("EUR", "plafond d'un équipement d'optique"),
    "renouvellement_optique_ans": ("nombre", "renouvellement d'un équipement d'optique"),
    "renouvellement_optique_enfant_ans": ("nombre", "renouvellement d'un équipement d'optique "
                                          "avant 16 ans"),
    "age_renouvellement_optique_adulte": ("nombre", "âge du renouvellement optique des adultes"),
    **{nom: ("pourcent", "taux du régime local d'Alsace-Moselle")
       for nom in set(TAUX_ALSACE_MOSELLE.values())},
    **{f"plafond_css_{genre}_{taille}": ("EUR", "plafond de ressources de la CSS")
       for genre in ("gratuite", "participation") for taille in (*TAILLES_FOYER_CSS,
                                                                   "personne_sup")},
    **{f"participation_css_{regime}{suffixe}": ("EUR", "participation mensuelle à la CSS")
       for regime in ("", "alsace_moselle_") for _, suffixe in TRANCHES_CSS},
    "majoration_css_outre_mer": ("pourcent", "plafonds de la CSS outre-mer"),
    "rsa_montant_forfaitaire": ("EUR", "forfait logement de la CSS"),
    "rsa_coefficient_2_personnes": ("nombre", "forfait logement de la CSS"),
    "rsa_coefficient_3_personnes": ("nombre", "forfait logement de la CSS"),
    **{f"forfait_logement_css_{aide}_{n}": ("pourcent", "forfait logement de la CSS")
       for aide in ("sans_aide", "avec_aide") for n in (1, 2, 3)},
}
DEBUTS_MOTEUR = {nom: DEBUT_CSS for nom in PARAMETRES_MOTEUR
                 if "css" in nom or nom.startswith("rsa_")}
