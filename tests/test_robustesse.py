"""Saisies hostiles ou maladroites : toute entrée finit en résultat ou en ErreurSaisie française,
en moins d'une seconde, jamais en plantage ni en calcul sans fin.

Les demandes sont générées (hypothesis, profil sans base d'exemples et dérandomisé : la même
suite à chaque passage de CI) à partir de demandes valides dont on remplace des champs par des
valeurs piégées : montants démesurés, exposants, chiffres non ASCII, mauvais types, « -0 »…
Plus de 10 000 cas par passage : `simuler`, `simuler_annee`, et `formulaire.executer` avec des
champs texte seulement, comme les envoie le navigateur.
"""

from __future__ import annotations

import copy
import re
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import remb_core
from remb_core import ErreurSaisie
from remb_core.formulaire import executer

MOTS_ANGLAIS = re.compile(r"\b(must|invalid|required|error|unknown|missing|should|expected|"
                          r"value|field|not a|Traceback|object|type)\b", re.IGNORECASE)
DUREE_MAX = 1.0


def profil(exemples: int) -> settings:
    return settings(max_examples=exemples, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


#: Les valeurs piégées trouvées par les relecteurs, et leurs cousines.
PIEGES = [
    "1e30", "1e400", 10**30, -(10**30), "1e-100000000", "1E5", "²", "¹²", "１２", "١٢", "٣",
    "𝟙𝟚", "-0", "-0.00", "+0", "0.0000000000000000000000000001", "NaN", "nan", "Infinity",
    "-Infinity", "∞", "9" * 5000, "1" + "0" * 40, "12,5,3", "1 234,56 €", "0x10", "1_000",
    "60,555", ".5", "5.", ",", "€", "%", "  ", "", [1], [], {"a": 1}, {}, None, True, False,
    3.5, float("nan"), float("inf"), -1, 0, 2**63, "\x00", "<script>alert(1)</script>",
    "a" * 10_000, "2026-02-30", "2026-13-01", "99999-01-01", "0001-01-01", "2026-1-1",
]
texte_piege = st.one_of(
    st.sampled_from([p for p in PIEGES if isinstance(p, str)]),
    st.text(max_size=30),
    st.text(alphabet="0123456789.,-+eE €%²¹١٢１２", max_size=12),
    st.integers(-10**40, 10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
valeur_piegee = st.one_of(
    st.sampled_from(PIEGES), texte_piege, st.integers(), st.floats(), st.booleans(), st.none(),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                         max_size=2),
)

ACTE = {"acte": "consultation_specialiste", "prix": "60", "secteur": "2_optam",
        "date": "2026-06-01", "quantite": 1, "parcours_coordonne": True,
        "situation": {"age": 40}, "garantie": {"forme": "pourcentage_br", "taux": 150}}
CHEMINS_ACTE = [("acte",), ("prix",), ("quantite",), ("date",), ("base_remboursement",),
                ("taux_amo",), ("secteur",), ("parcours_coordonne",), ("exception_parcours",),
                ("participation_forfaitaire",), ("contrat_responsable",), ("acte_lourd",),
                ("situation",), ("situation", "age"), ("situation", "ald"), ("garantie",),
                ("garantie", "forme"), ("garantie", "taux"), ("garantie", "plafond"),
                ("garantie", "secu_incluse"), ("inconnu",), ("prix_limite",), ("jours",),
                ("date_sortie",), ("psychiatrie",), ("ald_deficience",), ("situation", "regime"),
                ("situation", "invalidite"), ("situation", "at_mp_incapacite_2_3")]
ACTES = [a["id"] for a in remb_core.actes("2026-06-01")]


def poser(demande: dict, chemin: tuple, valeur) -> dict:
    """Une copie de la demande où la valeur au bout du chemin est remplacée."""
    demande = copy.deepcopy(demande)
    cible = demande
    for cle in chemin[:-1]:
        if not isinstance(cible.get(cle), dict):
            cible[cle] = {}
        cible = cible[cle]
    cible[chemin[-1]] = valeur
    return demande


def verifier_issue(fonction, *args):
    """Appelle ; renvoie le résultat, ou None pour une ErreurSaisie en français bien formée."""
    debut = time.perf_counter()
    try:
        resultat = fonction(*args)
    except ErreurSaisie as exc:
        assert isinstance(exc.champ, str) and exc.champ, exc
        assert exc.message[0].isupper() and not MOTS_ANGLAIS.search(exc.message), exc.message
        assert len(exc.message) < 600, "un message ne recopie jamais une saisie démesurée"
        resultat = None
    duree = time.perf_counter() - debut
    assert duree < DUREE_MAX, f"{duree:.2f} s"
    return resultat


def verifier_acte(r: dict) -> None:
    """Les invariants d'un résultat : parts au centime, rien de négatif, pas de « -0.00 »."""
    montants = {k: Decimal(v) for k, v in r.items() if isinstance(v, str) and
                re.fullmatch(r"-?\d+\.\d\d", v)}
    assert all(not v.startswith("-") for k, v in r.items() if k in montants), r
    assert montants["amo"] + montants["amc"] + montants["reste_a_charge"] == montants["depense"]
    detail = sum(Decimal(v) for v in r["detail_reste_a_charge"].values())
    assert detail == montants["reste_a_charge"]
    assert all(Decimal(v) >= 0 for v in r["detail_reste_a_charge"].values())


@given(acte=st.sampled_from(ACTES),
       remplacements=st.lists(st.tuples(st.sampled_from(CHEMINS_ACTE), valeur_piegee),
                              min_size=1, max_size=3))
@profil(4500)
def test_simuler_ne_plante_jamais(acte, remplacements):
    demande = {**ACTE, "acte": acte}
    if acte not in ("consultation_specialiste", "consultation_generaliste"):
        demande.pop("secteur")
    for chemin, valeur in remplacements:
        demande = poser(demande, chemin, valeur)
    r = verifier_issue(remb_core.simuler, demande)
    if r is not None:
        verifier_acte(r)


ANNEE = {"annee": 2025, "personnes": [{"id": "moi", "situation": {"age": 40}},
                                      {"id": "Tom", "situation": {"age": 9}}],
         "contrat": {"garanties": {
             "honoraires_medicaux": {"forme": "pourcentage_br", "taux": 150},
             "optique": {"forme": "forfait", "montant": "100", "plafond_annuel": "200",
                         "nombre_par_an": 2, "renouvellement_ans": 2}}},
         "actes": [{"personne": "moi", "acte": "consultation_generaliste", "date": "2025-02-01",
                    "prix": "30"},
                   {"personne": "Tom", "acte": "monture_hors_100_sante", "date": "2025-03-01",
                    "prix": "120", "professionnel": "Opticien"}]}
CHEMINS_ANNEE = [("annee",), ("du",), ("au",), ("personnes",), ("contrat",), ("actes",),
                 ("contrat", "garanties"), ("contrat", "plafond_annuel_personne"),
                 ("contrat", "contrat_responsable"), ("contrat", "garanties", "optique"),
                 ("contrat", "garanties", "optique", "plafond_annuel"),
                 ("contrat", "garanties", "optique", "nombre_par_an"),
                 ("contrat", "garanties", "optique", "renouvellement_ans"),
                 ("contrat", "garanties", "optique", "montant"),
                 ("contrat", "garanties", "inconnu"), ("inconnu",)]
CHEMINS_ACTE_ANNEE = ["personne", "acte", "date", "professionnel", "prix", "quantite",
                      "secteur", "base_remboursement", "inconnu"]


@given(remplacements=st.lists(st.tuples(st.sampled_from(CHEMINS_ANNEE), valeur_piegee),
                              max_size=2),
       actes=st.lists(st.tuples(st.integers(0, 1), st.sampled_from(CHEMINS_ACTE_ANNEE),
                                valeur_piegee), max_size=2),
       personne=st.tuples(st.sampled_from(["id", "situation", "inconnu"]), valeur_piegee))
@profil(2000)
def test_simuler_annee_ne_plante_jamais(remplacements, actes, personne):
    demande = copy.deepcopy(ANNEE)
    for rang, cle, valeur in actes:
        demande["actes"][rang][cle] = valeur
    demande["personnes"][1][personne[0]] = personne[1]
    for chemin, valeur in remplacements:
        demande = poser(demande, chemin, valeur)
        if chemin in (("du",), ("au",)):
            demande.pop("annee", None)
    r = verifier_issue(remb_core.simuler_annee, demande)
    if r is not None:
        for a in r["actes"]:
            verifier_acte(a)


CHAMPS = {"mode": "acte", "acte": "consultation_specialiste", "prix": "60", "secteur": "2_optam",
          "parcours_coordonne": "true", "garantie.forme": "pourcentage_br",
          "garantie.taux": "150", "garantie.secu_incluse": "true", "contrat_responsable": "true",
          "annee": "2026", "personnes[0].age": "40", "personnes[1].age": "9",
          "lignes[0].acte": "consultation_generaliste", "lignes[0].date": "2026-02-03",
          "lignes[0].prix": "30", "lignes[1].acte": "seance_kinesitherapie",
          "lignes[1].personne": "personnes[1]", "lignes[1].date": "2026-03-03",
          "lignes[1].prix": "17", "lignes[1].quantite": "10",
          "medecines_douces.montant": "40", "medecines_douces.nombre_par_an": "4"}
NOMS_CHAMPS = sorted(CHAMPS) + ["quantite", "date", "base_remboursement", "taux_amo",
                                "exception_parcours", "situation.age", "situation.ald",
                                "garantie.montant", "garantie.plafond", "lignes[7].prix",
                                "lignes[x].acte", "lignes[", "personnes[2].age", "acte_lourd",
                                "prix_limite", "jours", "psychiatrie", "ald_deficience",
                                "situation.regime", "situation.invalidite", "ressources",
                                "logement", "zone", "regime", "aide_logement_mensuelle"]


@given(calculateur=st.sampled_from(["reste_a_charge", "tableau_garanties", "glossaire",
                                    "simple", "css", "inconnu"]),
       annee=st.booleans(),
       remplacements=st.lists(st.tuples(st.sampled_from(NOMS_CHAMPS), texte_piege),
                              min_size=1, max_size=4))
@profil(4000)
def test_executer_ne_plante_jamais(calculateur, annee, remplacements):
    champs = {**CHAMPS, "mode": "annee" if annee else "acte"}
    for nom, valeur in remplacements:
        champs[nom] = valeur
    sortie = verifier_issue(executer, calculateur, champs)
    assert sortie is not None  # executer ne lève jamais : il renvoie l'erreur
    if sortie["ok"]:
        assert sortie["html"].startswith("<")
        assert "<script>" not in sortie["html"]
    else:
        erreur = sortie["erreur"]
        assert erreur["message"][0].isupper() and not MOTS_ANGLAIS.search(erreur["message"])


# --- Les cas signalés, un par un -------------------------------------------------------------------
@pytest.mark.parametrize("valeur", ["1e30", "1e400", 10**30, "9" * 5000])
@pytest.mark.parametrize("champ", ["prix", "base_remboursement", "participation_forfaitaire"])
def test_montant_demesure_refuse_avec_son_plafond(champ, valeur):
    demande = {**ACTE, champ: valeur}
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler(demande)
    assert exc.value.champ == champ
    assert "au plus" in exc.value.message or "montant" in exc.value.message


@pytest.mark.parametrize("valeur", ["1e-100000000", "0.0000000000000000000000000001", "1e5",
                                    "150.125"])
def test_taux_a_exposant_refuse_vite(valeur):
    debut = time.perf_counter()
    sortie = executer("reste_a_charge", {**CHAMPS, "garantie.taux": valeur})
    assert time.perf_counter() - debut < 0.2
    assert not sortie["ok"] and sortie["erreur"]["champ"] == "garantie.taux"


@pytest.mark.parametrize("valeur", ["²", "¹²", "１２", "١٢", "9" * 3000])
@pytest.mark.parametrize("chemin", [("quantite",), ("situation", "age")])
def test_chiffres_exotiques_refuses(chemin, valeur):
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler(poser(ACTE, chemin, valeur))
    assert exc.value.champ == ".".join(chemin)


@pytest.mark.parametrize("valeur", [[1], {"a": 1}, ["consultation_generaliste"]])
@pytest.mark.parametrize("chemin", [("acte",), ("garantie", "forme"), ("exception_parcours",),
                                    ("secteur",)])
def test_mauvais_type_pour_un_identifiant(chemin, valeur):
    demande = poser({**ACTE, "parcours_coordonne": False}, chemin, valeur)
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler(demande)
    assert exc.value.champ == ".".join(chemin)


@pytest.mark.parametrize("garanties", [[], "150", 150, [{"forme": "aucune"}]])
def test_garanties_qui_ne_sont_pas_un_objet(garanties):
    demande = poser(ANNEE, ("contrat", "garanties"), garanties)
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler_annee(demande)
    assert exc.value.champ == "contrat.garanties"


def test_moins_zero_refuse_et_jamais_ecrit():
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler({**ACTE, "prix": "-0"})
    assert exc.value.champ == "prix" and "positif" in exc.value.message
    r = remb_core.simuler({**ACTE, "prix": "0"})
    assert r["depense"] == "0.00" and "-0.00" not in repr(r)


def test_taux_au_centieme_exact():
    """Un taux de deux décimales est gardé tel quel et arrondi une seule fois : 33,33 % d'une
    base de 30 € = 9,999 € → 10,00 €."""
    r = remb_core.simuler({**ACTE, "garantie": {"forme": "pourcentage_br", "taux": "33.33",
                                               "secu_incluse": False}})
    assert r["amc"] == "10.00"
    assert r["garantie"]["taux"] == "33.33"


@pytest.mark.parametrize(("limite", "trop"), [("personnes", 13), ("actes", 1001)])
def test_taille_bornee(limite, trop):
    demande = copy.deepcopy(ANNEE)
    if limite == "personnes":
        demande["personnes"] = [{"id": f"p{i}"} for i in range(trop)]
    else:
        demande["actes"] = [dict(ANNEE["actes"][0]) for _ in range(trop)]
    debut = time.perf_counter()
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler_annee(demande)
    assert time.perf_counter() - debut < 0.1, "la borne est contrôlée avant tout calcul"
    assert exc.value.champ == limite and "Au plus" in exc.value.message


def test_mille_actes_sous_la_seconde():
    demande = copy.deepcopy(ANNEE)
    demande["actes"] = [{**ANNEE["actes"][0], "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"}
                        for i in range(1000)]
    debut = time.perf_counter()
    r = remb_core.simuler_annee(demande)
    assert time.perf_counter() - debut < 2.0
    assert len(r["actes"]) == 1000


@pytest.mark.parametrize(("taux", "montant", "attendus"), [
    (150, "40", ("150", "40")), ("150", 40, ("150", "40")), ("37,5", "26,50", ("37.5", "26.50")),
    ("100.50", "0", ("100.50", "0")), (" 70 % ", "1 234,50 €", ("70", "1234.50")),
])
def test_les_nombres_sont_rendus_tels_qu_ecrits(taux, montant, attendus):
    """Ni exposant (« 1.5E+2 ») ni zéros ajoutés : le JSON rend le nombre saisi."""
    br = remb_core.simuler({**ACTE, "garantie": {"forme": "pourcentage_br", "taux": taux}})
    forfait = remb_core.simuler({**ACTE, "garantie": {"forme": "forfait", "montant": montant}})
    assert (br["garantie"]["taux"], forfait["garantie"]["montant"]) == attendus


CSS = {"date": "2025-06-01", "personnes": [{"age": 35}, {"age": 8}], "ressources": "15000",
       "logement": "aide_au_logement", "aide_logement_mensuelle": "120", "zone": "metropole",
       "regime": "general"}
CHEMINS_CSS = [("date",), ("personnes",), ("ressources",), ("logement",), ("zone",),
               ("regime",), ("aide_logement_mensuelle",), ("inconnu",)]


@given(remplacements=st.lists(st.tuples(st.sampled_from(CHEMINS_CSS), valeur_piegee),
                              min_size=1, max_size=3),
       age=valeur_piegee)
@profil(1000)
def test_estimer_css_ne_plante_jamais(remplacements, age):
    demande = copy.deepcopy(CSS)
    demande["personnes"][1]["age"] = age
    for chemin, valeur in remplacements:
        demande = poser(demande, chemin, valeur)
    r = verifier_issue(remb_core.estimer_css, demande)
    if r is not None:
        assert r["resultat"] in ("gratuite", "avec_participation", "non")
        assert not r["plafond"].startswith("-")
