"""Finding a participant as people write it: its name, slug or an alias, in any case."""

from __future__ import annotations

import difflib

from django.utils.translation import gettext

from common.wording import alternatives

from .models import Participant


def participant_index(participants) -> dict[str, Participant]:
    """Every way of writing a participant (name, slug, aliases), folded to lower case."""
    index: dict[str, Participant] = {}
    for participant in participants:
        for name in [participant.name, participant.slug, *participant.alias_list]:
            index[name.casefold()] = participant
    return index


class UnknownParticipantError(LookupError):
    """No participant is written like ``value``; ``advice`` suggests close matches where there are some."""

    def __init__(self, value: str, suggestions: list[Participant]):
        self.value = value
        self.suggestions = suggestions
        if suggestions:
            self.advice = gettext("Did you mean %(names)s?") % {
                "names": alternatives(participant.name for participant in suggestions)
            }
        else:
            self.advice = gettext("Give its name, slug or an alias, as the participants list shows.")
        self.message = gettext("Unknown participant '%(value)s'. %(advice)s") % {"value": value, "advice": self.advice}
        super().__init__(self.message)


def participant_find(value: str, *, index: dict[str, Participant] | None = None) -> Participant:
    """The participant written as ``value``: its name, slug or an alias, in any case.

    The one lookup of a participant by what a person types (the imports, ``add_delegate``). Pass
    ``index`` (from ``participant_index``) to look up many values for one query. Raises
    UnknownParticipantError naming the value, with up to three close matches.
    """
    if index is None:
        index = participant_index(Participant.objects.all())
    key = " ".join(value.split()).casefold()
    participant = index.get(key)
    if participant is not None:
        return participant
    raise UnknownParticipantError(value.strip(), _close_matches(key, index))


def _close_matches(key: str, index: dict[str, Participant], limit: int = 3) -> list[Participant]:
    """Participants written like ``key``, best first: similar spellings ("Germny"), and names that
    begin with or contain it ("Russia": "Russian Federation" first, then "PJSC (Russian Federation)")."""
    scored = []
    for name, participant in index.items():
        score = difflib.SequenceMatcher(None, key, name).ratio()
        if len(key) >= 3 and name.startswith(key):
            score += 1
        elif len(key) >= 3 and key in name:
            score += 0.5
        if score >= 0.7:
            scored.append((-score, name, participant))
    return list(dict.fromkeys(participant for _, _, participant in sorted(scored, key=lambda item: item[:2])))[:limit]
