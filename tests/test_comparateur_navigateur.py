"""Le comparateur et le tableau complet dans Chromium (Playwright) : on saisit, on lit, et chaque
montant affiché est celui que calcule remb_core dans CPython, au centime. Aucune requête ne quitte
l'origine du site (fixture `page`), aucune erreur JavaScript."""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from conftest import DATE_SITE, RACINE, _absent
from test_navigateur import DELAI

import remb_core
from remb_core.baremes import du_paquet
from remb_core.monnaie import format_euros
from remb_core.prereglages import prereglages, profils

pytestmark = pytest.mark.navigateur

B = du_paquet()
COMPARER = "outils/comparer-des-contrats/"
TABLEAU = "outils/tableau-de-garanties/"
MONTANTS = ("cout_total", "cotisation_annuelle", "reste_a_charge", "amc", "amo")


def _page(navigateur, url_site, largeur, hauteur, init=None):  # noqa: F811
    # bypass_csp : wait_for_function évalue du texte, ce que la politique du site interdit ;
    # tests/test_diffusion_navigateur.py vérifie les pages sous la politique réelle.
    contexte = navigateur.new_context(viewport={"width": largeur, "height": hauteur},
                                      accept_downloads=True, bypass_csp=True)
    if init:
        contexte.add_init_script(init)
    p = contexte.new_page()
    p.requetes_externes, p.erreurs_js = [], []
    origine = urlparse(url_site).netloc

    def noter(requete):
        if urlparse(requete.url).netloc != origine and not requete.url.startswith(("data:",
                                                                                   "blob:")):
            p.requetes_externes.append(requete.url)

    p.on("request", noter)
    p.on("pageerror", lambda e: p.erreurs_js.append(str(e)))
    return contexte, p


@pytest.fixture
def page(navigateur, url_site):  # noqa: F811
    contexte, p = _page(navigateur, url_site, 1100, 900)
    yield p
    assert p.requetes_externes == [], p.requetes_externes
    assert p.erreurs_js == [], p.erreurs_js
    contexte.close()


@pytest.fixture
def telephone(navigateur, url_site):  # noqa: F811
    contexte, p = _page(navigateur, url_site, 390, 844)
    yield p
    assert p.requetes_externes == [] and p.erreurs_js == [], (p.requetes_externes, p.erreurs_js)
    contexte.close()


def pret(page, nom):
    page.wait_for_function(f"document.querySelector('[data-calculateur={nom}]').dataset.etat"
                           " === 'pret'", timeout=DELAI)


def attendre(page, nom, condition):
    """Le calculateur est prêt et son résultat vérifie `condition` (JS, `z` = la sortie)."""
    page.wait_for_function(
        f"() => {{ const c = document.querySelector('[data-calculateur={nom}]');"
        f" const z = c.querySelector('.remb-sortie');"
        f" return c.dataset.etat === 'pret' && ({condition}); }}", timeout=DELAI)


