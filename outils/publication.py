"""Finitions du site construit pour un hébergeur statique (crochet MkDocs `on_post_build`).

Après chaque construction (`mkdocs build`, donc aussi `outils/servir.sh`, les tests et
`outils/publier.sh`) :

1. `nommer_actifs` : nos fichiers (`assets/remb-worker.js`, `remb-calculateur.js`, `remb.css`)
   sont réduits par esbuild (commentaires et espaces retirés : 40 % de moins après compression ;
   `node_modules`, fixé par package-lock.json), prennent une empreinte de leur contenu dans leur
   nom (`remb-worker.3f2a…e1.js`), les adresses du runtime Pyodide sont écrites dans le worker, et
   les pages sont réécrites en conséquence ;
   les fichiers du thème (`bundle.<empreinte>.min.js`…) et le runtime en portent déjà une ;
2. `ecrire_entetes` : le fichier `_headers` (format de Netlify et de Cloudflare Pages) : un an
   de cache (`immutable`) pour tout fichier à empreinte, revalidation à chaque visite pour les
   pages, le plan du site, l'index de recherche ; une règle par chemin, sans recouvrement
   (Cloudflare additionnerait deux Cache-Control) ; et pour tout le site une politique de
   sécurité qui interdit toute autre origine ;
3. `compresser` : une copie `.gz` et `.br` de chaque fichier texte ou wasm (si elle gagne au moins
   5 %), pour les serveurs qui servent des fichiers précompressés (nginx `gzip_static` et
   `brotli_static`, `outils/serveur.py`). Les compressions sont gardées dans
   `build/compression/` : celle du moteur wasm (brotli 11 : une minute) n'est faite qu'une fois.

`verifier(site)` contrôle le dossier publié (`outils/publier.sh`) : copies compressées égales à
leur original, en-têtes, pages nommées, page 404 en français, plan du site.

Bibliothèque standard, plus `brotli` (extra « site » de pyproject.toml) pour les copies `.br`, et
esbuild (package.json) pour réduire nos fichiers.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

# Dans l'ordre : un fichier peut nommer ceux qui le précèdent (remb-calculateur.js nomme le worker).
# Dans l'ordre : un fichier qui en nomme un autre vient après lui (le calculateur charge le worker
# et le comparateur), pour que le nom réécrit porte déjà l'empreinte.
ACTIFS = ("remb-worker.js", "remb-comparateur.js", "remb-calculateur.js", "remb.css",
          "remb-comparateur.css")
ENTETES = "_headers"
IMMUABLE = "public, max-age=31536000, immutable"
A_REVALIDER = "public, max-age=0, must-revalidate"
# Aucune autre origine (confidentialité : ce que tape le lecteur ne quitte pas son navigateur).
# Pyodide compile son moteur wasm ('wasm-unsafe-eval') ; le thème a des scripts et styles en ligne.
POLITIQUE = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; "
             "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
             "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
             "form-action 'self'; frame-ancestors 'self'")
COMMUNS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Content-Security-Policy": POLITIQUE}
# Fichiers du thème Material dont le nom porte déjà une empreinte.
THEME_A_EMPREINTE = re.compile(
    r"^assets/(?:javascripts|stylesheets)/(?:[\w-]+/)*[\w-]+\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")
NOTRE_EMPREINTE = re.compile(r"^assets/remb-[\w-]+\.[0-9a-f]{10}\.(?:js|css)$")
COMPRESSIBLES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".map",
                 ".ico", ".webmanifest"}
GAIN_MINIMAL = 0.95
NIVEAU_GZIP = 9
QUALITE_BROTLI = 11
CACHE_JOURS = 30


class ErreurPublication(RuntimeError):
    """Le dossier construit n'est pas publiable ; le message dit pourquoi."""


def empreinte(donnees: bytes) -> str:
    return hashlib.sha256(donnees).hexdigest()[:10]


def prefixe_du_site(site_url: str | None) -> str:
    """Le chemin de site_url (« /guide/ » pour https://exemple.org/guide/), toujours entre « / »."""
    chemin = urlparse(site_url or "/").path or "/"
    return chemin if chemin.endswith("/") else chemin + "/"


# --- 1. Noms à empreinte --------------------------------------------------------------------


