"""Delegates at work in the admin, over HTTP with CSRF checks on, as real users."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from provisions.models import Instrument, Provision
from review.accounts import delegate_add
from review.models import Contribution, Participant, Position, PositionState
from review.position_services import positions_record

from .admin_client import AdminUser, FormReader
from .factories import PASSWORD

ANNEX_ABROGATE = "3, 5, 11, 16-26, 29, 45, 46, 47, 53, 55-62, 65-69, 73, 74, 75, 1/1-1/39, 2/2, 2/9"


def url(name, *args, query=""):
    return reverse(f"admin:{name}", args=args) + (f"?{query}" if query else "")


def forms_of(response) -> list[dict]:
    reader = FormReader()
    reader.feed(response.content.decode())
    return [form["fields"] for form in reader.forms if "csrfmiddlewaretoken" in form["fields"]]


@pytest.fixture
def spain(record):
    return Participant.objects.get(slug="spain")


@pytest.fixture
def anna(anna):
    """Anna, the delegate of Germany (tests/conftest.py), in a browser."""
    return AdminUser(anna)


@pytest.fixture
def sofia(spain):
    """A delegate of Spain, in a browser."""
    user, _ = delegate_add(username="sofia", participants=["spain"], password=PASSWORD)
    return AdminUser(user)


@pytest.fixture
def germany_draft(anna, germany, record):
    """A draft of Germany: abrogate margin 29, recorded by Anna."""
    positions_record(
        participant=germany, instrument=record, margins="29", stance="abrogate", rationale="Obsolete.", user=anna.user
    )
    return Position.objects.get(participant=germany, provision__margin="29", provision__instrument=record)


def snapshot(position):
    return Position.objects.filter(pk=position.pk).values().first()


# --- Bulk entry, publishing, public view -------------------------------------------------------


def test_delegate_records_the_annex_abrogate_list_in_one_bulk_entry_and_publishes_it(anna, germany, record, client):
    contribution = Contribution.objects.get(symbol="EG-ITRs-4/4")
    form = anna.form(url("review_position_record"))
    assert form["participant"] == str(germany.pk)  # their only participant, chosen for them
    form.update(
        instrument=str(record.pk),
        margins=ANNEX_ABROGATE,
        stance="abrogate",
        tor_item="c",
        contribution=str(contribution.pk),
        rationale="No longer relevant as a high-level guiding principle.",
    )
    preview = anna.post(url("review_position_record"), {**form, "_preview": "Preview"})
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "76 positions would be created, 0 updated, 0 left unchanged" in content
    assert content.count('class="record-create"') == 76
    assert not Position.objects.filter(participant=germany).exists()

    confirmed = anna.post(url("review_position_record"), {**forms_of(preview)[-1], "_confirm": "Confirm"})
    assert confirmed.status_code == 302
    positions = Position.objects.filter(participant=germany)
    assert positions.count() == 76
    assert set(positions.values_list("state", flat=True)) == {PositionState.DRAFT}
    assert set(positions.values_list("created_by__username", flat=True)) == {"anna"}
    assert {"3", "16", "26", "1/1", "1/39", "2/9"} <= set(positions.values_list("provision__margin", flat=True))
    position_row = '<th scope="row"><a href="/participants/germany/">Germany</a></th>'
    assert position_row not in client.get("/provisions/itrs-2012/29/").content.decode()
    assert position_row not in client.get("/provisions/itrs-2012/1/39/").content.decode()

    # The changelist lists them; select all of them and publish in bulk.
    changelist = anna.get(url("review_position_changelist", query=f"participant__id__exact={germany.pk}"))
    assert "76 positions" in changelist.content.decode() or "76 results" in changelist.content.decode()
    published = anna.post(
        url("review_position_changelist", query=f"participant__id__exact={germany.pk}"),
        {"action": "publish_selected", "_selected_action": list(positions.values_list("pk", flat=True))},
    )
    assert published.status_code == 302
    assert Position.objects.published().filter(participant=germany).count() == 76
    assert not positions.filter(published_at__isnull=True).exists()
    for margin in ("29", "1/39", "2/9"):
        page = client.get(f"/provisions/itrs-2012/{margin}/")
        assert page.status_code == 200
        assert position_row in page.content.decode()
    export = b"".join(client.get("/positions/?_export=csv&participant=germany").streaming_content).decode()
    assert len(export.splitlines()) == 1 + 76


def test_recording_again_updates_and_never_duplicates(anna, germany, record):
    form = anna.form(url("review_position_record"))
    form.update(instrument=str(record.pk), margins="3, 5", stance="abrogate", rationale="First.")
    anna.post(url("review_position_record"), {**form, "_preview": "1"})
    preview = anna.post(url("review_position_record"), {**form, "_preview": "1"})
    anna.post(url("review_position_record"), {**forms_of(preview)[-1], "_confirm": "1"})
    form.update(margins="3-6", rationale="Second.")
    preview = anna.post(url("review_position_record"), {**form, "_preview": "1"})
    content = preview.content.decode()
    assert "2 positions would be created, 2 updated, 0 left unchanged" in content
    anna.post(url("review_position_record"), {**forms_of(preview)[-1], "_confirm": "1"})
    positions = Position.objects.filter(participant=germany)
    assert positions.count() == 4
    assert set(positions.values_list("rationale", flat=True)) == {"Second."}


def test_unknown_margins_stop_the_bulk_entry_naming_them(anna, germany, record):
    form = anna.form(url("review_position_record"))
    form.update(instrument=str(record.pk), margins="3, 5, 78, 1/40, 16-26", stance="abrogate")
    response = anna.post(url("review_position_record"), {**form, "_confirm": "1"})
    assert response.status_code == 200
    assert "Unknown margins in 2012 ITRs: 78, 1/40." in response.content.decode()
    assert not Position.objects.filter(participant=germany).exists()


def test_proposed_text_with_abrogate_is_a_field_error_of_the_form_not_of_a_margin(anna, germany, record):
    form = anna.form(url("review_position_record"))
    form.update(instrument=str(record.pk), margins="3-11, 9999", stance="abrogate", proposed_text="New text.")
    response = anna.post(url("review_position_record"), {**form, "_preview": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"proposed_text": ["Proposed text goes with revise or add; abrogate and retain propose none."]}
    content = response.content.decode()
    assert "Margin 3:" not in content and "Unknown margin" not in content
    assert not Position.objects.filter(participant=germany).exists()


def test_confirming_without_the_matching_preview_records_nothing(anna, germany, record):
    form = anna.form(url("review_position_record"))
    form.update(instrument=str(record.pk), margins="3", stance="abrogate")
    preview = anna.post(url("review_position_record"), {**form, "_preview": "1"})
    changed = {**forms_of(preview)[-1], "margins": "3-11", "_confirm": "1"}
    response = anna.post(url("review_position_record"), changed)
    assert response.status_code == 200
    assert "changed since the preview" in response.content.decode()
    assert not Position.objects.filter(participant=germany).exists()


def test_delegate_publishes_and_withdraws_one_position_from_its_page(anna, germany_draft):
    change_url = url("review_position_change", germany_draft.pk)
    assert "Publish" in anna.get(change_url).content.decode()
    assert anna.post(url("review_position_publish", germany_draft.pk)).status_code == 302
    germany_draft.refresh_from_db()
    assert germany_draft.state == PositionState.PUBLISHED and germany_draft.published_at is not None
    assert anna.post(url("review_position_unpublish", germany_draft.pk)).status_code == 302
    germany_draft.refresh_from_db()
    assert germany_draft.state == PositionState.DRAFT and germany_draft.published_at is None


def test_delegate_edits_their_position_and_cannot_give_it_to_another_participant(anna, germany_draft, spain):
    change_url = url("review_position_change", germany_draft.pk)
    response = anna.submit(change_url, {"rationale": "Obsolete since 2012.", "participant": str(spain.pk)})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert snapshot(germany_draft)["participant_id"] == germany_draft.participant_id
    response = anna.submit(change_url, {"rationale": "Obsolete since 2012."})
    assert response.status_code == 302
    germany_draft.refresh_from_db()
    assert (germany_draft.rationale, germany_draft.version) == ("Obsolete since 2012.", 2)


# --- Another participant's delegate is refused everywhere --------------------------------------


def test_delegate_of_another_participant_does_not_see_it_in_lists_or_inlines(sofia, germany_draft, germany):
    changelist = sofia.get(url("review_position_changelist", query=f"participant__id__exact={germany.pk}"))
    assert changelist.status_code in {200, 302}
    assert url("review_position_change", germany_draft.pk) not in changelist.content.decode()
    provision_page = sofia.get(url("provisions_provision_change", germany_draft.provision_id))
    assert provision_page.status_code == 200
    assert url("review_position_change", germany_draft.pk) not in provision_page.content.decode()
    assert "Germany" not in provision_page.content.decode()
    autocomplete = sofia.get(
        "/admin/autocomplete/",
        {"app_label": "review", "model_name": "position", "field_name": "participant", "term": ""},
    )
    assert autocomplete.status_code == 200
    assert [item["text"] for item in autocomplete.json()["results"]] == ["Spain"]
    assert Participant.objects.get(slug="spain").pk != germany.pk


@pytest.mark.parametrize(
    ("route", "method"),
    [
        ("review_position_change", "get"),
        ("review_position_change", "post"),
        ("review_position_delete", "get"),
        ("review_position_delete", "post"),
        ("review_position_history", "get"),
        ("review_position_publish", "post"),
        ("review_position_unpublish", "post"),
    ],
)
def test_delegate_of_another_participant_is_refused_on_every_route(sofia, germany_draft, route, method):
    before = snapshot(germany_draft)
    target = url(route, germany_draft.pk)
    if method == "get":
        response = sofia.get(target)
    else:
        response = sofia.post(target, {"rationale": "Hijacked.", "stance": "retain", "post": "yes"})
    assert response.status_code in {403, 404}
    assert snapshot(germany_draft) == before


def test_delegate_of_another_participant_cannot_revert_or_read_history_versions(sofia, germany_draft):
    record = germany_draft.history.latest()
    target = url("review_position_simple_history", germany_draft.pk, record.history_id)
    assert sofia.get(target).status_code in {403, 404}
    assert sofia.post(target, {"rationale": "Hijacked."}).status_code in {403, 404}
    assert snapshot(germany_draft)["rationale"] == "Obsolete."


def test_bulk_actions_of_another_participant_change_nothing(sofia, germany_draft):
    before = snapshot(germany_draft)
    for action in ("publish_selected", "unpublish_selected", "delete_selected"):
        response = sofia.post(
            url("review_position_changelist"), {"action": action, "_selected_action": [germany_draft.pk], "post": "yes"}
        )
        assert response.status_code in {200, 302, 403, 404}
    assert snapshot(germany_draft) == before


def test_delegate_cannot_record_or_add_for_another_participant(sofia, germany, record):
    form = sofia.form(url("review_position_record"))
    form.update(participant=str(germany.pk), instrument=str(record.pk), margins="3", stance="abrogate")
    response = sofia.post(url("review_position_record"), {**form, "_confirm": "1"})
    assert "Select a valid choice" in response.content.decode()
    form = sofia.form(url("review_position_add"))
    form.update(participant=str(germany.pk), provision_0="itrs-2012", provision_1="3", stance="abrogate")
    response = sofia.post(url("review_position_add"), form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Position.objects.filter(participant=germany).exists()


def test_delegate_cannot_restore_another_participants_deleted_position(sofia, secretariat, germany_draft):
    secretariat.post(url("review_position_delete", germany_draft.pk), {"post": "yes"})
    assert not Position.objects.filter(pk=germany_draft.pk).exists()
    record = Position.history.filter(id=germany_draft.pk, history_type="-").get()
    assert "Germany" not in sofia.get(url("review_position_deleted")).content.decode()
    assert sofia.post(url("review_position_restore", record.history_id)).status_code in {403, 404}
    assert sofia.get(url("review_position_history", germany_draft.pk)).status_code == 404
    assert not Position.objects.filter(pk=germany_draft.pk).exists()


def test_delegate_cannot_change_reference_data_participants_or_users(sofia, spain, germany, record):
    provision = Provision.objects.get(instrument=record, margin="3")
    assert sofia.get(url("provisions_provision_change", provision.pk)).status_code == 200  # may read it
    response = sofia.post(url("provisions_provision_change", provision.pk), {"subject": "Changed", "margin": "3"})
    assert response.status_code == 403
    assert Provision.objects.get(pk=provision.pk).subject != "Changed"
    assert sofia.post(url("review_participant_change", spain.pk), {"name": "Changed"}).status_code == 403
    assert sofia.get(url("review_participant_change", germany.pk)).status_code in {302, 404}
    assert sofia.get(url("auth_user_changelist")).status_code == 403
    assert sofia.get(url("review_meeting_add")).status_code == 403
    assert sofia.get(url("review_contribution_add")).status_code == 403
    assert sofia.get(url("review_position_import")).status_code == 403
    assert sofia.get(url("provisions_provision_import_text")).status_code == 403
    assert Participant.objects.get(pk=spain.pk).name == "Spain"
    assert Instrument.objects.count() == 2


def test_delegate_edits_only_contributions_their_participant_submitted(sofia, spain):
    theirs = Contribution.objects.filter(submitters=spain).first()
    other = Contribution.objects.exclude(submitters=spain).first()
    response = sofia.submit(url("review_contribution_change", theirs.pk), {"title": "Corrected title"})
    assert response.status_code == 302
    assert Contribution.objects.get(pk=theirs.pk).title == "Corrected title"
    before = Contribution.objects.get(pk=other.pk).title
    assert sofia.post(url("review_contribution_change", other.pk), {"title": "Hijacked"}).status_code == 403
    assert Contribution.objects.get(pk=other.pk).title == before


# --- No lost updates ----------------------------------------------------------------------------


def test_a_stale_edit_is_refused_with_the_current_values(anna, secretariat, germany_draft):
    change_url = url("review_position_change", germany_draft.pk)
    annas_form = anna.form(change_url)
    secretariats_form = secretariat.form(change_url)
    assert (
        secretariat.post(change_url, {**secretariats_form, "rationale": "Corrected by the secretariat."}).status_code
        == 302
    )

    response = anna.post(change_url, {**annas_form, "rationale": "Anna's later edit."})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this position after you opened it" in content
    assert "Corrected by the secretariat." in content
    assert "saved by sam" in content
    germany_draft.refresh_from_db()
    assert germany_draft.rationale == "Corrected by the secretariat."
    assert germany_draft.version == 2


# --- History, revert, restore --------------------------------------------------------------------


def test_history_shows_each_change_with_its_author_and_the_secretariat_reverts(anna, secretariat, germany_draft):
    change_url = url("review_position_change", germany_draft.pk)
    secretariat.submit(change_url, {"rationale": "Corrected by the secretariat."})
    anna.post(url("review_position_publish", germany_draft.pk))

    history = anna.get(url("review_position_history", germany_draft.pk))
    assert history.status_code == 200
    content = history.content.decode()
    assert "anna" in content and "sam" in content
    assert "Corrected by the secretariat." in content  # what changed, with its values
    assert len(germany_draft.history.all()) == 3
    assert [record.history_user.username for record in germany_draft.history.order_by("history_date")] == [
        "anna",
        "sam",
        "anna",
    ]

    first = germany_draft.history.earliest()
    revert_url = url("review_position_simple_history", germany_draft.pk, first.history_id)
    # A delegate reads an old version but may not revert to it.
    assert anna.get(revert_url).status_code == 200
    assert anna.post(revert_url, anna.form(revert_url)).status_code == 403
    response = secretariat.submit(revert_url)
    assert response.status_code == 302
    germany_draft.refresh_from_db()
    assert germany_draft.rationale == "Obsolete."
    assert germany_draft.version == 4
    assert germany_draft.history.latest().history_user.username == "sam"


def test_delegate_deletes_and_restores_their_position(anna, germany_draft):
    response = anna.post(url("review_position_delete", germany_draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Position.objects.filter(pk=germany_draft.pk).exists()
    deleted_page = anna.get(url("review_position_deleted"))
    assert "Germany" in deleted_page.content.decode()
    record = Position.history.get(id=germany_draft.pk, history_type="-")
    assert anna.post(url("review_position_restore", record.history_id)).status_code == 302
    restored = Position.objects.get(pk=germany_draft.pk)
    assert restored.rationale == "Obsolete."
    assert restored.history.latest().history_user.username == "anna"
    assert "No deleted positions." in anna.get(url("review_position_deleted")).content.decode()


@pytest.mark.parametrize(
    ("publish", "message"), [(False, "Restored as a draft: "), (True, "Restored as a published position: ")]
)
def test_the_restore_message_says_how_the_position_came_back(anna, germany_draft, publish, message):
    if publish:
        anna.post(url("review_position_publish", germany_draft.pk))
    anna.post(url("review_position_delete", germany_draft.pk), {"post": "yes"})
    record = Position.history.get(id=germany_draft.pk, history_type="-")
    response = anna.post(url("review_position_restore", record.history_id), follow=True)
    shown = [str(shown) for shown in response.context["messages"]]  # the delete's message too
    assert shown[-1] == message + str(Position.objects.get(pk=germany_draft.pk)) + "."


def deleted_positions_link(user) -> bool:
    content = user.get(url("review_position_changelist")).content.decode()
    return f'<a href="{url("review_position_deleted")}">Deleted positions</a>' in content


def test_the_positions_list_links_deleted_positions_for_those_who_may_restore_them(anna, secretariat, record):
    assert deleted_positions_link(anna)
    assert deleted_positions_link(secretariat)
    # Staff who may only read positions may not restore them: no link.
    from django.contrib.auth.models import Permission

    reader = get_user_model().objects.create_user("reader", password=PASSWORD, is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_position"))
    assert not deleted_positions_link(AdminUser(reader))
    assert AdminUser(reader).get(url("review_position_deleted")).status_code == 403


def test_secretariat_links_a_user_to_a_participant_and_the_user_becomes_a_delegate(secretariat, spain):
    user = get_user_model().objects.create_user("pablo", password=PASSWORD)
    change_url = url("review_participant_change", spain.pk)
    response = secretariat.submit(change_url, {"delegates": [str(user.pk)]})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="Delegates").exists()
    assert list(Participant.objects.for_delegate(user)) == [spain]
    pablo = AdminUser(user)
    assert pablo.get(url("review_position_record")).status_code == 200


def test_delegate_cannot_revert_a_provision_they_may_only_read(sofia, secretariat, record):
    provision = Provision.objects.get(instrument=record, margin="29")
    original_subject = provision.subject
    secretariat.submit(url("provisions_provision_change", provision.pk), {"subject": "Corrected subject"})
    first = provision.history.earliest()
    revert_url = url("provisions_provision_simple_history", provision.pk, first.history_id)
    assert sofia.get(revert_url).status_code == 200  # may read an old version
    assert sofia.post(revert_url, sofia.form(revert_url)).status_code == 403
    assert Provision.objects.get(pk=provision.pk).subject == "Corrected subject"
    assert secretariat.submit(revert_url).status_code == 302
    assert Provision.objects.get(pk=provision.pk).subject == original_subject


def test_secretariat_restores_a_deleted_position_from_its_history(secretariat, anna, germany_draft):
    anna.post(url("review_position_delete", germany_draft.pk), {"post": "yes"})
    history = secretariat.get(url("review_position_history", germany_draft.pk))
    assert history.status_code == 200
    assert "anna" in history.content.decode()
    last_version = germany_draft.history.filter(history_type="~").first() or germany_draft.history.earliest()
    revert_url = url("review_position_simple_history", germany_draft.pk, last_version.history_id)
    assert secretariat.submit(revert_url).status_code == 302
    restored = Position.objects.get(pk=germany_draft.pk)
    assert restored.rationale == "Obsolete."
    assert restored.history.latest().history_user.username == "sam"


def test_posting_without_the_csrf_token_is_refused(anna, germany, record):
    form = anna.form(url("review_position_record"))
    form.update(instrument=str(record.pk), margins="3", stance="abrogate", _confirm="1")
    form.pop("csrfmiddlewaretoken")
    assert anna.client.post(url("review_position_record"), form).status_code == 403
    assert not Position.objects.filter(participant=germany).exists()


def test_delegate_adds_one_position_with_the_add_form(anna, germany, record):
    form = anna.form(url("review_position_add"))
    assert form["participant"] == str(germany.pk)
    assert form["provision_0"] == "itrs-2012"  # the 2012 ITRs unless another is chosen
    form.update(provision_1="50", stance="revise", proposed_text="New text.", tor_item="a")
    assert anna.post(url("review_position_add"), form).status_code == 302
    position = Position.objects.get(participant=germany)
    assert (position.state, position.created_by, position.version) == (PositionState.DRAFT, anna.user, 1)
    assert position.provision == Provision.objects.get(instrument=record, margin="50")


@pytest.mark.parametrize(
    ("instrument", "margin", "expected"),
    [
        ("itrs-2012", "1/5", ("itrs-2012", "1/5")),  # was refused: the field asked for a database id
        ("itrs-2012", " 30 ", ("itrs-2012", "30")),  # "30" meant the provision whose id is 30
        ("itrs-1988", "1", ("itrs-1988", "1")),  # was "135"
        ("itrs-1988", "01", ("itrs-1988", "1")),
        ("itrs-2012", "2/9", ("itrs-2012", "2/9")),
    ],
)
def test_the_position_form_takes_an_instrument_and_a_margin(anna, germany, record, instrument, margin, expected):
    form = anna.form(url("review_position_add"))
    form.update(provision_0=instrument, provision_1=margin, stance="abrogate")
    assert anna.post(url("review_position_add"), form).status_code == 302
    position = Position.objects.get(participant=germany)
    assert (position.provision.instrument.slug, position.provision.margin) == expected


@pytest.mark.parametrize(
    ("instrument", "margin", "message"),
    [
        ("itrs-2012", "999", "Unknown margin in 2012 ITRs: 999."),
        ("itrs-1988", "1/40", "Unknown margin in 1988 ITRs: 1/40."),
        ("itrs-2012", "abc", "&#x27;abc&#x27; is not a margin number"),
        ("itrs-2012", "29-30", "&#x27;29-30&#x27; names more than one margin"),
        ("itrs-2012", "29, 30", "&#x27;29, 30&#x27; names more than one margin"),
        ("itrs-2012", "", "Give the margin"),
        ("itrs-2099", "29", "Select a valid choice"),
    ],
)
def test_the_position_form_names_a_margin_it_cannot_use_and_writes_nothing(anna, germany, instrument, margin, message):
    form = anna.form(url("review_position_add"))
    form.update(provision_0=instrument, provision_1=margin, stance="abrogate")
    response = anna.post(url("review_position_add"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Position.objects.filter(participant=germany).exists()


def test_the_position_form_reads_a_margin_as_the_bulk_entry_does_for_its_stance(anna, germany, record):
    # ADD names the new provision it proposes (29A); other stances name the instrument's provisions.
    positions_record(
        participant=germany, instrument=record, margins="29A", stance="add", proposed_text="New.", user=anna.user
    )
    proposed = Provision.objects.get(instrument=record, margin="29A")
    refusals = {
        ("retain", "29A", ""): "29A is a provision proposed by ADD, not in the instrument",
        ("add", "29", "Text."): "29 is already a provision of 2012 ITRs: ADD names the new provision it proposes",
        ("add", "30A", "Text."): "30A is not proposed yet: record the first ADD statement proposing it with Record",
    }
    for (stance, margin, proposed_text), message in refusals.items():
        form = anna.form(url("review_position_add"))
        form.update(provision_1=margin, stance=stance, proposed_text=proposed_text)
        response = anna.post(url("review_position_add"), form)
        assert message in response.content.decode(), (stance, margin)
    assert not Provision.objects.filter(instrument=record, margin="30A").exists()
    form = anna.form(url("review_position_add"))
    contribution = Contribution.objects.get(symbol="EG-ITRs-4/8")
    form.update(provision_1="29a", stance="add", proposed_text="Another text.", contribution=str(contribution.pk))
    assert anna.post(url("review_position_add"), form).status_code == 302
    assert proposed.positions.filter(contribution=contribution).exists()


def test_the_change_form_shows_the_instrument_and_margin_and_changes_the_margin(anna, germany_draft):
    form = anna.form(url("review_position_change", germany_draft.pk))
    assert (form["provision_0"], form["provision_1"]) == ("itrs-2012", "29")
    assert "provision" not in form  # no database id anywhere
    assert anna.submit(url("review_position_change", germany_draft.pk), {"provision_1": "1/5"}).status_code == 302
    germany_draft.refresh_from_db()
    assert germany_draft.provision.margin == "1/5" and germany_draft.version == 2
    assert germany_draft.history.latest().provision.margin == "1/5"


def test_the_change_form_keeps_what_was_typed_when_it_refuses_it(anna, germany_draft):
    response = anna.submit(url("review_position_change", germany_draft.pk), {"provision_1": "999"})
    assert response.status_code == 200
    assert forms_of(response)[-1]["provision_1"] == "999"
    germany_draft.refresh_from_db()
    assert germany_draft.provision.margin == "29" and germany_draft.version == 1


def test_delegate_deletes_in_bulk_and_finds_them_in_deleted_positions(anna, germany, record):
    positions_record(participant=germany, instrument=record, margins="3-5", stance="abrogate", user=anna.user)
    ids = list(Position.objects.filter(participant=germany).values_list("pk", flat=True))
    confirm = anna.post(url("review_position_changelist"), {"action": "delete_selected", "_selected_action": ids})
    assert confirm.status_code == 200  # the confirmation page
    done = anna.post(
        url("review_position_changelist"), {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert done.status_code == 302
    assert not Position.objects.filter(participant=germany).exists()
    assert anna.get(url("review_position_deleted")).content.decode().count("Restore</button>") == 3


# --- Messages ---------------------------------------------------------------------------------------


def test_bulk_action_messages_agree_in_number(anna, germany, record):
    positions_record(participant=germany, instrument=record, margins="3-5", stance="abrogate", user=anna.user)
    one = [Position.objects.filter(participant=germany).first().pk]
    every = list(Position.objects.filter(participant=germany).values_list("pk", flat=True))

    def act(action, ids):
        response = anna.post(
            url("review_position_changelist"), {"action": action, "_selected_action": ids}, follow=True
        )
        return [str(message) for message in response.context["messages"]]

    assert act("publish_selected", one) == ["1 position published."]
    assert act("publish_selected", every) == ["2 positions published."]  # one was already
    assert act("unpublish_selected", one) == ["1 position withdrawn to draft."]
    assert act("unpublish_selected", every) == ["2 positions withdrawn to draft."]


def test_bulk_entry_summary_agrees_in_number(anna, germany, record):
    plan = positions_record(
        participant=germany, instrument=record, margins="3", stance="abrogate", user=anna.user, dry_run=True
    )
    assert plan.summary().startswith("1 position would be created, 0 updated")
    plan = positions_record(participant=germany, instrument=record, margins="3", stance="abrogate", user=anna.user)
    assert plan.summary().startswith("1 position was created, 0 updated")


# --- The supporting contribution -------------------------------------------------------------------


def option_groups(response, field="contribution") -> dict[str, list[str]]:
    """The option texts of a select, by optgroup label ("" outside any group)."""
    from html.parser import HTMLParser

    groups: dict[str, list[str]] = {}

    class Reader(HTMLParser):
        select = group = option = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "select":
                self.select = attrs.get("name")
            elif tag == "optgroup" and self.select == field:
                self.group = attrs["label"]
            elif tag == "option" and self.select == field:
                self.option = ""

        def handle_data(self, data):
            if self.option is not None:
                self.option += data

        def handle_endtag(self, tag):
            if tag == "option" and self.option is not None:
                groups.setdefault(self.group or "", []).append(self.option.strip())
                self.option = None
            elif tag == "optgroup":
                self.group = None
            elif tag == "select":
                self.select = None

    Reader().feed(response.content.decode())
    return groups


def test_delegate_sees_their_participants_documents_first(anna, secretariat):
    groups = option_groups(anna.get(url("review_position_record")))
    assert list(groups) == ["", "Your documents", "Other documents"]
    own = [label.split(" ")[0] for label in groups["Your documents"]]
    assert own == ["EG-ITRs-1/5", "EG-ITRs-1/6", "EG-ITRs-2/11", "EG-ITRs-2/12", "EG-ITRs-4/8", "EG-ITRs-6/8"]
    assert any(label.startswith("EG-ITRs-4/4 (Hill): ") for label in groups["Other documents"])
    assert len(groups["Your documents"]) + len(groups["Other documents"]) == Contribution.objects.count()
    # The secretariat acts for everyone: one list, in document order.
    groups = option_groups(secretariat.get(url("review_position_record")))
    assert list(groups) == [""] and len(groups[""]) == 1 + Contribution.objects.count()


def test_preview_warns_when_the_document_is_not_the_participants_and_recording_is_still_allowed(anna, germany, record):
    form = anna.form(url("review_position_record"))
    hills = Contribution.objects.get(symbol="EG-ITRs-4/4")
    form.update(instrument=str(record.pk), margins="3", stance="abrogate", contribution=str(hills.pk))
    preview = anna.post(url("review_position_record"), {**form, "_preview": "1"})
    content = preview.content.decode()
    assert 'id="record-warnings"' in content
    assert "EG-ITRs-4/4 was submitted by Hill, not by Germany." in content
    assert anna.post(url("review_position_record"), {**forms_of(preview)[-1], "_confirm": "1"}).status_code == 302
    assert Position.objects.get(participant=germany).contribution == hills

    germanys = Contribution.objects.get(symbol="EG-ITRs-4/8")
    form.update(contribution=str(germanys.pk))
    preview = anna.post(url("review_position_record"), {**form, "_preview": "1"})
    assert "1 position would be created" in preview.content.decode()
    assert 'id="record-warnings"' not in preview.content.decode()


# --- History says who and why ----------------------------------------------------------------------


def history_rows(user, position_id) -> str:
    """The table of versions on a position's history page."""
    content = user.get(url("review_position_history", position_id)).content.decode()
    start = content.index('id="change-history"')
    return content[start : content.index("</table>", start)]


