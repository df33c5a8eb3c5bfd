"""Les exemples chiffrés des cinq articles sources (S1 à S15 de seed-examples.md).

Pour chaque exemple, deux tests :
- « source » : la demande reprend l'hypothèse que l'article fait sans le dire (un taux forcé,
  une base forcée, pas de participation forfaitaire, ou une date où le barème donne la valeur
  qu'il utilise) et vérifie les chiffres publiés, au centime ;
- « aujourd'hui » : la même situation avec le barème en vigueur le 1er juin 2026, chiffres
  calculés à la main à partir de remb_core/donnees/*.toml.

Les plafonds annuels (cinquième séance de S8, plafonds de S15) relèvent du calcul sur l'année,
qui n'existe pas encore : seuls le chiffre d'une séance et les valeurs du barème sont vérifiés.
"""

import datetime as dt
from decimal import Decimal

import pytest

import remb_core
from remb_core import baremes

AUJOURDHUI = "2026-06-01"
JOUR = dt.date(2026, 6, 1)

CHAMPS = ("depense", "base_remboursement", "taux_amo", "amo_avant_participations",
          "participation_forfaitaire", "franchise", "amo", "ticket_moderateur", "depassement",
          "amc", "reste_a_charge")


def simuler(**demande) -> dict:
    return remb_core.simuler(demande)


def verifier(resultat: dict, **attendu) -> None:
    """Compare les montants au centime (chaînes « 19.50 ») ; message lisible en cas d'écart."""
    obtenu = {cle: resultat[cle] for cle in attendu}
    assert obtenu == attendu, f"obtenu {obtenu}, attendu {attendu}"
    # Cohérence interne, quel que soit l'exemple.
    assert Decimal(resultat["depense"]) == (Decimal(resultat["amo"]) + Decimal(resultat["amc"])
                                            + Decimal(resultat["reste_a_charge"]))


def valeur(nom: str, jour) -> str:
    if isinstance(jour, str):
        jour = dt.date.fromisoformat(jour)
    return str(baremes.actifs().valeur(nom, jour).valeur)


def total_rembourse(resultat: dict) -> Decimal:
    return Decimal(resultat["amo"]) + Decimal(resultat["amc"])


# --- S1 : consultation, BR 30 €, taux 65 % (seed 000) ------------------------------------------

def test_S1_source_consultation_65_pourcent_hors_participation():
    """Hypothèse de l'article : taux de 65 % (faux : 70 %, la baisse n'a jamais été appliquée),
    d'où un taux forcé à 65 ; les 19,50 € sont « hors participation forfaitaire », d'où une
    participation forcée à 0. Date 2025-06-01 : G = 30 € au barème. Publié : Sécu 19,50 €,
    ticket modérateur 10,50 €."""
    r = simuler(acte="consultation_generaliste", prix="30", date="2025-06-01", taux_amo="65",
                participation_forfaitaire="0")
    verifier(r, base_remboursement="30.00", taux_amo="65", amo_avant_participations="19.50",
             participation_forfaitaire="0.00", amo="19.50", ticket_moderateur="10.50")


def test_S1_aujourdhui():
    """Barème du 2026-06-01 : G = 30 €, 70 %, participation 2 € ; sans complémentaire.
    21 − 2 = 19 € ; ticket modérateur 9 € ; reste à charge 9 + 2 = 11 €."""
    r = simuler(acte="consultation_generaliste", prix="30", date=AUJOURDHUI)
    verifier(r, base_remboursement="30.00", taux_amo="70", amo_avant_participations="21.00",
             participation_forfaitaire="2.00", amo="19.00", ticket_moderateur="9.00",
             amc="0.00", reste_a_charge="11.00")


# --- S2 : généraliste secteur 1, 65 %, moins la participation de 2 € (seed 000) ----------------

def test_S2_source_65_pourcent_moins_participation():
    """Hypothèse de l'article : taux forcé à 65 % ; participation de 2 € (celle du barème au
    2025-06-01, où G = 30 €). Publié : 19,50 € « moins la participation forfaitaire de 2 € »,
    soit 17,50 € versés."""
    r = simuler(acte="consultation_generaliste", prix="30", secteur="1", date="2025-06-01",
                taux_amo="65")
    verifier(r, amo_avant_participations="19.50", participation_forfaitaire="2.00",
             amo="17.50", ticket_moderateur="10.50")


