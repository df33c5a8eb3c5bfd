"""Le travail du mainteneur des barèmes : `baremes verifier | historique | diff` et la construction.

Chaque défaut d'un fichier de barème (date impossible, source absente, valeur non numérique, date
en double, taux au-delà de 100 %, paramètre supprimé…) doit donner un message français qui nomme
le fichier, la ligne et le paramètre, dans la ligne de commande comme dans la construction du site.
Une valeur future ajoutée à un barème (fixture « bareme_futur », fabriquée dans tmp_path à partir
des fichiers du paquet) apparaît dans `diff`, dans l'historique et dans tout calcul ou tableau
demandé pour sa date, et nulle part avant.
"""

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import remb_core
from remb_core import baremes, cli, maintenance

RACINE = Path(__file__).resolve().parents[1]
DONNEES = RACINE / "remb_core" / "donnees"
EXEMPLES = RACINE / "site_macros" / "exemples_sources.toml"
FUTUR = ('  { depuis = 2027-06-01, valeur = "32.50", source = "Fixture de test" },\n')
PF_2024 = '{ depuis = 2024-05-15, valeur = "2.00", source = "'


# --- outils ---------------------------------------------------------------------------------------
def copie(dossier: Path) -> Path:
    """Une copie des barèmes du paquet (sans le catalogue des actes)."""
    dossier.mkdir(parents=True)
    for fichier in DONNEES.glob("*.toml"):
        if fichier.name != baremes.FICHIER_ACTES:
            shutil.copy(fichier, dossier / fichier.name)
    return dossier


def remplacer(dossier: Path, fichier: str, avant: str, apres: str) -> int:
    """Remplace une fois `avant` par `apres` ; renvoie le numéro de la ligne modifiée."""
    chemin = dossier / fichier
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte, f"{avant!r} introuvable dans {fichier}"
    debut = texte.index(avant)
    chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
    return texte.count("\n", 0, debut) + 1


def supprimer_source_pf(dossier: Path) -> int:
    chemin = dossier / "participations.toml"
    texte = chemin.read_text(encoding="utf-8")
    trouve = re.search(r'(\{ depuis = 2024-05-15, valeur = "2\.00"), source = "[^"]*"', texte)
    assert trouve
    chemin.write_text(texte[:trouve.start()] + trouve.group(1) + texte[trouve.end():],
                      encoding="utf-8")
    return texte.count("\n", 0, trouve.start()) + 1


def supprimer_parametre(dossier: Path, fichier: str, nom: str) -> None:
    chemin = dossier / fichier
    texte = chemin.read_text(encoding="utf-8")
    nouveau = re.sub(rf"(?ms)^\[{nom}\]\n.*?(?=^\[|\Z)", "", texte)
    assert nouveau != texte
    chemin.write_text(nouveau, encoding="utf-8")


def ajouter_futur(dossier: Path) -> int:
    """La valeur de la fixture : consultation du généraliste à 32,50 € au 1er juin 2027."""
    chemin = dossier / "tarifs.toml"
    texte = chemin.read_text(encoding="utf-8")
    trouve = re.search(r"(?ms)^\[consultation_generaliste\]\n.*?^\]\n", texte)
    assert trouve
    fin = trouve.end() - 2  # avant le « ] » qui ferme la liste des valeurs
    chemin.write_text(texte[:fin] + FUTUR + texte[fin:], encoding="utf-8")
    return texte.count("\n", 0, fin) + 1


@pytest.fixture
def bareme_futur(tmp_path) -> Path:
    """tests/fixtures/bareme_futur, fabriqué à la volée : le paquet + une valeur en 2027."""
    dossier = copie(tmp_path / "fixtures" / "bareme_futur")
    ajouter_futur(dossier)
    return dossier


def lancer(capsys, *argv) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    sortie = capsys.readouterr()
    return code, sortie.out + sortie.err


def bloc(sortie: str, debut: str) -> str:
    """Le paragraphe d'une sortie qui commence par `debut` (jusqu'à la puce suivante)."""
    i = sortie.index(debut)
    j = sortie.find("  • ", i + len(debut))
    return sortie[i:j if j != -1 else None]


