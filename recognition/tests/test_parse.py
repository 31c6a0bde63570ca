from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from recognition.engine.parse import find_dates, find_ogm, parse_amount, parse_date


@pytest.mark.parametrize(
    "text,value",
    [
        ("1.234,56", "1234.56"),
        ("1 234,56 €", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 399,00", "399.00"),
        ("-218,48 €", "-218.48"),
        ("Total: 4.11 USD", "4.11"),
        ("12 345.00", "12345.00"),
        ("1'234.50 CHF", "1234.50"),
    ],
)
def test_it_reads_amounts_written_the_european_and_english_ways(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    "text,iso",
    [
        ("12/03/2026", "2026-03-12"),
        ("12 mars 2026", "2026-03-12"),
        ("12 maart 2026", "2026-03-12"),
        ("12. März 2026", "2026-03-12"),
        ("March 3, 2026", "2026-03-03"),
        ("2017-05-09", "2017-05-09"),
        ("26.10.22", "2022-10-26"),
        ("August 3 , 2014", "2014-08-03"),
        ("02 Juillet 2015", "2015-07-02"),
    ],
)
def test_it_reads_dates_in_four_languages(text, iso):
    assert parse_date(text) == dt.date.fromisoformat(iso)


def test_it_reads_month_first_dates_when_told():
    assert find_dates("02/03/26", month_first=True)[0][0] == dt.date(2026, 2, 3)


def test_it_checks_structured_communications_mod_97():
    assert find_ogm("Mededeling: +++123/4567/89002+++") == "+++123/4567/89002+++"
    assert find_ogm("+++123/4567/89003+++") is None


@pytest.mark.parametrize(
    "text, iso",
    [("netto bis 04.07. 2018, 2%", "2018-07-04"), ("am 4. 7. 2018", "2018-07-04")],
)
def test_it_reads_dates_ocr_split_after_a_dot(text, iso):
    assert str(find_dates(text)[0][0]) == iso


def test_an_amount_followed_by_a_year_is_not_a_date():
    assert find_dates("Total 12.10 2019") == []
