"""Les lignes d'un tableau de garanties (`donnees/tableau/lignes.toml`).

Une ligne porte l'identifiant d'un poste du catalogue (sa garantie vaut pour tout le poste, avec
ses limites annuelles) ou c'est une ligne précise : une partie des actes d'un poste, choisie par
acte et par secteur de médecin (« Consultations de spécialistes, médecin non adhérent à
l'OPTAM »). Dans un contrat (`simuler_annee`, `comparer_contrats`, `exemples_normalises`), les
garanties se donnent par identifiant de ligne ; une ligne précise absente suit la ligne de son
poste. Un acte prend la première ligne précise de son poste qui lui correspond.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import saisie
from .actes import SECTEURS, Acte, Catalogue
from .demande import Garantie, lire_garantie
from .erreurs import ErreurSaisie
from .formats import euros
from .monnaie import format_taux
from .referentiel import Fichier, lire

FICHIER = "lignes.toml"
RUBRIQUES = ("Hospitalisation", "Soins courants", "Dentaire", "Optique", "Aides auditives")
LIMITES = ("plafond_annuel", "nombre_par_an", "renouvellement_ans")


@dataclass(frozen=True)
class Ligne:
    id: str
    rubrique: str
    libelle: str
    poste: str
    actes: tuple[str, ...] = ()
    secteurs: tuple[str, ...] = ()
    aide: str = ""
    unite: str = "acte"

    @property
    def precise(self) -> bool:
        return self.id != self.poste

    def couvre(self, acte: str, secteur: str) -> bool:
        return (not self.actes or acte in self.actes) and (not self.secteurs or
                                                           secteur in self.secteurs)


@dataclass(frozen=True)
class Lignes:
    """Les lignes dans l'ordre du tableau, et les lignes précises de chaque poste."""

    toutes: tuple[Ligne, ...]
    par_id: dict[str, Ligne]
    precises: dict[str, tuple[Ligne, ...]]

    def ligne_de(self, acte: Acte, secteur: str = "1") -> Ligne:
        """La ligne qui s'applique à un acte (la première ligne précise qui le couvre)."""
        for ligne in self.precises.get(acte.poste, ()):
            if ligne.couvre(acte.id, secteur):
                return ligne
        return self.par_id[acte.poste]


def _unite(poste: str, actes: tuple[str, ...], catalogue: Catalogue) -> str:
    """L'unité commune des actes d'une ligne (« nuit », « séance »), sinon « acte »."""
    unites = {a.unite for a in catalogue.actes.values()
              if a.poste == poste and (not actes or a.id in actes)}
    return unites.pop() if len(unites) == 1 else "acte"


def _ligne(f: Fichier, brute: Any, catalogue: Catalogue) -> Ligne:
    if not isinstance(brute, dict):
        raise f.erreur(None, "Chaque [[ligne]] est une table.")
    ident = f.texte_requis(brute, "id", None)
    inconnues = sorted(set(brute) - {"id", "rubrique", "libelle", "poste", "actes", "secteurs",
                                     "aide"})
    if inconnues:
        raise f.erreur(ident, f"clé inconnue « {inconnues[0]} ».")
    poste = brute.get("poste", ident)
    if poste not in catalogue.postes:
        raise f.erreur(ident, f"poste inconnu du catalogue : « {poste} ».")
    rubrique = f.texte_requis(brute, "rubrique", ident)
    if rubrique not in RUBRIQUES:
        raise f.erreur(ident, f"rubrique inconnue « {rubrique} » ({', '.join(RUBRIQUES)}).")
    actes = f.liste_de_textes(brute, "actes", ident)
    for a in actes:
        if a not in catalogue.actes or catalogue.actes[a].poste != poste:
            raise f.erreur(ident, f"l'acte « {a} » n'existe pas dans le poste « {poste} ».")
    secteurs = f.liste_de_textes(brute, "secteurs", ident)
    if any(s not in SECTEURS for s in secteurs):
        raise f.erreur(ident, f"secteurs permis : {', '.join(SECTEURS)}.")
    if poste != ident and not (actes or secteurs):
        raise f.erreur(ident, "une ligne précise choisit des actes ou des secteurs.")
    return Ligne(ident, rubrique, f.texte_requis(brute, "libelle", ident), poste, actes, secteurs,
                 f.texte_facultatif(brute, "aide", ident), _unite(poste, actes, catalogue))


