"""Read queries of the sales app, annotated in the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from finance.choices import PartnerType
from finance.selectors import partner_balance
from inventory.models import StockReservation
from sales.choices import INVOICED_ORDER_STATUSES, OPEN_ORDER_STATUSES, DeliveryStatus
from sales.models import Customer, Delivery, DeliveryLine, RetailReturn, SalesOrder, SalesPayment

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_of(queryset, field: str):
    total = queryset.order_by().values("order_id").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY)


def orders_with_collection(queryset: QuerySet | None = None) -> QuerySet[SalesOrder]:
    """Orders with what was delivered (due), what was received and what is outstanding.

    Counter returns lower both what is due and what was received (their refund is paid at once).
    ``is_overdue``: something is outstanding and the payment day has passed."""
    queryset = queryset if queryset is not None else SalesOrder.objects.all()
    shipped = _sum_of(Delivery.objects.filter(order=OuterRef("pk"), status=DeliveryStatus.SHIPPED), "total")
    paid = _sum_of(SalesPayment.objects.filter(order=OuterRef("pk")), "amount")
    returned = _sum_of(RetailReturn.objects.filter(order=OuterRef("pk")), "total")
    today = timezone.localdate()
    return (
        queryset.annotate(amount_due=ExpressionWrapper(shipped - returned, output_field=MONEY))
        .annotate(amount_received=ExpressionWrapper(paid - returned, output_field=MONEY))
        .annotate(outstanding=ExpressionWrapper(F("amount_due") - F("amount_received"), output_field=MONEY))
        .annotate(
            is_overdue=Case(
                When(Q(outstanding__gt=0, due_date__lt=today), then=Value(True)),
                default=Value(False),
            )
        )
    )


@dataclass(frozen=True)
class Collection:
    due: Decimal
    received: Decimal
    outstanding: Decimal


def order_collection(*, order_id: int) -> Collection:
    row = orders_with_collection(SalesOrder.objects.filter(pk=order_id)).values(
        "amount_due", "amount_received", "outstanding"
    )[0]
    return Collection(row["amount_due"], row["amount_received"], row["outstanding"])


def collection_orders(*, overdue_only: bool = False) -> QuerySet[SalesOrder]:
    """Orders that have been delivered in part or whole, for the payment collection page (回款)."""
    orders = orders_with_collection(
        SalesOrder.objects.filter(status__in=INVOICED_ORDER_STATUSES).select_related("customer", "created_by")
    )
    if overdue_only:
        orders = orders.filter(is_overdue=True)
    return orders


def order_reservations(order: SalesOrder) -> QuerySet[StockReservation]:
    return StockReservation.objects.filter(
        document_type=order._meta.label_lower, document_id=order.pk
    ).select_related("product", "location", "lot")


def customer_orders(*, customer_id: int, limit: int = 10) -> QuerySet[SalesOrder]:
    return orders_with_collection(SalesOrder.objects.filter(customer_id=customer_id)).order_by(
        "-order_date", "-id"
    )[:limit]


@dataclass(frozen=True)
class CustomerSummary:
    receivable: Decimal
    credit_limit: Decimal
    open_orders_total: Decimal  # approved or waiting orders not yet delivered

    @property
    def credit_used(self) -> Decimal:
        return self.receivable

    @property
    def credit_available(self) -> Decimal:
        return self.credit_limit - self.receivable

    @property
    def credit_used_percent(self) -> int | None:
        if self.credit_limit <= 0:
            return None
        return int(max(min(self.receivable / self.credit_limit * 100, Decimal(999)), Decimal(0)))


def customer_summary(customer: Customer) -> CustomerSummary:
    open_total = (
        SalesOrder.objects.filter(customer=customer, status__in=OPEN_ORDER_STATUSES).aggregate(
            total=Sum("total")
        )["total"]
        or ZERO
    )
    shipped_open = (
        DeliveryLine.objects.filter(
            delivery__order__customer=customer,
            delivery__order__status__in=OPEN_ORDER_STATUSES,
            delivery__status=DeliveryStatus.SHIPPED,
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    return CustomerSummary(
        receivable=partner_balance(partner_type=PartnerType.CUSTOMER, partner_id=customer.pk),
        credit_limit=customer.credit_limit,
        open_orders_total=open_total - shipped_open,
    )


def customer_retail_returns(*, customer_id: int, limit: int = 10) -> QuerySet[RetailReturn]:
    return RetailReturn.objects.filter(customer_id=customer_id).select_related("order")[:limit]


def _sales_filter(
    prefix: str, *, date_from=None, date_to=None, customer=None, salesperson=None, retail=None
) -> Q:
    q = Q(**{f"{prefix}status": DeliveryStatus.SHIPPED})
    if date_from:
        q &= Q(**{f"{prefix}date__gte": date_from})
    if date_to:
        q &= Q(**{f"{prefix}date__lte": date_to})
    if customer:
        q &= Q(**{f"{prefix}customer": customer})
    if salesperson:
        q &= Q(**{f"{prefix}order__created_by": salesperson})
    if retail is not None:
        q &= Q(**{f"{prefix}order__is_retail": retail})
    return q


def sales_lines(*, category_ids=None, **filters) -> QuerySet[DeliveryLine]:
    """Shipped delivery lines: the sales of record, by delivery date. Each line carries what counter returns
    and accepted customer returns took back of it (``returned_quantity``, ``returned_amount``,
    ``returned_cost``); reports sum both and subtract the sums in the database.

    Filters: ``date_from``, ``date_to``, ``customer``, ``salesperson``, ``retail`` and ``category_ids``."""
    lines = DeliveryLine.objects.filter(_sales_filter("delivery__", **filters))
    if category_ids:
        lines = lines.filter(product__category_id__in=category_ids)
    return lines


def sales_deliveries(**filters) -> QuerySet[Delivery]:
    """The shipped deliveries of ``sales_lines`` (same filters but the category), each with its lines' sums:
    ``quantity_total``, ``total`` and ``cost_total``, and what came back of them (``returned_quantity``,
    ``returned_total``, ``returned_cost_total``). A quarter of the rows to sum where no product is asked."""
    return Delivery.objects.filter(_sales_filter("", **filters))
