"""Le contrôle des barèmes : un seul validateur, qui rassemble tout ce qu'il trouve.

Le chargement (`baremes.charger_textes`) lève la première erreur ; la commande du mainteneur
(`python -m remb_core baremes verifier`) les rapporte toutes, avec les avertissements. Chaque
constat nomme le fichier, la ligne et le paramètre, en français. Sont contrôlés :
1. chaque fichier et chaque paramètre (syntaxe, clés, dates, sources, valeurs, unités) ;
2. le catalogue des actes (postes, catégories, paramètres nommés avec l'unité de leur rôle) ;
3. les paramètres que lit le moteur (`parametres.PARAMETRES_MOTEUR`) ;
4. la qualité : une valeur au début des barèmes, de vraies sources ; et, pour le mainteneur
   seulement (`complet`), sauts improbables, vérifications anciennes, valeurs à venir.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .actes import (
    CATEGORIES,
    CLES_ACTE,
    FRANCHISES,
    PARTS_PATIENT,
    ROLES,
    SECTEURS,
    construire,
    parametres_nommes,
)
from .baremes import DEBUT, FICHIER_ACTES, UNITES, Baremes, Parametre, Valeur, ligne_de
from .erreurs import Constat
from .formats import date_fr
from .formats import valeur as formater
from .monnaie import decimal_de, nombre_texte
from .parametres import PARAMETRES_MOTEUR

CLES_PARAMETRE = {"libelle", "description", "unite", "verifie_le", "valeurs", "note"}
CLES_OBLIGATOIRES = {"libelle", "unite", "valeurs"}
CLES_VALEUR = {"depuis", "valeur", "source", "url", "note", "confiance"}
CONFIANCES = {"haute", "moyenne", "basse"}
COMMANDE = "python -m remb_core"
#: Au-delà de ce facteur entre deux valeurs successives (ou en deçà de son inverse), on relit.
FACTEUR_SAUT = Decimal(2)
#: Une vérification plus ancienne que cela (en mois) est signalée « à revérifier ».
MOIS_AVANT_REVERIFICATION = 18
#: Sources laissées telles quelles depuis le modèle de ligne (« source = "…" »).
SOURCES_VIDES = {"…", "...", "?", "todo", "à compléter", "a completer", "source", "xxx"}
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


class Faute(Exception):
    """Un défaut qui arrête la lecture d'un paramètre (devient un constat d'erreur)."""

    def __init__(self, message: str, ligne: int | None = None):
        super().__init__(message)
        self.message, self.ligne = message, ligne


@dataclass
class Bilan:
    """Ce que le contrôle a lu (paramètres sains, catalogue) et trouvé (constats)."""

    parametres: dict[str, Parametre] = field(default_factory=dict)
    catalogue: dict[str, Any] = field(default_factory=dict)
    constats: list[Constat] = field(default_factory=list)
    casses: set[str] = field(default_factory=set)  # présents mais fautifs : pas d'erreur en cascade
    fichiers: int = 0
    actes: int = 0  # actes lus dans le catalogue, sains ou non

    def ajouter(self, niveau: str, fichier: str | None, parametre: str | None, message: str,
                ligne: int | None = None) -> None:
        constat = Constat(niveau, fichier, parametre, message, ligne)
        if constat not in self.constats:
            self.constats.append(constat)

    def erreur(self, fichier: str | None, parametre: str | None, message: str,
               ligne: int | None = None) -> None:
        self.ajouter("erreur", fichier, parametre, message, ligne)

    @property
    def erreurs(self) -> list[Constat]:
        return [c for c in self.constats if c.niveau == "erreur"]


# --- 1. fichiers et paramètres -----------------------------------------------------------------
def _valeur(texte: str, nom: str, unite: str, brute: Any, rang: int) -> Valeur:
    if not isinstance(brute, dict):
        raise Faute(f"la valeur n° {rang} doit s'écrire {{ depuis = …, valeur = …, source = … }}",
                    ligne_de(texte, nom))
    depuis = brute.get("depuis")
    date_ok = isinstance(depuis, dt.date) and not isinstance(depuis, dt.datetime)
    ligne = ligne_de(texte, nom, depuis if date_ok else None)
    inconnues = sorted(set(brute) - CLES_VALEUR)
    if inconnues:
        raise Faute(f"clé inconnue « {inconnues[0]} » dans la valeur n° {rang} (clés permises : "
                    f"{', '.join(sorted(CLES_VALEUR))})", ligne)
    if not date_ok:
        raise Faute(f"la valeur n° {rang} doit avoir une date d'effet « depuis » écrite AAAA-MM-JJ "
                    f"sans guillemets (trouvé : {depuis!r})", ligne)
    source = brute.get("source")
    if not isinstance(source, str) or not source.strip():
        raise Faute(f"la valeur du {depuis.isoformat()} n'a pas de source (texte officiel ou page "
                    "ameli)", ligne)
    if "valeur" not in brute:
        raise Faute(f"la valeur du {depuis.isoformat()} n'a pas de « valeur »", ligne)
    return Valeur(depuis, _nombre(brute["valeur"], depuis, unite, ligne), source.strip(),
                  *_annexes(brute, depuis, ligne))


def _nombre(valeur: Any, depuis: dt.date, unite: str, ligne: int | None) -> Decimal:
    if isinstance(valeur, float):
        raise Faute(f"la valeur du {depuis.isoformat()} est un nombre à virgule flottante : "
                    f"écrivez-la entre guillemets, par exemple \"{valeur}\"", ligne)
    try:
        montant = decimal_de(valeur) if isinstance(valeur, (str, int)) else None
    except ValueError:
        montant = None
    if montant is None:
        raise Faute(f"la valeur du {depuis.isoformat()} n'est pas un nombre : {valeur!r} (écrivez "
                    "le nombre entre guillemets, avec un point décimal : \"32.50\")", ligne)
    if montant < 0:
        raise Faute(f"la valeur du {depuis.isoformat()} est négative ({valeur})", ligne)
    if unite == "pourcent" and montant > 100:
        raise Faute(f"le taux du {depuis.isoformat()} dépasse 100 % ({valeur})", ligne)
    return montant


def _annexes(brute: dict[str, Any], depuis: dt.date,
             ligne: int | None) -> tuple[str | None, str | None, str | None]:
    """url, note et confiance d'une valeur."""
    url, note, confiance = brute.get("url"), brute.get("note"), brute.get("confiance")
    if url is not None and (not isinstance(url, str) or not re.match(r"https?://\S+$", url.strip())):
        raise Faute(f"l'adresse « url » de la valeur du {depuis.isoformat()} n'est pas une adresse "
                    f"web (https://…) : {url!r}", ligne)
    if note is not None and not isinstance(note, str):
        raise Faute(f"la note de la valeur du {depuis.isoformat()} doit être un texte", ligne)
    if confiance is not None and confiance not in CONFIANCES:
        raise Faute(f"confiance « {confiance} » inconnue (permises : haute, moyenne, basse)", ligne)
    return url, note, confiance


