"""Outils du mainteneur des barèmes : vérifier un fichier modifié, lire un historique, comparer.

`python -m remb_core baremes verifier` contrôle les fichiers `donnees/*.toml` (ou ceux d'un
dossier de travail, `--dossier`) plus sévèrement que le chargement : chaque défaut est rapporté
en français avec le fichier, la ligne et le paramètre. `baremes historique NOM` montre toutes les
valeurs d'un paramètre ; `baremes diff DATE1 DATE2` dit quels paramètres changent entre deux
dates et comment bougent les exemples chiffrés du site.

Trois niveaux : une *erreur* rend les barèmes inutilisables (code de sortie 1) ; un
*avertissement* demande une relecture sans bloquer ; une *information* signale, par exemple,
une valeur déjà connue qui s'appliquera plus tard.

Bibliothèque standard seulement.
"""

import datetime as dt
import difflib
import re
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

from . import baremes as _baremes
from .actes import MODES_BASE, lire_catalogue
from .erreurs import ErreurBareme, ErreurSaisie
from .explication import date_fr
from .monnaie import ESPACE_FINE, ESPACE_INSECABLE, format_euros, format_taux, nombre_texte

COMMANDE = "python -m remb_core"
#: Au-delà de ce facteur entre deux valeurs successives (ou en deçà de son inverse), on relit.
FACTEUR_SAUT = Decimal(2)
#: Une vérification plus ancienne que cela (en mois) est signalée « à revérifier ».
MOIS_AVANT_REVERIFICATION = 18
EXEMPLES_PAR_DEFAUT = Path("site_macros") / "exemples_sources.toml"
DOCS_PAR_DEFAUT = Path("docs")

#: Rôle d'un paramètre dans le catalogue des actes → unité qu'il doit avoir.
ROLES = {
    "base": "EUR",
    "bases_secteur": "EUR",
    "taux": "pourcent",
    "prix_limite": "EUR",
    "plafond_responsable": "EUR",
    "prix_bareme": "EUR",
    "base_minoree": "EUR",
}
LIBELLES_ROLES = {
    "base": "base de remboursement",
    "bases_secteur": "base d'un secteur",
    "taux": "taux",
    "prix_limite": "prix limite de vente",
    "plafond_responsable": "plafond du contrat responsable",
    "prix_bareme": "montant fixé par le barème",
    "base_minoree": "base minorée",
}
MONTANTS = (("amo", "Assurance Maladie"), ("amc", "Complémentaire"),
            ("reste_a_charge", "Reste à charge"))
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


# --- le rapport ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Constat:
    """Une ligne du rapport : où (fichier, ligne, paramètre) et quoi."""

    niveau: str  # "erreur", "avertissement" ou "info"
    fichier: str | None
    parametre: str | None
    message: str
    ligne: int | None = None

    @property
    def lieu(self) -> str:
        lieu = (self.fichier or "") + (f", ligne {self.ligne}" if self.fichier and self.ligne
                                       else "")
        if self.parametre:
            lieu += (", " if lieu else "") + f"paramètre « {self.parametre} »"
        return lieu

    def __str__(self) -> str:
        return f"{self.lieu} : {self.message}" if self.lieu else self.message


