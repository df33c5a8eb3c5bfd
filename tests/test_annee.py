"""Une année de soins d'un foyer (`remb_core.simuler_annee`) : plafonds annuels et journaliers,
limites des garanties, ordre de traitement, erreurs ; puis des propriétés (hypothesis).

Les montants du JSON sont des textes au centime (« 2.00 ») : on les compare en Decimal.
"""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import remb_core
from remb_core import ErreurSaisie

TOTAUX = ("depense", "amo", "amc", "reste_a_charge", "participation_forfaitaire", "franchise")
CHIFFRES_ACTE = TOTAUX + ("base_remboursement", "amo_avant_participations", "ticket_moderateur",
                          "depassement")
ZERO = Decimal("0.00")
ADULTE = [{"id": "moi", "situation": {"age": 40}}]


def D(texte) -> Decimal:  # noqa: N802 (lecture courte des montants)
    return Decimal(str(texte))


def acte(nom: str, date: str, prix=None, personne: str = "moi", **options) -> dict:
    a = {"personne": personne, "acte": nom, "date": date}
    if prix is not None:
        a["prix"] = prix
    a.update(options)
    return a


def annee(actes: list, personnes=None, contrat=None, annee=2025, **periode) -> dict:
    demande = {"personnes": personnes or ADULTE, "actes": actes}
    if periode:
        demande.update(periode)
    else:
        demande["annee"] = annee
    if contrat is not None:
        demande["contrat"] = contrat
    return remb_core.simuler_annee(demande)


def jours(debut: str, nombre: int) -> list[str]:
    """`nombre` jours consécutifs à partir de `debut` (ISO)."""
    premier = dt.date.fromisoformat(debut)
    return [(premier + dt.timedelta(days=k)).isoformat() for k in range(nombre)]


def colonne(resultat: dict, cle: str) -> list[Decimal]:
    """Le montant `cle` de chaque acte, dans l'ordre de la saisie (par `index`)."""
    par_index = sorted(resultat["actes"], key=lambda a: a["index"])
    return [D(a[cle]) for a in par_index]


def par_index(resultat: dict) -> dict[int, dict]:
    return {a["index"]: a for a in resultat["actes"]}


# --- Participation forfaitaire ---------------------------------------------------------------

def test_vingt_sixieme_participation_ne_paie_rien():
    """25 × 2 € = 50 € : la 26e participation de l'année dépasse le plafond annuel."""
    dates = jours("2025-01-02", 26)
    r = annee([acte("consultation_generaliste", d, 30, professionnel=f"dr_{k}")
               for k, d in enumerate(dates)])
    pf = colonne(r, "participation_forfaitaire")
    assert pf[:25] == [D("2.00")] * 25
    assert pf[25] == ZERO
    assert D(r["totaux"]["participation_forfaitaire"]) == D("50.00")
    dernier = par_index(r)[25]
    assert D(dernier["amo"]) == D(dernier["amo_avant_participations"]) == D("21.00")
    assert [e["index"] for e in r["plafonds_atteints"]] == [25]
    assert "plafond annuel" in r["plafonds_atteints"][0]["message"]
    assert r["plafonds_atteints"][0]["date"] == dates[25]


def test_trois_consultations_un_jour_un_medecin_paient_chacune():
    r = annee([acte("consultation_generaliste", "2025-03-10", 30, professionnel="dr_x")
               for _ in range(3)])
    assert colonne(r, "participation_forfaitaire") == [D("2.00")] * 3
    assert D(r["totaux"]["participation_forfaitaire"]) == D("6.00")
    assert r["plafonds_atteints"] == []


def test_cinquieme_participation_du_jour_chez_le_meme_medecin_ne_paie_rien():
    """Quatre participations par jour pour un même professionnel (et pas quatre euros)."""
    actes = [acte("consultation_generaliste", "2025-03-10", 30, professionnel="dr_x")
             for _ in range(5)]
    actes.append(acte("consultation_generaliste", "2025-03-10", 30, professionnel="dr_y"))
    actes.append(acte("consultation_generaliste", "2025-03-11", 30, professionnel="dr_x"))
    r = annee(actes)
    assert colonne(r, "participation_forfaitaire") == [D("2.00")] * 4 + [ZERO] + [D("2.00")] * 2
    assert [e["index"] for e in r["plafonds_atteints"]] == [4]
    assert "4 par jour" in r["plafonds_atteints"][0]["message"]


def test_quantite_compte_dans_les_quatre_participations_du_jour():
    r = annee([acte("consultation_generaliste", "2025-03-10", 30, professionnel="dr_x",
                    quantite=3),
               acte("consultation_generaliste", "2025-03-10", 30, professionnel="dr_x",
                    quantite=3)])
    assert colonne(r, "participation_forfaitaire") == [D("6.00"), D("2.00")]


# --- S8 : ostéopathe, 4 séances par an ----------------------------------------------------

def test_s8_cinquieme_seance_d_osteopathie_sans_forfait():
    contrat = {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "nombre_par_an": 4}}}
    r = annee([acte("osteopathie", d, 60) for d in
               ("2025-01-15", "2025-03-15", "2025-05-15", "2025-07-15", "2025-09-15")],
              contrat=contrat)
    assert colonne(r, "amo") == [ZERO] * 5
    assert colonne(r, "amc") == [D("40.00")] * 4 + [ZERO]
    assert colonne(r, "reste_a_charge") == [D("20.00")] * 4 + [D("60.00")]
    assert [e["index"] for e in r["plafonds_atteints"]] == [4]
    assert D(r["totaux"]["amc"]) == D("160.00")