def _parametre(fichier: str, texte: str, nom: str, brut: Any) -> Parametre:
    entete = ligne_de(texte, nom)
    if not isinstance(brut, dict):
        raise Faute("chaque paramètre est une table [nom] avec libelle, unite et valeurs", entete)
    inconnues = sorted(set(brut) - CLES_PARAMETRE)
    if inconnues:
        raise Faute(f"clé inconnue « {inconnues[0]} » (clés permises : "
                    f"{', '.join(sorted(CLES_PARAMETRE))})", entete)
    manquantes = sorted(CLES_OBLIGATOIRES - set(brut))
    if manquantes:
        raise Faute(f"clé obligatoire absente : « {manquantes[0]} »", entete)
    unite = brut["unite"]
    if unite not in UNITES:
        raise Faute(f"unité « {unite} » inconnue (permises : {', '.join(UNITES)})", entete)
    if not isinstance(brut["libelle"], str) or not isinstance(brut.get("description", ""), str):
        raise Faute("« libelle » et « description » sont des textes entre guillemets", entete)
    brutes = brut["valeurs"]
    if not isinstance(brutes, list) or not brutes:
        raise Faute("« valeurs » doit être une liste non vide", entete)
    valeurs = [_valeur(texte, nom, unite, b, i + 1) for i, b in enumerate(brutes)]
    _ordre_des_dates(texte, nom, valeurs)
    verifie_le = brut.get("verifie_le")
    if verifie_le is not None and (not isinstance(verifie_le, dt.date)
                                   or isinstance(verifie_le, dt.datetime)):
        raise Faute("« verifie_le » doit être une date AAAA-MM-JJ sans guillemets", entete)
    return Parametre(nom, brut["libelle"], unite, fichier, tuple(valeurs),
                     brut.get("description", ""), verifie_le, brut.get("note"))


