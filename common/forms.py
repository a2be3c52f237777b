"""Forms shared by the apps' import pages."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from provisions.importing import NotUtf8Error, decode_utf8


class ImportFileForm(forms.Form):
    """An uploaded file, previewed first, then imported on confirmation without uploading it again.

    Between the two, the file's text waits in the user's session under ``content_key`` (not in a
    hidden field: a full export is larger than Django lets a form field be).
    """

    file = forms.FileField(label=_("File"), required=False)
    content_key = forms.CharField(widget=forms.HiddenInput, required=False)
    # The uploaded file's name, kept from the preview to the confirmation for the history.
    source_name = forms.CharField(widget=forms.HiddenInput, required=False)

    SESSION_PREFIX = "pending-import:"

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is not None:
            try:
                cleaned_data["content"] = decode_utf8(upload.read())
            except NotUtf8Error as error:
                raise ValidationError(
                    gettext("%(file)s: %(problem)s") % {"file": upload.name, "problem": error}
                ) from error
            key = hashlib.sha256(cleaned_data["content"].encode()).hexdigest()[:24]
            self.session[self.SESSION_PREFIX + key] = cleaned_data["content"]
            cleaned_data["content_key"], cleaned_data["source_name"] = key, upload.name
            self.data = self.data.copy()
            self.data["content_key"], self.data["source_name"] = key, upload.name
        elif cleaned_data.get("content_key"):
            cleaned_data["content"] = self.session.get(self.SESSION_PREFIX + cleaned_data["content_key"])
            if cleaned_data["content"] is None:
                raise ValidationError(gettext("The previewed file is no longer available; choose it again."))
        if not cleaned_data.get("content"):
            raise ValidationError(gettext("Choose a file."))
        return cleaned_data

    def forget(self) -> None:
        """Drop the waiting text once imported."""
        self.session.pop(self.SESSION_PREFIX + self.cleaned_data.get("content_key", ""), None)
