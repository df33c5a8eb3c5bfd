"""Macros MkDocs : elles appellent `remb_core` et mettent ses résultats en forme.

Aucune règle ni aucun tarif ici : chaque chiffre vient du moteur et des barèmes, pour la date
du barème du site (REMB_DATE_BAREME, sinon `extra.date_du_bareme` de mkdocs.yml, sinon le jour de
la construction). Chaque tableau produit dit pour quelle date il est calculé.
"""

import datetime as dt
import json
import os
import tomllib
from decimal import Decimal
from html import escape
from pathlib import Path

import remb_core
from remb_core import baremes as _baremes
from remb_core import rendu
from remb_core.actes import base_par_defaut
from remb_core.erreurs import ErreurBareme, ErreurSaisie
from remb_core.formats import date_fr, valeur
from remb_core.simulation import LIBELLES_PARTS

ICI = Path(__file__).parent
LIGNES = (("depense", "Dépense"), ("amo", "Assurance Maladie"), ("amc", "Complémentaire"),
          ("reste_a_charge", "Reste à charge"))


def date_du_bareme(config_extra: dict | None = None) -> dt.date:
    texte = os.environ.get("REMB_DATE_BAREME") or (config_extra or {}).get("date_du_bareme") or ""
    return dt.date.fromisoformat(str(texte)) if str(texte).strip() else dt.date.today()


def charger_baremes() -> _baremes.Baremes:
    """Les barèmes du paquet, ou ceux d'un dossier de travail (REMB_BAREMES_DIR) pour prévisualiser."""
    dossier = os.environ.get("REMB_BAREMES_DIR")
    if not dossier:
        return _baremes.du_paquet()
    textes = {f.name: f.read_text(encoding="utf-8") for f in sorted(Path(dossier).glob("*.toml"))
              if f.name != _baremes.FICHIER_ACTES}
    return _baremes.charger_textes(textes)


def valeur_formatee(parametre, v) -> str:
    return valeur(v.valeur, parametre.unite)


def minuscule_initiale(texte: str) -> str:
    """« Ticket modérateur » → « ticket modérateur », sans toucher « Sécurité sociale »."""
    return texte[:1].lower() + texte[1:]


def _source(valeur) -> str:
    texte = valeur.source.replace("|", "/")
    if valeur.url:
        texte = f"[{texte}]({valeur.url})"
    if valeur.confiance == "basse":
        texte += " — *à confirmer*"
    return texte


