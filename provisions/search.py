"""Text search and alphabetical order, one rule on every database: case and accents ignored.

Alphabetical order (``by_letters``): names sort by their letters, not by code point (Côte d'Ivoire
before Czech Republic), letter by letter as a dictionary does (spaces, punctuation and brackets
left out: "[synthetic] ..." files under S): by the letters and digits of ``fold`` of the name, then
by the name, on SQLite, PostgreSQL and in Python (``letters_key``) alike. That key is computed once
per row (a cached function on SQLite; the fold tables and regexp_replace on PostgreSQL, compared
byte by byte with COLLATE "C" so that the server's locale does not reorder it); a collation
callback would instead be called for every comparison (half a second more to sort a 30,000-row
export on SQLite), and an ICU collation exists on PostgreSQL only.

Text search, whole words, with case and accents ignored both ways.

A query is read as tokens: runs of letters and digits, keeping the dots and slashes inside numbers
(``1/1``, ``2.10``, ``29A``; ``EG-ITRs-3/2`` is ``eg``, ``itrs``, ``3/2``). A row matches where every
token is a whole token of one of the fields searched: "AI" finds "AI" but not "Aims" or "unpaid",
"1/1" finds margin 1/1 but not 1/10, "5A" finds "[FA Art. 5A]". Case and accents are folded on
both sides by one function, ``fold`` ("cote" finds "Côte d'Ivoire" and "côte" finds "Cote"). A query
with no token at all (punctuation only) is matched as folded text anywhere.

How it runs: the fields are joined into one document (``" | "`` between them, so that no token
spans two fields), folded, and matched against one regular expression with a lookahead per token.
SQLite gets ``fold`` itself, with Python's ``re``, as the function ITRS_FOLDED_MATCH (one call per
row, ``register_sqlite_functions``). PostgreSQL folds with ``lower()``, then ``translate()`` and
``replace()`` tables built here from ``fold`` (FOLD_FROM, FOLD_TO, FOLD_EXPANSIONS: the Latin,
modern Greek and Cyrillic letters), so the two databases fold alike by construction and no extension
(unaccent) is needed; its ``~`` reads the same expression (lookarounds, ``\\w``) as Python does.
A statement search reads the provisions and participants once each (a few hundred rows), not once
per statement.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.db import models
from django.db.models.functions import Coalesce, Collate, Concat
from django.db.models.lookups import Contains

# Letters that Unicode decomposition leaves whole but readers treat as a base letter with a mark
# (Łódź is Lodz) or as two letters (æ, œ; ß is folded by casefold).
LETTERS_FOLDED = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "ŧ": "t", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"}
)
TOKEN = re.compile(r"[^\W_]+(?:[./][^\W_]+)*")
MAX_TOKENS = 20
FIELD_SEPARATOR = " | "


def fold(text: str) -> str:
    """``text`` without case or accents: casefolded, decomposed, marks dropped (Côte: cote)."""
    if text.isascii():
        # Most of the record: nothing to decompose, and ASCII's casefold is lower (run on every
        # row a search reads on SQLite, so the shortcut matters).
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in text if not unicodedata.combining(character)).translate(LETTERS_FOLDED)


def query_tokens(q: str) -> list[str]:
    """The folded tokens of a query, each once, in order (at most MAX_TOKENS)."""
    return list(dict.fromkeys(TOKEN.findall(fold(q))))[:MAX_TOKENS]


def token_pattern(token: str) -> str:
    """A whole ``token``: no letter or digit just before or after it, nor a number it continues
    (``1`` is not found in ``1/1`` or ``2.1``). The same expression for Python and PostgreSQL."""
    escaped = token.replace(".", r"\.")
    return rf"(?<!\w)(?<!\w[./]){escaped}(?!\w)(?![./]\w)"


def tokens_pattern(tokens: list[str]) -> str:
    """Every token somewhere in the text, in any order."""
    return "(?s)^" + "".join(f"(?=.*?{token_pattern(token)})" for token in tokens)


def _fold_tables() -> tuple[str, str, list[tuple[str, str]]]:
    """What ``fold`` does to each lower-case Latin, Greek and Cyrillic letter, as PostgreSQL's
    translate() (one letter for one) and replace() (one letter for several) take it."""
    sources, targets, expansions = [], [], []
    for start, end in ((0x00C0, 0x0250), (0x0370, 0x0530), (0x1E00, 0x1F00)):
        for code in range(start, end):
            letter = chr(code)
            if not letter.isalpha() or letter != letter.lower():
                continue
            folded = fold(letter)
            if folded == letter:
                continue
            if len(folded) == 1:
                sources.append(letter)
                targets.append(folded)
            else:
                expansions.append((letter, folded))
    return "".join(sources), "".join(targets), expansions


FOLD_FROM, FOLD_TO, FOLD_EXPANSIONS = _fold_tables()
# A character outside ASCII (PostgreSQL's regular expressions).
NOT_ASCII = r"[^\x01-\x7f]"


class Fold(models.Func):
    """``fold`` in SQL: ITRS_FOLD on SQLite, lower() and the fold tables on PostgreSQL."""

    function = "ITRS_FOLD"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        sql, params = f"translate(lower({text_sql}), %s, %s)", [*text_params, FOLD_FROM, FOLD_TO]
        for letter, folded in FOLD_EXPANSIONS:
            sql, params = f"replace({sql}, %s, %s)", [*params, letter, folded]
        # translate() looks each character up in its 600-letter table one by one: three seconds over
        # 30,000 rationales. A text of ASCII letters only has nothing to fold but its case, and most
        # texts here are English: lower() alone for them (the same result, a hundred times faster).
        return (
            f"(CASE WHEN {text_sql} ~ %s THEN {sql} ELSE lower({text_sql}) END)",
            [*text_params, NOT_ASCII, *params, *text_params],
        )


def searched_document(fields: list[str]) -> models.Expression:
    """The fields (paths like ``provision__subject``) as one text, FIELD_SEPARATOR between them."""
    parts: list = []
    for field in fields:
        if parts:
            parts.append(models.Value(FIELD_SEPARATOR))
        parts.append(Coalesce(models.F(field), models.Value(""), output_field=models.TextField()))
    return Concat(*parts, output_field=models.TextField()) if len(parts) > 1 else parts[0]


class FoldedMatch(models.Func):
    """True where ``document``, folded, matches the regular expression ``pattern``. On SQLite one
    call per row, ITRS_FOLDED_MATCH (``fold`` and ``re.search`` in Python: half the time of folding
    in one call and matching in another); on PostgreSQL the fold tables and ``~``."""

    function = "ITRS_FOLDED_MATCH"
    output_field = models.BooleanField()

    def __init__(self, document, pattern: str):
        super().__init__(document, models.Value(pattern))

    def as_postgresql(self, compiler, connection, **extra_context):
        document, pattern = self.source_expressions
        document_sql, document_params = Fold(document).as_postgresql(compiler, connection)
        pattern_sql, pattern_params = compiler.compile(pattern)
        return f"({document_sql} ~ {pattern_sql})", [*document_params, *pattern_params]


def text_condition(*, q: str, fields: list[str]) -> models.Q:
    """A condition true where every token of ``q`` is a whole token of one of ``fields`` (see the
    module docstring): the same rule on each database."""
    document = searched_document(fields)
    tokens = query_tokens(q)
    if not tokens:
        folded = fold(q).strip()
        return models.Q(Contains(Fold(document), folded)) if folded else models.Q()
    return models.Q(FoldedMatch(document, tokens_pattern(tokens)))


def mention_condition(*, text: str, field: str) -> models.Q:
    """Where ``field`` mentions ``text`` as written (a document symbol, EG-ITRs-3/2), whole, in any
    case: not part of a longer symbol (EG-ITRs-3/20, xEG-ITRs-3/2)."""
    escaped = re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", fold(text))
    return models.Q(FoldedMatch(models.F(field), rf"(?<![\w-])(?<!\w[./]){escaped}(?!\w)(?![./]\w)"))


@functools.lru_cache(maxsize=4096)
def _fold_name(value: str) -> str:
    # Names repeat on every row of an export: fold each once.
    return NOT_A_LETTER.sub("", fold(value))


# What letter-by-letter order leaves out: spaces, punctuation, brackets (the same expression in
# Python and in PostgreSQL's regexp_replace).
NOT_A_LETTER = re.compile(r"[\W_]+")


def letters_key(text: str) -> tuple[str, str]:
    """The alphabetical sort key of a text, as ``by_letters`` sorts in the database."""
    return (_fold_name(text), text)


class FoldedName(Fold):
    """The letters and digits of a short text that repeats (a name), folded, for sorting letter by
    letter: ITRS_FOLD_NAME on SQLite (cached), the fold tables and regexp_replace on PostgreSQL;
    compared byte by byte (COLLATE "C")."""

    function = "ITRS_FOLD_NAME"

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = super().as_postgresql(compiler, connection, **extra_context)
        return f"(regexp_replace({sql}, %s, '', 'g')) COLLATE \"C\"", [*params, NOT_A_LETTER.pattern]


def by_letters(field: str, *, descending: bool = False) -> tuple[models.OrderBy, models.OrderBy]:
    """``order_by`` terms that sort ``field`` (a path such as ``participant__name``) by its letters:
    ``.order_by(*by_letters("name"))``. Ties (names differing only by accents or case) by the name."""
    return (
        models.OrderBy(FoldedName(models.F(field)), descending=descending),
        models.OrderBy(CodePointOrder(models.F(field)), descending=descending),
    )


class CodePointOrder(models.Func):
    """A text compared by code point, as Python compares strings (SQLite's default; COLLATE "C"
    on PostgreSQL, whose default follows the server's locale)."""

    template = "%(expressions)s"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(Collate(self.source_expressions[0], "C"))


def _fold_or_none(value):
    return fold(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _folded_match_or_none(value, pattern):
    if not isinstance(value, str) or not isinstance(pattern, str):
        return None
    return _compiled(pattern).search(fold(value)) is not None


def _fold_name_or_none(value):
    return _fold_name(value) if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs):
    """On each new SQLite connection, register ITRS_FOLD, ITRS_FOLD_NAME and ITRS_FOLDED_MATCH
    (connected in ProvisionsConfig.ready)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("ITRS_FOLD", 1, _fold_or_none, deterministic=True)
        connection.connection.create_function("ITRS_FOLD_NAME", 1, _fold_name_or_none, deterministic=True)
        connection.connection.create_function("ITRS_FOLDED_MATCH", 2, _folded_match_or_none, deterministic=True)
