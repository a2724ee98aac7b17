"""Overdue return steps (超时提醒): tell the staff who can act on a late step, once per request (or refund)
and step; and the manager's page that sets the limits.

Exactly once: before notifying, one ``UPDATE … WHERE overdue_notified_for <> <status>`` claims the step.
Of two runs at the same moment one updates the row and the other, waiting on its lock, then finds it
claimed; the claim and the notification rows commit (or roll back) together. A request that moves on
has a new status, so a late next step is claimed and told again.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.exceptions import DomainError
from common.notifications import notify_users, permission_holders
from common.notifications.choices import Channel, NotificationKind
from returns.choices import RefundStatus, ReplacementStatus, ReturnStatus
from returns.models import Refund, ReturnPolicy, ReturnRequest
from returns.overdue import (
    REFUND_SINCE,
    REFUND_STEPS,
    REQUEST_STEPS,
    refund_overdue_q,
    request_overdue_q,
    step_limit_days,
)

CHANNELS = (Channel.INAPP, Channel.EMAIL)  # e-mail only reaches users who have an address
LIMITS_PERMISSION = "returns.change_returnpolicy"


def recipient_language(user) -> str:
    """The language a staff member's messages are written in. Users have no language of their own yet,
    so it is the company's (``LANGUAGE_CODE``); a preference would be read here."""
    return settings.LANGUAGE_CODE


def duration_text(delta: timedelta) -> str:
    """Days and hours ("2 days 3 hours", "5 hours") in the active language."""
    days, hours = delta.days, delta.seconds // 3600
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours or not days:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    return " ".join(parts)


