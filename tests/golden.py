"""Les cas dorés : des lignes TOML (une demande, les chiffres attendus, leur source) lues par les
tests paramétrés (tests/test_cas.py, tests/test_exemples_sources.py) et exécutées aussi dans
Pyodide (tests/cas_reference.py → tests/test_pyodide.py).

D'où viennent les lignes :
- chaque fichier tests/cas_*.toml présent (tableau [[cas]], format ci-dessous) : un fichier
  ajouté est pris sans rien changer d'autre ; tests/cas_regles.toml (les cas des règles) peut
  manquer ;
- site_macros/exemples_sources.toml : les exemples chiffrés des articles sources (S1 à S15),
  dont chacun donne plusieurs lignes (`lire_exemples`, format en tête de ce fichier-là).

Format d'une ligne [[cas]] :
  id              texte, unique parmi toutes les lignes de tous les fichiers
  regle           ce que la ligne vérifie, en une phrase
  source          d'où viennent la règle et ses chiffres (texte officiel, [Sxx] de tariffs.md…)
  url             facultatif
  fonction        facultatif : "simuler" (défaut), "simuler_annee", "actes", ou "bareme" (les
                  valeurs des paramètres du barème au jour dit : demande = { date = "…" })
  demande         la demande JSON, date comprise (« date », ou « annee » / « du » pour une
                  année) : aucun cas ne dépend du jour où il tourne. Les nombres restent tels
                  qu'écrits (30, "30", "26,50" ne sont pas la même saisie).
  attendu         { cle = "montant" } : une partie du résultat, comparée au caractère près (les
                  montants du moteur sont des chaînes : "19.00", taux "70"). Une table imbriquée
                  descend dans le résultat (totaux = { amc = "…" } ; dans une liste, la clé "0",
                  "1"… est l'indice) ; une clé "amo+amc" compare la somme de ces montants.
  attendu_detail  facultatif : raccourci de attendu.detail_reste_a_charge
  publie          facultatif : les chiffres que publie la source, vérifiés comme attendu…
  publie_errone   … sauf ceux nommés ici, { cle = "raison courte" } : la source les publie faux ;
                  la clé doit figurer dans attendu avec le bon chiffre, différent du publié
  erreur          facultatif : { champ = "…", fragment = "…" } : la demande doit lever
                  ErreurSaisie sur ce champ, avec un message qui contient le fragment
  etapes          facultatif : les codes d'étapes que l'explication doit montrer
                  (["majoration", "depassement_hors_parcours"])
Une ligne sans attendu, publie ni erreur n'est admise que dans un fichier qui porte en tête
`attendu_facultatif = true` (les cas de référence, qui servent à comparer CPython et Pyodide).
Toute ligne vérifie en plus les invariants du moteur sur chaque résultat d'acte et chaque total :
dépense = Assurance Maladie + complémentaire + reste à charge, et le détail du reste à charge
tombe juste.

Exemple de ligne :

  [[cas]]
  id = "participation-forfaitaire-2-euros"
  regle = "La participation forfaitaire passe de 1 € à 2 € par consultation le 15 mai 2024."
  source = "Décision UNCAM publiée au JO du 24 avril 2024"
  url = "https://www.ameli.fr/assure/remboursements/reste-charge/participation-forfaitaire"
  demande = { acte = "consultation_generaliste", prix = "26.50", date = "2024-05-15" }
  attendu = { amo_avant_participations = "18.55", participation_forfaitaire = "2.00", amo = "16.55" }
  attendu_detail = { participation_forfaitaire = "2.00" }
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
DOSSIER_CAS = RACINE / "tests"
EXEMPLES = RACINE / "site_macros" / "exemples_sources.toml"

FONCTIONS = ("simuler", "simuler_annee", "actes", "bareme", "estimer_css")
CHAMPS_CAS = frozenset({"id", "regle", "source", "url", "fonction", "demande", "attendu",
                        "attendu_detail", "publie", "publie_errone", "erreur", "etapes"})
CHAMPS_EXEMPLE = frozenset({"id", "article", "titre", "source_dit", "hypotheses", "fonction",
                            "demande", "publie", "publie_errone", "recalcule", "aujourdhui",
                            "aujourdhui_texte", "attendu_aujourdhui", "cas"})
PARTS = ("depense", "amo", "amc", "reste_a_charge")


@dataclass(frozen=True)
class Cas:
    """Une ligne dorée : une demande à une fonction du moteur et ce qu'elle doit rendre."""

    id: str
    demande: dict[str, Any]
    fonction: str = "simuler"
    attendu: dict[str, str] = field(default_factory=dict)  # chemin « a.b » → chaîne attendue
    erreur: dict[str, str] | None = None
    regle: str = ""
    source: str = ""
    url: str = ""
    fichier: str = ""
    etapes: tuple[str, ...] = ()

    def requete(self) -> dict[str, Any]:
        """La demande JSON telle qu'elle part vers CPython ou Pyodide (executer_cas.mjs)."""
        if self.fonction == "simuler":
            return dict(self.demande)
        return {"fonction": self.fonction, **self.demande}


