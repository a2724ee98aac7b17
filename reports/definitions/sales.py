"""Sales reports: 销售明细表 (detail), 销售汇总表 (summary by customer, product, category, salesperson or
month), 销量排行 (ranking with share) and the gross margin from the cost the moves carried.

All figures are shipped delivery lines (``sales.selectors.sales_lines``) net of counter returns and of
accepted customer returns, counted against the sale they undo. Where no product or category is asked
for, they are summed from the deliveries (``sales_deliveries``), which carry their lines' sums."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Concat, NullIf, TruncMonth
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from inventory.forms import CategoryChoiceField
from inventory.selectors import category_descendant_ids
from reports.framework import Column, PeriodFilterForm, Report, grouped_by_keys, register, trend_chart
from sales.models import Customer
from sales.selectors import sales_deliveries, sales_lines

PERMISSION = "reports.view_sales_report"
SECTION = _("Sales")
PERCENT = DecimalField(max_digits=9, decimal_places=2)
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0")


class SalesFilterForm(PeriodFilterForm):
    customer = forms.ModelChoiceField(
        label=_("customer"), queryset=Customer.objects.all(), empty_label=_("All customers")
    )
    category = CategoryChoiceField(label=_("category"), empty_label=_("All categories"))
    salesperson = forms.ModelChoiceField(
        label=_("salesperson"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        empty_label=_("All salespeople"),
    )
    kind = forms.ChoiceField(
        label=_("sale"),
        choices=[("", _("Retail and wholesale")), ("retail", _("Retail")), ("wholesale", _("Wholesale"))],
    )


# The figures summed, by the column holding them on a delivery line and on a delivery.
LINE_SUMS = {
    "quantity": "quantity",
    "returned_quantity": "returned_quantity",
    "amount": "amount",
    "returned_amount": "returned_amount",
    "cost": "cost_amount",
    "returned_cost": "returned_cost",
}
DELIVERY_SUMS = {
    "quantity": "quantity_total",
    "returned_quantity": "returned_quantity",
    "amount": "total",
    "returned_amount": "returned_total",
    "cost": "cost_total",
    "returned_cost": "returned_cost_total",
}


@dataclass(frozen=True)
class Sales:
    """The period's sales as rows to sum: delivery lines, or whole deliveries when no product is needed."""

    rows: QuerySet
    sums: dict
    delivery: str  # the path from a row to its delivery


def filtered_sales(filters: dict, *, by_line: bool = False) -> Sales:
    """Shipped sales in the period, net of counter returns and of accepted customer returns (both kept on
    the line they undo, so a period's margin is the margin of its sales)."""
    category = filters.get("category")
    kind = filters.get("kind")
    common = {
        "date_from": filters.get("date_from"),
        "date_to": filters.get("date_to"),
        "customer": filters.get("customer"),
        "salesperson": filters.get("salesperson"),
        "retail": None if not kind else kind == "retail",
    }
    if by_line or category:
        category_ids = category_descendant_ids(category.pk) if category else None
        return Sales(sales_lines(category_ids=category_ids, **common), LINE_SUMS, "delivery__")
    return Sales(sales_deliveries(**common), DELIVERY_SUMS, "")


QUANTITY = DecimalField(max_digits=14, decimal_places=3)


def with_net_sums(rows, sums=LINE_SUMS, *, keys=("quantity", "amount", "cost", "margin", "margin_percent")):
    """Grouped rows with their quantity, sales, cost and margin net of returns, as sums of stored columns:
    PostgreSQL sums a column far faster than it works out a difference on every line first."""
    rows = rows.alias(**{f"sum_{figure}": Sum(column) for figure, column in sums.items()})
    amount = F("sum_amount") - F("sum_returned_amount")
    cost = F("sum_cost") - F("sum_returned_cost")
    figures = {
        "quantity": ExpressionWrapper(F("sum_quantity") - F("sum_returned_quantity"), output_field=QUANTITY),
        "amount": ExpressionWrapper(amount, output_field=MONEY),
        "cost": ExpressionWrapper(cost, output_field=MONEY),
        "margin": ExpressionWrapper(amount - cost, output_field=MONEY),
        "margin_percent": ExpressionWrapper(
            (amount - cost) * 100 / NullIf(amount, Value(ZERO)), output_field=PERCENT
        ),
    }
    return rows.annotate(**{key: figures[key] for key in keys})


