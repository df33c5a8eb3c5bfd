"""Ligne de commande : `python -m remb_core simuler …`, `annee`, `actes`, `baremes …`."""

import argparse
import json
import sys

from . import actes as _actes_publics
from . import simuler, simuler_annee
from .erreurs import ErreurBareme, ErreurSaisie
from .rendu import texte


def _garantie(valeur: str | None, en_plus: bool) -> dict | None:
    """« 150 » → 150 % BR ; « forfait:40 », « pmss:5 », « frais_reels », « tm », « aucune »."""
    if valeur is None:
        return None
    v = valeur.strip().lower()
    if v in ("aucune", "frais_reels"):
        return {"forme": v}
    if v in ("tm", "ticket_moderateur"):
        return {"forme": "ticket_moderateur"}
    if v.startswith("forfait:"):
        return {"forme": "forfait", "montant": v.split(":", 1)[1]}
    if v.startswith("pmss:"):
        return {"forme": "pourcentage_pmss", "taux": v.split(":", 1)[1]}
    return {"forme": "pourcentage_br", "taux": v.rstrip("%").strip(), "secu_incluse": not en_plus}


def _demande(args) -> dict:
    demande = {"acte": args.acte}
    for cle in ("prix", "date", "secteur", "base_remboursement", "taux_amo",
                "participation_forfaitaire", "exception_parcours"):
        if getattr(args, cle) is not None:
            demande[cle] = getattr(args, cle)
    if args.quantite != 1:
        demande["quantite"] = args.quantite
    if args.hors_parcours:
        demande["parcours_coordonne"] = False
    situation = {}
    if args.age is not None:
        situation["age"] = args.age
    for cle in ("ald", "maternite", "at_mp", "css"):
        if getattr(args, cle):
            situation[cle] = True
    if situation:
        demande["situation"] = situation
    garantie = _garantie(args.garantie, args.en_plus)
    if garantie:
        if args.plafond:
            garantie["plafond"] = args.plafond
        demande["garantie"] = garantie
    if args.non_responsable:
        demande["contrat_responsable"] = False
    if args.acte_lourd:
        demande["acte_lourd"] = True
    return demande


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m remb_core",
                                description="Remboursements santé : qui paie quoi.")
    sous = p.add_subparsers(dest="commande", required=True)

    s = sous.add_parser("simuler", help="le remboursement d'un acte")
    s.add_argument("acte", help="identifiant de l'acte (voir « actes »)")
    s.add_argument("--prix", help="prix facturé en euros (60 ou 60,50)")
    s.add_argument("--quantite", type=int, default=1)
    s.add_argument("--date", help="AAAA-MM-JJ (défaut : aujourd'hui)")
    s.add_argument("--secteur", help="1, 2_optam, 2_non_optam ou 3")
    s.add_argument("--base", dest="base_remboursement", help="base de remboursement lue sur la "
                   "feuille de soins")
    s.add_argument("--taux", dest="taux_amo", help="taux de l'Assurance Maladie en %%")
    s.add_argument("--hors-parcours", action="store_true")
    s.add_argument("--exception", dest="exception_parcours",
                   help="acces_direct, urgence, eloignement ou remplacant")
    s.add_argument("--age", type=int)
    for drapeau in ("ald", "maternite", "at_mp", "css"):
        s.add_argument(f"--{drapeau.replace('_', '-')}", dest=drapeau, action="store_true")
    s.add_argument("--garantie", help="150 (%% BR Sécu incluse), forfait:40, pmss:5, "
                   "frais_reels, tm, aucune")
    s.add_argument("--en-plus", action="store_true", help="le %% BR s'ajoute à la Sécu")
    s.add_argument("--plafond", help="plafond de la garantie par acte, en euros")
    s.add_argument("--non-responsable", action="store_true")
    s.add_argument("--acte-lourd", action="store_true")
    s.add_argument("--pf", dest="participation_forfaitaire",
                   help="montant de participation forfaitaire à retenir (ex. 0)")
    s.add_argument("--json", action="store_true", help="sortie JSON")

    a = sous.add_parser("annee", help="une année de soins d'un foyer (fichier JSON)")
    a.add_argument("fichier", help="demande JSON (« - » pour l'entrée standard)")

    sous.add_parser("actes", help="le catalogue des actes").add_argument("--date")

    b = sous.add_parser("baremes", help="vérifier, consulter, comparer les barèmes")
    bs = b.add_subparsers(dest="action", required=True)
    v = bs.add_parser("verifier", help="contrôle complet des fichiers de barème")
    v.add_argument("--dossier", help="dossier de barèmes à vérifier (défaut : ceux du paquet)")
    h = bs.add_parser("historique", help="toutes les valeurs d'un paramètre")
    h.add_argument("parametre")
    h.add_argument("--dossier")
    d = bs.add_parser("diff", help="ce qui change entre deux dates")
    d.add_argument("date1")
    d.add_argument("date2")
    d.add_argument("--dossier")
    d.add_argument("--exemples", help="exemples chiffrés à recalculer (défaut : "
                   "site_macros/exemples_sources.toml s'il existe)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.commande == "simuler":
            resultat = simuler(_demande(args))
            print(json.dumps(resultat, ensure_ascii=False, indent=2) if args.json
                  else texte(resultat))
        elif args.commande == "annee":
            flux = sys.stdin if args.fichier == "-" else open(args.fichier, encoding="utf-8")
            with flux:
                print(json.dumps(simuler_annee(json.load(flux)), ensure_ascii=False, indent=2))
        elif args.commande == "actes":
            for a in _actes_publics(args.date):
                base = a["base_remboursement"] or {"prix": "prix facturé", "saisie": "à saisir",
                                                   "aucune": "—"}.get(a["base_mode"], "")
                taux = f"{a['taux_amo']} %" if a["taux_amo"] is not None else "non remboursé"
                print(f"{a['id']:<32} {base:>12}  {taux:>14}  {a['libelle']}")
        elif args.commande == "baremes":
            from .maintenance import commande_baremes
            return commande_baremes(args)
    except ErreurSaisie as exc:
        print(f"Erreur — {exc.champ} : {exc.message}", file=sys.stderr)
        return 2
    except ErreurBareme as exc:
        print(f"Erreur de barème — {exc}", file=sys.stderr)
        return 3
    return 0
