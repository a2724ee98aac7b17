"""Periodic work of the returns app."""

from celery import shared_task

from returns.services import return_overdue_scan as return_overdue_scan_service


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def return_overdue_scan() -> dict:
    """Hourly (see ``returns.schedules``): remind the staff of late return steps, once per step; a second
    run sends nothing."""
    return return_overdue_scan_service()
