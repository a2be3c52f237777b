#!/usr/bin/env bash
# make bench-load: gunicorn (2 workers, production settings) on loopback against a private PostgreSQL
# cluster filled to the scale of generate_scale_data, under benchmarks/load.py (16 clients, a fixed
# number of requests). Then the backup/restore timings at that scale, on PostgreSQL and on SQLite.
# BENCH_REQUESTS, BENCH_CLIENTS, BENCH_PARTICIPANTS, BENCH_POSITIONS (0: the real record only) change it;
# BENCH_UNCACHED=0 skips the run with the response cache off.
# Run through scripts/with-postgres.sh (which sets DATABASE_URL and PG_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
REQUESTS="${BENCH_REQUESTS:-2000}"
CLIENTS="${BENCH_CLIENTS:-16}"
PARTICIPANTS="${BENCH_PARTICIPANTS:-200}"
POSITIONS="${BENCH_POSITIONS:-30000}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/itrs-bench.XXXXXX")"
RESULTS=benchmarks/results
mkdir -p "$RESULTS"
GUNICORN_PID=
cleanup() {
    [[ -n "$GUNICORN_PID" ]] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_DEBUG=False
export DJANGO_SECRET_KEY="bench-only-$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))')"
export DJANGO_ALLOWED_HOSTS=itrs.bench
export DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO
export DJANGO_STATIC_ROOT="$WORK/static"
export DJANGO_SETTINGS_MODULE=itrs_site.settings

seconds() { python3 -c 'import time; print(f"{time.time():.3f}")'; }

echo "== Preparing PostgreSQL: the record$( [[ "$POSITIONS" -gt 0 ]] && echo " + $PARTICIPANTS synthetic participants, $POSITIONS synthetic positions")"
$PY manage.py migrate --no-input -v0
$PY manage.py load_review_data >/dev/null
if [[ "$POSITIONS" -gt 0 ]]; then
    $PY manage.py generate_scale_data --participants "$PARTICIPANTS" --positions "$POSITIONS" | tail -1
fi
$PY manage.py collectstatic --no-input -v0

# Twice: with the response cache off (DJANGO_CACHE_URL=dummy://: every request renders, as the first visitor
# after each write would find it), then as deployed (each worker's memory cache, keyed by the data version).
status=0
run_load() {
    local label="$1" cache_url="$2" output="$3"
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    DJANGO_CACHE_URL="$cache_url" .venv/bin/gunicorn itrs_site.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
        --timeout 120 --forwarded-allow-ips 127.0.0.1 --error-logfile "$WORK/gunicorn.log" &
    GUNICORN_PID=$!
    for _ in $(seq 100); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
        sleep 0.2
    done
    echo "== Load ($label): $CLIENTS clients, $REQUESTS requests against gunicorn (2 workers) on 127.0.0.1:$port"
    $PY benchmarks/load.py "http://127.0.0.1:$port" --clients "$CLIENTS" --requests "$REQUESTS" --host itrs.bench \
        --json "$output" || status=$?
    kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true; GUNICORN_PID=
}
if [[ "${BENCH_UNCACHED:-1}" != "0" ]]; then
    run_load "response cache off: every request rendered" "dummy://" "$RESULTS/load-uncached-$POSITIONS.json"
fi
run_load "response cache on, as deployed" "" "$RESULTS/load-$POSITIONS.json"

echo "== Backup and restore at this scale"
DUMP="$WORK/itrs.dump"
start=$(seconds); $PY manage.py backup "$DUMP"; pg_backup=$(python3 -c "print(f'{$(seconds) - $start:.2f}')")
"$PG_BIN/psql" -q -d "$DATABASE_URL" -c "CREATE DATABASE itrs_restored"
start=$(seconds)
DATABASE_URL="${DATABASE_URL%/*}/itrs_restored" $PY manage.py restore "$DUMP"
pg_restore=$(python3 -c "print(f'{$(seconds) - $start:.2f}')")
pg_size=$(stat -c %s "$DUMP")

SQLITE_URL="sqlite:///$WORK/scale.sqlite3"
DATABASE_URL="$SQLITE_URL" $PY manage.py migrate --no-input -v0
DATABASE_URL="$SQLITE_URL" $PY manage.py load_review_data >/dev/null
if [[ "$POSITIONS" -gt 0 ]]; then
    DATABASE_URL="$SQLITE_URL" $PY manage.py generate_scale_data --participants "$PARTICIPANTS" --positions "$POSITIONS" >/dev/null
fi
start=$(seconds); DATABASE_URL="$SQLITE_URL" $PY manage.py backup "$WORK/scale-backup.sqlite3"
sqlite_backup=$(python3 -c "print(f'{$(seconds) - $start:.2f}')")
start=$(seconds); DATABASE_URL="sqlite:///$WORK/restored.sqlite3" $PY manage.py restore "$WORK/scale-backup.sqlite3"
sqlite_restore=$(python3 -c "print(f'{$(seconds) - $start:.2f}')")
sqlite_size=$(stat -c %s "$WORK/scale-backup.sqlite3")

cat > "$RESULTS/backup-$POSITIONS.json" <<JSON
{"positions": $POSITIONS, "participants": $PARTICIPANTS,
 "postgresql": {"backup_s": $pg_backup, "restore_s": $pg_restore, "bytes": $pg_size},
 "sqlite": {"backup_s": $sqlite_backup, "restore_s": $sqlite_restore, "bytes": $sqlite_size}}
JSON
echo "Backup/restore (wall time of the whole command, Python start included):"
echo "  PostgreSQL: backup ${pg_backup} s, restore ${pg_restore} s, $((pg_size / 1024)) KB"
echo "  SQLite:     backup ${sqlite_backup} s, restore ${sqlite_restore} s, $((sqlite_size / 1024)) KB"
exit "$status"
