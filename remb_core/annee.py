"""Une année de soins pour un foyer : plafonds annuels et journaliers, limites des garanties.

Les actes sont traités dans l'ordre des dates (à date égale, dans l'ordre de la saisie), ce qui
rend le résultat déterministe et explicable : ce qu'un acte consomme d'un plafond n'est plus
disponible pour le suivant. Chaque acte est calculé par le moteur d'un acte (`simulation`), à qui
l'on passe ce qui reste sous chaque plafond.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import demande as _demande
from . import optique, saisie, tableau
from .baremes import DEBUT, Baremes
from .demande import Demande
from .erreurs import ErreurSaisie
from .formats import date_fr, euros
from .monnaie import ZERO, en_texte
from .participations import PLAFONDS_JOUR_FRANCHISE, Plafonds
from .simulation import Resultat, calculer

CLES = {"annee", "du", "au", "personnes", "contrat", "actes"}
CLES_PERSONNE = {"id", "situation"}
CLES_CONTRAT = {"garanties", "contrat_responsable", "plafond_annuel_personne"}
LIMITES = {"plafond_annuel", "nombre_par_an", "renouvellement_ans"}
CLES_ACTE = {"personne", "acte", "date", "professionnel", "prix", "quantite", "secteur",
             "parcours_coordonne", "exception_parcours", "base_remboursement", "taux_amo",
             "participation_forfaitaire", "acte_lourd", "prix_limite", "jours", "date_sortie",
             "psychiatrie", "ald_deficience"}
#: Bornes qu'un foyer réel n'atteint pas et qui gardent un calcul sous la seconde dans le
#: navigateur d'un téléphone (mille actes : environ 0,1 s dans CPython, 0,3 s dans Pyodide).
ACTES_MAX = 1000
PERSONNES_MAX = 12
IDENTIFIANT_MAX = 60
TOTAUX = ("depense", "amo", "amc", "reste_a_charge", "participation_forfaitaire", "franchise")
LUNETTES = "lunettes"  # clé du renouvellement légal d'un équipement d'optique


@dataclass(frozen=True)
class Contrat:
    garanties: dict[str, dict[str, Any]]
    limites: dict[str, dict[str, Any]]
    plafond_personne: Decimal | None
    responsable: bool
    #: Garanties des lignes précises du tableau (ligne → garantie), qui l'emportent sur celle du
    #: poste pour les actes qu'elles couvrent (`tableau`).
    precisions: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class ActeLu:
    date: dt.date
    index: int
    personne: str
    professionnel: str
    demande: Demande


def _periode(brute: dict[str, Any]) -> tuple[dt.date, dt.date]:
    if saisie.present(brute, "annee"):
        if saisie.present(brute, "du") or saisie.present(brute, "au"):
            raise ErreurSaisie("annee", "Donnez soit une année, soit une période (du, au), pas "
                               "les deux.")
        annee = saisie.entier(brute["annee"], "annee", DEBUT.year, 2100, "L'année")
        return dt.date(annee, 1, 1), dt.date(annee, 12, 31)
    if not saisie.present(brute, "du") or not saisie.present(brute, "au"):
        raise ErreurSaisie("annee", "Indiquez l'année (par exemple 2026) ou la période "
                           "(du, au).")
    du = saisie.date_iso(brute["du"], "du", DEBUT)
    au = saisie.date_iso(brute["au"], "au", DEBUT)
    if au < du:
        raise ErreurSaisie("au", "La fin de la période précède son début.")
    return du, au


def lire_personnes(brute: Any) -> dict[str, dict[str, Any]]:
    """{identifiant: situation brute} ; chaque situation est contrôlée ici."""
    saisie.liste(brute, "personnes", PERSONNES_MAX, "La liste des personnes",
                 '[{"id": "moi", "situation": {"age": 40}}]')
    if not brute:
        raise ErreurSaisie("personnes", "Indiquez au moins une personne : "
                           "[{\"id\": \"moi\", \"situation\": {\"age\": 40}}].")
    personnes: dict[str, dict[str, Any]] = {}
    for i, p in enumerate(brute):
        champ = f"personnes[{i}]"
        saisie.objet(p, champ, '{"id": "moi", "situation": {"age": 40}}')
        ident = p.get("id")
        if not isinstance(ident, str) or not ident.strip() or len(ident) > IDENTIFIANT_MAX:
            raise ErreurSaisie(f"{champ}.id", f"Chaque personne a un identifiant (un texte de 1 à "
                               f"{IDENTIFIANT_MAX} caractères).")
        saisie.refuser_inconnus(p, CLES_PERSONNE, champ)
        if ident in personnes:
            raise ErreurSaisie(f"{champ}.id", f"L'identifiant « {ident} » est déjà pris.")
        _demande.lire_situation(p.get("situation"), f"{champ}.situation")
        personnes[ident] = p.get("situation") or {}
    return personnes


def _limites(g: dict[str, Any], champ: str) -> dict[str, Any]:
    lim: dict[str, Any] = {}
    if g.get("plafond_annuel") is not None:
        lim["plafond_annuel"] = saisie.montant(g["plafond_annuel"], f"{champ}.plafond_annuel",
                                               maximum=_demande.PRIX_MAX, nom="Le plafond annuel")
    if g.get("nombre_par_an") is not None:
        lim["nombre_par_an"] = saisie.entier(g["nombre_par_an"], f"{champ}.nombre_par_an", 0,
                                             1000, "Le nombre d'actes par an")
    if g.get("renouvellement_ans") is not None:
        lim["renouvellement_ans"] = saisie.entier(g["renouvellement_ans"],
                                                  f"{champ}.renouvellement_ans", 1, 10,
                                                  "La période de renouvellement")
    return lim


def lire_contrat(brute: Any, baremes: Baremes, champ: str = "contrat") -> Contrat:
    """Les garanties par poste (avec leurs limites annuelles) et le caractère responsable."""
    brute = {} if brute is None else saisie.objet(brute, champ, '{"garanties": {poste: garantie}}')
    saisie.refuser_inconnus(brute, CLES_CONTRAT, champ)
    postes = baremes.catalogue.postes
    garanties_brutes = {} if brute.get("garanties") is None else brute["garanties"]
    saisie.objet(garanties_brutes, f"{champ}.garanties", '{"honoraires_medicaux": {"forme": '
                 '"pourcentage_br", "taux": 150}}')
    garanties, limites, precisions = {}, {}, {}
    lignes = tableau.lignes(baremes.catalogue)
    for poste, g in garanties_brutes.items():
        sous = f"{champ}.garanties.{saisie.apercu(poste)}"
        if poste in lignes.par_id and lignes.par_id[poste].precise:
            precisions[poste] = tableau.lire_ligne_precise(g, sous, lignes.par_id[poste])
            continue
        saisie.identifiant(poste, sous, postes, "Poste ou ligne du tableau inconnu")
        saisie.objet(g, sous, '{"forme": "pourcentage_br", "taux": 150}')
        propre = {k: v for k, v in g.items() if k not in LIMITES}
        _demande.lire_garantie(propre, sous)
        garanties[poste] = propre
        limites[poste] = _limites(g, sous)
    plafond_personne = None
    if brute.get("plafond_annuel_personne") is not None:
        plafond_personne = saisie.montant(brute["plafond_annuel_personne"],
                                          f"{champ}.plafond_annuel_personne",
                                          maximum=_demande.PRIX_MAX,
                                          nom="Le plafond annuel par personne")
    responsable = saisie.booleen(brute.get("contrat_responsable", True),
                                 f"{champ}.contrat_responsable")
    return Contrat(garanties, limites, plafond_personne, responsable, precisions)


def _lire_un_acte(a: Any, i: int, personnes: dict[str, dict[str, Any]], contrat: Contrat,
                  baremes: Baremes) -> ActeLu:
    prefixe = f"actes[{i}]"
    saisie.objet(a, prefixe, '{"personne": …, "acte": …, "date": …}')
    saisie.refuser_inconnus(a, CLES_ACTE, prefixe)
    personne = a.get("personne")
    saisie.identifiant(personne, f"{prefixe}.personne", personnes, "Personne inconnue")
    if not saisie.present(a, "date"):
        raise ErreurSaisie(f"{prefixe}.date", "La date de l'acte est obligatoire.")
    simple = {k: v for k, v in a.items() if k not in ("personne", "professionnel")}
    simple["situation"] = personnes[personne]
    simple["contrat_responsable"] = contrat.responsable
    acte_id = a.get("acte")
    acte = baremes.catalogue.actes.get(acte_id) if isinstance(acte_id, str) else None
    if acte is not None and not personnes[personne].get("css"):
        garantie = tableau.garantie_de(acte, tableau.secteur_brut(a.get("secteur")),
                                       contrat.garanties, contrat.precisions,
                                       tableau.lignes(baremes.catalogue))
        if garantie:
            simple["garantie"] = garantie
    try:
        d = _demande.lire(simple, baremes)
    except ErreurSaisie as exc:
        raise exc.sous(prefixe) from None
    professionnel = a.get("professionnel")
    if professionnel in (None, ""):
        professionnel = f"{acte_id}#{i}"
    elif isinstance(professionnel, bool) or not isinstance(professionnel, (str, int)) or \
            len(str(professionnel)) > IDENTIFIANT_MAX:
        raise ErreurSaisie(f"{prefixe}.professionnel", f"Le professionnel se désigne par un "
                           f"texte de {IDENTIFIANT_MAX} caractères au plus (nom ou initiales).")
    return ActeLu(d.date, i, personne, str(professionnel), d)


def lire_actes(brute: Any, personnes: dict[str, dict[str, Any]], contrat: Contrat,
               du: dt.date, au: dt.date, baremes: Baremes) -> list[ActeLu]:
    """Les actes contrôlés, dans l'ordre du calcul (date, puis ordre de saisie)."""
    if brute is None:
        raise ErreurSaisie("actes", "La liste des actes est obligatoire.")
    saisie.liste(brute, "actes", ACTES_MAX, "La liste des actes",
                 '[{"personne": "moi", "acte": "consultation_generaliste", …}]')
    lus = []
    for i, a in enumerate(brute):
        lu = _lire_un_acte(a, i, personnes, contrat, baremes)
        if not du <= lu.date <= au:
            raise ErreurSaisie(f"actes[{i}].date", f"L'acte du {lu.date.isoformat()} est hors de "
                               "la période simulée.")
        lus.append(lu)
    lus.sort(key=lambda x: (x.date, x.index))
    return lus


