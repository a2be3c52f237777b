"""Bad input, systematically (hypothesis): random and hostile values in every filter of every public page
and export never give a 500 nor echo a script unescaped; malformed files sent to every import (the two
commands and their admin pages) give a clear error and write nothing."""

import io
import re
from html import unescape
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provisions.models import Provision
from review.exports import POSITIONS_CSV_HEADER
from review.filters import FILTER_PARAMETERS, WHOLE_NUMBER_FIELDS, ChangesFilterSet, PositionFilter
from review.models import Position

SENTINEL = "xss_sentinel"
HOSTILE = [
    f"<script>{SENTINEL}()</script>",
    f'"><img src=x onerror={SENTINEL}()>',
    f"javascript:{SENTINEL}()",
    f"</textarea><script>{SENTINEL}()</script>",
    "'; DROP TABLE review_position; --",
    "1' OR '1'='1",
    "1 UNION SELECT username, password FROM auth_user --",
    "%",
    "_",
    "\\",
    "\x00",
    "abc\x00def",
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "16-9999",
    "29-3",
    "1/1-2/9",
    "1/",
    "/",
    "--",
    ",,,",
    "3,,5",
    "1/1-1/999999999999999999999",
    "../../../etc/passwd",
    "ΑΒΓ δικαίωμα",
    "中文",
    "\u202etxt.exe",
    "😀" * 50,
    "a" * 5000,
    "itrs-2012",
    "itrs-1988",
    "hill",
    "abrogate",
    "SUP",
    "europe",
    "EG-ITRs-3/2",
    "3",
    "other",
]
PUBLIC_PATHS = [
    "/",
    "/provisions/",
    "/provisions/itrs-2012/29/",
    "/provisions/itrs-2012/1/1/",
    "/provisions/itrs-1988/10/",
    "/positions/",
    "/compare/",
    "/compare/versions/",
    "/participants/",
    "/participants/hill/",
    "/contributions/",
    "/contributions/EG-ITRs-3/2/",
    "/meetings/",
    "/changes/",
]
FILTERED_PATHS = [
    "/provisions/",
    "/positions/",
    "/compare/",
    "/compare/versions/",
    "/participants/",
    "/contributions/",
    "/changes/",
]
PAGINATED_PATHS = [
    "/provisions/",
    "/positions/",
    "/participants/",
    "/participants/hill/",
    "/contributions/",
    "/contributions/EG-ITRs-3/2/",
    "/changes/",
]
PARAMETERS = [*FILTER_PARAMETERS, "page", "sort", "per_page", "_export"]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers(min_value=-(10**30), max_value=10**30).map(str))
# Raw, possibly invalid, percent-encodings (bad UTF-8, NUL) appended as they are.
RAW = st.sampled_from(["", "&q=%FF%FE", "&margin=%00", "&participant=%C0%AF", "&stance=%E2%80%AE", "&%=%", "&&=&"])


def query_string(pairs, raw: str) -> str:
    return "&".join(f"{quote(name)}={quote(value)}" for name, value in pairs) + raw


def read_body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PUBLIC_PATHS),
    pairs=st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=8),
    export=st.sampled_from([None, None, "csv", "xlsx", "pdf", f"<script>{SENTINEL}()</script>"]),
    raw=RAW,
)
def test_hostile_filters_never_break_a_public_page_or_export(client, record, path, pairs, export, raw):
    if export:
        pairs = [*pairs, ("_export", export)]
    url = f"{path}?{query_string(pairs, raw)}"
    response = client.get(url)
    body = read_body(response)  # a streamed export runs to its end here
    assert response.status_code in {200, 400, 404}, f"{url} → {response.status_code}"
    if response["Content-Type"].startswith("text/html"):
        text = body.decode("utf-8")
        assert f"<script>{SENTINEL}" not in text, url
        assert "<img src=x onerror" not in text, url
        assert f'href="javascript:{SENTINEL}' not in text, url
    elif response.status_code == 400:
        assert response["Content-Type"].startswith("text/plain"), url
    assert response["X-Content-Type-Options"] == "nosniff"


# Every parameter that takes a number (a filter reads a number through review.filters' whole-number
# fields; page and per_page are the tables'). A new numeric filter is listed here by the test below.
NUMERIC_PARAMETERS = ["meeting", "as_of", "since", "until", "page", "per_page"]
# Numbers that break what assumes a machine integer: past 32 and 64 bits, signed and unsigned,
# zero and negative; hypothesis adds any other integer.
EDGE_NUMBERS = [0, -1, 1, 2**15, 2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**30)]
NUMBERS = st.one_of(st.sampled_from(EDGE_NUMBERS), st.integers(), st.integers(min_value=2**63 - 10, max_value=2**70))