# --- verifier : le paquet est sain ------------------------------------------------------------
def test_verifier_le_paquet(capsys):
    code, sortie = lancer(capsys, "baremes", "verifier")
    assert code == 0, sortie
    assert "ERREURS" not in sortie
    assert "Résultat : barèmes valides" in sortie


def test_verifier_fonction_sur_le_paquet():
    rapport = maintenance.verifier(baremes.textes_du_paquet(), maintenance.texte_du_catalogue())
    assert rapport.ok, rapport.texte()
    assert rapport.parametres == len(baremes.actifs().parametres)


# --- verifier : chaque défaut donne son message ----------------------------------------------
def _date_impossible(d):
    return "participations.toml", "participation_forfaitaire", remplacer(
        d, "participations.toml", "{ depuis = 2024-05-15,", "{ depuis = 2024-13-01,"), [
        "2024-13-01", "n'existe pas"]


def _source_absente(d):
    return "participations.toml", "participation_forfaitaire", supprimer_source_pf(d), [
        "la valeur du 2024-05-15 n'a pas de source"]


def _source_modele(d):
    """La ligne modèle du README recopiée sans remplacer « … » par la vraie source."""
    chemin = d / "participations.toml"
    texte = chemin.read_text(encoding="utf-8")
    trouve = re.search(r'(\{ depuis = 2024-05-15, valeur = "2\.00", source = ")[^"]*"', texte)
    chemin.write_text(texte[:trouve.start()] + trouve.group(1) + '…"' + texte[trouve.end():],
                      encoding="utf-8")
    return "participations.toml", "participation_forfaitaire", \
        texte.count("\n", 0, trouve.start()) + 1, ["pas de vraie source", "« … »"]


def _non_numerique(d):
    return "participations.toml", "participation_forfaitaire", remplacer(
        d, "participations.toml", '{ depuis = 2024-05-15, valeur = "2.00"',
        '{ depuis = 2024-05-15, valeur = "abc"'), ["n'est pas un nombre", "'abc'"]


def _date_en_double(d):
    return "participations.toml", "participation_forfaitaire", remplacer(
        d, "participations.toml", "{ depuis = 2024-05-15,", "{ depuis = 2005-01-01,"), [
        "deux valeurs ont la même date d'effet 2005-01-01"]


def _taux_150(d):
    texte = (d / "taux.toml").read_text(encoding="utf-8")
    debut = texte.index("[taux_medecin]")
    avant = texte[debut:].split('valeur = "70"', 1)[0]
    ligne = remplacer(d, "taux.toml", avant + 'valeur = "70"', avant + 'valeur = "150"')
    ligne += avant.count("\n")
    return "taux.toml", "taux_medecin", ligne, ["dépasse 100 %", "150"]


def _parametre_supprime(d):
    supprimer_parametre(d, "tarifs.toml", "consultation_dentiste")
    catalogue = maintenance.texte_du_catalogue()
    ligne = baremes.ligne_de(catalogue, "actes.consultation_dentiste")
    return "actes.toml", "consultation_dentiste", ligne, [
        "l'acte « consultation_dentiste » utilise ce paramètre",
        "aucun fichier de barème ne le définit"]


def _unite_incoherente(d):
    ligne = remplacer(d, "taux.toml", '[taux_medecin]\nlibelle = "Taux des consultations et actes'
                      ' des médecins"\nunite = "pourcent"', '[taux_medecin]\nlibelle = "Taux des '
                      'consultations et actes des médecins"\nunite = "EUR"')
    return "taux.toml", "taux_medecin", ligne, ["unité « EUR » incohérente", "comme taux",
                                                "« pourcent »"]


def _pas_de_valeur_au_debut(d):
    texte = (d / "tarifs.toml").read_text(encoding="utf-8")
    trouve = re.search(r"(?ms)^\[consultation_dentiste\]\n.*?depuis = (\d{4}-\d{2}-\d{2})", texte)
    ligne = remplacer(d, "tarifs.toml", trouve.group(0),
                      trouve.group(0)[:-len(trouve.group(1))] + "2023-06-01")
    ligne += trouve.group(0).count("\n")
    return "tarifs.toml", "consultation_dentiste", ligne, [
        "aucune valeur au 1er janvier 2023", "l'acte « consultation_dentiste » en a besoin"]


