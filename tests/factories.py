"""factory_boy factories for made-up data (the real record comes from the fixtures).

Deterministic: every choice follows the factory's sequence (reset before each test by
tests/conftest.py) or a seeded random generator, so a test makes the same data whatever ran before it.
"""

import factory
from django.utils import timezone

from provisions.models import Provision
from review.models import Contribution, Meeting, Participant, ParticipantKind, Position, PositionState, Region, Stance

# The password of every made-up account (long enough for the password validators).
PASSWORD = "a-long-delegate-password-7"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Sequence(lambda number: f"Made-up participant {number:04d}")
    slug = factory.Sequence(lambda number: f"made-up-{number:04d}")
    kind = ParticipantKind.MEMBER_STATE
    region = factory.Sequence(lambda number: Region.values[number % len(Region.values)])


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    meeting = factory.LazyFunction(lambda: Meeting.objects.get(number=6))
    number = factory.Sequence(lambda number: 100 + number)
    symbol = factory.LazyAttribute(lambda contribution: f"EG-ITRs-{contribution.meeting.number}/{contribution.number}")
    title = factory.Sequence(lambda number: f"Made-up document {number}")


def provision_2012(number: int) -> Provision:
    """The ``number``-th provision of the 2012 ITRs in margin order (wrapping round)."""
    provisions = Provision.objects.for_instrument("itrs-2012")
    return provisions[number % provisions.count()]


class PositionFactory(factory.django.DjangoModelFactory):
    """A published position on a 2012 provision (pass provision/participant to choose)."""

    class Meta:
        model = Position

    provision = factory.Sequence(provision_2012)
    participant = factory.SubFactory(ParticipantFactory)
    stance = Stance.RETAIN
    tor_item = "c"
    rationale = factory.Sequence(lambda number: f"Made-up rationale {number}.")
    state = PositionState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


# The factories whose sequences every test starts afresh (tests/conftest.py).
FACTORIES = [ParticipantFactory, ContributionFactory, PositionFactory]


def scale_record(*, factor: int = 10, seed: int = 3) -> None:
    """Multiply the real record's participants and published positions by ``factor`` with
    made-up ones (bulk inserts: fast, no history rows), spread over both instruments, with
    sources on some. For tests that prove a page's query count does not grow with the data."""
    import random

    from review.models import Participant as ParticipantModel

    chooser = random.Random(seed)
    participant_target = ParticipantModel.objects.count() * factor
    position_target = Position.objects.count() * factor
    new_participants = ParticipantFactory.build_batch(participant_target - ParticipantModel.objects.count())
    ParticipantModel.objects.bulk_create(new_participants)
    # In a fixed order, so that the seeded choices below pick the same rows on every run.
    participants = list(ParticipantModel.objects.filter(slug__startswith="made-up-").order_by("slug"))
    provisions = list(Provision.objects.in_order())
    contributions = list(Contribution.objects.in_order())
    now = timezone.now()
    seen = set()
    positions = []
    while Position.objects.count() + len(positions) < position_target:
        participant, provision = chooser.choice(participants), chooser.choice(provisions)
        stance = chooser.choice(Stance.values)
        # Statements over time: most cite a document of some meeting; a participant may state
        # several stances on one provision (restated, superseded, alternatives).
        contribution = chooser.choice(contributions) if chooser.random() < 0.6 else None
        key = (participant.pk, provision.pk, stance, contribution and contribution.pk)
        if key in seen:
            continue
        seen.add(key)
        positions.append(
            Position(
                participant=participant,
                provision=provision,
                stance=stance,
                tor_item=chooser.choice(["a", "b", "c", "other", ""]),
                rationale=f"Made-up rationale {len(positions)}.",
                proposed_text="Made-up text." if stance in ("revise", "add") else "",
                contribution=contribution,
                state=PositionState.PUBLISHED,
                published_at=now,
            )
        )
    Position.objects.bulk_create(positions, batch_size=500)
