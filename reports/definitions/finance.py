"""Finance reports: 欠款查询 (receivables and payables open as of a day, with aging buckets), the partner
statement, payment history, invoices and what is (not) invoiced, and 本月/期间采购销售统计. The ledger rows
come from ``finance.selectors``; the order totals and stock costs from the apps that own them."""

from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.db.models import Case, DateField, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDay, TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from finance.choices import (
    DOCUMENT_TYPE_LABELS,
    EntryType,
    InvoiceDirection,
    PartnerType,
    PaymentKind,
    PaymentMethod,
)
from finance.models import Invoice, PartnerLedgerEntry, Payment
from finance.selectors import invoiced_amount_subquery, open_items, partner_balance_on, partner_statement
from inventory.choices import MoveType
from inventory.models import StockMove
from purchasing.choices import PurchaseOrderStatus
from purchasing.models import PurchaseOrder
from reports.framework import (
    Column,
    PeriodFilterForm,
    Report,
    ReportFilterForm,
    in_period,
    in_times,
    register,
)
from sales.choices import SalesOrderStatus
from sales.models import Customer, SalesOrder
from suppliers.models import Supplier

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)
SECTION = _("Finance")


class OpenItemsFilterForm(ReportFilterForm):
    as_of = forms.DateField(label=_("as of"), widget=forms.DateInput(), initial=timezone.localdate)


def _open_items_columns(partner_label):
    return [
        Column("partner_name", partner_label),
        Column("document_number", _("document")),
        Column("document_type", _("type"), choices=DOCUMENT_TYPE_LABELS),
        Column("date", _("date"), kind="date"),
        Column("net", _("amount"), kind="money", total=True),
        Column("allocated", _("settled"), kind="money", total=True),
        Column("open_signed", _("open"), kind="money", total=True),
        Column("age_0_30", _("0-30 days"), kind="money", total=True),
        Column("age_31_60", _("31-60 days"), kind="money", total=True),
        Column("age_61_90", _("61-90 days"), kind="money", total=True),
        Column("age_over_90", _("over 90 days"), kind="money", total=True),
    ]


class ReceivablesFilterForm(OpenItemsFilterForm):
    customer = forms.ModelChoiceField(
        label=_("customer"), queryset=Customer.objects.all(), empty_label=_("All customers")
    )


class PayablesFilterForm(OpenItemsFilterForm):
    supplier = forms.ModelChoiceField(
        label=_("supplier"), queryset=Supplier.objects.all(), empty_label=_("All suppliers")
    )


@register
class ReceivablesReport(Report):
    slug = "receivables"
    title = _("Receivables (customers)")
    description = _(
        "What each customer owes as of the day, document by document, by age since the document's date. "
        "Receipts and credits not yet allocated show as negative amounts, so a customer's rows add up to "
        "its balance."
    )
    section = SECTION
    permission = "finance.view_receivables"
    filter_form_class = ReceivablesFilterForm
    columns = _open_items_columns(_("customer"))
    count_in_page = True
    totals_in_page = True
    default_sort = ("partner_name", "date", "document_id")

    def queryset(self, filters):
        customer = filters.get("customer")
        return open_items(
            as_of=filters.get("as_of"),
            partner_type=PartnerType.CUSTOMER,
            partner_id=customer.pk if customer else None,
        )


@register
class PayablesReport(Report):
    slug = "payables"
    title = _("Payables (suppliers)")
    description = _(
        "What we owe each supplier as of the day, document by document, by age since the document's date. "
        "Payments not yet allocated and returns to suppliers show as negative amounts."
    )
    section = SECTION
    permission = "finance.view_payables"
    filter_form_class = PayablesFilterForm
    columns = _open_items_columns(_("supplier"))
    count_in_page = True
    totals_in_page = True
    default_sort = ("partner_name", "date", "document_id")

    def queryset(self, filters):
        supplier = filters.get("supplier")
        return open_items(
            as_of=filters.get("as_of"),
            partner_type=PartnerType.SUPPLIER,
            partner_id=supplier.pk if supplier else None,
        )


