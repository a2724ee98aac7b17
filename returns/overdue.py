"""Overdue steps of a return (超时): the time limit of each step, from the return policy, and the query
conditions that find requests and refunds which stayed in their step longer.

A request's step starts when it entered its status (``status_changed_at``); a refund is pending since it
was made and approved since ``approved_at``. A limit of 0 or blank switches the step's check off.
``returns.services.overdue`` sends the reminders; the request list highlights the same rows.
"""

from datetime import datetime, timedelta

from django.db.models import IntegerField, Q, Value, When
from django.utils import timezone

from returns.choices import RefundStatus, ReturnStatus
from returns.models import ReturnPolicy

# Status -> the policy field holding its limit in days.
REQUEST_STEPS = {
    ReturnStatus.SUBMITTED: "submitted_limit_days",
    ReturnStatus.APPROVED: "approved_limit_days",
    ReturnStatus.RECEIVED: "received_limit_days",
    ReturnStatus.INSPECTED: "inspected_limit_days",
}
REFUND_STEPS = {
    RefundStatus.PENDING: "refund_pending_limit_days",
    RefundStatus.APPROVED: "refund_approved_limit_days",
}
# When a refund entered its status.
REFUND_SINCE = {RefundStatus.PENDING: "created_at", RefundStatus.APPROVED: "approved_at"}


def step_limit_days(policy: ReturnPolicy, field: str) -> int:
    """The step's limit in days; 0 when switched off."""
    return getattr(policy, field) or 0


def request_overdue_q(*, policy: ReturnPolicy, now: datetime | None = None) -> Q:
    """Requests that stayed in their status longer than its limit (matches nothing when all are off)."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    for status, field in REQUEST_STEPS.items():
        if days := step_limit_days(policy, field):
            condition |= Q(status=status, status_changed_at__lt=now - timedelta(days=days))
    return condition


def refund_overdue_q(*, policy: ReturnPolicy, now: datetime | None = None) -> Q:
    now = now or timezone.now()
    condition = Q(pk__in=[])
    for status, field in REFUND_STEPS.items():
        if days := step_limit_days(policy, field):
            condition |= Q(status=status, **{f"{REFUND_SINCE[status]}__lt": now - timedelta(days=days)})
    return condition


def request_limit_whens(*, policy: ReturnPolicy) -> list[When]:
    """``Case`` branches giving a request the limit of its current step (for the list's badge)."""
    return [
        When(status=status, then=Value(days, output_field=IntegerField()))
        for status, field in REQUEST_STEPS.items()
        if (days := step_limit_days(policy, field))
    ]