def test_every_change_records_why_and_the_history_never_shows_none(anna, secretariat, germany, record):
    from provisions import history

    form = anna.form(url("review_position_record"))
    form.update(instrument=str(record.pk), margins="29", stance="abrogate", rationale="Obsolete.")
    preview = anna.post(url("review_position_record"), {**form, "_preview": "1"})
    anna.post(url("review_position_record"), {**forms_of(preview)[-1], "_confirm": "1"})
    position = Position.objects.get(participant=germany)
    anna.submit(url("review_position_change", position.pk), {"rationale": "Obsolete since 2012."})
    anna.post(url("review_position_publish", position.pk))
    anna.post(url("review_position_unpublish", position.pk))
    first = position.history.earliest()
    secretariat.submit(url("review_position_simple_history", position.pk, first.history_id))
    anna.post(url("review_position_delete", position.pk), {"post": "yes"})
    deleted = Position.history.get(id=position.pk, history_type="-")
    anna.post(url("review_position_restore", deleted.history_id))

    reasons = [
        (record.history_user.username, record.history_change_reason)
        for record in Position.history.filter(id=position.pk).order_by("history_date", "history_id")
    ]
    assert reasons == [
        ("anna", "Recorded in bulk (Record positions)"),
        ("anna", "Edited in the admin"),
        ("anna", "Published"),
        ("anna", "Withdrawn to draft"),
        ("sam", history.reverted_to(first.history_date)),
        ("anna", "Deleted"),
        ("anna", "Restored"),
    ]
    rows = history_rows(anna, position.pk)
    assert "Recorded in bulk (Record positions)" in rows and "Reverted to the version of" in rows
    assert "None" not in rows


