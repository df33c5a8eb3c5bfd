"""Propriétés du calcul sur des demandes valides générées (hypothesis).

Les demandes couvrent tous les actes du catalogue, des prix de 0 à 2 000 € au centime, les
secteurs (médecins seulement, avec la base quand le prix peut dépasser la base), les situations,
toutes les formes de garantie et des dates de 2023 à 2026. Seules les combinaisons refusées à bon
droit (équipement 100 % Santé au-dessus de son prix limite) sont écartées, par `assume`.
"""

import datetime as dt
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import remb_core
from remb_core.actes import SECTEURS, catalogue

ACTES = remb_core.actes("2026-06-01")
INTERNES = catalogue().actes
MEDECINS = [a for a in ACTES if a["categorie"] == "medecin"]  # tirés plus souvent (secteurs)
PARTIES = ("depense", "base_remboursement", "amo_avant_participations",
           "participation_forfaitaire", "franchise", "amo", "ticket_moderateur", "depassement",
           "amc", "reste_a_charge")

REGLAGES = settings(max_examples=300, deadline=None, database=None)


def centimes(maximum=200_000):
    return st.integers(0, maximum).map(lambda c: f"{c // 100}.{c % 100:02d}")


def pourcentages(maximum):
    """Un taux entier ou au dixième, en texte ou en nombre entier."""
    return st.one_of(st.integers(0, maximum),
                     st.integers(0, maximum * 10).map(lambda d: f"{d // 10}.{d % 10}"))


def plafond_optionnel():
    return st.one_of(st.just({}), st.builds(lambda p: {"plafond": p}, centimes(100_000)))


def garanties(taux_br=None):
    pourcentage_br = st.builds(
        lambda t, s, p: {"forme": "pourcentage_br", "taux": t, "secu_incluse": s, **p},
        taux_br if taux_br is not None else pourcentages(1000), st.booleans(), plafond_optionnel())
    formes = [
        pourcentage_br,
        st.builds(lambda m, p: {"forme": "forfait", "montant": m, **p}, centimes(50_000),
                  plafond_optionnel()),
        st.builds(lambda t, p: {"forme": "pourcentage_pmss", "taux": t, **p}, pourcentages(100),
                  plafond_optionnel()),
        st.builds(lambda p: {"forme": "frais_reels", **p}, plafond_optionnel()),
        st.builds(lambda p: {"forme": "ticket_moderateur", **p}, plafond_optionnel()),
        st.just({"forme": "aucune"}),
        st.none(),
    ]
    # Tirage de la forme par son rang (hypothesis favorise les premiers : les plus riches).
    return st.integers(0, len(formes) - 1).flatmap(lambda i: formes[i])


@st.composite
def situations(draw, age_max=None, css_permise=True, age_min=None):
    situation = {}
    if age_min is not None or draw(st.booleans()):
        situation["age"] = draw(st.integers(age_min or 0,
                                            age_max if age_max is not None else 110))
    for drapeau in ("ald", "maternite", "at_mp", "invalidite", "at_mp_incapacite_2_3"):
        if draw(st.integers(0, 3)) == 0:
            situation[drapeau] = True
    if css_permise and draw(st.integers(0, 9)) == 0:
        situation["css"] = True
    return situation if situation or draw(st.booleans()) else None


@st.composite
def demandes(draw, garantie=None):
    """Une demande valide ; `garantie` : une stratégie imposée (la CSS est alors exclue)."""
    acte = draw(st.one_of(st.sampled_from(ACTES), st.sampled_from(MEDECINS)))
    interne = INTERNES[acte["id"]]
    d = {"acte": acte["id"],
         "date": draw(st.dates(interne.depuis or dt.date(2023, 1, 1),
                               dt.date(2026, 12, 31))).isoformat()}
    if interne.prix_bareme is None:
        d["prix"] = draw(centimes())
    if interne.prix_limite == "saisie":  # lu sur le devis : au moins le prix
        d["prix_limite"] = str(Decimal(d["prix"]) + Decimal(draw(centimes(10_000))))
    if interne.sejour and draw(st.booleans()):
        d["jours"] = draw(st.integers(0, 60))
        d["psychiatrie"] = draw(st.booleans())
    if interne.categorie == "transport" and draw(st.booleans()):
        d["ald_deficience"] = draw(st.booleans())
    if draw(st.booleans()) and not interne.sejour:
        d["quantite"] = draw(st.integers(1, 5))
    secteur = "1"
    if acte["categorie"] == "medecin" and draw(st.booleans()):
        secteur = draw(st.sampled_from(SECTEURS))
        d["secteur"] = secteur
    rembourse = acte["base_mode"] != "aucune"
    base_exigee = acte["base_mode"] == "saisie" or (acte["base_mode"] == "prix" and secteur != "1")
    if base_exigee or (rembourse and draw(st.integers(0, 4)) == 0):
        d["base_remboursement"] = draw(centimes())
    if rembourse and draw(st.integers(0, 4)) == 0:
        d["taux_amo"] = draw(pourcentages(100))
    if draw(st.integers(0, 4)) == 0:
        d["participation_forfaitaire"] = draw(centimes(500))
    if draw(st.booleans()):
        d["parcours_coordonne"] = draw(st.booleans())
        if not d["parcours_coordonne"] and draw(st.booleans()):
            d["exception_parcours"] = draw(st.sampled_from(
                ["acces_direct", "urgence", "eloignement", "remplacant"]))
    situation = draw(situations(interne.age_max, css_permise=garantie is None,
                                age_min=interne.age_min))
    if situation is not None:
        d["situation"] = situation
    css = bool(situation and situation.get("css"))
    g = draw(garantie if garantie is not None else
             (st.sampled_from([None, {"forme": "aucune"}]) if css else garanties()))
    if g is not None:
        d["garantie"] = g
    if draw(st.booleans()):
        d["contrat_responsable"] = draw(st.booleans())
    if interne.sejour and draw(st.booleans()):
        d["acte_lourd"] = draw(st.booleans())
    return d