def test_s8_quantite_au_dela_du_nombre_par_an_couverte_en_partie():
    contrat = {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "nombre_par_an": 4}}}
    r = annee([acte("osteopathie", "2025-02-01", 60, quantite=3),
               acte("osteopathie", "2025-06-01", 60, quantite=3)], contrat=contrat)
    assert colonne(r, "amc") == [D("120.00"), D("40.00")]


# --- Exonérations ------------------------------------------------------------------------------

@pytest.mark.parametrize("age", [0, 10, 17])
def test_mineur_ne_paie_ni_participation_ni_franchise(age):
    personnes = [{"id": "enfant", "situation": {"age": age}}]
    actes = []
    for d in jours("2025-01-02", 30):
        actes.append(acte("consultation_generaliste", d, 30, "enfant", professionnel="dr"))
        actes.append(acte("consultation_specialiste", d, 50, "enfant", secteur="1"))
        actes.append(acte("analyses_biologie", d, 40, "enfant"))
        actes.append(acte("seance_kinesitherapie", d, 16.13, "enfant", quantite=6))
        actes.append(acte("medicament_65", d, 12.40, "enfant", quantite=5))
        actes.append(acte("transport_sanitaire", d, 80, "enfant", quantite=3))
    r = annee(actes, personnes)
    assert set(colonne(r, "participation_forfaitaire")) == {ZERO}
    assert set(colonne(r, "franchise")) == {ZERO}
    assert r["par_personne"]["enfant"]["participation_forfaitaire"] == "0.00"
    assert r["par_personne"]["enfant"]["franchise"] == "0.00"
    assert r["plafonds_atteints"] == []


def test_age_18_paie():
    personnes = [{"id": "jeune", "situation": {"age": 18}}]
    r = annee([acte("consultation_generaliste", "2025-04-01", 30, "jeune"),
               acte("medicament_65", "2025-04-01", 10, "jeune")], personnes)
    assert colonne(r, "participation_forfaitaire") == [D("2.00"), ZERO]
    assert colonne(r, "franchise") == [ZERO, D("1.00")]


# --- Une année qui change de barème (2024) ---------------------------------------------------

def test_2024_participation_change_le_15_mai():
    r = annee([acte("consultation_generaliste", "2024-05-14", 26.50),
               acte("consultation_generaliste", "2024-05-15", 26.50)], annee=2024)
    assert colonne(r, "participation_forfaitaire") == [D("1.00"), D("2.00")]


def test_2024_franchise_change_le_31_mars():
    r = annee([acte("medicament_65", "2024-03-30", 10),
               acte("medicament_65", "2024-03-31", 10),
               acte("seance_kinesitherapie", "2024-03-30", 16.13),
               acte("seance_kinesitherapie", "2024-03-31", 16.13),
               acte("transport_sanitaire", "2024-03-30", 80),
               acte("transport_sanitaire", "2024-03-31", 80)], annee=2024)
    assert colonne(r, "franchise") == [D("0.50"), D("1.00"), D("0.50"), D("1.00"), D("2.00"),
                                       D("4.00")]


def test_2024_plafonds_journaliers_suivent_le_bareme_du_jour():
    """Paramédical : 2 € par jour avant le 31 mars 2024, 4 € ensuite ; transport 4 € puis 8 €."""
    r = annee([acte("seance_kinesitherapie", "2024-03-30", 16.13) for _ in range(6)]
              + [acte("seance_kinesitherapie", "2024-03-31", 16.13) for _ in range(6)]
              + [acte("transport_sanitaire", "2024-03-30", 80) for _ in range(3)]
              + [acte("transport_sanitaire", "2024-03-31", 80) for _ in range(3)], annee=2024)
    f = colonne(r, "franchise")
    assert sum(f[0:6]) == D("2.00")
    assert sum(f[6:12]) == D("4.00")
    assert sum(f[12:15]) == D("4.00")
    assert sum(f[15:18]) == D("8.00")


def test_2024_plafond_annuel_mele_les_deux_montants():
    """30 participations à 1 € avant le 15 mai, puis 10 à 2 € : 50 € ; la suivante, rien."""
    avant = jours("2024-01-02", 30)
    apres = jours("2024-05-15", 11)
    r = annee([acte("consultation_generaliste", d, 26.50, professionnel=f"a{k}")
               for k, d in enumerate(avant)]
              + [acte("consultation_generaliste", d, 26.50, professionnel=f"b{k}")
                 for k, d in enumerate(apres)], annee=2024)
    pf = colonne(r, "participation_forfaitaire")
    assert pf[:30] == [D("1.00")] * 30
    assert pf[30:40] == [D("2.00")] * 10
    assert pf[40] == ZERO
    assert D(r["totaux"]["participation_forfaitaire"]) == D("50.00")


# --- Franchises -------------------------------------------------------------------------------

