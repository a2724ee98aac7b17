"""换货: the replacement of an exchange, reserved on approval, shipped as a sales delivery, or turned into
a refund when it is out of stock and the customer prefers their money.

The replacement ships through ``sales.services.exchanges.exchange_sale_post``: an approved exchange order
at the replacement's price and its delivery (shipment moves and the receivable). The return's credit
(posted at inspection) nets against that receivable: a dearer replacement leaves the customer owing the
difference, a cheaper one leaves a refund.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import DocumentStateError, DomainError
from inventory.services import stock_release
from returns.choices import EventKind, ReplacementStatus, ReturnStatus
from returns.models import Refund, ReturnRequest
from returns.services.common import customer_tell, event_add, lock
from returns.services.inspection import refund_prepare, request_complete_if_done
from returns.services.requests import replacement_reserve
from sales.services import OrderLineData
from sales.services.exchanges import exchange_sale_post

SHIPPABLE = [ReturnStatus.APPROVED, ReturnStatus.RECEIVED, ReturnStatus.INSPECTED]


def _check_exchange(request: ReturnRequest, statuses) -> None:
    if not request.is_exchange:
        raise DomainError(_("%(number)s is not an exchange.") % {"number": request.number})
    if request.replacement_status not in statuses:
        raise DocumentStateError(
            _("%(number)s: the replacement is %(status)s, this action is not possible now.")
            % {"number": request.number, "status": request.get_replacement_status_display()}
        )


def replacement_retry(*, request: ReturnRequest, by) -> ReturnRequest:
    """A backordered replacement: try to reserve it again (the stock may have arrived)."""
    with transaction.atomic():
        request = lock(request)
        _check_exchange(request, [ReplacementStatus.BACKORDERED])
        if not replacement_reserve(request):
            raise DomainError(_("The replacement is still out of stock."))
        request.replacement_status = ReplacementStatus.RESERVED
        request.save(update_fields=["replacement_status"])
        event_add(request, kind=EventKind.EXCHANGE, text=_("Replacement reserved."), by=by)
    return request


def exchange_to_refund(*, request: ReturnRequest, by) -> ReturnRequest:
    """The customer prefers their money: the replacement is dropped (its hold freed) and the whole credit
    is refunded."""
    with transaction.atomic():
        request = lock(request)
        _check_exchange(request, [ReplacementStatus.BACKORDERED, ReplacementStatus.RESERVED])
        stock_release(document=request)
        request.replacement_status = ReplacementStatus.REFUNDED
        request.save(update_fields=["replacement_status"])
        event_add(request, kind=EventKind.EXCHANGE, text=_("Replacement dropped: refund instead."), by=by)
        if request.status == ReturnStatus.INSPECTED:
            refund_prepare(request, by)
            request_complete_if_done(request, by)
    return request


def replacement_ship(
    *, request: ReturnRequest, by, carrier: str = "", tracking_number: str = ""
) -> ReturnRequest:
    """Ship the reserved replacement as a sales delivery; the customer gets the carrier and tracking."""
    if not by.has_perm("returns.ship_replacement"):
        raise DomainError(_("You are not allowed to ship replacements."))
    with transaction.atomic():
        request = lock(request)
        _check_exchange(request, [ReplacementStatus.RESERVED])
        if request.status not in SHIPPABLE:
            raise DocumentStateError(
                _("%(number)s is %(status)s: the replacement ships once the request is approved.")
                % {"number": request.number, "status": request.get_status_display()}
            )
        stock_release(document=request)  # the exchange order reserves and ships the same units at once
        delivery = exchange_sale_post(
            customer=request.customer,
            warehouse=request.warehouse,
            lines=[
                OrderLineData(line.product, line.quantity, line.unit_price)
                for line in request.replacements.select_related("product", "product__unit")
            ],
            by=by,
            carrier=carrier,
            tracking_number=tracking_number,
            note=_("Exchange %(number)s") % {"number": request.number},
        )
        request.replacement_status = ReplacementStatus.SHIPPED
        request.replacement_delivery = delivery
        request.save(update_fields=["replacement_status", "replacement_delivery"])
        event_add(
            request,
            kind=EventKind.EXCHANGE,
            text=_("Replacement shipped on %(delivery)s (%(carrier)s %(tracking)s), %(amount)s.")
            % {
                "delivery": delivery.number,
                "carrier": carrier or "—",
                "tracking": tracking_number or "—",
                "amount": delivery.total,
            },
            by=by,
        )
        customer_tell(
            request,
            "return_replacement_shipped",
            carrier=carrier or "—",
            tracking_number=tracking_number or "—",
        )
        if request.status == ReturnStatus.INSPECTED and not Refund.objects.filter(request=request).exists():
            refund_prepare(request, by)
        request_complete_if_done(request, by)
    return request
