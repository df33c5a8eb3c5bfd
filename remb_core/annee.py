"""Une année de soins pour un foyer : plafonds annuels et journaliers, limites des garanties.

Les actes sont traités dans l'ordre des dates (à date égale, dans l'ordre de la saisie), ce qui
rend le résultat déterministe et explicable : ce qu'un acte consomme d'un plafond n'est plus
disponible pour le suivant. Chaque acte est calculé par le moteur d'un acte (`simulation`), à qui
l'on passe ce qui reste sous chaque plafond.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from . import baremes as _baremes
from . import demande as _demande
from .actes import catalogue
from .erreurs import ErreurSaisie
from .explication import date_fr
from .monnaie import ZERO, en_texte, format_euros
from .simulation import PLAFONDS_JOUR_FRANCHISE, Plafonds, calculer

CLES = {"annee", "du", "au", "personnes", "contrat", "actes"}
CLES_PERSONNE = {"id", "situation"}
CLES_CONTRAT = {"garanties", "contrat_responsable", "plafond_annuel_personne"}
LIMITES = {"plafond_annuel", "nombre_par_an", "renouvellement_ans"}
CLES_ACTE = {"personne", "acte", "date", "professionnel", "prix", "quantite", "secteur",
             "parcours_coordonne", "exception_parcours", "base_remboursement", "taux_amo",
             "participation_forfaitaire", "acte_lourd"}
ACTES_MAX = 1_000_000
TOTAUX = ("depense", "amo", "amc", "reste_a_charge", "participation_forfaitaire", "franchise")


def _champ(prefixe: str, exc: ErreurSaisie) -> ErreurSaisie:
    return ErreurSaisie(f"{prefixe}.{exc.champ}", exc.message)


def _periode(brute: dict) -> tuple[dt.date, dt.date]:
    if brute.get("annee") is not None:
        if brute.get("du") or brute.get("au"):
            raise ErreurSaisie("annee", "Donnez soit une année, soit une période (du, au), pas "
                               "les deux.")
        annee = _demande.entier(brute["annee"], "annee", _baremes.DEBUT.year, 2100, "L'année")
        return dt.date(annee, 1, 1), dt.date(annee, 12, 31)
    if not brute.get("du") or not brute.get("au"):
        raise ErreurSaisie("annee", "Indiquez l'année (par exemple 2026) ou la période "
                           "(du, au).")
    du, au = _demande.date_iso(brute["du"], "du"), _demande.date_iso(brute["au"], "au")
    if au < du:
        raise ErreurSaisie("au", "La fin de la période précède son début.")
    return du, au


def _personnes(brute) -> dict:
    if not isinstance(brute, list) or not brute:
        raise ErreurSaisie("personnes", "Indiquez au moins une personne : "
                           "[{\"id\": \"moi\", \"situation\": {\"age\": 40}}].")
    personnes = {}
    for i, p in enumerate(brute):
        champ = f"personnes[{i}]"
        if not isinstance(p, dict) or not p.get("id") or not isinstance(p["id"], str):
            raise ErreurSaisie(f"{champ}.id", "Chaque personne a un identifiant (texte).")
        _demande.refuser_inconnus(p, CLES_PERSONNE, champ)
        if p["id"] in personnes:
            raise ErreurSaisie(f"{champ}.id", f"L'identifiant « {p['id']} » est déjà pris.")
        _demande.lire_situation(p.get("situation"), f"{champ}.situation")
        personnes[p["id"]] = p.get("situation") or {}
    return personnes


def _contrat(brute) -> dict:
    if brute is None:
        brute = {}
    if not isinstance(brute, dict):
        raise ErreurSaisie("contrat", "Le contrat s'écrit {\"garanties\": {poste: garantie}}.")
    _demande.refuser_inconnus(brute, CLES_CONTRAT, "contrat")
    postes = catalogue().postes
    garanties, limites = {}, {}
    for poste, g in (brute.get("garanties") or {}).items():
        champ = f"contrat.garanties.{poste}"
        if poste not in postes:
            raise ErreurSaisie(champ, f"Poste inconnu « {poste} » (postes : "
                               + ", ".join(postes) + ").")
        if not isinstance(g, dict):
            raise ErreurSaisie(champ, "Une garantie s'écrit {\"forme\": …}.")
        propre = {k: v for k, v in g.items() if k not in LIMITES}
        _demande.lire_garantie(propre, champ)
        garanties[poste] = propre
        lim = {}
        if g.get("plafond_annuel") is not None:
            lim["plafond_annuel"] = _demande.montant(g["plafond_annuel"], f"{champ}.plafond_annuel",
                                                     nom="Le plafond annuel")
        if g.get("nombre_par_an") is not None:
            lim["nombre_par_an"] = _demande.entier(g["nombre_par_an"], f"{champ}.nombre_par_an",
                                                   0, 1000, "Le nombre d'actes par an")
        if g.get("renouvellement_ans") is not None:
            lim["renouvellement_ans"] = _demande.entier(
                g["renouvellement_ans"], f"{champ}.renouvellement_ans", 1, 10,
                "La période de renouvellement")
        limites[poste] = lim
    plafond_personne = None
    if brute.get("plafond_annuel_personne") is not None:
        plafond_personne = _demande.montant(brute["plafond_annuel_personne"],
                                            "contrat.plafond_annuel_personne",
                                            nom="Le plafond annuel par personne")
    responsable = _demande.booleen(brute.get("contrat_responsable", True),
                                   "contrat.contrat_responsable")
    return {"garanties": garanties, "limites": limites, "plafond_personne": plafond_personne,
            "responsable": responsable}


def _lire_actes(brute, personnes, contrat, du, au) -> list:
    if not isinstance(brute, list):
        raise ErreurSaisie("actes", "La liste des actes est obligatoire.")
    if len(brute) > ACTES_MAX:
        raise ErreurSaisie("actes", f"Au plus {ACTES_MAX} actes.")
    lus = []
    for i, a in enumerate(brute):
        prefixe = f"actes[{i}]"
        if not isinstance(a, dict):
            raise ErreurSaisie(prefixe, "Chaque acte s'écrit {\"personne\": …, \"acte\": …}.")
        _demande.refuser_inconnus(a, CLES_ACTE, prefixe)
        personne = a.get("personne")
        if personne not in personnes:
            raise ErreurSaisie(f"{prefixe}.personne", f"Personne inconnue « {personne} ».")
        if not a.get("date"):
            raise ErreurSaisie(f"{prefixe}.date", "La date de l'acte est obligatoire.")
        simple = {k: v for k, v in a.items() if k not in ("personne", "professionnel")}
        simple["situation"] = personnes[personne]
        simple["contrat_responsable"] = contrat["responsable"]
        acte_id = a.get("acte")
        cat = catalogue()
        if acte_id in cat.actes and not personnes[personne].get("css"):
            garantie = contrat["garanties"].get(cat.actes[acte_id].poste)
            if garantie:
                simple["garantie"] = garantie
        try:
            demande = _demande.lire(simple)
        except ErreurSaisie as exc:
            raise _champ(prefixe, exc) from None
        if not du <= demande.date <= au:
            raise ErreurSaisie(f"{prefixe}.date", f"L'acte du {demande.date.isoformat()} est "
                               "hors de la période simulée.")
        professionnel = a.get("professionnel") or f"{acte_id}#{i}"
        lus.append((demande.date, i, personne, str(professionnel), demande))
    lus.sort(key=lambda x: (x[0], x[1]))
    return lus


class _Compteurs:
    """Ce que chaque personne a déjà consommé de chaque plafond."""

    def __init__(self):
        self.pf_an = defaultdict(lambda: ZERO)            # (personne, année)
        self.pf_jour = defaultdict(int)                   # (personne, date, professionnel)
        self.franchise_an = defaultdict(lambda: ZERO)     # (personne, année)
        self.franchise_jour = defaultdict(lambda: ZERO)   # (personne, date, nature)
        self.amc_poste = defaultdict(lambda: ZERO)        # (personne, année, poste)
        self.nombre_poste = defaultdict(int)              # (personne, année, poste)
        self.amc_personne = defaultdict(lambda: ZERO)     # (personne, année)
        self.dernier_couvert = {}                         # (personne, poste) -> date


def _plafonds(c: _Compteurs, contrat, personne, professionnel, d,
              css: bool = False) -> tuple[Plafonds, int | None]:
    """Ce qui reste sous chaque plafond pour cet acte ; et le nombre d'unités encore couvertes."""
    baremes = _baremes.actifs()
    jour, annee, acte = d.date, d.date.year, d.acte

    def valeur(nom):
        return baremes.valeur(nom, jour).valeur

    p = Plafonds(
        pf_annuel=max(valeur("participation_forfaitaire_plafond_annuel") -
                      c.pf_an[personne, annee], ZERO),
        pf_nombre_jour=max(int(valeur("participation_forfaitaire_max_par_jour")) -
                           c.pf_jour[personne, jour, professionnel], 0),
        franchise_annuel=max(valeur("franchise_plafond_annuel") -
                             c.franchise_an[personne, annee], ZERO),
    )
    if acte.franchise in PLAFONDS_JOUR_FRANCHISE:
        p.franchise_jour = max(valeur(PLAFONDS_JOUR_FRANCHISE[acte.franchise]) -
                               c.franchise_jour[personne, jour, acte.franchise], ZERO)
    if css:  # la Complémentaire santé solidaire remplace le contrat : ses limites ne jouent pas
        return p, None
    lim = contrat["limites"].get(acte.poste, {})
    bornes = []
    if "plafond_annuel" in lim:
        reste = max(lim["plafond_annuel"] - c.amc_poste[personne, annee, acte.poste], ZERO)
        bornes.append((reste, f"Plafond annuel de la garantie ({format_euros(lim['plafond_annuel'])}"
                              f" par an) : reste {format_euros(reste)}."))
    if contrat["plafond_personne"] is not None:
        reste = max(contrat["plafond_personne"] - c.amc_personne[personne, annee], ZERO)
        bornes.append((reste, f"Plafond annuel du contrat par personne "
                              f"({format_euros(contrat['plafond_personne'])}) : reste "
                              f"{format_euros(reste)}."))
    unites = None
    if "renouvellement_ans" in lim:
        dernier = c.dernier_couvert.get((personne, acte.poste))
        n = lim["renouvellement_ans"]
        if dernier is not None:
            try:
                prochain = dernier.replace(year=dernier.year + n)
            except ValueError:  # 29 février
                prochain = dernier.replace(year=dernier.year + n, day=28)
            if dernier < jour < prochain:  # le même jour : le même équipement
                unites = 0
                bornes.append((ZERO, f"Renouvellement : un équipement tous les {n} ans ; le "
                                     f"précédent date du {date_fr(dernier)}, prochain le "
                                     f"{date_fr(prochain)}."))
    if "nombre_par_an" in lim:
        reste_n = max(lim["nombre_par_an"] - c.nombre_poste[personne, annee, acte.poste], 0)
        unites = reste_n if unites is None else min(unites, reste_n)
        if reste_n < d.quantite:
            bornes.append((None, f"Au plus {lim['nombre_par_an']} par an pour ce poste : "
                                 f"{reste_n} encore couvert(s) sur {d.quantite}."))
    connues = [b for b in bornes if b[0] is not None]
    if connues:
        reste, motif = min(connues, key=lambda b: b[0])
        p.amc, p.amc_motif = reste, motif
    motifs_nombre = [b[1] for b in bornes if b[0] is None]
    if motifs_nombre:
        p.amc_motif = " ".join(filter(None, [p.amc_motif] + motifs_nombre))
    return p, unites