def test_franchise_plafond_annuel_50_euros():
    """Médicaments (pas de plafond journalier) : 10 boîtes par délivrance ; la 6e ne paie rien."""
    dates = jours("2025-02-01", 7)
    r = annee([acte("medicament_65", d, 10, quantite=10) for d in dates])
    f = colonne(r, "franchise")
    assert f == [D("10.00")] * 5 + [ZERO, ZERO]
    assert D(r["totaux"]["franchise"]) == D("50.00")
    assert [e["index"] for e in r["plafonds_atteints"]] == [5, 6]
    assert all("plafond annuel" in e["message"] for e in r["plafonds_atteints"])


def test_franchise_plafond_annuel_entame_en_partie():
    r = annee([acte("medicament_65", d, 10, quantite=8) for d in jours("2025-02-01", 7)])
    assert colonne(r, "franchise") == [D("8.00")] * 6 + [D("2.00")]


def test_franchise_plafond_annuel_toutes_natures_confondues():
    actes = [acte("medicament_65", d, 10, quantite=10) for d in jours("2025-02-01", 4)]  # 40 €
    actes += [acte("transport_sanitaire", "2025-06-01", 80) for _ in range(2)]  # 8 €
    actes += [acte("seance_kinesitherapie", "2025-07-01", 16.13, quantite=4)]  # 2 € sur 4
    actes += [acte("seance_kinesitherapie", "2025-07-02", 16.13)]
    r = annee(actes)
    assert colonne(r, "franchise")[4:] == [D("4.00"), D("4.00"), D("2.00"), ZERO]
    assert D(r["totaux"]["franchise"]) == D("50.00")


def test_six_actes_de_kine_le_meme_jour_quatre_euros():
    r = annee([acte("seance_kinesitherapie", "2025-04-07", 16.13) for _ in range(6)]
              + [acte("seance_kinesitherapie", "2025-04-08", 16.13)])
    assert colonne(r, "franchise") == [D("1.00")] * 4 + [ZERO, ZERO, D("1.00")]
    assert [e["index"] for e in r["plafonds_atteints"]] == [4, 5]
    assert all("plafond journalier" in e["message"] for e in r["plafonds_atteints"])


def test_plafond_journalier_paramedical_sur_une_quantite():
    r = annee([acte("seance_kinesitherapie", "2025-04-07", 16.13, quantite=6)])
    assert colonne(r, "franchise") == [D("4.00")]


def test_plafond_journalier_paramedical_ne_touche_pas_les_medicaments():
    r = annee([acte("seance_kinesitherapie", "2025-04-07", 16.13, quantite=4),
               acte("medicament_65", "2025-04-07", 10, quantite=3)])
    assert colonne(r, "franchise") == [D("4.00"), D("3.00")]


def test_transport_plafond_journalier_8_euros():
    r = annee([acte("transport_sanitaire", "2025-05-05", 80) for _ in range(3)]
              + [acte("transport_sanitaire", "2025-05-06", 80)])
    assert colonne(r, "franchise") == [D("4.00"), D("4.00"), ZERO, D("4.00")]
    assert D(r["totaux"]["franchise"]) == D("12.00")


def test_transport_et_paramedical_ont_chacun_leur_plafond_du_jour():
    r = annee([acte("transport_sanitaire", "2025-05-05", 80, quantite=3),
               acte("seance_kinesitherapie", "2025-05-05", 16.13, quantite=6)])
    assert colonne(r, "franchise") == [D("8.00"), D("4.00")]


# --- Limites des garanties -------------------------------------------------------------------

OPTIQUE_2_ANS = {"garanties": {"optique": {"forme": "forfait", "montant": 100,
                                           "renouvellement_ans": 2}}}


def test_renouvellement_deuxieme_monture_de_l_annee_sans_complementaire():
    r = annee([acte("monture_hors_100_sante", "2025-02-01", 150),
               acte("monture_hors_100_sante", "2025-09-01", 150)], contrat=OPTIQUE_2_ANS)
    premiere, seconde = sorted(r["actes"], key=lambda a: a["index"])
    assert D(premiere["amc"]) > 0
    assert D(seconde["amc"]) == ZERO
    assert D(seconde["reste_a_charge"]) == D(seconde["depense"]) - D(seconde["amo"])
    assert [e["index"] for e in r["plafonds_atteints"]] == [1]
    assert "Renouvellement" in r["plafonds_atteints"][0]["message"]


def test_renouvellement_couvert_de_nouveau_deux_ans_apres():
    r = annee([acte("monture_hors_100_sante", "2025-02-01", 150),
               acte("monture_hors_100_sante", "2027-01-31", 150),
               acte("monture_hors_100_sante", "2027-02-01", 150)],
              contrat=OPTIQUE_2_ANS, du="2025-01-01", au="2027-12-31")
    amc = colonne(r, "amc")
    assert amc[0] > 0 and amc[1] == ZERO and amc[2] == amc[0]


def test_renouvellement_monture_et_verres_du_meme_jour_forment_un_equipement():
    """Une monture et ses deux verres achetés ensemble sont un seul équipement : la règle de
    renouvellement ne doit pas priver les verres de la complémentaire."""
    r = annee([acte("monture_hors_100_sante", "2025-02-01", 150),
               acte("verre_hors_100_sante", "2025-02-01", 120, quantite=2)],
              contrat=OPTIQUE_2_ANS)
    seuls = remb_core.simuler({"acte": "verre_hors_100_sante", "date": "2025-02-01", "prix": 120,
                               "quantite": 2, "garantie": {"forme": "forfait", "montant": 100}})
    assert D(seuls["amc"]) > 0
    assert colonne(r, "amc")[1] == D(seuls["amc"])
    assert r["plafonds_atteints"] == []


