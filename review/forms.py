"""Admin forms for delegates and the secretariat: one position, bulk entry, imports."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.forms import ImportFileForm
from provisions.margins import MarginListError, Purpose, parse_margin_list, resolve_margin_list
from provisions.models import Instrument, Provision

from .models import Contribution, Participant, Position, Stance, TorItem
from .permissions import is_secretariat
from .position_services import margin_purpose, record_request_problems, stale_message

# A box for a text a person writes (a rationale, a proposal, a margin list), in whatever language:
# it takes its direction from what is typed (an English rationale in the Arabic admin keeps its full
# stop at its end).
USERS_TEXT_BOX = {"rows": 3, "cols": 80, "dir": "auto"}


class ProvisionWidget(forms.MultiWidget):
    """An instrument (a select) and a margin (typed as the delegate reads it), side by side."""

    def __init__(self, attrs=None):
        widgets = [
            forms.Select(attrs={"aria-label": _("Instrument")}),
            forms.TextInput(attrs={"aria-label": _("Margin"), "size": 8, "placeholder": _("29, 2A or 1/5")}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        """The instrument and margin of a provision (its id, on a form loaded from a position)."""
        if value in (None, ""):
            return [None, None]
        if isinstance(value, Provision):
            provision = value
        else:
            provision = Provision.objects.select_related("instrument").filter(pk=value).first()
        return [provision.instrument.slug, provision.margin] if provision is not None else [None, None]


@dataclass(frozen=True)
class ProvisionName:
    """A provision as a delegate names it in the position form: an instrument and one margin."""

    instrument: Instrument
    margin: str

    def resolve(self, *, stance: str | None) -> Provision:
        """The provision, read through provisions.margins as the bulk entry reads a margin for this
        stance: an ADD statement names the new provision it proposes (29A), any other stance a
        provision of the instrument. Raises ValidationError naming the margin."""
        purpose = margin_purpose(stance) if stance else Purpose.STATE
        try:
            [provision] = resolve_margin_list(self.margin, instrument=self.instrument, purpose=purpose)
        except MarginListError as error:
            raise ValidationError(error.message, code="invalid") from error
        if provision.pk is None:
            # This form records on provisions that exist; the bulk entry creates a proposed one.
            raise ValidationError(
                gettext(
                    "%(margin)s is not proposed yet: record the first ADD statement proposing it with Record "
                    "positions, which creates it; this form then takes further statements on it."
                ),
                code="not_proposed",
                params={"margin": provision.margin},
            )
        return provision


class ProvisionField(forms.MultiValueField):
    """One provision, as delegates name it: an instrument and one margin (``1/5``, ``2A``), its
    syntax checked here (a list or a range is refused, named); the form resolves it
    (``ProvisionName.resolve``), since how depends on the stance."""

    widget = ProvisionWidget

    def __init__(self, **kwargs):
        instrument = forms.ModelChoiceField(
            queryset=Instrument.objects.order_by("-year"),
            to_field_name="slug",
            empty_label=None,
            error_messages={"incomplete": _("Choose the instrument.")},
        )
        # An empty part of a field in several parts is "incomplete" (the whole field empty is "required").
        margin = forms.CharField(
            max_length=20, error_messages={"incomplete": _("Give the margin, e.g. 29, 2A or 1/5.")}
        )
        super().__init__(fields=[instrument, margin], require_all_fields=False, **kwargs)
        self.widget.widgets[0].choices = instrument.choices

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.widgets[0].choices = result.fields[0].choices
        return result

    def compress(self, data_list) -> ProvisionName | None:
        if not data_list:
            return None
        instrument, margin = data_list
        try:
            items = parse_margin_list(margin)
        except MarginListError as error:
            raise ValidationError(error.message, code="invalid") from error
        if len(items) != 1 or not items[0].is_single:
            raise ValidationError(
                gettext(
                    "'%(margin)s' names more than one margin: a position is on one provision. To record a "
                    "stance on several at once, use Record positions."
                ),
                code="several",
                params={"margin": margin},
            )
        return ProvisionName(instrument, margin.strip())


class PositionAdminForm(forms.ModelForm):
    """The change form of one position, carrying the version it was loaded with.

    A save based on an older version is refused here with the current values, and again by the
    service at write time (compare and swap), so two editors can never overwrite each other.
    """

    # Declared here, not generated from the foreign key: the admin would offer its raw id.
    provision = ProvisionField(
        label=_("Provision"),
        help_text=_("Choose the instrument and type the margin as this site numbers it: 29, 2A, 1/5."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Position
        fields = ["provision", "participant", "stance", "tor_item", "contribution", "rationale", "proposed_text"]
        widgets = {
            "rationale": forms.Textarea(attrs={"dir": "auto"}),
            "proposed_text": forms.Textarea(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The version stored now, not the instance's: on the history page the instance is an old
        # copy, and reverting it is an edit of the current version.
        if self.instance.pk is not None:
            stored = Position.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            self.fields["base_version"].initial = stored

    def clean(self):
        cleaned_data = super().clean()
        if isinstance(name := cleaned_data.get("provision"), ProvisionName):
            try:
                cleaned_data["provision"] = name.resolve(stance=cleaned_data.get("stance"))
            except ValidationError as error:
                self.add_error("provision", error)
        if self.instance.pk is None:
            return cleaned_data
        base_version = cleaned_data.get("base_version")
        current = Position.objects.select_related("contribution", "updated_by").filter(pk=self.instance.pk).first()
        if current is not None and current.version != base_version:
            raise ValidationError(stale_message(current), code="stale")
        return cleaned_data


class ContributionChoiceField(forms.ModelChoiceField):
    """A document by symbol, submitters and title, so that a delegate can find theirs in the list."""

    def label_from_instance(self, contribution):
        title = contribution.title if len(contribution.title) <= 70 else contribution.title[:69] + "…"
        submitters = ", ".join(participant.name for participant in contribution.submitters.all())
        if len(submitters) > 40:
            submitters = submitters[:39] + "…"
        return gettext("%(symbol)s (%(submitters)s): %(title)s") % {
            "symbol": contribution.symbol,
            "submitters": submitters or gettext("no submitter"),
            "title": title,
        }

    def group_by_submitter(self, participants) -> None:
        """List the documents that ``participants`` submitted first, under "Your documents", then
        the others under "Other documents" (every document stays a valid choice)."""
        own, other = [], []
        participant_ids = {participant.pk for participant in participants}
        for contribution in self.queryset:
            submitted = any(participant.pk in participant_ids for participant in contribution.submitters.all())
            (own if submitted else other).append((contribution.pk, self.label_from_instance(contribution)))
        # Rendering only: validation still goes through the queryset.
        self.choices = [("", self.empty_label), (gettext("Your documents"), own), (gettext("Other documents"), other)]


class RecordPositionsForm(forms.Form):
    """Bulk entry: one stance of one participant on every provision of a margin list."""

    participant = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none())
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.order_by("-year"), empty_label=None
    )
    margins = forms.CharField(
        label=_("Margins"),
        widget=forms.Textarea(attrs=USERS_TEXT_BOX),
        help_text=_("As a statement writes them: 3, 5, 11, 16-26, 29, 1/1-1/39, 2/2. Ranges include both ends."),
    )
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices)
    tor_item = forms.ChoiceField(label=_("ToR item"), choices=[("", "—"), *TorItem.choices], required=False)
    contribution = ContributionChoiceField(
        label=_("Contribution"),
        queryset=Contribution.objects.in_order().prefetch_related("submitters"),
        required=False,
        help_text=_(
            "The document that states these positions. Your participants' documents come first; another's "
            "document may be chosen (a participant may support it), and the preview then warns."
        ),
    )
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs=USERS_TEXT_BOX), required=False)
    proposed_text = forms.CharField(
        label=_("Proposed text"),
        widget=forms.Textarea(attrs=USERS_TEXT_BOX),
        required=False,
        help_text=_("For revise and add only."),
    )
    publish = forms.BooleanField(
        label=_("Publish"),
        required=False,
        help_text=_("Publish at once; otherwise new positions are drafts that only you can see."),
    )
    plan = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, participants, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        if participants.count() == 1:
            self.fields["participant"].initial = participants.first()
            self.fields["participant"].empty_label = None
        if not is_secretariat(user):
            # The secretariat acts for every participant: for them, one list in document order.
            self.fields["contribution"].group_by_submitter(participants)

    def clean(self):
        cleaned_data = super().clean()
        # A problem of the request as a whole is the form's, before any margin is looked at.
        if "stance" in cleaned_data and "proposed_text" in cleaned_data:
            problems = record_request_problems(
                stance=cleaned_data["stance"], proposed_text=cleaned_data["proposed_text"]
            )
            for name, message in problems.items():
                self.add_error(None if name == "__all__" else name, message)
        return cleaned_data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "participant",
                "instrument",
                "margins",
                "stance",
                "tor_item",
                "contribution",
                "rationale",
                "proposed_text",
                "publish",
            )
        }


class ImportPositionsForm(ImportFileForm):
    publish = forms.BooleanField(
        label=_("Publish"), required=False, help_text=_("Publish the imported positions; otherwise drafts.")
    )
