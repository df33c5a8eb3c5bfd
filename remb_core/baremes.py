"""Barèmes datés : chaque paramètre a des valeurs avec leur date d'effet et leur source.

Les valeurs vivent dans `remb_core/donnees/*.toml` (un fichier par domaine), lues par
`importlib.resources` et `tomllib` (bibliothèque standard), comme les paramètres
d'OpenFisca : une valeur s'applique de sa date d'effet jusqu'à la veille de la suivante.
Le chargement refuse tout fichier douteux et nomme le fichier, la ligne et le paramètre.
"""

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

from .erreurs import ErreurBareme
from .monnaie import decimal_de

#: Les barèmes sont tenus à jour depuis cette date ; avant, le moteur refuse de calculer.
DEBUT = dt.date(2023, 1, 1)

FICHIER_ACTES = "actes.toml"
UNITES = {"EUR": "euros", "pourcent": "pourcentage", "nombre": "nombre"}
CLES_PARAMETRE = {"libelle", "description", "unite", "verifie_le", "valeurs", "note"}
CLES_OBLIGATOIRES = {"libelle", "unite", "valeurs"}
CLES_VALEUR = {"depuis", "valeur", "source", "url", "note", "confiance"}
CONFIANCES = {"haute", "moyenne", "basse"}


@dataclass(frozen=True)
class Valeur:
    depuis: dt.date
    valeur: Decimal
    source: str
    url: str | None = None
    note: str | None = None
    confiance: str | None = None


@dataclass(frozen=True)
class Parametre:
    nom: str
    libelle: str
    unite: str
    fichier: str
    valeurs: tuple[Valeur, ...]
    description: str = ""
    verifie_le: dt.date | None = None
    note: str | None = None

    def a_la_date(self, jour: dt.date) -> Valeur:
        """La dernière valeur dont la date d'effet est au plus `jour`."""
        trouvee = None
        for valeur in self.valeurs:
            if valeur.depuis <= jour:
                trouvee = valeur
            else:
                break
        if trouvee is None:
            raise KeyError(
                f"le paramètre « {self.nom} » n'a pas de valeur au {jour.isoformat()} "
                f"(première valeur le {self.valeurs[0].depuis.isoformat()})"
            )
        return trouvee


class Baremes:
    """L'ensemble des paramètres chargés, indexés par nom (unique entre fichiers)."""

    def __init__(self, parametres: dict[str, Parametre], textes: dict[str, str]):
        self.parametres = parametres
        self.textes = textes
        self._consultations: dict = {}

    def __contains__(self, nom: str) -> bool:
        return nom in self.parametres

    def parametre(self, nom: str) -> Parametre:
        try:
            return self.parametres[nom]
        except KeyError:
            raise KeyError(f"paramètre de barème inconnu : « {nom} »") from None

    def valeur(self, nom: str, jour: dt.date) -> Valeur:
        return self.parametre(nom).a_la_date(jour)

    def consulter(self, nom: str, jour: dt.date, referencer) -> tuple:
        """(valeur, référence) d'un paramètre au jour dit, mémorisés : le même jour revient souvent."""
        cle = (nom, jour)
        trouve = self._consultations.get(cle)
        if trouve is None:
            parametre = self.parametre(nom)
            valeur = parametre.a_la_date(jour)
            trouve = self._consultations[cle] = (valeur.valeur, referencer(parametre, valeur))
        return trouve

    def dates_d_effet(self) -> list[dt.date]:
        return sorted({v.depuis for p in self.parametres.values() for v in p.valeurs})


def ligne_de(texte: str, nom: str, depuis: dt.date | None = None) -> int | None:
    """Numéro de ligne (1 = première) d'un paramètre, ou d'une de ses valeurs, pour les messages."""
    lignes = texte.splitlines()
    entete = re.compile(rf"^\s*\[\s*{re.escape(nom)}\s*\]")
    debut = next((i for i, ligne in enumerate(lignes) if entete.match(ligne)), None)
    if debut is None:
        return None
    if depuis is None:
        return debut + 1
    motif = re.compile(rf"depuis\s*=\s*{depuis.isoformat()}")
    for i in range(debut + 1, len(lignes)):
        if lignes[i].lstrip().startswith("["):
            break
        if motif.search(lignes[i]):
            return i + 1
    return debut + 1