def _somme() -> defaultdict[Any, Decimal]:
    return defaultdict(lambda: ZERO)


@dataclass
class Compteurs:
    """Ce que chaque personne a déjà consommé de chaque plafond."""

    pf_an: defaultdict[tuple[str, int], Decimal] = field(default_factory=_somme)
    pf_jour: defaultdict[tuple[str, dt.date, str], int] = field(
        default_factory=lambda: defaultdict(int))
    franchise_an: defaultdict[tuple[str, int], Decimal] = field(default_factory=_somme)
    franchise_jour: defaultdict[tuple[str, dt.date, str], Decimal] = field(default_factory=_somme)
    amc_poste: defaultdict[tuple[str, int, str], Decimal] = field(default_factory=_somme)
    nombre_poste: defaultdict[tuple[str, int, str], int] = field(
        default_factory=lambda: defaultdict(int))
    amc_personne: defaultdict[tuple[str, int], Decimal] = field(default_factory=_somme)
    dernier_couvert: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    optique: defaultdict[tuple[str, dt.date], Decimal] = field(default_factory=_somme)
    unites_amo: defaultdict[tuple[str, int, str], int] = field(
        default_factory=lambda: defaultdict(int))

    def noter(self, lu: ActeLu, r: Resultat) -> None:
        annee, personne, d = lu.date.year, lu.personne, lu.demande
        self.pf_an[personne, annee] += r.participation_forfaitaire
        self.pf_jour[personne, lu.date, lu.professionnel] += r.pf_nombre
        self.franchise_an[personne, annee] += r.franchise
        if d.acte.franchise:
            self.franchise_jour[personne, lu.date, d.acte.franchise] += r.franchise
        self.amc_poste[personne, annee, d.acte.poste] += r.amc
        self.amc_personne[personne, annee] += r.amc
        self.nombre_poste[personne, annee, d.acte.poste] += d.quantite
        if r.amc > 0:
            self.dernier_couvert[personne, d.acte.poste] = lu.date
            if optique.lunettes(d.acte):
                self.dernier_couvert[personne, LUNETTES] = lu.date
        if d.acte.categorie_verre or optique.lunettes(d.acte):
            self.optique[personne, lu.date] += r.amo_brut + r.amc
        if d.acte.nombre_par_an:
            self.unites_amo[personne, annee, d.acte.id] += d.quantite


