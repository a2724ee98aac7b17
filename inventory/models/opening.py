"""Opening stock: what a company holds on the day it starts using the system."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from common.fields import QuantityField, UnitCostField
from common.models import Document
from inventory.choices import OpeningStockStatus
from inventory.models.catalog import Location, Product, Warehouse


class OpeningStock(Document):
    """What a new company holds on the day it starts using the system."""

    number_prefix = "OS"

    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    status = FSMField(
        _("status"), default=OpeningStockStatus.DRAFT, choices=OpeningStockStatus.choices, protected=True
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opening stock")
        verbose_name_plural = _("opening stock")
        ordering = ["-created_at"]
        permissions = [("post_openingstock", _("Can post opening stock"))]

    def get_absolute_url(self):
        return reverse("inventory:opening-detail", args=[self.pk])

    @transition(
        field=status,
        source=OpeningStockStatus.DRAFT,
        target=OpeningStockStatus.POSTED,
        permission="inventory.post_openingstock",
    )
    def post(self, *, at):
        self.posted_at = at

    @transition(field=status, source=OpeningStockStatus.DRAFT, target=OpeningStockStatus.CANCELLED)
    def cancel(self):
        pass


class OpeningStockLine(models.Model):
    document = models.ForeignKey(OpeningStock, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("location"))
    lot_number = models.CharField(_("lot number"), max_length=40, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    quantity = QuantityField(_("quantity"), validators=[MinValueValidator(0)])
    unit_cost = UnitCostField(_("unit cost"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("opening stock line")
        verbose_name_plural = _("opening stock lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="opening_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="opening_line_cost_not_negative"),
        ]

    def __str__(self):
        return f"{self.document.number}: {self.product_id} x {self.quantity}"

    @property
    def amount(self):
        return self.quantity * self.unit_cost
