"""Periodic work of the purchasing app."""

from celery import shared_task

from purchasing.services.replenishment import replenishment_compute


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def replenishment_suggest(
    window_days: int | None = None, cover_days: int | None = None, user_id=None
) -> dict:
    """Nightly (see ``purchasing.schedules``) and on demand: recompute the replenishment suggestions."""
    from django.contrib.auth import get_user_model

    kwargs = {}
    if window_days:
        kwargs["window_days"] = window_days
    if cover_days is not None:
        kwargs["cover_days"] = cover_days
    if user_id:
        kwargs["by"] = get_user_model().objects.filter(pk=user_id).first()
    return replenishment_compute(**kwargs)