def _ordre_des_dates(texte: str, nom: str, valeurs: list[Valeur]) -> None:
    for avant, apres in zip(valeurs, valeurs[1:], strict=False):
        if apres.depuis == avant.depuis:
            raise Faute(f"deux valeurs ont la même date d'effet {apres.depuis.isoformat()}",
                        _seconde_ligne(texte, nom, apres.depuis))
        if apres.depuis < avant.depuis:
            raise Faute(f"dates d'effet dans le désordre : {apres.depuis.isoformat()} après "
                        f"{avant.depuis.isoformat()}", ligne_de(texte, nom, apres.depuis))


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


def _lire_fichier(fichier: str, texte: str, bilan: Bilan) -> None:
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
            bilan.erreur(fichier, nom, faute.message, faute.ligne)
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


# --- 2 et 3. catalogue et paramètres du moteur --------------------------------------------------
def _besoins(bilan: Bilan) -> dict[str, list[tuple[str, str, str]]]:
    """Paramètre → [(qui l'utilise, rôle, unité attendue)] : le catalogue et le moteur."""
    besoins: dict[str, list[tuple[str, str, str]]] = {}
    for aid, brut in bilan.catalogue.get("actes", {}).items():
        if isinstance(brut, dict):
            for role, nom in parametres_nommes(brut):
                unite, libelle = ROLES[role]
                besoins.setdefault(nom, []).append((f"l'acte « {aid} »", libelle, unite))
    for nom, (unite, usage) in PARAMETRES_MOTEUR.items():
        besoins.setdefault(nom, []).append(("le moteur", usage, unite))
    return besoins


def _controler_besoins(bilan: Bilan, textes: dict[str, str], catalogue_texte: str) -> None:
    """Chaque paramètre nommé par le catalogue ou lu par le moteur existe, avec la bonne unité."""
    for nom, usages in sorted(_besoins(bilan).items()):
        if nom in bilan.casses:
            continue
        qui, role, _ = usages[0]
        if nom not in bilan.parametres:
            acte = re.search(r"« (.+) »", qui)
            ligne = ligne_de(catalogue_texte, f"actes.{acte[1]}") if acte else None
            bilan.erreur(FICHIER_ACTES if acte else None, nom, f"{qui} utilise ce paramètre "
                         f"({role}) mais aucun fichier de barème ne le définit (supprimé ou "
                         "renommé ?)", ligne)
            continue
        p = bilan.parametres[nom]
        for qui, role, attendue in usages:
            if p.unite != attendue:
                bilan.erreur(p.fichier, nom, f"unité « {p.unite} » incohérente : {qui} l'utilise "
                             f"comme {role}, qui s'exprime en « {attendue} » "
                             f"({UNITES[attendue]})", ligne_de(textes[p.fichier], nom))
                break


def _lire_catalogue(texte: str, bilan: Bilan) -> None:
    try:
        donnees = tomllib.loads(texte)
    except tomllib.TOMLDecodeError as exc:
        bilan.erreur(FICHIER_ACTES, None, f"le catalogue n'est pas lisible ({exc})")
        return
    postes = donnees.get("postes", {})
    bilan.actes = len(donnees.get("actes", {}))
    for pid, brut in postes.items():
        if not isinstance(brut, dict) or not all(isinstance(brut.get(k), str)
                                                 for k in ("libelle", "rubrique")):
            bilan.erreur(FICHIER_ACTES, pid, "un poste a un libellé et une rubrique (textes)",
                         ligne_de(texte, f"postes.{pid}"))
    sains = {}
    for aid, brut in donnees.get("actes", {}).items():
        message = _defaut_d_acte(brut, postes)
        if message:
            bilan.erreur(FICHIER_ACTES, aid, message, ligne_de(texte, f"actes.{aid}"))
        else:
            sains[aid] = brut
    bilan.catalogue = {"postes": postes, "actes": sains}


