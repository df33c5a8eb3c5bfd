"""Le comparateur de contrats et les exemples en euros : cas de référence, invariants, fichiers de
données (préréglages, profils, liste d'exemples) et formulaire."""

from __future__ import annotations

import itertools
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import remb_core
from remb_core import comparateur, exemples, prereglages, referentiel, tableau
from remb_core.baremes import du_paquet
from remb_core.formulaire import executer
from remb_core.formulaire_comparateur import demande_comparateur
from remb_core.referentiel import ErreurDonnees

FICHIER = Path(__file__).with_name("cas_comparateur.toml")
CAS = tomllib.loads(FICHIER.read_text(encoding="utf-8"))["cas"]
B = du_paquet()
PREREGLAGES = prereglages.prereglages(B)
PROFILS = prereglages.profils(B)


def appeler(cas: dict):
    d = cas["demande"]
    if cas["fonction"] == "comparer_contrats":
        return remb_core.comparer_contrats(d)
    return remb_core.exemples_normalises(d["garanties"], d.get("date"))


# --- Cas de référence --------------------------------------------------------------------------

def test_chaque_cas_dit_sa_regle():
    ids = [c["id"] for c in CAS]
    assert len(ids) == len(set(ids))
    for c in CAS:
        assert c["regle"].strip(), c["id"]
        assert ("attendu" in c and c["source"].strip()) or "erreur" in c, c["id"]


@pytest.mark.parametrize("cas", CAS, ids=[c["id"] for c in CAS])
def test_cas_de_reference(cas):
    if "erreur" in cas:
        with pytest.raises(remb_core.ErreurSaisie) as exc:
            appeler(cas)
        assert exc.value.champ == cas["erreur"]["champ"]
        assert cas["erreur"]["fragment"] in exc.value.message, exc.value.message
        return
    r = appeler(cas)
    attendu = cas["attendu"]
    if cas["fonction"] == "comparer_contrats":
        assert r["moins_cher"] == attendu["moins_cher"]
        assert [{k: c[k] for k in a} for c, a in zip(r["contrats"], attendu["contrats"],
                                                      strict=True)] == attendu["contrats"]
        assert {e["ligne"]: e["ecart"] for e in r["ecarts"]} == attendu["ecarts"]
        verifier_invariants(r)
    else:
        par_id = {e["id"]: e for e in r}
        for ident, montants in attendu["exemples"].items():
            assert {k: par_id[ident][k] for k in montants} == montants, ident


# --- Invariants --------------------------------------------------------------------------------

def verifier_invariants(r: dict) -> None:
    for c in r["contrats"]:
        assert Decimal(c["amo"]) + Decimal(c["amc"]) + Decimal(c["reste_a_charge"]) == \
            Decimal(c["depense"]) == Decimal(r["depense"]), c["nom"]
        assert Decimal(c["cotisation_annuelle"]) + Decimal(c["reste_a_charge"]) == \
            Decimal(c["cout_total"])
        par_ligne = sum(Decimal(x["reste_a_charge"]) for x in c["par_ligne"].values())
        assert par_ligne == Decimal(c["reste_a_charge"])
    couts = {c["nom"]: Decimal(c["cout_total"]) for c in r["contrats"]}
    assert couts[r["moins_cher"]] == min(couts.values())
    if len(r["contrats"]) == 2:
        a, b = r["contrats"]
        ecart = sum((Decimal(e["montants"][a["nom"]]) - Decimal(e["montants"][b["nom"]])
                     for e in r["ecarts"]), Decimal(0))
        assert ecart == couts[a["nom"]] - couts[b["nom"]]


@pytest.mark.parametrize("profil", sorted(PROFILS))
def test_profils_sous_chaque_paire_de_prereglages(profil):
    demande = PROFILS[profil].demande(2026, B)
    for x, y in itertools.combinations(PREREGLAGES, 2):
        r = remb_core.comparer_contrats({**demande, "contrats": [
            {"nom": x, "prereglage": x, "cotisation_annuelle": "500"},
            {"nom": y, "prereglage": y, "cotisation_annuelle": "480"}]})
        verifier_invariants(r)
        assert len(r["actes"]) == len(demande["actes"])


