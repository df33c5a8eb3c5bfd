"""Les calculateurs dans un vrai navigateur (Chromium de Debian, Playwright) : on tape, on lit.

Chaque montant affiché est comparé au même calcul fait par remb_core dans CPython.
"""

from decimal import Decimal
from urllib.parse import urlparse

import pytest
from conftest import DATE_SITE

import remb_core
from remb_core.monnaie import format_euros

pytestmark = pytest.mark.navigateur

PRET = "document.querySelector('.remb-calculateur').dataset.etat === 'pret'"
DELAI = 90_000


@pytest.fixture
def page(navigateur, url_site):
    """Une page qui note toute requête vers une autre origine que le site."""
    # bypass_csp : les wait_for_function de Playwright évaluent du texte, ce que la politique de
    # sécurité du site interdit ; test_politique_de_securite la vérifie sans ce contournement.
    contexte = navigateur.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    p = contexte.new_page()
    p.requetes_externes = []
    p.erreurs_js = []
    origine = urlparse(url_site).netloc

    def noter(requete):
        if urlparse(requete.url).netloc != origine and not requete.url.startswith(("data:", "blob:")):
            p.requetes_externes.append(requete.url)

    p.on("request", noter)
    p.on("pageerror", lambda e: p.erreurs_js.append(str(e)))
    yield p
    assert p.requetes_externes == [], p.requetes_externes
    assert p.erreurs_js == [], p.erreurs_js
    contexte.close()


def ouvrir(page, url):
    page.goto(url)
    page.wait_for_function(PRET, timeout=DELAI)


def attendre_entrees(page, calculateur=".remb-calculateur", **attendues):
    page.wait_for_function(
        "([c, a]) => { const z = document.querySelector(c + ' .remb-sortie');"
        " const e = JSON.parse(z.dataset.entrees || '{}');"
        " return z.closest('.remb-calculateur').dataset.etat === 'pret'"
        " && Object.entries(a).every(([k, v]) => e[k] === v); }", arg=[calculateur, attendues],
        timeout=DELAI)


def affiches(page) -> dict:
    return {cle: page.locator(f".remb-sortie table.remb-resultat td[data-montant='{cle}']")
            .inner_text() for cle in ("depense", "amo", "amc", "reste_a_charge")}


def euros(r: dict) -> dict:
    return {cle: format_euros(Decimal(r[cle])) for cle in ("depense", "amo", "amc",
                                                           "reste_a_charge")}


def test_reste_a_charge_en_direct(page, url_site):
    page.goto(url_site + "outils/reste-a-charge/")
    assert page.locator(".remb-calculateur").get_attribute("data-etat") in ("statique",
                                                                            "chargement")
    page.wait_for_function(PRET, timeout=DELAI)
    page.select_option("#reste_a_charge-secteur", "2_non_optam")
    page.fill("#reste_a_charge-garantie-taux", "200")
    page.fill("#reste_a_charge-prix", "80")
    attendre_entrees(page, prix="80", secteur="2_non_optam")
    r = remb_core.simuler({"acte": "consultation_specialiste", "prix": "80",
                           "secteur": "2_non_optam", "date": DATE_SITE,
                           "garantie": {"forme": "pourcentage_br", "taux": 200}})
    assert affiches(page) == euros(r)
    assert r["detail_reste_a_charge"]["depassement"] != "0.00"  # le plafond OPTAM a joué
    # Les étapes du calcul sont affichées, avec le paramètre daté.
    assert "Limite du contrat responsable" in page.locator(".remb-sortie .remb-etapes").text_content()


def test_montant_a_la_francaise_et_situation(page, url_site):
    ouvrir(page, url_site + "outils/reste-a-charge/")
    page.select_option("#reste_a_charge-acte", "consultation_generaliste")
    page.select_option("#reste_a_charge-secteur", "1")
    page.fill("#reste_a_charge-situation-age", "12")
    page.check("#reste_a_charge-situation-ald")
    page.fill("#reste_a_charge-prix", "26,50")
    attendre_entrees(page, prix="26,50", acte="consultation_generaliste")
    r = remb_core.simuler({"acte": "consultation_generaliste", "prix": "26.50",
                           "date": DATE_SITE, "situation": {"age": 12, "ald": True},
                           "garantie": {"forme": "pourcentage_br", "taux": 150}})
    assert affiches(page) == euros(r)
    assert r["participation_forfaitaire"] == "0.00"


