"""Le remboursement d'un acte : l'enchaînement des règles, et le résultat qu'elles produisent.

Ordre du calcul (chaque montant est arrondi au centime, au demi supérieur, là où il naît) :
1. dépense, base et taux, part de l'Assurance Maladie avant retenues (`assurance_maladie`) ;
2. retenues : participation forfaitaire puis franchise, jamais plus que ce remboursement
   (`participations`) ;
3. complémentaire : le droit ouvert par la garantie, borné par ce qui reste et par les règles
   du contrat responsable (`complementaire`) ;
4. reste à charge = dépense − Assurance Maladie − complémentaire, détaillé par nature.
Ce module ne contient aucune règle : il passe les montants d'une étape à l'autre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import assurance_maladie, complementaire, hospitalisation, participations
from .baremes import Baremes
from .complementaire import PARTS_COUVRABLES
from .demande import Demande
from .explication import Etape, Journal
from .formats import date_fr
from .monnaie import ZERO, en_texte, nombre_texte
from .participations import Plafonds

#: Parts du reste à charge, dans l'ordre où la complémentaire les couvre, puis les retenues.
PARTS = PARTS_COUVRABLES + ("participation_forfaitaire", "franchise")
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
    detail: dict[str, Decimal]
    etapes: list[Etape] = field(default_factory=list)
    hypotheses: list[str] = field(default_factory=list)
    plafonds_atteints: list[str] = field(default_factory=list)
    garantie_libelle: str = ""
    pf_nombre: int = 0

    def en_dict(self) -> dict[str, Any]:
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
            # Les références de barème sont mémorisées et partagées entre calculs : on les copie ;
            # les étapes sont propres à ce calcul.
            "etapes": [{**e, "parametre": dict(e["parametre"])} if e["parametre"] else e
                       for e in self.etapes],
            "hypotheses": list(self.hypotheses),
            "plafonds_atteints": list(self.plafonds_atteints),
        }


def _au_dessus_de_la_base(d: Demande, total: Decimal, base: Decimal,
                          j: Journal) -> dict[str, Decimal]:
    """Ce qui dépasse la base : dépassement d'un acte remboursé, ou soin non remboursé."""
    au_dessus = total - base
    if au_dessus > 0 and d.acte.rembourse:
        j.etape("depassement", "Dépassement", "Dépense − base : jamais remboursé par "
                "l'Assurance Maladie", au_dessus)
    return {"depassement": au_dessus if d.acte.rembourse else ZERO,
            "non_rembourse": ZERO if d.acte.rembourse else au_dessus}


def calculer(d: Demande, baremes: Baremes, plafonds: Plafonds | None = None) -> Resultat:
    """Le cœur du moteur, sur une demande déjà contrôlée ; `plafonds` sert au calcul sur l'année."""
    plafonds = plafonds or Plafonds()
    j = Journal(baremes, d.date)
    j.hypothese(f"Barème en vigueur le {date_fr(d.date)}.")
    if d.situation.age is None and (d.acte.participation_forfaitaire or d.acte.franchise):
        j.hypothese("Âge non indiqué : calcul pour un adulte de 18 ans ou plus.")
    if d.acte.sejour and d.jours is not None:
        total, amo = hospitalisation.calculer(d, j)
    else:
        if d.acte.sejour:
            j.hypothese("Durée du séjour non indiquée : seuls les frais de séjour sont comptés, "
                        "sans le forfait journalier.")
        total = assurance_maladie.depense(d, j)
        amo = assurance_maladie.calculer(d, total, j, plafonds)
    reste = {**amo.laisse,
             **_au_dessus_de_la_base(d, total - amo.forfaits - amo.non_rembourse, amo.base, j)}
    reste["non_rembourse"] += amo.non_rembourse
    retenues = participations.calculer(d, amo.amo_brut, plafonds, j)
    part_amo = amo.amo_brut - retenues.participation_forfaitaire - retenues.franchise
    j.etape("amo", "Part de l'Assurance Maladie", "Remboursement avant retenues − participation "
            "forfaitaire − franchise", part_amo)
    amc = complementaire.calculer(d, total, amo, reste, plafonds, j)
    detail = {part: reste[part] - amc.couvert[part] for part in PARTS_COUVRABLES}
    detail["participation_forfaitaire"] = retenues.participation_forfaitaire
    detail["franchise"] = retenues.franchise
    rac = total - part_amo - amc.amc
    if sum(detail.values(), ZERO) != rac:
        raise AssertionError("le détail du reste à charge ne tombe pas juste")
    j.etape("reste_a_charge", "Reste à charge", "Dépense − Assurance Maladie − complémentaire",
            rac)
    return Resultat(
        demande=d, depense=total, base=amo.base, taux=amo.taux, amo_brut=amo.amo_brut,
        participation_forfaitaire=retenues.participation_forfaitaire,
        franchise=retenues.franchise, amo=part_amo, ticket_moderateur=amo.ticket_moderateur,
        depassement=reste["depassement"], amc=amc.amc, reste_a_charge=rac, detail=detail,
        etapes=j.etapes, hypotheses=j.hypotheses, plafonds_atteints=j.plafonds_atteints,
        garantie_libelle=complementaire.libelle_garantie(d),
        pf_nombre=retenues.nombre_participations,
    )
