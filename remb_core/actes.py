"""Le catalogue des actes (`donnees/actes.toml`) : base, taux, participations et poste de chacun.

Le catalogue ne contient aucun montant : il nomme les paramètres de barème qui donnent la base,
le taux ou le prix limite. Il est contrôlé avec les barèmes (`controle`), puis construit ici ;
chaque objet `Baremes` porte le sien.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .monnaie import en_texte

if TYPE_CHECKING:
    from .baremes import Baremes

CATEGORIES = {"medecin", "dentiste", "sage_femme", "auxiliaire", "biologie", "pharmacie",
              "dispositif", "hospitalisation", "transport", "urgences", "hors_nomenclature",
              "psychologue", "prevention"}
FRANCHISES = {"medicament", "acte_paramedical", "transport"}
PARTS_PATIENT = {"ticket_moderateur", "forfait_journalier", "forfait_patient_urgences"}
SECTEURS = ("1", "2_optam", "2_non_optam", "3")
MODES_BASE = {"prix", "saisie", "aucune"}
#: Clés d'un acte et type attendu de leur valeur.
CLES_ACTE: dict[str, type | tuple[type, ...]] = {
    "libelle": str, "poste": str, "categorie": str, "base": str, "bases_secteur": dict,
    "taux": str, "participation_forfaitaire": bool, "franchise": str, "parcours": bool,
    "acces_direct_ages": list, "actes_lourds": bool, "panier_100_sante": bool,
    "prix_limite": str, "plafond_responsable": str, "age_max": int, "unite": str,
    "prix_bareme": str, "base_minoree": str, "part_patient": str, "bases_age": list,
    "tarif_reference": str, "depuis": dt.date, "age_min": int, "imagerie_lourde": bool,
    "categorie_verre": str, "sejour": bool, "nombre_par_an": str,
}
CATEGORIES_VERRE = ("simple", "complexe", "tres_complexe")
#: Un prix limite qui ne se lit pas dans le barème mais sur le devis (verres 100 % Santé).
SAISIE = "saisie"
#: Rôle d'un paramètre nommé par le catalogue → unité qu'il doit avoir, et son nom en clair.
ROLES = {
    "base": ("EUR", "base de remboursement"),
    "bases_secteur": ("EUR", "base d'un secteur"),
    "taux": ("pourcent", "taux"),
    "prix_limite": ("EUR", "prix limite de vente"),
    "plafond_responsable": ("EUR", "plafond du contrat responsable"),
    "prix_bareme": ("EUR", "montant fixé par le barème"),
    "base_minoree": ("EUR", "base minorée"),
    "bases_age": ("EUR", "base d'un enfant"),
    "tarif_reference": ("EUR", "tarif de référence"),
    "nombre_par_an": ("nombre", "nombre d'actes remboursés par an"),
}


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
    bases_secteur: dict[str, str] = field(default_factory=dict)
    participation_forfaitaire: bool = False
    franchise: str | None = None
    parcours: bool | None = None
    acces_direct_ages: tuple[int, int] | None = None
    actes_lourds: bool = False
    panier_100_sante: bool = False
    prix_limite: str | None = None
    plafond_responsable: str | None = None
    age_max: int | None = None
    unite: str = "acte"
    prix_bareme: str | None = None
    base_minoree: str | None = None
    part_patient: str = "ticket_moderateur"
    bases_age: tuple[tuple[int, str], ...] = ()
    tarif_reference: str | None = None
    depuis: dt.date | None = None
    age_min: int | None = None
    imagerie_lourde: bool = False
    categorie_verre: str | None = None
    sejour: bool = False
    nombre_par_an: str | None = None

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

    @property
    def clinique(self) -> bool:
        """Une consultation de médecin (pas un acte technique ni un examen d'imagerie)."""
        return self.categorie == "medecin" and not (self.actes_lourds or self.imagerie_lourde)

    @property
    def frais_de_sejour(self) -> bool:
        """Un séjour à l'hôpital (pas ses forfaits) : l'acte lourd s'y déclare."""
        return self.sejour

    @property
    def limite_en_honoraires(self) -> bool:
        """Le dentaire a des « honoraires limites de facturation », un dispositif un « prix limite
        de vente » : les mots du devis."""
        return self.categorie == "dentiste"

    def base_pour_age(self, age: int | None) -> str | None:
        """Le paramètre de la base d'un enfant de cet âge, s'il en a une."""
        if age is None:
            return None
        return next((nom for maximum, nom in self.bases_age if age <= maximum), None)


@dataclass(frozen=True)
class Catalogue:
    actes: dict[str, Acte]
    postes: dict[str, Poste]


def parametres_nommes(brut: dict[str, Any]) -> list[tuple[str, str]]:
    """(rôle, paramètre) pour chaque paramètre de barème que nomme un acte brut du catalogue."""
    usages = []
    for role in ROLES:
        valeur = brut.get(role)
        if role == "bases_secteur" and isinstance(valeur, dict):
            usages += [(role, nom) for nom in valeur.values()
                       if isinstance(nom, str) and nom not in MODES_BASE]
        elif role == "bases_age" and isinstance(valeur, list):
            usages += [(role, paire[1]) for paire in valeur
                       if isinstance(paire, list) and len(paire) == 2 and isinstance(paire[1], str)]
        elif isinstance(valeur, str) and valeur and valeur != SAISIE and not (
                role == "base" and valeur in MODES_BASE):
            usages.append((role, valeur))
    return usages


def construire(donnees: dict[str, Any]) -> Catalogue:
    """Le catalogue, à partir de données déjà contrôlées."""
    postes = {pid: Poste(pid, brut["libelle"], brut["rubrique"])
              for pid, brut in donnees.get("postes", {}).items()}
    actes = {}
    for aid, brut in donnees.get("actes", {}).items():
        valeurs = dict(brut)
        if "acces_direct_ages" in valeurs:
            valeurs["acces_direct_ages"] = tuple(valeurs["acces_direct_ages"])
        if "bases_age" in valeurs:
            valeurs["bases_age"] = tuple((int(a), str(n)) for a, n in valeurs["bases_age"])
        actes[aid] = Acte(id=aid, **valeurs)
    return Catalogue(actes, postes)


def catalogue(baremes: Baremes | None = None) -> Catalogue:
    """Le catalogue des barèmes donnés (ceux du paquet par défaut)."""
    from .baremes import du_paquet

    return (baremes or du_paquet()).catalogue


def base_par_defaut(acte: Acte, secteur: str = "1", age: int | None = None) -> str | None:
    """Nom du paramètre donnant la base de l'acte pour ce secteur (et cet âge), ou None (base =
    prix, saisie…) : la base d'un secteur l'emporte, puis celle d'un enfant."""
    nom = acte.bases_secteur.get(secteur) or (acte.bases_age and acte.base_pour_age(age)) \
        or acte.base
    return None if nom in MODES_BASE else nom


def lister(jour: dt.date, baremes: Baremes) -> list[dict[str, Any]]:
    """Les actes avec leur base et leur taux par défaut au jour dit (JSON)."""
    cat = baremes.catalogue
    resultat = []
    for acte in cat.actes.values():
        nom_base = base_par_defaut(acte)
        if acte.depuis is not None and jour < acte.depuis:
            continue  # l'acte n'existe pas encore à cette date
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
            "frais_de_sejour": acte.frais_de_sejour,
            "categorie_verre": acte.categorie_verre,
            "forfait": acte.rembourse and acte.taux is None,
            "prix_limite_saisi": acte.prix_limite == SAISIE,
        })
    return resultat
