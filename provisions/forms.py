from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ImportFileForm

from .models import Instrument
from .text_import import LAYOUTS


class ImportProvisionTextForm(ImportFileForm):
    """The text of provisions from the user's copy of the Final Acts (CSV margin,text or plain text)."""

    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.order_by("-year"), empty_label=None
    )
    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=[("", _("Guess from the file")), *[(layout, layout) for layout in LAYOUTS]],
        required=False,
        help_text=_(
            "csv: margin,text rows. text: one paragraph per provision, starting with its margin, paragraphs "
            "separated by a blank line. final-acts: the same, with the margins and paragraph numbers the Final Acts "
            "print, and their headings."
        ),
    )

    def clean(self):
        upload = self.cleaned_data.get("file")
        self.filename = upload.name if upload is not None else self.data.get("source_name", "")
        return super().clean()