@dataclass
class Rapport:
    """Le résultat de `verifier` : erreurs (bloquantes), avertissements, informations."""

    constats: list[Constat] = field(default_factory=list)
    fichiers: int = 0
    parametres: int = 0
    actes: int = 0
    dossier: str = ""

    def _ajouter(self, niveau, fichier, parametre, message, ligne=None) -> None:
        constat = Constat(niveau, fichier, parametre, message, ligne)
        if constat not in self.constats:
            self.constats.append(constat)

    def erreur(self, fichier, parametre, message, ligne=None) -> None:
        self._ajouter("erreur", fichier, parametre, message, ligne)

    def avertissement(self, fichier, parametre, message, ligne=None) -> None:
        self._ajouter("avertissement", fichier, parametre, message, ligne)

    def info(self, fichier, parametre, message, ligne=None) -> None:
        self._ajouter("info", fichier, parametre, message, ligne)

    def _niveau(self, niveau: str) -> list[Constat]:
        return [c for c in self.constats if c.niveau == niveau]

    @property
    def erreurs(self) -> list[Constat]:
        return self._niveau("erreur")

    @property
    def avertissements(self) -> list[Constat]:
        return self._niveau("avertissement")

    @property
    def infos(self) -> list[Constat]:
        return self._niveau("info")

    @property
    def ok(self) -> bool:
        return not self.erreurs

    def texte(self) -> str:
        lignes = [f"Vérification des barèmes{' : ' + self.dossier if self.dossier else ''}",
                  f"{self.fichiers} fichier(s), {self.parametres} paramètre(s), "
                  f"{self.actes} acte(s) au catalogue.", ""]
        for niveau, titre, puce in (
                ("erreur", "ERREURS — à corriger avant de reconstruire le site", "✗"),
                ("avertissement", "AVERTISSEMENTS — à relire, sans bloquer", "!"),
                ("info", "À SAVOIR", "·")):
            constats = self._niveau(niveau)
            if constats:
                lignes.append(f"{titre} ({len(constats)}) :")
                lignes += [f"  {puce} {c}" for c in constats]
                lignes.append("")
        if self.erreurs:
            n = len(self.erreurs)
            lignes.append(f"Résultat : {n} erreur{'s' if n > 1 else ''} — les barèmes ne sont pas "
                          f"utilisables en l'état (le site ne se construira pas). Corrigez "
                          f"puis relancez « {COMMANDE} baremes verifier ».")
        else:
            n = len(self.avertissements)
            lignes.append(f"Résultat : barèmes valides ({n} avertissement{'s' if n > 1 else ''}). "
                          f"Étape suivante : « {COMMANDE} baremes diff AVANT APRÈS » pour voir "
                          f"ce qui change, puis « bash outils/servir.sh » pour reconstruire le "
                          f"site.")
        return _texte_brut("\n".join(lignes))

    __str__ = texte


# --- outils ------------------------------------------------------------------------------------
def _texte_brut(texte: str) -> str:
    """Le terminal n'a que faire des espaces insécables du site : espaces ordinaires."""
    return texte.replace(ESPACE_INSECABLE, " ").replace(ESPACE_FINE, " ")


def formater(parametre: _baremes.Parametre, valeur: Decimal | None) -> str:
    if valeur is None:
        return "—"
    if parametre.unite == "EUR":
        return _texte_brut(format_euros(valeur))
    if parametre.unite == "pourcent":
        return _texte_brut(format_taux(valeur))
    return nombre_texte(valeur)


def _euros(texte: str) -> str:
    return _texte_brut(format_euros(texte))


def _mois_avant(jour: dt.date, mois: int) -> dt.date:
    total = jour.year * 12 + jour.month - 1 - mois
    annee, rang = divmod(total, 12)
    for fin in (jour.day, 30, 29, 28):
        try:
            return dt.date(annee, rang + 1, min(jour.day, fin))
        except ValueError:
            continue
    raise AssertionError("inaccessible")


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


def _erreur_toml(fichier: str, texte: str, exc: ErreurBareme) -> Constat:
    """Une erreur de syntaxe, expliquée : date impossible, accolade non refermée…"""
    ligne = exc.ligne
    lignes = texte.splitlines()
    # Une date impossible (2024-13-01) fait échouer le lecteur TOML plus loin sur la ligne, ou
    # même plus bas : on la cherche partout pour la nommer.
    for numero, contenu in enumerate(lignes, start=1):
        fautives = _dates_impossibles(contenu.split("#", 1)[0])
        if fautives:
            date, motif = fautives[0]
            return Constat("erreur", fichier, _parametre_a_la_ligne(texte, numero),
                           f"la date « {date} » {motif} : une date s'écrit "
                           f"AAAA-MM-JJ (mois de 01 à 12, jour valide pour le mois), sans "
                           f"guillemets [détail technique : {exc.message}]", numero)
    aide = next((a for motif, a in AIDES_TOML if motif in exc.message), None)
    message = f"le fichier n'est pas lisible : {aide}" if aide else "le fichier n'est pas lisible"
    message += f" [détail technique : {exc.message}]"
    return Constat("erreur", fichier, _parametre_a_la_ligne(texte, ligne), message, ligne)