def _defaut_d_acte(brut: Any, postes: dict[str, Any]) -> str | None:
    """Ce qui ne va pas dans un acte du catalogue, ou None."""
    if not isinstance(brut, dict):
        return "un acte est une table [actes.id]"
    for cle, valeur in brut.items():
        if cle not in CLES_ACTE:
            return f"clé inconnue « {cle} »"
        if not isinstance(valeur, CLES_ACTE[cle]) or (
                isinstance(valeur, bool) and CLES_ACTE[cle] is int):
            return f"« {cle} » n'a pas le bon type"
    manquantes = sorted({"libelle", "poste", "categorie", "base"} - set(brut))
    if manquantes:
        return f"clé obligatoire absente : « {manquantes[0]} »"
    if brut["poste"] not in postes:
        return f"poste « {brut['poste']} » inconnu"
    if brut["categorie"] not in CATEGORIES:
        return f"catégorie « {brut['categorie']} » inconnue"
    if brut.get("franchise") not in FRANCHISES | {None}:
        return f"franchise « {brut['franchise']} » inconnue"
    if brut.get("part_patient", "ticket_moderateur") not in PARTS_PATIENT:
        return f"part_patient « {brut['part_patient']} » inconnue"
    if any(s not in SECTEURS for s in brut.get("bases_secteur", {})):
        return "secteur inconnu dans « bases_secteur »"
    ages = brut.get("acces_direct_ages")
    if ages is not None and (len(ages) != 2 or not all(type(a) is int for a in ages)):
        return "« acces_direct_ages » s'écrit [âge minimum, âge maximum]"
    if brut["base"] != "aucune" and not brut.get("taux") and not brut.get("prix_bareme"):
        return "un acte remboursé doit nommer son taux"
    return None


# --- 4. qualité ---------------------------------------------------------------------------------
def _controler_qualite(bilan: Bilan, textes: dict[str, str], aujourdhui: dt.date,
                       complet: bool) -> None:
    besoins = _besoins(bilan)
    limite = _mois_avant(aujourdhui, MOIS_AVANT_REVERIFICATION)
    for nom, p in bilan.parametres.items():
        texte = textes[p.fichier]
        premiere = p.valeurs[0]
        if premiere.depuis > DEBUT and nom in besoins:
            qui = sorted({q for q, _, _ in besoins[nom]})
            pour = (f" ; {qui[0]} en a besoin" if len(qui) == 1 else
                    f" ; {', '.join(qui)} en ont besoin")
            bilan.erreur(p.fichier, nom, f"aucune valeur au {date_fr(DEBUT)} (première valeur le "
                         f"{date_fr(premiere.depuis)}) : le moteur calcule pour toute date depuis "
                         f"le début des barèmes{pour}. Ajoutez la valeur qui s'appliquait alors, "
                         "avec sa source", ligne_de(texte, nom, premiere.depuis))
        for v in p.valeurs:
            if v.source.strip().strip(".").lower() in SOURCES_VIDES or not re.search(r"\w",
                                                                                   v.source):
                bilan.erreur(p.fichier, nom, f"la valeur du {v.depuis.isoformat()} n'a pas de vraie "
                             f"source (« {v.source} ») : indiquez le texte officiel ou la page "
                             "ameli", ligne_de(texte, nom, v.depuis))
        if complet:
            _avertissements(bilan, p, texte, aujourdhui, limite)
    if complet:
        basses = sorted({n for n, p in bilan.parametres.items()
                         if any(v.confiance == "basse" for v in p.valeurs)})
        if basses:
            bilan.ajouter("info", None, None, f"{len(basses)} paramètre(s) ont une valeur de "
                          f"confiance « basse », affichée « à confirmer » sur le site : "
                          f"{', '.join(basses)}")


