"""Cas de référence : des demandes variées que CPython et Pyodide doivent calculer à l'identique.

`cas_de_reference()` couvre chaque acte du catalogue, chaque forme de garantie, les quatre
secteurs, le hors parcours (avec et sans exception), les situations (ALD, maternité, AT-MP, CSS,
enfant de 10 ans), trois dates de barème (2023, 2024, 2026), trois saisies invalides, une année
de soins (`"fonction": "simuler_annee"`) et le catalogue (`"fonction": "actes"`).

`executer(cas)` est la référence CPython de ce que fait tests/pyodide/executer_cas.mjs dans
Pyodide : mêmes fonctions, même traitement d'ErreurSaisie.
"""

from __future__ import annotations

import json

D23, D24, D26 = "2023-06-01", "2024-06-01", "2026-06-01"

BR_150 = {"forme": "pourcentage_br", "taux": 150}
BR_300_HORS_SECU = {"forme": "pourcentage_br", "taux": 300, "secu_incluse": False, "plafond": 400}
FORFAIT = {"forme": "forfait", "montant": "150", "plafond": "300"}
PMSS = {"forme": "pourcentage_pmss", "taux": 10}
FRAIS_REELS = {"forme": "frais_reels"}
FRAIS_REELS_PLAFOND = {"forme": "frais_reels", "plafond": 50}
TM = {"forme": "ticket_moderateur"}
AUCUNE = {"forme": "aucune"}

# Le nombre de cas invalides, à la fin de la liste des demandes à `simuler`.
INVALIDES = 3


