"""The six languages of ITU: English at the URLs without a prefix, the others under theirs
(``/fr/``, ``/es/``, ``/ru/``, ``/zh-hans/``, ``/ar/``).

- A first visit to ``/`` (no language chosen before) is sent to the language the browser asks for
  (``Accept-Language``), before the response cache could answer with the English page; the answer
  varies on that header and on the cookie, so that caches in between keep them apart.
- The switcher on every page links each language's version of the same page, filters included,
  through ``/language/<code>/``, which remembers the choice (a cookie): ``/`` then goes to the
  language chosen, whatever the browser asks for.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

DEFAULT_LANGUAGE = "en"


def language_home(code: str) -> str:
    """The overview in ``code``: ``/`` for English, ``/fr/`` and so on for the others."""
    return "/" if code == DEFAULT_LANGUAGE else f"/{code}/"


class OverviewLanguageMiddleware:
    """A visit to ``/`` goes to the language chosen before with the switcher (its cookie) or, on a
    first visit, to the browser's language, if it is one of ours and not English. Placed before the
    response cache (dataversion.middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD"):
            # The language chosen with the switcher (the cookie) first, then the browser's.
            wanted = translation.get_language_from_request(request, check_path=False)
            if wanted and wanted != DEFAULT_LANGUAGE:
                query = request.META.get("QUERY_STRING", "")
                response = HttpResponseRedirect(language_home(wanted) + (f"?{query}" if query else ""))
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
            response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        return self.get_response(request)


def language_switch(request, code: str):
    """``/language/<code>/?next=<this page in that language>``: remember ``code`` and show ``next``
    (the switcher's links carry the page already in the language chosen; see ``languages``)."""
    if code not in dict(settings.LANGUAGES):
        code = DEFAULT_LANGUAGE
    target = request.GET.get("next", "")
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = language_home(code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def languages(request):
    """Context processor: each language with the URL of this page in it (the switcher)."""
    path = request.get_full_path()
    current = translation.get_language()
    return {
        "language_links": [
            {
                "code": code,
                "name": name,
                "current": code == current,
                "url": f"/language/{code}/?next=" + quote(translate_url(path, code), safe="/"),
            }
            for code, name in settings.LANGUAGES
        ]
    }
