"""Made-up data is reproducible: a test makes the same rows whatever ran before it."""

from review.models import Participant, Position

from .factories import FACTORIES, PositionFactory


def made_up_positions(count: int) -> list[tuple[str, str, str]]:
    positions = [PositionFactory() for _ in range(count)]
    return [
        (position.participant.name, position.participant.region, position.provision.margin) for position in positions
    ]


def test_made_up_positions_are_the_same_on_every_run(record):
    first = made_up_positions(8)
    Position.objects.filter(participant__slug__startswith="made-up-").delete()
    Participant.objects.filter(slug__startswith="made-up-").delete()
    for factory in FACTORIES:
        factory.reset_sequence()
    assert made_up_positions(8) == first
    assert len({margin for _, _, margin in first}) == 8  # spread over provisions, not one
