"""Writing notifications (inside the caller's transaction) and delivering them (from a task).

Other apps call ``notify_users``, ``notify_permission_holders``, ``notify_approvers`` and
``notify_customer``. Each writes ``Notification`` rows in the transaction that is open (so a
notification exists exactly when the change it reports was committed) and, after commit, enqueues one
delivery task per row. If the broker is away the row stays pending and the periodic sweep
(``deliver_pending_notifications``) delivers it later.
"""

import json
import re
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import select_template
from django.utils import timezone, translation

from common.notifications.choices import Channel, NotificationKind, NotificationStatus
from common.notifications.enqueue import task_enqueue
from common.notifications.models import Notification
from common.notifications.tasks import deliver_notification
from common.notifications.webhooks import WebhookTarget, webhook_backend

# The steps of a customer return or exchange that have a message; templates live in
# templates/notifications/customer/<language>/<step>.subject.txt and <step>.body.txt.
CUSTOMER_TEMPLATES = (
    "return_received",
    "return_approved",
    "return_rejected",
    "return_goods_received",
    "return_refund_paid",
    "return_replacement_shipped",
)


def _enqueue_after_commit(notifications: list[Notification]) -> None:
    for notification in notifications:
        if notification.status == NotificationStatus.PENDING:
            transaction.on_commit(partial(task_enqueue, deliver_notification, notification.pk))


def _create(rows: list[Notification]) -> list[Notification]:
    if not rows:
        return []
    with transaction.atomic(savepoint=False):
        rows = Notification.objects.bulk_create(rows)  # one INSERT; PostgreSQL and SQLite return the ids
        _enqueue_after_commit(rows)
    return rows


def notify_users(
    *,
    users: Iterable,
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    channels: Iterable[str] = (Channel.INAPP,),
) -> list[Notification]:
    """Notify staff users. In-app messages are delivered by being written; e-mail goes to users who
    have an address. ``subject`` and ``body`` are stored as given (translate them before calling)."""
    now = timezone.now()
    rows = []
    channels = [Channel(channel) for channel in channels]
    for user in users:
        for channel in channels:
            if channel == Channel.INAPP:
                # The row is the message: it is delivered the moment the transaction commits.
                rows.append(
                    Notification(
                        recipient=user,
                        recipient_name=user.get_full_name() or user.get_username(),
                        channel=channel,
                        kind=kind,
                        subject=str(subject)[:255],
                        body=str(body),
                        url=url,
                        language=translation.get_language() or "",
                        status=NotificationStatus.SENT,
                        sent_at=now,
                    )
                )
                continue
            address = user.email if channel == Channel.EMAIL else ""
            if not address:
                continue
            rows.append(
                Notification(
                    recipient=user,
                    recipient_name=user.get_full_name() or user.get_username(),
                    address=address,
                    channel=channel,
                    kind=kind,
                    subject=str(subject)[:255],
                    body=str(body),
                    url=url,
                    language=translation.get_language() or "",
                )
            )
    return _create(rows)


def permission_holders(*, permission: str) -> QuerySet:
    """Active users who hold ``permission`` ("app_label.codename") through a group or directly.
    Superuser status alone does not count: administrators get messages through their group."""
    from django.contrib.auth.models import Group, Permission

    app_label, codename = permission.split(".", 1)
    user_model = get_user_model()
    # The permission's id first, then two plain semi-joins on it: one query joining users, groups,
    # permissions and content types through both paths took PostgreSQL longer to plan (about 2 ms) than
    # these take to run, and an inspection that leaves a refund to approve asks this every time.
    permission_id = (
        Permission.objects.filter(codename=codename, content_type__app_label=app_label)
        .values_list("pk", flat=True)
        .first()
    )
    groups = Group.permissions.through.objects.filter(permission_id=permission_id).values("group_id")
    through_group = user_model.groups.through.objects.filter(group_id__in=groups).values("user_id")
    direct = user_model.user_permissions.through.objects.filter(permission_id=permission_id).values("user_id")
    return (
        user_model.objects.filter(is_active=True)
        .filter(Q(pk__in=through_group) | Q(pk__in=direct))
        .order_by("pk")
    )


def notify_permission_holders(
    *,
    permission: str,
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    exclude_user=None,
    channels: Iterable[str] = (Channel.INAPP,),
) -> list[Notification]:
    """Notify every active user who holds ``permission`` (for example low-stock alerts to
    ``inventory.view_stockbalance``), except ``exclude_user``."""
    users = permission_holders(permission=permission)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return notify_users(users=users, kind=kind, subject=subject, body=body, url=url, channels=channels)