def test_plafond_annuel_d_un_poste_consomme_acte_apres_acte():
    contrat = {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "plafond_annuel": 100},
                             "honoraires_medicaux": {"forme": "pourcentage_br", "taux": 100}}}
    r = annee([acte("osteopathie", "2025-01-10", 60),
               acte("consultation_generaliste", "2025-01-11", 30),
               acte("osteopathie", "2025-02-10", 60),
               acte("osteopathie", "2025-03-10", 60),
               acte("osteopathie", "2025-04-10", 60)], contrat=contrat)
    assert colonne(r, "amc") == [D("40.00"), D("9.00"), D("40.00"), D("20.00"), ZERO]
    assert D(r["par_poste"]["medecines_douces"]["amc"]) == D("100.00")
    assert [e["index"] for e in r["plafonds_atteints"]] == [3, 4]
    assert "Plafond annuel de la garantie" in r["plafonds_atteints"][0]["message"]


def test_plafond_annuel_d_un_poste_repart_a_zero_l_annee_suivante():
    contrat = {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "plafond_annuel": 50}}}
    r = annee([acte("osteopathie", "2025-11-10", 60), acte("osteopathie", "2025-12-10", 60),
               acte("osteopathie", "2026-01-10", 60)],
              contrat=contrat, du="2025-01-01", au="2026-12-31")
    assert colonne(r, "amc") == [D("40.00"), D("10.00"), D("40.00")]


def test_plafond_annuel_par_personne_tous_postes_confondus():
    contrat = {"plafond_annuel_personne": 145,
               "garanties": {"medecines_douces": {"forme": "forfait", "montant": 40},
                             "auxiliaires_medicaux": {"forme": "frais_reels"},
                             "honoraires_medicaux": {"forme": "pourcentage_br", "taux": 100}}}
    r = annee([acte("osteopathie", "2025-01-10", 60),                     # 40
               acte("osteopathie", "2025-02-10", 60),                     # 40
               acte("consultation_generaliste", "2025-03-10", 30),        # 9
               acte("osteopathie", "2025-04-10", 60),                     # 40 → 129
               acte("seance_kinesitherapie", "2025-05-10", 50),           # 20 voulus, 16 restent
               acte("consultation_generaliste", "2025-06-10", 30)], contrat=contrat)
    assert colonne(r, "amc") == [D("40.00"), D("40.00"), D("9.00"), D("40.00"), D("16.00"), ZERO]
    assert D(r["totaux"]["amc"]) == D("145.00")
    assert [e["index"] for e in r["plafonds_atteints"]] == [4, 5]
    assert "par personne" in r["plafonds_atteints"][0]["message"]


def test_deux_personnes_un_contrat_chacune_ses_plafonds():
    personnes = [{"id": "a", "situation": {"age": 40}}, {"id": "b", "situation": {"age": 38}}]
    contrat = {"plafond_annuel_personne": 100,
               "garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "nombre_par_an": 2}}}
    actes = []
    for k, d in enumerate(jours("2025-01-02", 26)):
        actes.append(acte("consultation_generaliste", d, 30, "a", professionnel=f"dr{k}"))
        actes.append(acte("consultation_generaliste", d, 30, "b", professionnel=f"dr{k}"))
    for d in ("2025-06-01", "2025-07-01", "2025-08-01"):
        actes.append(acte("osteopathie", d, 60, "a"))
        actes.append(acte("osteopathie", d, 60, "b"))
    actes.append(acte("medicament_65", "2025-09-01", 10, "a", quantite=50))
    actes.append(acte("medicament_65", "2025-09-01", 10, "b", quantite=20))
    r = annee(actes, personnes, contrat)
    a, b = r["par_personne"]["a"], r["par_personne"]["b"]
    assert D(a["participation_forfaitaire"]) == D(b["participation_forfaitaire"]) == D("50.00")
    assert D(a["amc"]) == D(b["amc"]) == D("80.00")
    assert D(a["franchise"]) == D("50.00")
    assert D(b["franchise"]) == D("20.00")
    pf = {(x["personne"], x["date"]): D(x["participation_forfaitaire"]) for x in r["actes"]
          if x["acte"] == "consultation_generaliste"}
    assert pf["a", "2025-01-27"] == pf["b", "2025-01-27"] == ZERO
    assert pf["a", "2025-01-26"] == pf["b", "2025-01-26"] == D("2.00")
    osteo = [(x["personne"], D(x["amc"])) for x in r["actes"] if x["acte"] == "osteopathie"]
    assert osteo == [("a", D("40.00")), ("b", D("40.00"))] * 2 + [("a", ZERO), ("b", ZERO)]


def test_plafond_par_personne_partage_ne_deborde_pas_sur_l_autre():
    personnes = [{"id": "a", "situation": {"age": 40}}, {"id": "b", "situation": {"age": 8}}]
    contrat = {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "plafond_annuel": 60}}}
    r = annee([acte("osteopathie", "2025-01-10", 60, "a"),
               acte("osteopathie", "2025-01-11", 60, "a"),
               acte("osteopathie", "2025-01-12", 60, "b"),
               acte("osteopathie", "2025-01-13", 60, "b")], personnes, contrat)
    assert colonne(r, "amc") == [D("40.00"), D("20.00"), D("40.00"), D("20.00")]