def _accolade_non_refermee(d):
    ligne = remplacer(d, "participations.toml", PF_2024, PF_2024.replace("{ ", ""))
    return "participations.toml", "participation_forfaitaire", ligne, ["n'est pas lisible"]


DEFAUTS = {
    "date_impossible": _date_impossible,
    "source_absente": _source_absente,
    "source_laissee_au_modele": _source_modele,
    "valeur_non_numerique": _non_numerique,
    "date_en_double": _date_en_double,
    "taux_150": _taux_150,
    "parametre_supprime": _parametre_supprime,
    "unite_incoherente": _unite_incoherente,
    "pas_de_valeur_au_debut": _pas_de_valeur_au_debut,
    "accolade_non_refermee": _accolade_non_refermee,
}


@pytest.mark.parametrize("defaut", list(DEFAUTS))
def test_verifier_nomme_fichier_ligne_et_parametre(defaut, tmp_path, capsys):
    dossier = copie(tmp_path / "baremes")
    fichier, parametre, ligne, fragments = DEFAUTS[defaut](dossier)
    code, sortie = lancer(capsys, "baremes", "verifier", "--dossier", dossier)
    assert code == 1, sortie
    erreurs = [x for x in sortie.splitlines() if x.startswith("  ✗ ")]
    assert erreurs, sortie
    attendu = f"{fichier}, ligne {ligne}, paramètre « {parametre} » : "
    trouvee = [x for x in erreurs if attendu in x]
    assert trouvee, f"{attendu!r} absent de :\n{sortie}"
    for fragment in fragments:
        assert fragment in trouvee[0], trouvee[0]
    assert "Résultat : " in sortie and "erreur" in sortie


def test_une_erreur_n_en_cache_pas_une_autre(tmp_path, capsys):
    dossier = copie(tmp_path / "baremes")
    _source_absente(dossier)
    _taux_150(dossier)
    code, sortie = lancer(capsys, "baremes", "verifier", "--dossier", dossier)
    assert code == 1
    assert "ERREURS — à corriger avant de reconstruire le site (2)" in sortie
    assert "n'a pas de source" in sortie and "dépasse 100 %" in sortie


def test_saut_improbable_avertit_sans_bloquer(tmp_path, capsys):
    dossier = copie(tmp_path / "baremes")
    chemin = dossier / "tarifs.toml"
    texte = chemin.read_text(encoding="utf-8")
    trouve = re.search(r"(?ms)^\[consultation_generaliste\]\n.*?^\]\n", texte)
    fin = trouve.end() - 2
    chemin.write_text(texte[:fin] + '  { depuis = 2026-06-01, valeur = "300.00", source = '
                      '"Faute de frappe" },\n' + texte[fin:], encoding="utf-8")
    code, sortie = lancer(capsys, "baremes", "verifier", "--dossier", dossier)
    assert code == 0, sortie
    avertissement = next(x for x in sortie.splitlines() if "saut à relire" in x)
    assert "tarifs.toml" in avertissement and "« consultation_generaliste »" in avertissement
    assert "30,00 € (depuis le 22 décembre 2024) → 300,00 € (le 1er juin 2026)" in avertissement
    assert "×10" in avertissement
    assert "AVERTISSEMENTS" in sortie and "Résultat : barèmes valides (1 avertissement)" in sortie


def test_les_sauts_du_double_ne_sont_pas_signales():
    """1 € → 2 € (participation forfaitaire, 2024) : un doublement exact reste plausible."""
    rapport = maintenance.verifier(baremes.textes_du_paquet(), maintenance.texte_du_catalogue())
    assert not [c for c in rapport.avertissements if "saut" in c.message]


def test_verification_ancienne_a_reverifier():
    textes = baremes.textes_du_paquet()
    plus_tard = dt.date(2099, 1, 1)
    rapport = maintenance.verifier(textes, maintenance.texte_du_catalogue(), aujourdhui=plus_tard)
    assert rapport.ok
    anciens = [c for c in rapport.avertissements if "à revérifier" in c.message]
    assert len(anciens) == len(baremes.actifs().parametres)
    assert anciens[0].ligne and anciens[0].fichier and anciens[0].parametre


