"""The periodic sweep as a django-celery-beat ``PeriodicTask``: created once after ``migrate`` and then
left alone, so an administrator may change its interval or switch it off in the admin."""

from django.db import DEFAULT_DB_ALIAS, connections

SWEEP_TASK_NAME = "Deliver pending notifications"
SWEEP_TASK = "common.notifications.tasks.deliver_pending_notifications"


def sweep_schedule_ensure(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    if PeriodicTask._meta.db_table not in connections[using].introspection.table_names():
        return  # django-celery-beat is not migrated yet (a partial ``migrate``); the next run creates it
    tasks = PeriodicTask.objects.using(using)
    if tasks.filter(name=SWEEP_TASK_NAME).exists():
        return
    every_minute, _created = IntervalSchedule.objects.using(using).get_or_create(
        every=1, period=IntervalSchedule.MINUTES
    )
    tasks.create(name=SWEEP_TASK_NAME, task=SWEEP_TASK, interval=every_minute)