@dataclass(frozen=True)
class Exemple:
    """Un exemple chiffré d'un article source et les lignes qu'il donne."""

    id: str
    titre: str
    cas: list[Cas]


class DonneesInvalides(ValueError):
    """Un fichier de cas mal formé : le message nomme le fichier et la ligne."""


# --- lecture ----------------------------------------------------------------------------------
#: Les fichiers de cas qui ont leur propre format et leur propre lecteur (résultats imbriqués) :
#: tests/test_comparateur.py les vérifie, tests/cas_reference.py les fait tourner dans Pyodide.
A_PART = frozenset({"cas_comparateur.toml"})


def fichiers_de_cas(dossier: Path = DOSSIER_CAS) -> list[Path]:
    return sorted(p for p in dossier.glob("cas_*.toml") if p.name not in A_PART)


def lire_cas(chemin: str | Path) -> list[Cas]:
    """Les lignes [[cas]] d'un fichier ; un fichier absent n'en donne aucune."""
    chemin = Path(chemin)
    if not chemin.is_file():
        return []
    donnees = _lire_toml(chemin)
    inconnus = set(donnees) - {"cas", "attendu_facultatif"}
    if inconnus:
        raise DonneesInvalides(f"{chemin.name} : clés de tête inconnues {sorted(inconnus)}")
    facultatif = donnees.get("attendu_facultatif", False) is True
    lignes = donnees.get("cas", [])
    if not isinstance(lignes, list) or not lignes:
        raise DonneesInvalides(f"{chemin.name} : aucune ligne [[cas]]")
    return _uniques([_cas(ligne, chemin.name, facultatif) for ligne in lignes])


def lire_exemples(chemin: str | Path = EXEMPLES) -> list[Exemple]:
    """Les exemples ([[exemple]], affichés par le site, et [[exemple_bareme]], valeurs du barème
    seulement), chacun avec sa ligne « source », sa ligne « aujourd'hui » et ses lignes en plus."""
    chemin = Path(chemin)
    donnees = _lire_toml(chemin)
    date_test = donnees.get("date_test")
    if not isinstance(date_test, dt.date):
        raise DonneesInvalides(f"{chemin.name} : date_test = AAAA-MM-JJ manque en tête")
    exemples = [_exemple(ex, chemin.name, date_test, "simuler") for ex in donnees["exemple"]]
    exemples += [_exemple(ex, chemin.name, date_test, "bareme")
                 for ex in donnees.get("exemple_bareme", [])]
    _uniques([c for ex in exemples for c in ex.cas])
    return exemples


def tous_les_cas() -> list[Cas]:
    """Toutes les lignes : celles des tests/cas_*.toml, puis celles des exemples des sources."""
    lignes = [c for chemin in fichiers_de_cas() for c in lire_cas(chemin)]
    lignes += [c for ex in lire_exemples() for c in ex.cas]
    return _uniques(lignes)


