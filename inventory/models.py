from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from common.fields import MoneyField, QuantityField, UnitCostField, ValueField
from common.models import Document
from inventory.choices import MoveType, OpeningStockStatus


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="uniq_category_name",
                violation_error_message=_("A category with this name already exists here."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:category-detail", args=[self.pk])


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=30)
    is_fractional = models.BooleanField(
        _("fractional quantities"), default=False, help_text=_("Sold by weight or length, e.g. kg or m.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:unit-detail", args=[self.pk])


class Product(models.Model):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    barcode = models.CharField(_("barcode"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200)
    specification = models.CharField(_("specification"), max_length=200, blank=True)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="products", verbose_name=_("category")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    purchase_price = MoneyField(_("purchase price"), validators=[MinValueValidator(0)])
    sale_price = MoneyField(_("retail price"), validators=[MinValueValidator(0)])
    wholesale_price = MoneyField(_("wholesale price"), validators=[MinValueValidator(0)])
    safety_stock = QuantityField(_("safety stock"), validators=[MinValueValidator(0)])
    reorder_quantity = QuantityField(_("reorder quantity"), validators=[MinValueValidator(0)])
    is_lot_tracked = models.BooleanField(
        _("lot tracked"), default=False, help_text=_("Each receipt carries a lot number and expiry date.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["barcode"],
                condition=~Q(barcode=""),
                name="uniq_product_barcode",
                violation_error_message=_("Another product already has this barcode."),
            ),
            models.CheckConstraint(
                condition=Q(purchase_price__gte=0, sale_price__gte=0, wholesale_price__gte=0),
                name="product_prices_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.sku} {self.name}"

    def get_absolute_url(self):
        return reverse("inventory:product-detail", args=[self.pk])


class Warehouse(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:warehouse-detail", args=[self.pk])


class Location(models.Model):
    warehouse = models.ForeignKey(
        Warehouse, models.PROTECT, related_name="locations", verbose_name=_("warehouse")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["warehouse__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["warehouse", "code"],
                name="uniq_location_code",
                violation_error_message=_("This warehouse already has a location with this code."),
            )
        ]

    def __str__(self):
        return f"{self.warehouse.code}/{self.code}"

    def get_absolute_url(self):
        return reverse("inventory:location-detail", args=[self.pk])


class Lot(models.Model):
    product = models.ForeignKey(Product, models.PROTECT, related_name="lots", verbose_name=_("product"))
    number = models.CharField(_("lot number"), max_length=40)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["expiry_date", "number"]
        constraints = [models.UniqueConstraint(fields=["product", "number"], name="uniq_lot_number")]

    def __str__(self):
        return self.number


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

    @property
    def available(self):
        return self.on_hand - self.reserved

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
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
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
            models.Index(fields=["product", "location", "created_at"]),
            models.Index(fields=["document_type", "document_id"]),
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

    @transition(field=status, source=OpeningStockStatus.DRAFT, target=OpeningStockStatus.POSTED)
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