def test_S2_aujourdhui():
    """Barème du 2026-06-01 : 30 € × 70 % = 21 € − 2 € = 19 €."""
    r = simuler(acte="consultation_generaliste", prix="30", secteur="1", date=AUJOURDHUI)
    verifier(r, amo_avant_participations="21.00", participation_forfaitaire="2.00", amo="19.00",
             reste_a_charge="11.00")


# --- S3 : généraliste secteur 2 à 60 €, BR 30 € (seed 000) ---------------------------------------

def garantie_br(taux, secu_incluse=True):
    return {"forme": "pourcentage_br", "taux": str(taux), "secu_incluse": secu_incluse}


def test_S3_source_secteur_2_base_30_depassement_30():
    """Hypothèses : BR 30 € pour un secteur 2, donc un médecin OPTAM au 2025-06-01 (G = 30 €) ;
    taux de l'article (65 %, forcé) ; participation de 2 € du barème. Publié : Sécu calculée sur
    30 €, dépassement 30 € ; un contrat à 100 % BR ne paie que le ticket modérateur (10,50 €)
    et laisse tout le dépassement ; 200 % ou 300 % BR absorbent le dépassement (reste : la
    participation)."""
    base = dict(acte="consultation_generaliste", prix="60", secteur="2_optam", date="2025-06-01",
                taux_amo="65")
    r = simuler(**base)
    verifier(r, depense="60.00", base_remboursement="30.00", amo_avant_participations="19.50",
             amo="17.50", ticket_moderateur="10.50", depassement="30.00")

    r100 = simuler(**base, garantie=garantie_br(100))
    verifier(r100, amc="10.50", reste_a_charge="32.00")
    assert r100["amc"] == r100["ticket_moderateur"]
    assert r100["detail_reste_a_charge"]["depassement"] == "30.00"

    for taux in (200, 300):
        r = simuler(**base, garantie=garantie_br(taux))
        verifier(r, amc="40.50", reste_a_charge="2.00")
        assert r["detail_reste_a_charge"]["depassement"] == "0.00"
        assert r["detail_reste_a_charge"]["participation_forfaitaire"] == "2.00"


def test_S3_aujourdhui():
    """Barème du 2026-06-01, 70 % : Sécu 21 − 2 = 19 € ; 100 % BR Sécu incluse : AMC 9, reste
    32 ; 200 % : AMC 60 − 21 = 39, reste 2 (la participation) ; 300 % : pareil (borné par la
    dépense)."""
    base = dict(acte="consultation_generaliste", prix="60", secteur="2_optam", date=AUJOURDHUI)
    verifier(simuler(**base), base_remboursement="30.00", amo="19.00", depassement="30.00",
             ticket_moderateur="9.00", amc="0.00", reste_a_charge="41.00")
    verifier(simuler(**base, garantie=garantie_br(100)), amo="19.00", amc="9.00",
             reste_a_charge="32.00")
    verifier(simuler(**base, garantie=garantie_br(200)), amo="19.00", amc="39.00",
             reste_a_charge="2.00")
    verifier(simuler(**base, garantie=garantie_br(300)), amo="19.00", amc="39.00",
             reste_a_charge="2.00")


def test_S3_aujourdhui_sans_optam():
    """Variante non OPTAM (base 23 €) : 23 × 70 % = 16,10 − 2 = 14,10 ; à 300 % BR, le contrat
    responsable limite la prise en charge du dépassement à 100 % de la base (23 €) :
    AMC = 6,90 + 23 = 29,90 ; reste 60 − 14,10 − 29,90 = 16 €."""
    r = simuler(acte="consultation_generaliste", prix="60", secteur="2_non_optam",
                date=AUJOURDHUI, garantie=garantie_br(300))
    verifier(r, base_remboursement="23.00", amo_avant_participations="16.10", amo="14.10",
             ticket_moderateur="6.90", depassement="37.00", amc="29.90", reste_a_charge="16.00")


# --- S4 : monture facturée 150 €, tarif de responsabilité 30 € (seed 000) ------------------------

def test_S4_source_monture_base_illustrative_30():
    """Hypothèse : base illustrative de 30 € (la vraie base LPP d'une monture de classe B est
    0,05 €), d'où une base forcée. Publié : le remboursement se calcule sur 30 €, pas 150 € ;
    60 % de 30 = 18 € ; 120 € hors base."""
    r = simuler(acte="monture_hors_100_sante", prix="150", base_remboursement="30",
                date="2025-06-01")
    verifier(r, depense="150.00", base_remboursement="30.00", taux_amo="60",
             amo_avant_participations="18.00", participation_forfaitaire="0.00",
             franchise="0.00", amo="18.00", depassement="120.00", reste_a_charge="132.00")


