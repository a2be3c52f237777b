"""Margin lists written as the Annex writes them, checked against the Annex itself."""

import pytest

from provisions.margin_lists import compress_margins
from provisions.margins import parse_margin_list
from provisions.reference import reference_margins
from review.record import read_record

from .report_facts import committed_facts

MARGINS_2012 = reference_margins("itrs-2012")


def expand(text: str, universe: list[str]) -> list[str]:
    """The margins of ``universe`` a compressed list names (ranges over the universe's order)."""
    from provisions.margins import parse_margin

    order = sorted(universe, key=lambda margin: parse_margin(margin))
    chosen = []
    for item in parse_margin_list(text):
        chosen += [margin for margin in order if item.start <= parse_margin(margin) <= item.end]
    return chosen


def annex_statement(stance: str) -> dict:
    return next(statement for statement in read_record()["review"]["statements"] if statement["stance"] == stance)


@pytest.mark.parametrize(
    ("stance", "expected"),
    [
        ("revise", "29, 49-51, 63, 64, 76"),
        ("abrogate", "3, 5, 11, 16-26, 29, 45-47, 53, 55-62, 65-69, 73-75, 1/1-1/39, 2/2, 2/9"),
        ("retain", "1, 2, 4, 6-10, 12-15, 27, 28, 30-44, 48, 52, 54, 70-72, 77, 2/1, 2/3-2/8, 2/10-2/18"),
    ],
)
def test_the_annex_lists_compress_as_the_annex_writes_them(stance, expected):
    margins = expand(annex_statement(stance)["margins"], MARGINS_2012)
    compressed = compress_margins(margins, instrument_margins=MARGINS_2012)
    assert compressed == expected
    assert expand(compressed, MARGINS_2012) == margins


def test_the_report_annex_reads_back_from_its_compressed_form():
    # The Annex's lists as parsed from the report (tests/report_facts.json, checked against the report
    # itself by test_fixture_fidelity where the sources are beside the repository).
    for stance, margins in committed_facts()["annex"].items():
        compressed = compress_margins(margins, instrument_margins=MARGINS_2012)
        assert expand(compressed, MARGINS_2012) == margins, stance


def test_two_neighbours_are_listed_three_make_a_range():
    universe = [str(number) for number in range(1, 11)]
    assert compress_margins(["3", "4"], instrument_margins=universe) == "3, 4"
    assert compress_margins(["5", "3", "4"], instrument_margins=universe) == "3-5"
    assert compress_margins(["1", "3", "4", "5", "6", "9", "10"], instrument_margins=universe) == "1, 3-6, 9, 10"
    assert compress_margins([], instrument_margins=universe) == ""


def test_a_provision_between_two_margins_breaks_the_range_unless_chosen():
    universe = ["28", "29", "29A", "30", "31"]
    assert compress_margins(["28", "29", "30", "31"], instrument_margins=universe) == "28, 29, 30, 31"
    assert compress_margins(["28", "29", "29A", "30"], instrument_margins=universe) == "28-30"


def test_a_range_never_leaves_the_main_body_or_an_appendix():
    universe = ["76", "77", "1/1", "1/2", "1/3", "2/1", "2/2"]
    assert compress_margins(universe, instrument_margins=universe) == "76, 77, 1/1-1/3, 2/1, 2/2"


def test_margins_the_instrument_lacks_are_listed_alone_in_order():
    universe = ["1", "2", "3"]
    assert compress_margins(["9", "1", "2", "3", "4"], instrument_margins=universe) == "1-3, 4, 9"