def test_saisie_invalide_message_en_francais(page, url_site):
    ouvrir(page, url_site + "outils/reste-a-charge/")
    page.fill("#reste_a_charge-prix", "abc")
    page.wait_for_function("document.querySelector('.remb-calculateur').dataset.etat"
                           " === 'erreur'", timeout=DELAI)
    message = page.locator("[data-erreur-pour='prix']")
    assert message.is_visible()
    assert "Le prix doit être un montant positif" in message.inner_text()
    assert page.locator("#reste_a_charge-prix").get_attribute("aria-invalid") == "true"
    page.fill("#reste_a_charge-prix", "45")
    attendre_entrees(page, prix="45")
    assert not message.is_visible()


def test_le_lien_rouvre_le_meme_calcul(page, url_site):
    ouvrir(page, url_site + "outils/reste-a-charge/")
    page.select_option("#reste_a_charge-acte", "seance_kinesitherapie")
    page.fill("#reste_a_charge-prix", "19,40")
    page.select_option("#reste_a_charge-garantie-forme", "forfait")
    page.fill("#reste_a_charge-garantie-montant", "5")
    attendre_entrees(page, prix="19,40", acte="seance_kinesitherapie")
    avant = affiches(page)
    page.wait_for_function("location.search.includes('garantie.montant=5')")
    adresse = page.url
    assert "calc=reste_a_charge" in adresse and "garantie.montant=5" in adresse
    page.goto(adresse)
    page.wait_for_function(PRET, timeout=DELAI)
    attendre_entrees(page, prix="19,40", acte="seance_kinesitherapie")
    assert page.input_value("#reste_a_charge-garantie-montant") == "5"
    assert affiches(page) == avant


def test_une_annee_de_soins(page, url_site):
    ouvrir(page, url_site + "outils/reste-a-charge/")
    page.select_option("#reste_a_charge-mode", "annee")
    page.fill("#reste_a_charge-medecines-douces-montant", "40")
    page.fill("#reste_a_charge-medecines-douces-nombre-par-an", "1")
    for i, (acte, jour, prix) in enumerate((("osteopathie", "2026-02-01", "60"),
                                            ("osteopathie", "2026-03-01", "60"),
                                            ("consultation_generaliste", "2026-03-02", "30"))):
        page.select_option(f"#reste_a_charge-lignes-{i}--acte", acte)
        page.fill(f"#reste_a_charge-lignes-{i}--date", jour)
        page.fill(f"#reste_a_charge-lignes-{i}--prix", prix)
    attendre_entrees(page, **{"lignes[2].prix": "30", "mode": "annee"})
    a = remb_core.simuler_annee({
        "annee": 2026, "personnes": [{"id": "Personne 1", "situation": {"age": 40}}],
        "contrat": {"garanties": {
            **{p: {"forme": "pourcentage_br", "taux": 150} for p in (
                "honoraires_medicaux",)},
            "medecines_douces": {"forme": "forfait", "montant": "40", "nombre_par_an": 1}}},
        "actes": [{"personne": "Personne 1", "acte": "osteopathie", "date": "2026-02-01",
                   "prix": "60"},
                  {"personne": "Personne 1", "acte": "osteopathie", "date": "2026-03-01",
                   "prix": "60"},
                  {"personne": "Personne 1", "acte": "consultation_generaliste",
                   "date": "2026-03-02", "prix": "30"}]})
    foyer = page.locator(".remb-sortie table.remb-annee td[data-montant='reste_a_charge']")
    assert foyer.inner_text() == format_euros(Decimal(a["totaux"]["reste_a_charge"]))
    assert "Au plus 1 par an" in page.locator(".remb-plafonds").inner_text()


