"""Les exemples chiffrés des cinq articles sources (S1 à S15 de seed-examples.md).

Les données sont dans site_macros/exemples_sources.toml, la page « Exemples chiffrés » du site
lit le même fichier. Un test par exemple vérifie, au centime, chacune de ses lignes (lecture :
tests/golden.py) :
- « S1 » : la demande sous l'hypothèse de la source (un taux, une base ou une participation
  imposés, ou une date où le barème donne la valeur qu'elle utilise) ; les chiffres publiés
  (sauf ceux que la source publie faux, nommés avec leur raison) et les chiffres recalculés ;
- « S1-aujourdhui » : la même situation au barème du date_test (2026-06-01) ;
- ses variantes (autre garantie, participation comprise, autre date…).
Chaque ligne vérifie aussi dépense = Assurance Maladie + complémentaire + reste à charge.
"""

from __future__ import annotations

import pytest
from golden import ecarts, executer_un, lire_exemples

EXEMPLES = lire_exemples()
SEED = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "S12", "S13", "S14a",
        "S14b", "S14c", "S14d", "S15"]


def test_tous_les_exemples_des_sources_sont_la():
    assert sorted(ex.id for ex in EXEMPLES) == sorted(SEED)


@pytest.mark.parametrize("exemple", EXEMPLES, ids=[ex.id for ex in EXEMPLES])
def test_exemple(exemple):
    problemes = [p for cas in exemple.cas for p in ecarts(cas, executer_un(cas.requete()))]
    assert not problemes, f"{exemple.id} — {exemple.titre} :\n" + "\n".join(problemes)