MONEY_COLUMNS = [
    Column("quantity", _("quantity"), kind="quantity", total=True),
    Column("amount", _("sales"), kind="money", total=True),
    Column("cost", _("cost"), kind="money", total=True),
    Column("margin", _("gross margin"), kind="money", total=True),
    # Margin % of the totals is 100 x margin / sales over every row, not a sum of percentages.
    Column(
        "margin_percent",
        _("margin %"),
        kind="number",
        total=ExpressionWrapper(
            Sum("margin") * 100 / NullIf(Sum("amount"), Value(ZERO)), output_field=PERCENT
        ),
    ),
]


@register
class SalesDetailReport(Report):
    slug = "sales-detail"
    title = _("Sales detail")
    description = _(
        "Every shipped delivery line of the period, net of counter returns, with its cost and margin."
    )
    section = SECTION
    permission = PERMISSION
    filter_form_class = SalesFilterForm
    default_sort = ("-date", "number")
    columns = [
        Column("date", _("date"), kind="date"),
        Column("number", _("delivery")),
        Column("order_number", _("sales order")),
        Column("customer", _("customer"), width=28),
        Column("salesperson", _("salesperson")),
        Column("sku", _("SKU")),
        Column("product_name", _("product"), width=28),
        Column("category", _("category")),
        Column("unit_price", _("price"), kind="cost"),
        *MONEY_COLUMNS,
    ]

    def queryset(self, filters):
        """One row per line, its figures net of returns worked out on the line: grouped by line like the
        summaries, a month's 25,000 lines were grouped again for the totals and for the count."""
        rows = filtered_sales(filters, by_line=True).rows.values(
            "id",
            date=F("delivery__date"),
            number=F("delivery__number"),
            order_number=F("delivery__order__number"),
            customer=F("delivery__customer__name"),
            salesperson=F("delivery__order__created_by__username"),
            sku=F("product__sku"),
            product_name=F("product__name"),
            category=F("product__category__name"),
            unit_price=F("order_line__unit_price"),
        )
        # After values(), these names are the net figures; F() in the first annotate still reads the line's.
        amount = F("amount") - F("returned_amount")
        cost = F("cost_amount") - F("returned_cost")
        rows = rows.annotate(
            quantity=ExpressionWrapper(F("quantity") - F("returned_quantity"), output_field=QUANTITY),
            amount=ExpressionWrapper(amount, output_field=MONEY),
            cost=ExpressionWrapper(cost, output_field=MONEY),
        )
        return rows.annotate(
            margin=ExpressionWrapper(F("amount") - F("cost"), output_field=MONEY),
            margin_percent=ExpressionWrapper(
                (F("amount") - F("cost")) * 100 / NullIf(F("amount"), Value(ZERO)), output_field=PERCENT
            ),
        )


GROUPS = {
    "customer": _("customer"),
    "product": _("product"),
    "category": _("category"),
    "salesperson": _("salesperson"),
    "month": _("month"),
}
BY_LINE = {"product", "category"}  # the groups that need the delivery lines


class SalesSummaryFilterForm(SalesFilterForm):
    group = forms.ChoiceField(label=_("group by"), choices=list(GROUPS.items()), initial="customer")


def _grouped(sales: Sales, group: str):
    # Two customers (or two categories under different parents) may share a name: they stay two rows.
    to_delivery = sales.delivery
    if group == "month":
        return sales.rows.annotate(label=TruncMonth(f"{to_delivery}date")).values("label")
    if group == "customer":
        # Grouped by the customer's id alone (the name is looked up per group, see ``queryset``): the
        # database then sums a year's deliveries into 5,000 groups in memory instead of sorting them all.
        return sales.rows.values(group_id=F(f"{to_delivery}customer_id"))
    if group == "salesperson":
        return sales.rows.values(label=F(f"{to_delivery}order__created_by__username"))
    if group == "category":
        return sales.rows.values(group_id=F("product__category_id"), label=F("product__category__name"))
    return sales.rows.values(label=Concat("product__sku", Value(" "), "product__name"))


