"""Préréglages de contrats (`donnees/contrats/*.toml`) et profils d'une année de soins
(`donnees/profils/*.toml`).

Un préréglage est un tableau de garanties sourcé : chaque ligne dit sa source ou, à défaut, sa
confiance et une note (« à confirmer » à l'affichage quand elle est moyenne ou basse). Un profil
est une année de soins d'illustration : des personnes et des actes datés « MM-JJ », placés dans
l'année choisie ; ses prix viennent du barème (« bareme ») ou sont des prix illustratifs notés.
Tout est contrôlé à la lecture, par les lecteurs du moteur : une faute lève `ErreurDonnees` qui
nomme le fichier et la ligne.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import annee
from .actes import SAISIE, Acte, base_par_defaut
from .baremes import Baremes
from .erreurs import ErreurSaisie
from .monnaie import en_texte
from .referentiel import Fichier, lire, lister

CLES_PREREGLAGE = {"nom", "nom_court", "description", "source", "url", "date", "verifie_le",
                   "confiance", "contrat_responsable", "css", "cotisation_exemple",
                   "cotisation_note", "limites", "garanties", "participation",
                   "participation_source", "ordre"}
META_LIGNE = ("note", "confiance", "source")
BAREME = "bareme"


@dataclass(frozen=True)
class LignePrereglage:
    garantie: dict[str, Any]  # garantie et limites, au format de `simuler_annee`
    confiance: str
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Prereglage:
    id: str
    nom: str
    nom_court: str
    description: str
    source: str
    date: dt.date
    verifie_le: dt.date
    confiance: str
    contrat_responsable: bool
    css: bool
    cotisation_exemple: Decimal
    cotisation_note: str
    lignes: dict[str, LignePrereglage]
    url: str = ""
    limites: str = ""
    participation: tuple[tuple[int, Decimal], ...] = ()
    participation_source: str = ""
    ordre: int = 99

    def garanties(self) -> dict[str, dict[str, Any]]:
        return {ligne: dict(x.garantie) for ligne, x in self.lignes.items()}

    def en_dict(self) -> dict[str, Any]:
        """Le préréglage en JSON (page du site, fichier du lecteur)."""
        return {
            "id": self.id, "nom": self.nom, "nom_court": self.nom_court,
            "description": self.description, "source": self.source, "url": self.url,
            "date": self.date.isoformat(), "verifie_le": self.verifie_le.isoformat(),
            "confiance": self.confiance, "contrat_responsable": self.contrat_responsable,
            "css": self.css, "cotisation_exemple": en_texte(self.cotisation_exemple),
            "cotisation_note": self.cotisation_note, "limites": self.limites,
            "garanties": self.garanties(),
            "notes": {k: {"confiance": v.confiance, "note": v.note, "source": v.source}
                      for k, v in self.lignes.items()},
            "participation": [{"age_max": a, "montant": en_texte(m)}
                              for a, m in self.participation],
            "participation_source": self.participation_source,
        }


def _date(f: Fichier, brute: dict[str, Any], cle: str, entree: str) -> dt.date:
    valeur = brute.get(cle)
    if not isinstance(valeur, dt.date) or isinstance(valeur, dt.datetime):
        raise f.erreur_a(f.ligne_cle(cle), entree, f"« {cle} » s'écrit AAAA-MM-JJ, sans "
                         "guillemets.")
    return valeur


def _ligne(f: Fichier, ligne: str, brute: Any, defaut: str, baremes: Baremes) -> LignePrereglage:
    if not isinstance(brute, dict):
        raise f.erreur(ligne, "chaque ligne est une table [garanties.<ligne>].")
    garantie = {k: v for k, v in brute.items() if k not in META_LIGNE}
    if any(isinstance(v, float) for v in garantie.values()):
        raise f.erreur(ligne, "pas de nombre à virgule : écrivez les montants entre guillemets "
                       "(« 50.00 »).")
    try:
        annee.lire_contrat({"garanties": {ligne: garantie}}, baremes, "contrat")
    except ErreurSaisie as exc:
        raise _en_erreur_donnees(f, ligne, exc) from None
    return LignePrereglage(garantie, f.confiance(brute, ligne, defaut),
                           f.texte_facultatif(brute, "note", ligne),
                           f.texte_facultatif(brute, "source", ligne))


def _en_erreur_donnees(f: Fichier, ligne: str, exc: ErreurSaisie) -> Exception:
    numero = f.ligne_table(f"garanties.{ligne}")
    return f.erreur_a(numero, ligne, f"{exc.champ.removeprefix('contrat.')} : {exc.message}")


def _participation(f: Fichier, brute: Any) -> tuple[tuple[int, Decimal], ...]:
    if brute is None:
        return ()
    if not isinstance(brute, list):
        raise f.erreur(None, "« participation » est une liste de [[participation]].")
    paliers = []
    for p in brute:
        if not isinstance(p, dict) or not isinstance(p.get("age_max"), int):
            raise f.erreur(None, "chaque [[participation]] a un âge maximal entier (age_max).")
        paliers.append((p["age_max"], f.montant(p.get("montant"), None, "Le montant")))
    return tuple(paliers)


def _prereglage(f: Fichier, ident: str, baremes: Baremes) -> Prereglage:
    c = f.contenu
    inconnues = sorted(set(c) - CLES_PREREGLAGE)
    if inconnues:
        raise f.erreur(None, f"clé inconnue « {inconnues[0]} ».")
    confiance = f.confiance(c, None, "haute")
    garanties = c.get("garanties", {})
    if not isinstance(garanties, dict):
        raise f.erreur(None, "« garanties » est une table [garanties.<ligne>].")
    css = c.get("css", False) is True
    if css and garanties:
        raise f.erreur(None, "la Complémentaire santé solidaire n'a pas de tableau de garanties.")
    source = c.get("participation_source", {})
    return Prereglage(
        id=ident, nom=f.texte_requis(c, "nom", None), nom_court=f.texte_requis(c, "nom_court", None),
        description=f.texte_requis(c, "description", None),
        source=f.texte_requis(c, "source", None), date=_date(f, c, "date", ident),
        verifie_le=_date(f, c, "verifie_le", ident), confiance=confiance,
        contrat_responsable=c.get("contrat_responsable", True) is True, css=css,
        cotisation_exemple=f.montant(c.get("cotisation_exemple"), None, "La cotisation d'exemple"),
        cotisation_note=f.texte_requis(c, "cotisation_note", None),
        lignes={ligne: _ligne(f, ligne, g, confiance, baremes) for ligne, g in garanties.items()},
        url=f.texte_facultatif(c, "url", None), limites=f.texte_facultatif(c, "limites", None),
        participation=_participation(f, c.get("participation")),
        participation_source=source.get("source", "") if isinstance(source, dict) else "",
        ordre=c.get("ordre", 99) if isinstance(c.get("ordre", 99), int) else 99,
    )


@lru_cache(maxsize=1)
def _fichiers(sous_dossier: str) -> tuple[tuple[str, Fichier], ...]:
    return tuple((nom.removesuffix(".toml"), lire(sous_dossier, nom))
                 for nom in lister(sous_dossier))


_PREREGLAGES: dict[int, tuple[Baremes, dict[str, Prereglage]]] = {}


def prereglages(baremes: Baremes) -> dict[str, Prereglage]:
    """Les préréglages du paquet, contrôlés une fois pour ces barèmes (id = nom du fichier)."""
    trouve = _PREREGLAGES.get(id(baremes))
    if trouve is None or trouve[0] is not baremes:
        tries = sorted((_prereglage(f, ident, baremes) for ident, f in _fichiers("contrats")),
                       key=lambda p: (p.ordre, p.id))
        lus = {p.id: p for p in tries}
        trouve = _PREREGLAGES[id(baremes)] = (baremes, lus)
    return trouve[1]


# --- Prix « bareme » ------------------------------------------------------------------------------

def prix_du_bareme(acte: Acte, secteur: str, age: int | None, jour: dt.date,
                   baremes: Baremes) -> Decimal | None:
    """Le prix que fixe le barème : None pour un forfait (le moteur le connaît), le prix limite
    d'un article à prix limite, sinon la base de l'acte, sinon son tarif de référence."""
    if acte.prix_bareme:
        return None
    if acte.prix_limite and acte.prix_limite != SAISIE:
        return baremes.valeur(acte.prix_limite, jour).valeur
    nom = base_par_defaut(acte, secteur, age) or acte.tarif_reference
    if nom is None:
        raise KeyError(f"« {acte.id} » n'a pas de prix dans le barème")
    return baremes.valeur(nom, jour).valeur


# --- Profils ----------------------------------------------------------------------------------

CLES_PROFIL = {"nom", "description", "source", "confiance", "ordre", "personne", "acte"}
CLES_ACTE_PROFIL = {"personne", "acte", "jour", "prix", "note", "quantite", "secteur", "repeter",
                    "tous_les_jours", "jours", "base_remboursement", "prix_limite"}


@dataclass(frozen=True)
class Profil:
    id: str
    nom: str
    description: str
    source: str
    confiance: str
    ordre: int
    personnes: tuple[dict[str, Any], ...]
    actes: tuple[dict[str, Any], ...] = field(default=())
    fichier: Fichier | None = None

    def demande(self, an: int, baremes: Baremes) -> dict[str, Any]:
        """Les personnes et les actes de l'année `an`, prix résolus (format `simuler_annee`)."""
        ages = {p["id"]: p.get("situation", {}).get("age") for p in self.personnes}
        actes = []
        for i, brut in enumerate(self.actes):
            actes += _actes_du_profil(self, i, brut, an, ages, baremes)
        return {"annee": an, "personnes": [dict(p) for p in self.personnes], "actes": actes}

    def en_dict(self, an: int, baremes: Baremes) -> dict[str, Any]:
        return {"id": self.id, "nom": self.nom, "description": self.description,
                "source": self.source, "confiance": self.confiance,
                **self.demande(an, baremes)}