def test_history_of_a_position_written_at_the_command_line_names_the_command_line(secretariat, record, tmp_path):
    import io

    from django.core.management import call_command

    from provisions import history

    path = tmp_path / "germany.csv"
    path.write_text("instrument,margin,participant,stance\nitrs-2012,29,germany,abrogate\n")
    call_command("import_positions", str(path), stdout=io.StringIO())
    position = Position.objects.get(participant__slug="germany")
    record_ = position.history.get()
    assert record_.history_user is None
    assert record_.history_change_reason == f"Imported from germany.csv (command line, OS user {history.operator()})"
    rows = history_rows(secretariat, position.pk)
    assert "command line" in rows
    assert "None" not in rows
    # The record loaded by load_review_data says so too.
    hill = Position.objects.filter(participant__slug="hill").first()
    assert "None" not in history_rows(secretariat, hill.pk)
    assert hill.history.earliest().history_change_reason.startswith("Loaded by load_review_data (command line, OS user")


def test_history_of_provision_text_names_the_file_and_the_admin_edit(secretariat, record, tmp_path):
    import io

    from django.core.management import call_command

    from provisions import history

    path = tmp_path / "final-acts.txt"
    path.write_text("29 Member States shall.\n")
    call_command("import_provision_text", "itrs-2012", str(path), stdout=io.StringIO())
    provision = Provision.objects.get(instrument=record, margin="29")
    assert provision.history.latest().history_change_reason == (
        f"Text imported from final-acts.txt (command line, OS user {history.operator()})"
    )
    secretariat.submit(url("provisions_provision_change", provision.pk), {"subject": "Corrected subject"})
    latest = provision.history.latest()
    assert (latest.history_user.username, latest.history_change_reason) == ("sam", "Edited in the admin")
    page = secretariat.get(url("provisions_provision_history", provision.pk)).content.decode()
    start = page.index('id="change-history"')
    table = page[start : page.index("</table>", start)]
    assert "Text imported from final-acts.txt" in table and "command line" in table
    assert "None" not in table
