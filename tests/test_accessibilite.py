"""Accessibilité de tout le site : axe-core sur chaque page construite, thèmes clair et sombre.

Les pages viennent du site construit (plan du site `sitemap.xml` et fichiers HTML), pas d'une liste
tenue à la main : une page ajoutée est vérifiée d'office. On passe d'une page à l'autre comme un
lecteur (navigation instantanée du thème) ; les calculateurs doivent avoir affiché leur résultat en
direct (data-etat = pret) avant l'analyse, pour que le HTML rendu par le moteur soit vérifié lui
aussi. Puis axe-core tourne sur grand écran (onglets
de navigation visibles) et sur téléphone (390 px), dans le thème clair et dans le thème sombre,
choisis par le bouton du thème comme le ferait un lecteur. Toute violation d'impact « serious » ou
« critical » fait échouer le test, avec la page, le thème, la largeur, la règle et l'élément.
"""

import json
import warnings
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlparse

import pytest
from conftest import RACINE, _absent
from test_navigateur import DELAI

pytestmark = pytest.mark.navigateur

AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"
GRAVES = ("serious", "critical")
TOUJOURS = ("empty-table-header",)  # échouent quel que soit leur impact (ticket 12)
LARGEURS = {"grand écran": {"width": 1280, "height": 900},
            "téléphone": {"width": 390, "height": 844}}
SCHEMES = {"clair": "default", "sombre": "slate"}

CALCULATEURS_POSES = """() => [...document.querySelectorAll('.remb-calculateur')]
  .every((c) => !['statique', 'chargement'].includes(c.dataset.etat))"""
# Transitions CSS raccourcies à 1 ms : axe lit les couleurs calculées, il ne doit pas les lire au
# milieu d'un fondu (changement de thème, onglets qui réapparaissent). Pas 0 : le thème attend la
# fin de certaines transitions (transitionend) pour ouvrir la recherche.
SANS_TRANSITION = ("*, *::before, *::after { transition-duration: 1ms !important;"
                   " transition-delay: 0s !important; }")
IMMOBILE = """() => document.getAnimations().every((a) => a.playState !== 'running'
  || !(a instanceof CSSTransition))"""
THEME = """() => ({scheme: document.body.getAttribute('data-md-color-scheme'),
  fond: getComputedStyle(document.body).backgroundColor})"""
DEUX_IMAGES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
ANALYSE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map((v) => ({id: v.id, impact: v.impact,
    noeuds: v.nodes.map((n) => ({cible: n.target.join(' '), html: n.html.slice(0, 160),
                                 message: (n.any[0] || n.all[0] || n.none[0] || {}).message}))}));
}"""


def pages_du_site(site, url_site) -> list[str]:
    """Les adresses de toutes les pages construites : le plan du site, plus les pages hors plan
    (404.html) trouvées parmi les fichiers HTML."""
    plan = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    chemins = {urlparse(loc.text.strip()).path.lstrip("/") for loc in plan.findall("s:url/s:loc", ns)}
    fichiers = {str(f.relative_to(site)).removesuffix("index.html")
                for f in site.rglob("*.html") if "assets" not in f.relative_to(site).parts}
    assert chemins <= fichiers, f"pages du plan sans fichier : {sorted(chemins - fichiers)}"
    return [urljoin(url_site, c) for c in sorted(chemins | fichiers)]


def luminance(rgb: str) -> float:
    r, g, b = (int(float(x)) / 255 for x in rgb[rgb.index("(") + 1:-1].split(",")[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def choisir_theme(page, nom):
    """Passe au thème demandé par le bouton du thème (s'il n'y est pas déjà), puis vérifie qu'il
    s'applique vraiment : attribut posé par Material et fond de page clair ou sombre."""
    if page.evaluate(THEME)["scheme"] != SCHEMES[nom]:
        page.locator("form[data-md-component='palette'] label:not([hidden])").click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === "
                           f"'{SCHEMES[nom]}'", timeout=5_000)
    page.wait_for_function(IMMOBILE, timeout=5_000)
    fond = page.evaluate(THEME)["fond"]
    assert (luminance(fond) > 0.8) if nom == "clair" else (luminance(fond) < 0.05), (nom, fond)


def aller(page, adresse):
    """Va à la page comme un lecteur qui suit un lien : le thème la charge sans recharger le
    document (navigation instantanée), et le moteur Pyodide démarré sur le premier calculateur
    sert aux suivants. Une page hors du plan du site (404) est chargée en entier."""
    if not page.url.startswith("http"):
        page.goto(adresse)
        return
    page.evaluate("""(u) => { window.rembArticlePrecedent = document.querySelector('article');
      const a = document.createElement('a'); a.href = u; document.body.append(a); a.click();
      a.remove(); }""", adresse)
    page.wait_for_function("""(u) => location.href === u && document.querySelector('article')
      && document.querySelector('article') !== window.rembArticlePrecedent""", arg=adresse,
                           timeout=DELAI)


@pytest.fixture(scope="module", autouse=True)
def axe_present():
    if not AXE.exists():
        _absent("axe-core absent : lancez npm ci")


@pytest.fixture
def contexte(navigateur):
    """Un contexte (onglet) où axe-core est chargé dans chaque page, depuis node_modules."""
    c = navigateur.new_context(viewport=LARGEURS["grand écran"], color_scheme="light")
    c.add_init_script(path=str(AXE))
    yield c
    c.close()


