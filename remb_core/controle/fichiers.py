"""1. Chaque fichier et chaque paramètre : syntaxe TOML, clés, dates, sources, valeurs, unités.

Un paramètre fautif est écarté (et nommé) ; les autres sont lus, si bien qu'une erreur n'en cache
pas une autre.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from decimal import Decimal
from typing import Any

from ..baremes import UNITES, Parametre, Valeur, ligne_de
from ..erreurs import Constat
from ..monnaie import decimal_de
from .bilan import Bilan, Faute

CLES_PARAMETRE = {"libelle", "description", "unite", "verifie_le", "valeurs", "note"}
CLES_OBLIGATOIRES = {"libelle", "unite", "valeurs"}
CLES_VALEUR = {"depuis", "valeur", "source", "url", "note", "confiance"}
CONFIANCES = {"haute", "moyenne", "basse"}
#: Messages du lecteur TOML de Python (en anglais) → explication pour le mainteneur.
AIDES_TOML = (
    ("Invalid date or datetime", "une date n'existe pas ou est mal écrite (AAAA-MM-JJ)"),
    ("Unclosed inline table", "une ligne { … } est mal écrite : accolade non refermée, virgule "
     "manquante entre deux clés, ou texte sans guillemets"),
    ("Unclosed array", "la liste « valeurs = [ … ] » n'est pas refermée par « ] », ou une "
     "virgule manque en fin de ligne"),
    ("Cannot declare", "un paramètre [nom] est écrit deux fois dans le fichier"),
    ("Cannot overwrite", "une clé est écrite deux fois"),
    ("Expected '=' after a key", "il manque « = » entre une clé et sa valeur"),
    ("Invalid value", "une valeur est mal écrite : un texte doit être entre guillemets \"…\""),
    ("Unterminated string", "un guillemet \" n'est pas refermé"),
    ("Illegal character", "un caractère inattendu (guillemet typographique, tabulation…)"),
    ("Invalid initial character for a key", "une ligne ne commence pas par un nom de clé"),
    ("Expected newline or end of document", "deux choses sur la même ligne : il manque un "
     "retour à la ligne ou une virgule"),
)



def _valeur(texte: str, nom: str, unite: str, brute: Any, rang: int) -> Valeur:
    if not isinstance(brute, dict):
        raise Faute(f"la valeur n° {rang} doit s'écrire {{ depuis = …, valeur = …, source = … }}")
    brute_depuis = brute.get("depuis")
    depuis = brute_depuis if isinstance(brute_depuis, dt.date) and not isinstance(
        brute_depuis, dt.datetime) else None
    inconnues = sorted(set(brute) - CLES_VALEUR)
    if inconnues:
        raise Faute(f"clé inconnue « {inconnues[0]} » dans la valeur n° {rang} (clés permises : "
                    f"{', '.join(sorted(CLES_VALEUR))})", depuis)
    if depuis is None:
        raise Faute(f"la valeur n° {rang} doit avoir une date d'effet « depuis » écrite AAAA-MM-JJ "
                    f"sans guillemets (trouvé : {brute_depuis!r})", depuis)
    source = brute.get("source")
    if not isinstance(source, str) or not source.strip():
        raise Faute(f"la valeur du {depuis.isoformat()} n'a pas de source (texte officiel ou page "
                    "ameli)", depuis)
    if "valeur" not in brute:
        raise Faute(f"la valeur du {depuis.isoformat()} n'a pas de « valeur »", depuis)
    return Valeur(depuis, _nombre(brute["valeur"], depuis, unite), source.strip(),
                  *_annexes(brute, depuis))


def _nombre(valeur: Any, depuis: dt.date, unite: str) -> Decimal:
    if isinstance(valeur, float):
        raise Faute(f"la valeur du {depuis.isoformat()} est un nombre à virgule flottante : "
                    f"écrivez-la entre guillemets, par exemple \"{valeur}\"", depuis)
    try:
        montant = decimal_de(valeur) if isinstance(valeur, (str, int)) else None
    except ValueError:
        montant = None
    if montant is None:
        raise Faute(f"la valeur du {depuis.isoformat()} n'est pas un nombre : {valeur!r} (écrivez "
                    "le nombre entre guillemets, avec un point décimal : \"32.50\")", depuis)
    if montant < 0:
        raise Faute(f"la valeur du {depuis.isoformat()} est négative ({valeur})", depuis)
    if unite == "pourcent" and montant > 100:
        raise Faute(f"le taux du {depuis.isoformat()} dépasse 100 % ({valeur})", depuis)
    return montant


def _annexes(brute: dict[str, Any],
             depuis: dt.date) -> tuple[str | None, str | None, str | None]:
    """url, note et confiance d'une valeur."""
    url, note, confiance = brute.get("url"), brute.get("note"), brute.get("confiance")
    if url is not None and (not isinstance(url, str) or not re.match(r"https?://\S+$", url.strip())):
        raise Faute(f"l'adresse « url » de la valeur du {depuis.isoformat()} n'est pas une adresse "
                    f"web (https://…) : {url!r}", depuis)
    if note is not None and not isinstance(note, str):
        raise Faute(f"la note de la valeur du {depuis.isoformat()} doit être un texte", depuis)
    if confiance is not None and confiance not in CONFIANCES:
        raise Faute(f"confiance « {confiance} » inconnue (permises : haute, moyenne, basse)", depuis)
    return url, note, confiance