def test_une_annee_sur_un_telephone(page, url_site):
    """À 390 px : un seul soin vide à la fois (le suivant apparaît quand on choisit le précédent),
    résultats en cartes, rien ne déborde en largeur."""
    page.set_viewport_size({"width": 390, "height": 844})
    ouvrir(page, url_site + "outils/reste-a-charge/")
    page.select_option("#reste_a_charge-mode", "annee")
    soins = page.locator("fieldset.remb-ligne")
    visibles = "() => [...document.querySelectorAll('fieldset.remb-ligne')].filter(f => !f.hidden).length"
    assert page.evaluate(visibles) == 1
    page.select_option("#reste_a_charge-lignes-0--acte", "consultation_generaliste")
    page.fill("#reste_a_charge-lignes-0--date", "2026-03-02")
    page.fill("#reste_a_charge-lignes-0--prix", "30")
    assert page.evaluate(visibles) == 2
    assert soins.nth(1).is_visible() and not soins.nth(2).is_visible()
    attendre_entrees(page, **{"lignes[0].prix": "30", "mode": "annee"})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ligne = page.locator(".remb-sortie table.remb-annee-postes tbody tr").first
    assert ligne.evaluate("e => getComputedStyle(e).display") == "block"
    reste = ligne.locator("td[data-montant='reste_a_charge']")
    assert reste.evaluate("e => getComputedStyle(e, '::before').content") == '"Reste à charge"'
    # Vider le premier soin ne cache pas un soin rempli plus bas.
    page.select_option("#reste_a_charge-lignes-1--acte", "osteopathie")
    page.select_option("#reste_a_charge-lignes-0--acte", "")
    assert soins.nth(1).is_visible() and soins.nth(2).is_visible()


def test_tableau_de_garanties_et_niveaux_usuels(page, url_site):
    ouvrir(page, url_site + "outils/tableau-de-garanties/")
    page.fill("#tableau_garanties-prix", "95")
    page.fill("#tableau_garanties-garantie-taux", "120")
    page.select_option("#tableau_garanties-garantie-secu-incluse", "false")
    # Attendre le résultat de la dernière saisie (la liste), pas celui du taux : sinon la
    # comparaison dépend de l'ordre d'arrivée des réponses du worker.
    attendre_entrees(page, "[data-calculateur=tableau_garanties]", prix="95",
                     **{"garantie.taux": "120", "garantie.secu_incluse": "false"})
    demande = {"acte": "consultation_specialiste", "prix": "95", "secteur": "2_optam",
               "date": DATE_SITE}
    r = remb_core.simuler({**demande, "garantie": {"forme": "pourcentage_br", "taux": 120,
                                                   "secu_incluse": False}})
    assert affiches(page) == euros(r)
    for niveau in (100, 150, 200, 300):
        attendu = remb_core.simuler({**demande, "garantie": {"forme": "pourcentage_br",
                                                             "taux": niveau}})
        cellule = page.locator(f"td[data-variante='{niveau} % de la base']"
                               "[data-montant='reste_a_charge']")
        assert cellule.inner_text() == format_euros(Decimal(attendu["reste_a_charge"]))


def test_glossaire_montre_les_termes_sur_une_facture(page, url_site):
    ouvrir(page, url_site + "outils/glossaire/")
    page.fill("#glossaire-prix", "40")
    attendre_entrees(page, prix="40")
    r = remb_core.simuler({"acte": "consultation_generaliste", "prix": "40", "date": DATE_SITE,
                           "garantie": {"forme": "pourcentage_br", "taux": 100}})
    termes = {t: page.locator(f"[data-terme=\"{t}\"]").inner_text()
              for t in ("Base de remboursement", "Ticket modérateur", "Participation forfaitaire")}
    assert termes == {"Base de remboursement": format_euros(Decimal(r["base_remboursement"])),
                      "Ticket modérateur": format_euros(Decimal(r["ticket_moderateur"])),
                      "Participation forfaitaire":
                          format_euros(Decimal(r["participation_forfaitaire"]))}


def test_navigation_instantanee_garde_python(page, url_site):
    ouvrir(page, url_site + "outils/reste-a-charge/")
    page.evaluate("window.repere = 'même document'")
    page.locator("article a[href*='tableau-de-garanties']").first.click()
    page.wait_for_url("**/tableau-de-garanties/")
    page.wait_for_function("document.querySelector('[data-calculateur=tableau_garanties]')"
                           " && document.querySelector('[data-calculateur=tableau_garanties]')"
                           ".dataset.etat === 'pret'", timeout=DELAI)
    assert page.evaluate("window.repere") == "même document"  # pas de rechargement
    assert page.evaluate("window.rembMoteur.demarrages") == 1


def test_calculateur_d_une_page_comprendre(page, url_site):
    ouvrir(page, url_site + "comprendre/medicaments/")
    page.select_option("#medicaments-acte", "medicament_30")
    page.fill("#medicaments-quantite", "3")
    page.fill("#medicaments-prix", "12,40")
    attendre_entrees(page, prix="12,40", quantite="3", acte="medicament_30")
    r = remb_core.simuler({"acte": "medicament_30", "prix": "12.40", "quantite": 3,
                           "date": DATE_SITE, "garantie": {"forme": "ticket_moderateur"}})
    assert affiches(page) == euros(r)
    assert r["franchise"] == "3.00"