def _actes_du_profil(p: Profil, i: int, brut: dict[str, Any], an: int,
                     ages: dict[str, int | None], baremes: Baremes) -> list[dict[str, Any]]:
    f = p.fichier
    assert f is not None
    try:
        premier = dt.date.fromisoformat(f"{an}-{brut['jour']}")
    except (KeyError, TypeError, ValueError):
        raise f.erreur_a(f.ligne_entete("acte", i), f"acte n° {i + 1}",
                         "« jour » s'écrit « MM-JJ ».") from None
    acte = baremes.catalogue.actes.get(brut.get("acte", ""))
    if acte is None:
        raise f.erreur_a(f.ligne_entete("acte", i), f"acte n° {i + 1}",
                         f"acte inconnu « {brut.get('acte')} ».")
    sortie = []
    for k in range(int(brut.get("repeter", 1))):
        jour = premier + dt.timedelta(days=k * int(brut.get("tous_les_jours", 0)))
        if jour.year != an:
            raise f.erreur_a(f.ligne_entete("acte", i), f"acte n° {i + 1}",
                             "les répétitions sortent de l'année.")
        a = {c: v for c, v in brut.items() if c not in ("jour", "note", "repeter",
                                                         "tous_les_jours", "prix")}
        a["date"] = jour.isoformat()
        prix = brut.get("prix")
        if prix == BAREME:
            prix = prix_du_bareme(acte, brut.get("secteur", "1"), ages.get(brut["personne"]),
                                  jour, baremes)
        if prix is not None:
            a["prix"] = str(prix)
        sortie.append(a)
    return sortie


