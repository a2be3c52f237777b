"""The checks against ../shared: skipped on a clone with nothing beside it, compulsory when required."""

import pytest

from .conftest import shared_sources


def test_missing_sources_skip_on_a_bare_clone(tmp_path, monkeypatch):
    monkeypatch.delenv("ITRS_REQUIRE_SHARED", raising=False)
    monkeypatch.setenv("CI", "true")  # as hosted CI sets it: still a skip, not a failure
    with pytest.raises(pytest.skip.Exception, match="not beside this clone"):
        shared_sources(tmp_path / "shared")


def test_missing_sources_fail_where_they_are_required(tmp_path, monkeypatch):
    monkeypatch.setenv("ITRS_REQUIRE_SHARED", "1")
    with pytest.raises(pytest.fail.Exception, match="ITRS_REQUIRE_SHARED=1 requires it"):
        shared_sources(tmp_path / "shared")


def test_an_unknown_requirement_value_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("ITRS_REQUIRE_SHARED", "yes please")
    with pytest.raises(pytest.UsageError, match="'yes please'"):
        shared_sources(tmp_path / "shared")


def test_sources_that_are_there_are_given(tmp_path, monkeypatch):
    monkeypatch.setenv("ITRS_REQUIRE_SHARED", "1")
    assert shared_sources(tmp_path) == tmp_path
