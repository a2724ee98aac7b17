"""Periodic work of the purchasing app."""

from celery import shared_task
from django.contrib.auth import get_user_model

from purchasing.services.replenishment import DEFAULT_COVER_DAYS, DEFAULT_WINDOW_DAYS, replenishment_compute


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def replenishment_suggest(
    window_days: int = DEFAULT_WINDOW_DAYS, cover_days: int = DEFAULT_COVER_DAYS, user_id=None
) -> dict:
    """Nightly (see ``purchasing.schedules``) and on demand: recompute the replenishment suggestions."""
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return replenishment_compute(window_days=window_days, cover_days=cover_days, by=by)