@pytest.mark.django_db
def test_every_numeric_filter_is_tested_with_big_numbers():
    numeric = {
        name
        for filterset in (PositionFilter(), ChangesFilterSet())
        for name, field in filterset.form.fields.items()
        if isinstance(field, WHOLE_NUMBER_FIELDS)
    }
    assert numeric and numeric <= set(NUMERIC_PARAMETERS)


def reads(name: str, path: str) -> bool:
    """Whether the page at ``path`` reads the numeric parameter ``name``."""
    if name in {"since", "until"}:
        return path == "/changes/"
    if name == "as_of":  # every page but /changes/, where until says it
        return path != "/changes/"
    if name == "meeting":
        return path in FILTERED_PATHS
    return path in PAGINATED_PATHS


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PUBLIC_PATHS),
    numbers=st.lists(st.tuples(st.sampled_from(NUMERIC_PARAMETERS), NUMBERS), min_size=1, max_size=3),
    export=st.sampled_from([None, "csv", "xlsx"]),
)
def test_numbers_of_any_size_in_numeric_parameters_never_break_a_page_or_export(client, record, path, numbers, export):
    pairs = [(name, str(number)) for name, number in numbers]
    if export:
        pairs.append(("_export", export))
    url = f"{path}?{query_string(pairs, '')}"
    response = client.get(url)
    read_body(response)
    assert response.status_code in {200, 400}, f"{url} → {response.status_code}"
    if response.status_code == 400:
        assert response["Content-Type"].startswith("text/plain"), url


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
@pytest.mark.parametrize("name", NUMERIC_PARAMETERS)
@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**30])
@pytest.mark.parametrize("export", [None, "csv"])
def test_numbers_past_64_bits_are_bad_input_on_every_page_and_export(client, record, path, name, number, export):
    url = f"{path}?{name}={number}" + (f"&_export={export}" if export else "")
    response = client.get(url)
    body = read_body(response).decode("utf-8", "replace")
    # Where the parameter is read, the message names the value: a 400 for an export, the page with
    # a message otherwise. Elsewhere (page numbers of an export, filters of a page without filters)
    # it is not read.
    exports = export and path != "/"  # the overview has no export: ?_export is not read there
    if name in {"page", "per_page"} and exports:
        assert response.status_code == 200, f"{url} → {response.status_code}"
    elif reads(name, path):
        assert response.status_code == (400 if exports else 200), url
        assert f"'{number}'" in unescape(body), url
        if name not in {"page", "per_page"}:
            assert f"There is no meeting '{number}'" in unescape(body), url
    else:
        assert response.status_code == 200, f"{url} → {response.status_code}"


# --- Malformed imports -------------------------------------------------------------------------------


def database_state():
    """What an import could change: positions, provision texts, and their histories."""
    return (
        Position.objects.count(),
        Position.history.count(),
        Position.objects.aggregate(Max("updated_at"))["updated_at__max"],
        Provision.objects.exclude(text="").count(),
        Provision.history.count(),
    )


CELL = st.one_of(st.sampled_from(HOSTILE), TEXT)
VALID_ISH_ROW = st.fixed_dictionaries(
    {
        "instrument": st.sampled_from(["itrs-2012", "itrs-1988", "itrs-2099", ""]),
        "margin": st.sampled_from(["29", "1/1", "16-26", "3, 5", "9999", "2A", "", "1/1-1/39"]),
        "participant": st.sampled_from(["hill", "Germany", "the Russian Federation", "nobody", ""]),
        "stance": st.sampled_from(["abrogate", "SUP", "retain", "NOC", "revise", "maybe", ""]),
        "tor_item": st.sampled_from(["a", "b", "c", "other", "z", ""]),
        "contribution": st.sampled_from(["EG-ITRs-3/2", "EG-ITRs-9/99", ""]),
        "rationale": CELL,
        "proposed_text": CELL,
    }
)
# Always present somewhere in the file, so that no file is valid as a whole.
BAD_ROW = {"instrument": "itrs-2012", "margin": "99999", "participant": "hill", "stance": "abrogate"}


