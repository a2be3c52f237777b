"""generate_scale_data: made-up, marked data for benchmarks; never mixed with users' positions."""

import io

import pytest
from django.core.management import CommandError, call_command

from review.management.commands.generate_scale_data import SYNTHETIC_RATIONALE
from review.models import Participant, Position

from .factories import PositionFactory


def generate(*args):
    call_command("generate_scale_data", *args, stdout=io.StringIO())


def test_generates_marked_participants_and_published_positions(record):
    generate("--participants", "20", "--positions", "500")
    synthetic = Participant.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 20
    assert all(name.startswith("[synthetic]") for name in synthetic.values_list("name", flat=True))
    positions = Position.objects.filter(participant__in=synthetic)
    assert positions.count() == 500
    assert set(positions.values_list("rationale", flat=True)) == {SYNTHETIC_RATIONALE}
    assert positions.published().count() == 500
    assert Position.objects.filter(participant__slug="hill").count() == 135  # the record is untouched


def test_tops_up_to_the_numbers_asked_and_removes(record):
    generate("--participants", "10", "--positions", "100")
    generate("--participants", "10", "--positions", "300")
    assert Position.objects.filter(participant__slug__startswith="synthetic-").count() == 300
    generate("--remove")
    assert not Participant.objects.filter(slug__startswith="synthetic-").exists()
    assert Position.objects.count() == 135


def test_refuses_a_database_with_user_entered_positions_unless_forced(record):
    PositionFactory()
    with pytest.raises(CommandError, match="holds positions users entered"):
        generate("--participants", "5", "--positions", "10")
    assert not Participant.objects.filter(slug__startswith="synthetic-").exists()
    generate("--participants", "5", "--positions", "10", "--force")
    assert Position.objects.filter(participant__slug__startswith="synthetic-").count() == 10


def test_refuses_more_positions_than_participants_can_hold(record):
    with pytest.raises(CommandError, match="at most"):
        generate("--participants", "1", "--positions", "100000")


def test_scale_data_leaves_postgresql_with_statistics_of_what_it_wrote(record):
    # Without them PostgreSQL's planner takes each table for a row or two: a current-stance list ran
    # 25 s instead of 0.3 s until autovacuum came by (common.database.refresh_planner_statistics).
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("statistics for the planner are PostgreSQL's")
    call_command("generate_scale_data", participants=3, positions=40, seed=1, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'review_position'")
        estimated = cursor.fetchone()[0]
    assert estimated == Position.objects.count()