def _with_share(rows, sums: dict, total: Decimal):
    share = (
        ExpressionWrapper(F("amount") * 100 / Value(total), output_field=PERCENT)
        if total
        else Value(Decimal("0"), output_field=PERCENT)
    )
    return with_net_sums(rows, sums).annotate(share=share)


class SalesShareReport(Report):
    """A grouping of the period's sales with each row's share: the period is summed once, by month, and
    that one pass gives the share's base, the totals row and the monthly chart (summing the grouped rows
    again would read every line of the period a second and a third time)."""

    count_in_page = True

    @cached_property
    def months(self) -> list[dict]:
        sales = filtered_sales(self.filters or {})
        rows = sales.rows.annotate(month=TruncMonth(f"{sales.delivery}date")).values("month")
        rows = with_net_sums(rows, sales.sums, keys=("quantity", "amount", "cost", "margin"))
        return list(rows.order_by("month")) if self.is_valid else []

    def period_total(self, key: str) -> Decimal:
        return sum((month[key] or ZERO for month in self.months), ZERO)

    def by_line(self, filters) -> bool:
        return True

    def grouped(self, sales: Sales, filters):
        raise NotImplementedError

    def queryset(self, filters):
        # The framework asks for the report's own filters, whose period ``months`` has summed.
        sales = filtered_sales(filters, by_line=self.by_line(filters))
        return _with_share(self.grouped(sales, filters), sales.sums, self.period_total("amount"))

    def totals(self):
        if not self.is_valid:
            return {}
        figures = {key: self.period_total(key) for key in ("quantity", "amount", "cost", "margin")}
        amount = figures["amount"]
        figures["margin_percent"] = figures["margin"] * 100 / amount if amount else None
        figures["share"] = Decimal(100) if amount else ZERO
        return {c.key: c.prepare(figures[c.key]) for c in self.get_columns() if c.total}


@register
class SalesSummaryReport(SalesShareReport):
    slug = "sales-summary"
    title = _("Sales summary")
    description = _(
        "Sales, cost and gross margin of the period by customer, product, category, salesperson or month, "
        "with each row's share of the sales."
    )
    section = SECTION
    permission = PERMISSION
    filter_form_class = SalesSummaryFilterForm
    default_sort = ("-amount",)

    def group(self) -> str:
        return (self.filters or {}).get("group") or "customer"

    def get_columns(self):
        label = GROUPS[self.group()]
        kind = "date" if self.group() == "month" else "text"
        return [
            Column("label", label, kind=kind, width=30),
            *MONEY_COLUMNS,
            Column("share", _("share %"), kind="number", total=True),
        ]

    def by_line(self, filters) -> bool:
        return (filters.get("group") or "customer") in BY_LINE

    def grouped(self, sales, filters):
        return _grouped(sales, filters.get("group") or "customer")

    def queryset(self, filters):
        rows = super().queryset(filters)
        if (filters.get("group") or "customer") != "customer":
            return rows
        name = Customer.objects.filter(pk=OuterRef("group_id")).order_by().values("name")
        return grouped_by_keys(rows.annotate(label=Subquery(name)))

    def charts(self):
        return [
            trend_chart(
                title=_("Sales by month"),
                series={
                    str(_("sales")): {month["month"]: month["amount"] for month in self.months},
                    str(_("gross margin")): {month["month"]: month["margin"] for month in self.months},
                },
            )
        ]


class RankingFilterForm(SalesFilterForm):
    rank_by = forms.ChoiceField(
        label=_("rank by"),
        choices=[("quantity", _("quantity sold")), ("amount", _("sales"))],
        initial="quantity",
    )


@register
class SalesRankingReport(SalesShareReport):
    slug = "sales-ranking"
    title = _("Product sales ranking")
    description = _("Products by quantity sold or by sales in the period, with their share of the sales.")
    section = SECTION
    permission = PERMISSION
    filter_form_class = RankingFilterForm
    columns = [
        Column("sku", _("SKU")),
        Column("product_name", _("product"), width=30),
        Column("category", _("category")),
        *MONEY_COLUMNS,
        Column("share", _("share %"), kind="number", total=True),
    ]

    @property
    def default_sort(self):
        return (f"-{(self.filters or {}).get('rank_by') or 'quantity'}",)

    def grouped(self, sales, filters):
        return sales.rows.values(
            sku=F("product__sku"), product_name=F("product__name"), category=F("product__category__name")
        )