class StatementFilterForm(PeriodFilterForm):
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.all())
    customer = forms.ModelChoiceField(label=_("customer"), queryset=Customer.objects.all())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("supplier") and cleaned.get("customer"):
            self.add_error("customer", _("Choose a supplier or a customer, not both."))
        return cleaned


@register
class PartnerStatementReport(Report):
    """对账单: the opening balance before the period, every entry in it with the running balance, the
    closing balance."""

    slug = "partner-statement"
    title = _("Partner statement")
    description = _("Choose a supplier or a customer: every entry of the period with the running balance.")
    section = SECTION
    permission = "reports.view_finance_report"
    filter_form_class = StatementFilterForm
    template_name = "reports/partner_statement.html"
    columns = [
        Column("date", _("date"), kind="date", sortable=False),
        Column("document_number", _("document"), sortable=False),
        Column("document_type", _("type"), choices=DOCUMENT_TYPE_LABELS, sortable=False),
        Column("entry_type", _("entry"), choices=dict(EntryType.choices), sortable=False),
        Column("note", _("note"), sortable=False),
        Column("amount", _("amount"), kind="money", total=True, sortable=False),
        Column("balance", _("balance"), kind="money", sortable=False),
    ]
    default_sort = ("date", "id")

    def partner(self) -> tuple[str, object] | None:
        filters = self.filters or {}
        if filters.get("supplier"):
            return PartnerType.SUPPLIER, filters["supplier"]
        if filters.get("customer"):
            return PartnerType.CUSTOMER, filters["customer"]
        return None

    def queryset(self, filters):
        partner = self.partner()
        if partner is None or not filters.get("date_from") or not filters.get("date_to"):
            return PartnerLedgerEntry.objects.none().values("id")
        return partner_statement(
            partner_type=partner[0],
            partner_id=partner[1].pk,
            date_from=filters["date_from"],
            date_to=filters["date_to"],
        )

    def ordering(self):
        return ["date", "id"]

    def opening_balance(self):
        partner = self.partner()
        if partner is None or not self.filters.get("date_from"):
            return None
        return partner_balance_on(
            partner_type=partner[0], partner_id=partner[1].pk, before=self.filters["date_from"]
        )

    def closing_balance(self):
        partner = self.partner()
        if partner is None or not self.filters.get("date_to"):
            return None
        return partner_balance_on(
            partner_type=partner[0],
            partner_id=partner[1].pk,
            before=self.filters["date_to"] + timedelta(days=1),
        )


class PaymentFilterForm(PeriodFilterForm):
    kind = forms.ChoiceField(label=_("kind"), choices=[("", _("All kinds")), *PaymentKind.choices])
    method = forms.ChoiceField(label=_("method"), choices=[("", _("All methods")), *PaymentMethod.choices])
    q = forms.CharField(label=_("search"), max_length=100)


@register
class PaymentHistoryReport(Report):
    slug = "payment-history"
    title = _("Payments and refunds")
    description = _("Payments to suppliers, refunds received, receipts from customers and refunds paid.")
    section = SECTION
    permission = "finance.view_payment"
    filter_form_class = PaymentFilterForm
    default_sort = ("-date", "-number")
    columns = [
        Column("date", _("date"), kind="date"),
        Column("number", _("number")),
        Column("kind", _("kind"), choices=dict(PaymentKind.choices)),
        Column("partner_name", _("partner")),
        Column("method", _("method"), choices=dict(PaymentMethod.choices)),
        Column("reference", _("reference")),
        Column("amount", _("amount"), kind="money", total=True),
        Column("allocated", _("allocated"), kind="money", total=True),
        Column("note", _("note")),
    ]

    def queryset(self, filters):
        rows = in_period(Payment.objects.all(), "date", filters)
        if filters.get("kind"):
            rows = rows.filter(kind=filters["kind"])
        if filters.get("method"):
            rows = rows.filter(method=filters["method"])
        for word in (filters.get("q") or "").split():
            rows = rows.filter(
                Q(number__icontains=word) | Q(partner_name__icontains=word) | Q(reference__icontains=word)
            )
        return rows.values(
            "date", "number", "kind", "partner_name", "method", "reference", "amount", "note"
        ).annotate(allocated=Coalesce(Sum("allocations__amount"), ZERO, output_field=MONEY))


