"""The hourly low-stock scan and month close (月结) as django-celery-beat ``PeriodicTask``s: created once
after ``migrate``, then left alone so an administrator may change their interval or switch them off in the
admin."""

from django.db import DEFAULT_DB_ALIAS, connections

SCAN_TASK_NAME = "Low-stock scan"
SCAN_TASK = "inventory.tasks.low_stock_scan"
MONTH_END_TASK_NAME = "Month-end stock"
MONTH_END_TASK = "inventory.tasks.stock_months_close"


def low_stock_schedule_ensure(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    if PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return  # django-celery-beat is not migrated yet (a partial ``migrate``); the next run creates it
    tasks = PeriodicTask.objects.using(using)
    for name, task in ((SCAN_TASK_NAME, SCAN_TASK), (MONTH_END_TASK_NAME, MONTH_END_TASK)):
        if tasks.filter(name=name).exists():
            continue
        hourly, _created = IntervalSchedule.objects.using(using).get_or_create(
            every=1, period=IntervalSchedule.HOURS
        )
        tasks.create(name=name, task=task, interval=hourly)
