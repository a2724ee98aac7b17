"""退货率: per product, what was shipped in the period against what customers asked to return of those
shipments and what inspection accepted (returns counted against the shipment they undo)."""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.sql.constants import LOUTER
from django.utils.translation import gettext_lazy as _
from django_cte import CTE, with_cte

from reports.definitions.returns_analysis import PERMISSION, SECTION, SENT_STATUSES
from reports.framework import Column, PeriodFilterForm, Report, in_period, register
from returns.choices import ReturnStatus
from returns.models import ReturnLine
from sales.choices import DeliveryStatus
from sales.models import DeliveryLine

QTY = DecimalField(max_digits=14, decimal_places=3)
PERCENT = DecimalField(max_digits=9, decimal_places=2)
ZERO = Decimal("0")


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
    count_in_page = True
    totals_in_page = True
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
        """The period's shipped lines joined to what was asked back and accepted of each, summed in one
        pass over the return lines of those shipments (a subquery per line took a month's 25,000 lines
        twice as long)."""
        lines = in_period(
            DeliveryLine.objects.filter(delivery__status=DeliveryStatus.SHIPPED), "delivery__date", filters
        )
        returns = ReturnLine.objects.filter(delivery_line__in=lines.values("pk")).order_by()
        returned = CTE(
            returns.values("delivery_line_id").annotate(
                requested=Sum("quantity", filter=Q(request__status__in=SENT_STATUSES)),
                accepted=Sum(
                    "accepted_quantity",
                    filter=Q(request__status__in=[ReturnStatus.INSPECTED, ReturnStatus.COMPLETED]),
                ),
            ),
            name="returned",
        )
        rows = with_cte(
            returned, select=returned.join(lines, id=returned.col.delivery_line_id, _join_type=LOUTER)
        ).annotate(
            line_requested=Coalesce(returned.col.requested, Value(ZERO), output_field=QTY),
            line_accepted=Coalesce(returned.col.accepted, Value(ZERO), output_field=QTY),
        )
        return rows.values("product_id", sku=F("product__sku"), product_name=F("product__name")).annotate(
            shipped=Sum("quantity"),
            requested=Sum("line_requested"),
            accepted=Sum("line_accepted"),
            requested_rate=rate("line_requested", "quantity"),
            accepted_rate=rate("line_accepted", "quantity"),
        )