def _limit_text(days: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


# What each request step waits for, shown in the message body.
def _request_waits_for(request: ReturnRequest) -> str:
    if request.status == ReturnStatus.SUBMITTED:
        return _("Waiting for: approval or rejection.")
    if request.status == ReturnStatus.APPROVED:
        return _("Waiting for: the goods from the customer to be received.")
    if request.status == ReturnStatus.RECEIVED:
        return _("Waiting for: inspection of the received goods.")
    return _("Waiting for: the refund to be paid or the replacement to be shipped, which completes it.")


def _request_permissions(request: ReturnRequest, policy: ReturnPolicy) -> tuple[list[str], set[int]]:
    """The permissions whose holders can move the request on (the ones its services check), and the
    users who may not (nobody decides their own request or refund)."""
    if request.status == ReturnStatus.SUBMITTED:
        large = policy.has_large_limit and request.amount > policy.large_amount_limit
        permission = "returns.approve_large_returnrequest" if large else "returns.approve_returnrequest"
        return [permission], {request.created_by_id}
    if request.status in (ReturnStatus.APPROVED, ReturnStatus.RECEIVED):
        return ["returns.receive_returnrequest"], set()
    # Inspected: it completes by itself once the refund is paid and the replacement shipped.
    permissions, excluded = [], set()
    refund = Refund.objects.filter(request=request).first()
    if refund is not None and refund.status == RefundStatus.PENDING:
        permissions.append("returns.approve_refund")
        excluded |= {refund.created_by_id, request.created_by_id}
    elif refund is not None and refund.status == RefundStatus.APPROVED:
        permissions.append("returns.pay_refund")
    if request.is_exchange and request.replacement_status not in (
        ReplacementStatus.SHIPPED,
        ReplacementStatus.REFUNDED,
    ):
        permissions.append("returns.ship_replacement")
    return permissions or ["returns.approve_returnrequest"], excluded


def _recipients(permissions: Iterable[str], excluded: set[int], holders: dict[str, list]) -> list:
    """Holders of any of ``permissions`` but ``excluded``; ``holders`` keeps each permission's users for
    the rest of the scan."""
    users = {}
    for permission in permissions:
        if permission not in holders:
            holders[permission] = list(permission_holders(permission=permission))
        users.update((user.pk, user) for user in holders[permission] if user.pk not in excluded)
    return list(users.values())


def _notify(users: list, message) -> int:
    """Write each user's reminder in their language; ``message()`` returns (subject, body, url) written
    in the active language."""
    by_language = defaultdict(list)
    for user in users:
        by_language[recipient_language(user)].append(user)
    count = 0
    for language, group in by_language.items():
        with translation.override(language):
            subject, body, url = message()
            count += len(
                notify_users(
                    users=group,
                    kind=NotificationKind.RETURN_OVERDUE,
                    subject=subject,
                    body=body,
                    url=url,
                    channels=CHANNELS,
                )
            )
    return count


def _request_remind(request: ReturnRequest, policy: ReturnPolicy, now: datetime, holders: dict) -> int:
    days = step_limit_days(policy, REQUEST_STEPS[request.status])
    waited = now - request.status_changed_at

    def message():
        subject = _("Return %(number)s has waited %(waited)s in %(status)s, limit %(limit)s") % {
            "number": request.number,
            "waited": duration_text(waited),
            "status": request.get_status_display(),
            "limit": _limit_text(days),
        }
        body = "\n".join(
            [_("Customer: %(customer)s") % {"customer": request.customer}, _request_waits_for(request)]
        )
        return subject, body, request.get_absolute_url()

    permissions, excluded = _request_permissions(request, policy)
    return _notify(_recipients(permissions, excluded, holders), message)


def _refund_remind(refund: Refund, policy: ReturnPolicy, now: datetime, holders: dict) -> int:
    days = step_limit_days(policy, REFUND_STEPS[refund.status])
    waited = now - getattr(refund, REFUND_SINCE[refund.status])
    request = refund.request
    if refund.status == RefundStatus.PENDING:
        permission, excluded = "returns.approve_refund", {refund.created_by_id, request.created_by_id}
    else:
        permission, excluded = "returns.pay_refund", set()

    def message():
        subject = _(
            "Refund %(number)s (return %(request)s) has waited %(waited)s in %(status)s, limit %(limit)s"
        ) % {
            "number": refund.number,
            "request": request.number,
            "waited": duration_text(waited),
            "status": refund.get_status_display(),
            "limit": _limit_text(days),
        }
        waits_for = (
            _("Waiting for: an accountant to approve the refund of %(amount)s.")
            if refund.status == RefundStatus.PENDING
            else _("Waiting for: the refund of %(amount)s to be paid.")
        ) % {"amount": refund.amount}
        body = "\n".join([_("Customer: %(customer)s") % {"customer": refund.customer}, waits_for])
        return subject, body, request.get_absolute_url()

    return _notify(_recipients([permission], excluded, holders), message)


def return_overdue_scan(*, now: datetime | None = None) -> dict:
    """Remind the staff of every request and refund whose current step is past its limit and was not
    reminded of yet; safe to run twice or two at a time. ``now`` is for tests."""
    now = now or timezone.now()
    policy = ReturnPolicy.current()
    requests = refunds = messages = 0
    holders = {}  # permission -> its holders, read once per scan
    late_requests = (
        ReturnRequest.objects.filter(request_overdue_q(policy=policy, now=now))
        .exclude(overdue_notified_for=F("status"))
        .order_by("pk")
        .values_list("pk", "status")
    )
    for pk, status in late_requests:
        with transaction.atomic():
            claimed = (
                ReturnRequest.objects.filter(pk=pk, status=status)
                .exclude(overdue_notified_for=status)
                .update(overdue_notified_for=status)
            )
            if claimed:
                request = ReturnRequest.objects.select_related("customer").get(pk=pk)
                messages += _request_remind(request, policy, now, holders)
                requests += 1
    late_refunds = (
        Refund.objects.filter(refund_overdue_q(policy=policy, now=now))
        .exclude(overdue_notified_for=F("status"))
        .order_by("pk")
        .values_list("pk", "status")
    )
    for pk, status in late_refunds:
        with transaction.atomic():
            claimed = (
                Refund.objects.filter(pk=pk, status=status)
                .exclude(overdue_notified_for=status)
                .update(overdue_notified_for=status)
            )
            if claimed:
                refund = Refund.objects.select_related("request", "customer").get(pk=pk)
                messages += _refund_remind(refund, policy, now, holders)
                refunds += 1
    return {"requests": requests, "refunds": refunds, "messages": messages}


LIMIT_FIELDS = [*REQUEST_STEPS.values(), *REFUND_STEPS.values()]


def return_step_limits_set(*, limits: dict[str, int | None], by) -> ReturnPolicy:
    """Save the step limits (days; 0 or None switches a step's reminder off) in the return policy."""
    if not by.has_perm(LIMITS_PERMISSION):
        raise DomainError(_("You are not allowed to change the time limits of returns."))
    unknown = set(limits) - set(LIMIT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown step limits: {sorted(unknown)}")
    for field, days in limits.items():
        if days is not None and days < 0:
            raise DomainError(_("A time limit cannot be negative."), field=field)
    with transaction.atomic():
        policy = ReturnPolicy.objects.select_for_update().filter(pk=1).first() or ReturnPolicy(pk=1)
        for field, days in limits.items():
            setattr(policy, field, days)
        policy.save()
    return policy