def test_S4_aujourdhui():
    """Barème du 2026-06-01 : base 0,05 € × 60 % = 0,03 € ; sans complémentaire, reste
    149,97 €. Aux frais réels, le contrat responsable limite monture = 100 € Sécu comprise :
    AMC 99,97 €, reste 50 €."""
    r = simuler(acte="monture_hors_100_sante", prix="150", date=AUJOURDHUI)
    verifier(r, base_remboursement="0.05", amo="0.03", ticket_moderateur="0.02",
             depassement="149.95", amc="0.00", reste_a_charge="149.97")
    r = simuler(acte="monture_hors_100_sante", prix="150", date=AUJOURDHUI,
                garantie={"forme": "frais_reels"})
    verifier(r, amo="0.03", amc="99.97", reste_a_charge="50.00")


# --- S5 : hors parcours de soins (seed 000) -------------------------------------------------------

def test_S5_source_hors_parcours_65_vers_30():
    """Hypothèse de l'article : 65 % dans le parcours (taux forcé) ; hors parcours le taux
    tombe à 30 % (le barème, au 2025-06-01). Publié : 65 % → 30 %."""
    dans = simuler(acte="consultation_specialiste", prix="30", date="2025-06-01", taux_amo="65")
    hors = simuler(acte="consultation_specialiste", prix="30", date="2025-06-01",
                   parcours_coordonne=False)
    assert dans["taux_amo"] == "65"
    assert hors["taux_amo"] == "30"
    verifier(hors, amo_avant_participations="9.00")


def test_S5_aujourdhui():
    """Barème du 2026-06-01 : 70 % → 30 %. 30 × 30 % = 9 − 2 = 7 € ; ticket modérateur
    (au taux normal) 9 € ; majoration 12 € ; une garantie « ticket modérateur » paie 9 € et
    pas la majoration (contrat responsable) : reste 12 + 2 = 14 €."""
    base = dict(acte="consultation_specialiste", prix="30", date=AUJOURDHUI,
                parcours_coordonne=False)
    verifier(simuler(**base), taux_amo="30", amo_avant_participations="9.00",
             participation_forfaitaire="2.00", amo="7.00", ticket_moderateur="9.00",
             reste_a_charge="23.00")
    r = simuler(**base, garantie={"forme": "ticket_moderateur"})
    verifier(r, amo="7.00", amc="9.00", reste_a_charge="14.00")
    assert r["detail_reste_a_charge"]["majoration_hors_parcours"] == "12.00"
    dans = simuler(acte="consultation_specialiste", prix="30", date=AUJOURDHUI)
    assert dans["taux_amo"] == "70"


# --- S6 : généraliste secteur 1, 30 €, 70 % (seed 001) --------------------------------------------

def test_S6_source_generaliste_30():
    """Hypothèse : barème à partir du 2024-12-22 (G = 30 €, participation 2 €) ; date
    2025-06-01. Publié : 21 € « dont 2 € de participation », soit 19 € versés ; ticket
    modérateur 9 €."""
    r = simuler(acte="consultation_generaliste", prix="30", secteur="1", date="2025-06-01")
    verifier(r, base_remboursement="30.00", amo_avant_participations="21.00",
             participation_forfaitaire="2.00", amo="19.00", ticket_moderateur="9.00")


def test_S6_aujourdhui():
    """Barème du 2026-06-01 : inchangé, 21 − 2 = 19 € ; ticket modérateur 9 €."""
    r = simuler(acte="consultation_generaliste", prix="30", secteur="1", date=AUJOURDHUI)
    verifier(r, amo_avant_participations="21.00", participation_forfaitaire="2.00",
             amo="19.00", ticket_moderateur="9.00")


# --- S7 : spécialiste secteur 2 à 60 €, tarif 26,50 €, AMC 100 % BR Sécu incluse (seed 001) -------

S7 = dict(acte="consultation_specialiste", prix="60", secteur="2_optam",
          base_remboursement="26.50", date="2025-06-01")