def _parametre(fichier: str, texte: str, nom: str, brut: Any) -> Parametre:
    if not isinstance(brut, dict):
        raise Faute("chaque paramètre est une table [nom] avec libelle, unite et valeurs")
    inconnues = sorted(set(brut) - CLES_PARAMETRE)
    if inconnues:
        raise Faute(f"clé inconnue « {inconnues[0]} » (clés permises : "
                    f"{', '.join(sorted(CLES_PARAMETRE))})")
    manquantes = sorted(CLES_OBLIGATOIRES - set(brut))
    if manquantes:
        raise Faute(f"clé obligatoire absente : « {manquantes[0]} »")
    unite = brut["unite"]
    if unite not in UNITES:
        raise Faute(f"unité « {unite} » inconnue (permises : {', '.join(UNITES)})")
    if not isinstance(brut["libelle"], str) or not isinstance(brut.get("description", ""), str):
        raise Faute("« libelle » et « description » sont des textes entre guillemets")
    brutes = brut["valeurs"]
    if not isinstance(brutes, list) or not brutes:
        raise Faute("« valeurs » doit être une liste non vide")
    valeurs = [_valeur(texte, nom, unite, b, i + 1) for i, b in enumerate(brutes)]
    _ordre_des_dates(texte, nom, valeurs)
    verifie_le = brut.get("verifie_le")
    if verifie_le is not None and (not isinstance(verifie_le, dt.date)
                                   or isinstance(verifie_le, dt.datetime)):
        raise Faute("« verifie_le » doit être une date AAAA-MM-JJ sans guillemets")
    return Parametre(nom, brut["libelle"], unite, fichier, tuple(valeurs),
                     brut.get("description", ""), verifie_le, brut.get("note"))


def _ordre_des_dates(texte: str, nom: str, valeurs: list[Valeur]) -> None:
    for avant, apres in zip(valeurs, valeurs[1:], strict=False):
        if apres.depuis == avant.depuis:
            raise Faute(f"deux valeurs ont la même date d'effet {apres.depuis.isoformat()}",
                        ligne=_seconde_ligne(texte, nom, apres.depuis))
        if apres.depuis < avant.depuis:
            raise Faute(f"dates d'effet dans le désordre : {apres.depuis.isoformat()} après "
                        f"{avant.depuis.isoformat()}", apres.depuis)