class Macros:
    """Les macros, liées à une date de barème."""

    def __init__(self, jour: dt.date, baremes: _baremes.Baremes | None = None):
        self.jour = jour
        self.baremes = baremes or _baremes.du_paquet()

    # --- en ligne ------------------------------------------------------------------------
    def parametre(self, nom: str):
        if nom not in self.baremes:
            raise KeyError(f"paramètre de barème inconnu : « {nom} »")
        p = self.baremes.parametre(nom)
        return p, p.a_la_date(self.jour)

    def montant(self, nom: str) -> str:
        p, v = self.parametre(nom)
        return valeur_formatee(p, v)

    def montant_au(self, nom: str, jour: str) -> str:
        """La valeur d'un paramètre à une autre date (pour parler d'une valeur passée)."""
        p = self.baremes.parametre(nom)
        return valeur_formatee(p, p.a_la_date(dt.date.fromisoformat(jour)))

    def depuis(self, nom: str) -> str:
        return date_fr(self.parametre(nom)[1].depuis)

    def date_bareme(self) -> str:
        return date_fr(self.jour)

    def _acte(self, acte_id: str):
        actes = self.baremes.catalogue.actes
        if acte_id not in actes:
            raise KeyError(f"acte inconnu : « {acte_id} »")
        return actes[acte_id]

    def libelle_acte(self, acte_id: str) -> str:
        return self._acte(acte_id).libelle

    def base_acte(self, acte_id: str) -> str:
        nom = base_par_defaut(self._acte(acte_id))
        if nom is None:
            raise KeyError(f"l'acte « {acte_id} » n'a pas de base dans le barème")
        return self.montant(nom)

    def taux_acte(self, acte_id: str) -> str:
        acte = self._acte(acte_id)
        if not acte.taux:
            raise KeyError(f"l'acte « {acte_id} » n'a pas de taux")
        return self.montant(acte.taux)

    # --- blocs ---------------------------------------------------------------------------------
    def resoudre(self, demande: dict) -> dict:
        """Date du site ; `prix="tarif"` : la base de l'acte au barème du site (sans dépassement)."""
        demande = {"date": self.jour.isoformat(), **demande}
        if demande.get("prix") == "tarif":
            acte = self._acte(demande["acte"])
            age = (demande.get("situation") or {}).get("age")
            nom = base_par_defaut(acte, demande.get("secteur", "1"), age) or acte.tarif_reference
            if nom is None:
                raise KeyError(f"l'acte « {acte.id} » n'a pas de tarif dans le barème")
            demande["prix"] = str(self.baremes.valeur(nom, self.jour).valeur)
        return demande

    def simuler(self, demande: dict) -> dict:
        demande = self.resoudre(demande)
        try:
            return remb_core.simuler(demande, self.baremes)
        except ErreurSaisie as exc:
            raise ValueError(f"exemple invalide {json.dumps(demande, ensure_ascii=False)} : "
                             f"{exc}") from None

    def cas(self, **demande) -> str:
        demande = self.resoudre(demande)
        r = self.simuler(demande)
        return bloc_resultat(r, json.dumps(demande, ensure_ascii=False, sort_keys=True))

    def comparer(self, demande: dict, variantes: dict) -> str:
        demandes = {titre: self.resoudre({**demande, **v}) for titre, v in variantes.items()}
        resultats = {titre: self.simuler(d) for titre, d in demandes.items()}
        premiere = next(iter(resultats.values()))
        titres = list(resultats)
        lignes = ['| <span class="remb-masque">Montant</span> | ' + " | ".join(titres) + " |",
                  "|---|" + "---:|" * len(titres)]
        for cle, libelle in LIGNES:
            gras = "**" if cle == "reste_a_charge" else ""
            lignes.append(f"| {gras}{libelle}{gras} | " + " | ".join(
                f"{gras}{rendu.euros(r[cle])}{gras}" for r in resultats.values()) + " |")
        parts = [k for k in LIBELLES_PARTS
                 if any(Decimal(r["detail_reste_a_charge"][k]) for r in resultats.values())]
        for k in parts:
            lignes.append(f"| *dont {minuscule_initiale(LIBELLES_PARTS[k])}* | " + " | ".join(
                f"*{rendu.euros(r['detail_reste_a_charge'][k])}*" for r in resultats.values())
                + " |")
        legende = (f"*{premiere['libelle']} — calcul du moteur au barème du "
                   f"{date_fr(self.jour)}. "
                   + " ; ".join(f"{t} : {minuscule_initiale(r['garantie']['libelle'])}"
                                for t, r in resultats.items()) + ".*")
        donnees = escape(json.dumps({t: {"demande": demandes[t], **{k: r[k] for k, _ in LIGNES}}
                                     for t, r in resultats.items()}, ensure_ascii=False))
        return (f'<div class="remb-comparaison" data-resultats="{donnees}" markdown="1">\n\n'
                + "\n".join(lignes) + f"\n\n{legende}\n\n</div>")

    def tableau_parametres(self, noms: list) -> str:
        lignes = ["| Paramètre | Valeur | Depuis le | Source |", "|---|---:|---|---|"]
        for nom in noms:
            if self.baremes.parametre(nom).valeurs[0].depuis > self.jour:
                continue  # pas encore en vigueur à la date du barème du site
            p, v = self.parametre(nom)
            lignes.append(f"| {p.libelle} | {valeur_formatee(p, v)} | {date_fr(v.depuis)} | "
                          f"{_source(v)} |")
        return "\n".join(lignes) + f"\n\n*Valeurs en vigueur le {date_fr(self.jour)}.*"

    def tableau_actes(self, postes: list | None = None) -> str:
        lignes = ["| Acte | Base de remboursement | Taux Assurance Maladie | Participation "
                  "forfaitaire | Franchise |", "|---|---:|---:|:---:|:---:|"]
        modes = {"prix": "le tarif facturé", "saisie": "selon l'acte", "aucune": "—"}
        for a in remb_core.actes(self.jour.isoformat(), self.baremes):
            if postes and a["poste"] not in postes:
                continue
            base = rendu.euros(a["base_remboursement"]) if a["base_remboursement"] else \
                modes[a["base_mode"]]
            taux = ("forfait à la charge du patient" if a.get("forfait") else
                    valeur(a["taux_amo"], "pourcent") if a["taux_amo"] is not None
                    else "non remboursé")
            franchise = {"medicament": "par boîte", "acte_paramedical": "par acte",
                         "transport": "par trajet"}.get(a["franchise"], "—")
            lignes.append(f"| {a['libelle']} | {base} | {taux} | "
                          f"{'oui' if a['participation_forfaitaire'] else '—'} | {franchise} |")
        return "\n".join(lignes) + f"\n\n*Barème du {date_fr(self.jour)}.*"

    def baremes_en_vigueur(self) -> str:
        baremes = self.baremes
        blocs = []
        for fichier in sorted({p.fichier for p in baremes.parametres.values()}):
            titre = TITRES_FICHIERS.get(fichier, fichier)
            noms = [n for n, p in baremes.parametres.items() if p.fichier == fichier]
            blocs.append(f"## {titre}\n\n" + self.tableau_parametres(noms))
        return "\n\n".join(blocs)

    def historique_baremes(self) -> str:
        baremes = self.baremes
        blocs = []
        for fichier in sorted({p.fichier for p in baremes.parametres.values()}):
            blocs.append(f"## {TITRES_FICHIERS.get(fichier, fichier)}")
            for nom, p in baremes.parametres.items():
                if p.fichier != fichier:
                    continue
                lignes = [f"### {p.libelle} {{ #{nom} }}", ""]
                if p.description:
                    lignes += [p.description, ""]
                lignes += ["| Depuis le | Valeur | Source | Remarque |", "|---|---:|---|---|"]
                for v in p.valeurs:
                    marque = " (à venir)" if v.depuis > self.jour else ""
                    lignes.append(f"| {date_fr(v.depuis)}{marque} | {valeur_formatee(p, v)} | "
                                  f"{_source(v)} | {(v.note or '').replace('|', '/')} |")
                lignes += ["", f"*Paramètre `{nom}`, fichier `{p.fichier}`"
                           + (f", vérifié le {date_fr(p.verifie_le)}" if p.verifie_le else "")
                           + ".*"]
                blocs.append("\n".join(lignes))
        return "\n\n".join(blocs)

    def nouveautes(self, mois: int = 12) -> str:
        baremes = self.baremes
        debut = self.jour - dt.timedelta(days=round(mois * 30.44))
        passees, futures = [], []
        for p in baremes.parametres.values():
            for avant, v in zip((None,) + p.valeurs, p.valeurs, strict=False):
                if v.depuis > self.jour:
                    futures.append((v.depuis, p, avant, v))
                elif v.depuis > debut:
                    passees.append((v.depuis, p, avant, v))

        def tableau(liste):
            lignes = ["| Date d'effet | Paramètre | Avant | Après | Source |",
                      "|---|---|---:|---:|---|"]
            for jour, p, avant, v in sorted(liste, key=lambda x: (x[0], x[1].libelle)):
                lignes.append(f"| {date_fr(jour)} | [{p.libelle}](historique.md#{p.nom}) | "
                              f"{valeur_formatee(p, avant) if avant else '—'} | "
                              f"{valeur_formatee(p, v)} | {_source(v)} |")
            return "\n".join(lignes)

        texte = (f"## Les douze derniers mois\n\nChangements entrés en vigueur entre le "
                 f"{date_fr(debut)} et le {date_fr(self.jour)}.\n\n")
        texte += tableau(passees) if passees else "*Aucun changement sur cette période.*"
        if futures:
            texte += "\n\n## Déjà connus, à venir\n\n" + tableau(futures)
        return texte

    def exemples_chiffres(self) -> str:
        exemples = tomllib.loads((ICI / "exemples_sources.toml").read_text(encoding="utf-8"))
        blocs = []
        for ex in exemples["exemple"]:
            blocs.append(bloc_exemple(self, ex))
        return "\n\n".join(blocs)

    def calculateur(self, nom: str) -> str:
        from .calculateurs import calculateur
        return calculateur(self, nom)

    def comparateur(self) -> str:
        from .comparateur import comparateur
        return comparateur(self)

    def tableau_complet(self) -> str:
        from .comparateur import tableau_complet
        return tableau_complet(self)

    def sources_prereglages(self) -> str:
        from .comparateur_pages import sources_prereglages
        return sources_prereglages(self)

    def liste_exemples(self) -> str:
        from .comparateur_pages import liste_exemples
        return liste_exemples(self)