def test_limites_du_contrat_ne_touchent_pas_la_css():
    """Un membre du foyer à la Complémentaire santé solidaire n'a pas la garantie du contrat :
    les limites de ce contrat ne doivent pas réduire ce que la CSS lui rembourse."""
    personnes = [{"id": "moi", "situation": {"age": 40}},
                 {"id": "css", "situation": {"age": 40, "css": True}}]
    contrat = {"plafond_annuel_personne": 0,
               "garanties": {"honoraires_medicaux": {"forme": "frais_reels", "plafond_annuel": 5,
                                                     "nombre_par_an": 1}}}
    seule = remb_core.simuler({"acte": "consultation_generaliste", "date": "2025-02-03",
                               "prix": 30, "situation": {"age": 40, "css": True}})
    assert D(seule["amc"]) == D("9.00")
    r = annee([acte("consultation_generaliste", "2025-02-03", 30, "moi"),
               acte("consultation_generaliste", "2025-02-03", 30, "css"),
               acte("consultation_generaliste", "2025-02-04", 30, "css")], personnes, contrat)
    assert colonne(r, "amc") == [ZERO, D("9.00"), D("9.00")]
    assert [e["personne"] for e in r["plafonds_atteints"]] == ["moi"]


# --- Ordre de traitement -----------------------------------------------------------------------

def test_actes_traites_dans_l_ordre_des_dates_index_garde_la_saisie():
    contrat = {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "nombre_par_an": 2}}}
    saisie = [acte("osteopathie", "2025-12-01", 60),    # 0
              acte("osteopathie", "2025-03-01", 60),    # 1
              acte("osteopathie", "2025-06-01", 50),    # 2 (même date que 3, saisi avant)
              acte("osteopathie", "2025-06-01", 70),    # 3
              acte("osteopathie", "2025-01-01", 60)]    # 4
    r = annee(saisie, contrat=contrat)
    assert [a["index"] for a in r["actes"]] == [4, 1, 2, 3, 0]
    assert [a["date"] for a in r["actes"]] == sorted(a["date"] for a in saisie)
    assert [a["depense"] for a in r["actes"]] == ["60.00", "60.00", "50.00", "70.00", "60.00"]
    assert colonne(r, "amc") == [ZERO, D("40.00"), ZERO, ZERO, D("40.00")]
    assert [e["index"] for e in r["plafonds_atteints"]] == [2, 3, 0]


def test_a_date_egale_l_ordre_de_la_saisie_decide():
    contrat = {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                  "nombre_par_an": 1}}}
    r = annee([acte("osteopathie", "2025-06-01", 50), acte("osteopathie", "2025-06-01", 70)],
              contrat=contrat)
    assert colonne(r, "amc") == [D("40.00"), ZERO]
    r = annee([acte("osteopathie", "2025-06-01", 70), acte("osteopathie", "2025-06-01", 50)],
              contrat=contrat)
    assert colonne(r, "amc") == [D("40.00"), ZERO]


def test_participations_consommees_dans_l_ordre_des_dates():
    dates = jours("2025-01-02", 26)
    saisie = [acte("consultation_generaliste", d, 30, professionnel=f"dr{k}")
              for k, d in enumerate(reversed(dates))]
    r = annee(saisie)
    # l'acte saisi en premier est le plus tardif : c'est lui qui dépasse le plafond
    assert colonne(r, "participation_forfaitaire") == [ZERO] + [D("2.00")] * 25
    assert r["actes"][-1]["index"] == 0


# --- Erreurs -------------------------------------------------------------------------------------

def _erreur(demande: dict) -> ErreurSaisie:
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler_annee(demande)
    return exc.value


def _en_francais(message: str) -> None:
    assert message and message[0].isupper()
    mots = set(message.lower().replace(".", " ").replace(",", " ").split())
    assert not mots & {"the", "must", "invalid", "unknown", "error", "is", "should", "price"}
    assert mots & {"le", "la", "les", "de", "du", "doit", "est", "inconnue", "hors", "prix"}


def test_erreur_personne_inconnue():
    e = _erreur({"annee": 2025, "personnes": ADULTE,
                 "actes": [acte("consultation_generaliste", "2025-01-02", 30),
                           acte("consultation_generaliste", "2025-01-03", 30, "toi")]})
    assert e.champ == "actes[1].personne"
    assert "Personne inconnue" in e.message and "toi" in e.message
    _en_francais(e.message)


@pytest.mark.parametrize("date, periode", [
    ("2024-12-31", {"annee": 2025}),
    ("2026-01-01", {"annee": 2025}),
    ("2025-02-28", {"du": "2025-03-01", "au": "2025-06-30"}),
    ("2025-07-01", {"du": "2025-03-01", "au": "2025-06-30"}),
])
def test_erreur_acte_hors_periode(date, periode):
    e = _erreur({**periode, "personnes": ADULTE,
                 "actes": [acte("consultation_generaliste", "2025-04-02", 30),
                           acte("consultation_generaliste", date, 30)]})
    assert e.champ == "actes[1].date"
    assert "hors de la période" in e.message
    _en_francais(e.message)


