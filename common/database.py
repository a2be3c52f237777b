"""What the database needs beside the rows."""

from django.db import connections


def refresh_planner_statistics(*, using: str = "default") -> None:
    """ANALYZE after a bulk load (a restore, the record, scale data), on PostgreSQL: without
    statistics its planner takes every table for a row or two, and the current-stance queries
    (a window in a subquery) then ran 25 s instead of 0.3 s until autovacuum came by. SQLite's
    planner needs none (it has no statistics until asked, and plans these queries well without)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
