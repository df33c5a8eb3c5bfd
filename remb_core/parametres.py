"""Les paramètres de barème que le code du moteur lit par leur nom, avec leur unité.

Le catalogue des actes nomme les autres (bases, taux, prix limites). Le contrôle des barèmes
vérifie que chacun existe, avec cette unité : renommer `[pmss]` dans un fichier donne une erreur
en français au chargement, jamais un KeyError au milieu d'un calcul. Un test vérifie que le code
ne lit aucun paramètre absent de cette table.
"""

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
}
