"""The filters of the public pages: the same query parameters on every page (DESIGN.md).

``instrument``, ``part``, ``margin`` select provisions; ``participant``, ``region``, ``kind`` select
participants; ``stance``, ``tor``, ``meeting``, ``contribution`` select positions by their own fields;
``q`` searches text. One form validates them all (a bad value is a form error naming it), and a
``Selection`` applies the valid ones to whichever model a page lists: provisions, positions,
participants. The margin list goes through the one parser, ``provisions.margins``.

A repeated parameter never loses a value (docs/public-pages.md): every parameter but ``margin``
and ``q`` takes several values, any of which matches (``?stance=abrogate&stance=retain``);
repeated ``margin`` lists are read as one list (``?margin=29&margin=30`` is ``29, 30``); two
different ``q`` are refused with a message naming them. Empty values (an empty field of a
submitted form) are ignored.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.wording import alternatives
from provisions.margins import MarginListError, parse_margin_list, resolve_margin_list
from provisions.models import Instrument, Part, Provision
from provisions.search import text_condition

from .models import (
    PARTICIPANT_SEARCH_FIELDS,
    Contribution,
    ContributionSubmitter,
    Meeting,
    Participant,
    ParticipantKind,
    Position,
    Region,
    Stance,
    TorItem,
    stance_from_text,
)
from .selectors import CURRENT, SUPERSEDED, Selection, participants_for_list, provisions_for_list

PROVISION_PARAMETERS = ("instrument", "part", "margin")
PARTICIPANT_PARAMETERS = ("participant", "region", "kind")
POSITION_PARAMETERS = ("stance", "tor", "meeting", "contribution", "status")
FILTER_PARAMETERS = (*PROVISION_PARAMETERS, *PARTICIPANT_PARAMETERS, *POSITION_PARAMETERS, "q", "as_of")

# The statuses of a statement (DESIGN.md): current (its participant's latest on the provision) or
# superseded by a later one.
STATUS_CHOICES = [(CURRENT, _("Current")), (SUPERSEDED, _("Superseded"))]


def parameter_message(label, parameter: str, problem) -> str:
    """A problem with a query parameter as the pages and the 400s say it: "Stance (stance): ..."."""
    return gettext("%(label)s (%(parameter)s): %(problem)s") % {
        "label": label,
        "parameter": parameter,
        "problem": problem,
    }


def given_values(data, name: str) -> list[str]:
    """The non-empty values of a query parameter, in the order given, each once."""
    if hasattr(data, "getlist"):
        values = data.getlist(name)
    else:
        value = data.get(name)
        values = value if isinstance(value, list | tuple) else [value]
    return list(dict.fromkeys(value for value in values if isinstance(value, str) and value.strip()))


class RepeatableTextInput(forms.TextInput):
    """A text parameter that may be repeated: each non-empty value, joined with ``separator``
    (a margin list: ``?margin=29&margin=30`` is ``29, 30``); with no separator, the values as a
    list when there are several, for the field to refuse."""

    def __init__(self, *args, separator: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.separator = separator

    def value_from_datadict(self, data, files, name):
        values = given_values(data, name)
        if len(values) <= 1:
            return values[0] if values else None
        return self.separator.join(values) if self.separator is not None else values

    def format_value(self, value):
        return super().format_value(", ".join(value) if isinstance(value, list) else value)


class ValuesMixin:
    """A multiple-choice widget that ignores empty values (``?stance=&stance=retain``, or the empty
    select of a form from before the filters took several values)."""

    def value_from_datadict(self, data, files, name):
        return given_values(data, name)


class Checkboxes(ValuesMixin, forms.CheckboxSelectMultiple):
    """Checkboxes for a short list, marked up as Django's own (one labelled checkbox per choice),
    but written here: Django renders each choice with a template of its own, and the filter form
    is on every list page (benchmarks/RESULTS.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        given = {str(chosen) for chosen in self.format_value(value)}
        id_ = attrs.pop("id", f"id_{name}")
        boxes = format_html_join(
            "",
            '<div><label for="{}_{}"><input type="checkbox" name="{}" value="{}" id="{}_{}"{}> {}</label></div>',
            (
                (id_, index, name, str(choice), id_, index, " checked" if str(choice) in given else "", label)
                for index, (choice, label) in enumerate(self.choices)
            ),
        )
        return format_html('<div id="{}"{}>{}</div>', id_, flatatt(attrs), boxes)


class CheckboxList(Checkboxes):
    """A long list (participants, documents, parts) as checkboxes in a box of its own height that
    scrolls, in groups where the choices have them (parts by instrument), with the choices made
    named above it: ticking needs no Ctrl-click, and the page works without scripts. The script
    of this host, static/js/filters.js, adds a box that narrows the list as one types.

    Written here as the other widgets are (about 240 participants at scale: most of the filter
    form's time went to Django's template per choice, benchmarks/RESULTS.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        given = {str(chosen) for chosen in self.format_value(value)}
        id_ = attrs.pop("id", f"id_{name}")
        chosen_labels, groups, index = [], [], 0
        for group, options in self.choice_groups():
            boxes = []
            for choice, label in options:
                checked = str(choice) in given
                if checked:
                    chosen_labels.append(f"{group}, {label}" if group else label)
                boxes.append((id_, index, name, str(choice), id_, index, " checked" if checked else "", label))
                index += 1
            html = format_html_join(
                "",
                '<div class="choice"><label for="{}_{}"><input type="checkbox" name="{}" value="{}" id="{}_{}"{}> '
                "{}</label></div>",
                boxes,
            )
            groups.append(
                format_html('<fieldset class="choice-group"><legend>{}</legend>{}</fieldset>', group, html)
                if group
                else html
            )
        chosen = format_html(
            '<p class="chosen" id="{}_chosen">{}</p>',
            id_,
            gettext("Chosen: %(choices)s") % {"choices": "; ".join(str(label) for label in chosen_labels)}
            if chosen_labels
            else gettext("None chosen."),
        )
        return format_html(
            '{}<div class="choice-list" id="{}" data-choice-list aria-describedby="{}_chosen"{}>{}</div>',
            chosen,
            id_,
            id_,
            flatatt(attrs),
            format_html_join("", "{}", ((group,) for group in groups)),
        )

    def choice_groups(self):
        """(group label or None, [(value, label), ...]) in order: Django's grouped choices."""
        loose = []
        for choice, label in self.choices:
            if isinstance(label, list | tuple):
                if loose:
                    yield None, loose
                    loose = []
                yield choice, label
            else:
                loose.append((choice, label))
        if loose:
            yield None, loose


class PartCheckboxes(CheckboxList):
    """Parts by instrument (``itrs-2012:article-6``). A part named without its instrument
    (``article-6``, the form of links made before the parts were told apart) is that part in
    each instrument listed, shown ticked; a value that names no part reaches the field to be
    refused."""

    def value_from_datadict(self, data, files, name):
        listed = [str(choice) for _, options in self.choice_groups() for choice, _ in options]
        values = []
        for text in super().value_from_datadict(data, files, name):
            text = text.strip()
            expanded = [
                value for value in listed if PART_SEPARATOR not in text and value.endswith(PART_SEPARATOR + text)
            ]
            values += expanded or [text]
        return list(dict.fromkeys(values))


# --- Whole numbers -------------------------------------------------------------------------------
# Every query parameter that takes a number (meeting, page, per_page, as_of...) is read by
# parse_whole_number, through WholeNumberField (one number), WholeNumberFilter (its django-filter
# filter) or NumberedChoiceField (objects chosen by their number: meetings). Anything else is bad
# input named in a message, and never reaches a query: a number past 64 bits made SQLite raise
# OverflowError (a 500), and a number past 32 bits is an error on a PostgreSQL integer column.

# The largest number an integer column holds in every database we run on (PostgreSQL's integer).
DATABASE_INTEGER_MAX = 2**31 - 1
WHOLE_NUMBER = re.compile(r"-?[0-9]+")


class WholeNumberError(ValueError):
    """A value that is not a whole number within its range; ``message`` names the value."""

    def __init__(self, message: str, value: str):
        super().__init__(message)
        self.message = message
        self.value = value


def parse_whole_number(text: str, *, minimum: int = 1, maximum: int | None = DATABASE_INTEGER_MAX) -> int:
    """``text`` as a whole number from ``minimum`` to ``maximum``, or WholeNumberError naming it.

    Only ASCII digits, with an optional minus and spaces around (``int()`` alone would also take
    ``1_000``, ``+3`` and other scripts' digits). ``maximum=None`` leaves the number unbounded
    above: only for a number that never reaches the database (a page number, which the paginator
    bounds).
    """
    token = text.strip() if isinstance(text, str) else ""
    # int() refuses more than 4300 digits: a longer text is no number we could use anyway.
    number = int(token) if WHOLE_NUMBER.fullmatch(token) and len(token) <= 4000 else None
    if number is None or number < minimum or (maximum is not None and number > maximum):
        if maximum is not None:
            message = gettext("'%(value)s' is not a whole number from %(minimum)s to %(maximum)s.")
        else:
            message = gettext("'%(value)s' is not a whole number from %(minimum)s up.")
        raise WholeNumberError(message % {"value": text, "minimum": minimum, "maximum": maximum}, text)
    return number


class WholeNumberField(forms.Field):
    """One whole number from ``min_value`` (default 1) to ``max_value`` (default
    DATABASE_INTEGER_MAX), read by ``parse_whole_number``. The ``invalid`` message may name the
    value as ``%(value)s``; several different values are refused, naming them."""

    widget = RepeatableTextInput
    default_error_messages = {
        "invalid": _("'%(value)s' is not a whole number from %(min_value)s to %(max_value)s."),
        "repeated": _("Give one number, not several (%(given)s)."),
    }

    def __init__(self, *, min_value: int = 1, max_value: int = DATABASE_INTEGER_MAX, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, list):
            given = ", ".join(f"'{text}'" for text in value)
            raise ValidationError(self.error_messages["repeated"], code="repeated", params={"given": given})
        if value in self.empty_values:
            return None
        try:
            return parse_whole_number(value, minimum=self.min_value, maximum=self.max_value)
        except WholeNumberError as error:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"value": value, "min_value": self.min_value, "max_value": self.max_value},
            ) from error


