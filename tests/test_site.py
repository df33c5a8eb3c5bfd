"""Le site construit : pages présentes, tableaux = chiffres du moteur, aucune autre origine."""

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATE_SITE, RACINE

import remb_core
from remb_core import baremes
from remb_core.formats import valeur
from remb_core.monnaie import format_euros

pytestmark = pytest.mark.site

PAGES = ["index.html", *(f"comprendre/{p}/index.html" for p in (
    "parcours-de-soins", "base-de-remboursement", "ticket-moderateur", "participations-franchises",
    "exonerations", "medicaments", "optique-dentaire-audition", "hospitalisation",
    "tiers-payant-et-delais", "complementaires", "psychologues", "prevention", "enfants",
    "transports", "soins-a-l-etranger", "recours")),
    "outils/glossaire/index.html", "outils/tableau-de-garanties/index.html",
    "outils/reste-a-charge/index.html", "outils/css/index.html",
    "outils/comparer-des-contrats/index.html", "baremes/index.html",
    "baremes/historique/index.html",
    "baremes/nouveautes/index.html", "exemples/index.html"]


def lire(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def texte_seul(page_html: str) -> str:
    """Le texte sans balises (les abréviations du glossaire sont des <abbr>)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page_html))


def attributs(balise: str) -> dict:
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', balise)}


@pytest.mark.parametrize("page", PAGES)
def test_chaque_page_existe_en_francais(site_construit, page):
    texte = lire(site_construit, page)
    assert '<html lang="fr"' in texte
    article = texte.split("<article", 1)[1].split("</article>", 1)[0]
    assert not re.search(r"\{\{\s*\w+\s*\(|\{%", article), "une macro n'a pas été rendue"


def test_les_cas_affiches_sont_ceux_du_moteur(site_construit):
    vus = 0
    for page in PAGES:
        for balise in re.findall(r'<div class="remb-cas"[^>]*>', lire(site_construit, page)):
            a = attributs(balise)
            demande = {"date": DATE_SITE, **json.loads(a["data-demande"])}
            r = remb_core.simuler(demande)
            for cle in ("depense", "amo", "amc", "reste_a_charge"):
                assert a[f"data-{cle.replace('_', '-')}"] == r[cle], (page, demande, cle)
            vus += 1
    assert vus >= 20


def test_les_montants_des_cas_sont_affiches_au_format_francais(site_construit):
    texte = lire(site_construit, "index.html")
    r = remb_core.simuler({"acte": "consultation_generaliste", "prix": "30", "date": DATE_SITE,
                           "garantie": {"forme": "pourcentage_br", "taux": 100}})
    for cle in ("amo", "amc", "reste_a_charge"):
        assert f'data-montant="{cle}">{format_euros(Decimal(r[cle]))}<' in texte


def test_les_comparaisons_sont_celles_du_moteur(site_construit):
    vues = 0
    for page in PAGES:
        for balise in re.findall(r'<div class="remb-comparaison"[^>]*>', lire(site_construit, page)):
            for titre, attendu in json.loads(attributs(balise)["data-resultats"]).items():
                r = remb_core.simuler(attendu["demande"])
                for cle in ("depense", "amo", "amc", "reste_a_charge"):
                    assert attendu[cle] == r[cle], (page, titre, cle)
                vues += 1
    assert vues >= 15


def _valeur(p, v) -> str:
    return valeur(v.valeur, p.unite)


def test_la_page_des_baremes_donne_chaque_valeur_en_vigueur(site_construit):
    import datetime as dt
    texte = texte_seul(lire(site_construit, "baremes/index.html"))
    jour = dt.date.fromisoformat(DATE_SITE)
    for nom, p in baremes.actifs().parametres.items():
        v = p.a_la_date(jour)
        assert p.libelle in texte, nom
        assert _valeur(p, v) in texte, nom
    assert "1er juin 2026" in texte


def test_l_historique_donne_chaque_valeur_et_sa_source(site_construit):
    texte = lire(site_construit, "baremes/historique/index.html")
    seul = texte_seul(texte)
    for nom, p in baremes.actifs().parametres.items():
        assert f'id="{nom}"' in texte, nom
        for v in p.valeurs:
            assert _valeur(p, v) in seul, (nom, v.depuis)
            assert v.source.split(" (")[0] in seul, (nom, v.depuis)


def test_les_exemples_des_sources_sont_tous_recalcules(site_construit):
    texte = lire(site_construit, "exemples/index.html")
    for ident in ("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S11", "S12", "S14a",
                  "S14b", "S14c", "S14d"):
        assert re.search(rf"<h2[^>]*>{ident} —", texte), ident
    # l'exemple S7 : publié 33,50 €, recalculé avec les hypothèses de la source
    assert "33,50" in texte


def test_les_abreviations_ont_leur_infobulle_partout(site_construit):
    for page in ("index.html", "outils/glossaire/index.html",
                 "comprendre/base-de-remboursement/index.html"):
        assert re.search(r'<abbr title="[^"]{10,}">', lire(site_construit, page)), page
    assert '<abbr title="' in lire(site_construit, "outils/reste-a-charge/index.html")


def test_le_glossaire_definit_les_termes_du_site(site_construit):
    titres = [texte_seul(h) for h in re.findall(r"<h3[^>]*>.*?</h3>",
                                                  lire(site_construit, "outils/glossaire/index.html"))]
    for terme in ("Base de remboursement", "Ticket modérateur", "Participation forfaitaire",
                  "Franchise", "Forfait journalier", "OPTAM", "Secteur 3", "Tarif d'autorité",
                  "Contrat responsable", "100 % Santé", "NOEMIE", "PMSS", "Frais réels",
                  "Reste à charge", "Tiers payant", "CCAM", "LPP", "NABM", "SMR"):
        assert any(terme.lower() in t.lower() for t in titres), terme


EXTERNE = re.compile(r'<(?:script|link|img|iframe|source|audio|video)\b[^>]*\b(?:src|href)='
                     r'"(?:https?:)?//(?!127\.0\.0\.1)[^"]*"', re.I)


def test_aucune_ressource_d_une_autre_origine(site_construit):
    """HTML, CSS et JS du site ne chargent rien d'ailleurs (les liens <a> ne sont pas chargés)."""
    fautes = []
    for fichier in site_construit.rglob("*"):
        if fichier.suffix == ".html":
            fautes += [(fichier.name, m) for m in EXTERNE.findall(fichier.read_text("utf-8"))]
        elif fichier.suffix == ".css":
            fautes += [(fichier.name, m) for m in re.findall(
                r"url\(\s*['\"]?(?:https?:)?//[^)]*\)|@import[^;]*//", fichier.read_text("utf-8"))]
    assert not fautes, fautes
    assert not any("fonts.googleapis" in f.read_text("utf-8", errors="ignore")
                   for f in site_construit.rglob("*.html"))
    nos_scripts = (site_construit / "assets").glob("remb-*.js")
    for script in nos_scripts:
        assert not re.search(r"https?://", script.read_text("utf-8")), script.name


# --- aucun chiffre de barème tapé dans les pages ----------------------------------------------
MACRO = re.compile(r"\{\{.*?\s\}\}|\{%.*?%\}", re.S)
NOMBRE = re.compile(r"(?<![\w.,])(\d{1,3}(?:[  \u202f]\d{3})*(?:[.,]\d+)?)\s*(€|euros?\b|%)")
#: Figures écrites en toutes lettres qui ne sont pas des valeurs de barème : (page, extrait).
PERMIS = {
    ("*", "100 % Santé"),             # le nom du dispositif
    ("*", "100 % de la base"),        # libellé de garantie, pas un taux de barème
    ("*", "100 % BR"),                # idem
    ("*", "100 % »"),                 # « prise en charge à 100 % », le nom du régime
    ("index.md", "100 % de ce que"),  # « 100 % BR » ne veut pas dire « 100 % de ce que… »
    ("comprendre/participations-franchises.md", "4 € par jour"),  # l'erreur courante citée
    # des prix d'exemple qui tombent sur une valeur du barème
    ("comprendre/parcours-de-soins.md", "35 € hors parcours"),
    ("outils/reste-a-charge.md", "60 € par un spécialiste"),
    ("outils/reste-a-charge.md", "60 € et le contrat"),
    ("outils/reste-a-charge.md", "40 € par séance"),
    # des valeurs hors barème qui tombent sur une valeur du barème
    ("comprendre/psychologues.md", "40 €)"),  # l'entretien d'évaluation de 2022 à 2024
    ("comprendre/hospitalisation.md", "65 % du tarif conventionnel"),  # forfait thermal
    ("comprendre/hospitalisation.md", "65 % d'un forfait"),  # hébergement en cure thermale
    # Prix d'exemple qui coïncident avec des valeurs de barème entrées depuis (consultation
    # longue et avis ponctuel à 60 €, ancien tarif de kinésithérapie) : ce ne sont pas elles.
    ("comprendre/base-de-remboursement.md", "60 €. Votre"),
    ("comprendre/participations-franchises.md", "16,13 €, avec"),
}


def valeurs_de_bareme() -> set[tuple[Decimal, str]]:
    valeurs = set()
    for p in baremes.actifs().parametres.values():
        unite = {"EUR": "€", "pourcent": "%"}.get(p.unite)
        if unite:
            valeurs |= {(v.valeur.normalize(), unite) for v in p.valeurs}
    return valeurs


def test_aucune_page_ne_tape_un_chiffre_du_bareme():
    connues = valeurs_de_bareme()
    fautes = []
    for fichier in sorted((RACINE / "docs").rglob("*.md")):
        relatif = fichier.relative_to(RACINE / "docs").as_posix()
        if relatif.startswith("_"):
            continue
        texte = MACRO.sub(" ", fichier.read_text(encoding="utf-8"))
        for m in NOMBRE.finditer(texte):
            chiffre = Decimal(re.sub(r"[  \u202f]", "", m.group(1)).replace(",", "."))
            unite = "%" if m.group(2) == "%" else "€"
            if (chiffre.normalize(), unite) not in connues:
                continue
            extrait = texte[m.start():m.start() + 40]
            if any(p in (relatif, "*") and extrait.startswith(e) for p, e in PERMIS):
                continue
            fautes.append(f"{relatif}: « {texte[max(0, m.start() - 30):m.end() + 10]} »")
    assert not fautes, "Chiffres de barème tapés à la main :\n" + "\n".join(fautes)


def test_chaque_fichier_de_bareme_a_un_titre_sur_le_site():
    """Un nouveau fichier de barème sans titre apparaîtrait sous son nom de fichier."""
    from site_macros import TITRES_FICHIERS
    fichiers = {p.fichier for p in baremes.du_paquet().parametres.values()}
    assert fichiers <= set(TITRES_FICHIERS), fichiers - set(TITRES_FICHIERS)
