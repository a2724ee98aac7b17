"""The hourly overdue-step scan of returns as a django-celery-beat ``PeriodicTask``: created once after
``migrate``, then left alone so an administrator may change its interval or switch it off in the admin."""

from django.db import DEFAULT_DB_ALIAS, connections

SCAN_TASK_NAME = "Overdue return steps"
SCAN_TASK = "returns.tasks.return_overdue_scan"


def overdue_schedule_ensure(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    if PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return  # django-celery-beat is not migrated yet (a partial ``migrate``); the next run creates it
    tasks = PeriodicTask.objects.using(using)
    if tasks.filter(name=SCAN_TASK_NAME).exists():
        return
    hourly, _created = IntervalSchedule.objects.using(using).get_or_create(
        every=1, period=IntervalSchedule.HOURS
    )
    tasks.create(name=SCAN_TASK_NAME, task=SCAN_TASK, interval=hourly)
