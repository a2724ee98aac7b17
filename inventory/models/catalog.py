"""Master data of the stock: categories, units, products, warehouses, locations and lots."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.fields import MoneyField, QuantityField


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
    is_transit = models.BooleanField(
        _("in transit"),
        default=False,
        editable=False,
        help_text=_(
            "Holds goods on their way to this warehouse; made by the system, never offered for picking."
        ),
    )

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

    def get_absolute_url(self):
        return reverse("inventory:lot-trace", args=[self.pk])
