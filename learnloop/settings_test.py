"""Settings for the test suite: the real settings, with a fast password hasher and no disk secrets."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("LEARNLOOP_ENV", "test")
os.environ.setdefault("LEARNLOOP_SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")

from learnloop.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory, so locking behaves as in production; one per process so
    # parallel runs never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"learnloop-test-{os.getpid()}.sqlite3")
    }