class WholeNumberFilter(django_filters.Filter):
    """A filter on one whole number (``?as_of=3``); give it ``method`` or ``field_name`` as any filter."""

    field_class = WholeNumberField


class NumberedChoiceField(forms.ModelMultipleChoiceField):
    """Objects chosen by a whole-number field (``to_field_name``: meetings by number). Each value
    is read by ``parse_whole_number`` first, and refused with the ``invalid_choice`` message
    naming it (``%(value)s``) unless it is a whole number from ``min_value`` to ``max_value``."""

    def __init__(self, *args, min_value: int = 1, max_value: int = DATABASE_INTEGER_MAX, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(*args, **kwargs)

    def clean(self, value):
        for text in value or []:
            try:
                parse_whole_number(str(text), minimum=self.min_value, maximum=self.max_value)
            except WholeNumberError as error:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                ) from error
        return super().clean(value)


class NumberedChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Objects chosen by number, any of several (``?meeting=3&meeting=4``)."""

    field_class = NumberedChoiceField


class MarginListField(forms.CharField):
    """A margin list as delegates write it (``3, 5, 16-26, 1/1-1/39``), its syntax checked here;
    the form resolves it against the instrument. Repeated, the lists are read as one."""

    widget = RepeatableTextInput(separator=", ")

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                parse_margin_list(value)
            except MarginListError as error:
                raise ValidationError(error.message, code="invalid") from error
        return value


class MarginListFilter(django_filters.CharFilter):
    field_class = MarginListField


class SingleTextField(forms.CharField):
    """A text that may be given once: two different values are refused, naming both (joining
    them would search for a text nobody typed)."""

    widget = RepeatableTextInput

    def to_python(self, value):
        if isinstance(value, list):
            given = ", ".join(f"'{text}'" for text in value)
            raise ValidationError(
                gettext("Give one text to search for, not several (%(given)s)."),
                code="repeated",
                params={"given": given},
            )
        return super().to_python(value)


class SingleTextFilter(django_filters.CharFilter):
    field_class = SingleTextField


def meeting_by_number(text: str, *, parameter: str) -> Meeting:
    """The meeting numbered ``text`` as a query parameter gives it; ValidationError naming the value
    (and the meetings there are) otherwise, never an overflow however long the number."""
    text = text.strip()
    try:
        number = parse_whole_number(text)
    except WholeNumberError:
        number = None
    meeting = Meeting.objects.filter(number=number).first() if number is not None else None
    if meeting is None:
        numbers = list(Meeting.objects.order_by("number").values_list("number", flat=True))
        if numbers:
            known = gettext("meetings are numbered %(first)s to %(last)s") % {"first": numbers[0], "last": numbers[-1]}
        else:
            known = gettext("no meeting is recorded")
        raise ValidationError(
            gettext("There is no meeting '%(value)s' (%(parameter)s): %(known)s."),
            code="invalid",
            params={"value": text[:40], "parameter": parameter, "known": known},
        )
    return meeting


class MeetingNumberField(forms.CharField):
    """A meeting given by its number (``as_of=4``), cleaned to the Meeting; one value only."""

    widget = RepeatableTextInput

    def __init__(self, *args, parameter: str = "as_of", **kwargs):
        self.parameter = parameter
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, list):
            given = ", ".join(f"'{text}'" for text in value)
            raise ValidationError(
                gettext("Give one meeting, not several (%(given)s)."), code="repeated", params={"given": given}
            )
        return super().to_python(value)

    def clean(self, value):
        value = super().clean(value)
        return meeting_by_number(value, parameter=self.parameter) if value else None


# The form fields that read numbers: tests/test_hostile_input.py gives every one numbers of any size.
WHOLE_NUMBER_FIELDS = (WholeNumberField, NumberedChoiceField, MeetingNumberField)


class AsOfFilter(django_filters.Filter):
    """``as_of=<meeting number>``: the state at the end of that meeting. Applied by the Selection."""

    field_class = MeetingNumberField

    def filter(self, queryset, value):
        return queryset


class StanceCheckboxes(Checkboxes):
    """Stances by word or by ITU symbol (``SUP`` is abrogate), in any case: read here, so that the
    form shows the stances given checked, and an unknown one reaches the field to be refused."""

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        return list(dict.fromkeys(stance_from_text(text) or text for text in values))


class ReviewFilterForm(forms.Form):
    """Resolves the margin list against the chosen instruments, or against each instrument where
    none is chosen (a list counts where it names only margins the instrument has)."""

    def clean(self):
        cleaned_data = super().clean()
        margins = cleaned_data.get("margin")
        if margins and "instrument" not in self.errors and "margin" not in self.errors:
            chosen = cleaned_data.get("instrument")
            instruments = list(chosen) if chosen else list(Instrument.objects.order_by("-year"))
            provisions, problems = [], []
            for instrument in instruments:
                try:
                    provisions += resolve_margin_list(margins, instrument=instrument)
                except MarginListError as error:
                    problems.append(error.message)
            if not provisions:
                self.add_error("margin", " ".join(problems))
            cleaned_data["margin"] = [provision.pk for provision in provisions]
        return cleaned_data


class OneInstrumentFilterForm(ReviewFilterForm):
    """For the tables that show one instrument at a time (/compare/, /compare/versions/)."""

    def clean(self):
        chosen = self.cleaned_data.get("instrument") or []
        if len(chosen) > 1:
            self.add_error(
                "instrument",
                gettext("This table shows one instrument at a time: choose %(instruments)s, not both.")
                % {"instruments": alternatives(instrument.slug for instrument in chosen)},
            )
        return super().clean()


def stance_choices():
    return [(stance.value, f"{stance.symbol} {stance.label}") for stance in Stance]


class ReviewFilterSet(django_filters.FilterSet):
    """The form of every public list; subclasses apply its ``selection`` to their model."""

    instrument = django_filters.ModelMultipleChoiceFilter(
        label=_("Instrument"),
        queryset=Instrument.objects.order_by("-year"),
        to_field_name="slug",
        widget=Checkboxes,
        help_text=_("None chosen: both versions."),
        error_messages={"invalid_choice": _("There is no instrument '%(value)s': use itrs-2012 or itrs-1988.")},
    )
    part = django_filters.MultipleChoiceFilter(
        label=_("Part"),
        widget=PartCheckboxes,
        help_text=_("Of each instrument, in its order."),
        error_messages={"invalid_choice": _("There is no part '%(value)s' (a part is written itrs-2012:article-6).")},
    )
    margin = MarginListFilter(
        label=_("Margins"),
        help_text=_("A list with ranges, e.g. 3, 5, 16-26, 1/1-1/39."),
    )
    stance = django_filters.MultipleChoiceFilter(
        label=_("Stance"),
        choices=stance_choices,
        widget=StanceCheckboxes,
        error_messages={
            "invalid_choice": _(
                "There is no stance '%(value)s': use abrogate, retain, revise or add (or SUP, NOC, MOD, ADD)."
            )
        },
    )
    participant = django_filters.ModelMultipleChoiceFilter(
        label=_("Participant"),
        queryset=Participant.objects.only("pk", "name", "slug").alphabetical(),
        to_field_name="slug",
        widget=CheckboxList,
        error_messages={"invalid_choice": _("There is no participant '%(value)s'.")},
    )
    region = django_filters.MultipleChoiceFilter(
        label=_("ITU region"),
        choices=Region.choices,
        widget=Checkboxes,
        error_messages={"invalid_choice": _("There is no region '%(value)s'.")},
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Participant kind"),
        choices=ParticipantKind.choices,
        widget=Checkboxes,
        error_messages={"invalid_choice": _("There is no participant kind '%(value)s'.")},
    )
    meeting = NumberedChoiceFilter(
        label=_("Meeting"),
        queryset=Meeting.objects.order_by("number"),
        to_field_name="number",
        widget=Checkboxes,
        error_messages={"invalid_choice": _("There is no meeting '%(value)s': meetings are numbered 1 to 6.")},
    )
    contribution = django_filters.ModelMultipleChoiceFilter(
        label=_("Source document"),
        queryset=Contribution.objects.only("pk", "symbol").in_order(),
        to_field_name="symbol",
        widget=CheckboxList,
        error_messages={"invalid_choice": _("There is no document '%(value)s'.")},
    )
    tor = django_filters.MultipleChoiceFilter(
        label=_("ToR item"),
        choices=TorItem.choices,
        widget=Checkboxes,
        error_messages={"invalid_choice": _("There is no ToR item '%(value)s': use a, b, c or other.")},
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        widget=Checkboxes,
        help_text=_("Of each statement: current, or superseded by its participant's later statement."),
        error_messages={"invalid_choice": _("There is no status '%(value)s': use current or superseded.")},
    )
    q = SingleTextFilter(
        label=_("Text"),
        max_length=200,
        help_text=_(
            "Whole words, any case, accents optional: margins and paragraphs, subjects, texts, rationales, names."
        ),
    )
    as_of = AsOfFilter(
        label=_("As of meeting"),
        help_text=_("The state at the end of that meeting (its number, e.g. 4). Empty: now."),
    )

    # The filters that do nothing on a page (a subclass's list): left out of its form, so that the
    # form offers only what applies (a value given for one in the URL is named as not used there).
    not_applicable: tuple[str, ...] = ()

    class Meta:
        model = Position
        form = ReviewFilterForm
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Always bound: the filters (and the annotations subclasses add) run without parameters too.
        super().__init__(data if data is not None else {}, *args, **kwargs)
        for name in self.not_applicable:
            del self.filters[name]
        if "part" in self.filters:
            self.filters["part"].extra["choices"] = part_choices(self.part_instruments())

    def part_instruments(self) -> list[str] | None:
        """The instruments whose parts the part filter lists (None: both)."""
        return None

    @property
    def not_used(self) -> list[str]:
        """The filter parameters given that this page does not use (``not_applicable``)."""
        return [name for name in self.not_applicable if given_values(self.data, name)]

    @property
    def selection(self) -> Selection:
        """The valid filters, ready to apply; empty where the form is invalid (nothing is shown)."""
        if not self.is_valid():
            return Selection(valid=False)
        data = self.form.cleaned_data
        provision, participant, position = {}, {}, {}
        # Each parameter is a list of values, any of which matches.
        if data.get("instrument"):
            provision["instrument__in"] = [instrument.pk for instrument in data["instrument"]]
        if data.get("part"):
            parts = Q()
            for value in data["part"]:
                instrument, _, slug = value.rpartition(PART_SEPARATOR)
                kind, _, number = slug.partition("-")
                parts |= Q(instrument__slug=instrument, kind=kind, number=number)
            provision["part__in"] = Part.objects.filter(parts).values("pk")
        if data.get("margin"):
            provision["pk__in"] = data["margin"]
        if data.get("participant"):
            participant["pk__in"] = [chosen.pk for chosen in data["participant"]]
        if data.get("region"):
            participant["region__in"] = data["region"]
        if data.get("kind"):
            participant["kind__in"] = data["kind"]
        if data.get("stance"):
            position["stance__in"] = data["stance"]
        if data.get("tor"):
            position["tor_item__in"] = data["tor"]
        if data.get("meeting"):
            position["contribution__meeting__in"] = list(data["meeting"])
        if data.get("contribution"):
            position["contribution__in"] = [contribution.pk for contribution in data["contribution"]]
        return Selection(
            provision=provision,
            participant=participant,
            position=position,
            q=data.get("q") or "",
            as_of=data.get("as_of"),
            status=set(data.get("status") or []),
        )

    def filter_queryset(self, queryset):
        return self.selection.statements(queryset)

    @property
    def error_messages(self) -> list[str]:
        """Every problem with the filters, each naming its parameter, for the page and for a 400."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else name
            messages += [parameter_message(label, name, error) for error in errors]
        return messages


