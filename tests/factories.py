"""factory_boy factories for made-up data (the real record comes from the fixtures)."""

import factory
from django.utils import timezone

from provisions.models import Instrument, Provision
from review.models import Contribution, Meeting, Participant, ParticipantKind, Position, PositionState, Region, Stance


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Sequence(lambda number: f"Made-up participant {number:04d}")
    slug = factory.Sequence(lambda number: f"made-up-{number:04d}")
    kind = ParticipantKind.MEMBER_STATE
    region = factory.Iterator(Region.values)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    meeting = factory.LazyFunction(lambda: Meeting.objects.get(number=6))
    number = factory.Sequence(lambda number: 100 + number)
    symbol = factory.LazyAttribute(lambda contribution: f"EG-ITRs-{contribution.meeting.number}/{contribution.number}")
    title = factory.Sequence(lambda number: f"Made-up document {number}")


class PositionFactory(factory.django.DjangoModelFactory):
    """A published position on a 2012 provision (pass provision/participant to choose)."""

    class Meta:
        model = Position

    provision = factory.LazyFunction(
        lambda: Provision.objects.filter(instrument=Instrument.objects.get(slug="itrs-2012")).order_by("?").first()
    )
    participant = factory.SubFactory(ParticipantFactory)
    stance = Stance.RETAIN
    tor_item = "c"
    rationale = factory.Sequence(lambda number: f"Made-up rationale {number}.")
    state = PositionState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


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
    participants = list(ParticipantModel.objects.filter(slug__startswith="made-up-"))
    provisions = list(Provision.objects.all())
    contributions = list(Contribution.objects.all())
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
