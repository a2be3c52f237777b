"""Every word a person reads in a template is marked for translation, so that `makemessages` collects
it and a French page says it in French.

Each template is read with Django's own lexer: the text outside `{% translate %}` and
`{% blocktranslate %}` (and outside comments) is put back together, with a neutral mark in place of
each variable, and read as HTML. Visible text, and the attributes a person reads or hears (`title`,
`aria-label`, `alt`, `placeholder`, button values), must hold no letters, except in `<code>` (machine
values: parameters, file names, JSON) and for the few names that stay as they are in every language
(NAMES_KEPT). String literals that reach the page through `include ... with`, `default` or `add` are
checked too, and so are CSS `content:` strings and the scripts served from this host.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
SCRIPTS_DIR = Path(settings.BASE_DIR) / "static" / "js"

# Names, not words: the site's own name (a name, like the group's symbol, kept in every language),
# ITU's change symbols, the group's symbol in document numbers, and the names of file formats.
NAMES_KEPT = [
    "ITRs Review Tracker",
    "EG-ITRs",
    "SUP",
    "NOC",
    "MOD",
    "ADD",
    "CSV",
    "JSON",
    "PDF",
]
NAMES_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(name) for name in NAMES_KEPT) + r")(?![\w-])")
LETTER_RE = re.compile(r"[^\W\d_]")
# A variable or a translated string: no letter, no digit, so that it never reads as English nor
# joins a name beside it ("{{ count }}PDF").
MARK = "\u2022"

READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "aria-description", "aria-roledescription", "label"}
BUTTON_TYPES = {"submit", "button", "reset"}
NOT_READ_ELEMENTS = {"code", "style", "script"}
TRANSLATION_TAGS = {"translate", "trans"}
BLOCK_TRANSLATION_TAGS = {"blocktranslate", "blocktrans"}
# Filters whose literal argument is shown as it is.
SHOWN_ARGUMENT_FILTERS = {"default", "default_if_none", "add"}
# `|date` takes a named, localised format, or a machine format of numbers only (`Y-m-d`, `H:i`).
NAMED_FORMAT_RE = re.compile(r"^[A-Z_]+_FORMAT$")
NUMERIC_FORMAT_RE = re.compile(r"^[YmdHis:T\-]+$")


def template_files():
    return sorted(path for path in TEMPLATES_DIR.rglob("*") if path.is_file() and path.suffix in {".html", ".css"})


def template_id(path: Path) -> str:
    return str(path.relative_to(TEMPLATES_DIR))


def tokens_of(path: Path):
    """The template's tokens, without comments (`{# #}` and `{% comment %}` blocks)."""
    in_comment = False
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type == TokenType.COMMENT:
            continue
        name = token.contents.split()[0] if token.token_type == TokenType.BLOCK and token.contents else ""
        if name == "comment":
            in_comment = True
        elif name == "endcomment":
            in_comment = False
        elif not in_comment:
            yield token, name


def untranslated_source(path: Path) -> str:
    """The template as a reader would see its own words: translations and variables replaced by
    MARK, other tags by nothing."""
    parts, in_translation = [], False
    for token, name in tokens_of(path):
        if name in BLOCK_TRANSLATION_TAGS:
            in_translation = True
            parts.append(MARK)
        elif name in {"end" + tag for tag in BLOCK_TRANSLATION_TAGS}:
            in_translation = False
        elif in_translation:
            continue
        elif name in TRANSLATION_TAGS:
            parts.append("" if " as " in token.contents else MARK)
        elif token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            parts.append(MARK)
    return "".join(parts)


def english_in(text: str) -> bool:
    return bool(LETTER_RE.search(NAMES_RE.sub("", text)))