def _precise(texte: str, exc: ErreurBareme) -> tuple[str, int | None]:
    """Le message et la ligne d'une erreur du chargement, avec un conseil quand il aide."""
    message, ligne = exc.message, exc.ligne
    double = re.search(r"même date d'effet (\d{4}-\d{2}-\d{2})", message)
    if double and exc.parametre:  # montrer la seconde ligne, celle qui vient d'être ajoutée
        premiere = _baremes.ligne_de(texte, exc.parametre, dt.date.fromisoformat(double[1]))
        motif = re.compile(rf"depuis\s*=\s*{double[1]}")
        lignes = texte.splitlines()
        for i in range((premiere or 0), len(lignes)):
            if lignes[i].lstrip().startswith("["):
                break
            if motif.search(lignes[i]):
                ligne = i + 1
                break
    if "n'est pas un nombre" in message:
        message += " (écrivez le nombre entre guillemets, avec un point décimal : \"32.50\")"
    return message, ligne


def _noms_du_catalogue(donnees: dict) -> list[tuple[str, str, str]]:
    """(acte, rôle, paramètre) pour chaque paramètre de barème que nomme le catalogue."""
    usages = []
    for aid, brut in donnees.get("actes", {}).items():
        if not isinstance(brut, dict):
            continue
        for role in ROLES:
            valeur = brut.get(role)
            if role == "bases_secteur":
                for nom in (valeur or {}).values() if isinstance(valeur, dict) else ():
                    if isinstance(nom, str) and nom not in MODES_BASE:
                        usages.append((aid, role, nom))
            elif isinstance(valeur, str) and valeur and not (role == "base"
                                                              and valeur in MODES_BASE):
                usages.append((aid, role, valeur))
    return usages