def construire(f: Fichier, catalogue: Catalogue) -> Lignes:
    """Les lignes d'un fichier, contrôlées contre le catalogue (une ligne par poste, au moins)."""
    brutes = f.contenu.get("ligne")
    if not isinstance(brutes, list) or not brutes:
        raise f.erreur(None, "le fichier doit contenir des [[ligne]].")
    toutes = tuple(_ligne(f, b, catalogue) for b in brutes)
    par_id: dict[str, Ligne] = {}
    for ligne in toutes:
        if ligne.id in par_id:
            raise f.erreur(ligne.id, "identifiant en double.")
        par_id[ligne.id] = ligne
    # Un poste ajouté au catalogue sans ligne ici reçoit une ligne à son nom (un test exige
    # que le fichier les couvre tous) : le calcul d'une année ne s'arrête pas pour autant.
    for poste in sorted(set(catalogue.postes) - set(par_id)):
        p = catalogue.postes[poste]
        rubrique = p.rubrique if p.rubrique in RUBRIQUES else "Soins courants"
        par_id[poste] = Ligne(poste, rubrique, p.libelle, poste,
                              unite=_unite(poste, (), catalogue))
        toutes += (par_id[poste],)
    precises: dict[str, tuple[Ligne, ...]] = {}
    for ligne in toutes:
        if ligne.precise:
            precises[ligne.poste] = precises.get(ligne.poste, ()) + (ligne,)
    return Lignes(toutes, par_id, precises)


@lru_cache(maxsize=1)
def _fichier() -> Fichier:
    return lire("tableau", FICHIER)


_CONSTRUITES: dict[int, tuple[Catalogue, Lignes]] = {}


def lignes(catalogue: Catalogue) -> Lignes:
    """Les lignes du paquet, contrôlées une fois pour ce catalogue."""
    trouve = _CONSTRUITES.get(id(catalogue))
    if trouve is None or trouve[0] is not catalogue:
        trouve = _CONSTRUITES[id(catalogue)] = (catalogue, construire(_fichier(), catalogue))
    return trouve[1]


# --- Une garantie de ligne précise, et le choix de la garantie d'un acte --------------------------

def lire_ligne_precise(brute: Any, champ: str, ligne: Ligne) -> dict[str, Any]:
    """La garantie d'une ligne précise : une forme, sans limites annuelles (celles du poste)."""
    saisie.objet(brute, champ, '{"forme": "pourcentage_br", "taux": 150}')
    for cle in LIMITES:
        if brute.get(cle) is not None:
            raise ErreurSaisie(f"{champ}.{cle}", f"Les limites annuelles se donnent sur la ligne "
                               f"du poste (« {ligne.poste} ») : elles valent pour tout le poste.")
    lire_garantie(brute, champ)
    return dict(brute)


def secteur_brut(valeur: Any) -> str:
    """Le secteur tel que saisi, pour choisir une ligne (la lecture de l'acte le contrôle)."""
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return str(valeur)
    return valeur if isinstance(valeur, str) and valeur else "1"


def garantie_de(acte: Acte, secteur: str, garanties: dict[str, dict[str, Any]],
                precisions: dict[str, dict[str, Any]], tout: Lignes) -> dict[str, Any] | None:
    """La garantie qui s'applique à un acte : celle de sa ligne précise si le contrat la donne,
    sinon celle de son poste."""
    if precisions:
        ligne = tout.ligne_de(acte, secteur)
        if ligne.precise and ligne.id in precisions:
            return precisions[ligne.id]
    return garanties.get(acte.poste)


# --- La garantie d'une ligne, en clair --------------------------------------------------------

def decrire(g: Garantie | None, unite: str = "acte", limites: dict[str, Any] | None = None) -> str:
    """« 150 % de la base, Sécurité sociale incluse, 400,00 € par an » (sans acte particulier)."""
    if g is None or g.forme == "aucune":
        return "Pas de garantie"
    taux = format_taux(g.taux or Decimal(0))
    textes = {
        "frais_reels": "Frais réels",
        "ticket_moderateur": "Ticket modérateur",
        "forfait": f"Forfait de {euros(g.montant or Decimal(0))} par {unite}",
        "pourcentage_pmss": f"{taux} du PMSS par {unite}",
        "pourcentage_br": f"{taux} de la base, " + ("Sécurité sociale incluse" if g.secu_incluse
                                                     else "en plus de la Sécurité sociale"),
    }
    morceaux = [textes[g.forme]]
    if g.plafond is not None:
        morceaux.append(f"dans la limite de {euros(g.plafond)} par {unite}")
    limites = limites or {}
    if limites.get("plafond_annuel") is not None:
        morceaux.append(f"{euros(limites['plafond_annuel'])} par an au plus")
    if limites.get("nombre_par_an") is not None:
        morceaux.append(f"{limites['nombre_par_an']} par an au plus")
    if limites.get("renouvellement_ans") is not None:
        morceaux.append(f"un équipement tous les {limites['renouvellement_ans']} an(s)")
    return ", ".join(morceaux)
