import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from provisions.models import Correspondence, Instrument, Part, PartKind, Provision
from review.models import Contribution, Meeting, Participant, Position, PositionState, Stance


@pytest.fixture
def hill(record):
    return Participant.objects.get(slug="hill")


@pytest.fixture
def provision_29(record):
    return Provision.objects.get(instrument=record, margin="29")


def test_margin_order_comes_from_the_database(record):
    margins = list(Provision.objects.for_instrument(record).values_list("margin", flat=True))
    expected = [str(n) for n in range(1, 78)] + [f"1/{n}" for n in range(1, 40)] + [f"2/{n}" for n in range(1, 19)]
    assert margins == expected


def test_lettered_margins_sort_between_their_neighbours_in_the_database(record):
    part = Part.objects.get(instrument=record, kind=PartKind.ARTICLE, number="1")
    for margin in ["2A", "10B", "1/20A"]:
        Provision.objects.create(instrument=record, part=part, margin=margin, subject="test insertion")
    margins = list(Provision.objects.for_instrument(record).values_list("margin", flat=True))
    assert margins.index("2") < margins.index("2A") < margins.index("3")
    assert margins.index("10") < margins.index("10B") < margins.index("11")
    assert margins.index("1/20") < margins.index("1/20A") < margins.index("1/21")
    assert margins.index("77") < margins.index("1/1") < margins.index("1/10") < margins.index("2/1")


def test_margin_is_unique_per_instrument(record):
    provision = Provision.objects.get(instrument=record, margin="29")
    with pytest.raises(IntegrityError), transaction.atomic():
        Provision.objects.create(instrument=record, part=provision.part, margin="29", subject="duplicate")


def test_same_margin_exists_in_both_instruments(record):
    assert Provision.objects.filter(margin="29").count() == 2


def test_malformed_margin_fails_validation(record):
    part = Part.objects.filter(instrument=record).first()
    provision = Provision(instrument=record, part=part, margin="29-30", subject="bad")
    with pytest.raises(ValidationError) as error:
        provision.full_clean()
    assert "29-30" in str(error.value)


def test_position_is_unique_per_participant_provision_stance_and_contribution(hill, provision_29):
    contribution = Contribution.objects.get(symbol="EG-ITRs-4/4")
    assert Position.objects.filter(participant=hill, provision=provision_29, stance=Stance.ABROGATE).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            participant=hill, provision=provision_29, stance=Stance.ABROGATE, contribution=contribution
        )


def test_position_without_contribution_is_unique_too(hill, provision_29):
    Position.objects.create(participant=hill, provision=provision_29, stance=Stance.ADD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(participant=hill, provision=provision_29, stance=Stance.ADD)


def test_a_participant_may_hold_two_stances_on_one_provision(hill, provision_29):
    stances = set(Position.objects.filter(participant=hill, provision=provision_29).values_list("stance", flat=True))
    assert stances == {Stance.ABROGATE, Stance.REVISE}


def test_same_stance_from_another_contribution_is_allowed(hill, provision_29):
    other = Contribution.objects.get(symbol="EG-ITRs-3/2")
    Position.objects.create(participant=hill, provision=provision_29, stance=Stance.ABROGATE, contribution=other)
    assert Position.objects.filter(participant=hill, provision=provision_29, stance=Stance.ABROGATE).count() == 2


@pytest.mark.parametrize(("field", "value"), [("stance", "delete"), ("state", "final"), ("tor_item", "z")])
def test_closed_sets_are_enforced_by_the_database(hill, provision_29, field, value):
    position = Position.objects.filter(participant=hill, provision=provision_29).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=position.pk).update(**{field: value})


def test_a_published_position_needs_a_publication_date(hill, provision_29):
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            participant=hill, provision=provision_29, stance=Stance.ADD, state=PositionState.PUBLISHED
        )


def test_participant_kind_and_region_are_closed_sets(record):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(name="Atlantis", slug="atlantis", kind="empire")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(name="Atlantis", slug="atlantis", kind="member_state", region="ocean")


def test_meeting_dates_must_be_in_order(record):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(number=7, start_date="2026-05-02", end_date="2026-05-01")


def test_stance_symbols_are_itus_change_symbols():
    assert {stance.value: stance.symbol for stance in Stance} == {
        "abrogate": "SUP",
        "retain": "NOC",
        "revise": "MOD",
        "add": "ADD",
    }


def test_proposed_text_goes_with_revise_or_add_only(hill, provision_29):
    position = Position(participant=hill, provision=provision_29, stance=Stance.RETAIN, proposed_text="New words")
    with pytest.raises(ValidationError, match="Proposed text"):
        position.full_clean()


def test_correspondence_new_provision_has_no_1988_source(record):
    provision_2 = Provision.objects.get(instrument=record, margin="2")
    provision_1988 = Provision.objects.get(instrument__slug="itrs-1988", margin="2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Correspondence.objects.filter(provision_2012=provision_2).update(provision_1988=provision_1988)


def test_correspondence_rejects_provisions_of_the_wrong_instrument(record):
    provision_1988 = Provision.objects.get(instrument__slug="itrs-1988", margin="30")
    correspondence = Correspondence(provision_2012=provision_1988, provision_1988=provision_1988, relation="same")
    with pytest.raises(ValidationError, match="2012"):
        correspondence.full_clean()


def test_provision_text_changes_are_kept_in_history(record):
    provision = Provision.objects.get(instrument=record, margin="29")
    provision.text = "Imported text"
    provision.save()
    provision.text = "Corrected text"
    provision.save()
    texts = [entry.text for entry in provision.history.order_by("history_date")]
    assert texts[-2:] == ["Imported text", "Corrected text"]


def test_position_changes_are_kept_in_history(hill, provision_29):
    position = Position.objects.get(participant=hill, provision=provision_29, stance=Stance.REVISE)
    position.rationale = "Changed"
    position.save()
    assert position.history.first().rationale == "Changed"
    assert position.history.count() == 2


def test_instruments_are_ordered_newest_first(record):
    assert list(Instrument.objects.values_list("slug", flat=True)) == ["itrs-2012", "itrs-1988"]


def test_published_queryset_hides_drafts(hill, provision_29):
    draft = Position.objects.create(participant=hill, provision=provision_29, stance=Stance.ADD)
    assert draft not in Position.objects.published()
    draft.state = PositionState.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert draft in Position.objects.published()


def test_correspondence_says_new_only_of_a_provision_the_sources_saw(record):
    """The reference tables write "new" as an empty 1988 margin; for a placeholder (confidence low,
    content not seen) that means no counterpart identified, not a provision new in 2012."""
    links = Correspondence.objects.select_related("provision_2012").filter(relation="new")
    unidentified = sorted(
        (link.provision_2012.sort_key, link.provision_2012.margin)
        for link in links
        if link.supported_relation == "unidentified"
    )
    assert [margin for _, margin in unidentified] == ["54", "55", "56", "58"]
    assert {link.supported_relation_label for link in links if link.supported_relation == "new"} == {"New in 2012"}
    link_58 = next(link for link in links if link.provision_2012.margin == "58")
    assert link_58.supported_relation_label == "No 1988 counterpart identified"
    # Seen later (confidence raised by the secretariat): new again.
    Provision.objects.filter(pk=link_58.provision_2012_id).update(confidence="high")
    assert Correspondence.objects.select_related("provision_2012").get(pk=link_58.pk).supported_relation == "new"