def simuler(demande: dict) -> dict:
    """Simule ; écarte (assume) le seul refus légitime d'une demande générée : un article
    100 % Santé ou à tarif maîtrisé facturé au-dessus de son prix (ou honoraire) limite."""
    try:
        return remb_core.simuler(demande)
    except remb_core.ErreurSaisie as exc:
        refus_legitime = (exc.champ == "prix" and "limite" in exc.message
                          and INTERNES[demande["acte"]].prix_limite is not None)
        assume(not refus_legitime)
        raise


def montants(r: dict) -> dict:
    return {cle: Decimal(r[cle]) for cle in PARTIES}


def au_centime(valeur: Decimal) -> bool:
    return valeur == valeur.quantize(Decimal("0.01"))


@REGLAGES
@given(demandes())
def test_depense_egale_amo_plus_amc_plus_reste(demande):
    r = simuler(demande)
    m = montants(r)
    assert all(au_centime(v) for v in m.values())
    assert m["depense"] == m["amo"] + m["amc"] + m["reste_a_charge"]


@REGLAGES
@given(demandes())
def test_detail_du_reste_a_charge_tombe_juste(demande):
    r = simuler(demande)
    detail = r["detail_reste_a_charge"]
    assert sum((Decimal(v) for v in detail.values()), Decimal(0)) == Decimal(r["reste_a_charge"])
    assert detail["participation_forfaitaire"] == r["participation_forfaitaire"]
    assert detail["franchise"] == r["franchise"]


@REGLAGES
@given(demandes())
def test_aucune_part_negative(demande):
    r = simuler(demande)
    for cle, valeur in montants(r).items():
        assert valeur >= 0, (cle, valeur)
    for cle, valeur in r["detail_reste_a_charge"].items():
        assert Decimal(valeur) >= 0, (cle, valeur)


@REGLAGES
@given(demandes())
def test_complementaire_jamais_au_dela_de_ce_qui_reste(demande):
    """La complémentaire ne paie jamais plus que la dépense moins l'Assurance Maladie avant
    retenues : ni la participation forfaitaire ni la franchise."""
    m = montants(simuler(demande))
    assert m["amc"] <= m["depense"] - m["amo_avant_participations"]


@REGLAGES
@given(demandes())
def test_reste_a_charge_contient_participation_et_franchise(demande):
    m = montants(simuler(demande))
    assert m["reste_a_charge"] >= m["participation_forfaitaire"] + m["franchise"]


@REGLAGES
@given(demandes())
def test_amo_egale_amo_brut_moins_retenues(demande):
    m = montants(simuler(demande))
    assert m["amo"] == m["amo_avant_participations"] - m["participation_forfaitaire"] - \
        m["franchise"]


@REGLAGES
@given(demandes())
def test_base_et_amo_bornees_par_la_depense(demande):
    m = montants(simuler(demande))
    assert m["base_remboursement"] <= m["depense"]
    assert m["amo_avant_participations"] <= m["base_remboursement"]


@REGLAGES
@given(demandes(), st.data())
def test_meilleure_garantie_ne_paie_jamais_moins(demande, data):
    """Même demande, garantie en % de la base : taux t1 < t2 ne paie jamais moins."""
    t1 = data.draw(st.integers(0, 999), label="t1")
    t2 = data.draw(st.integers(t1 + 1, 1000), label="t2")
    secu_incluse = data.draw(st.booleans(), label="secu_incluse")
    plafond = data.draw(plafond_optionnel(), label="plafond")
    situation = dict(demande.get("situation") or {})
    situation.pop("css", None)
    base = {**demande, "situation": situation}

    def avec_taux(t):
        g = {"forme": "pourcentage_br", "taux": t, "secu_incluse": secu_incluse, **plafond}
        return simuler({**base, "garantie": g})

    r1, r2 = avec_taux(t1), avec_taux(t2)
    assert Decimal(r2["amc"]) >= Decimal(r1["amc"])
    assert Decimal(r2["reste_a_charge"]) <= Decimal(r1["reste_a_charge"])
    assert r2["amo"] == r1["amo"]


@REGLAGES
@given(demandes())
def test_sans_complementaire_rien_n_est_paye(demande):
    situation = dict(demande.get("situation") or {})
    situation.pop("css", None)
    r = simuler({**demande, "situation": situation, "garantie": {"forme": "aucune"}})
    assert r["amc"] == "0.00"


@REGLAGES
@given(demandes())
def test_frais_reels_paie_au_moins_le_ticket_moderateur(demande):
    """« Frais réels » sans plafond couvre au moins ce que couvre « ticket modérateur »."""
    situation = dict(demande.get("situation") or {})
    situation.pop("css", None)
    base = {**demande, "situation": situation}
    frais = simuler({**base, "garantie": {"forme": "frais_reels"}})
    tm = simuler({**base, "garantie": {"forme": "ticket_moderateur"}})
    assert Decimal(frais["amc"]) >= Decimal(tm["amc"])


@REGLAGES
@given(demandes())
def test_resultat_reproductible_et_json(demande):
    import json
    r1 = simuler(demande)
    r2 = remb_core.simuler(demande)
    assert r1 == r2
    assert json.loads(json.dumps(r1)) == r1