def notify_approvers(
    *, document_label: str, number: str, url: str, permission: str, exclude_user=None
) -> list[Notification]:
    """Tell everyone who may approve a document that it waits for them; call it from the service
    that submits the document, with its creator as ``exclude_user`` (nobody approves their own)."""
    subject = translation.gettext("%(document)s %(number)s is waiting for your approval") % {
        "document": document_label,
        "number": number,
    }
    return notify_permission_holders(
        permission=permission,
        kind=NotificationKind.APPROVAL_WAITING,
        subject=subject,
        body=subject,
        url=url,
        exclude_user=exclude_user,
    )


def customer_message_render(*, template: str, language: str, context: dict) -> tuple[str, str]:
    """Return (subject, body) of a customer message in ``language`` (English when that language has
    no template). Rendered under ``translation.override`` so dates and numbers follow the language."""
    if template not in CUSTOMER_TEMPLATES:
        raise ValueError(f"Unknown customer message template {template!r}")
    languages = [language, "en"] if language != "en" else ["en"]
    with translation.override(language):
        context = {"company_name": settings.COMPANY_NAME or translation.gettext("Jinxiaocun"), **context}
        subject = select_template(
            [f"notifications/customer/{lang}/{template}.subject.txt" for lang in languages]
        ).render(context)
        body = select_template(
            [f"notifications/customer/{lang}/{template}.body.txt" for lang in languages]
        ).render(context)
    return " ".join(subject.split()), re.sub(r"\n{3,}", "\n\n", body.strip()) + "\n"


def notify_customer(
    *,
    name: str,
    email: str,
    phone: str = "",
    language: str,
    template: str,
    context: dict,
    url: str = "",
) -> list[Notification]:
    """Tell a customer about a step of their return or exchange: an e-mail (when they have an address)
    and an SMS (when they have a phone), both in the customer's language, with the progress link.

    ``template`` is one of ``CUSTOMER_TEMPLATES``; ``context`` holds what the template shows
    (``number``, and ``reason``, ``amount``, ``carrier``, ``tracking_number`` for the steps that need
    them); ``name`` and ``url`` are added to it.
    """
    context = {**context, "name": name, "url": url}
    subject, body = customer_message_render(template=template, language=language, context=context)
    rows = []
    common = {
        "recipient_name": name,
        "kind": f"{NotificationKind.CUSTOMER_RETURN}.{template}",
        "url": url,
        "language": language,
    }
    if email:
        rows.append(Notification(channel=Channel.EMAIL, address=email, subject=subject, body=body, **common))
    if phone:
        rows.append(Notification(channel=Channel.SMS, address=phone, subject=subject, body=subject, **common))
    return _create(rows)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread in-app message of ``user`` as read."""
    queryset = Notification.objects.filter(recipient=user, channel=Channel.INAPP, read_at__isnull=True)
    if notification_id is not None:
        queryset = queryset.filter(pk=notification_id)
    return queryset.update(read_at=timezone.now())


def webhook_event_emit(*, event: str, payload: dict | Callable[[], dict]) -> list[Notification]:
    """Write one webhook row per active subscription to ``event`` (none when nobody subscribes), in the
    caller's transaction; each is sent after commit, retried with back-off by the outbox, and signed.
    ``payload`` is the event's ``data``: small and stable (numbers, statuses, amounts as strings); a
    callable is called only when somebody subscribes, so an event without subscribers costs one query."""
    backend = webhook_backend()
    if backend is None:
        return []
    targets = backend.subscribers(event=event)
    if not targets:
        return []
    if callable(payload):
        payload = payload()
    return webhook_notifications_write(event=event, payload=payload, targets=targets)


def webhook_notifications_write(
    *, event: str, payload: dict, targets: Iterable[WebhookTarget]
) -> list[Notification]:
    """The rows of one event for ``targets``. The body carries the row's idempotency key as ``id`` (also
    sent as the ``X-Webhook-Id`` header), so a receiver that gets a row twice can drop the second."""
    created_at = timezone.now().isoformat()
    rows = []
    for target in targets:
        row = Notification(
            channel=Channel.WEBHOOK,
            kind=event,
            subject=event,
            address=target.url[:254],
            webhook_subscription_id=target.subscription_id,
        )
        row.body = json.dumps(
            {"id": str(row.idempotency_key), "event": event, "created_at": created_at, "data": payload},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        rows.append(row)
    return _create(rows)
