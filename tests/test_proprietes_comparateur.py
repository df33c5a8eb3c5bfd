"""Propriété du comparateur (hypothesis) : un contrat au moins aussi généreux sur chaque ligne ne
laisse jamais un reste à charge plus élevé, sur aucune année.

« Au moins aussi généreux » se définit ligne par ligne, à règles du contrat égales :
- même caractère responsable (les plafonds du contrat responsable s'appliquent aux deux ; un
  contrat non responsable peut payer plus qu'un contrat responsable plus « généreux ») ;
- même forme de garantie (même convention « Sécurité sociale incluse » ou non), avec un taux ou
  un forfait au moins égal ; ou « pas de garantie » d'un côté ; une ligne précise absente suit la
  ligne de son poste : elle est alors absente des deux contrats ;
- plafond par acte, plafond annuel et nombre par an : absents, ou au moins égaux ; renouvellement
  absent, ou au plus aussi long.
Hors du domaine : deux achats d'optique d'une même personne dans la période de renouvellement.
Le premier, remboursé de quelques centimes par le contrat le plus généreux seulement, ouvre
pour lui seul la période de renouvellement et le prive du second (même 100 % Santé) :
`test_renouvellement_hors_du_domaine` montre ce cas, que la règle produit telle quelle.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import remb_core
from remb_core.baremes import du_paquet
from remb_core.tableau import lignes

B = du_paquet()
LIGNES = [x for x in lignes(B.catalogue).toutes]
#: (acte, prix minimal, prix maximal, options) : des soins de tous les postes.
SOINS = [
    ("consultation_generaliste", 30, 60, {"secteur": ["1", "2_optam", "2_non_optam"]}),
    ("consultation_specialiste", 30, 120, {"secteur": ["1", "2_optam", "2_non_optam"]}),
    ("consultation_psychiatre", 57, 120, {"secteur": ["1", "2_optam"]}),
    ("seance_kinesitherapie", 18, 30, {}),
    ("analyses_biologie", 10, 90, {}),
    ("imagerie", 25, 200, {}),
    ("medicament_65", 2, 40, {"quantite": [1, 2, 3]}),
    ("medicament_30", 2, 20, {}),
    ("medicament_15", 2, 20, {}),
    ("transport_sanitaire", 30, 150, {}),
    ("osteopathie", 40, 90, {}),
    ("soin_dentaire", 20, 80, {}),
    ("detartrage", 29, 29, {}),
    ("couronne_tarif_libre", 300, 1200, {}),
    ("orthodontie", 300, 900, {"personne": ["p2"]}),  # avant 16 ans
    ("aide_auditive_classe_2", 800, 2200, {"quantite": [1, 2]}),
    ("chambre_particuliere", 40, 150, {"quantite": [1, 3]}),
    ("hospitalisation_frais_sejour", 500, 4000, {"jours": [0, 2, 5]}),
    ("urgences_sans_hospitalisation", None, None, {}),
]
OPTIQUE = [("monture_hors_100_sante", 40, 300, {}), ("verre_hors_100_sante", 40, 300,
                                                      {"quantite": [2]}),
           ("verre_complexe_hors_100_sante", 100, 450, {"quantite": [2]})]


def centimes(bas: int, haut: int):
    return st.integers(bas * 100, haut * 100).map(lambda c: f"{c // 100}.{c % 100:02d}")


@st.composite
def soin(draw, personnes, choix=SOINS, jour=None):
    acte, bas, haut, options = draw(st.sampled_from(choix))
    a = {"personne": draw(st.sampled_from(personnes)), "acte": acte,
         "date": jour or f"2026-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"}
    if bas is not None:
        a["prix"] = draw(centimes(bas, haut))
    for cle, valeurs in options.items():
        a[cle] = draw(st.sampled_from(valeurs))
    if a.get("secteur") == "2_non_optam" and acte == "consultation_psychiatre":
        a["secteur"] = "1"
    return a


@st.composite
def annee(draw):
    personnes = [{"id": "p1", "situation": {"age": draw(st.integers(18, 80))}},
                 {"id": "p2", "situation": {"age": draw(st.integers(3, 15))}}]
    ids = [p["id"] for p in personnes]
    actes = draw(st.lists(soin(ids), min_size=1, max_size=14))
    for p in ids:  # au plus un équipement d'optique par personne (voir l'en-tête)
        if draw(st.booleans()):
            jour = f"2026-{draw(st.integers(1, 12)):02d}-10"
            actes += [draw(soin([p], [o], jour)) for o in OPTIQUE[:1] + [draw(
                st.sampled_from(OPTIQUE[1:]))]]
    return {"annee": 2026, "personnes": personnes, "actes": actes}


FORMES = ("pourcentage_br_incluse", "pourcentage_br_en_plus", "forfait", "pourcentage_pmss",
          "frais_reels", "ticket_moderateur")


@st.composite
def paire_de_lignes(draw, precise: bool):
    """(garantie A, garantie B) avec B au moins aussi généreuse que A ; None : ligne absente
    (pas de garantie pour une ligne de poste, « comme la ligne du poste » pour une ligne
    précise : absente des deux côtés alors)."""
    if draw(st.integers(0, 5)) == 0:
        if precise:
            return None, None
        return None, draw(st.one_of(st.none(), st.just({"forme": "ticket_moderateur"})))
    forme = draw(st.sampled_from(FORMES))
    a: dict = {"forme": "pourcentage_br" if "_br_" in forme else forme}
    b = dict(a)
    if "_br_" in forme:
        a["secu_incluse"] = b["secu_incluse"] = forme.endswith("incluse")
    if a["forme"] in ("pourcentage_br", "pourcentage_pmss"):
        t = draw(st.integers(0, 300 if a["forme"] == "pourcentage_br" else 20))
        a["taux"], b["taux"] = t, t + draw(st.integers(0, 150 if a["forme"] == "pourcentage_br"
                                                         else 20))
    if a["forme"] == "forfait":
        m = draw(st.integers(0, 400))
        a["montant"], b["montant"] = str(m), str(m + draw(st.integers(0, 200)))
    _limite(draw, a, b, "plafond", 500)
    if not precise:
        _limite(draw, a, b, "plafond_annuel", 1500)
        _limite(draw, a, b, "nombre_par_an", 6)
        if draw(st.integers(0, 4)) == 0:
            a["renouvellement_ans"] = draw(st.integers(1, 3))
            if draw(st.booleans()):
                b["renouvellement_ans"] = draw(st.integers(1, a["renouvellement_ans"]))
    return a, b


def _limite(draw, a: dict, b: dict, cle: str, maximum: int) -> None:
    if draw(st.integers(0, 2)) == 0:
        valeur = draw(st.integers(0, maximum))
        a[cle] = str(valeur)
        if draw(st.booleans()):  # B : la même limite, plus haute, ou aucune
            b[cle] = str(valeur + draw(st.integers(0, maximum)))


@st.composite
def deux_contrats(draw):
    responsable = draw(st.booleans())
    ga, gb = {}, {}
    for ligne in LIGNES:
        if draw(st.integers(0, 3)) == 0:
            continue  # ligne absente des deux contrats
        a, b = draw(paire_de_lignes(ligne.precise))
        if a is not None:
            ga[ligne.id] = a
        if b is not None:
            gb[ligne.id] = b
    return ({"nom": "A", "cotisation_annuelle": "0", "contrat_responsable": responsable,
             "garanties": ga},
            {"nom": "B", "cotisation_annuelle": "0", "contrat_responsable": responsable,
             "garanties": gb})


@settings(max_examples=250, deadline=None, database=None)
@given(annee(), deux_contrats())
def test_plus_genereux_jamais_plus_cher(an, contrats):
    r = remb_core.comparer_contrats({**an, "contrats": list(contrats)})
    a, b = r["contrats"]
    assert Decimal(b["reste_a_charge"]) <= Decimal(a["reste_a_charge"]), (
        f"A {a['reste_a_charge']} < B {b['reste_a_charge']}")
    for personne in a["par_personne"]:
        assert Decimal(b["par_personne"][personne]["reste_a_charge"]) <= \
            Decimal(a["par_personne"][personne]["reste_a_charge"])


def test_renouvellement_hors_du_domaine():
    """Deux lunettes dans l'année : la plus généreuse des garanties rembourse 0,02 € sur la
    première (60 % contre 100 % d'une base de 0,05 €), ce qui ouvre pour elle seule la période
    de renouvellement ; la seconde paire, 100 % Santé, n'est alors remboursée que par l'autre."""
    verre = {"acte": "verre_100_sante", "prix": "60", "prix_limite": "60",
             "base_remboursement": "18", "quantite": 2}
    an = {"annee": 2026, "personnes": [{"id": "p"}], "actes": [
        {"personne": "p", "acte": "monture_hors_100_sante", "date": "2026-02-01", "prix": "80"},
        {"personne": "p", "date": "2026-09-01", **verre}]}
    g = {"forme": "pourcentage_br", "taux": 60}
    r = remb_core.comparer_contrats({**an, "contrats": [
        {"nom": "A", "cotisation_annuelle": "0", "garanties": {"optique": g}},
        {"nom": "B", "cotisation_annuelle": "0", "garanties": {"optique": {**g, "taux": 100}}}]})
    a, b = r["contrats"]
    assert Decimal(b["reste_a_charge"]) > Decimal(a["reste_a_charge"])
    assert any("Renouvellement" in e["message"] for e in b["plafonds_atteints"])
