"""The Celery app. With ``CELERY_BROKER_URL`` set (Redis in production) a worker runs the tasks and
``celery beat`` reads its schedule from django-celery-beat (editable in the admin); without it every
task runs eagerly in the process that sends it."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["common.notifications"])