ERREUR = "document.querySelector('.remb-calculateur').dataset.etat === 'erreur'"


@pytest.mark.parametrize(("requete", "champ", "fragment", "correction"), [
    ("prix=1e30", "prix", "Le prix", ("#reste_a_charge-prix", "45")),
    ("garantie.taux=1e-100000000", "garantie.taux", "Le taux de la garantie",
     ("#reste_a_charge-garantie-taux", "150")),
    ("situation.age=%D9%A1%D9%A2", "situation.age", "L'âge",
     ("#reste_a_charge-situation-age", "12")),
], ids=["montant_demesure", "taux_a_exposant", "chiffres_arabes"])
def test_adresse_piegee(page, url_site, requete, champ, fragment, correction):
    """Un lien fabriqué : erreur française à côté du champ, résultat grisé, aucune erreur de
    page ; le champ corrigé, le calcul repart."""
    page.goto(url_site + f"outils/reste-a-charge/?calc=reste_a_charge&{requete}")
    page.wait_for_function(ERREUR, timeout=DELAI)
    message = page.locator(f"[data-erreur-pour='{champ}']")
    assert message.is_visible()
    assert fragment in message.inner_text()
    assert page.locator(".remb-sortie").get_attribute("data-perime") == "true"
    assert "ne correspond plus" in page.locator(".remb-statut").inner_text()
    assert "n'a pas pu démarrer" not in page.locator(".remb-statut").inner_text()
    selecteur, valeur = correction
    page.fill(selecteur, valeur)
    page.wait_for_function(PRET, timeout=DELAI)
    assert not message.is_visible()
    assert page.locator(".remb-sortie").get_attribute("data-perime") is None


# Compte les messages envoyés au worker (calculs : ceux qui portent un id ; préparations).
COMPTER_MESSAGES = """
window.__messages = [];
const envoyer = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message) {
  window.__messages.push(message && (message.type || (typeof message.id === "number" ? "calcul" : "?")));
  return envoyer.apply(this, arguments);
};
"""

# Les champs tels que remb-calculateur.js les lit, et les entrées du résultat affiché.
CHAMPS_ET_ENTREES = """() => [...document.querySelectorAll('.remb-calculateur')].map((c) => {
  const champs = {};
  for (const el of c.querySelector('form').elements) {
    if (el.name) champs[el.name] = el.type === 'checkbox' ? String(el.checked) : el.value;
  }
  return [c.dataset.calculateur, c.dataset.etat, c.dataset.dateBareme, champs,
          JSON.parse(c.querySelector('.remb-sortie').dataset.entrees),
          c.querySelector('.remb-sortie').dataset.duree || null];
})"""


@pytest.mark.parametrize("chemin", ["outils/reste-a-charge/", "outils/tableau-de-garanties/",
                                    "comprendre/medicaments/", "outils/css/"])
def test_pret_sans_recalculer_le_resultat_de_la_construction(page, url_site, chemin):
    """Le résultat écrit à la construction a été calculé sur les champs mêmes du formulaire (et,
    sans champ date, au jour du barème de la page) : le calculateur est prêt sans que le worker le
    recalcule ; la première saisie, elle, est calculée."""
    page.add_init_script(COMPTER_MESSAGES)
    page.goto(url_site + chemin)
    page.wait_for_function("[...document.querySelectorAll('.remb-calculateur')]"
                           ".every((c) => c.dataset.etat === 'pret')", timeout=DELAI)
    for nom, etat, jour, champs, entrees, duree in page.evaluate(CHAMPS_ET_ENTREES):
        assert etat == "pret" and duree is None, nom
        assert entrees == ({"date": jour, **champs} if "date" not in champs else champs), nom
    assert "calcul" not in page.evaluate("window.__messages"), page.evaluate("window.__messages")
    champ = page.locator(".remb-calculateur input[inputmode='decimal']").first
    champ.fill("71")
    nom = champ.get_attribute("name")
    attendre_entrees(page, **{nom: "71"})
    assert page.locator(".remb-sortie").first.get_attribute("data-duree") is not None
    assert "calcul" in page.evaluate("window.__messages")
