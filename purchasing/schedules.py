"""The nightly replenishment run as a django-celery-beat ``PeriodicTask``: created once after
``migrate``, then left alone so an administrator may move it or switch it off in the admin."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLENISHMENT_TASK_NAME = "Replenishment suggestions"
REPLENISHMENT_TASK = "purchasing.tasks.replenishment_suggest"


def replenishment_schedule_ensure(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    if PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return  # django-celery-beat is not migrated yet (a partial ``migrate``); the next run creates it
    tasks = PeriodicTask.objects.using(using)
    if tasks.filter(name=REPLENISHMENT_TASK_NAME).exists():
        return
    nightly, _created = CrontabSchedule.objects.using(using).get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    tasks.create(name=REPLENISHMENT_TASK_NAME, task=REPLENISHMENT_TASK, crontab=nightly)
