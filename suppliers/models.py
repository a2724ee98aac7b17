from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.choices import PaymentTerms
from common.fields import QuantityField, UnitCostField
from inventory.models import Category, Product


class Supplier(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    supply_scope = models.ManyToManyField(
        Category, blank=True, related_name="suppliers", verbose_name=_("supply scope")
    )
    payment_terms = models.CharField(
        _("payment terms"), max_length=10, choices=PaymentTerms.choices, default=PaymentTerms.NET_30
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("suppliers:supplier-detail", args=[self.pk])


class SupplierContact(models.Model):
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("supplier contact")
        verbose_name_plural = _("supplier contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SupplierProduct(models.Model):
    """What a supplier sells us of one product: their code, price, lead time and minimum order.

    Replenishment suggestions order from the product's preferred supplier (one per product).
    """

    supplier = models.ForeignKey(
        Supplier, models.PROTECT, related_name="products", verbose_name=_("supplier")
    )
    product = models.ForeignKey(
        Product, models.PROTECT, related_name="supplier_terms", verbose_name=_("product")
    )
    supplier_sku = models.CharField(_("supplier's item code"), max_length=40, blank=True)
    unit_price = UnitCostField(_("purchase price"), validators=[MinValueValidator(0)])
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("Days from ordering to the goods arriving."),
    )
    minimum_order_quantity = QuantityField(_("minimum order quantity"), validators=[MinValueValidator(0)])
    is_preferred = models.BooleanField(
        _("preferred supplier"),
        default=False,
        help_text=_("Replenishment suggestions order this product from its preferred supplier."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("supplier product")
        verbose_name_plural = _("supplier products")
        ordering = ["product__sku", "supplier__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "product"],
                name="uniq_supplier_product",
                violation_error_message=_("This supplier already has terms for this product."),
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(is_preferred=True),
                name="uniq_preferred_supplier",
                violation_error_message=_("This product already has a preferred supplier."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0, minimum_order_quantity__gte=0),
                name="supplier_product_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.supplier} · {self.product}"

    def get_absolute_url(self):
        return reverse("suppliers:supplier-product-detail", args=[self.pk])