def test_valeur_future_signalee(bareme_futur, capsys):
    code, sortie = lancer(capsys, "baremes", "verifier", "--dossier", bareme_futur)
    assert code == 0, sortie
    info = next(x for x in sortie.splitlines() if "valeur à venir" in x)
    assert "« consultation_generaliste »" in info
    assert "30,00 € → 32,50 € le 1er juin 2027 (Fixture de test)" in info
    assert "baremes diff 2027-05-31 2027-06-01" in info


def test_dossier_introuvable(tmp_path, capsys):
    code, sortie = lancer(capsys, "baremes", "verifier", "--dossier", tmp_path / "absent")
    assert code == 1 and "n'existe pas" in sortie


# --- historique ---------------------------------------------------------------------------------
def test_historique_participation_forfaitaire(capsys):
    code, sortie = lancer(capsys, "baremes", "historique", "participation_forfaitaire")
    assert code == 0, sortie
    assert "Participation forfaitaire (participation_forfaitaire)" in sortie
    lignes = sortie.splitlines()
    premiere = next(x for x in lignes if x.startswith("1er janvier 2005"))
    seconde = next(x for x in lignes if x.startswith("15 mai 2024"))
    assert "1,00 €" in premiere and "Loi n° 2004-810 du 13 août 2004" in premiere
    assert "2,00 €" in seconde and "Décision UNCAM publiée au JO du 24 avril 2024" in seconde
    assert "en vigueur" in seconde
    assert "https://www.ameli.fr/assure/remboursements/reste-charge/participation-forfaitaire" \
        in sortie


def test_historique_parametre_inconnu(capsys):
    code, sortie = lancer(capsys, "baremes", "historique", "participation_forfaitair")
    assert code == 1
    assert "inconnu" in sortie and "Vouliez-vous dire : participation_forfaitaire" in sortie


def test_historique_valeur_a_venir(bareme_futur, capsys):
    code, sortie = lancer(capsys, "baremes", "historique", "consultation_generaliste",
                          "--dossier", bareme_futur)
    assert code == 0
    ligne = next(x for x in sortie.splitlines() if x.startswith("1er juin 2027"))
    assert "32,50 €" in ligne and "à venir" in ligne and "Fixture de test" in ligne
    assert baremes.actifs().parametre("consultation_generaliste").valeurs[-1].depuis < \
        dt.date(2027, 6, 1), "les barèmes du paquet doivent être rétablis"


# --- diff -----------------------------------------------------------------------------------------
def test_diff_2024_2025(capsys):
    code, sortie = lancer(capsys, "baremes", "diff", "2024-01-01", "2025-01-01",
                          "--exemples", EXEMPLES)
    assert code == 0, sortie
    pf = bloc(sortie, "  • participation_forfaitaire ")
    assert "1,00 € → 2,00 €" in pf and "15 mai 2024" in pf and "Décision UNCAM" in pf
    generaliste = bloc(sortie, "  • consultation_generaliste ")
    assert "26,50 € → 30,00 €" in generaliste and "22 décembre 2024" in generaliste
    assert "Convention médicale du 4 juin 2024" in generaliste
    assert "taux_medecin" not in sortie  # 70 % aux deux dates
    # 26,50 € × 70 % − 1 € = 17,55 € ; 30 € × 70 % − 2 € = 19 €.
    for exemple in ("S6", "S14a"):
        lignes = bloc(sortie, f"  • {exemple} — ")
        assert "Assurance Maladie : 17,55 € → 19,00 €" in lignes, lignes
        assert "Reste à charge : 12,45 € → 11,00 €" in lignes, lignes
    assert "Inchangés : " in sortie and "S14c" in sortie.split("Inchangés : ")[1]


def test_diff_trouve_les_exemples_du_site_depuis_la_racine(capsys, monkeypatch):
    monkeypatch.chdir(RACINE)
    code, sortie = lancer(capsys, "baremes", "diff", "2024-01-01", "2025-01-01")
    assert code == 0 and "Exemples chiffrés du site" in sortie and "S6 —" in sortie