@pytest.mark.parametrize("nom, prix", [
    ("consultation_generaliste", "abc"),
    ("consultation_generaliste", -5),
    ("consultation_generaliste", "12.345"),
    ("consultation_generaliste", ""),
    ("consultation_generaliste", True),
    ("consultation_generaliste", 10_000_000),
    ("forfait_journalier", 99),  # montant fixé par le barème
    ("monture_100_sante", 500),  # au-dessus du prix limite de vente 100 % Santé
])
def test_erreur_prix_de_l_acte_3(nom, prix):
    actes = [acte("consultation_generaliste", f"2025-01-0{k}", 30) for k in (2, 3, 4)]
    actes.append(acte(nom, "2025-01-05", prix))
    actes.append(acte("consultation_generaliste", "2025-01-06", 30))
    e = _erreur({"annee": 2025, "personnes": ADULTE, "actes": actes})
    assert e.champ == "actes[3].prix"
    assert "prix" in e.message.lower()
    _en_francais(e.message)
    assert str(e).startswith("actes[3].prix : ")


# --- Propriétés ----------------------------------------------------------------------------------

REGLAGES = settings(max_examples=100, deadline=None, database=None)
IDS = ("consultation_generaliste", "consultation_specialiste", "seance_kinesitherapie",
       "medicament_65", "transport_sanitaire", "osteopathie", "analyses_biologie")
POSTES = ("honoraires_medicaux", "auxiliaires_medicaux", "pharmacie", "transport",
          "medecines_douces", "analyses")
#: Quelques jours tirés souvent : plusieurs actes le même jour (plafonds du jour, égalités).
JOURS_FREQUENTS = [dt.date(2025, 1, 6), dt.date(2025, 3, 3), dt.date(2025, 3, 4),
                   dt.date(2025, 7, 14), dt.date(2025, 12, 31)]


def centimes(minimum: int, maximum: int):
    return st.integers(minimum, maximum).map(lambda c: f"{c // 100}.{c % 100:02d}")


def garanties():
    forme = st.one_of(
        st.builds(lambda t, s: {"forme": "pourcentage_br", "taux": t, "secu_incluse": s},
                  st.integers(0, 400), st.booleans()),
        st.builds(lambda m: {"forme": "forfait", "montant": m}, centimes(0, 10_000)),
        st.builds(lambda t: {"forme": "pourcentage_pmss", "taux": t}, st.integers(0, 5)),
        st.just({"forme": "frais_reels"}),
        st.just({"forme": "ticket_moderateur"}),
        st.just({"forme": "aucune"}),
    )
    limites = st.fixed_dictionaries({}, optional={
        "plafond": centimes(0, 10_000),
        "plafond_annuel": centimes(0, 30_000),
        "nombre_par_an": st.integers(0, 10),
        "renouvellement_ans": st.integers(1, 3),
    })
    def assembler(f, lim):
        if f["forme"] == "aucune":  # pas de plafond par acte pour « aucune »
            lim = {k: v for k, v in lim.items() if k != "plafond"}
        return {**f, **lim}
    return st.builds(assembler, forme, limites)


@st.composite
def foyers(draw, nombre_max=3):
    n = draw(st.integers(1, nombre_max))
    personnes = []
    for k in range(n):
        situation = {"age": draw(st.integers(0, 95))}
        if draw(st.integers(0, 5)) == 0:
            situation["ald"] = True
        personnes.append({"id": f"p{k}", "situation": situation})
    contrat = {"garanties": draw(st.dictionaries(st.sampled_from(POSTES), garanties(),
                                                 max_size=4))}
    if draw(st.integers(0, 3)) == 0:
        contrat["plafond_annuel_personne"] = draw(centimes(0, 50_000))
    return personnes, contrat


@st.composite
def actes_generes(draw, personnes):
    nom = draw(st.sampled_from(IDS))
    jour = draw(st.one_of(st.sampled_from(JOURS_FREQUENTS),
                          st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31))))
    a = {"personne": draw(st.sampled_from([p["id"] for p in personnes])), "acte": nom,
         "date": jour.isoformat(), "prix": draw(centimes(100, 20_000))}
    if nom == "consultation_specialiste":
        a["secteur"] = "1"
    professionnel = draw(st.sampled_from([None, "dr_a", "dr_b"]))
    if professionnel:
        a["professionnel"] = professionnel
    if draw(st.integers(0, 2)) == 0:
        a["quantite"] = draw(st.integers(1, 6))
    return a


@st.composite
def annees(draw, min_actes=0, max_actes=40, nombre_max=3):
    personnes, contrat = draw(foyers(nombre_max))
    actes = draw(st.lists(actes_generes(personnes), min_size=min_actes, max_size=max_actes))
    return {"annee": 2025, "personnes": personnes, "contrat": contrat, "actes": actes}


def somme(lignes, cle) -> Decimal:
    return sum((D(x[cle]) for x in lignes), ZERO)


@REGLAGES
@given(annees())
def test_totaux_egaux_a_la_somme_des_actes(demande):
    r = remb_core.simuler_annee(demande)
    assert len(r["actes"]) == len(demande["actes"])
    assert sorted(a["index"] for a in r["actes"]) == list(range(len(demande["actes"])))
    for cle in TOTAUX:
        total = D(r["totaux"][cle])
        assert total == somme(r["actes"], cle), cle
        assert total == somme(r["par_personne"].values(), cle), cle
        assert total == somme(r["par_poste"].values(), cle), cle
    for pid, t in r["par_personne"].items():
        siens = [a for a in r["actes"] if a["personne"] == pid]
        for cle in TOTAUX:
            assert D(t[cle]) == somme(siens, cle), (pid, cle)
    for poste, t in r["par_poste"].items():
        siens = [a for a in r["actes"] if a["poste"] == poste]
        assert siens
        for cle in TOTAUX:
            assert D(t[cle]) == somme(siens, cle), (poste, cle)


