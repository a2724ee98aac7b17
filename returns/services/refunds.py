"""退款: the accountant approves the refund (not who made it or the request) and marks it paid; finance
records the customer refund, the customer is told, and the request completes when nothing is left."""

from datetime import date as date_type

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.documents import document_transition
from common.exceptions import DomainError
from common.notifications.choices import WebhookEvent
from finance.choices import EntryType
from finance.services import allocation_auto, ledger_entry_post
from returns.choices import EventKind
from returns.models import Refund
from returns.services.common import customer_ref, customer_tell, event_add, webhook_tell
from returns.services.inspection import request_complete_if_done
from sales.choices import PaymentMethod


def _lock(refund: Refund) -> Refund:
    return Refund.objects.select_for_update(of=("self",)).select_related("request").get(pk=refund.pk)


def refund_approve(*, refund: Refund, by, comment: str = "") -> Refund:
    with transaction.atomic():
        refund = _lock(refund)
        if by.pk in (refund.created_by_id, refund.request.created_by_id):
            raise DomainError(
                _("Nobody approves a refund of a request they made or inspected: ask another accountant.")
            )
        document_transition(refund, refund.approve, by=by, comment=comment, approver=by, at=timezone.now())
        event_add(
            refund.request,
            kind=EventKind.REFUND,
            text=_("Refund %(number)s of %(amount)s approved.")
            % {"number": refund.number, "amount": refund.amount},
            by=by,
        )
    return refund


def refund_pay(
    *, refund: Refund, by, method: str, reference: str = "", on: date_type | None = None
) -> Refund:
    """Mark the refund paid (method, reference, date) and enter the customer refund in the ledger."""
    if method not in PaymentMethod.values:
        raise DomainError(_("Choose how the refund was paid."), field="method")
    day = on or timezone.localdate()
    with transaction.atomic():
        refund = _lock(refund)
        request = refund.request
        document_transition(
            refund,
            refund.pay,
            by=by,
            payer=by,
            at=timezone.now(),
            payment_method=method,
            reference=reference,
            on=day,
        )
        ledger_entry_post(
            partner=customer_ref(refund.customer),
            entry_type=EntryType.CUSTOMER_REFUND,
            amount=refund.amount,
            date=day,
            document=refund,
            by=by,
            note=request.number,
        )
        # The refund settles the return's credit, so neither stays open on the customer's account.
        allocation_auto(
            partner=customer_ref(refund.customer), sources=[refund], documents=[request], by=by, date=day
        )
        event_add(
            request,
            kind=EventKind.REFUND,
            text=_("Refund %(number)s of %(amount)s paid (%(method)s %(reference)s).")
            % {
                "number": refund.number,
                "amount": refund.amount,
                "method": refund.get_method_display(),
                "reference": reference,
            },
            by=by,
        )
        customer_tell(request, "return_refund_paid", amount=refund.amount)
        webhook_tell(
            request,
            WebhookEvent.RETURN_REFUNDED,
            refund={
                "number": refund.number,
                "amount": str(refund.amount),
                "method": refund.method,
                "reference": reference,
                "paid_on": day.isoformat(),
            },
        )
        request_complete_if_done(type(request).objects.select_for_update(of=("self",)).get(pk=request.pk), by)
    return refund