# --- vérifier -----------------------------------------------------------------------------------
def verifier(textes: dict[str, str], catalogue_texte: str,
             aujourdhui: dt.date | None = None) -> Rapport:
    """Contrôle complet de fichiers de barème {nom: contenu} contre le catalogue des actes."""
    aujourdhui = aujourdhui or dt.date.today()
    rapport = Rapport(fichiers=len(textes))
    parametres: dict[str, _baremes.Parametre] = {}
    casses: set[str] = set()  # paramètres présents mais fautifs : pas d'erreur en cascade

    # 1. Ce que le chargement refuse, mais paramètre par paramètre, pour tout dire d'un coup.
    for fichier in sorted(textes):
        texte = textes[fichier]
        try:
            donnees = tomllib.loads(texte)
        except tomllib.TOMLDecodeError:
            try:
                _baremes.lire_fichier(fichier, texte)
            except ErreurBareme as exc:
                constat = _erreur_toml(fichier, texte, exc)
                rapport.erreur(constat.fichier, constat.parametre, constat.message, constat.ligne)
            casses |= set(re.findall(r"(?m)^\s*\[\s*([A-Za-z0-9_]+)\s*\]", texte))
            continue
        fautif = False
        for nom, brut in donnees.items():
            try:
                parametre = _baremes._parametre(fichier, texte, nom, brut)
            except ErreurBareme as exc:
                rapport.erreur(exc.fichier, exc.parametre, *_precise(texte, exc))
                casses.add(nom)
                fautif = True
                continue
            if nom in parametres:
                autre = parametres[nom].fichier
                rapport.erreur(fichier, nom, f"ce nom est déjà défini dans {autre} : un "
                               "paramètre ne peut vivre que dans un seul fichier",
                               _baremes.ligne_de(texte, nom))
                casses.add(nom)
                continue
            parametres[nom] = parametre
        if not fautif:
            try:  # tout contrôle du chargement qui ne serait pas fait paramètre par paramètre
                _baremes.lire_fichier(fichier, texte)
            except ErreurBareme as exc:
                rapport.erreur(exc.fichier, exc.parametre, exc.message, exc.ligne)
    rapport.parametres = len(parametres) + len(casses - set(parametres))

    # 2. Le catalogue : chaque paramètre qu'il nomme existe et a l'unité de son rôle.
    try:
        catalogue = tomllib.loads(catalogue_texte)
    except tomllib.TOMLDecodeError as exc:
        rapport.erreur(_baremes.FICHIER_ACTES, None, f"le catalogue n'est pas lisible ({exc})")
        catalogue = {}
    rapport.actes = len(catalogue.get("actes", {}))
    besoins: dict[str, list[tuple[str, str]]] = {}
    for aid, role, nom in _noms_du_catalogue(catalogue):
        besoins.setdefault(nom, []).append((aid, role))
    for nom, usages in sorted(besoins.items()):
        aid, role = usages[0]
        if nom in casses:
            continue
        if nom not in parametres:
            rapport.erreur(_baremes.FICHIER_ACTES, nom, f"l'acte « {aid} » utilise ce paramètre "
                           f"({LIBELLES_ROLES[role]}) mais aucun fichier de barème ne le définit "
                           f"(supprimé ou renommé ?)", _baremes.ligne_de(catalogue_texte,
                                                                         f"actes.{aid}"))
            continue
        p = parametres[nom]
        texte = textes[p.fichier]
        for aid, role in usages:
            attendue = ROLES[role]
            if p.unite != attendue:
                rapport.erreur(p.fichier, nom, f"unité « {p.unite} » incohérente : l'acte "
                               f"« {aid} » l'utilise comme {LIBELLES_ROLES[role]}, qui s'exprime "
                               f"en « {attendue} » ({_baremes.UNITES[attendue]})",
                               _baremes.ligne_de(texte, nom))
                break
    if catalogue:
        try:  # les autres contrôles du catalogue (poste, catégorie, clés…)
            lire_catalogue(catalogue_texte, _baremes.Baremes(parametres, dict(textes)))
        except ErreurBareme as exc:
            if "n'existe pas" not in exc.message:  # déjà dit plus haut, ou paramètre fautif
                rapport.erreur(exc.fichier, exc.parametre, exc.message,
                               exc.ligne or _baremes.ligne_de(catalogue_texte,
                                                              f"actes.{exc.parametre}"))

    # 3. Paramètre par paramètre : début, dates, sources, sauts, vérification.
    limite = _mois_avant(aujourdhui, MOIS_AVANT_REVERIFICATION)
    a_confirmer = []
    for nom, p in parametres.items():
        texte = textes[p.fichier]
        premiere = p.valeurs[0]
        if premiere.depuis > _baremes.DEBUT:
            actes = sorted({aid for aid, _ in besoins.get(nom, [])})
            pour = (f" ; l'acte « {actes[0]} » en a besoin" if len(actes) == 1 else
                    f" ; les actes {', '.join(f'« {a} »' for a in actes)} en ont besoin"
                    if actes else "")
            rapport.erreur(p.fichier, nom, f"aucune valeur au {date_fr(_baremes.DEBUT)} (première "
                           f"valeur le {date_fr(premiere.depuis)}) : le moteur calcule pour toute "
                           f"date depuis le début des barèmes{pour}. Ajoutez la valeur qui "
                           f"s'appliquait alors, avec sa source",
                           _baremes.ligne_de(texte, nom, premiere.depuis))
        for v in p.valeurs:
            ligne = _baremes.ligne_de(texte, nom, v.depuis)
            if v.source.strip().strip(".").lower() in SOURCES_VIDES or not re.search(
                    r"\w", v.source):
                rapport.erreur(p.fichier, nom, f"la valeur du {v.depuis.isoformat()} n'a pas de "
                               f"vraie source (« {v.source} ») : indiquez le texte officiel ou "
                               f"la page ameli", ligne)
            if v.url is not None and (not isinstance(v.url, str)
                                      or not re.match(r"https?://\S+$", v.url.strip())):
                rapport.erreur(p.fichier, nom, f"l'adresse « url » de la valeur du "
                               f"{v.depuis.isoformat()} n'est pas une adresse web "
                               f"(https://…) : {v.url!r}", ligne)
            if v.depuis.year < 1945:
                rapport.avertissement(p.fichier, nom, f"date d'effet {v.depuis.isoformat()} "
                                      f"improbable : faute de frappe dans l'année ?", ligne)
            if v.depuis > aujourdhui + dt.timedelta(days=5 * 366):
                rapport.avertissement(p.fichier, nom, f"date d'effet {v.depuis.isoformat()} "
                                      f"lointaine (plus de cinq ans) : faute de frappe dans "
                                      f"l'année ?", ligne)
            if p.unite == "EUR" and -v.valeur.as_tuple().exponent > 2:
                rapport.avertissement(p.fichier, nom, f"la valeur du {v.depuis.isoformat()} a "
                                      f"plus de deux décimales ({v.valeur}) pour un montant en "
                                      f"euros", ligne)
            if v.depuis > aujourdhui:
                avant = p.a_la_date(v.depuis - dt.timedelta(days=1)) if v is not premiere \
                    else None
                veille = v.depuis - dt.timedelta(days=1)
                ancienne = formater(p, avant and avant.valeur)
                rapport.info(p.fichier, nom, f"valeur à venir : {ancienne}"
                             f" → {formater(p, v.valeur)} le {date_fr(v.depuis)} ({v.source}). "
                             f"Le site l'affiche « à venir » jusque-là. Effet sur les exemples : "
                             f"« {COMMANDE} baremes diff {veille.isoformat()} "
                             f"{v.depuis.isoformat()} »", ligne)
            if v.confiance == "basse":
                a_confirmer.append(nom)
        for avant, apres in zip(p.valeurs, p.valeurs[1:], strict=False):
            facteur = _facteur(avant.valeur, apres.valeur)
            if facteur is None:
                continue
            rapport.avertissement(
                p.fichier, nom,
                f"saut à relire : {formater(p, avant.valeur)} (depuis le {date_fr(avant.depuis)}) "
                f"→ {formater(p, apres.valeur)} (le {date_fr(apres.depuis)}), soit {facteur}. "
                f"Vérifiez qu'il ne manque pas un chiffre ou une virgule",
                _baremes.ligne_de(texte, nom, apres.depuis))
        if p.verifie_le is None:
            rapport.avertissement(p.fichier, nom, "pas de date de vérification « verifie_le » : "
                                  "à revérifier contre la source, puis notez la date",
                                  _baremes.ligne_de(texte, nom))
        elif p.verifie_le < limite:
            rapport.avertissement(p.fichier, nom, f"à revérifier : dernière vérification le "
                                  f"{date_fr(p.verifie_le)}, il y a plus de "
                                  f"{MOIS_AVANT_REVERIFICATION} mois (mettez « verifie_le » à "
                                  f"jour après avoir relu la source)",
                                  _baremes.ligne_de(texte, nom))
        elif p.verifie_le > aujourdhui:
            rapport.avertissement(p.fichier, nom, f"« verifie_le » est dans le futur "
                                  f"({p.verifie_le.isoformat()}) : faute de frappe ?",
                                  _baremes.ligne_de(texte, nom))
    if a_confirmer:
        noms = sorted(set(a_confirmer))
        rapport.info(None, None, f"{len(noms)} paramètre(s) ont une valeur de confiance « basse »,"
                     f" affichée « à confirmer » sur le site : {', '.join(noms)}")
    return rapport


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


