"""Test-only authentication backend."""

from axes.backends import AxesStandaloneBackend


class LoginWithoutRequestAxesBackend(AxesStandaloneBackend):
    """django-axes, but letting the test client's ``client.login()`` through.

    ``Client.login()`` calls ``authenticate()`` without a request, which django-axes refuses (it needs
    the address). Every login over HTTP (the admin login form) carries a request and is throttled as in
    production; tests/test_security.py proves it.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
