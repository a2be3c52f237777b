"""Text search (provisions/search.py): whole words, case and accents ignored both ways, numbers
included, the same answers on SQLite and PostgreSQL (make test-postgres runs this module there)."""

import pytest
from django.utils import timezone

from provisions.models import Provision
from provisions.search import FOLD_EXPANSIONS, FOLD_FROM, FOLD_TO, fold, query_tokens
from review.models import Contribution, Participant, Position, Stance
from review.selectors import Selection

from .factories import ParticipantFactory
from .test_filters import row_count


def statement(provision, *, rationale="", participant=None):
    return Position.objects.create(
        provision=provision,
        participant=participant or ParticipantFactory(),
        stance=Stance.RETAIN,
        rationale=rationale,
        state="published",
        published_at=timezone.now(),
    )


def margins(queryset) -> set[tuple[str, str]]:
    return set(queryset.values_list("instrument__slug", "margin"))


@pytest.fixture
def statements(record):
    provision = record.provisions.get(margin="30")
    return {
        "ai": statement(provision, rationale="On AI, and on trust."),
        "aims": statement(provision, rationale="The aims of the Regulations; unpaid accounts."),
        "cote": statement(provision, rationale="Comme le dit la Côte d'Ivoire."),
        "plain": statement(provision, rationale="As Cote d'Ivoire says, without accents."),
    }


def found(q: str) -> set[int]:
    return set(Position.objects.search(q).values_list("pk", flat=True))


def test_a_word_is_found_whole_not_inside_other_words(statements):
    assert found("AI") == found("ai")
    assert statements["ai"].pk in found("AI") and statements["aims"].pk not in found("AI")
    assert statements["aims"].pk in found("aims") and statements["aims"].pk in found("unpaid")
    assert not found("aim") & {statements["aims"].pk}
    assert not found("pai")


def test_accents_are_ignored_both_ways(statements):
    both = {statements["cote"].pk, statements["plain"].pk}
    assert found("cote") >= both
    assert found("Côte") >= both
    assert found("CÔTE D’IVOIRE") >= both
    assert statements["ai"].pk not in found("cote")


def test_every_word_must_be_found_in_any_order(statements):
    assert found("trust AI") == {statements["ai"].pk}
    assert not found("trust zebra")


def test_paragraphs_and_final_acts_margins_are_searched(record):
    # 2012 margin 49 is FA Art. 5A; margin 31 is FA margin 31A; paragraph 3.1.3 is 2012 margin 1/21.
    assert ("itrs-2012", "49") in margins(Provision.objects.search("5A"))
    assert ("itrs-2012", "49") in margins(Provision.objects.search("5a"))
    assert ("itrs-2012", "31") in margins(Provision.objects.search("31A"))
    assert ("itrs-2012", "1/21") in margins(Provision.objects.search("3.1.3"))
    assert ("itrs-2012", "1/21") not in margins(Provision.objects.search("3.1"))


def test_a_margin_is_found_whole(record):
    found_1_1 = margins(Provision.objects.search("1/1"))
    assert {("itrs-2012", "1/1"), ("itrs-1988", "1/1")} <= found_1_1
    assert not {margin for _, margin in found_1_1} & {"1/10", "1/11", "2/1", "1"}
    assert ("itrs-2012", "29") in margins(Provision.objects.search("29"))
    assert ("itrs-2012", "290") not in margins(Provision.objects.search("29"))


def test_statements_are_found_by_their_provision_and_their_participant(record, statements):
    assert Position.objects.search("1/1").filter(provision__margin="1/1").exists()
    assert Position.objects.filter(participant__slug="hill").count() == Position.objects.search("hill").count()


def test_participants_and_documents_are_found_by_name_without_accents(record, client):
    assert Selection(q="cote").participants().filter(slug="cote-divoire").exists()
    assert Selection(q="côte").participants().filter(slug="cote-divoire").exists()
    assert row_count(client, "/participants/?q=cote") == 1
    # /contributions/: symbol, title and submitters.
    submitted = Contribution.objects.filter(submitters__slug="cote-divoire")
    assert submitted.exists() and row_count(client, "/contributions/?q=cote") == submitted.count()
    assert row_count(client, "/contributions/?q=EG-ITRs-3/2") == 1
    assert row_count(client, "/contributions/?q=3/2") == 1
    assert row_count(client, "/contributions/?q=3/20") == 0


def test_hostile_and_punctuation_queries_never_fail(record):
    for q in ["/", "%", "_", "'; --", "a & b | !c", "(", "[", "\\", ".*", "ΑΒΓ", ":*", "?", "‘’"]:
        list(Provision.objects.search(q)[:1])
        list(Position.objects.search(q)[:1])
    # Punctuation alone is matched as it is, anywhere: the unverified paragraphs (8.2.2?) have a '?'.
    assert Provision.objects.search("?").filter(margin="58").exists()
    assert margins(Provision.objects.search("%")) == {("itrs-1988", "1/30"), ("itrs-1988", "1/36")}  # 6%, 5%
    assert not Provision.objects.search("_").exists()


def test_folding_is_one_function_and_the_postgresql_tables_are_built_from_it():
    assert fold("Côte d’Ivoire") == "cote d’ivoire"
    assert fold("ŁÓDŹ Straße ÆON Œuvre") == "lodz strasse aeon oeuvre"
    assert query_tokens("EG-ITRs-3/2, Art. 5A and 2.10") == ["eg", "itrs", "3/2", "art", "5a", "and", "2.10"]
    assert all(fold(letter) == folded for letter, folded in zip(FOLD_FROM, FOLD_TO, strict=True))
    assert all(fold(letter) == folded for letter, folded in FOLD_EXPANSIONS)
    assert {"é", "ô", "ł", "ё"} <= set(FOLD_FROM) and ("ß", "ss") in FOLD_EXPANSIONS


def test_participants_folded_by_the_database_as_by_python(record):
    """The database's folding (ITRS_FOLD on SQLite, lower/translate/replace on PostgreSQL) gives
    the same text as ``fold`` for names in many scripts."""
    from provisions.search import Fold

    names = ["Côte d’Azur", "ŁÓDŹ", "Straße", "Œuvre", "Ελλάδα", "Россия Ёлка", "Việt Nam Ǆ", "Türkiye"]
    for name in names:
        ParticipantFactory(name=name)
    folded = dict(
        Participant.objects.filter(name__in=names).annotate(folded=Fold("name")).values_list("name", "folded")
    )
    assert folded == {name: fold(name) for name in names}