# --- historique ---------------------------------------------------------------------------------
def historique(baremes: _baremes.Baremes, nom: str, aujourdhui: dt.date | None = None) -> str:
    """Toutes les valeurs d'un paramètre, en tableau texte ; KeyError si le nom est inconnu."""
    aujourdhui = aujourdhui or dt.date.today()
    if nom not in baremes:
        proches = difflib.get_close_matches(nom, list(baremes.parametres), n=3, cutoff=0.5)
        aide = f" Vouliez-vous dire : {', '.join(proches)} ?" if proches else ""
        raise KeyError(f"paramètre de barème inconnu : « {nom} ».{aide}")
    p = baremes.parametre(nom)
    en_vigueur = p.a_la_date(aujourdhui) if p.valeurs[0].depuis <= aujourdhui else None
    entete = [f"{p.libelle} ({nom})",
              f"Fichier {p.fichier}, unité : {_baremes.UNITES.get(p.unite, p.unite)}"
              + (f", vérifié le {date_fr(p.verifie_le)}" if p.verifie_le else
                 ", jamais vérifié") + "."]
    if p.description:
        entete.append(p.description)
    if p.note:
        entete.append(f"Note : {p.note}")
    lignes = []
    for v in p.valeurs:
        etat = ("en vigueur" if v is en_vigueur else "à venir" if v.depuis > aujourdhui else "")
        lignes.append((date_fr(v.depuis), formater(p, v.valeur), v.confiance or "", etat, v))
    largeurs = [max(len(x[i]) for x in lignes + [("Depuis le", "Valeur", "Confiance", "État")])
                for i in range(4)]
    tableau = ["  ".join(t.ljust(largeurs[i]) if i != 1 else t.rjust(largeurs[i])
                         for i, t in enumerate(("Depuis le", "Valeur", "Confiance", "État")))
               + "  Source",
               "  ".join("-" * w for w in largeurs) + "  " + "-" * 6]
    retrait = " " * (sum(largeurs) + 2 * 4)
    for depuis, valeur, confiance, etat, v in lignes:
        tableau.append(f"{depuis.ljust(largeurs[0])}  {valeur.rjust(largeurs[1])}  "
                       f"{confiance.ljust(largeurs[2])}  {etat.ljust(largeurs[3])}  {v.source}")
        if v.url:
            tableau.append(f"{retrait}{v.url}")
        if v.note:
            tableau.append(f"{retrait}Note : {v.note}")
    pied = (f"Chaque valeur s'applique de sa date d'effet jusqu'à la veille de la suivante ; "
            f"« en vigueur » : au {date_fr(aujourdhui)}.")
    return _texte_brut("\n".join(entete + [""] + tableau + ["", pied]))


