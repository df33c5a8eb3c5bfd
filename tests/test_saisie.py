"""Saisies invalides : chacune est refusée avec ErreurSaisie, le bon champ et un message en
français."""

import re

import pytest

import remb_core
from remb_core import ErreurSaisie

JOUR = "2026-06-01"
CONSULTATION = {"acte": "consultation_generaliste", "prix": "30", "date": JOUR}

MOTS_ANGLAIS = re.compile(r"\b(must|invalid|required|error|unknown|missing|should|expected|"
                          r"value|field|not a)\b", re.IGNORECASE)
MOTS_FRANCAIS = re.compile(r"\b(le|la|les|l'|un|une|doit|est|sont|de|du|des|pour|inconnue?|"
                           r"indiquez|choisissez|précisez|laissez|champ)\b", re.IGNORECASE)


def refus(demande: dict) -> ErreurSaisie:
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler(demande)
    return exc.value


def avec(**champs) -> dict:
    return {**CONSULTATION, **champs}


def sans(cle: str) -> dict:
    return {k: v for k, v in CONSULTATION.items() if k != cle}


#: (identifiant, demande, champ attendu, fragments du message)
CAS = [
    ("acte_inconnu", avec(acte="radiesthesie"), "acte", ["Acte inconnu", "radiesthesie"]),
    ("acte_absent", sans("acte"), "acte", ["Choisissez un acte"]),
    ("cle_inconnue", avec(prixx="30"), "prixx", ["Champ inconnu", "prix"]),
    ("prix_negatif", avec(prix="-5"), "prix", ["Le prix", "positif"]),
    ("prix_abc", avec(prix="abc"), "prix", ["Le prix", "montant", "abc"]),
    ("prix_absent", sans("prix"), "prix", ["Le prix", "obligatoire"]),
    ("prix_vide", avec(prix=""), "prix", ["Le prix", "obligatoire"]),
    ("prix_absurde", avec(prix="2000000"), "prix", ["Le prix", "invraisemblable"]),
    ("prix_trois_decimales", avec(prix="26.555"), "prix", ["Le prix", "centime"]),
    ("prix_booleen", avec(prix=True), "prix", ["Le prix", "60,50"]),
    ("taux_amo_120", avec(taux_amo="120"), "taux_amo",
     ["taux de l'Assurance Maladie", "entre 0 et 100"]),
    ("taux_amo_abc", avec(taux_amo="abc"), "taux_amo", ["taux", "pourcentage", "abc"]),
    ("quantite_0", avec(quantite=0), "quantite", ["La quantité", "de 1 à 1000"]),
    ("quantite_decimale", avec(quantite=1.5), "quantite", ["La quantité", "entier"]),
    ("secteur_2_ambigu", avec(secteur="2"), "secteur", ["2_optam", "2_non_optam"]),
    ("secteur_4", avec(secteur="4"), "secteur", ["Secteur inconnu", "4"]),
    ("secteur_hors_medecin", {"acte": "acte_infirmier", "prix": "10", "date": JOUR,
                              "secteur": "2_optam"}, "secteur", ["médecins"]),
    ("exception_dans_le_parcours", avec(exception_parcours="urgence"), "exception_parcours",
     ["exception", "hors parcours"]),
    ("exception_inconnue", avec(parcours_coordonne=False, exception_parcours="vacances"),
     "exception_parcours", ["Exception inconnue", "vacances"]),
    ("parcours_pas_booleen", avec(parcours_coordonne="oui"), "parcours_coordonne",
     ["true ou false"]),
    ("garantie_forme_inconnue", avec(garantie={"forme": "magique"}), "garantie.forme",
     ["Forme de garantie inconnue", "magique"]),
    ("garantie_taux_absent", avec(garantie={"forme": "pourcentage_br"}), "garantie.taux",
     ["Le taux de la garantie", "obligatoire"]),
    ("garantie_champ_sans_objet", avec(garantie={"forme": "forfait", "montant": "40",
                                                 "taux": "100"}),
     "garantie.taux", ["sans objet", "forfait"]),
    ("css_avec_garantie", avec(situation={"css": True},
                               garantie={"forme": "pourcentage_br", "taux": "100"}),
     "garantie", ["Complémentaire santé solidaire", "garantie"]),
    ("date_mois_13", avec(date="2024-13-01"), "date", ["La date", "AAAA-MM-JJ", "2024-13-01"]),
    ("date_avant_2023", avec(date="2022-12-31"), "date", ["barèmes", "2023"]),
    ("base_saisie_absente", {"acte": "verre_100_sante", "prix": "50", "date": JOUR},
     "base_remboursement", ["base de remboursement", "indiquez"]),
    ("base_prix_hors_secteur_1", {"acte": "imagerie", "prix": "80", "secteur": "2_optam",
                                  "date": JOUR},
     "base_remboursement", ["base de remboursement", "secteur 1"]),
    ("base_acte_non_rembourse", {"acte": "osteopathie", "prix": "60", "date": JOUR,
                                 "base_remboursement": "10"},
     "base_remboursement", ["ne rembourse pas"]),
    ("orthodontie_17_ans", {"acte": "orthodontie", "prix": "500", "date": JOUR,
                            "situation": {"age": 17}},
     "situation.age", ["Orthodontie", "16 ans"]),
    ("age_abc", avec(situation={"age": "abc"}), "situation.age", ["L'âge", "entier", "abc"]),
    ("situation_cle_inconnue", avec(situation={"revenu": 1000}), "situation.revenu",
     ["Champ inconnu"]),
    ("prix_fixe_par_le_bareme", {"acte": "forfait_journalier", "prix": "10", "date": JOUR},
     "prix", ["barème", "laissez le prix vide"]),
    ("acte_lourd_hors_sejour", avec(acte_lourd=True), "acte_lourd", ["frais de séjour"]),
]