TITRES_FICHIERS = {
    "participations.toml": "Participation forfaitaire et franchises",
    "forfaits.toml": "Forfaits hospitaliers et urgences",
    "taux.toml": "Taux de remboursement de l'Assurance Maladie",
    "tarifs.toml": "Bases de remboursement et prix limites",
    "contrat_responsable.toml": "Contrat responsable",
    "securite_sociale.toml": "Plafond de la sécurité sociale",
    "css.toml": "Complémentaire santé solidaire",
}


def bloc_resultat(r: dict, demande_json: str) -> str:
    """Un résultat du moteur, rendu par `remb_core.rendu` (le même rendu que le calculateur)."""
    attributs = " ".join(f'data-{k.replace("_", "-")}="{r[k]}"' for k, _ in LIGNES)
    return (f'<div class="remb-cas" {attributs} data-demande="{escape(demande_json)}">'
            f"{rendu.html(r)}</div>")


def bloc_exemple(m: Macros, ex: dict) -> str:
    source = m.simuler(ex["demande"])
    ecarts = []
    for cle, publie in ex.get("publie", {}).items():
        calcule = source[cle]
        ecarts.append(f"| {CLES_EXEMPLES.get(cle, cle)} | {rendu.euros(publie)} | "
                      f"{rendu.euros(calcule)} |")
    aujourdhui_demande = {k: v for k, v in ex.get("aujourdhui", ex["demande"]).items()
                          if k != "date"}
    aujourdhui = m.simuler(aujourdhui_demande)
    lignes = [f"## {ex['id']} — {ex['titre']}", "",
              f"**Ce que dit la source** (article {ex['article']}) : {ex['source_dit']}", "",
              f"**Hypothèses qu'elle suppose** : {ex['hypotheses']}", ""]
    if ecarts:
        lignes += ["| Montant | Publié par la source | Recalculé avec ses hypothèses |",
                   "|---|---:|---:|", *ecarts, ""]
    lignes += [f"**Avec le barème du {date_fr(m.jour)}** : {ex['aujourdhui_texte']}", "",
               bloc_resultat(aujourdhui, json.dumps(aujourdhui_demande, ensure_ascii=False,
                                                    sort_keys=True))]
    return "\n".join(lignes)