class OneInstrumentFilterSet(ReviewFilterSet):
    """The filters of the tables that show one instrument at a time (/compare/, /compare/versions/):
    the 2012 ITRs unless another is chosen; two are refused with a message."""

    default_instrument = "itrs-2012"
    # Every statement is shown, current and superseded: a status chooses nothing here.
    not_applicable = ("status",)

    class Meta(ReviewFilterSet.Meta):
        form = OneInstrumentFilterForm

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not given_values(data, "instrument"):
            data.setlist("instrument", [self.default_instrument])
        super().__init__(data, *args, **kwargs)
        self.form.fields["instrument"].help_text = gettext(
            "One at a time: the 2012 ITRs unless you choose the 1988 ITRs."
        )
        if (instruments := self.part_instruments()) is not None:
            shown = instruments[0].removeprefix("itrs-")
            # The field fills in %(value)s when it refuses a value; the year is known now.
            message = gettext("There is no part '%(value)s' in the %(year)s ITRs this table shows.")
            self.form.fields["part"].error_messages["invalid_choice"] = message.replace("%(year)s", shown)

    def part_instruments(self):
        # The parts of the instrument shown; of both while the choice is being corrected.
        chosen = given_values(self.data, "instrument")
        return chosen if len(chosen) == 1 and chosen[0] in INSTRUMENT_SLUGS else None

    @property
    def chosen_instrument(self) -> Instrument | None:
        """The instrument the table shows (None where the filters are invalid)."""
        if not self.is_valid():
            return None
        return self.form.cleaned_data["instrument"][0]


