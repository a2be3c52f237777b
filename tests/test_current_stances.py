"""Statements and current stances (DESIGN.md): the latest date wins, several stances at the latest
date are alternatives, earlier ones are superseded; ``as_of`` answers as things stood after a meeting."""

import datetime

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review.models import Contribution, Meeting, Participant, Position, PositionState, Stance
from review.statements import StandingIndex

from .factories import ContributionFactory


def state(record, participant, margin, stance, contribution=None, *, published_at=None, draft=False):
    """A statement of ``participant`` on 2012 margin ``margin``."""
    return Position.objects.create(
        provision=record.provisions.get(margin=margin),
        participant=participant,
        stance=stance,
        contribution=contribution,
        state=PositionState.DRAFT if draft else PositionState.PUBLISHED,
        published_at=None if draft else (published_at or timezone.now()),
    )


def document(meeting_number: int) -> Contribution:
    return ContributionFactory(meeting=Meeting.objects.get(number=meeting_number))


def current_stances(participant, margin, **kwargs):
    return sorted(
        Position.objects.current(**kwargs)
        .filter(participant=participant, provision__margin=margin, provision__instrument__slug="itrs-2012")
        .values_list("stance", flat=True)
    )


def test_statement_date_is_the_first_day_of_its_meeting_or_the_day_published(germany, record):
    dated = state(record, germany, "3", Stance.ABROGATE, document(4))
    undated = state(
        record, germany, "5", Stance.RETAIN, published_at=datetime.datetime(2026, 3, 9, 23, 30, tzinfo=datetime.UTC)
    )
    stated_on = dict(
        Position.objects.with_stated_on().filter(pk__in=[dated.pk, undated.pk]).values_list("pk", "stated_on")
    )
    assert stated_on[dated.pk] == Meeting.objects.get(number=4).start_date
    assert stated_on[undated.pk] == datetime.date(2026, 3, 9)


def test_a_restatement_is_still_one_current_stance(germany, record):
    first, again = (
        state(record, germany, "3", Stance.ABROGATE, document(4)),
        state(record, germany, "3", Stance.ABROGATE, document(6)),
    )
    current = Position.objects.current().filter(participant=germany, provision__margin="3")
    assert list(current.values_list("pk", flat=True)) == [again.pk]
    assert first.pk not in Position.objects.current().values_list("pk", flat=True)


def test_a_later_different_stance_supersedes_the_earlier_one(germany, record):
    state(record, germany, "3", Stance.ABROGATE, document(4))
    state(record, germany, "3", Stance.RETAIN, document(5))
    assert current_stances(germany, "3") == [Stance.RETAIN]
    # A stance filter chained after current() never brings a superseded stance back.
    assert not Position.objects.current().filter(participant=germany, stance=Stance.ABROGATE).exists()


def test_several_stances_at_the_latest_date_are_alternatives(germany, record):
    meeting_5 = document(5)
    state(record, germany, "3", Stance.RETAIN, document(4))
    state(record, germany, "3", Stance.ABROGATE, meeting_5)
    state(record, germany, "3", Stance.REVISE, document(5))
    assert current_stances(germany, "3") == [Stance.ABROGATE, Stance.REVISE]


def test_hill_on_29_holds_two_alternatives(record):
    hill = Participant.objects.get(slug="hill")
    assert current_stances(hill, "29") == [Stance.ABROGATE, Stance.REVISE]


def test_drafts_neither_count_nor_supersede(germany, record):
    state(record, germany, "3", Stance.ABROGATE, document(4))
    state(record, germany, "3", Stance.RETAIN, document(6), draft=True)
    assert current_stances(germany, "3") == [Stance.ABROGATE]


def test_as_of_a_meeting_answers_as_things_stood_at_its_end(germany, record):
    state(record, germany, "3", Stance.ABROGATE, document(4))
    state(record, germany, "3", Stance.RETAIN, document(5))
    meeting_5 = Meeting.objects.get(number=5)
    after_5 = timezone.make_aware(datetime.datetime.combine(meeting_5.end_date, datetime.time(18)), datetime.UTC)
    state(record, germany, "3", Stance.REVISE, published_at=after_5)  # no document: dated the day published
    state(record, germany, "3", Stance.ADD, document(6))
    assert current_stances(germany, "3", as_of=Meeting.objects.get(number=3)) == []
    assert current_stances(germany, "3", as_of=Meeting.objects.get(number=4)) == [Stance.ABROGATE]
    # Published on meeting 5's last day, after its start: it stands at the end of meeting 5 and is later.
    assert current_stances(germany, "3", as_of=meeting_5) == [Stance.REVISE]
    assert current_stances(germany, "3", as_of=Meeting.objects.get(number=6)) == [Stance.ADD]
    assert current_stances(germany, "3") == [Stance.ADD]
    assert Position.objects.published().as_of(Meeting.objects.get(number=4)).filter(participant=germany).count() == 1


# --- The rule in memory (previews) agrees with the rule in the database ------------------------------

STATEMENTS = st.lists(
    st.tuples(
        st.sampled_from(["3", "5"]),  # margin
        st.sampled_from(list(Stance.values)),
        st.sampled_from([None, "EG-ITRs-2/2", "EG-ITRs-4/8", "EG-ITRs-5/2", "EG-ITRs-6/8"]),
    ),
    min_size=1,
    max_size=8,
    unique=True,
)


def state_only(record, germany, statements) -> None:
    """Germany's statements, these and no others: (margin, stance, document symbol or None) each."""
    Position.objects.filter(participant=germany).delete()
    for margin, stance, symbol in statements:
        contribution = Contribution.objects.get(symbol=symbol) if symbol else None
        state(record, germany, margin, stance, contribution)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statements=STATEMENTS)
def test_the_previews_rule_in_memory_agrees_with_current_in_the_database(germany, record, statements):
    state_only(record, germany, statements)
    index = StandingIndex.load(participant_ids=[germany.pk])
    for margin in ("3", "5"):
        provision = record.provisions.get(margin=margin)
        in_memory = sorted(stated.stance for stated in index.current(germany.pk, provision.pk))
        assert in_memory == current_stances(germany, margin)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statements=STATEMENTS)
def test_the_matrix_cells_agree_with_current_in_the_database(germany, record, statements):
    # The matrix works out each cell's latest date from the rows it reads (no window in its query):
    # its current stances are those of Position.objects.current, every other stance there superseded.
    from django.http import QueryDict

    from review.filters import OneInstrumentFilterSet
    from review.selectors import CURRENT, comparison_matrix

    state_only(record, germany, statements)
    filterset = OneInstrumentFilterSet(QueryDict("participant=germany&margin=3,5"))
    assert filterset.is_valid(), filterset.errors
    matrix = comparison_matrix(filterset.selection, instrument=filterset.chosen_instrument)
    for row in matrix.rows:
        shown = row.cells[0] if matrix.columns else []
        current = sorted(cell.stance for cell in shown if cell.status == CURRENT)
        assert current == current_stances(germany, row.provision.margin), row.provision.margin
        stated = set(
            Position.objects.filter(participant=germany, provision=row.provision).values_list("stance", flat=True)
        )
        assert {cell.stance for cell in shown} == stated
