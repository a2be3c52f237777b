import re

from review.models import Position


def test_home_shows_the_size_of_the_record(record, client):
    content = client.get("/").content.decode()
    assert re.search(r"Provisions of the 2012 ITRs</th><td[^>]*>134<", content)
    assert re.search(r"Provisions of the 1988 ITRs</th><td[^>]*>125<", content)
    assert re.search(r"Participants</th><td[^>]*>40<", content)
    assert re.search(r"Documents</th><td[^>]*>64<", content)
    assert re.search(r"Abrogate</th>.*?SUP.*?>76<", content, re.S)
    assert re.search(r"Retain unchanged</th>.*?NOC.*?>52<", content, re.S)
    assert re.search(r"Revise</th>.*?MOD.*?>7<", content, re.S)
    assert "Sixth meeting" in content and "19 January 2026" in content


def test_home_counts_published_positions_only(record, client):
    Position.objects.filter(stance="revise").update(state="draft")
    content = client.get("/").content.decode()
    assert re.search(r"Revise</th>.*?MOD.*?>0<", content, re.S)


def test_home_runs_a_fixed_number_of_queries(record, client, django_assert_max_num_queries):
    # 9 for the page, and 1 for the data version (dataversion.middleware) read by every public request.
    with django_assert_max_num_queries(10):
        assert client.get("/").status_code == 200


def test_latest_publications_group_what_was_published_together(record, client):
    # After loading, the Annex's 135 statements were published together: one row per stance, not
    # ten identical "Hill" rows.
    content = client.get("/").content.decode()
    latest = content[content.index('id="latest"') :]
    rows = latest.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
    assert rows == 3
    for symbol, count in (("SUP", 76), ("NOC", 52), ("MOD", 7)):
        assert re.search(rf">{symbol}</span></td>\s*<td class=\"number\">{count}</td>", latest), symbol
