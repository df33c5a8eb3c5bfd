"""Les cas de règles (tests/cas_regles.toml) : chaque règle, ses montants au centime, sa source."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import remb_core

FICHIER = Path(__file__).with_name("cas_regles.toml")
CAS = tomllib.loads(FICHIER.read_text(encoding="utf-8"))["cas"]


def test_chaque_cas_cite_sa_source_et_attend_quelque_chose():
    ids = [c["id"] for c in CAS]
    assert len(ids) == len(set(ids))
    for c in CAS:
        assert c["source"].strip() and c["regle"].strip(), c["id"]
        assert any(k in c for k in ("attendu", "attendu_actes", "erreur")), c["id"]


@pytest.mark.parametrize("cas", CAS, ids=[c["id"] for c in CAS])
def test_cas_de_regle(cas):
    fonction = {"simuler_annee": remb_core.simuler_annee, "estimer_css": remb_core.estimer_css}
    fonction = fonction.get(cas.get("fonction", ""), remb_core.simuler)
    if "erreur" in cas:
        with pytest.raises(remb_core.ErreurSaisie) as exc:
            fonction(cas["demande"])
        assert exc.value.champ == cas["erreur"]["champ"]
        assert cas["erreur"]["fragment"] in exc.value.message.replace("\u00a0", " "), \
            exc.value.message
        return
    r = fonction(cas["demande"])
    if cas.get("fonction") == "simuler_annee":
        obtenu = {k: r["totaux"][k] for k in cas.get("attendu", {})}
        assert obtenu == cas.get("attendu", {})
        actes = {a["index"]: a for a in r["actes"]}
        for attendu in cas.get("attendu_actes", []):
            a = actes[attendu["index"]]
            assert {k: a[k] for k in attendu if k != "index"} == \
                {k: v for k, v in attendu.items() if k != "index"}, attendu["index"]
        return
    assert {k: r[k] for k in cas["attendu"]} == cas["attendu"]
    if cas.get("fonction") == "estimer_css":
        return
    for part, montant in cas.get("attendu_detail", {}).items():
        assert r["detail_reste_a_charge"][part] == montant, part
    codes = {e["code"] for e in r["etapes"]}
    assert set(cas.get("etapes", [])) <= codes, codes
    assert Decimal(r["amo"]) + Decimal(r["amc"]) + Decimal(r["reste_a_charge"]) == \
        Decimal(r["depense"])