def _lire_toml(chemin: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(chemin.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DonneesInvalides(f"{chemin.name} n'est pas un TOML valide : {exc}") from None


def _uniques(lignes: list[Cas]) -> list[Cas]:
    vus: dict[str, str] = {}
    for c in lignes:
        if c.id in vus:
            raise DonneesInvalides(f"id « {c.id} » en double ({vus[c.id]} et {c.fichier})")
        vus[c.id] = c.fichier
    return lignes


def _cas(ligne: Any, fichier: str, facultatif: bool = False,
         defauts: dict[str, Any] | None = None) -> Cas:
    if not isinstance(ligne, dict) or not isinstance(ligne.get("id"), str):
        raise DonneesInvalides(f"{fichier} : une ligne sans id texte : {ligne!r}")
    ident = ligne["id"]

    def faute(raison: str) -> DonneesInvalides:
        return DonneesInvalides(f"{fichier}, cas « {ident} » : {raison}")

    inconnus = set(ligne) - CHAMPS_CAS
    if inconnus:
        raise faute(f"champs inconnus {sorted(inconnus)} (admis : {sorted(CHAMPS_CAS)})")
    ligne = {**(defauts or {}), **ligne}
    fonction = ligne.get("fonction", "simuler")
    if fonction not in FONCTIONS:
        raise faute(f"fonction « {fonction} » inconnue (admises : {', '.join(FONCTIONS)})")
    demande = ligne.get("demande")
    if not isinstance(demande, dict):
        raise faute("demande = { … } manque")
    if not ({"date", "annee", "du"} & set(demande)):
        raise faute("la demande doit porter sa date (« date », ou « annee » / « du »)")
    attendu = _chemins(ligne.get("attendu", {}), faute, "attendu")
    attendu |= _chemins(ligne.get("attendu_detail", {}), faute, "attendu_detail",
                        ("detail_reste_a_charge",))
    publie = _chemins(ligne.get("publie", {}), faute, "publie")
    errone = ligne.get("publie_errone", {})
    if not isinstance(errone, dict) or not all(isinstance(v, str) and v for v in errone.values()):
        raise faute("publie_errone = { cle = \"raison\" }")
    for cle in errone:
        if cle not in publie:
            raise faute(f"publie_errone nomme « {cle} », absent de publie")
        if attendu.get(cle) in (None, publie[cle]):
            raise faute(f"« {cle} » publié faux : attendu doit donner le bon chiffre, "
                        f"différent de {publie[cle]}")
    for cle, valeur in publie.items():
        if cle in errone:
            continue
        if attendu.setdefault(cle, valeur) != valeur:
            raise faute(f"« {cle} » : publié {valeur}, attendu {attendu[cle]} ; si la source "
                        "se trompe, le dire dans publie_errone")
    erreur = ligne.get("erreur")
    if erreur is not None:
        if (not isinstance(erreur, dict) or set(erreur) != {"champ", "fragment"}
                or not all(isinstance(v, str) and v for v in erreur.values())):
            raise faute("erreur = { champ = \"…\", fragment = \"…\" }")
        if attendu:
            raise faute("une ligne en erreur n'attend pas de montants")
    elif not attendu and not facultatif:
        raise faute("rien à vérifier : ni attendu, ni publie, ni erreur")
    etapes = ligne.get("etapes", [])
    if not isinstance(etapes, list) or not all(isinstance(e, str) for e in etapes):
        raise faute("etapes = [\"code\", …]")
    return Cas(id=ident, demande=demande, fonction=fonction, attendu=attendu, erreur=erreur,
               regle=str(ligne.get("regle", "")), source=str(ligne.get("source", "")),
               url=str(ligne.get("url", "")), fichier=fichier, etapes=tuple(etapes))


def _chemins(table: Any, faute, nom: str, prefixe: tuple[str, ...] = ()) -> dict[str, str]:
    """{"a": {"b": "1.00"}} → {"a.b": "1.00"} ; refuse tout montant qui n'est pas une chaîne."""
    if not isinstance(table, dict):
        raise faute(f"{nom} doit être une table")
    plats: dict[str, str] = {}
    for cle, valeur in table.items():
        chemin = (*prefixe, cle)
        if isinstance(valeur, dict):
            plats |= _chemins(valeur, faute, nom, chemin)
        elif isinstance(valeur, str):
            plats[".".join(chemin)] = valeur
        else:
            raise faute(f"{nom} : « {'.'.join(chemin)} » doit être une chaîne (\"19.00\"), "
                        f"pas {valeur!r}")
    return plats


def _exemple(ex: Any, fichier: str, date_test: dt.date, fonction: str) -> Exemple:
    """Un exemple → ses lignes : « S1 » (la demande sous les hypothèses de la source : recalcule
    et publie), « S1-aujourdhui » (la même situation au barème du date_test : attendu_aujourdhui),
    puis ses [[exemple.cas]] (variantes, à `simuler` par défaut), dont l'id commence par
    « S1- »."""
    ident = ex.get("id") if isinstance(ex, dict) else None
    if not isinstance(ident, str):
        raise DonneesInvalides(f"{fichier} : un exemple sans id : {ex!r}")
    inconnus = set(ex) - CHAMPS_EXEMPLE
    if inconnus:
        raise DonneesInvalides(f"{fichier}, exemple {ident} : champs inconnus {sorted(inconnus)}")
    fonction = ex.get("fonction", fonction)
    source = f"article {ex.get('article', '?')} : {ex.get('source_dit', '')}"
    demande = ex.get("demande")
    if not isinstance(demande, dict):
        raise DonneesInvalides(f"{fichier}, exemple {ident} : demande = {{ … }} manque")
    aujourdhui = ex.get("aujourdhui", {k: v for k, v in demande.items() if k != "date"})
    if "date" in aujourdhui:
        raise DonneesInvalides(f"{fichier}, exemple {ident} : « aujourdhui » ne porte pas de "
                               "date (le site prend la sienne, les tests date_test)")
    if "attendu_aujourdhui" not in ex:
        raise DonneesInvalides(f"{fichier}, exemple {ident} : attendu_aujourdhui manque")
    lignes = [
        _cas({"id": ident, "regle": f"{ex.get('titre', '')} : les chiffres de la source, sous "
              f"ses hypothèses ({ex.get('hypotheses', '')})", "source": source,
              "fonction": fonction, "demande": demande, "attendu": ex.get("recalcule", {}),
              "publie": ex.get("publie", {}), "publie_errone": ex.get("publie_errone", {})},
             fichier),
        _cas({"id": f"{ident}-aujourdhui", "regle": f"{ex.get('titre', '')} : au barème du "
              f"{date_test.isoformat()}", "source": source, "fonction": fonction,
              "demande": {**aujourdhui, "date": date_test.isoformat()},
              "attendu": ex["attendu_aujourdhui"]}, fichier),
    ]
    for ligne in ex.get("cas", []):
        if not str(ligne.get("id", "")).startswith(f"{ident}-"):
            raise DonneesInvalides(f"{fichier}, exemple {ident} : l'id d'une variante commence "
                                   f"par « {ident}- » ({ligne.get('id')!r})")
        lignes.append(_cas(ligne, fichier, defauts={"source": source}))
    return Exemple(id=ident, titre=str(ex.get("titre", "")), cas=lignes)


# --- exécution --------------------------------------------------------------------------------
def executer_un(requete: dict[str, Any]) -> Any:
    """Le calcul d'une requête (CPython) : le même que tests/pyodide/executer_cas.mjs. Une
    ErreurSaisie devient {"erreur": {"champ", "message"}} ; toute autre exception remonte."""
    import remb_core

    demande = dict(requete)
    fonction = demande.pop("fonction", "simuler")
    try:
        if fonction == "simuler":
            sortie = remb_core.simuler(demande)
        elif fonction == "simuler_annee":
            sortie = remb_core.simuler_annee(demande)
        elif fonction == "actes":
            sortie = remb_core.actes(demande.get("date"))
        elif fonction == "bareme":
            sortie = valeurs_du_bareme(demande["date"])
        elif fonction == "estimer_css":
            sortie = remb_core.estimer_css(demande)
        elif fonction == "comparer_contrats":
            sortie = remb_core.comparer_contrats(demande)
        elif fonction == "exemples_normalises":
            sortie = remb_core.exemples_normalises(demande.get("garanties"), demande.get("date"))
        elif fonction == "executer":  # un calculateur du site, comme l'appelle le worker
            from remb_core.formulaire import executer

            sortie = executer(demande["calculateur"], demande["champs"])
        else:
            raise ValueError(f"fonction inconnue : {fonction!r}")
    except remb_core.ErreurSaisie as exc:
        sortie = {"erreur": {"champ": exc.champ, "message": exc.message}}
    # Le même aller-retour JSON que dans Pyodide (json.dumps puis json.loads).
    return json.loads(json.dumps(sortie, ensure_ascii=False))


def valeurs_du_bareme(date: str) -> dict[str, str]:
    """Chaque paramètre du barème du paquet qui a une valeur au jour dit, en texte."""
    from remb_core import baremes

    jour = dt.date.fromisoformat(date)
    valeurs = {}
    for nom, parametre in baremes.du_paquet().parametres.items():
        try:
            valeurs[nom] = str(parametre.a_la_date(jour).valeur)
        except KeyError:
            continue
    return valeurs


# --- vérification -----------------------------------------------------------------------------
def ecarts(cas: Cas, sortie: Any) -> list[str]:
    """Ce qui ne va pas dans la sortie d'un cas (liste vide : tout va), en phrases lisibles."""
    if cas.erreur is not None:
        attendue = cas.erreur
        obtenue = sortie.get("erreur") if isinstance(sortie, dict) else None
        if (not obtenue or obtenue["champ"] != attendue["champ"]
                or attendue["fragment"] not in obtenue["message"]):
            return [f"{cas.id} : ErreurSaisie attendue sur « {attendue['champ']} » contenant "
                    f"« {attendue['fragment']} », obtenu {json.dumps(obtenue or sortie)[:300]}"]
        return []
    if isinstance(sortie, dict) and "erreur" in sortie:
        return [f"{cas.id} : ErreurSaisie inattendue {sortie['erreur']}"]
    problemes = []
    for chemin, attendu in cas.attendu.items():
        obtenu = _lire(sortie, chemin.split("."))
        if obtenu != attendu:
            problemes.append(f"{cas.id} : {chemin} = {obtenu}, attendu {attendu}")
    codes = {e.get("code") for e in sortie.get("etapes", [])} if isinstance(sortie, dict) else set()
    problemes += [f"{cas.id} : étape « {code} » absente de l'explication" for code in cas.etapes
                  if code not in codes]
    return problemes + [f"{cas.id} : {p}" for p in invariants(sortie)]


def _lire(sortie: Any, chemin: list[str]) -> str | None:
    cle, *reste = chemin
    if not reste and "+" in cle:
        termes = [_lire(sortie, [t]) for t in cle.split("+")]
        if any(t is None for t in termes):
            return None
        return str(sum((Decimal(t) for t in termes if t is not None), Decimal(0)))
    if isinstance(sortie, list) and cle.isdigit() and int(cle) < len(sortie):
        valeur = sortie[int(cle)]
    elif isinstance(sortie, dict) and cle in sortie:
        valeur = sortie[cle]
    else:
        return None
    if reste:
        return _lire(valeur, reste)
    return valeur if isinstance(valeur, str) else json.dumps(valeur)


def invariants(sortie: Any, ou: str = "") -> list[str]:
    """Dépense = AMO + AMC + reste à charge, et Σ détail = reste à charge, partout où ces
    montants figurent (un acte, chaque acte d'une année, chaque total)."""
    problemes = []
    if isinstance(sortie, dict):
        if all(isinstance(sortie.get(k), str) for k in PARTS):
            depense, amo, amc, rac = (Decimal(sortie[k]) for k in PARTS)
            if depense != amo + amc + rac:
                problemes.append(f"{ou or 'résultat'} : dépense {depense} ≠ AMO {amo} + AMC "
                                 f"{amc} + reste {rac}")
            detail = sortie.get("detail_reste_a_charge")
            if isinstance(detail, dict) and sum(map(Decimal, detail.values())) != rac:
                problemes.append(f"{ou or 'résultat'} : le détail du reste à charge ne fait pas "
                                 f"{rac} ({detail})")
        for cle, valeur in sortie.items():
            problemes += invariants(valeur, f"{ou}.{cle}" if ou else cle)
    elif isinstance(sortie, list):
        for i, valeur in enumerate(sortie):
            problemes += invariants(valeur, f"{ou}[{i}]")
    return problemes