def reduire(texte: str, nom: str, racine: Path) -> str:
    """Le fichier sans commentaires ni espaces (esbuild, --minify) : ce que télécharge le lecteur.
    esbuild ne change ni les chaînes (le Python du worker) ni les noms exportés."""
    esbuild = Path(racine) / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise ErreurPublication(f"esbuild est introuvable ({esbuild}) : lancez « npm ci » à la "
                                f"racine du dépôt ({racine}).")
    chargeur = "css" if nom.endswith(".css") else "js"
    fini = subprocess.run([str(esbuild), "--minify", f"--loader={chargeur}", "--charset=utf8",
                           "--log-level=error"] + (["--format=esm"] if chargeur == "js" else []),
                          input=texte, capture_output=True, text=True, timeout=60)
    if fini.returncode != 0:
        raise ErreurPublication(f"esbuild n'a pas pu réduire {nom} :\n{fini.stderr}")
    return fini.stdout


def nommer_actifs(site: Path, config_runtime: dict | None = None,
                  depot: Path | None = None) -> dict[str, str]:
    """Renomme nos fichiers avec l'empreinte de leur contenu et réécrit les pages qui les nomment ;
    {ancien nom: nouveau nom}. `config_runtime` (construire_runtime.construire) est écrit dans le
    worker ; avec `depot` (la racine du dépôt, pour son node_modules), ils sont d'abord réduits."""
    site = Path(site)
    assets = site / "assets"
    noms: dict[str, str] = {}
    for nom in ACTIFS:
        chemin = assets / nom
        if not chemin.is_file():
            continue
        texte = chemin.read_text(encoding="utf-8")
        if nom == "remb-worker.js" and config_runtime is not None:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            try:
                from construire_runtime import worker_construit
            finally:
                sys.path.pop(0)
            texte = worker_construit(texte, config_runtime)
        for ancien, nouveau in noms.items():
            texte = re.sub(rf"(?<=[\"'/]){re.escape(ancien)}(?=[\"'])", nouveau, texte)
        if depot is not None:
            texte = reduire(texte, nom, depot)
        racine, extension = nom.rsplit(".", 1)
        nouveau = f"{racine}.{empreinte(texte.encode('utf-8'))}.{extension}"
        (assets / nouveau).write_text(texte, encoding="utf-8")
        chemin.unlink()
        noms[nom] = nouveau
    if noms:
        motif = re.compile(r"(?<=assets/)(" + "|".join(re.escape(n) for n in noms) + r")(?=[\"'])")
        for page in site.rglob("*.html"):
            texte = page.read_text(encoding="utf-8")
            nouveau = motif.sub(lambda m: noms[m.group(1)], texte)
            if nouveau != texte:
                page.write_text(nouveau, encoding="utf-8")
    return noms


# --- 2. _headers ------------------------------------------------------------------------------


def immuable(relatif: str) -> bool:
    """Un fichier dont le nom (ou le dossier) porte l'empreinte de son contenu."""
    if relatif.startswith("assets/pyodide/"):
        return not relatif.endswith("/manifeste.json")
    return bool(THEME_A_EMPREINTE.match(relatif) or NOTRE_EMPREINTE.match(relatif))


def _fichiers(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and not p.name.endswith((".gz", ".br")) and p.name != ENTETES)


def regles(site: Path, site_url: str | None) -> list[tuple[str, dict[str, str]]]:
    """Les règles de `_headers` : [(chemin, {en-tête: valeur})]."""
    prefixe = prefixe_du_site(site_url)
    longues, courtes = [], []
    for relatif in _fichiers(Path(site)):
        if immuable(relatif):
            longues.append(prefixe + relatif)
        elif relatif.endswith("index.html"):
            courtes.append(prefixe + relatif[: -len("index.html")])
        elif relatif.endswith((".html", ".xml", ".json")):
            courtes.append(prefixe + relatif)
    return ([(prefixe + "*", dict(COMMUNS))]
            + [(chemin, {"Cache-Control": IMMUABLE}) for chemin in longues]
            + [(chemin, {"Cache-Control": A_REVALIDER}) for chemin in courtes])


