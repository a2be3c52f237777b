"""The compilation of options built from plain rows: numbering, merging, order, notes."""

from datetime import date

from review.documents.compilation import (
    NO_CURRENT_TEXT,
    NO_PROPOSED_TEXT,
    NO_TEXT_LOADED,
    PROPOSED_PROVISION,
    MeetingRow,
    ProvisionRow,
    StatementRow,
    compilation_build,
    normalised_text,
)

MEETING_4 = MeetingRow(number=4, start_date=date(2025, 2, 20), end_date=date(2025, 2, 21))


def provision(pk, margin, *, text="", part=(1, "article", "3", "International network"), **extra):
    order, kind, number, heading = part
    key = "".join(f"{int(piece):04d}" if piece.isdigit() else piece for piece in margin.split("/"))
    return ProvisionRow(
        pk=pk,
        margin=margin,
        sort_key=key,
        part_kind=kind,
        part_number=number,
        part_heading=heading,
        part_order=order,
        text=text,
        **extra,
    )


def statement(provision_id, name, stance, text="", *, document="", rationale="", stated_on=None):
    return StatementRow(
        provision_id=provision_id,
        participant_name=name,
        participant_slug=name.lower().replace(" ", "-"),
        stance=stance,
        proposed_text=text,
        rationale=rationale,
        contribution_symbol=document,
        stated_on=stated_on,
    )


def build(provisions, statements):
    return compilation_build(
        instrument_name="2012 ITRs",
        provisions=provisions,
        statements=statements,
        generated_on=date(2026, 1, 20),
        cutoff=MEETING_4,
    )


def test_option_1_is_noc_with_the_current_text_even_if_nobody_proposed_it():
    compilation = build([provision(1, "29", text="Routes are agreed.")], [statement(1, "Alpha", "abrogate")])
    (entry,) = compilation.provisions
    first = entry.options[0]
    assert (first.number, first.symbol, first.text, first.proposers) == (1, "NOC", "Routes are agreed.", ())
    assert [option.symbol for option in entry.options] == ["NOC", "SUP"]


def test_retain_statements_are_the_proposers_of_option_1():
    compilation = build(
        [provision(1, "29", text="Routes are agreed.")],
        [statement(1, "Beta", "retain", document="EG-ITRs-3/2"), statement(1, "Alpha", "retain")],
    )
    (first,) = compilation.provisions[0].options
    assert [proposer.label for proposer in first.proposers] == ["Alpha", "Beta (EG-ITRs-3/2)"]


def test_same_text_after_normalising_spaces_and_quotes_is_one_option_with_all_proposers():
    compilation = build(
        [provision(1, "29", text="Routes are agreed.")],
        [
            statement(1, "Alpha", "revise", "Routes are “agreed”  by all.", document="EG-ITRs-4/1", rationale="R1"),
            statement(1, "Beta", "revise", ' Routes are "agreed" by all. ', document="EG-ITRs-4/2", rationale="R1"),
            statement(1, "Beta", "revise", "Routes are 'agreed' by all.", document="EG-ITRs-4/3", rationale="R2"),
            statement(1, "Gamma", "revise", "Routes are ‘agreed’ by all.", document="EG-ITRs-4/3"),
        ],
    )
    options = compilation.provisions[0].options
    assert [(option.number, option.symbol) for option in options] == [(1, "NOC"), (2, "MOD"), (3, "MOD")]
    double, single = options[1], options[2]
    assert [proposer.label for proposer in double.proposers] == ["Alpha (EG-ITRs-4/1)", "Beta (EG-ITRs-4/2)"]
    assert [(reason.text, reason.given_by) for reason in double.reasons] == [("R1", ("Alpha", "Beta"))]
    assert [proposer.label for proposer in single.proposers] == ["Beta (EG-ITRs-4/3)", "Gamma (EG-ITRs-4/3)"]
    # The text shown is the first proposer's, as written.
    assert double.text == "Routes are “agreed”  by all."


def test_sup_comes_first_then_mod_and_add_by_number_of_proposers():
    compilation = build(
        [provision(1, "29", text="Old words.")],
        [
            statement(1, "Alpha", "revise", "One."),
            statement(1, "Beta", "add", "Two."),
            statement(1, "Gamma", "add", "Two."),
            statement(1, "Delta", "add", "Two."),
            statement(1, "Epsilon", "revise", "Three."),
            statement(1, "Zeta", "revise", "Three."),
            statement(1, "Eta", "abrogate"),
        ],
    )
    options = compilation.provisions[0].options
    assert [(option.symbol, option.text, len(option.proposers)) for option in options] == [
        ("NOC", "Old words.", 0),
        ("SUP", "", 1),
        ("ADD", "Two.", 3),
        ("MOD", "Three.", 2),
        ("MOD", "One.", 1),
    ]
    assert [option.number for option in options] == [1, 2, 3, 4, 5]


