"""The word-level difference: both texts come back exactly, changes read as words."""

from hypothesis import given, settings
from hypothesis import strategies as st

from provisions.wordiff import Change, Segment, tokenize, word_diff

# Words from a small vocabulary, so that random texts share words and the difference has both
# equal stretches and changes; punctuation, quotes, several spaces, tabs and line breaks; Arabic and
# Chinese.
PIECES = st.sampled_from(
    ["alpha", "beta", "gamma", "delta", "Member", "States", "shall", " ", "  ", "\t", "\n", ",", ".", ";", "(", ")"]
    + ["“", "”", "'", "a)", "3.3", "الدول", "成员国", "é", "-", "\u00a0"]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@given(TEXTS)
def test_tokens_join_to_the_text(text):
    assert "".join(tokenize(text)) == text


@settings(max_examples=300)
@given(TEXTS, TEXTS)
def test_rejecting_gives_the_old_text_and_accepting_the_new(old, new):
    diff = word_diff(old, new)
    assert diff.old_text == old
    assert diff.new_text == new
    assert diff.has_changes == (old != new)
    # No empty segment, and never two segments of the same kind side by side.
    assert all(segment.text for segment in diff.segments)
    assert all(a.change != b.change for a, b in zip(diff.segments, diff.segments[1:], strict=False))


def test_changed_words_are_whole_words():
    diff = word_diff("Member States shall cooperate closely.", "Member States should cooperate.")
    assert diff.segments == (
        Segment(Change.EQUAL, "Member States "),
        Segment(Change.DELETE, "shall"),
        Segment(Change.INSERT, "should"),
        Segment(Change.EQUAL, " cooperate"),
        Segment(Change.DELETE, " closely"),
        Segment(Change.EQUAL, "."),
    )


def test_a_space_between_two_changed_words_is_part_of_one_replacement():
    diff = word_diff("keep red green keep", "keep blue yellow keep")
    assert diff.segments == (
        Segment(Change.EQUAL, "keep "),
        Segment(Change.DELETE, "red green"),
        Segment(Change.INSERT, "blue yellow"),
        Segment(Change.EQUAL, " keep"),
    )


def test_html_marks_changes_with_ins_and_del_and_escapes_everything():
    diff = word_diff("a <b> & c", "a <i> & c")
    assert diff.html() == "a &lt;<del>b</del><ins>i</ins>&gt; &amp; c"


def test_identical_texts_have_no_changes():
    diff = word_diff("same text", "same text")
    assert not diff.has_changes
    assert diff.html() == "same text"
    assert word_diff("", "").segments == ()


def test_from_nothing_everything_is_inserted():
    assert word_diff("", "new words").segments == (Segment(Change.INSERT, "new words"),)
    assert word_diff("old words", "").segments == (Segment(Change.DELETE, "old words"),)


def test_a_text_replaced_by_another_is_one_deletion_and_one_insertion():
    old = "Routes are agreed between the agencies; meanwhile the first agency chooses."
    new = "A summary of the proposal: numbering resources are diallable and the systems are transparent."
    diff = word_diff(old, new)
    assert diff.segments == (Segment(Change.DELETE, old), Segment(Change.INSERT, new))


def test_an_amendment_keeps_its_unchanged_words():
    diff = word_diff("Member States shall cooperate on the network.", "Member States should cooperate.")
    assert Segment(Change.EQUAL, "Member States ") in diff.segments