def _plafonds_legaux(c: Compteurs, lu: ActeLu, baremes: Baremes) -> Plafonds:
    """Ce qui reste des plafonds de la participation forfaitaire et des franchises."""
    jour, annee, personne, acte = lu.date, lu.date.year, lu.personne, lu.demande.acte

    def valeur(nom: str) -> Decimal:
        return baremes.valeur(nom, jour).valeur

    p = Plafonds(
        pf_annuel=max(valeur("participation_forfaitaire_plafond_annuel") -
                      c.pf_an[personne, annee], ZERO),
        pf_nombre_jour=max(int(valeur("participation_forfaitaire_max_par_jour")) -
                           c.pf_jour[personne, jour, lu.professionnel], 0),
        franchise_annuel=max(valeur("franchise_plafond_annuel") -
                             c.franchise_an[personne, annee], ZERO),
    )
    if acte.franchise in PLAFONDS_JOUR_FRANCHISE:
        p.franchise_jour = max(valeur(PLAFONDS_JOUR_FRANCHISE[acte.franchise]) -
                               c.franchise_jour[personne, jour, acte.franchise], ZERO)
    if acte.nombre_par_an:
        p.unites_amo = max(int(valeur(acte.nombre_par_an)) -
                           c.unites_amo[personne, annee, acte.id], 0)
    return p