class VisibleText(HTMLParser):
    """Collects the visible text and read attributes that still hold words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden_depth = 0
        self.css: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in NOT_READ_ELEMENTS:
            self.hidden_depth += 1
        for name, value in attrs:
            read = name in READ_ATTRIBUTES or (
                name == "value" and tag in {"input", "button"} and attributes.get("type") in BUTTON_TYPES
            )
            if read and value and english_in(value):
                self.found.append(f"{tag}[{name}]: {value}")

    def handle_endtag(self, tag):
        if tag in NOT_READ_ELEMENTS and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if self.lasttag == "style" and self.hidden_depth:
            self.css.append(data)
        elif not self.hidden_depth and english_in(data):
            self.found.append(" ".join(data.split()))


def css_content_strings(css: str) -> list[str]:
    """The strings of CSS `content:` declarations (text that print or screen readers show)."""
    return [
        text
        for declaration in re.findall(r"content:\s*([^;}]*)", css)
        for text in re.findall(r'"([^"]*)"', declaration)
        if english_in(text)
    ]


@pytest.mark.parametrize("path", template_files(), ids=template_id)
def test_no_visible_text_outside_translation_tags(path):
    source = untranslated_source(path)
    if path.suffix == ".css":
        found = css_content_strings(source)
    else:
        parser = VisibleText()
        parser.feed(source)
        parser.close()
        found = parser.found + [text for css in parser.css for text in css_content_strings(css)]
    assert not found, f"{template_id(path)} has text outside translation tags: {found}"


def literals(contents: str) -> list[str]:
    """The quoted strings in a template tag or a script."""
    quoted = re.finditer(r'"([^"]*)"|\'([^\']*)\'', contents)
    return [match[1] if match[1] is not None else match[2] for match in quoted]


@pytest.mark.parametrize("path", template_files(), ids=template_id)
def test_no_english_reaches_the_page_through_tag_arguments(path):
    found = []
    for token, name in tokens_of(path):
        if name in TRANSLATION_TAGS | BLOCK_TRANSLATION_TAGS:
            continue
        contents = token.contents
        # `include ... with what="..."` and `with what="..."`: a value written in the template.
        if name in {"include", "with"}:
            found += [double or single for double, single in re.findall(r'\w+=(?:"([^"]*)"|\'([^\']*)\')', contents)]
        for match in re.finditer(r'\|(\w+):(?:"([^"]*)"|\'([^\']*)\')', contents):
            filter_name, argument = match[1], match[2] if match[2] is not None else match[3]
            if filter_name in SHOWN_ARGUMENT_FILTERS:
                found.append(argument)
            elif filter_name == "date" and not (NAMED_FORMAT_RE.match(argument) or NUMERIC_FORMAT_RE.match(argument)):
                found.append(f"date format {argument!r} (use a named format such as DATE_FORMAT)")
        if token.token_type == TokenType.VAR and re.match(r'^\s*["\']', contents):
            found += literals(contents.split("|")[0])
    found = [value for value in found if value and english_in(value)]
    assert not found, f"{template_id(path)} shows these literals untranslated: {found}"


@pytest.mark.parametrize("path", template_files(), ids=template_id)
def test_plurals_and_paragraphs_are_marked_whole(path):
    """Plurals through `blocktranslate count` (never `|pluralize`, which knows English only), and
    every `blocktranslate` trimmed, so that the catalogue holds one line per message."""
    problems = []
    for token, name in tokens_of(path):
        if token.token_type == TokenType.VAR and re.search(r"\|\s*pluralize\b", token.contents):
            problems.append(f"{{{{ {token.contents} }}}}")
        if name in BLOCK_TRANSLATION_TAGS and "trimmed" not in token.split_contents():
            problems.append(f"{{% {token.contents} %}} without trimmed")
    assert not problems, f"{template_id(path)}: {problems}"


@pytest.mark.parametrize("path", template_files(), ids=template_id)
def test_links_to_our_pages_follow_the_language(path):
    """A link written as a path (`href="/participants/"`) leads a French reader to the English
    page; `{% url %}` gives the page in the language being read."""
    paths = re.findall(r'href="/[^"]*"', path.read_text(encoding="utf-8"))
    assert not paths, f"{template_id(path)} links these paths: {paths}"


@pytest.mark.parametrize("path", sorted(SCRIPTS_DIR.glob("*.js")), ids=lambda path: path.name)
def test_scripts_carry_no_english(path):
    """Scripts of this host take the words they show from the page (data-* attributes that the
    template translates): a string literal in a script is a machine value (a class, a selector, an
    attribute), never a phrase."""
    source = re.sub(r"/\*.*?\*/|//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    phrases = [
        text
        for text in literals(source)
        if text != "use strict" and (re.search(r"[^\W\d_]\s|\s[^\W\d_]", text) or re.search(r"[^\W\d_][.:]\s*$", text))
    ]
    assert not phrases, f"{path.name} shows English: {phrases}"


def test_the_checks_find_english_where_there_is_some(tmp_path):
    """The checks above see what they are meant to see (and would not pass by seeing nothing)."""
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Overview" %}</h1><p title="Open it">{% blocktranslate trimmed %}'
        "Shown {{ count }}{% endblocktranslate %} and more</p><code>since</code> SUP, NOC, ITRs Review Tracker"
        '<style>.a::before { content: "Page "; }</style>'
    )
    parser = VisibleText()
    parser.feed(untranslated_source(template))
    assert parser.found == ["p[title]: Open it", "\u2022 and more"]
    assert [text for css in parser.css for text in css_content_strings(css)] == ["Page "]
