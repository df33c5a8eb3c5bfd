"""Les calculateurs du site : champs de formulaire (textes) → demande → résultat HTML.

Le navigateur envoie les champs tels quels (noms = chemins de la demande : « prix »,
« garantie.taux », « lignes[2].date »…) ; tout ce qui en fait une demande valable vit ici, côté
Python, pour que le JavaScript ne fasse que transporter. Le rendu statique de la construction
passe par la même fonction : la page et le calcul en direct ne peuvent pas différer.
"""

from __future__ import annotations

from typing import Any

from . import estimer_css, rendu, simuler, simuler_annee
from .actes import SAISIE, Acte
from .baremes import Baremes, du_paquet
from .demande import DRAPEAUX_SITUATION
from .erreurs import ErreurSaisie

CALCULATEURS = ("reste_a_charge", "tableau_garanties", "glossaire", "simple", "css",
                "comparateur", "exemples")
NIVEAUX_USUELS = (100, 150, 200, 300)
VRAI = {"true", "on", "oui", "1"}
#: Le contrat du formulaire de l'année, partagé avec les macros qui l'écrivent : nombre de
#: personnes et de lignes proposées, champs du forfait de médecines douces.
PERSONNES_FORMULAIRE = 3
LIGNES_FORMULAIRE = 6
CHAMPS_MEDECINES_DOUCES = ("medecines_douces.montant", "medecines_douces.nombre_par_an")
LIGNES_MAX = 200
CHAMP_MAX = 200  # caractères d'un champ : au-delà, aucune saisie n'a de sens


def _bool(valeur: Any) -> bool:
    return str(valeur).strip().lower() in VRAI


def _vide(valeur: Any) -> bool:
    return valeur is None or str(valeur).strip() == ""


def garantie(champs: dict[str, str], prefixe: str = "garantie") -> dict[str, Any]:
    forme = champs.get(f"{prefixe}.forme") or "aucune"
    g: dict[str, Any] = {"forme": forme}
    if forme in ("pourcentage_br", "pourcentage_pmss"):
        g["taux"] = champs.get(f"{prefixe}.taux", "")
    if forme == "pourcentage_br":
        g["secu_incluse"] = champs.get(f"{prefixe}.secu_incluse", "true") != "false"
    if forme == "forfait":
        g["montant"] = champs.get(f"{prefixe}.montant", "")
    if forme != "aucune" and not _vide(champs.get(f"{prefixe}.plafond")):
        g["plafond"] = champs[f"{prefixe}.plafond"]
    return g


def situation(champs: dict[str, str], prefixe: str = "situation") -> dict[str, Any]:
    s: dict[str, Any] = {cle: _bool(champs.get(f"{prefixe}.{cle}"))
                         for cle in DRAPEAUX_SITUATION}
    if not _vide(champs.get(f"{prefixe}.age")):
        s["age"] = champs[f"{prefixe}.age"].strip()
    if not _vide(champs.get(f"{prefixe}.regime")):
        s["regime"] = champs[f"{prefixe}.regime"].strip()
    return s


def _champs_propres(acte: Acte, champs: dict[str, str]) -> dict[str, Any]:
    """Les champs d'un seul genre d'acte : séjour, verre 100 % Santé, transport."""
    d: dict[str, Any] = {}
    if acte.sejour:
        d["acte_lourd"] = _bool(champs.get("acte_lourd"))
        d["psychiatrie"] = _bool(champs.get("psychiatrie"))
        if not _vide(champs.get("jours")):
            d["jours"] = champs["jours"].strip()
    if acte.prix_limite == SAISIE:
        d["prix_limite"] = champs.get("prix_limite", "")
    if acte.categorie == "transport":
        d["ald_deficience"] = _bool(champs.get("ald_deficience"))
    return d


