"""Le remboursement d'un acte : part de l'Assurance Maladie, de la complémentaire, reste à charge.

Ordre du calcul (chaque montant est arrondi au centime, au demi supérieur, là où il naît) :
1. dépense = prix × quantité ; base = barème (selon le secteur), base indiquée ou prix ;
2. taux : celui de l'acte, 100 % en cas d'exonération, taux réduit hors parcours ;
3. Assurance Maladie avant retenues = base × taux (ou base − participation sur actes lourds) ;
4. retenues : participation forfaitaire puis franchise, jamais plus que ce remboursement ;
5. complémentaire : le droit ouvert par la garantie, borné par ce qui reste et par les règles
   du contrat responsable ; elle ne paie jamais la participation forfaitaire ni la franchise ;
6. reste à charge = dépense − Assurance Maladie − complémentaire, détaillé par nature.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from . import baremes as _baremes
from .demande import EXCEPTIONS_PARCOURS, Demande
from .erreurs import ErreurSaisie
from .explication import date_fr, etape, reference
from .monnaie import ZERO, en_texte, format_euros, format_taux, nombre_texte, pourcentage

#: Parts du reste à charge, dans l'ordre où la complémentaire les couvre.
PARTS = ("ticket_moderateur", "participation_actes_lourds", "forfait_journalier",
         "forfait_patient_urgences", "majoration_hors_parcours", "depassement", "non_rembourse",
         "participation_forfaitaire", "franchise")
PARTS_TICKET = PARTS[:4]
LIBELLES_PARTS = {
    "ticket_moderateur": "Ticket modérateur non couvert",
    "participation_actes_lourds": "Participation sur les actes lourds non couverte",
    "forfait_journalier": "Forfait journalier non couvert",
    "forfait_patient_urgences": "Forfait patient urgences non couvert",
    "majoration_hors_parcours": "Majoration hors parcours de soins",
    "depassement": "Dépassement non couvert",
    "non_rembourse": "Soin non remboursé par l'Assurance Maladie, non couvert",
    "participation_forfaitaire": "Participation forfaitaire",
    "franchise": "Franchise médicale",
}
NOMS_FRANCHISE = {"medicament": "franchise_medicament",
                  "acte_paramedical": "franchise_acte_paramedical",
                  "transport": "franchise_transport"}
PLAFONDS_JOUR_FRANCHISE = {"acte_paramedical": "franchise_plafond_jour_paramedical",
                           "transport": "franchise_plafond_jour_transport"}


@dataclass
class Plafonds:
    """Ce qui reste disponible sous les plafonds quand l'acte arrive (None : rien d'entamé)."""
    pf_annuel: Decimal | None = None
    pf_nombre_jour: int | None = None
    franchise_annuel: Decimal | None = None
    franchise_jour: Decimal | None = None
    amc: Decimal | None = None
    amc_motif: str = ""


@dataclass
class Resultat:
    demande: Demande
    depense: Decimal
    base: Decimal
    taux: Decimal
    amo_brut: Decimal
    participation_forfaitaire: Decimal
    franchise: Decimal
    amo: Decimal
    ticket_moderateur: Decimal
    depassement: Decimal
    amc: Decimal
    reste_a_charge: Decimal
    detail: dict
    etapes: list = field(default_factory=list)
    hypotheses: list = field(default_factory=list)
    plafonds_atteints: list = field(default_factory=list)
    garantie_libelle: str = ""
    pf_nombre: int = 0

    def en_dict(self) -> dict:
        d = self.demande
        return {
            "acte": d.acte.id,
            "libelle": d.acte.libelle,
            "poste": d.acte.poste,
            "date": d.date.isoformat(),
            "date_bareme": d.date.isoformat(),
            "quantite": d.quantite,
            "secteur": d.secteur,
            "parcours_coordonne": d.parcours_coordonne,
            "depense": en_texte(self.depense),
            "base_remboursement": en_texte(self.base),
            "taux_amo": nombre_texte(self.taux),
            "amo_avant_participations": en_texte(self.amo_brut),
            "participation_forfaitaire": en_texte(self.participation_forfaitaire),
            "franchise": en_texte(self.franchise),
            "amo": en_texte(self.amo),
            "ticket_moderateur": en_texte(self.ticket_moderateur),
            "depassement": en_texte(self.depassement),
            "amc": en_texte(self.amc),
            "reste_a_charge": en_texte(self.reste_a_charge),
            "detail_reste_a_charge": {k: en_texte(v) for k, v in self.detail.items()},
            "garantie": {**d.garantie.en_dict(), "libelle": self.garantie_libelle},
            "contrat_responsable": d.contrat_responsable,
            # Copie : les références de barème sont mémorisées et partagées entre calculs.
            "etapes": [{**e, "parametre": dict(e["parametre"])} if e["parametre"] else dict(e)
                       for e in self.etapes],
            "hypotheses": list(self.hypotheses),
            "plafonds_atteints": list(self.plafonds_atteints),
        }


class _Calcul:
    """Un calcul en cours : garde les barèmes du jour et la liste des étapes."""

    def __init__(self, demande: Demande, plafonds: Plafonds | None):
        self.d = demande
        self.acte = demande.acte
        self.sit = demande.situation
        self.baremes = _baremes.actifs()
        self.plafonds = plafonds or Plafonds()
        self.etapes: list[dict] = []
        self.hypotheses: list[str] = []
        self.plafonds_atteints: list[str] = []
        self.hors_parcours_penalise = False

    def param(self, nom: str):
        """(valeur, référence datée et sourcée) ; la référence est partagée : ne pas la modifier."""
        return self.baremes.consulter(nom, self.d.date, reference)

    def etape(self, code, libelle, regle, valeur, unite="EUR", parametre=None):
        self.etapes.append(etape(code, libelle, regle, valeur, unite, parametre))

    # 1. dépense et base --------------------------------------------------------------------
    def depense(self) -> Decimal:
        d = self.d
        depense = d.prix * d.quantite
        regle = (f"{format_euros(d.prix)} × {d.quantite}" if d.quantite > 1
                 else "Prix facturé")
        ref = None
        if self.acte.prix_bareme:
            _, ref = self.param(self.acte.prix_bareme)
            regle = f"Montant fixé par le barème × {d.quantite}" if d.quantite > 1 else (
                "Montant fixé par le barème")
        self.etape("depense", "Dépense", regle, depense, parametre=ref)
        if self.acte.prix_limite:
            prix_limite, ref_pl = self.param(self.acte.prix_limite)
            if d.prix > prix_limite:
                raise ErreurSaisie("prix", f"{self.acte.libelle} : le prix dépasse le prix limite "
                                   f"de vente ({format_euros(prix_limite)}) ; un équipement "
                                   "100 % Santé ne peut pas coûter plus.")
            self.etape("prix_limite", "Prix limite de vente 100 % Santé",
                       "Le prix d'un équipement 100 % Santé ne peut dépasser ce montant.",
                       prix_limite, parametre=ref_pl)
        return depense

    def base(self, depense: Decimal) -> Decimal:
        d, acte = self.d, self.acte
        if not acte.rembourse:
            self.etape("base", "Base de remboursement", "L'Assurance Maladie ne rembourse pas "
                       "ce soin : il n'a pas de base de remboursement.", ZERO)
            return ZERO
        ref = None
        if d.base_remboursement is not None:
            unitaire, regle = d.base_remboursement, "Base indiquée (feuille de soins ou devis)"
        elif acte.base_minoree and (self.sit.ald or self.sit.at_mp):
            unitaire, ref = self.param(acte.base_minoree)
            regle = "Montant minoré pour une personne en ALD ou victime d'un AT-MP"
        else:
            nom = acte.bases_secteur.get(d.secteur, acte.base)
            if nom == "prix":
                unitaire, regle = d.prix, "La base est le prix facturé (tarif de l'acte)"
                self.hypotheses.append("Base supposée égale au prix : si votre feuille de soins "
                                       "indique une autre base, saisissez-la.")
            else:
                unitaire, ref = self.param(nom)
                regle = {
                    "2_non_optam": "Base d'un médecin de secteur 2 sans OPTAM",
                    "3": "Tarif d'autorité d'un médecin non conventionné (secteur 3)",
                }.get(d.secteur if nom != acte.base else "", "Tarif de l'acte dans le barème")
        base = unitaire * d.quantite
        if d.quantite > 1:
            regle += f", × {d.quantite}"
        if base > depense:
            self.etape("base", "Base de remboursement", regle, base, parametre=ref)
            self.etape("base_plafonnee", "Base retenue", "La base ne peut dépasser la dépense : "
                       "le remboursement porte sur le prix payé.", depense)
            return depense
        self.etape("base", "Base de remboursement", regle, base, parametre=ref)
        return base

    # 2. taux ------------------------------------------------------------------------------------
    def exoneration(self) -> str | None:
        """Motif d'une prise en charge à 100 % du ticket modérateur, ou None."""
        sit = self.sit
        if self.acte.part_patient == "forfait_journalier":
            return ("maternité" if sit.maternite else "accident du travail ou maladie "
                    "professionnelle" if sit.at_mp else None)
        if self.acte.part_patient == "forfait_patient_urgences":
            return "maternité" if sit.maternite else None
        if sit.ald:
            return "affection de longue durée (soins liés à l'ALD)"
        if sit.maternite:
            return "maternité (du 6e mois à 12 jours après l'accouchement)"
        if sit.at_mp:
            return "accident du travail ou maladie professionnelle"
        return None

    def hors_parcours(self) -> str | None:
        """Pourquoi la pénalité hors parcours ne s'applique pas ('' si elle s'applique)."""
        d, acte = self.d, self.acte
        if d.parcours_coordonne or not acte.soumis_au_parcours:
            return None
        if self.sit.age is not None and self.sit.age < 16:
            return "moins de 16 ans"
        if acte.acces_direct_ages and self.sit.age is not None:
            bas, haut = acte.acces_direct_ages
            if bas <= self.sit.age <= haut:
                return f"accès direct entre {bas} et {haut} ans"
        if d.exception_parcours:
            return EXCEPTIONS_PARCOURS[d.exception_parcours]
        return ""

    def taux(self) -> tuple[Decimal, Decimal]:
        """(taux appliqué, taux de référence sans pénalité hors parcours)."""
        d, acte = self.d, self.acte
        if not acte.rembourse:
            return ZERO, ZERO
        if d.taux_amo is not None:
            self.etape("taux", "Taux de l'Assurance Maladie", "Taux indiqué dans la demande",
                       d.taux_amo, "pourcent")
            return d.taux_amo, d.taux_amo
        motif = self.exoneration()
        if acte.taux is None:  # forfaits : l'Assurance Maladie n'en paie rien, sauf exonération
            if motif:
                valeur, ref = self.param("taux_exoneration")
                self.etape("taux", "Prise en charge du forfait", f"Exonération : {motif}",
                           valeur, "pourcent", ref)
                return valeur, valeur
            self.etape("taux", "Prise en charge du forfait", "Ce forfait reste à la charge du "
                       "patient (ou de sa complémentaire).", ZERO, "pourcent")
            return ZERO, ZERO
        normal, ref = self.param(acte.taux)
        if motif:
            valeur, ref_exo = self.param("taux_exoneration")
            self.etape("taux", "Taux de l'Assurance Maladie", f"Exonération du ticket "
                       f"modérateur : {motif}", valeur, "pourcent", ref_exo)
            return valeur, valeur
        pourquoi = self.hors_parcours()
        if pourquoi == "":
            reduit, ref_hp = self.param("taux_hors_parcours")
            self.etape("taux", "Taux de l'Assurance Maladie", f"Hors parcours de soins "
                       f"coordonnés : le taux passe de {format_taux(normal)} à "
                       f"{format_taux(reduit)}.", reduit, "pourcent", ref_hp)
            self.hors_parcours_penalise = True
            return reduit, normal
        regle = "Taux de l'acte"
        if pourquoi:
            regle += f" ; hors parcours sans pénalité ({pourquoi})"
        self.etape("taux", "Taux de l'Assurance Maladie", regle, normal, "pourcent", ref)
        return normal, normal

    # 3. Assurance Maladie ------------------------------------------------------------------------
    def actes_lourds(self, base: Decimal) -> tuple[Decimal, dict] | None:
        """Participation sur les actes lourds si elle remplace le ticket modérateur."""
        d, acte = self.d, self.acte
        if d.taux_amo is not None:
            return None
        if acte.actes_lourds:
            seuil, ref_seuil = self.param("seuil_actes_lourds")
            if base < seuil * d.quantite:
                return None
        elif not d.acte_lourd:
            return None
        forfait, ref = self.param("participation_actes_lourds")
        return forfait, ref

    def exonere_actes_lourds(self) -> str | None:
        sit = self.sit
        for drapeau, motif in ((sit.ald, "ALD"), (sit.maternite, "maternité"),
                               (sit.at_mp, "AT-MP"), (sit.css, "Complémentaire santé solidaire")):
            if drapeau:
                return motif
        return None

    # 4. retenues --------------------------------------------------------------------------------
    def exonere_participations(self) -> str | None:
        sit = self.sit
        if sit.mineur:
            return "moins de 18 ans"
        if sit.maternite:
            return "maternité (du 6e mois à 12 jours après l'accouchement)"
        if sit.css:
            return "bénéficiaire de la Complémentaire santé solidaire"
        return None

    def participation_forfaitaire(self, amo_brut: Decimal) -> tuple[Decimal, int]:
        d, acte = self.d, self.acte
        if not acte.participation_forfaitaire:
            return ZERO, 0
        exo = self.exonere_participations()
        if exo:
            self.etape("participation_forfaitaire", "Participation forfaitaire",
                       f"Non due : {exo}.", ZERO)
            return ZERO, 0
        if d.participation_forfaitaire is not None:
            unitaire, ref = d.participation_forfaitaire, None
            regle = "Montant indiqué dans la demande"
        else:
            unitaire, ref = self.param("participation_forfaitaire")
            regle = "Retenue par consultation ou acte"
        nombre = d.quantite
        max_jour, _ = self.param("participation_forfaitaire_max_par_jour")
        limite_jour = int(max_jour) if self.plafonds.pf_nombre_jour is None else \
            self.plafonds.pf_nombre_jour
        if nombre > limite_jour:
            self.plafonds_atteints.append(
                f"Participation forfaitaire : au plus {int(max_jour)} par jour pour un même "
                "professionnel.")
            regle += f" ; au plus {int(max_jour)} par jour pour un même professionnel"
            nombre = limite_jour
        montant = unitaire * nombre
        plafond_an, _ = self.param("participation_forfaitaire_plafond_annuel")
        reste_an = plafond_an if self.plafonds.pf_annuel is None else self.plafonds.pf_annuel
        if montant > reste_an:
            self.plafonds_atteints.append(
                f"Participation forfaitaire : plafond annuel de {format_euros(plafond_an)} atteint.")
            regle += f" ; plafond annuel de {format_euros(plafond_an)} atteint"
            montant = reste_an
        if montant > amo_brut:
            regle += " ; limitée au remboursement de l'acte"
            montant = amo_brut
        if nombre > 1:
            regle += f" ({nombre} participations)"
        self.etape("participation_forfaitaire", "Participation forfaitaire", regle, montant,
                   parametre=ref)
        return montant, nombre

    def franchise(self, disponible: Decimal) -> Decimal:
        acte, d = self.acte, self.d
        if not acte.franchise:
            return ZERO
        exo = self.exonere_participations()
        if exo:
            self.etape("franchise", "Franchise médicale", f"Non due : {exo}.", ZERO)
            return ZERO
        unitaire, ref = self.param(NOMS_FRANCHISE[acte.franchise])
        montant = unitaire * d.quantite
        regle = f"{format_euros(unitaire)} par {acte.unite}"
        if d.quantite > 1:
            regle += f" × {d.quantite}"
        if acte.franchise in PLAFONDS_JOUR_FRANCHISE:
            plafond_jour, _ = self.param(PLAFONDS_JOUR_FRANCHISE[acte.franchise])
            reste_jour = plafond_jour if self.plafonds.franchise_jour is None else \
                self.plafonds.franchise_jour
            if montant > reste_jour:
                self.plafonds_atteints.append(
                    f"Franchise : plafond journalier de {format_euros(plafond_jour)} atteint.")
                regle += f" ; plafond journalier de {format_euros(plafond_jour)}"
                montant = reste_jour
        plafond_an, _ = self.param("franchise_plafond_annuel")
        reste_an = plafond_an if self.plafonds.franchise_annuel is None else \
            self.plafonds.franchise_annuel
        if montant > reste_an:
            self.plafonds_atteints.append(
                f"Franchise : plafond annuel de {format_euros(plafond_an)} atteint.")
            regle += f" ; plafond annuel de {format_euros(plafond_an)} atteint"
            montant = reste_an
        if montant > disponible:
            regle += " ; limitée au remboursement de l'acte"
            montant = disponible
        self.etape("franchise", "Franchise médicale", regle, montant, parametre=ref)
        return montant

    # 5. complémentaire ----------------------------------------------------------------------------
    def libelle_garantie(self) -> str:
        g = self.d.garantie
        if g.css:
            return "Complémentaire santé solidaire (ticket modérateur et forfaits)"
        texte = {
            "aucune": "Pas de complémentaire",
            "frais_reels": "Frais réels",
            "ticket_moderateur": "Ticket modérateur",
            "forfait": f"Forfait de {format_euros(g.montant or ZERO)} par {self.acte.unite}",
            "pourcentage_pmss": f"{format_taux(g.taux or ZERO)} du PMSS par {self.acte.unite}",
        }.get(g.forme)
        if g.forme == "pourcentage_br":
            texte = f"{format_taux(g.taux)} de la base, " + (
                "Sécurité sociale incluse" if g.secu_incluse else "en plus de la Sécurité sociale")
        if g.plafond is not None:
            texte += f", dans la limite de {format_euros(g.plafond)} par {self.acte.unite}"
        return texte

    def droit_garantie(self, base, amo_ref, tm, couvrable) -> tuple[Decimal, str, dict | None]:
        """Ce que la garantie promet pour cet acte, avant les bornes (montant, règle, paramètre)."""
        g, q = self.d.garantie, self.d.quantite
        if g.forme == "aucune":
            return ZERO, "Pas de complémentaire", None
        if g.forme == "frais_reels":
            return couvrable, "Frais réels : tout ce qui reste, dans les limites légales", None
        if g.forme == "ticket_moderateur":
            return tm, "Le ticket modérateur (la part de la base non remboursée)", None
        if g.forme == "forfait":
            return g.montant * q, f"Forfait de {format_euros(g.montant)} par {self.acte.unite}", None
        if g.forme == "pourcentage_pmss":
            pmss, ref = self.param("pmss")
            unitaire = pourcentage(pmss, g.taux)
            return unitaire * q, (f"{format_taux(g.taux)} du PMSS ({format_euros(pmss)}) = "
                                  f"{format_euros(unitaire)} par {self.acte.unite}"), ref
        total = pourcentage(base, g.taux)
        if g.secu_incluse:
            droit = max(total - amo_ref, ZERO)
            return droit, (f"{format_taux(g.taux)} de la base = {format_euros(total)}, moins le "
                           f"remboursement de l'Assurance Maladie ({format_euros(amo_ref)})"), None
        return total, f"{format_taux(g.taux)} de la base, en plus de l'Assurance Maladie", None

    def complementaire(self, depense, base, amo_brut, amo_ref, couches) -> Decimal:
        """Part de la complémentaire ; `couches` : {part: [montant, dont couvrable]}."""
        d, acte, g = self.d, self.acte, self.d.garantie
        if g.forme == "aucune":
            self.etape("amc", "Complémentaire", "Pas de complémentaire santé indiquée.", ZERO)
            return ZERO
        # Ce que laisse l'Assurance Maladie sur la base : ticket modérateur ou forfait qui le
        # remplace (actes lourds, forfait journalier, forfait urgences).
        tm = sum((couches[k][0] for k in PARTS_TICKET), ZERO)
        responsable = d.contrat_responsable
        if couches["majoration_hors_parcours"][0] > 0:
            if g.css:
                tm += couches["majoration_hors_parcours"][0]
            elif responsable:
                couches["majoration_hors_parcours"][1] = ZERO
        if responsable and d.secteur in ("2_non_optam", "3") and couches["depassement"][0] > 0:
            taux_max, ref = self.param("plafond_depassement_non_optam")
            maximum = pourcentage(base, taux_max)
            if couches["depassement"][0] > maximum:
                couches["depassement"][1] = maximum
                self.etape("plafond_depassement", "Limite du contrat responsable",
                           f"Médecin sans OPTAM : la complémentaire couvre au plus "
                           f"{format_taux(taux_max)} de la base en dépassement.", maximum,
                           parametre=ref)
        couvrable = sum((c[1] for c in couches.values()), ZERO)
        droit, regle, ref = self.droit_garantie(base, amo_ref, tm, couvrable)
        if g.plafond is not None and droit > g.plafond * d.quantite:
            droit = g.plafond * d.quantite
            regle += f" ; plafonné à {format_euros(g.plafond)} par {acte.unite}"
        if acte.panier_100_sante and responsable:
            if depense - amo_brut > droit:
                droit = depense - amo_brut
                regle = ("100 % Santé : un contrat responsable rembourse tout ce que l'Assurance "
                         "Maladie laisse, dans la limite du prix limite de vente")
        self.etape("droit_amc", "Droit ouvert par la garantie", regle, droit, parametre=ref)
        amc = min(droit, couvrable)
        if acte.plafond_responsable and responsable:
            cap, ref_cap = self.param(acte.plafond_responsable)
            maximum = max(cap * d.quantite - amo_brut, ZERO)
            if amc > maximum:
                amc = maximum
                self.etape("plafond_responsable", "Limite du contrat responsable",
                           f"Assurance Maladie et complémentaire ensemble : au plus "
                           f"{format_euros(cap)} par {acte.unite}.", maximum, parametre=ref_cap)
        if self.plafonds.amc is not None and amc > self.plafonds.amc:
            amc = max(self.plafonds.amc, ZERO)
            self.plafonds_atteints.append(self.plafonds.amc_motif or
                                          "Limite annuelle de la garantie atteinte.")
            self.etape("limite_amc", "Limite de la garantie", self.plafonds.amc_motif or
                       "Ce qui reste de la limite annuelle de la garantie.", amc)
        regle = "Le plus petit du droit ouvert et de ce qui reste à payer"
        if responsable:
            regle += " (hors participation forfaitaire et franchise, jamais remboursées)"
        self.etape("amc", "Part de la complémentaire", regle, amc)
        return amc