def simuler_annee(brute: dict) -> dict:
    """Une année (ou une période) de soins pour un foyer ; JSON en entrée et en sortie."""
    if not isinstance(brute, dict):
        raise ErreurSaisie("demande", "La demande doit être un objet JSON.")
    _demande.refuser_inconnus(brute, CLES)
    du, au = _periode(brute)
    personnes = _personnes(brute.get("personnes"))
    contrat = _contrat(brute.get("contrat"))
    lus = _lire_actes(brute.get("actes"), personnes, contrat, du, au)

    c = _Compteurs()
    sorties, evenements = [], []
    totaux = defaultdict(lambda: ZERO)
    par_personne = {p: defaultdict(lambda: ZERO) for p in personnes}
    par_poste = {}
    for jour, index, personne, professionnel, d in lus:
        plafonds, unites = _plafonds(c, contrat, personne, professionnel, d,
                                     d.situation.css)
        try:
            if unites is not None and unites < d.quantite:
                # Part couverte : ce que la garantie paierait pour les seules unités encore couvertes.
                couvert = calculer(replace(d, quantite=unites), Plafonds()).amc if unites else ZERO
                plafonds.amc = couvert if plafonds.amc is None else min(plafonds.amc, couvert)
            r = calculer(d, plafonds)
        except ErreurSaisie as exc:
            raise _champ(f"actes[{index}]", exc) from None
        annee = jour.year
        c.pf_an[personne, annee] += r.participation_forfaitaire
        c.pf_jour[personne, jour, professionnel] += r.pf_nombre
        c.franchise_an[personne, annee] += r.franchise
        if d.acte.franchise:
            c.franchise_jour[personne, jour, d.acte.franchise] += r.franchise
        c.amc_poste[personne, annee, d.acte.poste] += r.amc
        c.amc_personne[personne, annee] += r.amc
        c.nombre_poste[personne, annee, d.acte.poste] += d.quantite
        if r.amc > 0:
            c.dernier_couvert[personne, d.acte.poste] = jour
        sortie = r.en_dict()
        sortie["index"] = index
        sortie["personne"] = personne
        sortie["professionnel"] = professionnel
        sorties.append(sortie)
        for message in r.plafonds_atteints:
            evenements.append({"date": jour.isoformat(), "personne": personne,
                               "index": index, "message": message})
        montants = {"depense": r.depense, "amo": r.amo, "amc": r.amc,
                    "reste_a_charge": r.reste_a_charge,
                    "participation_forfaitaire": r.participation_forfaitaire,
                    "franchise": r.franchise}
        poste = par_poste.setdefault(d.acte.poste, defaultdict(lambda: ZERO))
        for cle, valeur in montants.items():
            totaux[cle] += valeur
            par_personne[personne][cle] += valeur
            poste[cle] += valeur

    def texte(t) -> dict:
        return {cle: en_texte(t[cle]) for cle in TOTAUX}

    postes = catalogue().postes
    return {
        "du": du.isoformat(),
        "au": au.isoformat(),
        "actes": sorties,
        "totaux": texte(totaux),
        "par_personne": {p: texte(t) for p, t in par_personne.items()},
        "par_poste": {p: {**texte(t), "libelle": postes[p].libelle} for p, t in par_poste.items()},
        "plafonds_atteints": evenements,
    }