@REGLAGES
@given(annees())
def test_chaque_acte_depense_egale_amo_plus_amc_plus_reste(demande):
    r = remb_core.simuler_annee(demande)
    for a in r["actes"]:
        assert D(a["depense"]) == D(a["amo"]) + D(a["amc"]) + D(a["reste_a_charge"]), a["index"]
        for cle in TOTAUX:
            assert D(a[cle]) >= 0, (a["index"], cle)


@st.composite
def annee_et_ajout(draw):
    demande = draw(annees())
    extra = draw(actes_generes(demande["personnes"]), label="acte ajouté")
    position = draw(st.integers(0, len(demande["actes"])), label="position")
    return demande, extra, position


#: Contre-exemples trouvés : consultations à 1 € (la participation est limitée au remboursement,
#: 0,70 €) qui comptent pourtant chacune parmi les quatre participations du jour.
PAS_CHER = {"personne": "p0", "acte": "consultation_generaliste", "date": "2025-03-03",
            "prix": "1.00", "professionnel": "dr_a"}
CHER = {**PAS_CHER, "prix": "30.00"}
FOYER = [{"id": "p0", "situation": {"age": 40}}]
AVEC_PAS_CHERS = {"annee": 2025, "personnes": FOYER, "contrat": {"garanties": {}},
                  "actes": [PAS_CHER] * 3 + [CHER]}
CINQ_LE_MEME_JOUR = {**AVEC_PAS_CHERS, "actes": [PAS_CHER] * 4 + [CHER]}
#: Deux séances le même jour, une seule couverte par an : laquelle dépend de l'ordre de saisie.
OSTEO = {"personne": "p0", "acte": "osteopathie", "date": "2025-06-01", "prix": "30.00"}
DEUX_OSTEOS = {"annee": 2025, "personnes": FOYER,
               "contrat": {"garanties": {"medecines_douces": {"forme": "forfait", "montant": 40,
                                                              "nombre_par_an": 1}}},
               "actes": [OSTEO, {**OSTEO, "prix": "60.00"}]}


def sans_participation_tronquee(demande: dict) -> dict:
    """Prix d'au moins 4 € : le remboursement couvre toujours la participation forfaitaire (à 3 €,
    une analyse de biologie remboursée à 60 % ne rendait que 1,80 €, moins que la participation).

    Limite connue et documentée du moteur : une participation plus grande que le remboursement
    de l'acte est réduite à ce remboursement (le reliquat, que l'Assurance Maladie reprend sur
    des remboursements ultérieurs, n'est pas modélisé) mais compte parmi les quatre du jour."""
    actes = [{**a, "prix": max(D(a["prix"]), D("4.00")).quantize(D("0.01"))}
             if "prix" in a else a for a in demande["actes"]]
    return {**demande, "actes": [{**a, "prix": str(a["prix"])} if "prix" in a else a
                                 for a in actes]}


def test_limite_connue_participation_reduite_au_remboursement():
    """Une consultation à 1 € ne supporte que 0,70 € de participation mais compte parmi les quatre
    du jour : ajoutée avant une consultation à 30 €, elle la prive de sa participation de 2 €."""
    avant = remb_core.simuler_annee(AVEC_PAS_CHERS)
    apres = remb_core.simuler_annee({**AVEC_PAS_CHERS, "actes": [PAS_CHER] + AVEC_PAS_CHERS["actes"]})
    assert par_index(apres)[0]["participation_forfaitaire"] == "0.70"
    assert par_index(apres)[4]["participation_forfaitaire"] == "0.00"
    assert D(apres["totaux"]["reste_a_charge"]) == D(avant["totaux"]["reste_a_charge"]) - D("1.00")


@REGLAGES
@given(annee_et_ajout())
def test_ajouter_un_acte_ne_baisse_jamais_le_reste_a_charge(cas):
    demande, extra, position = cas
    demande = sans_participation_tronquee(demande)
    extra = sans_participation_tronquee({"actes": [extra]})["actes"][0]
    avant = remb_core.simuler_annee(demande)
    plus = {**demande, "actes": demande["actes"][:position] + [extra]
            + demande["actes"][position:]}
    apres = remb_core.simuler_annee(plus)
    assert D(apres["totaux"]["depense"]) == D(avant["totaux"]["depense"]) + \
        D(par_index(apres)[position]["depense"])
    assert D(apres["totaux"]["reste_a_charge"]) >= D(avant["totaux"]["reste_a_charge"])


def _comparer(r1: dict, r2: dict, ordre: list[int]) -> None:
    """r2 simule la saisie [saisie1[i] for i in ordre] : mêmes totaux, mêmes chiffres par acte."""
    assert r1["totaux"] == r2["totaux"]
    assert r1["par_personne"] == r2["par_personne"]
    assert r1["par_poste"] == r2["par_poste"]
    a1, a2 = par_index(r1), par_index(r2)
    for nouveau, ancien in enumerate(ordre):
        for cle in CHIFFRES_ACTE:
            assert a1[ancien][cle] == a2[nouveau][cle], (ancien, nouveau, cle)