def _profil(f: Fichier, ident: str, baremes: Baremes) -> Profil:
    c = f.contenu
    inconnues = sorted(set(c) - CLES_PROFIL)
    if inconnues:
        raise f.erreur(None, f"clé inconnue « {inconnues[0]} ».")
    personnes = []
    for p in c.get("personne", []):
        if not isinstance(p, dict) or set(p) - {"id", "age", "ald"}:
            raise f.erreur(None, "chaque [[personne]] a un id, un âge et, au besoin, ald = true.")
        situation = {k: p[k] for k in ("age", "ald") if k in p}
        personnes.append({"id": p.get("id"), "situation": situation})
    actes = c.get("acte", [])
    for i, a in enumerate(actes if isinstance(actes, list) else []):
        if not isinstance(a, dict) or set(a) - CLES_ACTE_PROFIL:
            raise f.erreur_a(f.ligne_entete("acte", i), f"acte n° {i + 1}", "clé inconnue ; "
                             "permises : "
                             + ", ".join(sorted(CLES_ACTE_PROFIL)) + ".")
    profil = Profil(ident, f.texte_requis(c, "nom", None), f.texte_requis(c, "description", None),
                    f.texte_requis(c, "source", None), f.confiance(c, None, "illustratif"),
                    int(c.get("ordre", 99)), tuple(personnes), tuple(actes), f)
    try:
        annee.simuler_annee(profil.demande(2026, baremes), baremes)
    except ErreurSaisie as exc:
        raise f.erreur_a(None, exc.champ, exc.message) from None
    return profil


_PROFILS: dict[int, tuple[Baremes, dict[str, Profil]]] = {}


def profils(baremes: Baremes) -> dict[str, Profil]:
    """Les profils du paquet, contrôlés une fois pour ces barèmes, dans leur ordre."""
    trouve = _PROFILS.get(id(baremes))
    if trouve is None or trouve[0] is not baremes:
        lus = sorted((_profil(f, ident, baremes) for ident, f in _fichiers("profils")),
                     key=lambda p: p.ordre)
        trouve = _PROFILS[id(baremes)] = (baremes, {p.id: p for p in lus})
    return trouve[1]


def participation_css(p: Prereglage, ages: list[int | None]) -> Decimal | None:
    """La participation annuelle d'un foyer à la CSS avec participation (None : pas de barème)."""
    if not p.participation:
        return None
    total = Decimal(0)
    for age in ages:
        mensuel = next((m for a, m in p.participation if (age or 0) <= a), p.participation[-1][1])
        total += mensuel * 12
    return total

