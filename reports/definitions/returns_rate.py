"""退货率: per product, what was shipped in the period against what customers asked to return of those
shipments and what inspection accepted (returns counted against the shipment they undo)."""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from reports.definitions.returns_analysis import PERMISSION, SECTION, SENT_STATUSES
from reports.framework import Column, PeriodFilterForm, Report, in_period, register
from returns.choices import ReturnStatus
from returns.models import ReturnLine
from sales.choices import DeliveryStatus
from sales.models import DeliveryLine

QTY = DecimalField(max_digits=14, decimal_places=3)
PERCENT = DecimalField(max_digits=9, decimal_places=2)
ZERO = Decimal("0")


def _returned(field: str, statuses):
    rows = (
        ReturnLine.objects.filter(delivery_line=OuterRef("pk"), request__status__in=statuses)
        .order_by()
        .values("delivery_line")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=QTY), Value(ZERO), output_field=QTY)


def rate(numerator: str, denominator: str = "shipped"):
    return ExpressionWrapper(
        Sum(numerator) * 100 / NullIf(Sum(denominator), Value(ZERO)), output_field=PERCENT
    )


@register
class ReturnRateReport(Report):
    slug = "returns-rate"
    title = _("Return rate by product")
    description = _(
        "Per product: the quantity shipped in the period, how much of it customers asked to return and how "
        "much inspection accepted, as a share of what was shipped."
    )
    section = SECTION
    permission = PERMISSION
    filter_form_class = PeriodFilterForm
    default_sort = ("-requested_rate", "sku")
    columns = [
        Column("sku", _("SKU")),
        Column("product_name", _("product"), width=30),
        Column("shipped", _("shipped"), kind="quantity", total=True),
        Column("requested", _("return requested"), kind="quantity", total=True),
        Column("accepted", _("return accepted"), kind="quantity", total=True),
        Column("requested_rate", _("requested %"), kind="number", total=rate("requested")),
        Column("accepted_rate", _("accepted %"), kind="number", total=rate("accepted")),
    ]

    def queryset(self, filters):
        lines = in_period(
            DeliveryLine.objects.filter(delivery__status=DeliveryStatus.SHIPPED), "delivery__date", filters
        ).annotate(
            line_requested=_returned("quantity", SENT_STATUSES),
            line_accepted=_returned("accepted_quantity", [ReturnStatus.INSPECTED, ReturnStatus.COMPLETED]),
        )
        return lines.values("product_id", sku=F("product__sku"), product_name=F("product__name")).annotate(
            shipped=Sum("quantity"),
            requested=Sum("line_requested"),
            accepted=Sum("line_accepted"),
            requested_rate=rate("line_requested", "quantity"),
            accepted_rate=rate("line_accepted", "quantity"),
        )
