"""Ligne de commande : `python -m remb_core simuler …`, `annee`, `actes`, `baremes …`.

Toute erreur donne une ligne en français qui nomme le fichier ou l'argument, jamais une trace
Python (sauf avec `--debug`) : code 2 pour un usage fautif (argument, option), 1 pour des
données fautives (fichier illisible, demande refusée, barème invalide).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, NoReturn

from . import actes as _actes_publics
from . import simuler, simuler_annee
from .erreurs import ErreurBareme, ErreurSaisie
from .rendu import texte

USAGE, DONNEES = 2, 1
#: Les messages d'argparse (en anglais) → en français.
TRADUCTIONS = (
    (r"the following arguments are required: (.+)", r"argument(s) obligatoire(s) manquant(s) : \1"),
    (r"unrecognized arguments: (.+)", r"argument(s) inconnu(s) : \1"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)",
     r"argument \1 : choix inconnu \2 (choix permis : \3)"),
    (r"argument (\S+): invalid int value: (.+)", r"argument \1 : nombre entier attendu, reçu \2"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"argument (\S+): (.+)", r"argument \1 : \2"),
)
MOTS_ARGPARSE = {"usage: ": "usage : ", "positional arguments": "arguments",
                 "options": "options", "show this help message and exit": "affiche cette aide",
                 "the following arguments are required": "arguments obligatoires manquants"}


class ErreurUsage(Exception):
    """Un argument ou une option de la ligne de commande est fautif."""


class Analyseur(argparse.ArgumentParser):
    """argparse, en français, et sans sortie brutale : l'erreur remonte à `main`."""

    def error(self, message: str) -> NoReturn:
        for motif, francais in TRADUCTIONS:
            if re.fullmatch(motif, message):
                message = re.sub(motif, francais, message)
                break
        raise ErreurUsage(f"{message} (aide : {self.prog} --help)")

    def format_help(self) -> str:
        aide = super().format_help()
        for anglais, francais in MOTS_ARGPARSE.items():
            aide = aide.replace(anglais, francais)
        return aide

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "usage : ")


def _garantie(valeur: str | None, en_plus: bool) -> dict[str, Any] | None:
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


#: Options de `simuler` recopiées telles quelles dans la demande.
OPTIONS_DEMANDE = ("prix", "date", "secteur", "base_remboursement", "taux_amo",
                   "participation_forfaitaire", "exception_parcours", "quantite")
DRAPEAUX_SITUATION = ("ald", "maternite", "at_mp", "css")


def _situation(args: argparse.Namespace) -> dict[str, Any]:
    situation: dict[str, Any] = {cle: True for cle in DRAPEAUX_SITUATION if getattr(args, cle)}
    if args.age is not None:
        situation["age"] = args.age
    return situation


def _demande(args: argparse.Namespace) -> dict[str, Any]:
    demande: dict[str, Any] = {"acte": args.acte}
    demande.update({cle: getattr(args, cle) for cle in OPTIONS_DEMANDE
                    if getattr(args, cle) is not None})
    if args.hors_parcours:
        demande["parcours_coordonne"] = False
    situation = _situation(args)
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


def _parser_simuler(sous: Any) -> None:
    s = sous.add_parser("simuler", help="le remboursement d'un acte")
    s.add_argument("acte", help="identifiant de l'acte (voir « actes »)")
    s.add_argument("--prix", help="prix facturé en euros (60 ou 60,50)")
    s.add_argument("--quantite", help="nombre de boîtes, séances, jours… (défaut : 1)")
    s.add_argument("--date", help="AAAA-MM-JJ (défaut : aujourd'hui)")
    s.add_argument("--secteur", help="1, 2_optam, 2_non_optam ou 3")
    s.add_argument("--base", dest="base_remboursement", help="base de remboursement lue sur la "
                   "feuille de soins")
    s.add_argument("--taux", dest="taux_amo", help="taux de l'Assurance Maladie en %%")
    s.add_argument("--hors-parcours", action="store_true")
    s.add_argument("--exception", dest="exception_parcours",
                   help="acces_direct, urgence, eloignement ou remplacant")
    s.add_argument("--age", help="âge de la personne soignée")
    for drapeau in DRAPEAUX_SITUATION:
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


