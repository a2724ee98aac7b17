"""Purchase orders, goods receipts against their lines, and returns to suppliers.

Transition methods only check the status and change fields in memory; ``purchasing.services`` locks the
row, checks who may act, runs the transition, posts stock and money and writes the transition log.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from common.fields import MoneyField, QuantityField, UnitCostField
from common.models import Document
from inventory.models import Location, Lot, Product, Warehouse
from purchasing.choices import PurchaseOrderStatus, PurchaseReturnStatus, SuggestionStatus
from suppliers.models import Supplier

CENT = Decimal("0.01")
POS = PurchaseOrderStatus
PRS = PurchaseReturnStatus


def line_amount(quantity: Decimal, price: Decimal) -> Decimal:
    return (quantity * price).quantize(CENT, ROUND_HALF_UP)


class PurchaseOrder(Document):
    number_prefix = "PO"

    supplier = models.ForeignKey(
        Supplier, models.PROTECT, related_name="purchase_orders", verbose_name=_("supplier")
    )
    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    order_date = models.DateField(_("order date"))
    expected_date = models.DateField(_("expected delivery"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = FSMField(_("status"), default=POS.DRAFT, choices=POS.choices, protected=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    total = MoneyField(_("total"))
    # A UUID put into the form when it is rendered: posting the same form twice finds the first order.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_purchaseorder", _("Can approve or reject purchase orders")),
            ("receive_purchaseorder", _("Can receive goods against purchase orders")),
            ("close_purchaseorder", _("Can close purchase orders")),
        ]
        indexes = [models.Index(fields=["status", "supplier"])]

    def get_absolute_url(self):
        return reverse("purchasing:order-detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == POS.DRAFT

    @transition(
        field=status, source=POS.DRAFT, target=POS.SUBMITTED, permission="purchasing.change_purchaseorder"
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=POS.SUBMITTED,
        target=POS.APPROVED,
        permission="purchasing.approve_purchaseorder",
    )
    def approve(self, *, approver, at):
        self.approved_by, self.approved_at = approver, at

    @transition(
        field=status,
        source=POS.SUBMITTED,
        target=POS.REJECTED,
        permission="purchasing.approve_purchaseorder",
    )
    def reject(self, *, reason):
        self.reject_reason = reason

    @transition(
        field=status, source=POS.REJECTED, target=POS.DRAFT, permission="purchasing.change_purchaseorder"
    )
    def reopen(self):
        self.reject_reason = ""

    # Every status before the first receipt: posting a receipt always leaves APPROVED.
    @transition(
        field=status,
        source=[POS.DRAFT, POS.SUBMITTED, POS.APPROVED, POS.REJECTED],
        target=POS.CANCELLED,
        permission="purchasing.change_purchaseorder",
    )
    def cancel(self):
        pass

    @transition(
        field=status,
        source=[POS.APPROVED, POS.PARTIALLY_RECEIVED],
        target=RETURN_VALUE(POS.PARTIALLY_RECEIVED, POS.RECEIVED),
        permission="purchasing.receive_purchaseorder",
    )
    def receive(self, *, complete: bool):
        return POS.RECEIVED if complete else POS.PARTIALLY_RECEIVED

    @transition(
        field=status,
        source=[POS.PARTIALLY_RECEIVED, POS.RECEIVED],
        target=POS.CLOSED,
        permission="purchasing.close_purchaseorder",
    )
    def close(self):
        pass


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    quantity = QuantityField(_("quantity"), validators=[MinValueValidator(0)])
    unit_price = UnitCostField(_("unit price"), validators=[MinValueValidator(0)])
    amount = MoneyField(_("amount"))
    expected_date = models.DateField(_("expected delivery"), null=True, blank=True)
    # Totals over the posted receipts: what arrived, what was accepted into stock, what was refused.
    received_quantity = QuantityField(_("arrived"))
    accepted_quantity = QuantityField(_("accepted"))
    rejected_quantity = QuantityField(_("rejected"))

    class Meta:
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="po_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="po_line_price_not_negative"),
            models.CheckConstraint(
                condition=Q(accepted_quantity__gte=0, rejected_quantity__gte=0),
                name="po_line_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(received_quantity=F("accepted_quantity") + F("rejected_quantity")),
                name="po_line_received_adds_up",
            ),
        ]

    def __str__(self):
        return f"{self.order.number}: {self.product_id} x {self.quantity}"

    @property
    def open_quantity(self) -> Decimal:
        return max(self.quantity - self.accepted_quantity, Decimal("0"))

    @property
    def difference(self) -> Decimal:
        """Accepted less ordered: below zero still missing, above zero received beyond the order."""
        return self.accepted_quantity - self.quantity


class GoodsReceipt(Document):
    """进货入库: what arrived against an approved order. Written and posted in one transaction, so it has
    no draft state; a mistake is corrected by a return to the supplier."""

    number_prefix = "GR"

    order = models.ForeignKey(
        PurchaseOrder, models.PROTECT, related_name="receipts", verbose_name=_("purchase order")
    )
    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="+", verbose_name=_("supplier"))
    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    date = models.DateField(_("receipt date"))
    note = models.TextField(_("note"), blank=True)
    total = MoneyField(_("total"))
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")
        ordering = ["-created_at", "-id"]

    def get_absolute_url(self):
        return reverse("purchasing:receipt-detail", args=[self.pk])


class GoodsReceiptLine(models.Model):
    receipt = models.ForeignKey(GoodsReceipt, models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        PurchaseOrderLine, models.PROTECT, related_name="receipt_lines", verbose_name=_("order line")
    )
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("location"))
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    arrived_quantity = QuantityField(_("arrived"))
    accepted_quantity = QuantityField(_("accepted"))
    rejected_quantity = QuantityField(_("rejected"))
    quality_note = models.CharField(_("quality note"), max_length=200, blank=True)
    unit_price = UnitCostField(_("unit price"))
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("goods receipt line")
        verbose_name_plural = _("goods receipt lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(arrived_quantity__gt=0), name="gr_line_arrived_positive"),
            models.CheckConstraint(
                condition=Q(accepted_quantity__gte=0, rejected_quantity__gte=0), name="gr_line_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(arrived_quantity=F("accepted_quantity") + F("rejected_quantity")),
                name="gr_line_arrived_adds_up",
            ),
        ]

    def __str__(self):
        return f"{self.receipt.number}: {self.product_id} x {self.accepted_quantity}"


class PurchaseReturn(Document):
    """采购退货: goods sent back to a supplier, from stock (or, later, from a customer return)."""

    number_prefix = "RS"

    supplier = models.ForeignKey(
        Supplier, models.PROTECT, related_name="purchase_returns", verbose_name=_("supplier")
    )
    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    note = models.TextField(_("note"), blank=True)
    status = FSMField(_("status"), default=PRS.DRAFT, choices=PRS.choices, protected=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    total = MoneyField(_("credit"))  # the cost the goods carried when they left; known once shipped
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("purchase return")
        verbose_name_plural = _("purchase returns")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_purchasereturn", _("Can approve or reject purchase returns")),
            ("ship_purchasereturn", _("Can ship purchase returns")),
        ]

    def get_absolute_url(self):
        return reverse("purchasing:return-detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == PRS.DRAFT

    @transition(
        field=status, source=PRS.DRAFT, target=PRS.SUBMITTED, permission="purchasing.change_purchasereturn"
    )
    def submit(self):
        pass

    @transition(
        field=status,
        source=PRS.SUBMITTED,
        target=PRS.APPROVED,
        permission="purchasing.approve_purchasereturn",
    )
    def approve(self, *, approver, at):
        self.approved_by, self.approved_at = approver, at

    @transition(
        field=status,
        source=PRS.SUBMITTED,
        target=PRS.REJECTED,
        permission="purchasing.approve_purchasereturn",
    )
    def reject(self, *, reason):
        self.reject_reason = reason

    @transition(
        field=status, source=PRS.REJECTED, target=PRS.DRAFT, permission="purchasing.change_purchasereturn"
    )
    def reopen(self):
        self.reject_reason = ""

    @transition(
        field=status,
        source=[PRS.DRAFT, PRS.SUBMITTED, PRS.APPROVED, PRS.REJECTED],
        target=PRS.CANCELLED,
        permission="purchasing.change_purchasereturn",
    )
    def cancel(self):
        pass

    @transition(
        field=status, source=PRS.APPROVED, target=PRS.SHIPPED, permission="purchasing.ship_purchasereturn"
    )
    def ship(self, *, at):
        self.shipped_at = at


class PurchaseReturnLine(models.Model):
    document = models.ForeignKey(PurchaseReturn, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("location"))
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    quantity = QuantityField(_("quantity"), validators=[MinValueValidator(0)])
    unit_cost = UnitCostField(_("unit cost"))  # filled when shipped: the cost the goods left at
    amount = MoneyField(_("amount"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    # Seam for the returns issue: a line may come from a customer return line dispositioned "return to
    # supplier". Generic, so purchasing does not import returns (returns depends on purchasing).
    source_document_type = models.CharField(max_length=60, blank=True)
    source_document_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_document_number = models.CharField(_("source document"), max_length=32, blank=True)
    source_line_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("purchase return line")
        verbose_name_plural = _("purchase return lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="pr_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.document.number}: {self.product_id} x {self.quantity}"


class ReplenishmentRun(models.Model):
    """One computation of replenishment suggestions (nightly, or asked for by a user)."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    window_days = models.PositiveSmallIntegerField(_("demand window (days)"))
    cover_days = models.PositiveSmallIntegerField(_("days of cover"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    products_checked = models.PositiveIntegerField(_("products checked"), default=0)
    suggestion_count = models.PositiveIntegerField(_("suggestions"), default=0)

    class Meta:
        verbose_name = _("replenishment run")
        verbose_name_plural = _("replenishment runs")
        ordering = ["-started_at", "-id"]
        permissions = [("compute_replenishment", _("Can recompute replenishment suggestions"))]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class ReplenishmentSuggestion(models.Model):
    """What to order of one product, with every figure of the formula kept so the page can show why."""

    run = models.ForeignKey(ReplenishmentRun, models.CASCADE, related_name="suggestions")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    supplier = models.ForeignKey(
        Supplier, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("supplier")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    demand_in_window = QuantityField(_("net sales in window"))
    average_daily_demand = models.DecimalField(_("average daily demand"), max_digits=14, decimal_places=4)
    trend_per_day = models.DecimalField(_("trend per day"), max_digits=14, decimal_places=4)
    forecast_daily_demand = models.DecimalField(_("forecast daily demand"), max_digits=14, decimal_places=4)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"))
    safety_stock = QuantityField(_("safety stock"))
    available = QuantityField(_("available"))
    on_order = QuantityField(_("on order"))
    reorder_point = QuantityField(_("reorder point"))
    order_up_to = QuantityField(_("order-up-to level"))
    minimum_order_quantity = QuantityField(_("minimum order quantity"))
    quantity = QuantityField(_("suggested quantity"))
    unit_price = UnitCostField(_("unit price"))
    purchase_order = models.ForeignKey(
        PurchaseOrder,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("purchase order"),
    )

    class Meta:
        verbose_name = _("replenishment suggestion")
        verbose_name_plural = _("replenishment suggestions")
        ordering = ["supplier__name", "product__sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=Q(status="open"), name="uniq_open_suggestion"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="suggestion_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.product_id}: {self.quantity}"

    @property
    def position(self):
        return self.available + self.on_order

    @property
    def amount(self):
        return line_amount(self.quantity, self.unit_price)
