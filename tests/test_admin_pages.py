"""Every model's admin renders with the real record, for the secretariat."""

import re

import pytest
from django.urls import reverse

from provisions.models import Correspondence, Instrument, Part, Provision
from review.models import Contribution, Meeting, Participant, Position

MODELS = [Instrument, Part, Provision, Correspondence, Participant, Meeting, Contribution, Position]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_renders_with_the_real_record(record, staff_client, model):
    response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert str(model.objects.first()) in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_change_and_add_pages_render(record, staff_client, model):
    instance = model.objects.first()
    assert staff_client.get(admin_url(model, "change", instance.pk)).status_code == 200
    assert staff_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        (Provision, "q=accounting+rate", "Definition: accounting rate"),
        (Contribution, "q=Paraguay", "EG-ITRs-6/7"),
        (Participant, "q=Kingdom+of+Saudi", "Saudi Arabia (Kingdom of)"),
        (Position, "stance__exact=revise", "2012 ITRs margin 76"),
        (Provision, "is_unverified__exact=1&instrument__id__exact=__2012__", "2012 ITRs margin 58"),
    ],
)
def test_search_and_filters(record, staff_client, model, query, expected):
    query = query.replace("__2012__", str(record.pk))
    response = staff_client.get(admin_url(model, "changelist") + "?" + query)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_provision_page_shows_its_positions_inline(record, staff_client):
    provision = Provision.objects.get(instrument=record, margin="29")
    content = staff_client.get(admin_url(Provision, "change", provision.pk)).content.decode()
    assert content.count('name="positions-') > 0
    assert "Hill" in content


def test_contribution_page_shows_submitters_and_positions_inline(record, staff_client):
    contribution = Contribution.objects.get(symbol="EG-ITRs-4/4")
    content = staff_client.get(admin_url(Contribution, "change", contribution.pk)).content.decode()
    assert 'name="submitter_links-TOTAL_FORMS"' in content
    assert 'name="positions-TOTAL_FORMS" value="135"' in content


def test_position_history_is_viewable_with_its_author(record, staff_client, django_user_model):
    position = Position.objects.get(participant__slug="hill", provision__margin="76", provision__instrument=record)
    position.rationale = "Changed by the secretariat"
    position._history_user = django_user_model.objects.get(username="secretariat")
    position.save()
    content = staff_client.get(admin_url(Position, "history", position.pk)).content.decode()
    assert "secretariat" in content
    assert "Changed by the secretariat" in content


def test_provision_history_is_revertible(record, staff_client):
    provision = Provision.objects.get(instrument=record, margin="29")
    provision.text = "First import"
    provision.save()
    first = provision.history.first()
    provision.text = "Second import"
    provision.save()
    url = reverse("admin:provisions_provision_simple_history", args=[provision.pk, first.history_id])
    assert staff_client.get(url).status_code == 200
    form = {
        field: getattr(first, field)
        for field in ["margin", "final_acts_margin", "paragraph", "subject", "text", "confidence"]
    }
    form |= {
        "instrument": provision.instrument_id,
        "part": provision.part_id,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url, form)
    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.text == "First import"


def test_admin_requires_login(record, client):
    response = client.get(admin_url(Position, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("url_name", "title", "changelist"),
    [
        ("review_position_record", "Record positions", "/admin/review/position/"),
        ("review_position_import", "Import positions", "/admin/review/position/"),
        ("review_position_deleted", "Deleted positions", "/admin/review/position/"),
        ("provisions_provision_import_text", "Import provision text", "/admin/provisions/provision/"),
    ],
)
def test_tool_pages_lead_back_to_their_list(record, staff_client, url_name, title, changelist):
    content = staff_client.get(reverse(f"admin:{url_name}")).content.decode()
    breadcrumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', content, re.S).group(1)
    assert f'href="{changelist}"' in breadcrumbs
    assert breadcrumbs.strip().endswith(title)
