"""Made-up participants and published positions, for benchmarks at scale."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from common.database import refresh_planner_statistics
from provisions.models import Provision
from review.models import (
    Contribution,
    Participant,
    ParticipantKind,
    Position,
    PositionState,
    Region,
    Stance,
    TorItem,
)
from review.record import read_record

# Everything this command makes is marked: participants by slug and name, positions by rationale.
SYNTHETIC_SLUG_PREFIX = "synthetic-"
SYNTHETIC_NAME_PREFIX = "[synthetic] Participant"
SYNTHETIC_RATIONALE = "[synthetic] Made up by generate_scale_data for benchmarks; not a real statement."
# ADD statements name the new provision they propose: synthetic ones propose these (margin + "A"),
# one every SYNTHETIC_PROPOSAL_STEP provisions of each instrument, marked by their subject.
SYNTHETIC_PROPOSAL_SUBJECT = "[synthetic] New provision proposed for benchmarks"
SYNTHETIC_PROPOSAL_STEP = 7
BATCH_SIZE = 5000


def user_entered_positions():
    """Positions that are neither synthetic nor the real record's (the Annex review)."""
    review = read_record()["review"]
    return Position.objects.exclude(participant__slug__startswith=SYNTHETIC_SLUG_PREFIX).exclude(
        participant__slug=review["participant"], contribution__symbol=review["contribution"], created_by__isnull=True
    )


