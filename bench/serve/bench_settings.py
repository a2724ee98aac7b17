"""The app's settings for the benchmark's gunicorn: production settings, with static files named as they
are (no manifest to collect first; the benchmark reads pages, not their CSS and JavaScript)."""

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
