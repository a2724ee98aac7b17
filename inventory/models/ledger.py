"""The stock ledger: balances, append-only moves and reservations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.fields import QuantityField, UnitCostField, ValueField
from inventory.choices import MoveType
from inventory.models.catalog import Location, Lot, Product


class StockBalance(models.Model):
    """On hand, reserved and value of one product in one location (and lot).

    Changed only by ``inventory.services`` on rows locked through ``stock_balances_lock``.
    """

    product = models.ForeignKey(Product, models.PROTECT, related_name="balances")
    location = models.ForeignKey(Location, models.PROTECT, related_name="balances")
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="balances")
    on_hand = QuantityField(_("on hand"))
    reserved = QuantityField(_("reserved"))
    value = ValueField(_("value"))

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        # The stock reports sum the balances with stock by product (ageing, slow-moving stock, valuation),
        # and the dashboard counts the products below safety stock: read from this index alone, in
        # product order, rather than row by row from the table.
        indexes = [
            models.Index(
                fields=["product"],
                include=["location", "on_hand", "reserved", "value"],
                condition=Q(on_hand__gt=0),
                name="balance_in_stock_by_product",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "location"], condition=Q(lot__isnull=True), name="uniq_balance_no_lot"
            ),
            models.UniqueConstraint(
                fields=["product", "location", "lot"], condition=Q(lot__isnull=False), name="uniq_balance_lot"
            ),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="balance_on_hand_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="balance_reserved_not_negative"),
            models.CheckConstraint(
                condition=Q(on_hand__gte=F("reserved")), name="balance_available_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.product_id}@{self.location_id}: {self.on_hand}"

    def get_absolute_url(self):
        """The stock card of this product in this place (and lot)."""
        query = f"location={self.location_id}" + (f"&lot={self.lot_id}" if self.lot_id else "")
        return f"{reverse('inventory:stock-card', args=[self.product_id])}?{query}"

    @property
    def available(self):
        return self.on_hand - self.reserved

    @available.setter
    def available(self, value):
        """Selectors annotate ``available`` (on hand less reserved, in SQL, to filter and sort on it); the
        annotation is the same figure, so the property simply keeps computing it from the row."""

    @property
    def average_cost(self):
        return self.value / self.on_hand if self.on_hand else 0


class StockMove(models.Model):
    """Append-only ledger line. A mistake is corrected by a reversing move, never by an update."""

    product = models.ForeignKey(Product, models.PROTECT, related_name="moves", verbose_name=_("product"))
    location = models.ForeignKey(Location, models.PROTECT, related_name="moves", verbose_name=_("location"))
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="moves", verbose_name=_("lot")
    )
    quantity = QuantityField(_("quantity"))
    unit_cost = UnitCostField(_("unit cost"))
    value = ValueField(_("value"))
    move_type = models.CharField(_("move type"), max_length=20, choices=MoveType.choices)
    document_type = models.CharField(_("document type"), max_length=60)
    document_id = models.PositiveBigIntegerField()
    document_number = models.CharField(_("document"), max_length=32)
    document_line_id = models.PositiveBigIntegerField(null=True, blank=True)
    reverses = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name=_("reverses")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)  # indexed as move_time
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "document_line_id", "move_type", "location"],
                condition=Q(document_line_id__isnull=False),
                name="uniq_move_posting",
            ),
            models.CheckConstraint(condition=~Q(quantity=0), name="move_quantity_not_zero"),
        ]
        indexes = [
            # The moves by time, carrying what a sum of value by product needs: the stock value at a past
            # day (turnover, valuation, statistics) is summed from this index alone.
            models.Index(fields=["created_at"], include=["product", "value"], name="move_time"),
            models.Index(fields=["product", "location", "created_at"]),
            models.Index(fields=["document_type", "document_id"]),
            # A product's latest shipment and latest arrival, and its arrivals of the last months, read
            # from the index alone (the stock ageing and slow-moving reports).
            models.Index(
                fields=["product", "created_at"],
                include=["quantity", "location"],
                condition=Q(move_type__in=[MoveType.SHIPMENT, MoveType.EXCHANGE_OUT], quantity__lt=0),
                name="move_shipment_product_time",
            ),
            models.Index(
                fields=["product", "created_at"],
                include=["quantity", "location"],
                condition=Q(
                    move_type__in=[
                        MoveType.OPENING,
                        MoveType.RECEIPT,
                        MoveType.CUSTOMER_RETURN,
                        MoveType.COUNT_ADJUSTMENT,
                    ],
                    quantity__gt=0,
                )
                | Q(move_type=MoveType.REVERSAL, quantity__lt=0),
                name="move_arrival_product_time",
            ),
            # Goods dispatched into a location (a warehouse's transit location) by time: stock ageing for
            # one warehouse counts those sent from another warehouse as arrivals.
            models.Index(
                fields=["location", "created_at"],
                include=["product", "quantity", "document_id"],
                condition=Q(move_type=MoveType.TRANSFER_IN, document_type="inventory.transfer"),
                name="move_transfer_in_location_time",
            ),
            # The period's sales and customer returns by time, with their value: the cost of goods sold
            # of inventory turnover reads a year's from the index alone.
            models.Index(
                fields=["created_at"],
                include=["product", "value"],
                condition=Q(
                    move_type__in=[MoveType.SHIPMENT, MoveType.EXCHANGE_OUT, MoveType.CUSTOMER_RETURN]
                ),
                name="move_sold_time",
            ),
        ]

    def __str__(self):
        return f"{self.document_number} {self.product_id} {self.quantity}"


class StockReservation(models.Model):
    """Stock held for a document line; the balance's ``reserved`` is the sum of these rows."""

    product = models.ForeignKey(Product, models.PROTECT, related_name="reservations")
    location = models.ForeignKey(Location, models.PROTECT, related_name="reservations")
    lot = models.ForeignKey(Lot, models.PROTECT, null=True, blank=True, related_name="reservations")
    quantity = QuantityField(_("quantity"))
    document_type = models.CharField(max_length=60)
    document_id = models.PositiveBigIntegerField()
    document_number = models.CharField(_("document"), max_length=32)
    document_line_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stock reservation")
        verbose_name_plural = _("stock reservations")
        indexes = [models.Index(fields=["document_type", "document_id"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="reservation_quantity_positive")
        ]

    def __str__(self):
        return f"{self.document_number}: {self.quantity}"


class StockMonthEnd(models.Model):
    """月结: a month closed, with every product's stock at its end (``StockMonthEndLine``).

    Moves are dated when they are posted, so once a month has ended its closing stock never changes: it is
    summed once (``inventory.services.stock_months_close``, hourly) and the reports of whole months read it
    instead of summing every move of the month again.
    """

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month closed."))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    products = models.PositiveIntegerField(_("products"), default=0, help_text=_("Lines of the month's end."))

    class Meta:
        verbose_name = _("month-end stock")
        verbose_name_plural = _("month-end stock")
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class StockMonthEndLine(models.Model):
    """A product's stock at the end of a closed month: the sum of its moves before the next month."""

    month_end = models.ForeignKey(StockMonthEnd, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+")
    quantity = QuantityField(_("quantity"))
    value = ValueField(_("value"))

    class Meta:
        verbose_name = _("month-end stock line")
        verbose_name_plural = _("month-end stock lines")
        constraints = [
            models.UniqueConstraint(fields=["month_end", "product"], name="uniq_month_end_product")
        ]

    def __str__(self):
        return f"{self.month_end} {self.product_id} {self.quantity}"