def test_S7_source_sans_participation():
    """Hypothèses : base de 26,50 € forcée (ce n'est pas le tarif d'un spécialiste en 2024–2026,
    c'était le G du 2023-11-01 au 2024-12-21) ; l'article oublie la participation, forcée à 0 ;
    médecin OPTAM (pas de limite du contrat responsable sur le dépassement). Publié : Sécu
    18,55 €, AMC 7,95 €, reste 33,50 € ; à 150 % : 39,75 € perçus ; à 200 % : 53 €."""
    r = simuler(**S7, participation_forfaitaire="0", garantie=garantie_br(100))
    verifier(r, amo="18.55", amc="7.95", reste_a_charge="33.50")
    r150 = simuler(**S7, participation_forfaitaire="0", garantie=garantie_br(150))
    assert total_rembourse(r150) == Decimal("39.75")
    r200 = simuler(**S7, participation_forfaitaire="0", garantie=garantie_br(200))
    assert total_rembourse(r200) == Decimal("53.00")


def test_S7_source_avec_participation():
    """Même base forcée, participation de 2 € du barème (2025-06-01) : Sécu 18,55 − 2 = 16,55 €,
    AMC 7,95 €, reste 35,50 € (errors.md, seed 001)."""
    r = simuler(**S7, garantie=garantie_br(100))
    verifier(r, amo_avant_participations="18.55", participation_forfaitaire="2.00",
             amo="16.55", amc="7.95", reste_a_charge="35.50")


def test_S7_aujourdhui():
    """Barème du 2026-06-01, base d'un spécialiste OPTAM = 30 € : Sécu 21 − 2 = 19 € ;
    100 % : AMC 9, reste 32 ; 150 % : AMC 45 − 21 = 24, reste 17 ; 200 % : AMC 39 (tout ce
    qui reste hors participation), reste 2."""
    base = {k: v for k, v in S7.items() if k != "base_remboursement"} | {"date": AUJOURDHUI}
    verifier(simuler(**base, garantie=garantie_br(100)), base_remboursement="30.00",
             amo="19.00", amc="9.00", reste_a_charge="32.00")
    verifier(simuler(**base, garantie=garantie_br(150)), amo="19.00", amc="24.00",
             reste_a_charge="17.00")
    verifier(simuler(**base, garantie=garantie_br(200)), amo="19.00", amc="39.00",
             reste_a_charge="2.00")


# --- S8 : ostéopathe 60 €, forfait 40 € par séance (seed 001) ------------------------------------

def test_S8_source_osteopathe_forfait_40():
    """Hypothèse : séance non remboursée par l'Assurance Maladie ; forfait de 40 € par séance
    (date 2025-06-01). Publié : reste 20 €. (La 5e séance de l'année relève du calcul annuel.)"""
    r = simuler(acte="osteopathie", prix="60", date="2025-06-01",
                garantie={"forme": "forfait", "montant": "40"})
    verifier(r, depense="60.00", base_remboursement="0.00", amo="0.00", amc="40.00",
             reste_a_charge="20.00")
    assert r["detail_reste_a_charge"]["non_rembourse"] == "20.00"


def test_S8_aujourdhui():
    """Barème du 2026-06-01 : rien ne change (aucun paramètre daté) ; Sécu 0, AMC 40, reste 20."""
    r = simuler(acte="osteopathie", prix="60", date=AUJOURDHUI,
                garantie={"forme": "forfait", "montant": "40"})
    verifier(r, amo="0.00", amc="40.00", reste_a_charge="20.00")


# --- S9 : prothèses auditives, 5 % du PMSS (seed 001) --------------------------------------------

def test_S9_source_aide_auditive_5_pourcent_pmss_2025():
    """Hypothèses : PMSS 2025 = 3 925 € (barème au 2025-06-01) ; aide auditive de classe II
    (prix libre) à 1 500 € par oreille. Publié : 5 % du PMSS = 196,25 €. Sécu : 400 × 60 % =
    240 € ; reste 1 500 − 240 − 196,25 = 1 063,75 €."""
    r = simuler(acte="aide_auditive_classe_2", prix="1500", date="2025-06-01",
                garantie={"forme": "pourcentage_pmss", "taux": "5"})
    verifier(r, base_remboursement="400.00", amo="240.00", amc="196.25",
             reste_a_charge="1063.75")


def test_S9_aujourdhui():
    """Barème du 2026-06-01 : PMSS 4 005 € → 200,25 € ; reste 1 500 − 240 − 200,25 = 1 059,75 €."""
    r = simuler(acte="aide_auditive_classe_2", prix="1500", date=AUJOURDHUI,
                garantie={"forme": "pourcentage_pmss", "taux": "5"})
    verifier(r, amo="240.00", amc="200.25", reste_a_charge="1059.75")


