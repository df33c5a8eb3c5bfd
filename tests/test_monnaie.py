"""Montants : format français (contre Babel), arrondi au demi supérieur, conversion sans float."""

from decimal import Decimal

import pytest
from babel.numbers import format_currency

from remb_core.monnaie import (
    arrondir,
    decimal_de,
    en_texte,
    format_euros,
    format_taux,
    nombre_texte,
    pourcentage,
)

MONTANTS = ["0", "0.5", "19.5", "1741.5", "1234567.89", "-3", "0.09", "999.99", "1000",
            "-1234.5", "12345.6", "100000"]


@pytest.mark.parametrize("montant", MONTANTS)
def test_format_euros_comme_babel(montant):
    assert format_euros(montant) == format_currency(Decimal(montant), "EUR", locale="fr_FR")


@pytest.mark.parametrize("montant", ["0.5", "1741.5", "-3"])
def test_format_euros_accepte_decimal_int_et_float(montant):
    attendu = format_currency(Decimal(montant), "EUR", locale="fr_FR")
    assert format_euros(Decimal(montant)) == attendu
    assert format_euros(float(montant)) == attendu
    if Decimal(montant) == int(Decimal(montant)):
        assert format_euros(int(Decimal(montant))) == attendu


def test_format_euros_espaces():
    assert format_euros("1741.5") == "1\u202f741,50\u00a0€"
    assert format_euros("19.5") == "19,50\u00a0€"


def test_format_euros_sans_decimales_inutiles():
    assert format_euros("30", decimales=False) == "30\u00a0€"
    assert format_euros("30.5", decimales=False) == "30,50\u00a0€"


def test_format_euros_arrondit_au_demi_superieur():
    """Babel arrondit au pair (0,125 → 0,12) ; le moteur au demi supérieur, comme ses montants."""
    assert format_euros("0.125") == "0,13\u00a0€"


@pytest.mark.parametrize(("montant", "attendu"), [
    ("0.125", "0.13"), ("0.135", "0.14"), ("20.244", "20.24"), ("20.245", "20.25"),
    ("0.005", "0.01"), ("0.004", "0.00"), ("17.352", "17.35"), ("2.675", "2.68"),
    ("-0.125", "-0.13"),
])
def test_arrondir_au_demi_superieur(montant, attendu):
    resultat = arrondir(Decimal(montant))
    assert resultat == Decimal(attendu)
    assert str(resultat) == attendu


def test_pourcentage_arrondi():
    assert pourcentage(Decimal("28.92"), Decimal("70")) == Decimal("20.24")
    assert pourcentage(Decimal("28.92"), Decimal("60")) == Decimal("17.35")
    assert pourcentage(Decimal("26.50"), Decimal("70")) == Decimal("18.55")
    assert pourcentage(Decimal("3925"), Decimal("5")) == Decimal("196.25")
    assert pourcentage(Decimal("0.05"), Decimal("60")) == Decimal("0.03")


@pytest.mark.parametrize(("entree", "attendu"), [
    (0.1, "0.1"), (19.5, "19.5"), (0.3, "0.3"), (1741.5, "1741.5"), (2.675, "2.675"),
    (26, "26"), ("26,50", "26.50"), ("26.50", "26.50"), (" 1 741,50 € ", "1741.50"),
    ("1\u202f741,50\u00a0€", "1741.50"), ("70 %", "70"), (Decimal("3.14"), "3.14"),
])
def test_decimal_de(entree, attendu):
    resultat = decimal_de(entree)
    assert isinstance(resultat, Decimal)
    assert resultat == Decimal(attendu)
    assert str(resultat) == attendu


def test_decimal_de_sans_artefact_binaire():
    assert decimal_de(0.1) == Decimal("0.1")
    assert decimal_de(0.1) != Decimal(0.1)
    assert decimal_de(0.1) + decimal_de(0.2) == Decimal("0.3")


@pytest.mark.parametrize("entree", ["abc", "", "1,2,3", "12 euros", float("nan"),
                                    float("inf"), "NaN", "Infinity", True, False, None,
                                    [1], {"valeur": 1}])
def test_decimal_de_refuse_le_reste(entree):
    with pytest.raises(ValueError):
        decimal_de(entree)


def test_en_texte_et_nombre_texte():
    assert en_texte(Decimal("19.5")) == "19.50"
    assert en_texte(Decimal("20.245")) == "20.25"
    assert nombre_texte(Decimal("70")) == "70"
    assert nombre_texte(Decimal("37.50")) == "37.5"
    assert nombre_texte(Decimal("1E+2")) == "100"


def test_format_taux():
    assert format_taux("70") == "70\u00a0%"
    assert format_taux("37.5") == "37,5\u00a0%"