# --- diff ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Changement:
    parametre: _baremes.Parametre
    avant: _baremes.Valeur | None
    apres: _baremes.Valeur | None
    etapes: int  # nombre de dates d'effet entre les deux dates

    def texte(self) -> str:
        p, v = self.parametre, self.apres
        ligne = (f"  • {p.nom} ({p.libelle}) : "
                 f"{formater(p, self.avant and self.avant.valeur)} → "
                 f"{formater(p, v and v.valeur)}")
        if v is None:
            return ligne + " (pas de valeur à la seconde date)"
        ligne += f", en vigueur depuis le {date_fr(v.depuis)} [{p.fichier}]"
        if self.etapes > 1:
            ligne += f" ({self.etapes} changements entre les deux dates)"
        ligne += f"\n      source : {v.source}"
        if v.url:
            ligne += f"\n      {v.url}"
        if v.confiance == "basse":
            ligne += "\n      confiance basse : affiché « à confirmer » sur le site"
        return ligne


@dataclass(frozen=True)
class EcartExemple:
    id: str
    titre: str
    avant: dict | None
    apres: dict | None
    erreur: str | None = None

    @property
    def bouge(self) -> bool:
        if self.erreur:
            return True
        return any(self.avant[k] != self.apres[k] for k, _ in MONTANTS)

    def texte(self) -> str:
        ligne = f"  • {self.id} — {self.titre}"
        if self.erreur:
            return ligne + f"\n      calcul impossible : {self.erreur}"
        for cle, libelle in MONTANTS:
            if self.avant[cle] != self.apres[cle]:
                ligne += (f"\n      {libelle} : {_euros(self.avant[cle])} → "
                          f"{_euros(self.apres[cle])}")
        return ligne


