"""The position services: what the admin, the imports and the commands all call."""

import pytest

from review.models import Participant, Position, PositionState
from review.position_services import (
    PositionsError,
    PositionsPermissionError,
    StalePositionError,
    deleted_positions,
    position_restore,
    position_save,
    positions_delete,
    positions_publish,
    positions_record,
)


def record_for(user, participant, instrument, margins, **values):
    return positions_record(
        participant=participant,
        instrument=instrument,
        margins=margins,
        stance=values.pop("stance", "abrogate"),
        user=user,
        **values,
    )


def test_a_request_the_model_refuses_stops_the_whole_list_naming_the_field_not_a_margin(anna, germany, record):
    for margins in ("3-11", "3, 9999"):  # checked before the margins are looked at
        with pytest.raises(PositionsError) as error:
            record_for(anna, germany, record, margins, proposed_text="New text.")
        assert error.value.message == (
            "Proposed text goes with revise or add; abrogate and retain propose none. Nothing was recorded."
        )
        assert error.value.field == "proposed_text"
    assert not Position.objects.filter(participant=germany).exists()


def test_a_stored_position_the_model_refuses_is_named_by_its_margin(anna, germany, record):
    record_for(anna, germany, record, "3-5")
    # Stored before the rule (or by a raw write): retain with proposed text.
    Position.objects.filter(participant=germany, provision__margin="4").update(proposed_text="Old text.")
    with pytest.raises(PositionsError, match="^Margin 4: Proposed text goes with revise or add") as error:
        record_for(anna, germany, record, "3-5", rationale="Updated.")
    assert error.value.field == "proposed_text"
    assert not Position.objects.filter(participant=germany, rationale="Updated.").exists()


def test_malformed_and_unknown_margins_are_named(anna, germany, record):
    with pytest.raises(PositionsError) as error:
        record_for(anna, germany, record, "3, 5-, 1/40")
    assert error.value.field == "margins" and error.value.tokens == ["5-"]
    with pytest.raises(PositionsError) as error:
        record_for(anna, germany, record, "3, 1/40, 2/19")
    assert error.value.tokens == ["1/40", "2/19"]
    assert not Position.objects.filter(participant=germany).exists()


def test_a_delegate_cannot_record_for_another_participant(anna, record):
    spain = Participant.objects.get(slug="spain")
    with pytest.raises(PositionsPermissionError, match="You are not a delegate of Spain"):
        record_for(anna, spain, record, "3")
    assert not Position.objects.filter(participant=spain).exists()


def test_dry_run_writes_nothing_and_says_what_it_would_do(anna, germany, record):
    record_for(anna, germany, record, "3", rationale="Old.")
    plan = record_for(anna, germany, record, "3, 5", rationale="New.", dry_run=True)
    assert [(item.provision.margin, item.action, item.changes) for item in plan.items] == [
        ("3", "update", ["rationale"]),
        ("5", "create", []),
    ]
    assert Position.objects.get(participant=germany).rationale == "Old."


def test_concurrent_saves_from_the_same_version_cannot_both_win(anna, germany, record):
    record_for(anna, germany, record, "3", rationale="Original.")
    first = Position.objects.get(participant=germany)
    second = Position.objects.get(participant=germany)
    first.rationale = "First editor."
    position_save(position=first, base_version=1, user=anna)
    second.rationale = "Second editor."
    with pytest.raises(StalePositionError) as error:
        position_save(position=second, base_version=1, user=anna)
    assert error.value.current.rationale == "First editor."
    assert "First editor." in error.value.message
    stored = Position.objects.get(participant=germany)
    assert (stored.rationale, stored.version) == ("First editor.", 2)


def test_publishing_is_all_or_nothing_within_the_users_participants(anna, germany, record):
    record_for(anna, germany, record, "3")
    hill = Position.objects.filter(participant__slug="hill").first()
    hill.state, hill.published_at = PositionState.DRAFT, None
    hill.save()
    with pytest.raises(PositionsPermissionError):
        positions_publish(positions=Position.objects.filter(state=PositionState.DRAFT), user=anna)
    assert Position.objects.filter(state=PositionState.DRAFT).count() == 2
    assert positions_publish(positions=Position.objects.filter(participant=germany), user=anna) == 1
    published_at = Position.objects.get(participant=germany).published_at
    assert positions_publish(positions=Position.objects.filter(participant=germany), user=anna) == 0
    assert Position.objects.get(participant=germany).published_at == published_at


def test_restore_refuses_to_duplicate_a_position_recorded_again_since(anna, germany, record):
    record_for(anna, germany, record, "3")
    positions_delete(positions=Position.objects.filter(participant=germany), user=anna)
    record_for(anna, germany, record, "3")
    history_id = deleted_positions(anna).get().history_id
    with pytest.raises(PositionsError):
        position_restore(history_id=history_id, user=anna)
    assert Position.objects.filter(participant=germany).count() == 1


def test_a_position_deleted_twice_is_listed_once_as_it_was_last(anna, germany, record):
    record_for(anna, germany, record, "3", rationale="First.")
    positions_delete(positions=Position.objects.filter(participant=germany), user=anna)
    position_restore(history_id=deleted_positions(anna).get().history_id, user=anna)
    position = Position.objects.get(participant=germany)
    position.rationale = "Second."
    position_save(position=position, base_version=position.version, user=anna)
    positions_delete(positions=[position], user=anna)
    restored = position_restore(history_id=deleted_positions(anna).get().history_id, user=anna)
    assert restored.rationale == "Second."