def ecrire_entetes(site: Path, site_url: str | None) -> Path:
    lignes = ["# En-têtes HTTP du site (format _headers de Netlify et de Cloudflare Pages), écrits par",
              "# la construction (outils/publication.py). Fichiers à empreinte : un an ; pages : à",
              "# revalider ; partout : aucune autre origine. Une règle par chemin, sans recouvrement.",
              ""]
    for chemin, entetes in regles(site, site_url):
        lignes.append(chemin)
        lignes += [f"  {nom}: {valeur}" for nom, valeur in entetes.items()]
    fichier = Path(site) / ENTETES
    fichier.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    return fichier


def lire_entetes(texte: str) -> list[tuple[str, dict[str, str]]]:
    """Relit un fichier _headers : [(motif, {en-tête: valeur})]."""
    resultat: list[tuple[str, dict[str, str]]] = []
    for ligne in texte.splitlines():
        if not ligne.strip() or ligne.lstrip().startswith("#"):
            continue
        if not ligne[0].isspace():
            resultat.append((ligne.strip(), {}))
        elif resultat and ":" in ligne:
            nom, valeur = ligne.strip().split(":", 1)
            resultat[-1][1][nom.strip()] = valeur.strip()
    return resultat


def correspond(motif: str, chemin: str) -> bool:
    """Le motif d'une règle (« * » : n'importe quelle suite) couvre-t-il ce chemin d'adresse ?"""
    return re.fullmatch(".*".join(re.escape(m) for m in motif.split("*")), chemin) is not None


# --- 3. Copies compressées --------------------------------------------------------------------


def _brotli():
    try:
        import brotli
    except ImportError:
        return None
    return brotli


def _compression(donnees: bytes, genre: str, cache: Path) -> bytes:
    cle = hashlib.sha256(donnees).hexdigest()[:24]
    fichier = cache / f"{cle}.{genre}"
    if fichier.is_file():
        os.utime(fichier)
        return fichier.read_bytes()
    if genre == "gz":
        sortie = gzip.compress(donnees, NIVEAU_GZIP, mtime=0)
    else:
        sortie = _brotli().compress(donnees, quality=QUALITE_BROTLI, lgwin=24)
    cache.mkdir(parents=True, exist_ok=True)
    temporaire = fichier.with_name(fichier.name + ".tmp")
    temporaire.write_bytes(sortie)
    os.replace(temporaire, fichier)
    return sortie


def compresser(site: Path, cache: Path) -> dict:
    """Écrit les copies .gz et .br ; {"fichiers", "octets", "gz", "br", "sans_brotli"}."""
    site, cache = Path(site), Path(cache)
    genres = ["gz"] + (["br"] if _brotli() else [])
    bilan = {"fichiers": 0, "octets": 0, "gz": 0, "br": 0, "sans_brotli": "br" not in genres}
    for chemin in sorted(site.rglob("*")):
        if not chemin.is_file() or chemin.suffix not in COMPRESSIBLES:
            continue
        donnees = chemin.read_bytes()
        bilan["fichiers"] += 1
        bilan["octets"] += len(donnees)
        for genre in genres:
            copie = chemin.with_name(f"{chemin.name}.{genre}")
            compresse = _compression(donnees, genre, cache)
            if len(compresse) <= GAIN_MINIMAL * len(donnees):
                copie.write_bytes(compresse)
                bilan[genre] += len(compresse)
            elif copie.exists():
                copie.unlink()
    limite = time.time() - CACHE_JOURS * 86400
    for ancien in cache.glob("*.*"):
        if ancien.stat().st_mtime < limite:
            ancien.unlink(missing_ok=True)
    return bilan


# --- Tout, après la construction ----------------------------------------------------------------


def finir(site: Path, site_url: str | None, config_runtime: dict | None, racine: Path) -> dict:
    """Les trois étapes, dans l'ordre (le crochet on_post_build)."""
    noms = nommer_actifs(site, config_runtime, racine)
    ecrire_entetes(site, site_url)
    bilan = compresser(site, Path(racine) / "build" / "compression")
    if bilan["sans_brotli"]:
        print("publication : le module brotli manque (pip install -e '.[site]') : pas de copies .br",
              file=sys.stderr)
    return {"actifs": noms, "compression": bilan}


# --- Vérification du dossier à publier ---------------------------------------------------------


def _decompresser(copie: Path) -> bytes:
    if copie.suffix == ".gz":
        return gzip.decompress(copie.read_bytes())
    brotli = _brotli()
    if brotli is None:
        raise ErreurPublication("le module brotli manque : impossible de relire les copies .br")
    return brotli.decompress(copie.read_bytes())