@dataclass
class Diff:
    date1: dt.date
    date2: dt.date
    changements: list[Changement]
    exemples: list[EcartExemple] | None  # None : pas de fichier d'exemples
    pages: dict[str, list[str]] = field(default_factory=dict)  # paramètre → pages qui le citent
    source_exemples: str = ""
    note_exemples: str = ""

    def texte(self) -> str:
        d1, d2 = date_fr(self.date1), date_fr(self.date2)
        lignes = [f"Ce qui change entre le {d1} et le {d2}", ""]
        if self.changements:
            lignes.append(f"Paramètres qui changent ({len(self.changements)}) :")
            for c in self.changements:
                lignes.append(c.texte())
                if self.pages.get(c.parametre.nom):
                    lignes.append(f"      pages du site concernées : "
                                  f"{', '.join(self.pages[c.parametre.nom])}")
        else:
            lignes.append("Aucun paramètre n'a une valeur différente entre ces deux dates.")
        lignes.append("")
        if self.note_exemples:
            lignes += [f"Exemples chiffrés du site : {self.note_exemples}.", ""]
        if self.exemples is not None:
            bougent = [e for e in self.exemples if e.bouge]
            titre = "Exemples chiffrés du site"
            if self.source_exemples:
                titre += f" ({self.source_exemples})"
            if bougent:
                lignes.append(f"{titre} qui bougent ({len(bougent)} sur {len(self.exemples)}), "
                              f"au {d1} → au {d2} :")
                lignes += [e.texte() for e in bougent]
                fixes = [e.id for e in self.exemples if not e.bouge]
                if fixes:
                    lignes.append(f"  Inchangés : {', '.join(fixes)}.")
            else:
                lignes.append(f"{titre} : aucun des {len(self.exemples)} exemples ne bouge.")
            lignes.append("")
        return _texte_brut("\n".join(lignes).rstrip() + "\n")

    __str__ = texte


@contextmanager
def baremes_en_usage(baremes: _baremes.Baremes | None):
    """Fait calculer le moteur avec `baremes` le temps d'un bloc, puis rétablit les précédents."""
    precedents = _baremes._actifs
    _baremes.utiliser(baremes)
    try:
        yield
    finally:
        _baremes.utiliser(precedents)


def lire_exemples(chemin: str | Path) -> list[dict]:
    """Les exemples chiffrés du site (`[[exemple]]` avec id, titre, aujourdhui)."""
    return tomllib.loads(Path(chemin).read_text(encoding="utf-8")).get("exemple", [])


def _simuler_exemple(ex: dict, jour: dt.date):
    import remb_core

    demande = {k: v for k, v in ex.get("aujourdhui", ex.get("demande", {})).items()
               if k != "date"}
    return remb_core.simuler({**demande, "date": jour.isoformat()})


def diff(baremes: _baremes.Baremes, date1: dt.date, date2: dt.date,
         exemples: list[dict] | None = None, docs: str | Path | None = None) -> Diff:
    """Les paramètres dont la valeur en vigueur diffère entre `date1` et `date2`, et les exemples
    chiffrés (les demandes « aujourdhui » du site) dont un montant bouge."""
    changements = []
    for p in baremes.parametres.values():
        avant = _a_la_date(p, date1)
        apres = _a_la_date(p, date2)
        if (avant and avant.valeur) == (apres and apres.valeur) and (avant is None) == (
                apres is None):
            continue
        bas, haut = sorted((date1, date2))
        etapes = sum(1 for v in p.valeurs if bas < v.depuis <= haut)
        changements.append(Changement(p, avant, apres, etapes))
    changements.sort(key=lambda c: (c.apres.depuis if c.apres else dt.date.min, c.parametre.nom))
    ecarts, note = None, ""
    if exemples is not None and min(date1, date2) < _baremes.DEBUT:
        note = (f"les exemples ne se recalculent qu'à partir du {date_fr(_baremes.DEBUT)}, début "
                f"des barèmes : choisissez deux dates postérieures pour voir leurs chiffres bouger")
    elif exemples is not None:
        ecarts = []
        with baremes_en_usage(baremes):
            for ex in exemples:
                try:
                    r1, r2 = _simuler_exemple(ex, date1), _simuler_exemple(ex, date2)
                    ecarts.append(EcartExemple(ex.get("id", "?"), ex.get("titre", ""),
                                               {k: r1[k] for k, _ in MONTANTS},
                                               {k: r2[k] for k, _ in MONTANTS}))
                except (ErreurSaisie, ErreurBareme, KeyError, ValueError) as exc:
                    ecarts.append(EcartExemple(ex.get("id", "?"), ex.get("titre", ""), None, None,
                                               str(exc)))
    pages = _pages_citant([c.parametre.nom for c in changements], docs) if docs else {}
    return Diff(date1, date2, changements, ecarts, pages, note_exemples=note)


