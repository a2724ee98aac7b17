"""Periodic work of the inventory app."""

from celery import shared_task

from inventory.services import low_stock_scan as low_stock_scan_service
from inventory.services import stock_months_close as stock_months_close_service


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def low_stock_scan() -> dict:
    """Hourly (see ``inventory.schedules``): open and close low-stock alerts; a second run changes nothing."""
    return low_stock_scan_service()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def stock_months_close() -> list[str]:
    """Hourly (see ``inventory.schedules``): close the months that have ended (月结); a second run changes
    nothing."""
    return [f"{month:%Y-%m}" for month in stock_months_close_service()]