# --- S10 : participation 2 €, franchises 1 € / 4 €, plafonds 50 € (seed 001) ---------------------

def test_S10_source_valeurs_du_bareme():
    """Hypothèse : valeurs en vigueur depuis 2024 (date 2025-06-01). Publié : participation 2 €
    par acte, plafond 50 € par an ; franchise 1 € (médicaments, actes paramédicaux), 4 €
    (transports), plafond 50 € par an."""
    jour = "2025-06-01"
    assert valeur("participation_forfaitaire", jour) == "2.00"
    assert valeur("participation_forfaitaire_plafond_annuel", jour) == "50.00"
    assert valeur("franchise_medicament", jour) == "1.00"
    assert valeur("franchise_acte_paramedical", jour) == "1.00"
    assert valeur("franchise_transport", jour) == "4.00"
    assert valeur("franchise_plafond_annuel", jour) == "50.00"


def test_S10_aujourdhui():
    """Barème du 2026-06-01 : mêmes valeurs (le doublement envisagé a été abandonné) ; sur un
    acte : boîte à 65 % de 10 € → 6,50 − 1 = 5,50 ; acte infirmier 10 € à 60 % → 6 − 1 = 5 ;
    transport 100 € à 55 % → 55 − 4 = 51."""
    for nom, attendu in (("participation_forfaitaire", "2.00"),
                         ("participation_forfaitaire_plafond_annuel", "50.00"),
                         ("franchise_medicament", "1.00"), ("franchise_acte_paramedical", "1.00"),
                         ("franchise_transport", "4.00"), ("franchise_plafond_annuel", "50.00")):
        assert valeur(nom, AUJOURDHUI) == attendu, nom
    verifier(simuler(acte="medicament_65", prix="10", date=AUJOURDHUI),
             amo_avant_participations="6.50", franchise="1.00", amo="5.50",
             reste_a_charge="4.50")
    verifier(simuler(acte="acte_infirmier", prix="10", date=AUJOURDHUI),
             amo_avant_participations="6.00", franchise="1.00", amo="5.00")
    verifier(simuler(acte="transport_sanitaire", prix="100", date=AUJOURDHUI),
             amo_avant_participations="55.00", franchise="4.00", amo="51.00")


# --- S11 : orthodontie enfant, 900 % BR « en complément » (seed 002) -----------------------------

def test_S11_source_orthodontie_900_pourcent_en_complement():
    """Hypothèses : convention « % BR en plus de la Sécu » (secu_incluse = false) ; enfant de
    12 ans, Assurance Maladie à 100 % de la base de 193,50 € ; un semestre facturé 2 000 €
    (date 2024-06-01). Publié : AMC 1 741,50 € au plus ; Sécu + AMC 1 935 € au plus."""
    r = simuler(acte="orthodontie", prix="2000", date="2024-06-01", situation={"age": 12},
                garantie=garantie_br(900, secu_incluse=False))
    verifier(r, base_remboursement="193.50", taux_amo="100", amo="193.50", amc="1741.50",
             reste_a_charge="65.00")
    assert total_rembourse(r) == Decimal("1935.00")


def test_S11_source_dans_la_limite_des_frais():
    """« Dans la limite des frais engagés » : à 1 000 €, AMC = 1 000 − 193,50 = 806,50, reste 0."""
    r = simuler(acte="orthodontie", prix="1000", date="2024-06-01", situation={"age": 12},
                garantie=garantie_br(900, secu_incluse=False))
    verifier(r, amo="193.50", amc="806.50", reste_a_charge="0.00")


def test_S11_aujourdhui():
    """Barème du 2026-06-01 : base inchangée (193,50 €), 100 % : mêmes chiffres."""
    r = simuler(acte="orthodontie", prix="2000", date=AUJOURDHUI, situation={"age": 12},
                garantie=garantie_br(900, secu_incluse=False))
    verifier(r, base_remboursement="193.50", amo="193.50", amc="1741.50",
             reste_a_charge="65.00")


# --- S12 : spécialiste, BR 47,50 €, 70 %, AMC 150 % BR « en complément » (seed 002) --------------

S12 = dict(acte="consultation_specialiste", prix="120", secteur="2_optam",
           base_remboursement="47.50", situation={"age": 40},
           garantie=garantie_br(150, secu_incluse=False))