def test_quatre_contrats_et_explications():
    demande = PROFILS["famille_orthodontie"].demande(2026, B)
    noms = ["d911_1", "css", "niveau_2", "niveau_3"]
    r = remb_core.comparer_contrats({**demande, "contrats": [
        {"nom": n, "prereglage": n, "cotisation_annuelle": str(PREREGLAGES[n].cotisation_exemple)}
        for n in noms]})
    verifier_invariants(r)
    orthodontie = next(e for e in r["ecarts"] if e["ligne"] == "orthodontie")
    assert "« niveau_3 » (300\u00a0% de la base" in orthodontie["explication"]
    assert orthodontie["garanties"]["css"] == "Complémentaire santé solidaire"
    assert r["contrats"][1]["css"] is True
    assert Decimal(r["contrats"][1]["participation_forfaitaire"]) == 0  # CSS : exonérée


def test_une_periode_du_au():
    r = remb_core.comparer_contrats({
        "du": "2025-07-01", "au": "2026-06-30", "personnes": [{"id": "a"}],
        "actes": [{"personne": "a", "acte": "consultation_generaliste", "date": "2025-09-01",
                   "prix": "30"}],
        "contrats": [{"nom": "x", "cotisation_annuelle": "0"},
                     {"nom": "y", "cotisation_annuelle": "0", "prereglage": "niveau_1"}]})
    assert (r["du"], r["au"]) == ("2025-07-01", "2026-06-30")
    assert r["ex_aequo"] == ["y"] and r["contrats"][1]["amc"] == "9.00"


def test_borne_des_actes():
    acte = {"personne": "a", "acte": "consultation_generaliste", "date": "2026-01-02",
            "prix": "30"}
    demande = {"annee": 2026, "personnes": [{"id": "a"}],
               "actes": [acte] * (comparateur.ACTES_MAX + 1),
               "contrats": [{"nom": "x", "cotisation_annuelle": "0"},
                            {"nom": "y", "cotisation_annuelle": "0"}]}
    with pytest.raises(remb_core.ErreurSaisie) as exc:
        remb_core.comparer_contrats(demande)
    assert exc.value.champ == "actes"


# --- Fichiers de données ------------------------------------------------------------------------

def test_lignes_du_tableau():
    tout = tableau.lignes(B.catalogue)
    assert len(tout.toutes) >= 20
    dans_le_fichier = {b.get("poste", b["id"])
                       for b in referentiel.lire("tableau", "lignes.toml").contenu["ligne"]}
    assert dans_le_fichier == set(B.catalogue.postes)  # chaque poste a sa ligne écrite
    actes = B.catalogue.actes
    assert tout.ligne_de(actes["consultation_specialiste"], "2_non_optam").id == \
        "specialistes_non_optam"
    assert tout.ligne_de(actes["consultation_specialiste"], "1").id == "specialistes_optam"
    assert tout.ligne_de(actes["consultation_generaliste"], "2_optam").id == "honoraires_medicaux"
    assert tout.ligne_de(actes["forfait_technique_imagerie"]).id == "imagerie_optam"
    assert tout.ligne_de(actes["medicament_30"]).id == "medicaments_30"


def test_chaque_prereglage_est_source():
    assert {"d911_1", "css", "fonction_publique_etat", "niveau_1", "niveau_2",
            "niveau_3"} <= set(PREREGLAGES)
    for p in PREREGLAGES.values():
        assert p.source and p.date and p.verifie_le, p.id
        for ligne, lp in p.lignes.items():
            if lp.confiance in ("moyenne", "basse"):
                assert lp.note, (p.id, ligne)  # une ligne incertaine dit pourquoi
        if not p.css:
            assert set(p.lignes) == set(tableau.lignes(B.catalogue).par_id), p.id
    fpe = PREREGLAGES["fonction_publique_etat"]
    assert fpe.lignes["specialistes_optam"].confiance == "haute"
    assert fpe.lignes["optique"].confiance == "basse"  # non lue dans l'annexe
    assert all(x.confiance == "illustratif" for x in PREREGLAGES["niveau_2"].lignes.values())


