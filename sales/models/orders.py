"""Sales orders and their lines.

Transition methods only check the status and change fields in memory; ``sales.services`` locks the row,
checks who may act, runs the transition, reserves or posts stock and money and writes the transition log.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from common.fields import MoneyField, QuantityField, UnitCostField
from common.models import Document
from inventory.models import Product, Warehouse
from sales.choices import PaymentMethod, PriceType, SalesOrderStatus
from sales.models.customers import Customer

CENT = Decimal("0.01")
SOS = SalesOrderStatus
HUNDRED = Decimal("100")


def line_amount(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal = Decimal("0")) -> Decimal:
    """Quantity times price less the line discount, rounded to the cent."""
    gross = quantity * unit_price
    return (gross - gross * discount_percent / HUNDRED).quantize(CENT, ROUND_HALF_UP)


class SalesOrder(Document):
    number_prefix = "SO"

    customer = models.ForeignKey(
        Customer, models.PROTECT, related_name="sales_orders", verbose_name=_("customer")
    )
    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    order_date = models.DateField(_("order date"))
    expected_date = models.DateField(_("expected delivery"), null=True, blank=True)
    price_type = models.CharField(
        _("price list"), max_length=10, choices=PriceType.choices, default=PriceType.WHOLESALE
    )
    # A walk-in sale at the retail counter: ordered, shipped and paid in one step.
    is_retail = models.BooleanField(_("retail counter sale"), default=False)
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    status = FSMField(_("status"), default=SOS.DRAFT, choices=SOS.choices, protected=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    # Why the order waits for an approver (over the credit limit, short of stock); empty when it did not.
    approval_note = models.TextField(_("needs approval because"), blank=True)
    total = MoneyField(_("total"))
    # Payment is due this day (first shipment plus the customer's payment terms).
    due_date = models.DateField(_("payment due"), null=True, blank=True)
    # A UUID put into the form when it is rendered: posting the same form twice finds the first order.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_salesorder", _("Can approve or reject sales orders")),
            ("use_retail_counter", _("Can sell and take returns at the retail counter")),
        ]
        indexes = [
            models.Index(fields=["status", "customer"]),
            models.Index(fields=["order_date"]),
        ]

    def get_absolute_url(self):
        return reverse("sales:order-detail", args=[self.pk])

    @property
    def salesperson(self):
        return self.created_by

    @property
    def is_editable(self):
        return self.status == SOS.DRAFT

    @transition(field=status, source=SOS.DRAFT, target=SOS.SUBMITTED, permission="sales.change_salesorder")
    def submit(self, *, approval_note=""):
        self.approval_note = approval_note

    @transition(
        field=status, source=SOS.SUBMITTED, target=SOS.APPROVED, permission="sales.approve_salesorder"
    )
    def approve(self, *, approver, at):
        self.approved_by, self.approved_at = approver, at

    @transition(
        field=status, source=SOS.SUBMITTED, target=SOS.REJECTED, permission="sales.approve_salesorder"
    )
    def reject(self, *, reason):
        self.reject_reason = reason

    @transition(field=status, source=SOS.REJECTED, target=SOS.DRAFT, permission="sales.change_salesorder")
    def reopen(self):
        self.reject_reason = ""
        self.approval_note = ""

    # Every status before the first shipment: shipping always leaves APPROVED.
    @transition(
        field=status,
        source=[SOS.DRAFT, SOS.SUBMITTED, SOS.APPROVED, SOS.REJECTED],
        target=SOS.CANCELLED,
        permission="sales.change_salesorder",
    )
    def cancel(self):
        pass

    @transition(
        field=status,
        source=[SOS.APPROVED, SOS.PARTIALLY_SHIPPED],
        target=RETURN_VALUE(SOS.PARTIALLY_SHIPPED, SOS.SHIPPED),
        permission="sales.ship_delivery",
    )
    def ship(self, *, complete: bool):
        return SOS.SHIPPED if complete else SOS.PARTIALLY_SHIPPED

    # From partially shipped it closes the order short: the rest will not be delivered.
    @transition(
        field=status,
        source=[SOS.SHIPPED, SOS.PARTIALLY_SHIPPED],
        target=SOS.COMPLETED,
        permission="sales.change_salesorder",
    )
    def complete(self):
        pass


class SalesOrderLine(models.Model):
    order = models.ForeignKey(SalesOrder, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    quantity = QuantityField(_("quantity"), validators=[MinValueValidator(0)])
    unit_price = UnitCostField(_("unit price"), validators=[MinValueValidator(0)])
    discount_percent = models.DecimalField(
        _("discount %"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    amount = MoneyField(_("amount"))
    shipped_quantity = QuantityField(_("shipped"))

    class Meta:
        verbose_name = _("sales order line")
        verbose_name_plural = _("sales order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="so_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="so_line_price_not_negative"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100), name="so_line_discount_range"
            ),
            models.CheckConstraint(
                condition=Q(shipped_quantity__gte=0, shipped_quantity__lte=F("quantity")),
                name="so_line_shipped_within_order",
            ),
        ]

    def __str__(self):
        return f"{self.order.number}: {self.product_id} x {self.quantity}"

    @property
    def open_quantity(self) -> Decimal:
        return max(self.quantity - self.shipped_quantity, Decimal("0"))

    @property
    def net_unit_price(self) -> Decimal:
        """The price after the line discount, to four places."""
        return (self.unit_price * (HUNDRED - self.discount_percent) / HUNDRED).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )

    def amount_for(self, quantity: Decimal) -> Decimal:
        """What ``quantity`` of this line is charged; the whole line is charged exactly its amount."""
        if quantity == self.quantity:
            return self.amount
        return line_amount(quantity, self.unit_price, self.discount_percent)