def test_S12_source_franchise_1_euro_est_la_participation():
    """Hypothèses : base de 47,50 € forcée ; le « 1 € de franchise » est la participation
    forfaitaire de 1 €, en vigueur avant le 2024-05-15 (date 2024-03-01) ; convention « en
    complément » ; médecin OPTAM facturant 120 €. Publié : Sécu 33,25 − 1 = 32,25 € ; AMC
    71,25 € au plus ; total 103,50 € ; au-delà, reste à charge (120 − 103,50 = 16,50)."""
    r = simuler(**S12, date="2024-03-01")
    verifier(r, taux_amo="70", amo_avant_participations="33.25",
             participation_forfaitaire="1.00", amo="32.25", amc="71.25",
             reste_a_charge="16.50")
    assert total_rembourse(r) == Decimal("103.50")


def test_S12_aujourdhui():
    """Barème du 2026-06-01 (base de l'article gardée) : participation 2 € : Sécu 31,25 € ;
    AMC 71,25 € ; reste 120 − 31,25 − 71,25 = 17,50 €."""
    r = simuler(**S12, date=AUJOURDHUI)
    verifier(r, amo_avant_participations="33.25", participation_forfaitaire="2.00",
             amo="31.25", amc="71.25", reste_a_charge="17.50")


def test_S12_aujourdhui_base_du_bareme():
    """Sans base forcée, base d'un spécialiste OPTAM = 30 € : Sécu 21 − 2 = 19 ; AMC 150 % de
    30 = 45 ; reste 120 − 19 − 45 = 56 €."""
    demande = {k: v for k, v in S12.items() if k != "base_remboursement"}
    r = simuler(**demande, date=AUJOURDHUI)
    verifier(r, base_remboursement="30.00", amo="19.00", amc="45.00", reste_a_charge="56.00")


# --- S13 : PMSS 2024 (seed 002) -------------------------------------------------------------------

def test_S13_source_pmss_2024():
    """Hypothèse : valeur datée du barème, année 2024. Publié : 3 864 €."""
    assert Decimal(valeur("pmss", "2024-06-01")) == Decimal("3864")


def test_S13_aujourdhui():
    """PMSS au 2026-06-01 : 4 005 €."""
    assert Decimal(valeur("pmss", AUJOURDHUI)) == Decimal("4005")


# --- S14 : tableau « 2024 » de la seed 003 -------------------------------------------------------

def test_S14a_source_secteur_1_base_26_50():
    """Hypothèse : G = 26,50 € (du 2023-11-01 au 2024-12-21) et participation 2 € (depuis le
    2024-05-15) : date 2024-06-01. Publié : 26,50 × 70 % − 2 = 16,55 €."""
    r = simuler(acte="consultation_generaliste", prix="26.50", date="2024-06-01")
    verifier(r, base_remboursement="26.50", amo_avant_participations="18.55",
             participation_forfaitaire="2.00", amo="16.55")


def test_S14a_aujourdhui():
    """Barème du 2026-06-01 : G = 30 € → 21 − 2 = 19 €."""
    r = simuler(acte="consultation_generaliste", prix="30", date=AUJOURDHUI)
    verifier(r, base_remboursement="30.00", amo="19.00")


def test_S14b_source_secteur_2_base_23():
    """Hypothèse : 23 € est la base d'un généraliste de secteur 2 sans OPTAM (barème), participation
    2 € (2024-06-01) ; consultation facturée 50 €. Publié : 23 × 70 % − 2 = 14,10 €."""
    r = simuler(acte="consultation_generaliste", prix="50", secteur="2_non_optam",
                date="2024-06-01")
    verifier(r, base_remboursement="23.00", amo_avant_participations="16.10",
             participation_forfaitaire="2.00", amo="14.10", depassement="27.00")


def test_S14b_aujourdhui():
    """Barème du 2026-06-01 : base non OPTAM toujours 23 € (confiance basse) → 14,10 € ; sans
    complémentaire, reste 50 − 14,10 = 35,90 €."""
    r = simuler(acte="consultation_generaliste", prix="50", secteur="2_non_optam",
                date=AUJOURDHUI)
    verifier(r, base_remboursement="23.00", amo="14.10", reste_a_charge="35.90")


