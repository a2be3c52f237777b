"""add_delegate: a delegate account linked to participants; the password never on the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from review.models import Participant, Position
from review.permissions import DELEGATES_GROUP, is_secretariat

PASSWORD = "a-long-delegate-password-7"


def add_delegate(*args):
    out = io.StringIO()
    call_command("add_delegate", *args, stdout=out)
    return out.getvalue()


def test_creates_a_staff_delegate_with_the_password_from_the_environment(record, monkeypatch):
    monkeypatch.setenv("DELEGATE_PASSWORD", PASSWORD)
    out = add_delegate("anna", "--participant", "germany", "--participant", "spain", "--email", "a@example.org")
    assert "Created delegate anna, acting for: Germany, Spain." in out
    user = get_user_model().objects.get(username="anna")
    assert user.check_password(PASSWORD)
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=DELEGATES_GROUP).exists()
    assert user.has_perm("review.add_position") and user.has_perm("review.view_provision") is False
    assert user.has_perm("provisions.view_provision")
    assert not user.has_perm("review.change_participant") and not is_secretariat(user)
    assert set(Participant.objects.for_delegate(user).values_list("slug", flat=True)) == {"germany", "spain"}
    assert not Position.objects.for_delegate(user).exists()


def test_links_an_existing_user_without_touching_the_password(record, monkeypatch):
    user = get_user_model().objects.create_user("anna", password=PASSWORD)
    monkeypatch.delenv("DELEGATE_PASSWORD", raising=False)
    assert "Updated delegate anna" in add_delegate("anna", "--participant", "hill")
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.is_staff
    assert Position.objects.for_delegate(user).count() == 135


def test_refuses_unknown_participants_and_weak_or_missing_passwords(record, monkeypatch):
    monkeypatch.setenv("DELEGATE_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="Unknown participant 'atlantis'. .* Nothing was changed."):
        add_delegate("anna", "--participant", "germany", "--participant", "atlantis")
    monkeypatch.setenv("DELEGATE_PASSWORD", "anna")
    with pytest.raises(CommandError, match="too short|too similar|too common"):
        add_delegate("anna", "--participant", "germany")
    monkeypatch.delenv("DELEGATE_PASSWORD")
    with pytest.raises(CommandError, match="Set DELEGATE_PASSWORD"):
        add_delegate("anna", "--participant", "germany")
    assert not get_user_model().objects.filter(username="anna").exists()


def test_there_is_no_password_argument():
    with pytest.raises(CommandError, match="unrecognized arguments: --password"):
        add_delegate("anna", "--participant", "germany", "--password", PASSWORD)


def test_participants_are_found_by_name_slug_or_alias_in_any_case(record, monkeypatch):
    monkeypatch.setenv("DELEGATE_PASSWORD", PASSWORD)
    out = add_delegate(
        "anna", "--participant", "Russian Federation", "--participant", "GERMANY", "--participant", "the united states"
    )
    assert "Created delegate anna, acting for: Germany, Russian Federation, United States." in out
    out = add_delegate("anna", "--participant", "the Russian Federation", "--participant", "Saudi-Arabia")
    assert (
        "Updated delegate anna, acting for: Germany, Russian Federation, Saudi Arabia (Kingdom of), United States."
        in out
    )


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("Russia", "Russian Federation"), ("Rusian Federation", "Russian Federation"), ("Germny", "Germany")],
)
def test_an_unknown_participant_is_named_with_close_matches_and_nothing_changes(record, monkeypatch, value, suggestion):
    monkeypatch.setenv("DELEGATE_PASSWORD", PASSWORD)
    with pytest.raises(CommandError) as error:
        add_delegate("anna", "--participant", "germany", "--participant", value)
    assert str(error.value).startswith(f"Unknown participant '{value}'. Did you mean {suggestion}")
    assert str(error.value).endswith("? Nothing was changed.")
    assert not get_user_model().objects.filter(username="anna").exists()


def test_add_delegate_and_the_positions_import_find_participants_with_the_same_function(record, tmp_path):
    from review import accounts, imports
    from review.participants import participant_find

    assert accounts.participant_find is participant_find
    assert imports.participant_find is participant_find
    path = tmp_path / "positions.csv"
    path.write_text("instrument,margin,participant,stance\nitrs-2012,3,Russia,abrogate\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_positions", str(path), stdout=io.StringIO(), stderr=err)
    assert (
        "line 2, column participant 'Russia': Unknown participant. Did you mean Russian Federation or" in err.getvalue()
    )