def _renouvellement(c: Compteurs, lu: ActeLu, n: int, cle: str,
                    quoi: str = "") -> str | None:
    """Le motif qui refuse un équipement renouvelé trop tôt, ou None."""
    dernier = c.dernier_couvert.get((lu.personne, cle))
    if dernier is None:
        return None
    try:
        prochain = dernier.replace(year=dernier.year + n)
    except ValueError:  # 29 février
        prochain = dernier.replace(year=dernier.year + n, day=28)
    if dernier < lu.date < prochain:  # le même jour : le même équipement
        return (f"Renouvellement{quoi} : un équipement tous les {n} an(s) ; le précédent date du "
                f"{date_fr(dernier)}, prochain le {date_fr(prochain)}.")
    return None


def _renouvellements(c: Compteurs, lu: ActeLu, contrat: Contrat, lim: dict[str, Any],
                     baremes: Baremes) -> str | None:
    """Le renouvellement du contrat (par poste), puis celui d'un contrat responsable (lunettes)."""
    motif = _renouvellement(c, lu, lim["renouvellement_ans"], lu.demande.acte.poste) \
        if "renouvellement_ans" in lim else None
    if motif is None and contrat.responsable and optique.lunettes(lu.demande.acte):
        motif = _renouvellement(c, lu, optique.renouvellement_legal(lu.demande, baremes),
                                LUNETTES, " (contrat responsable, sauf évolution de la vue)")
    return motif


def _limites_du_contrat(c: Compteurs, lu: ActeLu, contrat: Contrat, p: Plafonds,
                        baremes: Baremes) -> int | None:
    """Pose sur `p` ce qui reste des limites du contrat ; renvoie le nombre d'unités encore
    couvertes (None : pas de limite en nombre)."""
    annee, personne, d = lu.date.year, lu.personne, lu.demande
    lim = contrat.limites.get(d.acte.poste, {})
    bornes: list[tuple[Decimal, str]] = []
    if "plafond_annuel" in lim:
        reste = max(lim["plafond_annuel"] - c.amc_poste[personne, annee, d.acte.poste], ZERO)
        bornes.append((reste, f"Plafond annuel de la garantie ({euros(lim['plafond_annuel'])} "
                              f"par an) : reste {euros(reste)}."))
    if contrat.plafond_personne is not None:
        reste = max(contrat.plafond_personne - c.amc_personne[personne, annee], ZERO)
        bornes.append((reste, f"Plafond annuel du contrat par personne "
                              f"({euros(contrat.plafond_personne)}) : reste {euros(reste)}."))
    unites = None
    motif = _renouvellements(c, lu, contrat, lim, baremes)
    if motif:
        unites = 0
        bornes.append((ZERO, motif))
    motifs_nombre = []
    if "nombre_par_an" in lim:
        reste_n = max(lim["nombre_par_an"] - c.nombre_poste[personne, annee, d.acte.poste], 0)
        unites = reste_n if unites is None else min(unites, reste_n)
        if reste_n < d.quantite:
            motifs_nombre.append(f"Au plus {lim['nombre_par_an']} par an pour ce poste : "
                                 f"{reste_n} encore couvert(s) sur {d.quantite}.")
    if bornes:
        p.amc, p.amc_motif = min(bornes, key=lambda b: b[0])
    if motifs_nombre:
        p.amc_motif = " ".join(filter(None, [p.amc_motif] + motifs_nombre))
    return unites