class InvoiceFilterForm(PeriodFilterForm):
    direction = forms.ChoiceField(
        label=_("direction"), choices=[("", _("Issued and received")), *InvoiceDirection.choices]
    )
    q = forms.CharField(label=_("search"), max_length=100)


@register
class InvoiceListReport(Report):
    slug = "invoices"
    title = _("Invoices")
    description = _("Invoices issued to customers and received from suppliers, by the orders they belong to.")
    section = SECTION
    permission = "finance.view_invoice"
    filter_form_class = InvoiceFilterForm
    default_sort = ("-date", "number", "id")
    columns = [
        Column("date", _("date"), kind="date"),
        Column("number", _("invoice number")),
        Column("direction", _("direction"), choices=dict(InvoiceDirection.choices)),
        Column("partner_name", _("partner")),
        Column("document_number", _("order")),
        Column("amount", _("amount"), kind="money", total=True),
        Column("tax_amount", _("tax amount"), kind="money", total=True),
        Column("note", _("note")),
    ]

    def queryset(self, filters):
        rows = in_period(Invoice.objects.all(), "date", filters)
        if filters.get("direction"):
            rows = rows.filter(direction=filters["direction"])
        for word in (filters.get("q") or "").split():
            rows = rows.filter(
                Q(number__icontains=word)
                | Q(partner_name__icontains=word)
                | Q(document_number__icontains=word)
            )
        return rows.values(
            "id",
            "date",
            "number",
            "direction",
            "partner_name",
            "document_number",
            "amount",
            "tax_amount",
            "note",
        )


class InvoicingFilterForm(PeriodFilterForm):
    direction = forms.ChoiceField(
        label=_("orders"),
        choices=[
            (InvoiceDirection.ISSUED, _("Sales orders")),
            (InvoiceDirection.RECEIVED, _("Purchase orders")),
        ],
        initial=InvoiceDirection.ISSUED,
    )
    open_only = forms.BooleanField(label=_("not fully invoiced only"))


@register
class InvoicingStatusReport(Report):
    """Order totals come from the orders (reports may read every app), invoiced amounts from finance."""

    slug = "invoicing-status"
    title = _("Invoiced and not invoiced")
    description = _(
        "Approved orders of the period with what has been invoiced against them and what has not."
    )
    section = SECTION
    permission = "finance.view_invoice"
    filter_form_class = InvoicingFilterForm
    default_sort = ("-order_date", "number")
    columns = [
        Column("order_date", _("order date"), kind="date"),
        Column("number", _("order")),
        Column("partner", _("partner")),
        Column("total", _("order total"), kind="money", total=True),
        Column("invoiced", _("invoiced"), kind="money", total=True),
        Column("not_invoiced", _("not invoiced"), kind="money", total=True),
    ]

    def queryset(self, filters):
        if filters.get("direction") == InvoiceDirection.RECEIVED:
            orders = PurchaseOrder.objects.exclude(
                status__in=[
                    PurchaseOrderStatus.DRAFT,
                    PurchaseOrderStatus.REJECTED,
                    PurchaseOrderStatus.CANCELLED,
                ]
            )
            partner = F("supplier__name")
            document_type = PurchaseOrder._meta.label_lower
        else:
            orders = SalesOrder.objects.exclude(
                status__in=[SalesOrderStatus.DRAFT, SalesOrderStatus.REJECTED, SalesOrderStatus.CANCELLED]
            )
            partner = F("customer__name")
            document_type = SalesOrder._meta.label_lower
        rows = (
            in_period(orders, "order_date", filters)
            .annotate(invoiced=invoiced_amount_subquery(document_type=document_type))
            .annotate(not_invoiced=F("total") - F("invoiced"))
        )
        if filters.get("open_only"):
            rows = rows.filter(not_invoiced__gt=0)
        return rows.values("order_date", "number", "total", "invoiced", "not_invoiced", partner=partner)


def _sum_of(*entry_types, sign=1):
    return Coalesce(
        Sum(F("amount") * Value(sign), filter=Q(entry_type__in=entry_types)), ZERO, output_field=MONEY
    )