def _parser() -> Analyseur:
    p = Analyseur(prog="python -m remb_core", description="Remboursements santé : qui paie quoi.")
    p.add_argument("--debug", action="store_true", help="montre la trace Python d'une erreur")
    sous = p.add_subparsers(dest="commande", required=True, parser_class=Analyseur,
                            metavar="{simuler,annee,actes,baremes}")
    _parser_simuler(sous)
    a = sous.add_parser("annee", help="une année de soins d'un foyer (fichier JSON)")
    a.add_argument("fichier", help="demande JSON (« - » pour l'entrée standard)")
    sous.add_parser("actes", help="le catalogue des actes").add_argument("--date")
    b = sous.add_parser("baremes", help="vérifier, consulter, comparer les barèmes")
    bs = b.add_subparsers(dest="action", required=True, parser_class=Analyseur,
                          metavar="{verifier,historique,diff}")
    v = bs.add_parser("verifier", help="contrôle complet des fichiers de barème")
    v.add_argument("--dossier", help="dossier de barèmes à vérifier (défaut : ceux du paquet)")
    h = bs.add_parser("historique", help="toutes les valeurs d'un paramètre")
    h.add_argument("parametre")
    h.add_argument("--dossier")
    d = bs.add_parser("diff", help="ce qui change entre deux dates")
    d.add_argument("date1")
    d.add_argument("date2")
    d.add_argument("--dossier")
    d.add_argument("--exemples", help="exemples chiffrés à recalculer (défaut : celui que nomme "
                   "[tool.remb_core.maintenance] du pyproject.toml du dossier courant)")
    d.add_argument("--docs", help="dossier des pages qui citent les paramètres")
    return p


class ErreurFichier(Exception):
    """Un fichier de données ne se lit pas (absent, dossier, pas en UTF-8, JSON invalide…)."""


def lire_json(chemin: str) -> Any:
    """Le JSON d'un fichier (« - » : l'entrée standard) ; ErreurFichier en français sinon."""
    quoi = "l'entrée standard" if chemin == "-" else f"le fichier « {chemin} »"
    try:
        if chemin == "-":
            brut = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else \
                sys.stdin.read().encode("utf-8")
        else:
            with open(chemin, "rb") as flux:
                brut = flux.read()
    except FileNotFoundError:
        raise ErreurFichier(f"{quoi} n'existe pas") from None
    except IsADirectoryError:
        raise ErreurFichier(f"« {chemin} » est un dossier, pas un fichier JSON") from None
    except OSError as exc:
        raise ErreurFichier(f"{quoi} ne se lit pas ({exc.strerror or exc})") from None
    try:
        texte = brut.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ErreurFichier(f"{quoi} n'est pas écrit en UTF-8") from None
    if not texte.strip():
        raise ErreurFichier(f"{quoi} est vide")
    try:
        return json.loads(texte)
    except json.JSONDecodeError as exc:
        raise ErreurFichier(f"{quoi} n'est pas un JSON valide (ligne {exc.lineno}, "
                            f"colonne {exc.colno})") from None
    except RecursionError:
        raise ErreurFichier(f"{quoi} est imbriqué trop profondément") from None


def _executer(args: argparse.Namespace) -> int:
    if args.commande == "simuler":
        try:
            resultat = simuler(_demande(args))
        except ErreurSaisie as exc:
            raise ErreurUsage(f"--{exc.champ.split('.')[0].replace('_', '-')} ({exc.champ}) : "
                              f"{exc.message}") from None
        print(json.dumps(resultat, ensure_ascii=False, indent=2) if args.json
              else texte(resultat))
    elif args.commande == "annee":
        try:
            resultat = simuler_annee(lire_json(args.fichier))
        except ErreurSaisie as exc:
            raise ErreurFichier(f"« {args.fichier} », champ {exc.champ} : {exc.message}") \
                from None
        print(json.dumps(resultat, ensure_ascii=False, indent=2))
    elif args.commande == "actes":
        try:
            liste = _actes_publics(args.date)
        except ErreurSaisie as exc:
            raise ErreurUsage(f"--date : {exc.message}") from None
        for a in liste:
            base = a["base_remboursement"] or {"prix": "prix facturé", "saisie": "à saisir",
                                               "aucune": "—"}.get(a["base_mode"], "")
            taux = f"{a['taux_amo']} %" if a["taux_amo"] is not None else "non remboursé"
            print(f"{a['id']:<32} {base:>12}  {taux:>14}  {a['libelle']}")
    else:
        from .maintenance import commande_baremes
        return commande_baremes(args)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in argv
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exc:  # --help : argparse a déjà écrit l'aide
            return int(exc.code or 0)
        return _executer(args)
    except ErreurUsage as exc:
        print(f"Erreur — {exc}", file=sys.stderr)
        if debug:
            raise
        return USAGE
    except (ErreurFichier, ErreurSaisie, ErreurBareme) as exc:
        prefixe = "Erreur de barème" if isinstance(exc, ErreurBareme) else "Erreur"
        print(f"{prefixe} — {exc}", file=sys.stderr)
        if debug:
            raise
        return DONNEES
