"""What every benchmark does first: Django as production runs it (no debug, so no query log), on a database
of its own in benchmarks/results/ (or BENCH_DATABASE_URL), static files served by their own names (no
collectstatic). Imported by the benchmark scripts before anything of Django's."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def start_django(database_file_name: str) -> Path:
    """Set the environment, set Django up, and return the benchmark's SQLite file (used unless
    BENCH_DATABASE_URL names another database)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    database_file = RESULTS / database_file_name
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database_file}")
    # Production-like: no debug (no query log, no debug templates), served as a browser would get it.
    os.environ["DJANGO_DEBUG"] = "False"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "False"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itrs_site.settings")

    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return database_file
