"""The hourly low-stock scan as a django-celery-beat ``PeriodicTask``: created once after ``migrate``,
then left alone so an administrator may change its interval or switch it off in the admin."""

SCAN_TASK_NAME = "Low-stock scan"
SCAN_TASK = "inventory.tasks.low_stock_scan"


def low_stock_schedule_ensure(**kwargs) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    if PeriodicTask.objects.filter(name=SCAN_TASK_NAME).exists():
        return
    hourly, _created = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.create(name=SCAN_TASK_NAME, task=SCAN_TASK, interval=hourly)
