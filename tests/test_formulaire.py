"""Les champs des formulaires arrivent jusqu'au moteur (remb_core.formulaire.executer) : un champ
affiché mais ignoré donnerait un chiffre faux avec assurance."""

import pytest

from remb_core.formulaire import executer

CONSULTATION = {"acte": "consultation_generaliste", "prix": "30", "date": "2026-06-01",
                "garantie.forme": "aucune", "situation.age": "40"}
ANNEE = {"mode": "annee", "annee": "2026", "personnes[0].age": "40", "personnes[1].age": "12",
         "garantie.forme": "aucune",
         "lignes[0].acte": "consultation_generaliste", "lignes[0].date": "2026-02-02",
         "lignes[0].prix": "30",
         "lignes[1].acte": "consultation_generaliste", "lignes[1].personne": "personnes[1]",
         "lignes[1].date": "2026-02-03", "lignes[1].prix": "30"}


@pytest.mark.parametrize("regime, amo", [("", "19.00"), ("general", "19.00"),
                                         ("alsace_moselle", "25.00")])
def test_le_regime_choisi_change_le_remboursement_d_un_soin(regime, amo):
    """90 % en Alsace-Moselle au lieu de 70 %, moins la participation forfaitaire (2 €)."""
    sortie = executer("reste_a_charge", {**CONSULTATION, "mode": "acte",
                                         "situation.regime": regime})
    assert sortie["ok"], sortie
    assert sortie["resultat"]["amo"] == amo


@pytest.mark.parametrize("regime, amo", [("general", "40.00"), ("alsace_moselle", "52.00")])
def test_le_regime_vaut_pour_tout_le_foyer_en_mode_annee(regime, amo):
    """Adulte : 27 − 2 ou 21 − 2 ; enfant de 12 ans : pas de participation forfaitaire."""
    sortie = executer("reste_a_charge", {**ANNEE, "situation.regime": regime})
    assert sortie["ok"], sortie
    assert sortie["resultat"]["totaux"]["amo"] == amo


def test_un_regime_inconnu_est_refuse_en_nommant_le_champ():
    sortie = executer("reste_a_charge", {**CONSULTATION, "mode": "acte",
                                         "situation.regime": "bretagne"})
    assert not sortie["ok"]
    assert sortie["erreur"]["champ"] == "situation.regime"


def _champs_situation_du_formulaire() -> list[str]:
    """Les champs « situation.* » que le formulaire « Reste à charge » affiche."""
    import datetime as dt
    import re

    from site_macros import Macros, calculateurs, charger_baremes

    html = calculateurs.calculateur(Macros(dt.date(2026, 6, 1), charger_baremes()),
                                    "reste_a_charge")
    return sorted(set(re.findall(r'name="(situation\.[a-z_0-9]+)"', html)) - {"situation.age"})


@pytest.mark.parametrize("champ", _champs_situation_du_formulaire())
def test_chaque_case_de_situation_affichee_change_le_calcul(champ):
    """Toute situation qu'on peut cocher (ou choisir) change le remboursement d'une consultation
    de 30 € : un champ affiché que le moteur ne lirait pas donnerait un chiffre faux."""
    valeur = "alsace_moselle" if champ == "situation.regime" else "true"
    sans = executer("reste_a_charge", {**CONSULTATION, "mode": "acte"})
    avec = executer("reste_a_charge", {**CONSULTATION, "mode": "acte", champ: valeur})
    assert sans["ok"] and avec["ok"], (sans, avec)
    assert (avec["resultat"]["amo"], avec["resultat"]["reste_a_charge"]) != \
        (sans["resultat"]["amo"], sans["resultat"]["reste_a_charge"]), champ


def test_preparer_lit_d_avance_les_donnees_du_tableau_complet_sans_calculer():
    """Le worker appelle preparer quand le résultat affiché est déjà à jour : les données du
    comparateur sont lues (et gardées), rien n'est calculé, un autre calculateur n'y touche pas."""
    from remb_core import exemples, formulaire, prereglages, tableau

    for f in (exemples.liste, prereglages._fichiers, tableau._fichier):
        f.cache_clear()
    prereglages._PREREGLAGES.clear()
    tableau._CONSTRUITES.clear()
    formulaire.preparer("reste_a_charge")
    assert exemples.liste.cache_info().currsize == 0 and not prereglages._PREREGLAGES
    formulaire.preparer("exemples")
    assert exemples.liste.cache_info().currsize == 1
    assert len(tableau._CONSTRUITES) == 1 and len(prereglages._PREREGLAGES) == 1
    assert formulaire.preparer("inconnu") is None


def test_les_donnees_du_comparateur_se_lisent_depuis_une_archive(tmp_path):
    """Dans le navigateur, referentiel et les données du comparateur viennent de l'archive
    « suite », le reste du paquet d'une autre archive : referentiel lit ses données dans l'archive
    d'où il a été importé. Même découpage ici, dans CPython (zipimport, chercheur du worker)."""
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    from remb_core import formulaire

    paquet = Path(formulaire.__file__).parent
    suite = ("remb_core/referentiel.py",) + tuple(f"remb_core/donnees/{d}/" for d in
                                                  ("contrats", "exemples", "profils", "tableau"))
    with zipfile.ZipFile(tmp_path / "paquet.zip", "w") as p, \
            zipfile.ZipFile(tmp_path / "suite.zip", "w") as s:
        for f in sorted(paquet.rglob("*")):
            nom = f.relative_to(paquet.parent).as_posix()
            if f.is_file() and "__pycache__" not in f.parts:
                (s if nom.startswith(suite) else p).write(f, nom)
    code = f"""
import sys, zipimport
class Suite:
    def find_spec(self, nom, chemin=None, cible=None):
        if nom == "remb_core.referentiel":
            return zipimport.zipimporter({str(tmp_path / "suite.zip")!r} + "/remb_core/").find_spec(nom)
sys.meta_path.insert(0, Suite())
sys.path.insert(0, {str(tmp_path / "paquet.zip")!r})
import remb_core.referentiel as r
assert r.__spec__.loader.archive.endswith("suite.zip"), r.__spec__
print(r.lister("contrats"))
print(len(r.lire("tableau", "lignes.toml").texte))
"""
    fini = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert fini.returncode == 0, fini.stderr
    contrats, taille = fini.stdout.splitlines()
    assert "d911_1.toml" in contrats
    attendu = (paquet / "donnees" / "tableau" / "lignes.toml").read_text(encoding="utf-8")
    assert int(taille) == len(attendu)
