"""Transfers between warehouses and between locations: draft -> in transit -> received.

Dispatch moves the goods from their source locations into the destination warehouse's transit location
(``Location.is_transit``), so the ledger itself carries the goods in transit with their value; receipt
moves them on into the destination location, and a shortfall is written off from transit with its value.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from common.fields import QuantityField, UnitCostField, ValueField
from common.models import Document
from inventory.choices import TransferStatus
from inventory.models.catalog import Location, Lot, Product, Warehouse


class Transfer(Document):
    number_prefix = "TR"

    source_warehouse = models.ForeignKey(
        Warehouse, models.PROTECT, related_name="+", verbose_name=_("from warehouse")
    )
    destination = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("to location"))
    note = models.TextField(_("note"), blank=True)
    status = FSMField(
        _("status"), default=TransferStatus.DRAFT, choices=TransferStatus.choices, protected=True
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("dispatched by"),
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("received by"),
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at"]
        permissions = [
            ("dispatch_transfer", _("Can dispatch a transfer")),
            ("receive_transfer", _("Can receive a transfer")),
        ]

    def get_absolute_url(self):
        return reverse("inventory:transfer-detail", args=[self.pk])

    @transition(field=status, source=TransferStatus.DRAFT, target=TransferStatus.IN_TRANSIT)
    def dispatch(self, *, user, at):
        self.dispatched_by, self.dispatched_at = user, at

    @transition(field=status, source=TransferStatus.IN_TRANSIT, target=TransferStatus.RECEIVED)
    def receive(self, *, user, at):
        self.received_by, self.received_at = user, at

    @transition(field=status, source=TransferStatus.DRAFT, target=TransferStatus.CANCELLED)
    def cancel(self):
        pass


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    source = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("from location"))
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    quantity = QuantityField(_("quantity"))
    unit_cost = UnitCostField(_("unit cost"), help_text=_("The average cost the goods left with."))
    value = ValueField(_("value"))
    received_quantity = QuantityField(_("received quantity"), null=True, blank=True, default=None)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("transfer line")
        verbose_name_plural = _("transfer lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="transfer_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(received_quantity__isnull=True) | Q(received_quantity__gte=0),
                name="transfer_line_received_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.transfer.number}: {self.product_id} x {self.quantity}"

    @property
    def difference(self):
        """Received less dispatched: negative for a shortfall, positive for a surplus."""
        if self.received_quantity is None:
            return None
        return self.received_quantity - self.quantity
