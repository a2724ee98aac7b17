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
from django.db import connection, transaction
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


def permission_holders(*, permission: str, exclude_user=None) -> list:
    """Active users who hold ``permission`` ("app_label.codename") through a group or directly, in id
    order, less ``exclude_user``. Superuser status alone does not count: administrators get messages
    through their group."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    app_label, codename = permission.split(".", 1)
    user_model = get_user_model()
    # One plain statement: an inspection that leaves a refund to approve asks this every time, and the
    # ORM took longer to build the query (or PostgreSQL to plan it as one join of five tables) than the
    # database takes to answer it. The permission is found first, once, and the users by two semi-joins.
    tables = {
        "user": user_model._meta.db_table,
        "user_groups": user_model.groups.through._meta.db_table,
        "user_permissions": user_model.user_permissions.through._meta.db_table,
        "group_permissions": Group.permissions.through._meta.db_table,
        "permission": Permission._meta.db_table,
        "content_type": ContentType._meta.db_table,
    }
    sql = (
        "WITH p AS (SELECT p.id FROM {permission} p JOIN {content_type} ct ON ct.id = p.content_type_id "
        "WHERE ct.app_label = %s AND p.codename = %s) "
        "SELECT u.* FROM {user} u WHERE u.is_active = %s AND u.id <> %s AND ("
        "u.id IN (SELECT ug.user_id FROM {user_groups} ug JOIN {group_permissions} gp "
        "ON gp.group_id = ug.group_id WHERE gp.permission_id IN (SELECT id FROM p)) "
        "OR u.id IN (SELECT up.user_id FROM {user_permissions} up "
        "WHERE up.permission_id IN (SELECT id FROM p))) ORDER BY u.id"
    ).format(**{key: connection.ops.quote_name(name) for key, name in tables.items()})
    excluded = exclude_user.pk if exclude_user is not None else 0
    return list(user_model.objects.raw(sql, [app_label, codename, True, excluded]))


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
    users = permission_holders(permission=permission, exclude_user=exclude_user)
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
