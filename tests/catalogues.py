"""Translation catalogues for tests: a tiny real one (a ``.mo`` file Django loads from LOCALE_PATHS), and a
pseudo-language in memory that marks every message going through gettext."""

from __future__ import annotations

import gettext
import struct
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import trans_real

# What gettext puts between a message's context and its text (pgettext).
CONTEXT_SEPARATOR = "\x04"
HEADER = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n > 1);\n"


def mo_bytes(messages: dict[str, str]) -> bytes:
    """A GNU ``.mo`` catalogue of ``messages`` (msgid to msgstr; a context as ``context\\x04msgid``),
    laid out as msgfmt writes one: header, the two tables of (length, offset), then the strings."""
    entries = sorted({"": HEADER, **messages}.items(), key=lambda item: item[0].encode())
    ids = strings = b""
    spans = []
    for original, translated in entries:
        original_bytes, translated_bytes = original.encode(), translated.encode()
        spans.append((len(original_bytes), len(ids), len(translated_bytes), len(strings)))
        ids += original_bytes + b"\0"
        strings += translated_bytes + b"\0"
    count = len(entries)
    originals_table = 7 * 4
    translations_table = originals_table + 8 * count
    ids_start = translations_table + 8 * count
    strings_start = ids_start + len(ids)
    originals = b"".join(struct.pack("<2I", length, ids_start + offset) for length, offset, _, _ in spans)
    translations = b"".join(struct.pack("<2I", length, strings_start + offset) for _, _, length, offset in spans)
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_table, translations_table, 0, 0)
    return header + originals + translations + ids + strings


def write_catalogue(directory: Path, language: str, messages: dict[str, str]) -> Path:
    """``directory/<language>/LC_MESSAGES/django.mo`` holding ``messages``; ``directory`` is then a
    LOCALE_PATHS entry."""
    path = directory / language / "LC_MESSAGES" / "django.mo"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(mo_bytes(messages))
    return path


class PseudoTranslation(gettext.NullTranslations):
    """Every message comes out between ⟦ and ⟧ (without its context): a text that went through gettext
    shows it; a text frozen at import time, or never marked, does not."""

    def gettext(self, message):
        return f"⟦{message.rpartition(CONTEXT_SEPARATOR)[2]}⟧"

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)

    def to_language(self):
        return "en"


def translated(text) -> bool:
    """Whether ``text`` (a string, a lazy translation, or HTML around one) came through the
    pseudo-language's gettext."""
    return "⟦" in str(text)


@contextmanager
def pseudo_language():
    """The pseudo-language active in this thread, as ``translation.activate`` makes a language active.

    It has no language code of its own: ``translation.override`` inside it would come back to English.
    The one such override reached from the code under test (reading the stance and ToR item words in
    every language, once per process) is done before."""
    from review.models import stance_names, tor_item_names

    stance_names()
    tor_item_names()
    previous = getattr(trans_real._active, "value", None)
    trans_real._active.value = PseudoTranslation()
    try:
        yield
    finally:
        if previous is None:
            del trans_real._active.value
        else:
            trans_real._active.value = previous
