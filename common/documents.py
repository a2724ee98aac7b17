"""Numbering and status changes shared by every document type."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from common.audit import audited_save
from common.bulk import rows_insert
from common.exceptions import DocumentStateError, DomainError
from common.fields import MONEY_LIMIT
from common.models import DocumentSequence, TransitionLog


def document_number_next(*, prefix: str, on=None) -> str:
    """Return the next number such as ``PO-202611-0001``; ``on`` (a date or an aware datetime) picks the
    period, today by default.

    Call it inside the transaction that saves the document: the sequence row stays locked until that
    transaction ends, so two documents never get the same number and a rolled-back one frees its number.
    """
    if on is None:
        day = timezone.localdate()
    elif isinstance(on, datetime.datetime):
        day = timezone.localdate(on)
    else:
        day = on  # a date is already the local day
    period = day.strftime("%Y%m")
    if connection.features.can_return_rows_from_bulk_insert:  # PostgreSQL, SQLite 3.35+: one statement
        table = connection.ops.quote_name(DocumentSequence._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (prefix, period, last_value) VALUES (%s, %s, 1) "
                f"ON CONFLICT (prefix, period) DO UPDATE SET last_value = {table}.last_value + 1 "
                "RETURNING last_value",
                [prefix, period],
            )
            (value,) = cursor.fetchone()
    else:
        with transaction.atomic():
            DocumentSequence.objects.get_or_create(prefix=prefix, period=period)
            DocumentSequence.objects.filter(prefix=prefix, period=period).update(
                last_value=F("last_value") + 1
            )
            value = DocumentSequence.objects.values_list("last_value", flat=True).get(
                prefix=prefix, period=period
            )
    # The update holds the row lock until the caller's transaction ends.
    return f"{prefix}-{period}-{value:04d}"


def document_check(document, transition, *, by, check_permission=True) -> None:
    """Refuse a transition the status or the user's permissions do not allow, as ``document_transition``
    does; for a service that checks first and runs the transition once everything else is written."""
    if not can_proceed(transition):
        raise DocumentStateError(
            _("%(number)s is %(status)s: this action is not possible now.")
            % {"number": document.number, "status": document.get_status_display()}
        )
    if check_permission and not has_transition_perm(transition, by):
        raise DocumentStateError(
            _("You are not allowed to do this with %(number)s.") % {"number": document.number}
        )


def document_amounts_check(lines) -> None:
    """Refuse lines (with ``amount`` and ``product``) whose amount or total a money column cannot hold."""
    for line in lines:
        if abs(line.amount) >= MONEY_LIMIT:
            raise DomainError(
                _("The amount of %(product)s is too large: an order line holds less than 1,000,000,000,000.")
                % {"product": line.product}
            )
    if abs(sum(line.amount for line in lines)) >= MONEY_LIMIT:
        raise DomainError(_("The order total is too large: an order holds less than 1,000,000,000,000."))


def document_transition(document, transition, *, by, comment: str = "", check_permission=True, **kwargs):
    """Run an FSM transition on a locked document, save it and log it.

    ``transition`` is the bound transition method. The caller holds the row lock and the transaction.
    """
    document_check(document, transition, by=by, check_permission=check_permission)
    source = document.status
    transition(**kwargs)
    audited_save(document)
    log = TransitionLog(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        document_number=document.number,
        source=source,
        target=document.status,
        by=by,
        comment=comment,
    )
    rows_insert([log])
    return document


def document_history(document):
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    ).select_related("by")


def document_create_once(model, *, client_token, create):
    """Run ``create()`` in its own transaction, unless a document of ``model`` with this ``client_token``
    exists: a form posted twice (double click, retry, two requests at the same moment) makes one document.
    """
    if client_token and (existing := model.objects.filter(client_token=client_token).first()):
        return existing
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        # The other request created it first: the unique token refused ours.
        if client_token and (existing := model.objects.filter(client_token=client_token).first()):
            return existing
        raise
