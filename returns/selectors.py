"""Read queries of returns: what can still come back, the request list and page, the order's return status."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from common.documents import document_history
from common.models import TransitionLog
from common.notifications.models import Notification
from purchasing.models import GoodsReceiptLine
from returns.choices import HOLDING_STATUSES, RefundStatus, ReturnStatus
from returns.models import Refund, ReturnLine, ReturnPolicy, ReturnRequest
from returns.overdue import request_limit_whens, request_overdue_q
from sales.choices import DeliveryStatus
from sales.models import DeliveryLine
from suppliers.models import Supplier

QTY = DecimalField(max_digits=14, decimal_places=3)
ZERO = Value(Decimal("0"), output_field=QTY)


def held_quantity_subquery():
    """What requests not yet inspected hold of a delivery line (inspection moves it into the delivery
    line's returned quantity)."""
    return Subquery(
        ReturnLine.objects.filter(delivery_line_id=OuterRef("pk"), request__status__in=HOLDING_STATUSES)
        .values("delivery_line_id")
        .order_by()
        .annotate(total=Sum("quantity"))
        .values("total")[:1],
        output_field=QTY,
    )


def returnable_delivery_lines(
    *, customer_id: int, product_ids=None, order_id: int | None = None, lot_id: int | None = None
) -> QuerySet[DeliveryLine]:
    """Shipped delivery lines of a customer, oldest first, annotated with ``held`` and ``returnable`` =
    shipped - returned - held by open requests."""
    queryset = DeliveryLine.objects.filter(
        delivery__customer_id=customer_id, delivery__status=DeliveryStatus.SHIPPED
    )
    if product_ids is not None:
        queryset = queryset.filter(product_id__in=list(product_ids))
    if order_id is not None:
        queryset = queryset.filter(delivery__order_id=order_id)
    if lot_id is not None:
        queryset = queryset.filter(lot_id=lot_id)
    return (
        queryset.annotate(held=Coalesce(held_quantity_subquery(), ZERO, output_field=QTY))
        .annotate(
            returnable=ExpressionWrapper(F("quantity") - F("returned_quantity") - F("held"), output_field=QTY)
        )
        .select_related("delivery", "delivery__order", "order_line", "product", "product__unit", "lot")
        .order_by("delivery__date", "delivery__shipped_at", "pk")
    )


def product_last_supplier(*, product_id: int, lot_id: int | None = None) -> Supplier | None:
    """The supplier the goods came from: the last goods receipt of the lot, else of the product."""
    lines = GoodsReceiptLine.objects.filter(product_id=product_id, accepted_quantity__gt=0).order_by(
        "-receipt__date", "-pk"
    )
    line = None
    if lot_id is not None:
        line = lines.filter(lot_id=lot_id).select_related("receipt__supplier").first()
    if line is None:
        line = lines.select_related("receipt__supplier").first()
    return line.receipt.supplier if line else None


def return_requests(queryset=None) -> QuerySet[ReturnRequest]:
    """Requests with ``is_overdue`` (longer in their step than the policy's limit for it) and
    ``step_limit_days`` (that limit, None when the step has none)."""
    queryset = queryset if queryset is not None else ReturnRequest.objects.all()
    policy = ReturnPolicy.current()
    return queryset.select_related("customer", "created_by", "order").annotate(
        is_overdue=Case(
            When(request_overdue_q(policy=policy), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        step_limit_days=Case(*request_limit_whens(policy=policy), default=None, output_field=IntegerField()),
    )


@dataclass(frozen=True)
class OrderReturnStatus:
    label: str
    requests: list


def order_return_status(*, order_id: int) -> OrderReturnStatus | None:
    """退货处理中 while a request with goods from the order is open, 已退货 once they all came back."""
    requests = list(
        ReturnRequest.objects.filter(
            Q(order_id=order_id) | Q(lines__delivery_line__delivery__order_id=order_id)
        )
        .exclude(status__in=[ReturnStatus.CANCELLED, ReturnStatus.REJECTED])
        .distinct()
        .order_by("created_at")
    )
    if not requests:
        return None
    if any(r.status != ReturnStatus.COMPLETED for r in requests):
        return OrderReturnStatus(_("Return in progress"), requests)
    return OrderReturnStatus(_("Returned"), requests)


@dataclass(frozen=True)
class TimelineEntry:
    at: object
    kind: str
    text: str
    by: str


def request_timeline(request: ReturnRequest) -> list[TimelineEntry]:
    """Status changes (of the request and its refund), receipt, inspection, postings, refund steps and the
    messages sent, merged by time."""

    def label(choices, value):
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    entries = [
        TimelineEntry(
            log.at,
            _("Status"),
            f"{label(ReturnStatus, log.source)} → {label(ReturnStatus, log.target)}"
            + (f": {log.comment}" if log.comment else ""),
            str(log.by),
        )
        for log in document_history(request)
    ]
    refund = Refund.objects.filter(request=request).first()
    if refund is not None:
        refund_type = ContentType.objects.get_for_model(refund)
        for log in TransitionLog.objects.filter(content_type=refund_type, object_id=refund.pk).select_related(
            "by"
        ):
            entries.append(
                TimelineEntry(
                    log.at,
                    _("Refund"),
                    f"{refund.number}: {label(RefundStatus, log.source)} → {label(RefundStatus, log.target)}",
                    str(log.by),
                )
            )
    for event in request.events.select_related("by"):
        entries.append(TimelineEntry(event.at, event.get_kind_display(), event.text, str(event.by)))
    urls = [request.get_absolute_url(), request.get_progress_url()]
    notifications = Notification.objects.filter(
        Q(url__in=urls) | Q(url__endswith=request.get_progress_url())
    ).order_by("created_at", "pk")
    for notification in notifications:
        entries.append(
            TimelineEntry(
                notification.created_at,
                _("Message"),
                f"{notification.get_channel_display()} → "
                f"{notification.recipient_name or notification.address}: {notification.subject}",
                "",
            )
        )
    return sorted(entries, key=lambda entry: entry.at)


def returned_sales_lines(
    *, date_from=None, date_to=None, customer_id: int | None = None
) -> QuerySet[ReturnLine]:
    """Accepted customer returns as negative sales (quantity, amount at the charged price less fees and
    deductions, cost at which the goods were shipped), by inspection date. Reports add these to the
    shipped delivery lines (positive; exchange replacements ship as ordinary deliveries) so sales figures
    stay true."""
    queryset = ReturnLine.objects.filter(
        request__status__in=[ReturnStatus.INSPECTED, ReturnStatus.COMPLETED], accepted_quantity__gt=0
    )
    if date_from is not None:
        queryset = queryset.filter(request__inspected_at__date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(request__inspected_at__date__lte=date_to)
    if customer_id is not None:
        queryset = queryset.filter(request__customer_id=customer_id)
    money = DecimalField(max_digits=14, decimal_places=2)
    return queryset.select_related("request", "product").annotate(
        signed_quantity=ExpressionWrapper(-F("accepted_quantity"), output_field=QTY),
        signed_amount=ExpressionWrapper(-F("refund_amount"), output_field=money),
        signed_cost=ExpressionWrapper(-F("accepted_quantity") * F("unit_cost"), output_field=money),
    )
