"""Les cas dorés de tests/cas_*.toml (cas de référence, fiche DREES, et tout fichier ajouté :
tests/cas_regles.toml…), un test par ligne ; format et lecture : tests/golden.py.

Les mêmes lignes tournent aussi dans Pyodide (tests/test_pyodide.py, par tests/cas_reference.py).
Les derniers tests vérifient que le lecteur refuse une ligne mal formée et qu'un chiffre faux
fait bien échouer une ligne.
"""

from __future__ import annotations

import pytest
from golden import Cas, DonneesInvalides, ecarts, executer_un, fichiers_de_cas, lire_cas

LIGNES = [cas for chemin in fichiers_de_cas() for cas in lire_cas(chemin)]


def test_les_fichiers_de_cas_sont_lus():
    noms = {chemin.name for chemin in fichiers_de_cas()}
    assert {"cas_reference.toml", "cas_drees.toml"} <= noms
    assert len({cas.id for cas in LIGNES}) == len(LIGNES) > 50


@pytest.mark.parametrize("cas", LIGNES, ids=[cas.id for cas in LIGNES])
def test_cas(cas):
    problemes = ecarts(cas, executer_un(cas.requete()))
    assert not problemes, "\n".join(problemes)


# --- le lecteur ---------------------------------------------------------------------------------
CONSULTATION = ('demande = { acte = "consultation_generaliste", prix = "26.50", '
                'date = "2024-06-01" }\n')


def _lire(tmp_path, texte: str) -> list[Cas]:
    chemin = tmp_path / "cas_essai.toml"
    chemin.write_text(texte, encoding="utf-8")
    return lire_cas(chemin)


def test_l_exemple_du_format_passe(tmp_path):
    """La ligne d'exemple de la documentation de tests/golden.py est juste."""
    import golden

    bloc = golden.__doc__.split("Exemple de ligne :")[1].strip("\n").splitlines()
    [cas] = _lire(tmp_path, "\n".join(ligne.removeprefix("  ") for ligne in bloc))
    assert cas.id == "participation-forfaitaire-2-euros" and len(cas.attendu) == 4
    assert ecarts(cas, executer_un(cas.requete())) == []


def test_un_fichier_absent_ne_donne_aucune_ligne(tmp_path):
    assert lire_cas(tmp_path / "cas_regles.toml") == []


def test_une_ligne_bien_formee(tmp_path):
    [cas] = _lire(tmp_path, '[[cas]]\nid = "pf"\nregle = "r"\nsource = "s"\n' + CONSULTATION
                  + 'attendu = { amo = "16.55" }\nattendu_detail = { participation_forfaitaire = '
                  '"2.00" }\npublie = { taux_amo = "70" }\n')
    assert cas.attendu == {"amo": "16.55", "detail_reste_a_charge.participation_forfaitaire": "2.00",
                           "taux_amo": "70"}
    assert cas.requete() == {"acte": "consultation_generaliste", "prix": "26.50",
                             "date": "2024-06-01"}
    assert ecarts(cas, executer_un(cas.requete())) == []


@pytest.mark.parametrize("texte, message", [
    ('attendus = { amo = "16.55" }\n', "champs inconnus"),
    ('attendu = { amo = 16.55 }\n', "doit être une chaîne"),
    ('fonction = "simuler_mois"\nattendu = { amo = "16.55" }\n', "fonction « simuler_mois »"),
    ("", "rien à vérifier"),
    ('publie = { amo = "18.55" }\nattendu = { amo = "16.55" }\n', "publie_errone"),
    ('publie = { amo = "18.55" }\npublie_errone = { amo = "oubli" }\n', "le bon chiffre"),
    ('publie = { amo = "16.55" }\npublie_errone = { amo = "oubli" }\nattendu = { amo = "16.55" }\n',
     "le bon chiffre"),
    ('publie_errone = { amo = "oubli" }\nattendu = { amo = "16.55" }\n', "absent de publie"),
    ('erreur = { champ = "prix" }\n', "erreur = {"),
    ('erreur = { champ = "prix", fragment = "x" }\nattendu = { amo = "1.00" }\n', "n'attend pas"),
])
def test_une_ligne_mal_formee_est_refusee(tmp_path, texte, message):
    with pytest.raises(DonneesInvalides, match=message):
        _lire(tmp_path, '[[cas]]\nid = "x"\n' + CONSULTATION + texte)


def test_une_demande_sans_date_est_refusee(tmp_path):
    with pytest.raises(DonneesInvalides, match="doit porter sa date"):
        _lire(tmp_path, '[[cas]]\nid = "x"\ndemande = { acte = "osteopathie", prix = "60" }\n'
                        'attendu = { amo = "0.00" }\n')


def test_un_id_en_double_est_refuse(tmp_path):
    ligne = '[[cas]]\nid = "x"\n' + CONSULTATION + 'attendu = { amo = "16.55" }\n'
    with pytest.raises(DonneesInvalides, match="en double"):
        _lire(tmp_path, ligne + ligne)


# --- une ligne fausse échoue --------------------------------------------------------------------
def _cas(**champs) -> Cas:
    return Cas(id="essai", demande={"acte": "consultation_generaliste", "prix": "26.50",
                                    "date": "2024-06-01"}, **champs)


@pytest.mark.parametrize("attendu, fragment", [
    ({"amo": "16.56"}, "amo = 16.55, attendu 16.56"),
    ({"amo+amc": "16.56"}, "amo+amc = 16.55, attendu 16.56"),
    ({"detail_reste_a_charge.participation_forfaitaire": "1.00"}, "= 2.00, attendu 1.00"),
    ({"montant_inconnu": "1.00"}, "montant_inconnu = None"),
])
def test_un_chiffre_faux_fait_echouer_la_ligne(attendu, fragment):
    cas = _cas(attendu=attendu)
    [probleme] = ecarts(cas, executer_un(cas.requete()))
    assert fragment in probleme


def test_une_erreur_attendue_doit_arriver():
    cas = _cas(erreur={"champ": "prix", "fragment": "montant positif"})
    assert "ErreurSaisie attendue" in ecarts(cas, executer_un(cas.requete()))[0]
    refus = Cas(id="refus", demande={"acte": "consultation_generaliste", "prix": "trente",
                                     "date": "2026-06-01"},
                erreur={"champ": "prix", "fragment": "montant positif"})
    assert ecarts(refus, executer_un(refus.requete())) == []
    assert "ErreurSaisie inattendue" in ecarts(_cas(attendu={"amo": "1.00"}),
                                               executer_un(refus.requete()))[0]


def test_un_invariant_rompu_fait_echouer_la_ligne():
    cas = _cas(attendu={"amo": "16.55"})
    sortie = executer_un(cas.requete())
    sortie["amc"] = "0.01"
    assert any("dépense 26.50 ≠" in p for p in ecarts(cas, sortie))
    sortie = executer_un(cas.requete())
    sortie["detail_reste_a_charge"]["franchise"] = "0.01"
    assert any("le détail du reste à charge" in p for p in ecarts(cas, sortie))