def test_les_profils_se_placent_dans_chaque_annee():
    # Depuis 2025 : la consultation de pédiatre n'a de barème qu'à partir du 22 décembre 2024.
    for p in PROFILS.values():
        for an in (2025, 2026):
            d = p.demande(an, B)
            assert all(a["date"].startswith(str(an)) for a in d["actes"])
            remb_core.simuler_annee({**d, "contrat": {"garanties": {}}})


@pytest.mark.parametrize("date", ["2023-01-01", "2024-06-01", "2026-06-01", "2026-12-31"])
def test_exemples_pour_chaque_prereglage(date):
    for p in PREREGLAGES.values():
        sortie = remb_core.exemples_normalises(p.garanties(), date,
                                               contrat_responsable=p.contrat_responsable)
        assert [e["id"] for e in sortie] == [e.id for e in exemples.liste().exemples]
        for e in sortie:
            assert Decimal(e["amo"]) + Decimal(e["amc"]) + Decimal(e["reste_a_charge"]) == \
                Decimal(e["depense"])
            assert e["hypotheses"]


def test_liste_des_exemples():
    lst = exemples.liste()
    assert 15 <= len(lst.exemples) <= 30
    assert {e.rubrique for e in lst.exemples} == set(tableau.RUBRIQUES)
    assert "n'ont pas été retrouvés" in lst.note
    assert sum(e.statut == "attesté" for e in lst.exemples) >= 1
    prix = remb_core.exemples_normalises({}, "2026-06-01")
    couronne = next(e for e in prix if e["id"] == "couronne_100_sante")
    assert couronne["depense"] == str(B.valeur("couronne_ceramique_hlf",
                                               __import__("datetime").date(2026, 6, 1)).valeur)
    assert any("prix illustratif" in h for e in prix for h in e["hypotheses"])


@pytest.mark.parametrize(("texte", "ligne", "fragment"), [
    ('[[ligne]]\nid = "hospitalisation"\nrubrique = "Hôpital"\nlibelle = "x"\n', 2, "rubrique"),
    ('[[ligne]]\nid = "x"\nposte = "optique"\nrubrique = "Optique"\nlibelle = "x"\n', 2,
     "une ligne précise"),
    ('[[ligne]\nid = "x"\n', 1, "TOML illisible"),
])
def test_lignes_fautives_nomment_fichier_et_ligne(texte, ligne, fragment):
    with pytest.raises(ErreurDonnees) as exc:
        tableau.construire(referentiel.Fichier("tableau/essai.toml", texte), B.catalogue)
    assert exc.value.ligne == ligne and fragment in str(exc.value)
    assert str(exc.value).startswith("Fichier de données tableau/essai.toml, ligne")


def test_prereglage_fautif_nomme_sa_ligne():
    texte = (referentiel.lire("contrats", "niveau_1.toml").texte
             .replace('taux = 125', 'taux = "beaucoup"', 1))
    f = referentiel.Fichier("contrats/niveau_1.toml", texte)
    with pytest.raises(ErreurDonnees) as exc:
        prereglages._prereglage(f, "niveau_1", B)
    assert "garanties.protheses_dentaires.taux" in str(exc.value)
    assert exc.value.ligne == texte.splitlines().index("[garanties.protheses_dentaires]") + 1


def test_exemple_sans_note_refuse():
    texte = exemples_texte().replace('prix = "70.00"\nnote = "prix illustratif du guide"',
                                     'prix = "70.00"', 1)
    with pytest.raises(ErreurDonnees, match="porte une note"):
        exemples.construire(referentiel.Fichier("exemples/normalises.toml", texte))


def exemples_texte() -> str:
    return referentiel.lire("exemples", "normalises.toml").texte


# --- Formulaire ----------------------------------------------------------------------------------