def test_diff_sans_exemples_ailleurs(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, sortie = lancer(capsys, "baremes", "diff", "2024-01-01", "2025-01-01")
    assert code == 0 and "participation_forfaitaire" in sortie
    assert "Exemples chiffrés" not in sortie


def test_diff_date_invalide(capsys):
    code, sortie = lancer(capsys, "baremes", "diff", "2024-02-30", "2025-01-01")
    assert code == 1 and "« 2024-02-30 » n'est pas une date" in sortie


def test_diff_d_un_dossier_casse_donne_l_erreur(tmp_path, capsys):
    dossier = copie(tmp_path / "baremes")
    _source_absente(dossier)
    code, sortie = lancer(capsys, "baremes", "diff", "2024-01-01", "2025-01-01",
                          "--dossier", dossier)
    assert code == 1 and "n'a pas de source" in sortie and "Ce qui change" not in sortie


# --- la fixture de la valeur future -------------------------------------------------------------
def test_diff_de_la_valeur_future(bareme_futur, capsys):
    code, sortie = lancer(capsys, "baremes", "diff", "2027-05-31", "2027-06-01",
                          "--dossier", bareme_futur, "--exemples", EXEMPLES)
    assert code == 0, sortie
    assert "Paramètres qui changent (1)" in sortie
    ligne = bloc(sortie, "  • consultation_generaliste ")
    assert "30,00 € → 32,50 €, en vigueur depuis le 1er juin 2027" in ligne
    assert "Fixture de test" in ligne
    # Secteur 2 OPTAM à 60 € avec 200 % : la base passe de 30 € à 32,50 €.
    s3 = bloc(sortie, "  • S3 — ")
    assert "Assurance Maladie : 19,00 € → 20,75 €" in s3
    # Les barèmes du paquet sont rétablis après la commande.
    assert baremes.actifs().valeur("consultation_generaliste", dt.date(2027, 6, 1)).valeur == \
        Decimal("30.00")


def test_la_valeur_future_n_apparait_pas_avant_sa_date(bareme_futur, capsys):
    code, sortie = lancer(capsys, "baremes", "diff", "2027-01-01", "2027-05-31",
                          "--dossier", bareme_futur, "--exemples", EXEMPLES)
    assert code == 0
    assert "Aucun paramètre n'a une valeur différente" in sortie
    assert "32,50" not in sortie
    assert "aucun des 15 exemples ne bouge" in sortie


def test_simulation_a_la_date_de_la_valeur_future(bareme_futur):
    futurs = baremes.charger_textes(maintenance.textes_du_dossier(bareme_futur))
    apres = remb_core.simuler({"acte": "consultation_generaliste", "prix": "40",
                               "date": "2027-06-01"}, futurs)
    avant = remb_core.simuler({"acte": "consultation_generaliste", "prix": "40",
                               "date": "2027-05-31"}, futurs)
    assert apres["base_remboursement"] == "32.50"
    assert apres["date_bareme"] == "2027-06-01"
    assert "Barème en vigueur le 1er juin 2027." in apres["hypotheses"]
    base = next(e for e in apres["etapes"] if e["code"] == "base")
    assert base["parametre"]["depuis"] == "2027-06-01"
    assert base["parametre"]["source"] == "Fixture de test"
    assert avant["base_remboursement"] == "30.00"
    assert "Barème en vigueur le 31 mai 2027." in avant["hypotheses"]
    # Sans la fixture, le paquet donne toujours 30 € en 2027.
    paquet = remb_core.simuler({"acte": "consultation_generaliste", "prix": "40",
                                "date": "2027-06-01"})
    assert paquet["base_remboursement"] == "30.00"


def _macros():
    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    import site_macros

    return site_macros


def test_tableaux_a_la_date_de_la_valeur_future(bareme_futur):
    site_macros = _macros()
    futurs = baremes.charger_textes(maintenance.textes_du_dossier(bareme_futur))
    apres = site_macros.Macros(dt.date(2027, 6, 1), futurs)
    avant = site_macros.Macros(dt.date(2027, 5, 31), futurs)
    t_apres = apres.tableau_parametres(["consultation_generaliste"])
    t_avant = avant.tableau_parametres(["consultation_generaliste"])
    actes_apres = apres.tableau_actes(["honoraires_medicaux"])
    actes_avant = avant.tableau_actes(["honoraires_medicaux"])
    h_avant = avant.historique_baremes()
    h_apres = apres.historique_baremes()
    nbsp = "\u00a0"
    assert f"32,50{nbsp}€" in t_apres and "Valeurs en vigueur le 1er juin 2027." in t_apres
    assert "32,50" not in t_avant and f"30,00{nbsp}€" in t_avant
    assert "Valeurs en vigueur le 31 mai 2027." in t_avant
    assert f"32,50{nbsp}€" in actes_apres and "Barème du 1er juin 2027." in actes_apres
    assert "32,50" not in actes_avant
    assert "| 1er juin 2027 (à venir) |" in h_avant
    assert "| 1er juin 2027 |" in h_apres


# --- la construction du site ----------------------------------------------------------------------
def construire(tmp_path: Path, **env) -> tuple[subprocess.CompletedProcess, Path]:
    pytest.importorskip("mkdocs")
    site = tmp_path / "site"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REMB_")}
    environ.update(NO_MKDOCS_2_WARNING="1", **{k: str(v) for k, v in env.items()})
    fin = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                         cwd=RACINE, env=environ, capture_output=True, text=True, timeout=300)
    return fin, site


