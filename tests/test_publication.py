"""Publier le site : la commande, le dossier publié, le serveur local, le workflow de la CI, le
contrôle des relectures. (La fraîcheur vue dans le navigateur : tests/test_diffusion_navigateur.py.)"""

import datetime as dt
import gzip
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import DATE_SITE, PREFIXE, RACINE

sys.path.insert(0, str(RACINE / "outils"))
import publication  # noqa: E402
import verifier_fraicheur  # noqa: E402

from remb_core import baremes  # noqa: E402

pytestmark = pytest.mark.site

def requete(url, **entetes):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=entetes), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as erreur:
        return erreur.code, dict(erreur.headers), erreur.read()


# --- Le dossier publié --------------------------------------------------------------------------


def test_le_dossier_publie_est_complet(site_publie):
    dossier, _, adresse = site_publie
    assert publication.verifier(dossier, adresse) == []
    # Nos fichiers portent une empreinte, le worker connaît les adresses du runtime.
    assert not (dossier / "assets" / "remb-worker.js").exists()
    worker = next((dossier / "assets").glob("remb-worker.*.js"))
    assert re.fullmatch(r"remb-worker\.[0-9a-f]{10}\.js", worker.name)
    texte = worker.read_text(encoding="utf-8")
    assert "/*RUNTIME*/" not in texte and re.search(r'"?paquet"?:"pyodide/remb_core-\w+\.zip\.xz"',
                                                    texte)
    # Réduits par esbuild : sans commentaires ni indentation (le Python du worker, une chaîne,
    # reste tel quel).
    assert "Web Worker" not in texte and "def _installer(paquet" in texte
    calculateur = next((dossier / "assets").glob("remb-calculateur.*.js")).read_text(encoding="utf-8")
    assert "//" not in calculateur and "\n  " not in calculateur
    page = (dossier / "outils" / "reste-a-charge" / "index.html").read_text(encoding="utf-8")
    assert worker.name in page
    # Le plan du site et la page 404 (liens absolus sous le sous-chemin, en français).
    plan = (dossier / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{adresse}outils/reste-a-charge/</loc>" in plan
    page_404 = (dossier / "404.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page_404 and "Page introuvable" in page_404
    assert f'href="{PREFIXE}outils/reste-a-charge/"' in page_404


def test_les_copies_compressees_redonnent_leur_original(site_publie):
    import brotli

    dossier = site_publie[0]
    wasm = next(dossier.glob("assets/pyodide/pyodide-*/pyodide.asm.wasm"))
    for original in (wasm, dossier / "index.html", worker_de(dossier)):
        donnees = original.read_bytes()
        assert gzip.decompress(Path(f"{original}.gz").read_bytes()) == donnees
        assert brotli.decompress(Path(f"{original}.br").read_bytes()) == donnees
    # Ce qui ne gagne rien à la compression (zip déjà comprimé) n'a pas de copie.
    zips = list(dossier.glob("assets/pyodide/*.zip"))
    assert zips and not any(Path(f"{z}.br").exists() for z in zips)


def worker_de(dossier: Path) -> Path:
    return next(p for p in (dossier / "assets").glob("remb-worker.*.js"))


def test_les_entetes_distinguent_fichiers_a_empreinte_et_pages(site_publie):
    dossier = site_publie[0]
    regles = publication.lire_entetes((dossier / "_headers").read_text(encoding="utf-8"))
    motifs = [m for m, _ in regles]
    assert all(m.startswith(PREFIXE) for m in motifs)
    assert len(regles) <= 100  # limite de Cloudflare Pages
    # Chaque chemin reçoit au plus un Cache-Control (Cloudflare additionnerait deux règles).
    for relatif in ["", "outils/reste-a-charge/", "search/search_index.json",
                    f"assets/{worker_de(dossier).name}",
                    *(p.relative_to(dossier).as_posix() for p in dossier.glob("assets/pyodide/**/*")
                      if p.is_file() and p.suffix not in (".gz", ".br"))]:
        caches = [e["Cache-Control"] for m, e in regles
                  if "Cache-Control" in e and publication.correspond(m, PREFIXE + relatif)]
        assert len(caches) <= 1, (relatif, caches)
        if publication.immuable(relatif):
            assert caches == [publication.IMMUABLE], relatif
        elif relatif in ("", "outils/reste-a-charge/", "search/search_index.json"):
            assert caches == [publication.A_REVALIDER], relatif
    politique = dict(regles)[PREFIXE + "*"]["Content-Security-Policy"]
    assert "default-src 'self'" in politique and "connect-src 'self'" in politique


# --- Le serveur local ------------------------------------------------------------------------------


def test_le_serveur_sert_les_copies_compressees_sous_le_prefixe(site_publie, url_publie):
    import brotli

    dossier = site_publie[0]
    wasm = next(dossier.glob("assets/pyodide/pyodide-*/pyodide.asm.wasm"))
    url = url_publie + wasm.relative_to(dossier).as_posix()
    statut, entetes, corps = requete(url, **{"Accept-Encoding": "gzip, br"})
    assert statut == 200 and entetes["Content-Encoding"] == "br"
    assert entetes["Content-Type"] == "application/wasm" and "Accept-Encoding" in entetes["Vary"]
    assert entetes["Cache-Control"] == publication.IMMUABLE
    assert brotli.decompress(corps) == wasm.read_bytes()
    statut, entetes, corps = requete(url, **{"Accept-Encoding": "gzip"})
    assert entetes["Content-Encoding"] == "gzip" and gzip.decompress(corps) == wasm.read_bytes()
    statut, entetes, corps = requete(url)
    assert "Content-Encoding" not in entetes and corps == wasm.read_bytes()
    # Les pages : à revalider ; une seconde visite reçoit 304.
    statut, entetes, _ = requete(url_publie)
    assert statut == 200 and entetes["Cache-Control"] == publication.A_REVALIDER
    statut, _, corps = requete(url_publie, **{"If-Modified-Since": entetes["Last-Modified"]})
    assert statut == 304 and corps == b""


def test_le_serveur_repond_404_en_francais_et_redirige_vers_le_prefixe(url_publie):
    statut, entetes, corps = requete(url_publie + "page-qui-n-existe-pas/")
    assert statut == 404 and "Page introuvable" in corps.decode("utf-8")
    racine = url_publie[: -len(PREFIXE)]
    statut, _, corps = requete(racine + "/autre-chose/")
    assert statut == 404
    with urllib.request.urlopen(racine + "/", timeout=10) as r:  # suit la redirection
        assert r.url == url_publie
    statut, _, _ = requete(url_publie + "_headers")
    assert statut == 404


# --- Le workflow de la CI --------------------------------------------------------------------------


WORKFLOW = RACINE / ".github" / "workflows" / "publier.yml"


def test_le_workflow_est_valide():
    """Validé hors ligne contre le schéma publié des workflows (copie fournie par check-jsonschema)."""
    outil = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert outil, "check-jsonschema manque : pip install -e '.[dev]'"
    fini = subprocess.run([outil, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True, timeout=120)
    assert fini.returncode == 0, fini.stdout + fini.stderr


def test_le_workflow_publie_chaque_nuit_et_controle_les_relectures():
    texte = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"push:\s*\n\s*branches: \[main\]", texte)
    assert re.search(r'schedule:\s*\n(?:\s*#.*\n)*\s*- cron: "7 23 \* \* \*"', texte)
    assert "TZ: Europe/Paris" in texte
    assert 'bash outils/publier.sh "${{ steps.pages.outputs.base_url }}/"' in texte
    assert "actions/upload-pages-artifact" in texte and "actions/deploy-pages" in texte
    assert "python3 outils/verifier_fraicheur.py" in texte
    assert "github.event_name == 'schedule'" in texte


# --- Relectures des barèmes ---------------------------------------------------------------------


def test_aucun_parametre_n_est_a_reverifier_aujourd_hui(capsys):
    assert verifier_fraicheur.main(["--aujourdhui", "2026-11-30"]) == 0
    assert "ont été vérifiés depuis moins de 18 mois" in capsys.readouterr().out


def test_un_parametre_non_relu_depuis_18_mois_fait_echouer(tmp_path, capsys):
    textes = baremes.textes_du_paquet()
    for nom, texte in textes.items():
        (tmp_path / nom).write_text(texte, encoding="utf-8")
    # Un paramètre relu il y a longtemps : le contrôle le nomme, avec son fichier et sa ligne.
    p = baremes.actifs().parametre("consultation_generaliste")
    fichier = tmp_path / p.fichier
    texte = fichier.read_text(encoding="utf-8")
    entete = f"[{p.nom}]"
    debut = texte.index(entete)
    fin = texte.index("verifie_le", debut)
    ligne = texte[fin:texte.index("\n", fin)]
    fichier.write_text(texte[:fin] + "verifie_le = 2024-01-15" + texte[fin + len(ligne):],
                       encoding="utf-8")
    assert verifier_fraicheur.main(["--dossier", str(tmp_path), "--aujourdhui", "2026-11-30"]) == 1
    sortie = capsys.readouterr().err
    assert "Barèmes à revérifier : 1 paramètre(s)" in sortie
    assert f"consultation_generaliste ({p.fichier}, ligne " in sortie
    assert "vérifié le 15 janvier 2024" in sortie
    # Le même jour, 18 mois plus tôt : encore dans les temps ; la veille : plus.
    assert verifier_fraicheur.mois_avant(dt.date(2026, 11, 30), 18) == dt.date(2025, 5, 30)
    assert verifier_fraicheur.mois_avant(dt.date(2026, 8, 31), 18) == dt.date(2025, 2, 28)


# --- Données de fraîcheur écrites à la construction ---------------------------------------------


def test_les_changements_a_venir_viennent_des_baremes():
    from site_macros import fraicheur

    jour = dt.date(2026, 2, 15)
    attendus = {(nom, v.depuis.isoformat()) for nom, p in baremes.actifs().parametres.items()
                for v in p.valeurs if v.depuis > jour}
    trouves = fraicheur.changements(jour)
    assert {(c["nom"], c["depuis"]) for c in trouves} == attendus
    fj = next(c for c in trouves if c["nom"] == "forfait_journalier")
    p = baremes.actifs().parametre("forfait_journalier")
    from site_macros import valeur_formatee
    assert fj["apres"] == valeur_formatee(p, p.a_la_date(dt.date.fromisoformat(fj["depuis"])))
    assert fj["avant"] == valeur_formatee(p, p.a_la_date(jour))
    assert fj["date"] == "1er mars 2026"
    assert fraicheur.changements(dt.date(2030, 1, 1)) == []


def test_chaque_page_connait_la_date_de_son_bareme(site_construit):
    for page in ("index.html", "outils/reste-a-charge/index.html", "exemples/index.html"):
        texte = (site_construit / page).read_text(encoding="utf-8")
        assert f'<meta name="remb-date-bareme" content="{DATE_SITE}">' in texte, page