def _valeur(fichier: str, texte: str, nom: str, unite: str, brute, rang: int) -> Valeur:
    def faute(message: str, depuis=None):
        return ErreurBareme(fichier, nom, message, ligne_de(texte, nom, depuis))

    if not isinstance(brute, dict):
        raise faute(f"la valeur n° {rang} doit s'écrire {{ depuis = …, valeur = …, source = … }}")
    depuis = brute.get("depuis")
    inconnues = set(brute) - CLES_VALEUR
    if inconnues:
        raise faute(f"clé inconnue « {sorted(inconnues)[0]} » dans la valeur n° {rang} "
                    f"(clés permises : {', '.join(sorted(CLES_VALEUR))})",
                    depuis if isinstance(depuis, dt.date) else None)
    if isinstance(depuis, dt.datetime) or not isinstance(depuis, dt.date):
        raise faute(f"la valeur n° {rang} doit avoir une date d'effet « depuis » écrite AAAA-MM-JJ "
                    f"sans guillemets (trouvé : {depuis!r})")
    source = brute.get("source")
    if not isinstance(source, str) or not source.strip():
        raise faute(f"la valeur du {depuis.isoformat()} n'a pas de source (texte officiel ou page "
                    "ameli)", depuis)
    if "valeur" not in brute:
        raise faute(f"la valeur du {depuis.isoformat()} n'a pas de « valeur »", depuis)
    valeur = brute["valeur"]
    if isinstance(valeur, float):
        raise faute(f"la valeur du {depuis.isoformat()} est un nombre à virgule flottante : "
                    f"écrivez-la entre guillemets, par exemple \"{valeur}\"", depuis)
    try:
        montant = decimal_de(valeur) if isinstance(valeur, (str, int)) else None
    except ValueError:
        montant = None
    if montant is None:
        raise faute(f"la valeur du {depuis.isoformat()} n'est pas un nombre : {valeur!r}", depuis)
    if montant < 0:
        raise faute(f"la valeur du {depuis.isoformat()} est négative ({valeur})", depuis)
    if unite == "pourcent" and montant > 100:
        raise faute(f"le taux du {depuis.isoformat()} dépasse 100 % ({valeur})", depuis)
    confiance = brute.get("confiance")
    if confiance is not None and confiance not in CONFIANCES:
        raise faute(f"confiance « {confiance} » inconnue (permises : haute, moyenne, basse)", depuis)
    return Valeur(depuis, montant, source.strip(), brute.get("url"), brute.get("note"), confiance)


def _parametre(fichier: str, texte: str, nom: str, brut) -> Parametre:
    def faute(message: str):
        return ErreurBareme(fichier, nom, message, ligne_de(texte, nom))

    if not isinstance(brut, dict):
        raise faute("chaque paramètre est une table [nom] avec libelle, unite et valeurs")
    inconnues = set(brut) - CLES_PARAMETRE
    if inconnues:
        raise faute(f"clé inconnue « {sorted(inconnues)[0]} » (clés permises : "
                    f"{', '.join(sorted(CLES_PARAMETRE))})")
    manquantes = CLES_OBLIGATOIRES - set(brut)
    if manquantes:
        raise faute(f"clé obligatoire absente : « {sorted(manquantes)[0]} »")
    unite = brut["unite"]
    if unite not in UNITES:
        raise faute(f"unité « {unite} » inconnue (permises : {', '.join(UNITES)})")
    brutes = brut["valeurs"]
    if not isinstance(brutes, list) or not brutes:
        raise faute("« valeurs » doit être une liste non vide")
    valeurs = [_valeur(fichier, texte, nom, unite, b, i + 1) for i, b in enumerate(brutes)]
    for avant, apres in zip(valeurs, valeurs[1:], strict=False):
        if apres.depuis == avant.depuis:
            raise ErreurBareme(fichier, nom, f"deux valeurs ont la même date d'effet "
                               f"{apres.depuis.isoformat()}", ligne_de(texte, nom, apres.depuis))
        if apres.depuis < avant.depuis:
            raise ErreurBareme(fichier, nom, f"dates d'effet dans le désordre : "
                               f"{apres.depuis.isoformat()} après {avant.depuis.isoformat()}",
                               ligne_de(texte, nom, apres.depuis))
    verifie_le = brut.get("verifie_le")
    if verifie_le is not None and not isinstance(verifie_le, dt.date):
        raise faute("« verifie_le » doit être une date AAAA-MM-JJ sans guillemets")
    return Parametre(nom, brut["libelle"], unite, fichier, tuple(valeurs),
                     brut.get("description", ""), verifie_le, brut.get("note"))


def lire_fichier(fichier: str, texte: str) -> dict[str, Parametre]:
    """Lit un fichier de barème ; lève ErreurBareme au premier défaut."""
    try:
        donnees = tomllib.loads(texte)
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        trouve = re.search(r"line (\d+)", detail)
        raise ErreurBareme(fichier, None, f"syntaxe TOML invalide ({detail})",
                           int(trouve.group(1)) if trouve else None) from None
    return {nom: _parametre(fichier, texte, nom, brut) for nom, brut in donnees.items()}


def charger_textes(textes: dict[str, str]) -> Baremes:
    """Construit les barèmes à partir de {nom de fichier: contenu} ; vérifie l'unicité des noms."""
    parametres: dict[str, Parametre] = {}
    for fichier in sorted(textes):
        for nom, parametre in lire_fichier(fichier, textes[fichier]).items():
            if nom in parametres:
                raise ErreurBareme(fichier, nom, f"ce nom est déjà défini dans "
                                   f"{parametres[nom].fichier}", ligne_de(textes[fichier], nom))
            parametres[nom] = parametre
    return Baremes(parametres, dict(textes))


def textes_du_paquet() -> dict[str, str]:
    """Les fichiers de barème livrés avec le paquet (tous les .toml sauf le catalogue des actes)."""
    dossier = resources.files("remb_core") / "donnees"
    return {
        entree.name: entree.read_text(encoding="utf-8")
        for entree in dossier.iterdir()
        if entree.name.endswith(".toml") and entree.name != FICHIER_ACTES
    }


_actifs: Baremes | None = None


def actifs() -> Baremes:
    """Les barèmes en usage (ceux du paquet, chargés une fois, sauf remplacement explicite)."""
    global _actifs
    if _actifs is None:
        _actifs = charger_textes(textes_du_paquet())
    return _actifs


def utiliser(baremes: Baremes | None) -> None:
    """Remplace les barèmes en usage (outil de mainteneur, tests) ; None revient au paquet."""
    global _actifs
    _actifs = baremes