@st.composite
def annee_et_ordre_du_jour(draw):
    """Une année et une nouvelle saisie : une permutation à l'intérieur de chaque date (les actes
    sont de plus rangés par date, ce qui ne change pas l'ordre de traitement)."""
    demande = draw(annees(max_actes=30))
    actes = demande["actes"]
    melange = draw(st.permutations(range(len(actes))))
    return demande, sorted(melange, key=lambda i: actes[i]["date"])


def test_a_date_egale_l_ordre_de_saisie_decide_qui_consomme_une_limite():
    """Les actes d'un même jour sont traités dans l'ordre de la saisie (règle de l'issue) : quand
    une limite en nombre (une séance par an) est atteinte ce jour-là, c'est la première saisie qui
    est couverte. Permuter ces actes change donc quel acte est couvert."""
    r1 = remb_core.simuler_annee(DEUX_OSTEOS)
    r2 = remb_core.simuler_annee({**DEUX_OSTEOS, "actes": DEUX_OSTEOS["actes"][::-1]})
    assert [a["amc"] for a in r1["actes"]] == ["30.00", "0.00"]
    assert [a["amc"] for a in r2["actes"]] == ["40.00", "0.00"]


def sans_limite_en_nombre(demande: dict) -> dict:
    garanties = {poste: {k: v for k, v in g.items() if k not in ("nombre_par_an",
                                                                "renouvellement_ans")}
                 for poste, g in demande["contrat"].get("garanties", {}).items()}
    return {**sans_participation_tronquee(demande),
            "contrat": {**demande["contrat"], "garanties": garanties}}


_ANALYSE_PAS_CHERE = (  # contre-exemple trouvé : une analyse à 60 % ne couvrait pas sa participation
    {"annee": 2025, "personnes": [{"id": "p0", "situation": {"age": 18}}],
     "contrat": {"garanties": {}},
     "actes": [{"personne": "p0", "acte": "consultation_generaliste", "date": "2025-01-06",
                "prix": "1.00"}] * 3
     + [{"personne": "p0", "acte": "consultation_generaliste", "date": "2025-01-06",
         "prix": "1.00", "professionnel": "dr_a"},
        {"personne": "p0", "acte": "analyses_biologie", "date": "2025-01-06", "prix": "1.00",
         "professionnel": "dr_a", "quantite": 4}]},
    [0, 1, 4, 3, 2])


@REGLAGES
@given(annee_et_ordre_du_jour())
@example(_ANALYSE_PAS_CHERE)
def test_reordonner_les_actes_d_un_meme_jour_ne_change_rien(cas):
    """Permuter les actes d'une même date ne change pas les totaux ; les chiffres de chaque acte
    ne changent pas non plus, sauf les jours où un plafond départage des actes du même jour
    (quatre participations par jour, limite en nombre : voir le test précédent)."""
    demande, ordre = cas
    demande = sans_limite_en_nombre(demande)
    actes = demande["actes"]
    r1 = remb_core.simuler_annee(demande)
    r2 = remb_core.simuler_annee({**demande, "actes": [actes[i] for i in ordre]})
    assert r1["totaux"] == r2["totaux"]
    assert r1["par_personne"] == r2["par_personne"]
    departages = {(e["date"], e["personne"]) for r in (r1, r2) for e in r["plafonds_atteints"]}
    if not departages:  # un plafond atteint un jour peut passer d'un poste à l'autre ce jour-là
        assert r1["par_poste"] == r2["par_poste"]
    a1, a2 = par_index(r1), par_index(r2)
    for nouveau, ancien in enumerate(ordre):
        if (a1[ancien]["date"], a1[ancien]["personne"]) in departages:
            continue
        for cle in CHIFFRES_ACTE:
            assert a1[ancien][cle] == a2[nouveau][cle], (ancien, nouveau, cle)


@REGLAGES
@given(annees(max_actes=30), st.randoms(use_true_random=False))
def test_saisie_dans_le_desordre_des_dates_ne_change_rien(demande, hasard):
    """Permutation quelconque qui garde l'ordre relatif des actes d'une même date."""
    actes = demande["actes"]
    ordre = list(range(len(actes)))
    hasard.shuffle(ordre)
    par_date: dict[str, list[int]] = {}
    for i in range(len(actes)):
        par_date.setdefault(actes[i]["date"], []).append(i)
    suivants = {d: iter(ix) for d, ix in par_date.items()}
    ordre = [next(suivants[actes[i]["date"]]) for i in ordre]
    r1 = remb_core.simuler_annee(demande)
    r2 = remb_core.simuler_annee({**demande, "actes": [actes[i] for i in ordre]})
    _comparer(r1, r2, ordre)
    assert [(e["date"], e["personne"], e["message"]) for e in r1["plafonds_atteints"]] == \
        [(e["date"], e["personne"], e["message"]) for e in r2["plafonds_atteints"]]


@REGLAGES
@given(annees(min_actes=20, max_actes=80, nombre_max=2))
def test_participations_et_franchises_plafonnees_a_50_euros(demande):
    r = remb_core.simuler_annee(demande)
    for pid, t in r["par_personne"].items():
        assert D(t["participation_forfaitaire"]) <= D("50.00"), pid
        assert D(t["franchise"]) <= D("50.00"), pid