def cas_de_reference() -> list[dict]:
    """~50 demandes (dicts JSON) ; les INVALIDES dernières de `simuler` lèvent ErreurSaisie."""
    simples = [
        # --- Consultations de médecin : secteurs, parcours, situations -----------------------
        {"acte": "consultation_generaliste", "date": D26, "prix": 30, "garantie": BR_150},
        {"acte": "consultation_generaliste", "date": D23, "prix": "25", "garantie": TM,
         "situation": {"age": 10}},
        {"acte": "consultation_generaliste", "date": D24, "prix": "26,50", "garantie": AUCUNE,
         "parcours_coordonne": False},
        {"acte": "consultation_specialiste", "date": D26, "prix": 60, "secteur": "2_optam",
         "garantie": BR_300_HORS_SECU},
        {"acte": "consultation_specialiste", "date": D24, "prix": 80, "secteur": "2_non_optam",
         "garantie": BR_150, "contrat_responsable": False},
        {"acte": "consultation_specialiste", "date": D26, "prix": 90, "secteur": "2_non_optam",
         "garantie": BR_150, "parcours_coordonne": False, "exception_parcours": "acces_direct"},
        {"acte": "consultation_psychiatre", "date": D26, "prix": 120, "secteur": "3",
         "garantie": FRAIS_REELS},
        {"acte": "consultation_psychiatre", "date": D24, "prix": 57, "parcours_coordonne": False,
         "situation": {"age": 20}, "garantie": TM},
        {"acte": "avis_ponctuel_consultant", "date": D26, "prix": 60, "garantie": TM},
        {"acte": "consultation_pediatre", "date": D26, "prix": 40, "situation": {"age": 1},
         "garantie": BR_150},
        {"acte": "examen_obligatoire_enfant", "date": D26, "prix": 50, "situation": {"age": 0}},
        {"acte": "consultation_longue", "date": D26, "prix": 60, "situation": {"age": 84},
         "garantie": TM},
        {"acte": "teleconsultation", "date": D26, "prix": 25, "parcours_coordonne": False,
         "exception_parcours": "urgence", "garantie": FORFAIT},
        {"acte": "consultation_generaliste", "date": D26, "prix": 30, "situation": {"css": True}},
        {"acte": "consultation_generaliste", "date": D26, "prix": 30, "quantite": 3,
         "parcours_coordonne": False, "exception_parcours": "eloignement",
         "participation_forfaitaire": 2},
        # --- Dentiste, sage-femme, auxiliaires ------------------------------------------------
        {"acte": "consultation_dentiste", "date": D23, "prix": 23, "garantie": BR_150},
        {"acte": "consultation_sage_femme", "date": D26, "prix": 30,
         "situation": {"maternite": True}, "garantie": TM},
        {"acte": "acte_infirmier", "date": D26, "prix": "3,15", "quantite": 10, "garantie": TM},
        {"acte": "seance_kinesitherapie", "date": D24, "prix": "16,13", "quantite": 12,
         "situation": {"ald": True}, "garantie": BR_150},
        {"acte": "seance_orthophonie", "date": D26, "prix": 30, "situation": {"age": 10},
         "garantie": PMSS},
        {"acte": "seance_orthoptie", "date": D23, "prix": 20, "garantie": AUCUNE},
        {"acte": "soin_pedicure_podologue", "date": D26, "prix": 45, "base_remboursement": 27,
         "situation": {"ald": True}, "garantie": FORFAIT},
        # --- Biologie, imagerie, actes techniques --------------------------------------------
        {"acte": "analyses_biologie", "date": D26, "prix": 48, "garantie": TM},
        {"acte": "imagerie", "date": D24, "prix": 75, "garantie": BR_150},
        {"acte": "imagerie", "date": D26, "prix": 180, "parcours_coordonne": False,
         "garantie": TM},
        {"acte": "forfait_technique_imagerie", "date": D26, "prix": 69, "garantie": TM},
        {"acte": "acte_technique", "date": D26, "prix": 180, "garantie": BR_150},
        {"acte": "acte_technique", "date": D23, "prix": 250, "secteur": "2_optam",
         "base_remboursement": 200, "situation": {"at_mp": True}, "garantie": BR_150},
        # --- Pharmacie --------------------------------------------------------------------------
        {"acte": "medicament_100", "date": D26, "prix": 80, "quantite": 2, "garantie": TM},
        {"acte": "medicament_65", "date": D26, "prix": "7,50", "quantite": 3,
         "garantie": FRAIS_REELS_PLAFOND},
        {"acte": "medicament_30", "date": D24, "prix": 4, "situation": {"css": True}},
        {"acte": "medicament_15", "date": D23, "prix": "2,10", "situation": {"ald": True},
         "garantie": TM},
        {"acte": "medicament_non_remboursable", "date": D26, "prix": 12, "garantie": FORFAIT},
        # --- Optique ------------------------------------------------------------------------
        {"acte": "monture_100_sante", "date": D26, "prix": 30, "garantie": TM},
        {"acte": "monture_hors_100_sante", "date": D24, "prix": 180, "garantie": FORFAIT},
        {"acte": "verre_100_sante", "date": D26, "prix": 60, "base_remboursement": 18,
         "prix_limite": 60, "quantite": 2, "garantie": TM},
        {"acte": "verre_complexe_hors_100_sante", "date": D26, "prix": 250, "quantite": 2,
         "garantie": FRAIS_REELS},
        {"acte": "verre_tres_complexe_hors_100_sante", "date": D24, "prix": 400,
         "garantie": BR_300_HORS_SECU},
        {"acte": "verre_hors_100_sante", "date": D26, "prix": 200, "quantite": 2,
         "garantie": PMSS, "contrat_responsable": False},
        {"acte": "lentilles", "date": D23, "prix": 150, "base_remboursement": "39,48",
         "garantie": BR_300_HORS_SECU},
        # --- Dentaire, orthodontie, aides auditives ------------------------------------------
        {"acte": "soin_dentaire", "date": D26, "prix": 40, "garantie": BR_150},
        {"acte": "detartrage", "date": D24, "prix": "28,92", "situation": {"age": 10},
         "garantie": TM},
        {"acte": "couronne_100_sante", "date": D26, "prix": 500, "garantie": TM},
        {"acte": "couronne_100_sante_zircone", "date": D24, "prix": 440, "garantie": AUCUNE},
        {"acte": "couronne_100_sante_metallique", "date": D26, "prix": 298.70, "garantie": TM},
        {"acte": "couronne_tarif_maitrise", "date": D26, "prix": 560, "garantie": BR_300_HORS_SECU},
        {"acte": "couronne_tarif_libre", "date": D23, "prix": 900, "garantie": BR_150,
         "contrat_responsable": False},
        {"acte": "orthodontie", "date": D26, "prix": 700, "situation": {"age": 10},
         "garantie": BR_300_HORS_SECU},
        {"acte": "aide_auditive_classe_1", "date": D26, "prix": 950, "garantie": TM},
        {"acte": "aide_auditive_classe_2", "date": D24, "prix": 1500, "garantie": PMSS},
        # --- Hôpital, urgences, transport -----------------------------------------------------
        {"acte": "hospitalisation_frais_sejour", "date": D26, "prix": 3000, "acte_lourd": True,
         "garantie": BR_150},
        {"acte": "hospitalisation_frais_sejour", "date": D26, "prix": 2400, "jours": 4,
         "garantie": TM},
        {"acte": "hospitalisation_frais_sejour", "date": D24, "prix": 9000, "jours": 40,
         "psychiatrie": True, "situation": {"invalidite": True}, "garantie": AUCUNE},
        {"acte": "hospitalisation_frais_sejour", "date": D23, "prix": 2000,
         "situation": {"maternite": True}, "garantie": TM},
        {"acte": "forfait_journalier", "date": D26, "quantite": 5, "garantie": FRAIS_REELS},
        {"acte": "forfait_journalier_psychiatrie", "date": D23, "quantite": 4, "garantie": TM},
        {"acte": "chambre_particuliere", "date": D26, "prix": 80, "quantite": 3,
         "garantie": FORFAIT},
        {"acte": "urgences_sans_hospitalisation", "date": D26, "garantie": TM},
        {"acte": "urgences_sans_hospitalisation", "date": D24, "situation": {"ald": True},
         "garantie": AUCUNE},
        {"acte": "transport_sanitaire", "date": D26, "prix": 60, "garantie": TM},
        {"acte": "transport_sanitaire", "date": D26, "prix": 60, "situation": {"ald": True},
         "ald_deficience": True, "garantie": AUCUNE},
        {"acte": "urgences_sans_hospitalisation", "date": D26,
         "situation": {"at_mp_incapacite_2_3": True}, "garantie": AUCUNE},
        # --- Hors nomenclature ----------------------------------------------------------------
        {"acte": "osteopathie", "date": D26, "prix": 60, "garantie": FORFAIT},
        {"acte": "chiropraxie", "date": D24, "prix": 55, "garantie": AUCUNE},
        {"acte": "acupuncture", "date": D23, "prix": 50,
         "garantie": {"forme": "forfait", "montant": 25}},
    ]
    invalides = [
        {"acte": "consultation_inconnue", "date": D26, "prix": 30},
        {"acte": "consultation_generaliste", "date": D26, "prix": "trente"},
        {"acte": "consultation_specialiste", "date": D26, "prix": 60, "secteur": "2"},
    ]
    assert len(invalides) == INVALIDES
    autres = [
        {"fonction": "simuler_annee", "annee": 2026,
         "personnes": [{"id": "moi", "situation": {"age": 40}},
                       {"id": "enfant", "situation": {"age": 10}}],
         "contrat": {"garanties": {"honoraires_medicaux": BR_150,
                                   "optique": {**FORFAIT, "renouvellement_ans": 2},
                                   "pharmacie": TM}},
         "actes": [
             {"personne": "moi", "acte": "consultation_generaliste", "date": "2026-02-03",
              "prix": 30},
             {"personne": "moi", "acte": "medicament_65", "date": "2026-02-03", "prix": 8,
              "quantite": 4},
             {"personne": "enfant", "acte": "consultation_specialiste", "date": "2026-03-10",
              "prix": 70, "secteur": "2_optam"},
             {"personne": "moi", "acte": "monture_hors_100_sante", "date": "2026-05-20",
              "prix": 180},
             {"personne": "moi", "acte": "monture_hors_100_sante", "date": "2026-09-01",
              "prix": 150},
         ]},
        {"fonction": "actes", "date": D24},
    ]
    return simples + invalides + autres + cas_des_regles() + cas_du_comparateur()


