"""Settings for the test suite: the real settings, with a fast password hasher and no disk secrets."""

from __future__ import annotations

import os

os.environ.setdefault("LEARNLOOP_ENV", "test")
os.environ.setdefault("LEARNLOOP_SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")

from learnloop.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