def _calculer_acte(c: Compteurs, lu: ActeLu, contrat: Contrat, baremes: Baremes,
                   verres: dict[optique.Cle, tuple[str, str]]) -> Resultat:
    d = lu.demande
    p = _plafonds_legaux(c, lu, baremes)
    if d.situation.css:  # la Complémentaire santé solidaire remplace le contrat : ses limites ne
        return calculer(d, baremes, p)  # jouent pas
    cle = (lu.personne, lu.date)
    equipement = optique.plafond_du_jour(d, cle, verres, c.optique[cle], baremes) \
        if contrat.responsable else None
    if equipement is not None:
        p.optique_reste, p.optique_motif = equipement
    unites = _limites_du_contrat(c, lu, contrat, p, baremes)
    if unites is not None and unites < d.quantite:
        # Part couverte : ce que la garantie paierait pour les seules unités encore couvertes.
        couvert = calculer(d._replace(quantite=unites), baremes).amc if unites else ZERO
        p.amc = couvert if p.amc is None else min(p.amc, couvert)
    return calculer(d, baremes, p)


def _totaux(t: dict[str, Decimal]) -> dict[str, str]:
    return {cle: en_texte(t[cle]) for cle in TOTAUX}


def simuler_annee(brute: Any, baremes: Baremes) -> dict[str, Any]:
    """Une année (ou une période) de soins pour un foyer ; JSON en entrée et en sortie."""
    if not isinstance(brute, dict):
        raise ErreurSaisie("demande", "La demande doit être un objet JSON.")
    saisie.refuser_inconnus(brute, CLES)
    du, au = _periode(brute)
    personnes = lire_personnes(brute.get("personnes"))
    contrat = lire_contrat(brute.get("contrat"), baremes)
    lus = lire_actes(brute.get("actes"), personnes, contrat, du, au, baremes)
    c = Compteurs()
    verres = optique.equipements(lus)
    sorties, evenements = [], []
    totaux: defaultdict[str, Decimal] = _somme()
    par_personne: dict[str, defaultdict[str, Decimal]] = {p: _somme() for p in personnes}
    par_poste: dict[str, dict[str, Decimal]] = {}
    for lu in lus:
        try:
            r = _calculer_acte(c, lu, contrat, baremes, verres)
        except ErreurSaisie as exc:
            raise exc.sous(f"actes[{lu.index}]") from None
        c.noter(lu, r)
        sortie = r.en_dict()
        sortie.update(index=lu.index, personne=lu.personne, professionnel=lu.professionnel)
        sorties.append(sortie)
        evenements += [{"date": lu.date.isoformat(), "personne": lu.personne,
                        "index": lu.index, "message": m} for m in r.plafonds_atteints]
        poste = par_poste.setdefault(lu.demande.acte.poste, _somme())
        for cle in TOTAUX:
            valeur = getattr(r, cle)
            totaux[cle] += valeur
            par_personne[lu.personne][cle] += valeur
            poste[cle] += valeur
    postes = baremes.catalogue.postes
    return {
        "du": du.isoformat(),
        "au": au.isoformat(),
        "actes": sorties,
        "totaux": _totaux(totaux),
        "par_personne": {p: _totaux(t) for p, t in par_personne.items()},
        "par_poste": {p: {**_totaux(t), "libelle": postes[p].libelle} for p, t in par_poste.items()},
        "plafonds_atteints": evenements,
    }
