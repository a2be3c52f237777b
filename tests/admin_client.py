"""Drive the admin as a real user: CSRF checks on, forms fetched and read, then posted back."""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client


class FormReader(HTMLParser):
    """The fields of the forms of a page, as a browser would submit them (no button pressed)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
                return
            fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._select_first = None
            self._multiple = "multiple" in attrs
            if self._multiple:
                fields[name] = []
        elif tag == "option" and self._select and self._multiple:
            if "selected" in attrs:
                fields[self._select].append(attrs.get("value", ""))
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
                fields.setdefault(self._select, value)
            if "selected" in attrs:
                fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += (
                data.removeprefix("\n") if not self._form["fields"][self._textarea] else data
            )


class AdminUser:
    """A logged-in browser: GET pages, read their forms, POST with the CSRF token from the cookie."""

    def __init__(self, user):
        self.user = user
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(user)

    def get(self, url, data=None, **extra):
        return self.client.get(url, data, **extra)

    def form(self, url, index: int = -1) -> dict:
        """The fields of a form on the page at ``url`` (the last form by default: the admin's main form)."""
        response = self.client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        reader = FormReader()
        reader.feed(response.content.decode())
        forms = [form for form in reader.forms if "csrfmiddlewaretoken" in form["fields"]]
        return dict(forms[index]["fields"])

    def csrf_token(self) -> str:
        if "csrftoken" not in self.client.cookies:
            self.client.get("/admin/")
        return self.client.cookies["csrftoken"].value

    def post(self, url, data: dict | None = None, **extra):
        data = {**(data or {}), "csrfmiddlewaretoken": self.csrf_token()}
        return self.client.post(url, data, **extra)

    def submit(self, url, changes: dict | None = None, *, post_to: str | None = None, **extra):
        """Fetch the form at ``url``, change some fields, post it (to ``post_to`` or ``url``)."""
        data = self.form(url)
        data.update(changes or {})
        return self.post(post_to or url, data, **extra)