class StatisticsMixin:
    """采购销售统计 from the partner ledger (purchases, sales, returns, refunds at the amounts charged)
    and the stock ledger (the cost the shipped goods left at, less the cost of goods that came back)."""

    section = SECTION
    permission = "reports.view_finance_report"
    truncate = TruncMonth
    columns = [
        Column("period", _("period"), kind="date"),
        Column("purchases", _("purchases"), kind="money", total=True),
        Column("purchase_returns", _("returns to suppliers"), kind="money", total=True),
        Column("sales", _("sales"), kind="money", total=True),
        Column("sales_returns", _("customer returns"), kind="money", total=True),
        Column("net_sales", _("net sales"), kind="money", total=True),
        Column("refunds_paid", _("refunds paid"), kind="money", total=True),
        Column("refunds_received", _("refunds received"), kind="money", total=True),
        Column("cost_of_sales", _("cost of sales"), kind="money", total=True),
        Column("gross_margin", _("gross margin"), kind="money", total=True),
    ]
    default_sort = ("period",)

    @staticmethod
    def period_after(period: date) -> date:
        return (period.replace(day=1) + timedelta(days=32)).replace(day=1)

    @cached_property
    def costs(self) -> dict:
        return self.cost_of_sales(self.filters or {})

    def cost_of_sales(self, filters) -> dict:
        """The cost of goods shipped less the cost of goods come back, per period, in one pass over the
        period's moves (a subquery per period would read the moves again for every ledger entry)."""
        moves = in_times(
            StockMove.objects.filter(
                move_type__in=[MoveType.SHIPMENT, MoveType.EXCHANGE_OUT, MoveType.CUSTOMER_RETURN]
            ),
            "created_at",
            filters,
        )
        rows = (
            moves.annotate(period=self.truncate("created_at", output_field=DateField()))
            .values("period")
            .annotate(total=Sum(-F("value")))
            .order_by()
        )
        return {row["period"]: row["total"] for row in rows}

    def queryset(self, filters):
        # The framework asks for the report's own filters (for the rows, then for the totals).
        costs = self.costs if filters is self.filters else self.cost_of_sales(filters)
        # Each period's cost found by plain date comparisons: a truncated date would be worked out again
        # for every branch and every ledger entry.
        cost = Case(
            *[
                When(date__gte=period, date__lt=self.period_after(period), then=Value(total))
                for period, total in costs.items()
            ],
            default=Value(ZERO),
            output_field=MONEY,
        )
        entries = in_period(PartnerLedgerEntry.objects.all(), "date", filters)
        return (
            entries.annotate(period=self.truncate("date", output_field=DateField()))
            .order_by()
            .values("period")
            .annotate(
                purchases=_sum_of(EntryType.PURCHASE),
                purchase_returns=_sum_of(EntryType.PURCHASE_RETURN, sign=-1),
                sales=_sum_of(EntryType.SALE),
                sales_returns=_sum_of(EntryType.SALES_RETURN, sign=-1),
                net_sales=_sum_of(EntryType.SALE, EntryType.SALES_RETURN),
                refunds_paid=_sum_of(EntryType.CUSTOMER_REFUND),
                refunds_received=_sum_of(EntryType.SUPPLIER_REFUND),
                cost_of_sales=cost,
            )
            .annotate(gross_margin=F("net_sales") - F("cost_of_sales"))
        )


@register
class MonthStatisticsReport(StatisticsMixin, Report):
    slug = "statistics-month"
    title = _("Purchases and sales this month")
    description = _(
        "Day by day this month: purchases, sales, returns both ways, refunds and the gross margin."
    )
    filter_form_class = PeriodFilterForm
    truncate = TruncDay

    @staticmethod
    def period_after(period: date) -> date:
        return period + timedelta(days=1)


@register
class PeriodStatisticsReport(StatisticsMixin, Report):
    slug = "statistics-period"
    title = _("Purchases and sales by period")
    description = _(
        "Month by month over the period: purchases, sales, returns both ways, refunds and margin."
    )
    filter_form_class = PeriodFilterForm