def _seconde_ligne(texte: str, nom: str, depuis: dt.date) -> int | None:
    """La seconde ligne d'une date d'effet écrite deux fois (celle qu'on vient d'ajouter)."""
    premiere = ligne_de(texte, nom, depuis)
    motif = re.compile(rf"depuis\s*=\s*{depuis.isoformat()}")
    lignes = texte.splitlines()
    for i in range(premiere or 0, len(lignes)):
        if lignes[i].lstrip().startswith("["):
            break
        if motif.search(lignes[i]):
            return i + 1
    return premiere


def lire_fichier(fichier: str, texte: str, bilan: Bilan) -> None:
    try:
        donnees = tomllib.loads(texte)
    except tomllib.TOMLDecodeError as exc:
        bilan.constats.append(_erreur_toml(fichier, texte, str(exc)))
        bilan.casses |= set(re.findall(r"(?m)^\s*\[\s*([A-Za-z0-9_]+)\s*\]", texte))
        return
    for nom, brut in donnees.items():
        try:
            parametre = _parametre(fichier, texte, nom, brut)
        except Faute as faute:
            bilan.erreur(fichier, nom, faute.message,
                         faute.ligne or ligne_de(texte, nom, faute.depuis))
            bilan.casses.add(nom)
            continue
        if nom in bilan.parametres:
            bilan.erreur(fichier, nom, f"ce nom est déjà défini dans "
                         f"{bilan.parametres[nom].fichier} : un paramètre ne peut vivre que dans "
                         "un seul fichier", ligne_de(texte, nom))
            bilan.casses.add(nom)
            continue
        bilan.parametres[nom] = parametre


def _erreur_toml(fichier: str, texte: str, detail: str) -> Constat:
    """Une erreur de syntaxe, expliquée : date impossible, accolade non refermée…"""
    trouve = re.search(r"line (\d+)", detail)
    ligne = int(trouve.group(1)) if trouve else None
    # Une date impossible (2024-13-01) fait échouer le lecteur TOML plus loin sur la ligne, ou
    # même plus bas : on la cherche partout pour la nommer.
    for numero, contenu in enumerate(texte.splitlines(), start=1):
        fautives = _dates_impossibles(contenu.split("#", 1)[0])
        if fautives:
            date, motif = fautives[0]
            return Constat("erreur", fichier, _parametre_a_la_ligne(texte, numero),
                           f"la date « {date} » {motif} : une date s'écrit AAAA-MM-JJ (mois de 01 "
                           f"à 12, jour valide pour le mois), sans guillemets [détail technique : "
                           f"syntaxe TOML invalide ({detail})]", numero)
    aide = next((a for motif, a in AIDES_TOML if motif in detail), None)
    message = "syntaxe TOML invalide, le fichier n'est pas lisible"
    message += f" : {aide}" if aide else ""
    return Constat("erreur", fichier, _parametre_a_la_ligne(texte, ligne),
                   f"{message} [détail technique : {detail}]", ligne)


def _parametre_a_la_ligne(texte: str, ligne: int | None) -> str | None:
    """Le paramètre [nom] dans lequel se trouve une ligne (1 = première)."""
    if not ligne:
        return None
    entete = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(#.*)?$")
    for brute in reversed(texte.splitlines()[:ligne]):
        trouve = entete.match(brute)
        if trouve:
            return trouve.group(1)
    return None


def _dates_impossibles(ligne: str) -> list[tuple[str, str]]:
    """Les dates (après « = ») d'une ligne, inexistantes ou mal écrites : (date, motif)."""
    fautives = []
    for trouve in re.finditer(r"=\s*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d:T])", ligne):
        texte = trouve.group(0).lstrip("= \t")
        try:
            dt.date(*(int(g) for g in trouve.groups()))
        except ValueError:
            fautives.append((texte, "n'existe pas au calendrier"))
            continue
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", texte):
            fautives.append((texte, "est mal écrite (deux chiffres pour le mois et le jour)"))
    return fautives