def demande_acte(champs: dict[str, str], baremes: Baremes) -> dict[str, Any]:
    """Un acte : ne garde que les champs qui ont un sens pour l'acte choisi."""
    acte_id = champs.get("acte", "")
    actes = baremes.catalogue.actes
    acte = actes.get(acte_id)
    d: dict[str, Any] = {"acte": acte_id}
    for cle in ("date", "quantite", "base_remboursement", "taux_amo"):
        if not _vide(champs.get(cle)):
            d[cle] = champs[cle].strip()
    if acte is None or not acte.prix_bareme:
        d["prix"] = champs.get("prix", "")
    if acte is not None and acte.a_secteurs and not _vide(champs.get("secteur")):
        d["secteur"] = champs["secteur"]
    if acte is not None and acte.soumis_au_parcours and "parcours_coordonne" in champs:
        d["parcours_coordonne"] = _bool(champs["parcours_coordonne"])
        if not d["parcours_coordonne"] and not _vide(champs.get("exception_parcours")):
            d["exception_parcours"] = champs["exception_parcours"]
    if acte is not None:
        d.update(_champs_propres(acte, champs))
    d["situation"] = situation(champs)
    if not d["situation"]["css"]:
        d["garantie"] = garantie(champs)
    if "contrat_responsable" in champs:
        d["contrat_responsable"] = _bool(champs["contrat_responsable"])
    return d


def _lignes(champs: dict[str, str]) -> list[int]:
    indices = set()
    for cle in champs:
        if cle.startswith("lignes[") and "]" in cle:
            rang = cle[7:cle.index("]")]
            if rang.isascii() and rang.isdigit() and len(rang) <= 6:
                indices.add(int(rang))
    return sorted(indices)[:LIGNES_MAX]


def _personnes_annee(champs: dict[str, str]) -> list[dict[str, Any]]:
    """Les personnes du foyer (la première toujours, les autres si leur âge est saisi), avec le
    régime du foyer, choisi une fois pour tous."""
    regime = (champs.get("situation.regime") or "").strip()
    personnes = []
    for i in range(PERSONNES_FORMULAIRE):
        if _vide(champs.get(f"personnes[{i}].age")) and i > 0:
            continue
        s = situation(champs, f"personnes[{i}]")
        if regime:
            s.setdefault("regime", regime)
        personnes.append({"id": champs.get(f"personnes[{i}].id") or f"Personne {i + 1}",
                          "situation": s})
    return personnes


def demande_annee(champs: dict[str, str], baremes: Baremes) -> dict[str, Any]:
    """Une année : un foyer (quelques personnes), une garantie pour tous les postes."""
    personnes = _personnes_annee(champs)
    g = garantie(champs)
    garanties: dict[str, dict[str, Any]] = {poste: dict(g) for poste in baremes.catalogue.postes}
    if not _vide(champs.get("medecines_douces.montant")):
        garanties["medecines_douces"] = {"forme": "forfait",
                                         "montant": champs["medecines_douces.montant"]}
        if not _vide(champs.get("medecines_douces.nombre_par_an")):
            garanties["medecines_douces"]["nombre_par_an"] = \
                champs["medecines_douces.nombre_par_an"].strip()
    actes = []
    ids = {f"personnes[{i}]": p["id"] for i, p in enumerate(personnes)}
    for i in _lignes(champs):
        p = f"lignes[{i}]"
        if _vide(champs.get(f"{p}.acte")):
            continue
        ligne: dict[str, Any] = {"personne": ids.get(champs.get(f"{p}.personne") or "personnes[0]",
                                     champs.get(f"{p}.personne")),
                 "acte": champs.get(f"{p}.acte", ""), "date": champs.get(f"{p}.date", "")}
        acte = baremes.catalogue.actes.get(ligne["acte"])
        if acte is None or not acte.prix_bareme:
            ligne["prix"] = champs.get(f"{p}.prix", "")
        if not _vide(champs.get(f"{p}.quantite")):
            ligne["quantite"] = champs[f"{p}.quantite"].strip()
        if not _vide(champs.get(f"{p}.professionnel")):
            ligne["professionnel"] = champs[f"{p}.professionnel"]
        actes.append(ligne)
    return {"annee": champs.get("annee", ""), "personnes": personnes,
            "contrat": {"garanties": garanties}, "actes": actes}


#: Le formulaire de la CSS : jusqu'à six personnes (« personnes[i].age »).
PERSONNES_CSS = 6


