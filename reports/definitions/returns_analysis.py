"""退货统计: customer returns by reason, product, customer, supplier or month, with what they cost (refunds
and credits, scrap loss, restocking fees kept, deductions for damage) and a chart of the largest groups.

The rows are return request lines of requests sent in the period (drafts and cancelled requests left out;
rejected ones count as requested, with nothing accepted). The supplier is the one the goods came from:
the last goods receipt of the line's lot, else of its product.
"""

from decimal import Decimal

from django import forms
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from purchasing.models import GoodsReceiptLine
from reports.framework import Chart, Column, PeriodFilterForm, Report, register
from returns.choices import ReturnStatus
from returns.models import ReturnLine
from returns.models.policy import DEFAULT_REASON_NAMES

PERMISSION = "reports.view_return_report"
SECTION = _("Returns")
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0")
CHART_BARS = 10
# Requests a customer actually sent (not drafts, not withdrawn).
SENT_STATUSES = [
    ReturnStatus.SUBMITTED,
    ReturnStatus.APPROVED,
    ReturnStatus.REJECTED,
    ReturnStatus.RECEIVED,
    ReturnStatus.INSPECTED,
    ReturnStatus.COMPLETED,
]


def supplier_name():
    """The supplier of the line's lot, else the last one of its product (``returns.selectors``' rule)."""
    lot = Subquery(
        GoodsReceiptLine.objects.filter(accepted_quantity__gt=0, lot_id=OuterRef("lot_id"))
        .order_by("-receipt__date", "-pk")
        .values("receipt__supplier__name")[:1]
    )
    product = Subquery(
        GoodsReceiptLine.objects.filter(accepted_quantity__gt=0, product_id=OuterRef("product_id"))
        .order_by("-receipt__date", "-pk")
        .values("receipt__supplier__name")[:1]
    )
    return Coalesce(lot, product, Value("—"))


GROUPS = {
    "reason": (_("reason"), "reason__name"),
    "product": (_("product"), Concat("product__sku", Value(" "), "product__name")),
    "customer": (_("customer"), "request__customer__name"),
    "supplier": (_("supplier"), None),
    "month": (_("month"), None),
}


class ReturnFilterForm(PeriodFilterForm):
    group = forms.ChoiceField(
        label=_("group by"),
        choices=[(key, label) for key, (label, _lookup) in GROUPS.items()],
        initial="reason",
    )


def return_lines(filters: dict):
    """Lines of the requests sent in the period (by the local day the request was made)."""
    lines = ReturnLine.objects.filter(request__status__in=SENT_STATUSES)
    if filters.get("date_from"):
        lines = lines.filter(request__created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        lines = lines.filter(request__created_at__date__lte=filters["date_to"])
    return lines


def grouped(lines, group: str):
    if group == "month":
        return lines.annotate(label=TruncMonth("request__created_at")).values("label")
    if group == "supplier":
        return lines.annotate(label=supplier_name()).values("label")
    lookup = GROUPS[group][1]
    return lines.values(label=F(lookup) if isinstance(lookup, str) else lookup)


def with_figures(rows):
    """Quantities and what the returns cost. Fees kept: the charged value of what was accepted less the
    refund (credit) and the deduction, i.e. the restocking fee the customer was not paid back."""
    return rows.annotate(
        requests=Count("request", distinct=True),
        requested=Sum("quantity"),
        accepted=Sum("accepted_quantity"),
        refunds=Sum("refund_amount"),
        scrap_loss=Sum("loss_amount"),
        deductions=Sum("deduction"),
        fees_kept=Coalesce(
            Sum(
                ExpressionWrapper(
                    F("accepted_quantity") * F("unit_price") - F("refund_amount") - F("deduction"),
                    output_field=MONEY,
                )
            ),
            Value(ZERO),
            output_field=MONEY,
        ),
    )


@register
class ReturnAnalysisReport(Report):
    slug = "returns-analysis"
    title = _("Return analysis")
    description = _(
        "Customer returns of the period by reason, product, customer, supplier or month: quantities "
        "requested and accepted, refunds, scrap loss and restocking fees kept."
    )
    section = SECTION
    permission = PERMISSION
    filter_form_class = ReturnFilterForm
    default_sort = ("-requested",)

    def group(self) -> str:
        return (self.filters or {}).get("group") or "reason"

    def get_columns(self):
        kind = "date" if self.group() == "month" else "text"
        # The reasons a new installation starts with are stored in English, shown in the reader's language.
        names = {name: _(name) for name in DEFAULT_REASON_NAMES} if self.group() == "reason" else None
        return [
            Column("label", GROUPS[self.group()][0], kind=kind, width=30, choices=names),
            Column("requests", _("requests"), kind="integer"),
            Column("requested", _("quantity requested"), kind="quantity", total=True),
            Column("accepted", _("quantity accepted"), kind="quantity", total=True),
            Column("refunds", _("refunds and credits"), kind="money", total=True),
            Column("scrap_loss", _("scrap loss"), kind="money", total=True),
            Column("deductions", _("deductions for damage"), kind="money", total=True),
            Column("fees_kept", _("restocking fees kept"), kind="money", total=True),
        ]

    def queryset(self, filters):
        return with_figures(grouped(return_lines(filters), filters.get("group") or "reason"))

    def label_text(self, label) -> str:
        if self.group() == "month" and label is not None:
            return f"{Column('label', '', kind='date').prepare(label):%Y-%m}"
        return str(self.get_columns()[0].prepare(label))

    def charts(self) -> list[Chart]:
        if not self.is_valid:
            return []
        top = list(self.rows().order_by("-requested", "label")[:CHART_BARS])
        titles = {
            "reason": _("Return reasons"),
            "product": _("Top returned products"),
            "customer": _("Customers returning most"),
            "supplier": _("Returned goods by supplier"),
            "month": _("Returns by month"),
        }
        return [
            Chart(
                title=titles[self.group()],
                labels=[self.label_text(row["label"]) for row in top],
                datasets=[{"label": _("quantity requested"), "data": [row["requested"] for row in top]}],
                kind="quantity",
                horizontal=self.group() != "month",
                url=f"{reverse('reports:returns-analysis')}?group={self.group()}",
            )
        ]