def cas_des_regles() -> list[dict]:
    """Les demandes de tests/cas_regles.toml, pour qu'elles tournent aussi dans Pyodide."""
    import tomllib
    from pathlib import Path

    texte = (Path(__file__).with_name("cas_regles.toml")).read_text(encoding="utf-8")
    return [{"fonction": c.get("fonction", "simuler"), **c["demande"]}
            for c in tomllib.loads(texte)["cas"]]


def cas_du_comparateur() -> list[dict]:
    """Les demandes de tests/cas_comparateur.toml (comparer_contrats, exemples_normalises)."""
    import tomllib
    from pathlib import Path

    texte = (Path(__file__).with_name("cas_comparateur.toml")).read_text(encoding="utf-8")
    return [{"fonction": c["fonction"], **c["demande"]} for c in tomllib.loads(texte)["cas"]]


def executer(cas: list[dict]) -> list:
    """Le calcul de référence (CPython) : le même que tests/pyodide/executer_cas.mjs.

    Une ErreurSaisie devient {"erreur": {"champ", "message"}} ; toute autre exception remonte."""
    import remb_core

    sorties = []
    for demande in cas:
        demande = dict(demande)
        fonction = demande.pop("fonction", "simuler")
        try:
            if fonction == "simuler":
                sortie = remb_core.simuler(demande)
            elif fonction == "simuler_annee":
                sortie = remb_core.simuler_annee(demande)
            elif fonction == "actes":
                sortie = remb_core.actes(demande.get("date"))
            elif fonction == "comparer_contrats":
                sortie = remb_core.comparer_contrats(demande)
            elif fonction == "exemples_normalises":
                sortie = remb_core.exemples_normalises(demande.get("garanties"),
                                                       demande.get("date"))
            else:
                raise ValueError(f"fonction inconnue : {fonction!r}")
        except remb_core.ErreurSaisie as exc:
            sortie = {"erreur": {"champ": exc.champ, "message": exc.message}}
        # Le même aller-retour JSON que dans Pyodide (json.dumps puis json.loads).
        sorties.append(json.loads(json.dumps(sortie, ensure_ascii=False)))
    return sorties