def test_mod_carries_its_difference_against_the_current_text():
    compilation = build(
        [provision(1, "29", text="Routes are agreed.")], [statement(1, "Alpha", "revise", "Routes are set.")]
    )
    option = compilation.provisions[0].options[1]
    assert option.diff.old_text == "Routes are agreed."
    assert option.diff.new_text == "Routes are set."
    assert option.diff.html() == "Routes are <del>agreed</del><ins>set</ins>."


def test_without_current_text_the_proposed_text_in_full_with_a_note():
    compilation = build([provision(1, "29")], [statement(1, "Alpha", "revise", "Routes are set.")])
    noc, mod = compilation.provisions[0].options
    assert (noc.text, noc.note) == ("", NO_CURRENT_TEXT)
    assert (mod.diff, mod.text, mod.note) == (None, "Routes are set.", NO_TEXT_LOADED)


def test_mod_without_proposed_text_says_so():
    compilation = build([provision(1, "63", text="Taxes.")], [statement(1, "Hill", "revise")])
    mod = compilation.provisions[0].options[1]
    assert (mod.diff, mod.note) == (None, NO_PROPOSED_TEXT)


def test_a_proposed_provision_has_option_1_noc_meaning_nothing_is_added():
    compilation = build(
        [provision(1, "29", text="Routes."), provision(2, "29A", is_proposed=True)],
        [statement(2, "Alpha", "add", "New rule.")],
    )
    proposed = compilation.provisions[1]
    assert proposed.heading == "Margin 29A [proposed, not in the instrument]"
    assert [(option.symbol, option.note) for option in proposed.options] == [("NOC", PROPOSED_PROVISION), ("ADD", "")]


def test_parts_in_order_with_headings_and_provisions_in_margin_order():
    preamble = (0, "preamble", "", "Preamble")
    article = (1, "article", "3", "International network")
    appendix = (20, "appendix", "1", "General provisions concerning accounting")
    compilation = build(
        [
            provision(3, "1/1", part=appendix),
            provision(2, "29", part=article, final_acts_margin="30", paragraph="3.3"),
            provision(4, "28", part=article),
            provision(1, "1", part=preamble),
        ],
        [],
    )
    assert [part.title for part in compilation.parts] == [
        "Preamble",
        "Article 3: International network",
        "Appendix 1: General provisions concerning accounting",
    ]
    assert [entry.margin for entry in compilation.provisions] == ["1", "28", "29", "1/1"]
    assert compilation.provisions[2].heading == "Margin 29 (Final Acts 30, paragraph 3.3)"


def test_editorial_note_names_the_documents_in_order_and_the_cut_off_meeting():
    compilation = build(
        [provision(1, "29", text="Routes.")],
        [
            statement(1, "Alpha", "abrogate", document="EG-ITRs-2/10"),
            statement(1, "Beta", "abrogate", document="EG-ITRs-2/9"),
            statement(1, "Gamma", "abrogate", document="EG-ITRs-10/1"),
            statement(99, "Delta", "abrogate", document="EG-ITRs-1/1"),  # not on a provision shown
        ],
    )
    assert compilation.contributions == ("EG-ITRs-2/9", "EG-ITRs-2/10", "EG-ITRs-10/1")
    note = " ".join(compilation.editorial_note)
    assert "EG-ITRs-2/9, EG-ITRs-2/10, EG-ITRs-10/1" in note
    assert "end of meeting 4" in note
    assert "none of them is agreed" in note
    assert compilation.meeting_label == "As things stood at the end of meeting 4 (21 February 2025)"


def test_normalised_text():
    assert normalised_text("  a\u00a0 “b”\n‘c’  ") == "a \"b\" 'c'"


def test_a_reason_every_proposer_gave_does_not_repeat_their_names():
    compilation = build(
        [provision(1, "29", text="Routes.")],
        [
            statement(1, "Alpha", "abrogate", rationale="Obsolete."),
            statement(1, "Beta", "abrogate", rationale="Obsolete."),
            statement(1, "Gamma", "abrogate", rationale="Not used."),
        ],
    )
    sup = compilation.provisions[0].options[1]
    assert sup.reason_items == [("Alpha, Beta", "Obsolete."), ("Gamma", "Not used.")]
    compilation = build([provision(1, "29")], [statement(1, name, "abrogate", rationale="Same.") for name in "AB"])
    assert compilation.provisions[0].options[1].reason_items == [("", "Same.")]