def test_S14c_source_detartrage_70_pourcent():
    """Hypothèse : 70 % est le taux dentaire d'avant le 2023-10-15 (date 2023-06-01) ; pas de
    participation chez le dentiste. Publié : 28,92 × 70 % = 20,244 → 20,24 €."""
    r = simuler(acte="detartrage", prix="28.92", date="2023-06-01")
    verifier(r, base_remboursement="28.92", taux_amo="70", amo_avant_participations="20.24",
             participation_forfaitaire="0.00", amo="20.24")


def test_S14c_aujourdhui():
    """Barème du 2026-06-01 : 60 % → 17,352 → 17,35 € ; reste 11,57 €."""
    r = simuler(acte="detartrage", prix="28.92", date=AUJOURDHUI)
    verifier(r, taux_amo="60", amo="17.35", ticket_moderateur="11.57",
             reste_a_charge="11.57")


def _optique(jour):
    monture = simuler(acte="monture_hors_100_sante", prix="100", date=jour)
    verres = simuler(acte="verre_hors_100_sante", prix="150", quantite=2, date=jour)
    return monture, verres


def test_S14d_source_optique_base_0_15():
    """Hypothèse : base LPP de 0,05 € par élément (monture + deux verres = 0,15 €), 60 %
    (date 2024-06-01). Publié : 0,09 €."""
    monture, verres = _optique("2024-06-01")
    base = Decimal(monture["base_remboursement"]) + Decimal(verres["base_remboursement"])
    amo = Decimal(monture["amo"]) + Decimal(verres["amo"])
    assert (base, amo) == (Decimal("0.15"), Decimal("0.09"))


def test_S14d_aujourdhui():
    """Barème du 2026-06-01 : inchangé, 0,03 + 0,06 = 0,09 €."""
    monture, verres = _optique(AUJOURDHUI)
    assert (monture["amo"], verres["amo"]) == ("0.03", "0.06")


# --- S15 : participations, franchises, forfaits (seed 004) ---------------------------------------

def test_S15_source_valeurs_du_bareme():
    """Hypothèse : valeurs d'avant les hausses de mars et avril 2026 (date 2025-06-01). Publié :
    participation 2 €, quatre participations par jour pour un même professionnel (« 4 € » dans
    l'article, voir errors.md), franchises 1 € / 4 €, forfait hospitalier 20 € (15 € en
    psychiatrie), FPU 19,61 € (8,49 € minoré), participation de 24 € sur les actes ≥ 120 €."""
    jour = "2025-06-01"
    attendu = {
        "participation_forfaitaire": "2.00", "participation_forfaitaire_max_par_jour": "4",
        "franchise_medicament": "1.00", "franchise_acte_paramedical": "1.00",
        "franchise_transport": "4.00", "forfait_journalier": "20.00",
        "forfait_journalier_psychiatrie": "15.00", "forfait_patient_urgences": "19.61",
        "forfait_patient_urgences_minore": "8.49", "participation_actes_lourds": "24.00",
        "seuil_actes_lourds": "120.00",
    }
    assert {nom: valeur(nom, jour) for nom in attendu} == attendu


def test_S15_aujourdhui_valeurs_du_bareme():
    """Au 2026-06-01 : forfait hospitalier 23 € (17 € en psychiatrie), FPU 23 € (9,96 €),
    actes lourds 32 € (depuis le 2026-04-01) ; participation et franchises inchangées."""
    attendu = {
        "participation_forfaitaire": "2.00", "participation_forfaitaire_max_par_jour": "4",
        "franchise_medicament": "1.00", "franchise_acte_paramedical": "1.00",
        "franchise_transport": "4.00", "forfait_journalier": "23.00",
        "forfait_journalier_psychiatrie": "17.00", "forfait_patient_urgences": "23.00",
        "forfait_patient_urgences_minore": "9.96", "participation_actes_lourds": "32.00",
        "seuil_actes_lourds": "120.00",
    }
    assert {nom: valeur(nom, AUJOURDHUI) for nom in attendu} == attendu


@pytest.mark.parametrize("situation", [{"age": 17}, {"age": 40, "maternite": True},
                                       {"age": 40, "css": True}])
def test_S15_exonerations_participation_et_franchise(situation):
    """Exonérés de participation et de franchise : moins de 18 ans, maternité (6e mois à 12
    jours après l'accouchement), Complémentaire santé solidaire (barème du 2026-06-01)."""
    consultation = simuler(acte="consultation_generaliste", prix="30", date=AUJOURDHUI,
                           situation=situation)
    boite = simuler(acte="medicament_65", prix="10", date=AUJOURDHUI, situation=situation)
    assert consultation["participation_forfaitaire"] == "0.00"
    assert boite["franchise"] == "0.00"