def _avertissements(bilan: Bilan, p: Parametre, texte: str, aujourdhui: dt.date,
                    limite: dt.date) -> None:
    """Ce qu'un mainteneur doit relire sans que les barèmes soient inutilisables."""
    for v in p.valeurs:
        ligne = ligne_de(texte, p.nom, v.depuis)
        if v.depuis.year < 1945:
            bilan.ajouter("avertissement", p.fichier, p.nom, f"date d'effet "
                          f"{v.depuis.isoformat()} improbable : faute de frappe dans l'année ?",
                          ligne)
        if v.depuis > aujourdhui + dt.timedelta(days=5 * 366):
            bilan.ajouter("avertissement", p.fichier, p.nom, f"date d'effet "
                          f"{v.depuis.isoformat()} lointaine (plus de cinq ans) : faute de "
                          "frappe dans l'année ?", ligne)
        if p.unite == "EUR" and -int(v.valeur.as_tuple().exponent) > 2:
            bilan.ajouter("avertissement", p.fichier, p.nom, f"la valeur du "
                          f"{v.depuis.isoformat()} a plus de deux décimales ({v.valeur}) pour un "
                          "montant en euros", ligne)
        if v.depuis > aujourdhui:
            avant = p.valeurs[p.valeurs.index(v) - 1] if v is not p.valeurs[0] else None
            veille = v.depuis - dt.timedelta(days=1)
            ancienne = formater(avant.valeur, p.unite, brut=True) if avant else "—"
            bilan.ajouter("info", p.fichier, p.nom, f"valeur à venir : {ancienne} → "
                          f"{formater(v.valeur, p.unite, brut=True)} le {date_fr(v.depuis)} "
                          f"({v.source}). Le site l'affiche « à venir » jusque-là. Effet sur les "
                          f"exemples : « {COMMANDE} baremes diff {veille.isoformat()} "
                          f"{v.depuis.isoformat()} »", ligne)
    for avant, apres in zip(p.valeurs, p.valeurs[1:], strict=False):
        facteur = _facteur(avant.valeur, apres.valeur)
        if facteur is not None:
            bilan.ajouter("avertissement", p.fichier, p.nom, f"saut à relire : "
                          f"{formater(avant.valeur, p.unite, brut=True)} (depuis le "
                          f"{date_fr(avant.depuis)}) → {formater(apres.valeur, p.unite, brut=True)}"
                          f" (le {date_fr(apres.depuis)}), soit {facteur}. Vérifiez qu'il ne "
                          "manque pas un chiffre ou une virgule",
                          ligne_de(texte, p.nom, apres.depuis))
    _verification(bilan, p, texte, aujourdhui, limite)


def _verification(bilan: Bilan, p: Parametre, texte: str, aujourdhui: dt.date,
                  limite: dt.date) -> None:
    ligne = ligne_de(texte, p.nom)
    if p.verifie_le is None:
        bilan.ajouter("avertissement", p.fichier, p.nom, "pas de date de vérification "
                      "« verifie_le » : à revérifier contre la source, puis notez la date", ligne)
    elif p.verifie_le < limite:
        bilan.ajouter("avertissement", p.fichier, p.nom, f"à revérifier : dernière vérification le "
                      f"{date_fr(p.verifie_le)}, il y a plus de {MOIS_AVANT_REVERIFICATION} mois "
                      "(mettez « verifie_le » à jour après avoir relu la source)", ligne)
    elif p.verifie_le > aujourdhui:
        bilan.ajouter("avertissement", p.fichier, p.nom, f"« verifie_le » est dans le futur "
                      f"({p.verifie_le.isoformat()}) : faute de frappe ?", ligne)


def _facteur(avant: Decimal, apres: Decimal) -> str | None:
    """« ×2,5 » ou « ÷4 » si le saut dépasse FACTEUR_SAUT ; None sinon."""
    if avant == apres:
        return None
    if avant == 0 or apres == 0:
        return "un passage par zéro"
    rapport = apres / avant
    if rapport > FACTEUR_SAUT:
        return "×" + nombre_texte(round(rapport, 2)).replace(".", ",")
    if rapport < 1 / FACTEUR_SAUT:
        return "÷" + nombre_texte(round(1 / rapport, 2)).replace(".", ",")
    return None


def _mois_avant(jour: dt.date, mois: int) -> dt.date:
    total = jour.year * 12 + jour.month - 1 - mois
    annee, rang = divmod(total, 12)
    for fin in (jour.day, 30, 29, 28):
        try:
            return dt.date(annee, rang + 1, min(jour.day, fin))
        except ValueError:
            continue
    raise AssertionError("inaccessible")


# --- points d'entrée -----------------------------------------------------------------------------
def controler(textes: dict[str, str], catalogue_texte: str, *, aujourdhui: dt.date | None = None,
              complet: bool = True) -> Bilan:
    """Tout ce que le contrôle trouve dans des barèmes {fichier: contenu} et le catalogue."""
    bilan = Bilan(fichiers=len(textes))
    for fichier in sorted(textes):
        _lire_fichier(fichier, textes[fichier], bilan)
    _lire_catalogue(catalogue_texte, bilan)
    _controler_besoins(bilan, textes, catalogue_texte)
    _controler_qualite(bilan, textes, aujourdhui or dt.date.today(), complet)
    return bilan


def charger(textes: dict[str, str], catalogue_texte: str) -> Baremes:
    """Les barèmes prêts à calculer ; ErreurBareme à la première erreur du contrôle."""
    bilan = controler(textes, catalogue_texte, complet=False)
    if bilan.erreurs:
        raise bilan.erreurs[0].en_erreur()
    return Baremes(bilan.parametres, dict(textes), construire(bilan.catalogue))