def champs_de_base() -> dict[str, str]:
    return {"annee": "2026", "personnes[0].id": "Léa", "personnes[0].situation.age": "38",
            "personnes[1].id": "Tom", "personnes[1].situation.age": "9",
            "actes[0].personne": "personnes[1]", "actes[0].acte": "consultation_generaliste",
            "actes[0].date": "2026-02-01", "actes[0].prix": "30",
            "actes[1].acte": "",
            "actes[2].personne": "personnes[0]", "actes[2].acte": "osteopathie",
            "actes[2].date": "2026-03-01", "actes[2].prix": "60",
            "contrats[0].nom": "A", "contrats[0].cotisation_annuelle": "300",
            "contrats[0].prereglage": "niveau_2",
            "contrats[1].nom": "B", "contrats[1].cotisation_annuelle": "600",
            "contrats[1].garanties.honoraires_medicaux.forme": "pourcentage_br",
            "contrats[1].garanties.honoraires_medicaux.taux": "200",
            "contrats[1].garanties.specialistes_optam.forme": ""}


def test_formulaire_vers_demande():
    demande, rangs = demande_comparateur(champs_de_base(), B)
    assert rangs == [0, 2]  # la ligne vide est ignorée
    assert [a["personne"] for a in demande["actes"]] == ["Tom", "Léa"]
    assert demande["contrats"][0] == {"nom": "A", "cotisation_annuelle": "300",
                                      "contrat_responsable": True, "prereglage": "niveau_2",
                                      "css": False, "garanties": {}}
    assert demande["contrats"][1]["garanties"] == {"honoraires_medicaux": {
        "forme": "pourcentage_br", "taux": "200", "secu_incluse": True}}


def test_formulaire_erreur_renvoyee_a_sa_ligne():
    champs = {**champs_de_base(), "actes[2].prix": "soixante"}
    sortie = executer("comparateur", champs)
    assert sortie["ok"] is False and sortie["erreur"]["champ"] == "actes[2].prix"


def test_formulaire_ligne_precise_comme_le_poste_avec_prereglage():
    champs = {**champs_de_base(), "contrats[1].prereglage": "niveau_3"}
    demande, _ = demande_comparateur(champs, B)
    g = demande["contrats"][1]["garanties"]
    # « Comme la ligne du poste » : le préréglage (200 %) ne doit pas l'emporter.
    assert g["specialistes_optam"] == {"forme": "pourcentage_br", "taux": "200",
                                       "secu_incluse": True}


def test_le_regime_du_foyer_vaut_pour_chaque_personne():
    """Un foyer d'Alsace-Moselle : le régime local rembourse plus (taux majorés), pour chacun ;
    le fichier téléchargé garde le régime de chaque personne ; un régime inconnu est refusé en
    nommant le champ de la page."""
    general = executer("comparateur", {**champs_de_base(), "regime": "general"})
    local = executer("comparateur", {**champs_de_base(), "regime": "alsace_moselle"})
    assert general["ok"] and local["ok"], (general, local)
    assert general["resultat"] == executer("comparateur", champs_de_base())["resultat"]
    for g, lo in zip(general["resultat"]["contrats"], local["resultat"]["contrats"], strict=True):
        assert Decimal(lo["amo"]) > Decimal(g["amo"])
    assert {p["situation"]["regime"] for p in local["demande"]["personnes"]} == {"alsace_moselle"}
    refuse = executer("comparateur", {**champs_de_base(), "regime": "suisse"})
    assert refuse["ok"] is False and refuse["erreur"]["champ"] == "regime"


def test_formulaire_resultat_et_demande_telechargeable():
    sortie = executer("comparateur", champs_de_base())
    assert sortie["ok"], sortie
    assert 'data-demande="' in sortie["html"] and "Le moins cher" in sortie["html"]
    r = remb_core.comparer_contrats(sortie["demande"])  # le fichier se relit en Python
    assert [c["cout_total"] for c in r["contrats"]] == \
        [c["cout_total"] for c in sortie["resultat"]["contrats"]]


def test_formulaire_des_exemples():
    sortie = executer("exemples", {"date": "2026-06-01", "contrat_responsable": "true",
                                   "garanties.optique.forme": "forfait",
                                   "garanties.optique.montant": "150",
                                   "garanties.optique.plafond_annuel": "200",
                                   "garanties.specialistes_optam.forme": ""})
    assert sortie["ok"], sortie
    attendu = remb_core.exemples_normalises(
        {"optique": {"forme": "forfait", "montant": "150", "plafond_annuel": "200"}},
        "2026-06-01")
    assert sortie["resultat"] == attendu
    assert sortie["html"].count("<tr data-exemple=") == len(attendu)
