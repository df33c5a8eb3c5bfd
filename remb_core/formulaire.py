"""Les calculateurs du site : champs de formulaire (textes) → demande → résultat HTML.

Le navigateur envoie les champs tels quels (noms = chemins de la demande : « prix »,
« garantie.taux », « lignes[2].date »…) ; tout ce qui en fait une demande valable vit ici, côté
Python, pour que le JavaScript ne fasse que transporter. Le rendu statique de la construction
passe par la même fonction : la page et le calcul en direct ne peuvent pas différer.
"""

from . import rendu, simuler, simuler_annee
from .actes import catalogue
from .erreurs import ErreurSaisie

CALCULATEURS = ("reste_a_charge", "tableau_garanties", "glossaire", "simple")
NIVEAUX_USUELS = (100, 150, 200, 300)
VRAI = {"true", "on", "oui", "1"}
LIGNES_MAX = 200


def _bool(valeur) -> bool:
    return str(valeur).strip().lower() in VRAI


def _vide(valeur) -> bool:
    return valeur is None or str(valeur).strip() == ""


def garantie(champs: dict, prefixe: str = "garantie") -> dict | None:
    forme = champs.get(f"{prefixe}.forme") or "aucune"
    g = {"forme": forme}
    if forme in ("pourcentage_br", "pourcentage_pmss"):
        g["taux"] = champs.get(f"{prefixe}.taux", "")
    if forme == "pourcentage_br":
        g["secu_incluse"] = champs.get(f"{prefixe}.secu_incluse", "true") != "false"
    if forme == "forfait":
        g["montant"] = champs.get(f"{prefixe}.montant", "")
    if forme != "aucune" and not _vide(champs.get(f"{prefixe}.plafond")):
        g["plafond"] = champs[f"{prefixe}.plafond"]
    return g


def situation(champs: dict, prefixe: str = "situation") -> dict:
    s = {cle: _bool(champs.get(f"{prefixe}.{cle}")) for cle in ("ald", "maternite", "at_mp", "css")}
    if not _vide(champs.get(f"{prefixe}.age")):
        s["age"] = champs[f"{prefixe}.age"].strip()
    return s


def demande_acte(champs: dict) -> dict:
    """Un acte : ne garde que les champs qui ont un sens pour l'acte choisi."""
    acte_id = champs.get("acte", "")
    actes = catalogue().actes
    acte = actes.get(acte_id)
    d = {"acte": acte_id}
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
    if acte is not None and acte.id == "hospitalisation_frais_sejour":
        d["acte_lourd"] = _bool(champs.get("acte_lourd"))
    d["situation"] = situation(champs)
    if not d["situation"]["css"]:
        d["garantie"] = garantie(champs)
    if "contrat_responsable" in champs:
        d["contrat_responsable"] = _bool(champs["contrat_responsable"])
    return d


def _lignes(champs: dict) -> list[int]:
    indices = set()
    for cle in champs:
        if cle.startswith("lignes["):
            try:
                indices.add(int(cle[7:cle.index("]")]))
            except ValueError:
                continue
    return sorted(indices)[:LIGNES_MAX]


def demande_annee(champs: dict) -> dict:
    """Une année : un foyer (jusqu'à trois personnes), une garantie pour tous les postes."""
    personnes = []
    for i in range(3):
        if _vide(champs.get(f"personnes[{i}].age")) and i > 0:
            continue
        personnes.append({"id": champs.get(f"personnes[{i}].id") or f"Personne {i + 1}",
                          "situation": situation(champs, f"personnes[{i}]")})
    g = garantie(champs)
    garanties = {poste: dict(g) for poste in catalogue().postes}
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
        ligne = {"personne": ids.get(champs.get(f"{p}.personne") or "personnes[0]",
                                     champs.get(f"{p}.personne")),
                 "acte": champs.get(f"{p}.acte", ""), "date": champs.get(f"{p}.date", "")}
        acte = catalogue().actes.get(ligne["acte"])
        if acte is None or not acte.prix_bareme:
            ligne["prix"] = champs.get(f"{p}.prix", "")
        if not _vide(champs.get(f"{p}.quantite")):
            ligne["quantite"] = champs[f"{p}.quantite"].strip()
        if not _vide(champs.get(f"{p}.professionnel")):
            ligne["professionnel"] = champs[f"{p}.professionnel"]
        actes.append(ligne)
    return {"annee": champs.get("annee", ""), "personnes": personnes,
            "contrat": {"garanties": garanties}, "actes": actes}


def _champ_annee(champ: str) -> str:
    """« actes[2].prix » (demande) → « lignes[2].prix » (formulaire)."""
    if champ.startswith("actes["):
        return "lignes[" + champ[6:]
    if champ.startswith("contrat.garanties."):
        reste = champ.split(".", 3)
        return "garantie." + reste[3] if len(reste) > 3 else "garantie.forme"
    return champ


def executer(calculateur: str, champs: dict) -> dict:
    """Calcule pour un calculateur du site ; renvoie le HTML du résultat ou l'erreur à afficher."""
    champs = {str(k): ("" if v is None else str(v)) for k, v in dict(champs).items()}
    try:
        if calculateur not in CALCULATEURS:
            raise ErreurSaisie("calculateur", f"Calculateur inconnu « {calculateur} ».")
        if calculateur == "reste_a_charge" and champs.get("mode") == "annee":
            demande = demande_annee(champs)
            try:
                resultat = simuler_annee(demande)
            except ErreurSaisie as exc:
                raise ErreurSaisie(_champ_annee(exc.champ), exc.message) from None
            return {"ok": True, "html": rendu.html_annee(resultat), "resultat": resultat}
        demande = demande_acte(champs)
        resultat = simuler(demande)
        html = rendu.html(resultat)
        if calculateur == "tableau_garanties":
            html += rendu.html_comparaison(resultat, {
                f"{n} % de la base": simuler({**demande, "garantie": {
                    "forme": "pourcentage_br", "taux": n, "secu_incluse": True}})
                for n in NIVEAUX_USUELS})
        elif calculateur == "glossaire":
            html = rendu.html_glossaire(resultat) + html
        return {"ok": True, "html": html, "resultat": resultat}
    except ErreurSaisie as exc:
        return {"ok": False, "erreur": exc.en_dict()}