@st.composite
def malformed_positions_files(draw) -> bytes:
    kind = draw(st.sampled_from(["rows", "rows", "rows", "header", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400)) + b"\xff\xfe\x00 not UTF-8"
    header = list(POSITIONS_CSV_HEADER)
    if kind == "header":
        header = draw(st.lists(st.sampled_from([*POSITIONS_CSV_HEADER, "colour", ""]), min_size=0, max_size=6))
        header = [name for name in header if name not in {"stance"}]  # a required column missing
    rows = draw(st.lists(VALID_ISH_ROW, max_size=6))
    rows.insert(draw(st.integers(min_value=0, max_value=len(rows))), BAD_ROW)
    output = io.StringIO()
    import csv

    writer = csv.DictWriter(output, fieldnames=header or ["x"], extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    text = output.getvalue()
    if draw(st.booleans()):
        # Break the CSV itself: an unclosed quote, stray NULs, a ragged row.
        text += draw(st.sampled_from(['itrs-2012,"29,unclosed\n', "\x00\x00\n", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n"]))
    return text.encode("utf-8")


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=malformed_positions_files(), publish=st.booleans())
def test_malformed_positions_import_is_refused_and_writes_nothing(record, tmp_path_factory, content, publish):
    path = tmp_path_factory.mktemp("import") / "positions.csv"
    path.write_bytes(content)
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_positions",
            str(path),
            *(["--publish"] if publish else []),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert str(error.value).strip()
    assert database_state() == before


@st.composite
def malformed_text_files(draw) -> tuple[str, bytes]:
    layout = draw(st.sampled_from(["csv", "text", "bytes"]))
    if layout == "bytes":
        return "text", draw(st.binary(max_size=300)) + b"\xff\xfe"
    margins = draw(st.lists(st.sampled_from(["1", "29", "1/1", "2A", "0", "-3", "abc", "", "29"]), max_size=6))
    texts = draw(st.lists(CELL, min_size=len(margins), max_size=len(margins)))
    if layout == "csv":
        lines = [
            f'{margin},"{text.replace(chr(34), chr(34) * 2)}"' for margin, text in zip(margins, texts, strict=True)
        ]
        lines.insert(draw(st.integers(0, len(lines))), "99999,Unknown margin")
        return "csv", "\n".join(lines).encode("utf-8")
    paragraphs = [f"{margin} {text}" for margin, text in zip(margins, texts, strict=True)]
    paragraphs.insert(draw(st.integers(0, len(paragraphs))), "99999 Unknown margin.")
    return "text", "\n\n".join(paragraphs).encode("utf-8")


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=malformed_text_files(), instrument=st.sampled_from(["itrs-2012", "itrs-1988"]))
def test_malformed_provision_text_import_is_refused_and_writes_nothing(record, tmp_path_factory, file, instrument):
    layout, content = file
    path = tmp_path_factory.mktemp("import") / f"final-acts.{'csv' if layout == 'csv' else 'txt'}"
    path.write_bytes(content)
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_provision_text",
            instrument,
            str(path),
            f"--layout={layout}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert str(error.value).strip()
    assert database_state() == before


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=malformed_positions_files(), text_file=malformed_text_files(), confirm=st.booleans())
def test_malformed_uploads_to_the_admin_imports_are_refused_and_write_nothing(
    staff_client, record, content, text_file, confirm
):
    before = database_state()
    extra = {"_confirm": "1"} if confirm else {"_preview": "1"}
    response = staff_client.post(
        "/admin/review/position/import/",
        {"file": SimpleUploadedFile("positions.csv", content, content_type="text/csv"), **extra},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "errornote" in text or "error" in text.lower()
    assert f"<script>{SENTINEL}" not in text

    layout, text_content = text_file
    response = staff_client.post(
        "/admin/provisions/provision/import-text/",
        {
            "file": SimpleUploadedFile(f"final-acts.{'csv' if layout == 'csv' else 'txt'}", text_content),
            "instrument": Provision.objects.filter(instrument__slug="itrs-2012").first().instrument_id,
            "layout": layout,
            **extra,
        },
    )
    assert response.status_code == 200
    assert f"<script>{SENTINEL}" not in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize("sort", [".", "a.b", "margin,.", "-", "nonsense"])
def test_a_sort_naming_no_column_gives_the_tables_own_order(record, client, sort):
    # django-tables2 reads "a.b" as a path into the rows (a warning, an error under the tests' settings).
    for path in ("/provisions/", "/positions/", "/participants/", "/contributions/"):
        response = client.get(path, {"sort": sort})
        assert response.status_code == 200, (path, sort)
        first_row = re.compile(rb"<tbody>\s*<tr[^>]*>(.*?)</tr>", re.S)
        assert first_row.search(response.content).group(1) == first_row.search(client.get(path).content).group(1)
