"""La ligne de commande `python -m remb_core simuler …` : le détail en français, ou l'erreur."""

import json

from remb_core.cli import main


def test_simuler_affiche_le_detail_et_les_etapes(capsys):
    code = main(["simuler", "consultation_specialiste", "--prix", "60", "--secteur", "2_optam",
                 "--garantie", "150", "--date", "2026-06-01"])
    sortie = capsys.readouterr().out
    assert code == 0
    assert "Assurance Maladie" in sortie and "19,00\u00a0€" in sortie
    assert "Complémentaire" in sortie and "24,00\u00a0€" in sortie
    assert "Reste à charge" in sortie and "17,00\u00a0€" in sortie
    assert "Participation forfaitaire : 2,00\u00a0€ depuis le 15 mai 2024" in sortie


def test_simuler_en_json_avec_montant_a_la_francaise(capsys):
    assert main(["simuler", "consultation_generaliste", "--prix", "26,50", "--date", "2024-06-01",
                 "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert (r["amo"], r["reste_a_charge"]) == ("16.55", "9.95")


def test_simuler_refuse_une_saisie_invalide(capsys):
    assert main(["simuler", "consultation_generaliste", "--prix", "-3"]) == 2
    erreur = capsys.readouterr().err
    assert "prix" in erreur and "montant positif" in erreur


def test_annee_depuis_un_fichier(tmp_path, capsys):
    fichier = tmp_path / "foyer.json"
    fichier.write_text(json.dumps({
        "annee": 2025, "personnes": [{"id": "Tom", "situation": {"age": 9}}],
        "actes": [{"personne": "Tom", "acte": "consultation_generaliste", "date": "2025-02-03",
                   "prix": "30"}]}), encoding="utf-8")
    assert main(["annee", str(fichier)]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["par_personne"]["Tom"]["participation_forfaitaire"] == "0.00"
    assert r["totaux"]["amo"] == "21.00"