def demande_css(champs: dict[str, str]) -> dict[str, Any]:
    """L'estimation du droit à la CSS : les âges saisis font le foyer."""
    personnes = [{"age": champs[f"personnes[{i}].age"].strip()} for i in range(PERSONNES_CSS)
                 if not _vide(champs.get(f"personnes[{i}].age"))]
    d: dict[str, Any] = {"personnes": personnes, "ressources": champs.get("ressources", "")}
    for cle in ("date", "zone", "logement", "aide_logement_mensuelle", "regime"):
        if not _vide(champs.get(cle)):
            d[cle] = champs[cle].strip()
    return d


def _champ_annee(champ: str) -> str:
    """« actes[2].prix » (demande) → « lignes[2].prix » (formulaire)."""
    if champ.startswith("actes["):
        return "lignes[" + champ[6:]
    if champ.startswith("contrat.garanties."):
        reste = champ.split(".", 3)
        return "garantie." + reste[3] if len(reste) > 3 else "garantie.forme"
    return champ


def _champs(brutes: Any) -> dict[str, str]:
    """Les champs du formulaire, en textes ; un champ démesuré est refusé tout de suite."""
    if not isinstance(brutes, dict):
        raise ErreurSaisie("formulaire", "Les champs du formulaire n'ont pas pu être lus.")
    champs = {str(k): ("" if v is None else str(v)) for k, v in brutes.items()}
    for cle, valeur in champs.items():
        if len(valeur) > CHAMP_MAX:
            raise ErreurSaisie(cle[:CHAMP_MAX], f"Cette saisie est trop longue (au plus "
                               f"{CHAMP_MAX} caractères).")
    return champs


def preparer(calculateur: str, baremes: Baremes | None = None) -> None:
    """Charge, sans rien calculer, ce qu'un calculateur demandera à sa première saisie : le site
    l'appelle quand le résultat affiché est déjà celui de la saisie (calculé à la construction).
    Seuls le comparateur et le tableau complet ont des modules et des données à part."""
    if calculateur in ("comparateur", "exemples"):
        from . import formulaire_comparateur
        formulaire_comparateur.preparer(calculateur, baremes or du_paquet())


def executer(calculateur: str, champs: Any, baremes: Baremes | None = None) -> dict[str, Any]:
    """Calcule pour un calculateur du site ; renvoie le HTML du résultat ou l'erreur à afficher."""
    baremes = baremes or du_paquet()
    try:
        champs = _champs(champs)
        if not isinstance(calculateur, str) or calculateur not in CALCULATEURS:
            raise ErreurSaisie("calculateur", "Calculateur inconnu.")
        if calculateur == "css":
            resultat = estimer_css(demande_css(champs), baremes)
            return {"ok": True, "html": rendu.html_css(resultat), "resultat": resultat}
        if calculateur in ("comparateur", "exemples"):  # tableau complet, comparaison
            from . import formulaire_comparateur
            return formulaire_comparateur.executer(calculateur, champs, baremes)
        if calculateur == "reste_a_charge" and champs.get("mode") == "annee":
            demande = demande_annee(champs, baremes)
            try:
                resultat = simuler_annee(demande, baremes)
            except ErreurSaisie as exc:
                raise ErreurSaisie(_champ_annee(exc.champ), exc.message) from None
            return {"ok": True, "html": rendu.html_annee(resultat), "resultat": resultat}
        demande = demande_acte(champs, baremes)
        resultat = simuler(demande, baremes)
        html = rendu.html(resultat)
        if calculateur == "tableau_garanties":
            html += rendu.html_comparaison(resultat, {
                f"{n} % de la base": simuler({**demande, "garantie": {
                    "forme": "pourcentage_br", "taux": n, "secu_incluse": True}}, baremes)
                for n in NIVEAUX_USUELS})
        elif calculateur == "glossaire":
            html = rendu.html_glossaire(resultat) + html
        return {"ok": True, "html": html, "resultat": resultat}
    except ErreurSaisie as exc:
        return {"ok": False, "erreur": exc.en_dict()}