# A part's filter value: its instrument, this separator, its slug (itrs-2012:article-6).
PART_SEPARATOR = ":"
INSTRUMENT_SLUGS = ("itrs-2012", "itrs-1988")


def part_choices(instruments: list[str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The ``part`` values grouped by instrument, newest first, each in its own order:
    (``2012 ITRs``, [(``itrs-2012:article-6``, ``Article 6: Security and robustness of networks
    (Final Acts Art. 5A)``), ...]). ``instruments``: only those (slugs). One query."""
    parts = Part.objects.select_related("instrument").order_by("-instrument__year", "order")
    if instruments is not None:
        parts = parts.filter(instrument__slug__in=instruments)
    groups: dict[str, list[tuple[str, str]]] = {}
    for part in parts:
        label = part.full_label
        if part.final_acts_number:
            label = gettext("%(part)s (Final Acts Art. %(number)s)") % {"part": label, "number": part.final_acts_number}
        groups.setdefault(part.instrument.shown_name, []).append(
            (f"{part.instrument.slug}{PART_SEPARATOR}{part.slug}", label)
        )
    return list(groups.items())


class PositionFilter(ReviewFilterSet):
    """/positions/ and position exports."""

    class Meta(ReviewFilterSet.Meta):
        model = Position


class ProvisionFilter(ReviewFilterSet):
    """/provisions/: provisions with the number of participants by current stance."""

    # The counts are of current stances: a status chooses nothing.
    not_applicable = ("status",)

    class Meta(ReviewFilterSet.Meta):
        model = Provision

    def filter_queryset(self, queryset):
        return provisions_for_list(self.selection, queryset)


class ParticipantFilter(ReviewFilterSet):
    """/participants/: participants with the number of provisions by current stance."""

    not_applicable = ("status",)

    class Meta(ReviewFilterSet.Meta):
        model = Participant

    def filter_queryset(self, queryset):
        return participants_for_list(self.selection, queryset)


class ContributionFilter(ReviewFilterSet):
    """/contributions/: the meeting and document filters select documents, the participant
    filters their submitters, ``q`` searches symbol and title; the count is of selected statements.
    With ``as_of``, the documents of the meetings up to it."""

    # A document is not of a provision, a stance or a ToR item: its statements are.
    not_applicable = ("instrument", "part", "margin", "stance", "tor", "status")

    class Meta(ReviewFilterSet.Meta):
        model = Contribution

    def filter_queryset(self, queryset):
        selection = self.selection
        if not selection.valid:
            return queryset.none()
        data = self.form.cleaned_data
        if selection.as_of is not None:
            queryset = queryset.filter(meeting__number__lte=selection.as_of.number)
        if data.get("meeting"):
            queryset = queryset.filter(meeting__in=[meeting.pk for meeting in data["meeting"]])
        if data.get("contribution"):
            queryset = queryset.filter(pk__in=[contribution.pk for contribution in data["contribution"]])
        if selection.participant:
            submitters = ContributionSubmitter.objects.filter(
                **{f"participant__{lookup}": value for lookup, value in selection.participant.items()}
            )
            queryset = queryset.filter(pk__in=submitters.values("contribution"))
        if selection.q:
            submitters = ContributionSubmitter.objects.filter(
                text_condition(q=selection.q, fields=[f"participant__{field}" for field in PARTICIPANT_SEARCH_FIELDS])
            )
            queryset = queryset.filter(
                text_condition(q=selection.q, fields=["symbol", "title"]) | Q(pk__in=submitters.values("contribution"))
            )
        return queryset.for_contribution_list(statements=selection.statements(search=False))


class ChangesFilterForm(ReviewFilterForm):
    """``since`` must come before ``until``."""

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        if since is None and "since" not in self.errors:
            self.add_error("since", gettext("Give the meeting to compare from, e.g. since=5."))
        if since is not None and until is not None and until.number <= since.number:
            self.add_error(
                "until",
                gettext("until (%(until)s) must be a later meeting than since (%(since)s).")
                % {"until": until.number, "since": since.number},
            )
        return cleaned_data


class ChangesFilterSet(ReviewFilterSet):
    """/changes/: the filters of every page, and the two meetings compared: ``since`` and
    ``until`` (empty: now), ``since`` before ``until``. Without ``since``: since the meeting
    before the last one, that is, what the last meeting changed."""

    since = AsOfFilter(label=_("Since meeting"), help_text=_("Changes after the end of this meeting (its number)."))
    until = AsOfFilter(label=_("Until meeting"), help_text=_("Up to the end of this meeting; empty: now."))
    # as_of would say the same as until: one way to give the end of the comparison; the changes
    # are between current stances, so a status chooses nothing.
    not_applicable = ("as_of", "status")

    class Meta(ReviewFilterSet.Meta):
        model = Position
        form = ChangesFilterForm

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not given_values(data, "since"):
            last = Meeting.objects.order_by("-number").values_list("number", flat=True).first()
            if last is not None and last > 1:
                data.setlist("since", [str(last - 1)])
        super().__init__(data, *args, **kwargs)
        # The meetings compared come first in the form: they are what the page is about.
        self.filters = {name: self.filters[name] for name in ("since", "until", *self.filters) if name in self.filters}
        self.form.fields["since"].parameter = "since"
        self.form.fields["until"].parameter = "until"

    def filter_queryset(self, queryset):
        return queryset

    @property
    def meetings(self) -> tuple[Meeting | None, Meeting | None]:
        """(since, until), or (None, None) where the filters are invalid or since is missing."""
        if not self.is_valid():
            return None, None
        return self.form.cleaned_data.get("since"), self.form.cleaned_data.get("until")