def calculer(demande: Demande, plafonds: Plafonds | None = None) -> Resultat:
    """Le cœur du moteur, sur une demande déjà contrôlée ; `plafonds` sert au calcul sur l'année."""
    c = _Calcul(demande, plafonds)
    acte, sit = demande.acte, demande.situation
    c.hypotheses.append(f"Barème en vigueur le {date_fr(demande.date)}.")
    if sit.age is None and (acte.participation_forfaitaire or acte.franchise):
        c.hypotheses.append("Âge non indiqué : calcul pour un adulte de 18 ans ou plus.")
    depense = c.depense()
    base = c.base(depense)
    taux, taux_ref = c.taux()
    couches = {part: [ZERO, ZERO] for part in PARTS[:7]}

    lourd = c.actes_lourds(base) if acte.rembourse else None
    if lourd is not None:
        forfait, ref = lourd
        exo = c.exonere_actes_lourds()
        if exo:
            amo_brut = base
            c.etape("actes_lourds", "Acte lourd", f"La participation sur les actes lourds n'est "
                    f"pas due ({exo}) : l'Assurance Maladie paie toute la base.", amo_brut,
                    parametre=ref)
        else:
            forfait = min(forfait, base)
            amo_brut = base - forfait
            couches["participation_actes_lourds"] = [forfait, forfait]
            c.etape("actes_lourds", "Participation sur les actes lourds", "Au-delà du seuil des "
                    "actes lourds, l'Assurance Maladie paie toute la base moins cette "
                    "participation, qui remplace le ticket modérateur.", forfait, parametre=ref)
        amo_ref = amo_brut
    else:
        amo_brut = pourcentage(base, taux)
        amo_ref = pourcentage(base, taux_ref)
        if acte.rembourse:
            c.etape("amo_brut", "Remboursement avant retenues",
                    f"Base × taux ({format_euros(base)} × {format_taux(taux)}), arrondi au "
                    "centime", amo_brut)
        part = base - amo_ref
        couches[acte.part_patient] = [part, part]
        majoration = amo_ref - amo_brut
        if c.hors_parcours_penalise:
            taux_max, ref_max = c.param("plafond_majoration_hors_parcours")
            tarif_g, _ = c.param("consultation_generaliste")
            plafond = pourcentage(tarif_g, taux_max) * demande.quantite
            if majoration > plafond:
                majoration = plafond
                amo_brut = amo_ref - majoration
                c.etape("majoration_plafonnee", "Majoration plafonnée", f"La baisse hors "
                        f"parcours ne dépasse pas {format_taux(taux_max)} du tarif de la "
                        f"consultation du généraliste ({format_euros(tarif_g)}).", plafond,
                        parametre=ref_max)
        couches["majoration_hors_parcours"] = [majoration, majoration]
        if part > 0 and acte.part_patient == "ticket_moderateur":
            c.etape("ticket_moderateur", "Ticket modérateur", "Base − remboursement au taux "
                    "normal : la part de la base que l'Assurance Maladie laisse", part)
        if majoration > 0:
            c.etape("majoration", "Majoration hors parcours", "Ce que la pénalité hors parcours "
                    "retire au remboursement", majoration)
    au_dessus = depense - base
    cle_dessus = "depassement" if acte.rembourse else "non_rembourse"
    couches[cle_dessus] = [au_dessus, au_dessus]
    if au_dessus > 0 and acte.rembourse:
        c.etape("depassement", "Dépassement", "Dépense − base : jamais remboursé par "
                "l'Assurance Maladie", au_dessus)

    pf, nombre_pf = c.participation_forfaitaire(amo_brut)
    franchise = c.franchise(amo_brut - pf)
    amo = amo_brut - pf - franchise
    c.etape("amo", "Part de l'Assurance Maladie", "Remboursement avant retenues − participation "
            "forfaitaire − franchise", amo)

    amc = c.complementaire(depense, base, amo_brut, amo_ref, couches)
    detail, reste = {}, amc
    for part in PARTS[:7]:
        payee = min(reste, couches[part][1])
        reste -= payee
        detail[part] = couches[part][0] - payee
    detail["participation_forfaitaire"] = pf
    detail["franchise"] = franchise
    rac = depense - amo - amc
    assert sum(detail.values(), ZERO) == rac, "le détail du reste à charge ne tombe pas juste"
    c.etape("reste_a_charge", "Reste à charge", "Dépense − Assurance Maladie − complémentaire",
            rac)
    return Resultat(
        demande=demande, depense=depense, base=base, taux=taux, amo_brut=amo_brut,
        participation_forfaitaire=pf, franchise=franchise, amo=amo,
        ticket_moderateur=couches[acte.part_patient][0] if acte.part_patient ==
        "ticket_moderateur" else ZERO,
        depassement=au_dessus if acte.rembourse else ZERO, amc=amc, reste_a_charge=rac,
        detail=detail, etapes=c.etapes, hypotheses=c.hypotheses,
        plafonds_atteints=c.plafonds_atteints, garantie_libelle=c.libelle_garantie(),
        pf_nombre=nombre_pf,
    )
