import pytest

from provisions.margins import Margin, MarginListError, parse_margin, parse_margin_list, resolve_margin_list
from provisions.models import Instrument


def margins_of(provisions):
    return [provision.margin for provision in provisions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29", Margin(0, 29)),
        (" 2A ", Margin(0, 2, "A")),
        ("2a", Margin(0, 2, "A")),
        ("1/39", Margin(1, 39)),
        ("1/20A", Margin(1, 20, "A")),
        ("2/9", Margin(2, 9)),
    ],
)
def test_parse_margin_accepts_the_forms_delegates_write(text, expected):
    assert parse_margin(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1/", "/3", "1//2", "0/3", "29.1", "3-", "1/2/3", "A2", "12345"])
def test_parse_margin_rejects_malformed_text_and_names_it(text):
    with pytest.raises(MarginListError) as error:
        parse_margin(text)
    assert f"'{text.strip()}'" in error.value.message


def test_natural_margin_order_of_sort_keys():
    ordered = [
        "1",
        "2",
        "2A",
        "2B",
        "3",
        "10",
        "31A",
        "77",
        "1/1",
        "1/2",
        "1/10",
        "1/20A",
        "1/39",
        "2/1",
        "2/18",
        "3/6",
    ]
    keys = [parse_margin(margin).sort_key for margin in ordered]
    assert keys == sorted(keys)
    assert [parse_margin(margin) for margin in ordered] == sorted(parse_margin(margin) for margin in ordered)


def test_sort_keys_are_digits_only_so_any_collation_agrees():
    assert parse_margin("2A").sort_key.isdigit()
    assert parse_margin("1/20AB").sort_key.isdigit()


def test_parse_margin_list_keeps_items_and_ranges_in_written_order():
    items = parse_margin_list("3, 5, 11, 16-26, 29, 1/1-1/39, 2/2")
    assert [item.token for item in items] == ["3", "5", "11", "16-26", "29", "1/1-1/39", "2/2"]
    assert items[3].start == Margin(0, 16) and items[3].end == Margin(0, 26)
    assert items[0].is_single and not items[3].is_single


def test_parse_margin_list_accepts_word_processor_dashes_spaces_and_semicolons():
    items = parse_margin_list("16 – 26; 1/1—1/3 , 55 - 62,")
    assert [(str(item.start), str(item.end)) for item in items] == [("16", "26"), ("1/1", "1/3"), ("55", "62")]


@pytest.mark.parametrize(
    ("text", "bad_token", "words"),
    [
        ("77-1/3", "77-1/3", "main body into Appendix 1"),
        ("1/39-2/1", "1/39-2/1", "Appendix 1 into Appendix 2"),
        ("26-16", "26-16", "reversed"),
        ("1/9-1/2", "1/9-1/2", "reversed"),
        ("3, x7, 5", "x7", "not a margin"),
        ("3, 5--9", "5--9", "not a margin"),
        ("3, 1-2-3", "1-2-3", "not a margin"),
        ("3, -5", "-5", "not a margin"),
    ],
)
def test_parse_margin_list_errors_name_the_token(text, bad_token, words):
    with pytest.raises(MarginListError) as error:
        parse_margin_list(text)
    assert bad_token in error.value.tokens
    assert f"'{bad_token}'" in error.value.message
    assert words in error.value.message


def test_parse_margin_list_reports_every_bad_token_at_once():
    with pytest.raises(MarginListError) as error:
        parse_margin_list("x, 3, 9-4, 77-1/1, 5")
    assert error.value.tokens == ["x", "9-4", "77-1/1"]


@pytest.mark.parametrize("text", ["", "   ", ",", None])
def test_parse_margin_list_refuses_an_empty_list(text):
    with pytest.raises(MarginListError, match="empty"):
        parse_margin_list(text)


def test_resolve_margin_list_gives_provisions_in_natural_order(record):
    provisions = resolve_margin_list("1/1-1/3, 29, 2/2, 16-18, 5, 3", instrument=record)
    assert margins_of(provisions) == ["3", "5", "16", "17", "18", "29", "1/1", "1/2", "1/3", "2/2"]


def test_resolve_margin_list_removes_repeats(record):
    provisions = resolve_margin_list("16-20, 18, 19-22", instrument=record)
    assert margins_of(provisions) == [str(number) for number in range(16, 23)]


def test_resolve_margin_list_expands_a_whole_appendix(record):
    provisions = resolve_margin_list("1/1-1/39", instrument=record)
    assert margins_of(provisions) == [f"1/{number}" for number in range(1, 40)]


def test_resolve_margin_list_crosses_articles_inside_the_main_body(record):
    # 65-69 runs from Article 8 into Article 9; the Annex writes such lists.
    provisions = resolve_margin_list("65-69", instrument=record)
    assert margins_of(provisions) == ["65", "66", "67", "68", "69"]
    assert {provision.part.number for provision in provisions} == {"8", "9"}


def test_resolve_margin_list_names_unknown_margins(record):
    with pytest.raises(MarginListError) as error:
        resolve_margin_list("3, 78, 1/40-1/41, 2/2, 3/1", instrument=record)
    assert error.value.tokens == ["78", "1/40", "1/41", "3/1"]
    assert "78, 1/40, 1/41, 3/1" in error.value.message
    assert "2012 ITRs" in error.value.message


def test_resolve_margin_list_depends_on_the_instrument(record):
    itrs_1988 = Instrument.objects.get(slug="itrs-1988")
    assert margins_of(resolve_margin_list("3/1-3/6", instrument=itrs_1988)) == [f"3/{n}" for n in range(1, 7)]
    with pytest.raises(MarginListError, match="78"):
        resolve_margin_list("60-78", instrument=itrs_1988)


def test_resolve_margin_list_runs_one_query(record, django_assert_num_queries):
    with django_assert_num_queries(1):
        resolve_margin_list("3, 5, 11, 16-26, 29, 45, 46, 47, 53, 55-62, 1/1-1/39", instrument=record)
