"""Test settings: the production settings with faster password hashing."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test client's login() authenticates without a request; see tests/auth_backends.py.
AUTHENTICATION_BACKENDS = [
    "tests.auth_backends.LoginWithoutRequestAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