CLES_EXEMPLES = {"amo": "Assurance Maladie", "amc": "Complémentaire",
                 "reste_a_charge": "Reste à charge", "ticket_moderateur": "Ticket modérateur",
                 "amo_avant_participations": "Assurance Maladie avant participation",
                 "depense": "Dépense"}


from . import fraicheur  # noqa: E402
from .fraicheur import on_post_page_macros  # noqa: E402, F401 (crochet de mkdocs-macros)


def define_env(env):
    """Point d'entrée de mkdocs-macros : enregistre les macros pour la date du barème."""
    from mkdocs.exceptions import PluginError

    try:
        baremes = charger_baremes()
    except ErreurBareme as exc:
        raise PluginError(f"Barème invalide — {exc}") from None
    jour = date_du_bareme(env.conf.get("extra"))
    m = Macros(jour, baremes)
    fraicheur.installer(env, m)  # note les paramètres montrés par chaque page
    env.variables["date_bareme_iso"] = jour.isoformat()
    for nom in ("montant", "montant_au", "depuis", "date_bareme", "libelle_acte", "base_acte", "taux_acte",
                "cas", "comparer", "tableau_parametres", "tableau_actes", "baremes_en_vigueur",
                "historique_baremes", "nouveautes", "exemples_chiffres", "calculateur",
                "comparateur", "tableau_complet", "sources_prereglages", "liste_exemples"):
        env.macro(getattr(m, nom), nom)
