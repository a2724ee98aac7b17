"""Low-stock alerts (库存预警) and safety stock per warehouse."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.fields import QuantityField
from inventory.choices import AlertStatus
from inventory.models.catalog import Product, Warehouse


class WarehouseSafetyStock(models.Model):
    """Safety stock of a product in one warehouse; the product's own safety stock is company-wide."""

    product = models.ForeignKey(
        Product, models.CASCADE, related_name="warehouse_safety_stock", verbose_name=_("product")
    )
    warehouse = models.ForeignKey(Warehouse, models.CASCADE, related_name="+", verbose_name=_("warehouse"))
    quantity = QuantityField(_("safety stock"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("safety stock per warehouse")
        verbose_name_plural = _("safety stock per warehouse")
        constraints = [
            models.UniqueConstraint(fields=["product", "warehouse"], name="uniq_warehouse_safety_stock"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="warehouse_safety_not_negative"),
        ]

    def __str__(self):
        return f"{self.product} @ {self.warehouse}: {self.quantity}"

    def get_absolute_url(self):
        return reverse("inventory:safety-stock-edit", args=[self.pk])


class LowStockAlert(models.Model):
    """Open while a product's available stock is below its safety stock; one non-closed row per place.

    ``warehouse`` empty means the company-wide safety stock of the product (all warehouses together).
    """

    product = models.ForeignKey(
        Product, models.CASCADE, related_name="low_stock_alerts", verbose_name=_("product")
    )
    warehouse = models.ForeignKey(
        Warehouse, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("warehouse")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"))
    available_at_open = QuantityField(_("available when opened"))
    safety_stock = QuantityField(_("safety stock"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("low-stock alert")
        verbose_name_plural = _("low-stock alerts")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "warehouse"],
                condition=~Q(status="closed") & Q(warehouse__isnull=False),
                name="uniq_open_alert_per_warehouse",
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=~Q(status="closed") & Q(warehouse__isnull=True),
                name="uniq_open_alert_company",
            ),
        ]
        indexes = [models.Index(fields=["status", "opened_at"])]

    def __str__(self):
        return f"{self.product_id}@{self.warehouse_id or '*'}: {self.status}"
