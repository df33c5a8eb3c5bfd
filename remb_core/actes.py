"""Le catalogue des actes (`donnees/actes.toml`) : base, taux, participations et poste de chacun.

Le catalogue ne contient aucun montant : il nomme les paramètres de barème qui donnent la base,
le taux ou le prix limite. Il est vérifié contre les barèmes au chargement.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from . import baremes as _baremes
from .erreurs import ErreurBareme
from .monnaie import en_texte

CATEGORIES = {"medecin", "dentiste", "sage_femme", "auxiliaire", "biologie", "pharmacie",
              "dispositif", "hospitalisation", "transport", "urgences", "hors_nomenclature"}
FRANCHISES = {"medicament", "acte_paramedical", "transport"}
PARTS_PATIENT = {"ticket_moderateur", "forfait_journalier", "forfait_patient_urgences"}
SECTEURS = ("1", "2_optam", "2_non_optam", "3")
MODES_BASE = {"prix", "saisie", "aucune"}
CLES_ACTE = {"libelle", "poste", "categorie", "base", "bases_secteur", "taux",
             "participation_forfaitaire", "franchise", "parcours", "acces_direct_ages",
             "actes_lourds", "panier_100_sante", "prix_limite", "plafond_responsable",
             "age_max", "unite", "prix_bareme", "base_minoree", "part_patient"}


@dataclass(frozen=True)
class Poste:
    id: str
    libelle: str
    rubrique: str


@dataclass(frozen=True)
class Acte:
    id: str
    libelle: str
    poste: str
    categorie: str
    base: str
    taux: str | None = None
    bases_secteur: dict = field(default_factory=dict)
    participation_forfaitaire: bool = False
    franchise: str | None = None
    parcours: bool | None = None
    acces_direct_ages: tuple | None = None
    actes_lourds: bool = False
    panier_100_sante: bool = False
    prix_limite: str | None = None
    plafond_responsable: str | None = None
    age_max: int | None = None
    unite: str = "acte"
    prix_bareme: str | None = None
    base_minoree: str | None = None
    part_patient: str = "ticket_moderateur"

    @property
    def rembourse(self) -> bool:
        return self.base != "aucune"

    @property
    def soumis_au_parcours(self) -> bool:
        """Les consultations de médecin ; les actes techniques prescrits y échappent."""
        if self.parcours is not None:
            return self.parcours
        return self.categorie == "medecin"

    @property
    def a_secteurs(self) -> bool:
        return self.categorie == "medecin"


class Catalogue:
    def __init__(self, actes: dict[str, Acte], postes: dict[str, Poste]):
        self.actes = actes
        self.postes = postes


def _erreur(nom: str, message: str) -> ErreurBareme:
    return ErreurBareme(_baremes.FICHIER_ACTES, nom, message)


def lire_catalogue(texte: str, baremes: _baremes.Baremes) -> Catalogue:
    """Lit et vérifie le catalogue : tout paramètre nommé doit exister dans les barèmes."""
    try:
        donnees = tomllib.loads(texte)
    except tomllib.TOMLDecodeError as exc:
        raise ErreurBareme(_baremes.FICHIER_ACTES, None, f"syntaxe TOML invalide ({exc})") from None
    postes = {
        pid: Poste(pid, brut["libelle"], brut["rubrique"])
        for pid, brut in donnees.get("postes", {}).items()
    }
    actes = {}
    for aid, brut in donnees.get("actes", {}).items():
        inconnues = set(brut) - CLES_ACTE
        if inconnues:
            raise _erreur(aid, f"clé inconnue « {sorted(inconnues)[0]} »")
        if brut.get("poste") not in postes:
            raise _erreur(aid, f"poste « {brut.get('poste')} » inconnu")
        if brut.get("categorie") not in CATEGORIES:
            raise _erreur(aid, f"catégorie « {brut.get('categorie')} » inconnue")
        if brut.get("franchise") not in FRANCHISES | {None}:
            raise _erreur(aid, f"franchise « {brut['franchise']} » inconnue")
        if brut.get("part_patient", "ticket_moderateur") not in PARTS_PATIENT:
            raise _erreur(aid, f"part_patient « {brut['part_patient']} » inconnue")
        noms = [brut.get(k) for k in ("taux", "prix_limite", "plafond_responsable",
                                      "prix_bareme", "base_minoree")]
        noms += list(brut.get("bases_secteur", {}).values())
        if brut.get("base") not in MODES_BASE:
            noms.append(brut.get("base"))
        for nom in filter(None, noms):
            if nom not in baremes:
                raise _erreur(aid, f"le paramètre de barème « {nom} » n'existe pas")
        for secteur in brut.get("bases_secteur", {}):
            if secteur not in SECTEURS:
                raise _erreur(aid, f"secteur « {secteur} » inconnu")
        if brut.get("base") != "aucune" and not brut.get("taux") and not brut.get("prix_bareme"):
            raise _erreur(aid, "un acte remboursé doit nommer son taux")
        valeurs = dict(brut)
        if "acces_direct_ages" in valeurs:
            valeurs["acces_direct_ages"] = tuple(valeurs["acces_direct_ages"])
        actes[aid] = Acte(id=aid, **valeurs)
    return Catalogue(actes, postes)


_cache: dict[int, Catalogue] = {}


def catalogue(baremes: _baremes.Baremes | None = None) -> Catalogue:
    baremes = baremes or _baremes.actifs()
    cle = id(baremes)
    if cle not in _cache:
        texte = (resources.files("remb_core") / "donnees" / _baremes.FICHIER_ACTES).read_text(
            encoding="utf-8")
        _cache.clear()
        _cache[cle] = lire_catalogue(texte, baremes)
    return _cache[cle]


def base_par_defaut(acte: Acte, jour: dt.date, baremes: _baremes.Baremes,
                    secteur: str = "1") -> str | None:
    """Nom du paramètre donnant la base de l'acte pour ce secteur, ou None (base = prix, saisie…)."""
    nom = acte.bases_secteur.get(secteur, acte.base)
    return None if nom in MODES_BASE else nom


def lister(jour: dt.date | None = None) -> list[dict]:
    """Les actes avec leur base et leur taux par défaut au jour dit (JSON)."""
    baremes = _baremes.actifs()
    jour = jour or dt.date.today()
    cat = catalogue(baremes)
    resultat = []
    for acte in cat.actes.values():
        nom_base = base_par_defaut(acte, jour, baremes)
        base = en_texte(baremes.valeur(nom_base, jour).valeur) if nom_base else None
        taux = str(baremes.valeur(acte.taux, jour).valeur) if acte.taux else (
            "0" if acte.rembourse else None)
        resultat.append({
            "id": acte.id,
            "libelle": acte.libelle,
            "poste": acte.poste,
            "poste_libelle": cat.postes[acte.poste].libelle,
            "rubrique": cat.postes[acte.poste].rubrique,
            "categorie": acte.categorie,
            "base_remboursement": base,
            "base_mode": acte.base if acte.base in MODES_BASE else "bareme",
            "taux_amo": taux if acte.rembourse else None,
            "participation_forfaitaire": acte.participation_forfaitaire,
            "franchise": acte.franchise,
            "panier_100_sante": acte.panier_100_sante,
            "unite": acte.unite,
            "prix_fixe": acte.prix_bareme is not None,
        })
    return resultat