def texte_html(chemin: Path) -> str:
    html = chemin.read_text(encoding="utf-8")
    return html.replace("\u00a0", " ").replace("&nbsp;", " ").replace("\u202f", " ")


def ligne_de_tableau(html: str, contient: str) -> str:
    for ligne in re.findall(r"(?s)<tr>(.*?)</tr>", html):
        texte = re.sub(r"<[^>]+>", "", ligne)
        if contient in texte:
            return " ".join(texte.split())
    raise AssertionError(f"aucune ligne de tableau avec {contient!r}")


@pytest.mark.site
def test_construction_refusee_sur_bareme_casse(tmp_path):
    dossier = copie(tmp_path / "baremes")
    supprimer_source_pf(dossier)
    rapport = maintenance.verifier(maintenance.textes_du_dossier(dossier),
                                   maintenance.texte_du_catalogue())
    message = str(rapport.erreurs[0])
    fin, site = construire(tmp_path, REMB_BAREMES_DIR=dossier)
    sortie = fin.stdout + fin.stderr
    assert fin.returncode != 0, sortie
    assert "Barème invalide" in sortie
    assert "participations.toml, ligne" in sortie and "« participation_forfaitaire »" in sortie
    assert message in sortie, "la construction et `baremes verifier` disent la même chose"
    pages = list(site.rglob("*.html")) if site.exists() else []
    assert not pages, f"site à moitié construit : {pages[:3]}"


@pytest.mark.site
def test_construction_apres_la_valeur_future(bareme_futur, tmp_path):
    fin, site = construire(tmp_path, REMB_BAREMES_DIR=bareme_futur, REMB_DATE_BAREME="2027-07-01")
    assert fin.returncode == 0, fin.stdout + fin.stderr
    vigueur = texte_html(site / "baremes" / "index.html")
    assert "1er juillet 2027" in vigueur
    ligne = ligne_de_tableau(vigueur, "généraliste (G)")
    assert "32,50 €" in ligne and "1er juin 2027" in ligne and "Fixture de test" in ligne
    historique = texte_html(site / "baremes" / "historique" / "index.html")
    ligne = ligne_de_tableau(historique, "1er juin 2027")
    assert "32,50 €" in ligne and "à venir" not in ligne
    accueil = texte_html(site / "index.html")
    assert "32,50 €" in accueil and "1er juillet 2027" in accueil


@pytest.mark.site
def test_construction_avant_la_valeur_future(bareme_futur, tmp_path):
    fin, site = construire(tmp_path, REMB_BAREMES_DIR=bareme_futur, REMB_DATE_BAREME="2026-06-01")
    assert fin.returncode == 0, fin.stdout + fin.stderr
    vigueur = texte_html(site / "baremes" / "index.html")
    ligne = ligne_de_tableau(vigueur, "généraliste (G)")
    assert "30,00 €" in ligne and "32,50" not in ligne
    historique = texte_html(site / "baremes" / "historique" / "index.html")
    ligne = ligne_de_tableau(historique, "1er juin 2027")
    assert "1er juin 2027 (à venir)" in ligne and "32,50 €" in ligne
    accueil = texte_html(site / "index.html")
    assert "32,50" not in accueil and "1er juin 2026" in accueil