@pytest.mark.parametrize(("demande", "champ", "fragments"), [c[1:] for c in CAS],
                         ids=[c[0] for c in CAS])
def test_saisie_invalide(demande, champ, fragments):
    exc = refus(demande)
    assert exc.champ == champ
    assert exc.en_dict() == {"champ": champ, "message": exc.message}
    assert str(exc).startswith(f"{champ} : ")
    message = exc.message
    for fragment in fragments:
        assert fragment.lower() in message.lower(), (fragment, message)
    # En français : des mots français, pas d'anglais, une majuscule au début.
    assert MOTS_FRANCAIS.search(message), message
    assert not MOTS_ANGLAIS.search(message), message
    assert message[0].isupper(), message


def test_erreur_saisie_est_une_value_error():
    assert issubclass(ErreurSaisie, ValueError)


def test_demande_pas_un_objet():
    exc = refus(["consultation_generaliste"])
    assert exc.champ == "demande"


def test_prix_avec_virgule_accepte_et_identique():
    virgule = remb_core.simuler(avec(prix="26,50"))
    point = remb_core.simuler(avec(prix="26.50"))
    assert virgule["depense"] == "26.50"
    assert virgule == point


def test_montants_avec_virgule_partout():
    virgule = remb_core.simuler({"acte": "consultation_specialiste", "prix": "60,00",
                                 "secteur": "2_optam", "base_remboursement": "26,50",
                                 "date": JOUR,
                                 "garantie": {"forme": "pourcentage_br", "taux": "150,5"}})
    point = remb_core.simuler({"acte": "consultation_specialiste", "prix": "60.00",
                               "secteur": "2_optam", "base_remboursement": "26.50",
                               "date": JOUR,
                               "garantie": {"forme": "pourcentage_br", "taux": "150.5"}})
    assert virgule == point


def test_prix_nombre_entier_accepte():
    assert remb_core.simuler(avec(prix=30))["depense"] == "30.00"


def test_secteur_entier_1_accepte():
    assert remb_core.simuler(avec(secteur=1))["secteur"] == "1"


def test_prix_limite_100_sante_depasse_avec_garantie():
    exc = refus({"acte": "monture_100_sante", "prix": "45", "date": JOUR,
                 "garantie": {"forme": "ticket_moderateur"}})
    assert exc.champ == "prix"
    assert "prix limite" in exc.message


@pytest.mark.parametrize("extra", [{}, {"garantie": {"forme": "aucune"}},
                                   {"garantie": {"forme": "ticket_moderateur"},
                                    "contrat_responsable": False}],
                         ids=["sans_garantie", "garantie_aucune", "contrat_non_responsable"])
def test_prix_limite_100_sante_depasse_quelle_que_soit_la_garantie(extra):
    """Un équipement 100 % Santé « ne peut pas coûter plus » que son prix limite (message du
    moteur) : la même saisie doit être refusée qu'il y ait une complémentaire ou non."""
    exc = refus({"acte": "monture_100_sante", "prix": "45", "date": JOUR, **extra})
    assert exc.champ == "prix"
    assert "prix limite" in exc.message


def test_age_en_texte_accepte():
    r = remb_core.simuler(avec(situation={"age": "17"}))
    assert r["participation_forfaitaire"] == "0.00"
