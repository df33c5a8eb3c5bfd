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


# --- Fichiers et arguments fautifs : une ligne en français, jamais de trace ---------------------
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402


def lancer(*argv, entree: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "remb_core", *map(str, argv)], input=entree,
                          capture_output=True, timeout=60)


def _fichiers(tmp_path):
    profond = tmp_path / "profond.json"
    profond.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"annee": 2025, "personnes": [{"id": "Zoé"}]}'.encode("latin-1"))
    vide = tmp_path / "vide.json"
    vide.write_text("", encoding="utf-8")
    casse = tmp_path / "casse.json"
    casse.write_text('{"annee": 2025,', encoding="utf-8")
    refuse = tmp_path / "refuse.json"
    refuse.write_text('{"annee": "deux mille"}', encoding="utf-8")
    toml = tmp_path / "exemples.toml"
    toml.write_text("[[exemple]\nid = ", encoding="utf-8")
    return {"absent": (["annee", tmp_path / "absent.json"], 1, "n'existe pas"),
            "dossier": (["annee", tmp_path], 1, "est un dossier"),
            "vide": (["annee", vide], 1, "est vide"),
            "json_invalide": (["annee", casse], 1, "n'est pas un JSON valide"),
            "pas_utf8": (["annee", latin], 1, "UTF-8"),
            "profond": (["annee", profond], 1, "imbriqué trop profondément"),
            "refuse": (["annee", refuse], 1, "L'année"),
            "toml_exemples": (["baremes", "diff", "2024-01-01", "2025-01-01", "--exemples", toml],
                              1, "n'est pas un TOML valide"),
            "sans_acte": (["simuler"], 2, "obligatoire"),
            "commande_inconnue": (["rembourser"], 2, "choix inconnu"),
            "option_inconnue": (["actes", "--jour", "2026"], 2, "inconnu"),
            "date_catalogue": (["actes", "--date", "2026-02-30"], 2, "AAAA-MM-JJ"),
            "prix_demesure": (["simuler", "consultation_generaliste", "--prix", "1e30"], 2,
                              "prix"),
            "age_exotique": (["simuler", "consultation_generaliste", "--prix", "30", "--age",
                              "١٢"], 2, "âge")}


CAS_CLI = ["absent", "dossier", "vide", "json_invalide", "pas_utf8", "profond", "refuse",
           "toml_exemples", "sans_acte", "commande_inconnue", "option_inconnue",
           "date_catalogue", "prix_demesure", "age_exotique"]


@pytest.mark.parametrize("cas", CAS_CLI)
def test_erreur_en_une_ligne_francaise_sans_trace(cas, tmp_path):
    argv, code, fragment = _fichiers(tmp_path)[cas]
    fini = lancer(*argv)
    erreur = fini.stderr.decode("utf-8") + fini.stdout.decode("utf-8")
    assert fini.returncode == code, erreur
    assert "Traceback" not in erreur
    assert fragment.lower() in erreur.lower(), erreur
    for anglais in ("the following arguments", "invalid choice", "unrecognized", "error:"):
        assert anglais not in erreur, erreur


def test_entree_standard_vide():
    fini = lancer("annee", "-", entree=b"")
    assert fini.returncode == 1 and "l'entrée standard est vide" in fini.stderr.decode()


def test_debug_montre_la_trace():
    fini = lancer("--debug", "annee", "/nulle/part.json")
    assert fini.returncode != 0
    assert "n'existe pas" in fini.stderr.decode() and "Traceback" in fini.stderr.decode()