def test_S15_forfaits_sur_un_acte_aujourdhui():
    """Barème du 2026-06-01, sans complémentaire : une journée d'hospitalisation laisse 23 € ;
    un passage aux urgences 23 € ; des frais de séjour de 1 000 € au-delà du seuil : 32 €."""
    verifier(simuler(acte="forfait_journalier", date=AUJOURDHUI), depense="23.00", amo="0.00",
             reste_a_charge="23.00")
    verifier(simuler(acte="urgences_sans_hospitalisation", date=AUJOURDHUI), depense="23.00",
             reste_a_charge="23.00")
    verifier(simuler(acte="hospitalisation_frais_sejour", prix="1000", acte_lourd=True,
                     date=AUJOURDHUI), amo="968.00", reste_a_charge="32.00")


def test_S15_fpu_minore_en_ald():
    """FPU minoré (9,96 € au 2026-06-01, 8,49 € avant) pour une personne en ALD : c'est ce
    qu'elle paie. Calcul à la main : dépense 9,96, Sécu 0, reste 9,96 (pas 23 € dont
    13,04 € de « dépassement »)."""
    r = simuler(acte="urgences_sans_hospitalisation", date=AUJOURDHUI, situation={"ald": True})
    verifier(r, amo="0.00", reste_a_charge="9.96")
    assert r["detail_reste_a_charge"]["depassement"] == "0.00"


@pytest.mark.parametrize("acte", ["forfait_journalier", "urgences_sans_hospitalisation"])
def test_S15_css_prend_en_charge_les_forfaits(acte):
    """La Complémentaire santé solidaire prend en charge « ticket modérateur et forfaits »
    (libellé du moteur ; forfait journalier sans limitation de durée) : au 2026-06-01, une
    journée ou un passage aux urgences à 23 € ne laisse rien."""
    r = simuler(acte=acte, date=AUJOURDHUI, situation={"css": True})
    verifier(r, amc="23.00", reste_a_charge="0.00")


# --- Hors parcours : exemples chiffrés de la fiche DREES (tariffs.md §3 et §8, [S51]) ------------

def test_DREES_majoration_hors_parcours_plafonnee():
    """Fiche DREES [S51] : la majoration hors parcours ne dépasse pas 40 % du tarif de la
    consultation de généraliste (10,60 € quand G = 26,50 €, ici au 2024-06-01). Son exemple :
    un acte à 44 € hors parcours, majoration 10,60 € (et non 40 % × 44 = 17,60 €), Sécu
    44 × 70 % − 10,60 = 20,20 € avant participation ; 18,20 € après la participation de 2 €."""
    r = simuler(acte="consultation_specialiste", prix="44", base_remboursement="44",
                date="2024-06-01", parcours_coordonne=False)
    verifier(r, amo_avant_participations="20.20", amo="18.20")
    assert r["detail_reste_a_charge"]["majoration_hors_parcours"] == "10.60"


def test_DREES_majoration_non_plafonnee_sur_une_consultation_de_generaliste():
    """Même fiche : consultation à 26,50 € hors parcours, Sécu 7,95 €, majoration 10,60 €
    (le plafond est atteint tout juste) ; reste 18,55 € + 2 € de participation."""
    r = simuler(acte="consultation_generaliste", prix="26.50", date="2024-06-01",
                parcours_coordonne=False)
    verifier(r, taux_amo="30", amo_avant_participations="7.95", amo="5.95",
             reste_a_charge="20.55")
    assert r["detail_reste_a_charge"]["majoration_hors_parcours"] == "10.60"


def test_DREES_css_couvre_la_majoration_hors_parcours():
    """Même fiche : pour un bénéficiaire de la CSS, « un montant de CSS de 18,55 euros vient
    compléter la prise en charge à 100 % de la consultation (7,95 de CSS classique et 10,60 de
    prise en charge de la majoration) » : consultation à 26,50 € hors parcours au 2024-06-01,
    Sécu 7,95 €, CSS 18,55 €, reste 0."""
    r = simuler(acte="consultation_generaliste", prix="26.50", date="2024-06-01",
                parcours_coordonne=False, situation={"css": True})
    verifier(r, amo="7.95", amc="18.55", reste_a_charge="0.00")