def cartes(page) -> dict:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '.remb-carte-contrat')].map((c) => [c.dataset.contrat, Object.fromEntries([...c
        .querySelectorAll('summary [data-montant]')].map((m) => [m.dataset.montant,
        m.textContent]))]))""")


def attendues(r: dict) -> dict:
    return {c["nom"]: {k: format_euros(Decimal(c[k])) for k in MONTANTS} for c in r["contrats"]}


def demande_affichee(page) -> dict:
    return json.loads(page.locator(".remb-comparaison-resultat").get_attribute("data-demande"))


# --- Le tableau complet et ses exemples en euros ------------------------------------------------

VINGT_LIGNES = {
    "hospitalisation": {"forme": "pourcentage_br", "taux": "150"},
    "chambre_particuliere": {"forme": "forfait", "montant": "65", "plafond_annuel": "600"},
    "urgences": {"forme": "ticket_moderateur"},
    "honoraires_medicaux": {"forme": "pourcentage_br", "taux": "120"},
    "generalistes_non_optam": {"forme": "pourcentage_br", "taux": "100"},
    "specialistes_optam": {"forme": "pourcentage_br", "taux": "250"},
    "specialistes_non_optam": {"forme": "pourcentage_br", "taux": "200"},
    "imagerie_actes_techniques": {"forme": "pourcentage_br", "taux": "180"},
    "actes_techniques_non_optam": {"forme": "pourcentage_br", "taux": "120",
                                   "secu_incluse": "false"},
    "auxiliaires_medicaux": {"forme": "pourcentage_br", "taux": "130"},
    "pharmacie": {"forme": "frais_reels"},
    "medicaments_30": {"forme": "ticket_moderateur"},
    "transport": {"forme": "ticket_moderateur"},
    "medecines_douces": {"forme": "forfait", "montant": "35", "nombre_par_an": "4"},
    "soins_dentaires": {"forme": "pourcentage_br", "taux": "110"},
    "protheses_dentaires": {"forme": "pourcentage_br", "taux": "350", "plafond": "600"},
    "orthodontie": {"forme": "pourcentage_br", "taux": "250", "secu_incluse": "false"},
    "optique": {"forme": "forfait", "montant": "120", "plafond_annuel": "320",
                "renouvellement_ans": "2"},
    "aides_auditives": {"forme": "pourcentage_pmss", "taux": "12"},
    "analyses": {"forme": "pourcentage_br", "taux": "100"},
}


def test_un_tableau_de_20_lignes_et_ses_exemples(page, url_site):
    page.goto(url_site + TABLEAU)
    pret(page, "exemples")
    page.evaluate("document.querySelectorAll('[data-calculateur=exemples] details')"
                  ".forEach((d) => { d.open = true; })")
    for ligne, g in VINGT_LIGNES.items():
        base = f"#exemples-garanties-{ligne.replace('_', '-')}"
        page.select_option(f"{base}-forme", g["forme"])
        for cle, valeur in g.items():
            if cle == "secu_incluse":
                page.select_option(f"{base}-secu-incluse", valeur)
            elif cle != "forme":
                page.fill(f"{base}-{cle.replace('_', '-')}", valeur)
    attendre(page, "exemples", "JSON.parse(z.dataset.entrees)['garanties.analyses.taux']"
             " === '100'")
    garanties = {}
    for ligne, g in VINGT_LIGNES.items():
        garanties[ligne] = {k: (v == "true") if k == "secu_incluse" else v for k, v in g.items()}
    niveau_2 = prereglages(B)["niveau_2"].garanties()  # les 3 lignes non saisies : préréglage
    for ligne in set(niveau_2) - set(garanties):
        garanties[ligne] = niveau_2[ligne]
    attendus = remb_core.exemples_normalises(garanties, DATE_SITE)
    for e in attendus:
        ligne = page.locator(f"tr[data-exemple='{e['id']}']")
        affiche = {k: ligne.locator(f"td[data-montant='{k}']").inner_text()
                   for k in ("depense", "amo", "amc", "reste_a_charge")}
        assert affiche == {k: format_euros(Decimal(e[k])) for k in affiche}, e["id"]


def test_un_prereglage_remplit_le_tableau(page, url_site):
    page.goto(url_site + TABLEAU)
    pret(page, "exemples")
    page.select_option("#exemples-prereglage", "fonction_publique_etat")
    assert page.input_value("#exemples-garanties-specialistes-non-optam-taux") == "130"
    note = page.locator("[data-note-pour='protheses_dentaires']")
    assert note.is_visible() and "À confirmer" in note.inner_text()
    attendre(page, "exemples", "JSON.parse(z.dataset.entrees)['prereglage']"
             " === 'fonction_publique_etat'")
    p = prereglages(B)["fonction_publique_etat"]
    attendu = {e["id"]: e for e in remb_core.exemples_normalises(p.garanties(), DATE_SITE)}
    cellule = page.locator("tr[data-exemple='specialiste_non_optam'] "
                           "td[data-montant='reste_a_charge']")
    assert cellule.inner_text() == format_euros(
        Decimal(attendu["specialiste_non_optam"]["reste_a_charge"]))


# --- Le comparateur -----------------------------------------------------------------------------

def test_le_resultat_par_defaut_est_celui_du_moteur(page, url_site):
    page.goto(url_site + COMPARER)
    # Avant que Python soit prêt : le résultat calculé à la construction est là.
    assert page.locator("[data-calculateur=comparateur]").get_attribute("data-etat") in (
        "statique", "chargement")
    statique = cartes(page)
    pret(page, "comparateur")
    r = remb_core.comparer_contrats(demande_affichee(page))
    assert cartes(page) == statique == attendues(r)
    assert page.locator("[data-moins-cher] h3").inner_text().startswith(r["moins_cher"])


def test_deux_prereglages_sur_un_profil(page, url_site):
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    page.select_option("#comparateur-profil", "famille_orthodontie")
    page.click("[data-action=profil]")
    page.select_option("#comparateur-contrats-0--prereglage", "niveau_1")
    page.select_option("#comparateur-contrats-1--prereglage", "niveau_3")
    page.fill("#comparateur-contrats-0--cotisation-annuelle", "350")
    page.fill("#comparateur-contrats-1--cotisation-annuelle", "900")
    n1, n3 = prereglages(B)["niveau_1"].nom_court, prereglages(B)["niveau_3"].nom_court
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees)"
             "['contrats[1].cotisation_annuelle'] === '900'")
    demande = {**profils(B)["famille_orthodontie"].demande(2026, B), "contrats": [
        {"nom": n1, "prereglage": "niveau_1", "cotisation_annuelle": "350"},
        {"nom": n3, "prereglage": "niveau_3", "cotisation_annuelle": "900"}]}
    r = remb_core.comparer_contrats(demande)
    assert cartes(page) == attendues(r)
    assert len(r["actes"]) == page.locator("li.remb-acte").count()
    ecarts = page.locator(".remb-ecarts > li summary strong").all_inner_texts()
    assert ecarts == [format_euros(Decimal(e["ecart"])) for e in r["ecarts"]]
    # Chaque montant s'ouvre sur son explication.
    page.locator(f"[data-contrat='{n3}'] details.remb-montant").nth(2).locator("summary").click()
    assert "Orthodontie" in page.locator(f"[data-contrat='{n3}'] details.remb-montant[open]")\
        .inner_text()


def saisir_un_soin(page, acte, jour, prix, secteur=None):
    page.click("[data-action=ajouter][data-liste=actes]")
    ouvert = page.locator("li.remb-acte-ouvert").last
    ouvert.locator("select[name$='.acte']").select_option(acte)
    ouvert.locator("input[name$='.date']").fill(jour)
    ouvert.locator("input[name$='.prix']").fill(prix)
    if secteur:
        ouvert.locator("select[name$='.secteur']").select_option(secteur)
    return ouvert


def modifier_l_etat(page):
    ouvert = saisir_un_soin(page, "consultation_specialiste", "2026-04-14", "75", "2_optam")
    ouvert.locator("details.remb-repeter summary").click()
    ouvert.locator("[data-role=copies]").fill("2")
    ouvert.locator("[data-action=dupliquer]").click()
    ouvert.locator("[data-action=fermer]").click()
    page.fill("#comparateur-contrats-1--cotisation-annuelle", "777")
    page.locator(".remb-carte-contrat-saisie").first.locator("details.remb-tableau summary")\
        .click()
    page.select_option("#comparateur-contrats-0--garanties-specialistes-optam-forme",
                       "pourcentage_br")
    page.fill("#comparateur-contrats-0--garanties-specialistes-optam-taux", "250")
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees)"
             "['contrats[0].garanties.specialistes_optam.taux'] === '250'")


def test_ajouter_dupliquer_retirer_et_l_adresse(page, url_site):
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    avant = page.locator("li.remb-acte").count()
    modifier_l_etat(page)
    assert page.locator("li.remb-acte").count() == avant + 3
    dates = page.locator("li.remb-acte input[name$='.date']").evaluate_all(
        "(l) => l.map((e) => e.value)")
    assert dates[-3:] == ["2026-04-14", "2026-04-21", "2026-04-28"]
    page.wait_for_function("location.hash.startsWith('#etat=z')", timeout=DELAI)
    page.wait_for_timeout(400)  # la dernière écriture de l'adresse
    affiche = cartes(page)
    r = remb_core.comparer_contrats(demande_affichee(page))
    assert affiche == attendues(r)
    assert r["contrats"][1]["cotisation_annuelle"] == "777.00"
    adresse = page.url
    assert len(adresse) < 4000, len(adresse)
    page.goto("about:blank")
    page.goto(adresse)
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees)"
             "['contrats[1].cotisation_annuelle'] === '777'")
    assert page.locator("li.remb-acte").count() == avant + 3
    assert page.input_value("#comparateur-contrats-0--garanties-specialistes-optam-taux") == "250"
    assert cartes(page) == affiche
    # Retirer un soin renumérote les suivants ; le calcul suit.
    page.locator("li.remb-acte").first.locator("[data-action=retirer]").click()
    attendre(page, "comparateur", f"document.querySelectorAll('li.remb-acte').length === "
             f"{avant + 2} && !JSON.parse(z.dataset.entrees)['actes[{avant + 2}].date']")
    r = remb_core.comparer_contrats(demande_affichee(page))
    assert cartes(page) == attendues(r) and len(r["actes"]) == avant + 2


def test_telecharger_puis_ouvrir_le_fichier(page, url_site, tmp_path):
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    modifier_l_etat(page)
    affiche = cartes(page)
    with page.expect_download() as telechargement:
        page.click("[data-action=telecharger]")
    fichier = tmp_path / "comparaison.json"
    telechargement.value.save_as(fichier)
    demande = json.loads(fichier.read_text(encoding="utf-8"))
    assert attendues(remb_core.comparer_contrats(demande)) == affiche  # relu par Python
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    page.set_input_files("[data-role=fichier]", str(fichier))
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees)"
             "['contrats[1].cotisation_annuelle'] === '777'")
    assert cartes(page) == affiche
    statut = page.locator("[data-calculateur=comparateur] .remb-statut").inner_text()
    assert statut.startswith("Résultat à jour : le moins cher")  # annoncé en une phrase


def test_le_regime_du_foyer_et_son_fichier(page, url_site, tmp_path):
    """Un foyer d'Alsace-Moselle : le régime choisi vaut pour chaque personne, le résultat est
    celui du moteur, et le fichier téléchargé le rouvre avec ce régime."""
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    general = cartes(page)
    page.select_option("#comparateur-regime", "alsace_moselle")
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees).regime === 'alsace_moselle'")
    demande = demande_affichee(page)
    assert {p["situation"]["regime"] for p in demande["personnes"]} == {"alsace_moselle"}
    assert cartes(page) == attendues(remb_core.comparer_contrats(demande)) != general
    with page.expect_download() as telechargement:
        page.click("[data-action=telecharger]")
    fichier = tmp_path / "alsace.json"
    telechargement.value.save_as(fichier)
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    assert page.input_value("#comparateur-regime") == "general"
    page.set_input_files("[data-role=fichier]", str(fichier))
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees).regime === 'alsace_moselle'")
    assert page.input_value("#comparateur-regime") == "alsace_moselle"
    assert cartes(page) == attendues(remb_core.comparer_contrats(demande))
    # Un profil chargé remplace les personnes et les soins, pas le régime du foyer.
    page.select_option("#comparateur-profil", "famille_orthodontie")
    page.click("[data-action=profil]")
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees)['personnes[1].id'] !== undefined")
    assert page.input_value("#comparateur-regime") == "alsace_moselle"
    assert {p["situation"]["regime"] for p in demande_affichee(page)["personnes"]} == \
        {"alsace_moselle"}


def test_ouvrir_un_fichier_ecrit_a_la_main(page, url_site, tmp_path):
    """Un fichier au format du moteur, qui change une ligne d'un préréglage : les autres lignes
    restent celles du préréglage, comme dans comparer_contrats."""
    demande = {"annee": 2026, "personnes": [{"id": "Zoé", "situation": {"age": 35}}],
               "actes": [{"personne": "Zoé", "acte": "couronne_tarif_libre", "date": "2026-03-02",
                          "prix": "650"},
                         {"personne": "Zoé", "acte": "consultation_specialiste",
                          "date": "2026-04-02", "prix": "70", "secteur": "2_optam"}],
               "contrats": [{"nom": "Minimum + prothèses", "prereglage": "d911_1",
                             "cotisation_annuelle": "300", "garanties": {
                                 "protheses_dentaires": {"forme": "pourcentage_br",
                                                         "taux": 300}}},
                            {"nom": "Niveau 1", "prereglage": "niveau_1",
                             "cotisation_annuelle": "310"}]}
    fichier = tmp_path / "a-la-main.json"
    fichier.write_text(json.dumps(demande, ensure_ascii=False), encoding="utf-8")
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    page.set_input_files("[data-role=fichier]", str(fichier))
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees)"
             "['contrats[1].cotisation_annuelle'] === '310'")
    assert cartes(page) == attendues(remb_core.comparer_contrats(demande))
    assert page.locator("li.remb-acte").count() == 2
    assert page.input_value("#comparateur-contrats-0--garanties-specialistes-optam-forme") == \
        "ticket_moderateur"  # ligne du préréglage, gardée


def test_sans_compressionstream_l_adresse_reste_un_json(navigateur, url_site):  # noqa: F811
    contexte, page = _page(navigateur, url_site, 1100, 900, init=(
        "delete window.CompressionStream; delete window.DecompressionStream;"))
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    page.fill("#comparateur-contrats-0--cotisation-annuelle", "123")
    page.wait_for_function("location.hash.startsWith('#etat=j')", timeout=DELAI)
    page.wait_for_timeout(400)
    code = page.evaluate("location.hash").split("=", 1)[1][1:]
    etat = json.loads(base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)))
    assert etat["contrats[0].cotisation_annuelle"] == "123"
    page.reload()
    attendre(page, "comparateur", "JSON.parse(z.dataset.entrees)"
             "['contrats[0].cotisation_annuelle'] === '123'")
    assert page.erreurs_js == [] and page.requetes_externes == []
    contexte.close()


def test_une_erreur_rouvre_le_soin_replie(page, url_site):
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    ligne = page.locator("li.remb-acte").nth(2)
    ligne.locator("[data-action=modifier]").click()
    ligne.locator("input[name='actes[2].prix']").fill("soixante")
    ligne.locator("[data-action=fermer]").click()
    page.wait_for_function("document.querySelector('[data-calculateur=comparateur]')"
                           ".dataset.etat === 'erreur'", timeout=DELAI)
    message = page.locator("[data-erreur-pour='actes[2].prix']")
    assert message.is_visible() and "Le prix" in message.inner_text()
    assert page.locator(".remb-sortie").first.get_attribute("data-perime") == "true"


def test_accessibilite_axe_du_comparateur(page, url_site):
    axe = RACINE / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        _absent("axe-core absent : lancez npm ci")
    page.goto(url_site + COMPARER)
    pret(page, "comparateur")
    page.locator("li.remb-acte").first.locator("[data-action=modifier]").click()
    page.locator("details.remb-tableau summary").first.click()
    page.locator(".remb-carte-contrat details.remb-montant summary").first.click()
    page.add_script_tag(path=str(axe))
    resultat = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    graves = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
              for v in resultat["violations"] if v["impact"] in ("serious", "critical")]
    assert graves == [], json.dumps(graves, ensure_ascii=False, indent=1)


@pytest.mark.parametrize(("chemin", "nom"), [(COMPARER, "comparateur"), (TABLEAU, "exemples")])
def test_telephone_390_px(telephone, url_site, chemin, nom, tmp_path):
    """Rien ne déborde en largeur ; les cartes de résultat s'empilent ; captures gardées."""
    telephone.goto(url_site + chemin)
    pret(telephone, nom)
    if nom == "comparateur":
        telephone.locator("li.remb-acte").nth(1).locator("[data-action=modifier]").click()
        telephone.locator("details.remb-tableau summary").first.click()
        boites = telephone.locator(".remb-carte-contrat").evaluate_all(
            "(l) => l.map((c) => c.getBoundingClientRect().toJSON())")
        assert all(b["width"] <= 390 for b in boites)
        assert boites[1]["top"] >= boites[0]["bottom"]  # empilées
    largeur = telephone.evaluate("document.documentElement.scrollWidth")
    assert largeur <= 390, f"la page déborde : {largeur} px"
    telephone.locator(f"[data-calculateur={nom}]").screenshot(path=str(tmp_path / f"{nom}.png"))