def _copies_compressees(site: Path) -> list[str]:
    """Chaque copie .gz/.br redonne son original ; chaque fichier compressible a sa copie .gz."""
    fautes = []
    for copie in sorted(list(site.rglob("*.gz")) + list(site.rglob("*.br"))):
        original = copie.with_suffix("")
        if not original.is_file():
            fautes.append(f"{copie.relative_to(site)} : pas d'original")
        elif _decompresser(copie) != original.read_bytes():
            fautes.append(f"{copie.relative_to(site)} : ne redonne pas {original.name}")
    for relatif in _fichiers(site):
        if Path(relatif).suffix in COMPRESSIBLES and os.path.getsize(site / relatif) > 2048 \
                and not (site / (relatif + ".gz")).is_file():
            fautes.append(f"{relatif} : pas de copie .gz")
    return fautes


def _regles_d_entetes(site: Path, site_url: str | None) -> list[str]:
    """_headers existe, ses règles restent sous le préfixe et visent des fichiers qui existent."""
    entetes = site / ENTETES
    if not entetes.is_file():
        return ["_headers manque"]
    fautes = []
    prefixe = prefixe_du_site(site_url)
    regles = lire_entetes(entetes.read_text(encoding="utf-8"))
    for motif, _valeurs in regles:
        if not motif.startswith(prefixe):
            fautes.append(f"_headers : {motif} hors de {prefixe}")
        elif "*" not in motif:
            relatif = motif[len(prefixe):]
            if not (site / relatif).is_file() and not (site / relatif / "index.html").is_file():
                fautes.append(f"_headers : {motif} ne correspond à aucun fichier")
    if len(regles) > 100:
        fautes.append("_headers : plus de 100 règles (limite de Cloudflare Pages)")
    return fautes


def _pages_annexes(site: Path, site_url: str | None) -> list[str]:
    """Actifs sous leur nom à empreinte, page 404 en français, plan du site sous la bonne adresse."""
    fautes = [f"assets/{nom} : sans empreinte" for nom in ACTIFS if (site / "assets" / nom).exists()]
    page = site / "404.html"
    if not page.is_file() or "Page introuvable" not in page.read_text(encoding="utf-8"):
        fautes.append("404.html manque ou n'est pas en français")
    plan = site / "sitemap.xml"
    if not plan.is_file():
        fautes.append("sitemap.xml manque")
    elif site_url and f"<loc>{site_url.rstrip('/')}/" not in plan.read_text(encoding="utf-8"):
        fautes.append(f"sitemap.xml ne donne pas les adresses sous {site_url}")
    return fautes


def _references(site: Path, site_url: str | None) -> list[str]:
    """Chaque script ou feuille de style qu'une page charge est dans le dossier, jamais ailleurs."""
    fautes = []
    for html in site.rglob("*.html"):
        texte = html.read_text(encoding="utf-8")
        for reference in re.findall(r'(?:src|href)="([^"#?]+\.(?:js|css|mjs))"', texte):
            if reference.startswith(("http:", "https:", "//")):
                fautes.append(f"{html.relative_to(site)} : charge {reference}")
                continue
            cible = (site / reference.lstrip("/")[len(prefixe_du_site(site_url)) - 1:]
                     if reference.startswith("/") else html.parent / reference)
            if not cible.resolve().is_file():
                fautes.append(f"{html.relative_to(site)} : {reference} introuvable")
    return fautes


def verifier(site: Path, site_url: str | None) -> list[str]:
    """Ce qui empêche de publier ce dossier (liste vide : publiable)."""
    site = Path(site)
    return (_copies_compressees(site) + _regles_d_entetes(site, site_url)
            + _pages_annexes(site, site_url) + _references(site, site_url))


def main(arguments: list[str] | None = None) -> int:
    import argparse

    parseur = argparse.ArgumentParser(description="Vérifie un dossier construit avant publication.")
    parseur.add_argument("site", type=Path)
    parseur.add_argument("site_url")
    args = parseur.parse_args(arguments)
    fautes = verifier(args.site, args.site_url)
    for faute in fautes:
        print(f"  {faute}", file=sys.stderr)
    if fautes:
        print(f"publication : {len(fautes)} défaut(s) dans {args.site}", file=sys.stderr)
        return 1
    print(f"publication : {args.site} est publiable sous {args.site_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

