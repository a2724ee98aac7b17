"""出库单: deliveries against approved sales orders, payments collected (回款) and counter returns."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from common.fields import MoneyField, QuantityField, UnitCostField
from common.models import Document
from inventory.models import Location, Lot, Product, Warehouse
from sales.choices import DeliveryStatus, PaymentMethod
from sales.models.customers import Customer
from sales.models.orders import SalesOrder, SalesOrderLine

DS = DeliveryStatus


class Delivery(Document):
    number_prefix = "DN"

    order = models.ForeignKey(
        SalesOrder, models.PROTECT, related_name="deliveries", verbose_name=_("sales order")
    )
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="+", verbose_name=_("customer"))
    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    date = models.DateField(_("delivery date"))
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = FSMField(_("status"), default=DS.DRAFT, choices=DS.choices, protected=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("shipped by"),
    )
    total = MoneyField(_("amount"))  # what the customer is charged for it: the receivable
    cost_total = MoneyField(_("cost"))  # the cost the goods left at, known once shipped
    # The lines' sums, shipped and returned, kept with the delivery so that sales reports by customer,
    # salesperson or month sum one row per delivery rather than every line (``delivery_returns_total``).
    quantity_total = QuantityField(_("quantity"))
    returned_quantity = QuantityField(_("returned"))
    returned_total = MoneyField(_("returned amount"))
    returned_cost_total = MoneyField(_("returned cost"))

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        permissions = [("ship_delivery", _("Can ship deliveries"))]
        indexes = [models.Index(fields=["status", "date"])]

    def get_absolute_url(self):
        return reverse("sales:delivery-detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == DS.DRAFT

    @transition(field=status, source=DS.DRAFT, target=DS.SHIPPED, permission="sales.ship_delivery")
    def ship(self, *, shipper, at):
        self.shipped_by, self.shipped_at = shipper, at

    @transition(field=status, source=DS.DRAFT, target=DS.CANCELLED, permission="sales.change_delivery")
    def cancel(self):
        pass


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        SalesOrderLine, models.PROTECT, related_name="delivery_lines", verbose_name=_("order line")
    )
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("location"))
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    quantity = QuantityField(_("quantity"))
    amount = MoneyField(_("amount"))  # the sales amount of this quantity, discount included
    unit_cost = UnitCostField(_("unit cost"))  # filled when shipped: the cost the move carried
    cost_amount = MoneyField(_("cost"))
    returned_quantity = QuantityField(_("returned"))
    # What counter returns and accepted customer returns gave back of this line (the refund and the cost
    # the goods came back at), so sales figures net of returns add up on one row.
    returned_amount = MoneyField(_("returned amount"))
    returned_cost = MoneyField(_("returned cost"))

    class Meta:
        verbose_name = _("delivery line")
        verbose_name_plural = _("delivery lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="dn_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(returned_quantity__gte=0, returned_quantity__lte=F("quantity")),
                name="dn_line_returned_within_shipped",
            ),
        ]

    def __str__(self):
        return f"{self.delivery.number}: {self.product_id} x {self.quantity}"


class SalesPayment(Document):
    """回款: money received from a customer against a sales order."""

    number_prefix = "RC"

    order = models.ForeignKey(
        SalesOrder, models.PROTECT, related_name="payments", verbose_name=_("sales order")
    )
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="+", verbose_name=_("customer"))
    date = models.DateField(_("date"))
    amount = MoneyField(_("amount"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment received")
        verbose_name_plural = _("payments received")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="sales_payment_positive")]

    def get_absolute_url(self):
        return self.order.get_absolute_url()


class RetailReturn(Document):
    """零售退货: goods of a counter sale brought back to the counter, with the refund paid at once."""

    number_prefix = "RR"

    order = models.ForeignKey(
        SalesOrder, models.PROTECT, related_name="retail_returns", verbose_name=_("sales order")
    )
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="+", verbose_name=_("customer"))
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    refund_method = models.CharField(_("refund method"), max_length=10, choices=PaymentMethod.choices)
    total = MoneyField(_("refund"))
    cost_total = MoneyField(_("cost"))

    class Meta:
        verbose_name = _("retail return")
        verbose_name_plural = _("retail returns")
        ordering = ["-created_at", "-id"]

    def get_absolute_url(self):
        return reverse("sales:retail-return-detail", args=[self.pk])


class RetailReturnLine(models.Model):
    document = models.ForeignKey(RetailReturn, models.CASCADE, related_name="lines")
    delivery_line = models.ForeignKey(
        DeliveryLine, models.PROTECT, related_name="return_lines", verbose_name=_("delivery line")
    )
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("location"))
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    quantity = QuantityField(_("quantity"))
    amount = MoneyField(_("refund"))
    unit_cost = UnitCostField(_("unit cost"))  # the cost the goods were shipped at
    cost_amount = MoneyField(_("cost"))

    class Meta:
        verbose_name = _("retail return line")
        verbose_name_plural = _("retail return lines")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="rr_line_quantity_positive")]

    def __str__(self):
        return f"{self.document.number}: {self.product_id} x {self.quantity}"
