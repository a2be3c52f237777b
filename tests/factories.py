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