def test_axe_sur_toutes_les_pages_dans_les_deux_themes(contexte, site_construit, url_site):
    adresses = pages_du_site(site_construit, url_site)
    assert len(adresses) >= 15, adresses
    page = contexte.new_page()
    erreurs_js = []
    page.on("pageerror", lambda e: erreurs_js.append(str(e)))
    violations, mineures, analyses, calculateurs = [], set(), 0, 0
    for adresse in adresses:
        chemin = "/" + urlparse(adresse).path.lstrip("/")
        page.set_viewport_size(LARGEURS["grand écran"])
        aller(page, adresse)
        page.wait_for_function(CALCULATEURS_POSES, timeout=DELAI)
        etats = page.eval_on_selector_all(".remb-calculateur", "cs => cs.map(c => c.dataset.etat)")
        assert set(etats) <= {"pret"}, (chemin, etats)
        calculateurs += len(etats)
        page.add_style_tag(content=SANS_TRANSITION)
        # Le thème du chargement d'abord (le thème garde le choix fait sur la page précédente),
        # puis l'autre : chaque page est vue dans les deux thèmes et aux deux largeurs. Le grand
        # écran d'abord : passé par la largeur d'un téléphone, le thème garde ses onglets masqués.
        premier = "sombre" if page.evaluate(THEME)["scheme"] == SCHEMES["sombre"] else "clair"
        second = {"clair": "sombre", "sombre": "clair"}[premier]
        for theme, largeur in ((premier, "grand écran"), (second, "grand écran"),
                               (second, "téléphone"), (premier, "téléphone")):
            if page.viewport_size != LARGEURS[largeur]:
                page.set_viewport_size(LARGEURS[largeur])
            # En haut de page : axe fait défiler la page pour lire les couleurs, et le thème
            # masque les onglets de navigation dès qu'on descend. Le site règle ses tableaux
            # défilants et le thème ses onglets à l'image suivante.
            page.evaluate("window.scrollTo(0, 0)")
            page.evaluate(DEUX_IMAGES)
            choisir_theme(page, theme)
            if largeur == "grand écran":
                assert page.locator(".md-tabs").is_visible(), (chemin, theme)
                assert page.locator(".md-tabs[hidden]").count() == 0, (chemin, theme)
            analyses += 1
            for v in page.evaluate(ANALYSE):
                if v["impact"] in GRAVES or v["id"] in TOUJOURS:
                    violations += [(chemin, theme, largeur, v["id"], v["impact"], n)
                                   for n in v["noeuds"]]
                else:
                    mineures.add((v["id"], v["impact"], chemin))
    assert analyses == 4 * len(adresses)
    assert calculateurs >= 6, "les calculateurs n'ont pas été trouvés"
    assert erreurs_js == [], erreurs_js
    if mineures:
        warnings.warn("axe-core, violations mineures : " + " ; ".join(
            f"{r} ({i}) sur {p}" for r, i, p in sorted(mineures)), stacklevel=1)
    assert violations == [], f"{len(violations)} violation(s) d'axe-core :\n" + "\n".join(
        f"- {p} [{t}, {lg}] {r} ({i}) : {n['cible']} — {n['message']}\n    {n['html']}"
        for p, t, lg, r, i, n in violations)


def test_axe_signale_bien_un_defaut(contexte, url_site):
    """Le test ci-dessus ne passe pas à vide : sur une page dégradée exprès (texte gris pâle sur
    fond blanc, en-tête de tableau vide), axe-core, chargé de la même façon, les signale."""
    page = contexte.new_page()
    page.goto(url_site + "404.html")
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
      '<p style="color:#ccc">Texte pâle</p><table><thead><tr><th></th><th>Prix</th></tr></thead>'
      + '<tbody><tr><td>A</td><td>1</td></tr></tbody></table>')""")
    regles = {v["id"]: v["impact"] for v in page.evaluate(ANALYSE)}
    assert regles.get("color-contrast") == "serious", json.dumps(regles)
    assert "empty-table-header" in regles, json.dumps(regles)


@pytest.mark.parametrize("theme", ["clair", "sombre"])
def test_axe_menu_et_recherche_ouverts(navigateur, url_site, theme):
    """Ce qu'axe ne voit pas sur une page au repos : le menu de navigation d'un téléphone, ouvert,
    et les résultats de la recherche (texte secondaire sur bandeaux gris). Le thème vient ici de
    la préférence du système (prefers-color-scheme), sans toucher au bouton du thème."""
    contexte = navigateur.new_context(viewport=LARGEURS["téléphone"],
                                      color_scheme={"clair": "light", "sombre": "dark"}[theme])
    contexte.add_init_script(path=str(AXE))
    page = contexte.new_page()
    page.goto(url_site + "baremes/")
    assert page.evaluate(THEME)["scheme"] == SCHEMES[theme]
    page.add_style_tag(content=SANS_TRANSITION)
    choisir_theme(page, theme)  # vérifie le fond de page
    violations = []

    def analyser(etat):
        violations.extend((etat, v["id"], v["impact"], n) for v in page.evaluate(ANALYSE)
                          if v["impact"] in GRAVES for n in v["noeuds"])

    page.click("label.md-header__button[for='__search']")
    page.locator(".md-search__input").press_sequentially("forfait")  # le thème lit les touches
    page.wait_for_selector(".md-search-result__item", timeout=DELAI)
    analyser("recherche")
    page.reload()
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_function("document.querySelector('#__drawer').checked")
    analyser("menu ouvert")
    contexte.close()
    assert violations == [], "\n".join(f"- {e} [{theme}] {r} ({i}) : {n['cible']} — {n['message']}"
                                       for e, r, i, n in violations)