def _a_la_date(p: _baremes.Parametre, jour: dt.date) -> _baremes.Valeur | None:
    try:
        return p.a_la_date(jour)
    except KeyError:
        return None


def _pages_citant(noms: list[str], docs: str | Path) -> dict[str, list[str]]:
    """Pour chaque paramètre, les pages de `docs/` qui le nomment (macros montant, depuis…)."""
    racine = Path(docs)
    if not noms or not racine.is_dir():
        return {}
    textes = {str(f.relative_to(racine)): f.read_text(encoding="utf-8")
              for f in sorted(racine.rglob("*.md")) if not f.name.startswith("_")}
    pages = {}
    for nom in noms:
        motif = re.compile(rf"[\"']{re.escape(nom)}[\"']")
        trouvees = [page for page, texte in textes.items() if motif.search(texte)]
        if trouvees:
            pages[nom] = trouvees
    return pages


# --- la ligne de commande -------------------------------------------------------------------------
def textes_du_dossier(dossier: str | Path) -> dict[str, str]:
    """Tous les .toml d'un dossier sauf le catalogue des actes ; ValueError si rien à lire."""
    chemin = Path(dossier)
    if not chemin.is_dir():
        raise ValueError(f"le dossier « {dossier} » n'existe pas")
    textes = {f.name: f.read_text(encoding="utf-8") for f in sorted(chemin.glob("*.toml"))
              if f.name != _baremes.FICHIER_ACTES}
    if not textes:
        raise ValueError(f"le dossier « {dossier} » ne contient aucun fichier de barème .toml")
    return textes


def texte_du_catalogue() -> str:
    return (resources.files("remb_core") / "donnees" / _baremes.FICHIER_ACTES).read_text(
        encoding="utf-8")


def _date(texte: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise ValueError(f"« {texte} » n'est pas une date AAAA-MM-JJ (exemple : 2025-01-01)") \
            from None


def commande_baremes(args) -> int:
    """`baremes verifier | historique | diff` : 0 si les barèmes sont sains, 1 sinon."""
    dossier = getattr(args, "dossier", None)
    try:
        textes = textes_du_dossier(dossier) if dossier else _baremes.textes_du_paquet()
    except ValueError as exc:
        print(f"Erreur : {exc}.")
        return 1
    origine = dossier or "remb_core/donnees (barèmes du paquet)"
    rapport = verifier(textes, texte_du_catalogue())
    rapport.dossier = origine
    if args.action == "verifier":
        print(rapport.texte())
        return 0 if rapport.ok else 1

    if not rapport.ok:
        rapport_court = Rapport(constats=rapport.erreurs, fichiers=rapport.fichiers,
                                parametres=rapport.parametres, actes=rapport.actes,
                                dossier=origine)
        print(rapport_court.texte())
        return 1
    baremes = _baremes.charger_textes(textes)
    with baremes_en_usage(baremes):
        if args.action == "historique":
            try:
                print(historique(baremes, args.parametre))
            except KeyError as exc:
                print(f"Erreur : {exc.args[0]}")
                return 1
        elif args.action == "diff":
            try:
                date1, date2 = _date(args.date1), _date(args.date2)
            except ValueError as exc:
                print(f"Erreur : {exc}")
                return 1
            chemin = getattr(args, "exemples", None)
            exemples = None
            if chemin:
                if not Path(chemin).is_file():
                    print(f"Erreur : le fichier d'exemples « {chemin} » n'existe pas.")
                    return 1
                exemples = lire_exemples(chemin)
            elif EXEMPLES_PAR_DEFAUT.is_file():
                chemin = str(EXEMPLES_PAR_DEFAUT)
                exemples = lire_exemples(chemin)
            resultat = diff(baremes, date1, date2, exemples, DOCS_PAR_DEFAUT)
            resultat.source_exemples = chemin or ""
            print(f"Barèmes : {origine}")
            print(resultat.texte())
            if rapport.avertissements:
                n = len(rapport.avertissements)
                print(f"({n} avertissement{'s' if n > 1 else ''} à relire : "
                      f"« {COMMANDE} baremes verifier"
                      + (f" --dossier {dossier}" if dossier else "") + " ».)")
    return 0