class Command(BaseCommand):
    help = (
        "Fill the database with made-up participants and published positions (marked [synthetic]) up to the "
        "numbers given, for benchmarks. Refuses a database with positions users entered unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=200, help="Synthetic participants wanted (total).")
        parser.add_argument("--positions", type=int, default=30000, help="Synthetic positions wanted (total).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (the same seed, the same data).")
        parser.add_argument("--force", action="store_true", help="Run even where users entered positions.")
        parser.add_argument("--remove", action="store_true", help="Delete every synthetic participant and position.")

    def handle(self, *args, participants, positions, seed, force, remove, **options):
        if remove:
            with transaction.atomic():
                removed, _ = Position.objects.filter(participant__slug__startswith=SYNTHETIC_SLUG_PREFIX).delete()
                Participant.objects.filter(slug__startswith=SYNTHETIC_SLUG_PREFIX).delete()
                Provision.objects.filter(is_proposed=True, subject=SYNTHETIC_PROPOSAL_SUBJECT, positions=None).delete()
            self.stdout.write(self.style.SUCCESS(f"Removed {removed} synthetic positions and their participants."))
            return
        if participants < 1 or positions < 0:
            raise CommandError("Give at least one participant and no negative number of positions.")
        if not force and user_entered_positions().exists():
            raise CommandError(
                "This database holds positions users entered: synthetic data would mix with them. "
                "Use a copy of the database, or --force."
            )
        provisions = list(Provision.objects.filter(is_proposed=False).values_list("pk", flat=True))
        if not provisions:
            raise CommandError("There are no provisions: run load_review_data first.")
        possible = participants * len(provisions) * len(Stance.values)
        if positions > possible:
            raise CommandError(
                f"{participants} participants can hold at most {possible} positions on {len(provisions)} "
                "provisions (one per stance); ask for more participants."
            )
        chooser = random.Random(seed)
        with transaction.atomic():
            created_participants = self._participants(participants, chooser)
            proposals = self._proposals()
            created_positions = self._positions(positions, provisions, proposals, chooser)
        refresh_planner_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {created_participants} synthetic participants and {created_positions} synthetic positions "
                f"({Participant.objects.filter(slug__startswith=SYNTHETIC_SLUG_PREFIX).count()} and "
                f"{Position.objects.filter(participant__slug__startswith=SYNTHETIC_SLUG_PREFIX).count()} in all)."
            )
        )

    def _participants(self, wanted: int, chooser: random.Random) -> int:
        existing = set(
            Participant.objects.filter(slug__startswith=SYNTHETIC_SLUG_PREFIX).values_list("slug", flat=True)
        )
        new = [
            Participant(
                name=f"{SYNTHETIC_NAME_PREFIX} {number:04d}",
                slug=f"{SYNTHETIC_SLUG_PREFIX}{number:04d}",
                kind=chooser.choice(ParticipantKind.values),
                region=chooser.choice(["", *Region.values]),
            )
            for number in range(1, wanted + 1)
            if f"{SYNTHETIC_SLUG_PREFIX}{number:04d}" not in existing
        ]
        Participant.objects.bulk_create(new, batch_size=BATCH_SIZE)
        return len(new)

    def _proposals(self) -> list[int]:
        """The synthetic proposed provisions (29A after 29...), created once: their ids."""
        proposals = []
        for instrument_provisions in self._by_instrument().values():
            for provision in instrument_provisions[::SYNTHETIC_PROPOSAL_STEP]:
                proposed, _ = Provision.objects.get_or_create(
                    instrument_id=provision.instrument_id,
                    margin=f"{provision.margin}A",
                    defaults={"part_id": provision.part_id, "subject": SYNTHETIC_PROPOSAL_SUBJECT, "is_proposed": True},
                )
                proposals.append(proposed.pk)
        return proposals

    @staticmethod
    def _by_instrument() -> dict[int, list[Provision]]:
        by_instrument: dict[int, list[Provision]] = {}
        for provision in Provision.objects.filter(is_proposed=False).order_by("instrument_id", "sort_key"):
            by_instrument.setdefault(provision.instrument_id, []).append(provision)
        return by_instrument

    def _positions(self, wanted: int, provisions: list[int], proposals: list[int], chooser: random.Random) -> int:
        """Statements over time, as delegations make them: most cite a document of some meeting, and
        a participant often speaks on one provision at several meetings, restating its stance
        (half the time) or changing it; ADD statements go on the proposed provisions. Each
        (participant, provision, stance, document) at most once (the unique constraints)."""
        synthetic = Position.objects.filter(participant__slug__startswith=SYNTHETIC_SLUG_PREFIX)
        missing = wanted - synthetic.count()
        if missing <= 0:
            return 0
        taken = set(synthetic.values_list("participant_id", "provision_id", "stance", "contribution_id"))
        participant_ids = list(
            Participant.objects.filter(slug__startswith=SYNTHETIC_SLUG_PREFIX).values_list("pk", flat=True)
        )
        by_meeting: dict[int, list[int]] = {}
        for contribution_id, meeting in Contribution.objects.values_list("pk", "meeting__number"):
            by_meeting.setdefault(meeting, []).append(contribution_id)
        meetings = sorted(by_meeting)
        now = timezone.now()
        created = 0
        batch = []
        while created + len(batch) < missing:
            participant_id = chooser.choice(participant_ids)
            statements = chooser.choices([1, 2, 3], weights=[6, 3, 1])[0]
            spoken = sorted(chooser.sample(meetings, min(statements, len(meetings)))) if meetings else []
            # One proposal in twenty statements sequences: ADD (restated) on a proposed provision.
            proposing = bool(proposals) and chooser.random() < 0.05
            provision_id = chooser.choice(proposals if proposing else provisions)
            stances = [Stance.ADD] if proposing else [Stance.ABROGATE, Stance.RETAIN, Stance.REVISE]
            stance = chooser.choice(stances)
            for number in range(statements):
                if number and len(stances) > 1 and chooser.random() >= 0.5:
                    stance = chooser.choice([other for other in stances if other != stance])
                # One statement in ten has no document (dated the day it is published).
                contribution_id = None
                if spoken and chooser.random() >= 0.1:
                    contribution_id = chooser.choice(by_meeting[spoken[min(number, len(spoken) - 1)]])
                key = (participant_id, provision_id, stance, contribution_id)
                if key in taken or created + len(batch) >= missing:
                    continue
                taken.add(key)
                batch.append(
                    Position(
                        participant_id=participant_id,
                        provision_id=provision_id,
                        stance=stance,
                        contribution_id=contribution_id,
                        tor_item=chooser.choice(TorItem.values),
                        rationale=SYNTHETIC_RATIONALE,
                        proposed_text="[synthetic] Proposed text." if stance in (Stance.REVISE, Stance.ADD) else "",
                        state=PositionState.PUBLISHED,
                        published_at=now,
                    )
                )
            if len(batch) >= BATCH_SIZE:
                Position.objects.bulk_create(batch)
                created += len(batch)
                batch = []
        Position.objects.bulk_create(batch)
        return created + len(batch)
