"""Helpers shared by the returns services; not part of the app's public interface."""

from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from common.bulk import row_lock, rows_insert
from common.exceptions import DomainError
from common.notifications import notify_customer, webhook_event_emit
from finance.choices import PartnerType
from finance.services import PartnerRef
from returns.models import ReturnEvent, ReturnRequest

ZERO = Decimal("0")
CENT = Decimal("0.01")


def lock(request: ReturnRequest) -> ReturnRequest:
    """The request locked and read again, with its customer, warehouse and order."""
    return row_lock(ReturnRequest, request.pk, related=("customer", "warehouse", "order"))


def customer_ref(customer) -> PartnerRef:
    return PartnerRef(PartnerType.CUSTOMER, customer.pk, customer.name)


def refuse_own(document, by) -> None:
    if document.created_by_id == by.pk:
        raise DomainError(
            _("Nobody approves a document they created: ask another approver to decide %(number)s.")
            % {"number": document.number}
        )


def quantity_text(quantity: Decimal) -> str:
    return f"{Decimal(quantity).normalize():f}"


def event_add(request: ReturnRequest, *, kind: str, text: str, by) -> ReturnEvent:
    return rows_insert([ReturnEvent(request=request, kind=kind, text=text, by=by)])[0]


def events_add(request: ReturnRequest, events: Sequence[tuple[str, str]], *, by) -> None:
    """Several ``(kind, text)`` events of one step, written in one statement, in order."""
    rows_insert([ReturnEvent(request=request, kind=k, text=t, by=by) for k, t in events])


def progress_url(request: ReturnRequest) -> str:
    """The customer's progress page; absolute when ``RETURNS_PUBLIC_BASE_URL`` is set (e.g.
    ``https://erp.example.com``), so the link in an e-mail opens from outside."""
    base = getattr(settings, "RETURNS_PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}{request.get_progress_url()}"


def _origin_orders(request: ReturnRequest) -> list[str]:
    """The sales orders the returned goods were shipped on (lines match deliveries across orders)."""
    numbers = set(
        request.lines.exclude(delivery_line=None).values_list(
            "delivery_line__delivery__order__number", flat=True
        )
    )
    if request.order_id:
        numbers.add(request.order.number)
    return sorted(numbers)


def webhook_tell(request: ReturnRequest, event: str, **extra) -> None:
    """One step of the request for the integrations that subscribe to ``event`` (a webhook each)."""
    webhook_event_emit(
        event=event,
        payload=lambda: {
            "number": request.number,
            "status": request.status,
            "kind": request.kind,
            "customer": {"code": request.customer.code, "name": request.customer.name},
            "orders": _origin_orders(request),
            "amount": str(request.amount),
            "status_changed_at": request.status_changed_at.isoformat(),
            **extra,
        },
    )


def customer_tell(request: ReturnRequest, template: str, **context) -> None:
    """One step of the request told to the customer, in their language, with the progress link."""
    notify_customer(
        name=request.contact_name or request.customer.name,
        email=request.contact_email,
        phone=request.contact_phone,
        language=request.language or "zh-hans",
        template=template,
        context={"number": request.number, **{k: str(v) for k, v in context.items()}},
        url=progress_url(request),
    )
