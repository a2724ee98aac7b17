"""The periodic sweep as a django-celery-beat ``PeriodicTask``: created once after ``migrate`` and then
left alone, so an administrator may change its interval or switch it off in the admin."""

SWEEP_TASK_NAME = "Deliver pending notifications"
SWEEP_TASK = "common.notifications.tasks.deliver_pending_notifications"


def sweep_schedule_ensure(**kwargs) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    if PeriodicTask.objects.filter(name=SWEEP_TASK_NAME).exists():
        return
    every_minute, _created = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name=SWEEP_TASK_NAME, task=SWEEP_TASK, interval=every_minute)
