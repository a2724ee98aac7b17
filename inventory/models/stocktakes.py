"""Stocktaking (盘点): a snapshot of expected quantities, counted quantities, variance, adjustments.

Starting a count records the expected quantity of every balance in scope and the last ledger move id at
that moment; moves posted afterwards are added to the expected figure when the variance is worked out,
so counting during business hours does not produce false variances.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from common.fields import QuantityField, UnitCostField
from common.models import Document
from inventory.choices import StocktakeStatus
from inventory.models.catalog import Category, Location, Lot, Product, Warehouse


class Stocktake(Document):
    number_prefix = "ST"

    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    location = models.ForeignKey(
        Location,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
        help_text=_("Leave empty to count the whole warehouse."),
    )
    category = models.ForeignKey(
        Category,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
        help_text=_("Leave empty to count every category."),
    )
    blind = models.BooleanField(
        _("blind count"), default=False, help_text=_("Counters do not see the expected quantity.")
    )
    note = models.TextField(_("note"), blank=True)
    status = FSMField(
        _("status"), default=StocktakeStatus.DRAFT, choices=StocktakeStatus.choices, protected=True
    )
    snapshot_at = models.DateTimeField(_("snapshot taken at"), null=True, blank=True)
    snapshot_move_id = models.PositiveBigIntegerField(_("last move in the snapshot"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-created_at"]
        permissions = [
            ("count_stocktake", _("Can enter counted quantities")),
            ("approve_stocktake", _("Can approve a stocktake and post its adjustments")),
        ]

    def get_absolute_url(self):
        return reverse("inventory:stocktake-detail", args=[self.pk])

    @transition(field=status, source=StocktakeStatus.DRAFT, target=StocktakeStatus.COUNTING)
    def start(self, *, at, last_move_id):
        self.snapshot_at, self.snapshot_move_id = at, last_move_id

    @transition(field=status, source=StocktakeStatus.COUNTING, target=StocktakeStatus.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=StocktakeStatus.SUBMITTED, target=StocktakeStatus.COUNTING)
    def reject(self):
        """Back to counting, with the reason in the transition log."""

    @transition(
        field=status,
        source=StocktakeStatus.SUBMITTED,
        target=StocktakeStatus.POSTED,
        permission="inventory.approve_stocktake",
    )
    def approve(self, *, user, at):
        self.approved_by, self.approved_at, self.posted_at = user, at, at

    @transition(
        field=status,
        source=[StocktakeStatus.DRAFT, StocktakeStatus.COUNTING, StocktakeStatus.SUBMITTED],
        target=StocktakeStatus.CANCELLED,
    )
    def cancel(self):
        pass


class StocktakeLine(models.Model):
    stocktake = models.ForeignKey(Stocktake, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="+", verbose_name=_("location"))
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    expected_quantity = QuantityField(_("expected at snapshot"))
    counted_quantity = QuantityField(_("counted quantity"), null=True, blank=True, default=None)
    # Filled when the stocktake is posted: what the variance was worked out from and what was posted.
    moves_after_snapshot = QuantityField(_("moves after snapshot"), null=True, blank=True, default=None)
    variance_quantity = QuantityField(_("variance"), null=True, blank=True, default=None)
    unit_cost = UnitCostField(_("unit cost"), null=True, blank=True, default=None)
    added_during_count = models.BooleanField(_("added during the count"), default=False)

    class Meta:
        verbose_name = _("stocktake line")
        verbose_name_plural = _("stocktake lines")
        ordering = ["location__code", "product__sku", "lot__number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stocktake", "product", "location"],
                condition=Q(lot__isnull=True),
                name="uniq_stocktake_line_no_lot",
            ),
            models.UniqueConstraint(
                fields=["stocktake", "product", "location", "lot"],
                condition=Q(lot__isnull=False),
                name="uniq_stocktake_line_lot",
            ),
            models.CheckConstraint(
                condition=Q(counted_quantity__isnull=True) | Q(counted_quantity__gte=0),
                name="stocktake_counted_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.stocktake.number}: {self.product_id}@{self.location_id}"
