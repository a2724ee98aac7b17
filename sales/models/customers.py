from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.choices import PaymentTerms
from common.fields import MoneyField
from sales.choices import CustomerStage, CustomerType, VisitKind


class Customer(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    customer_type = models.CharField(
        _("customer type"), max_length=10, choices=CustomerType.choices, default=CustomerType.WHOLESALE
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=CustomerStage.choices, default=CustomerStage.CUSTOMER
    )
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    credit_limit = MoneyField(_("credit limit"), validators=[MinValueValidator(0)])
    payment_terms = models.CharField(
        _("payment terms"), max_length=10, choices=PaymentTerms.choices, default=PaymentTerms.CASH
    )
    language = models.CharField(
        _("language"), max_length=10, choices=[("zh-hans", "简体中文"), ("en", "English")], default="zh-hans"
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(credit_limit__gte=0), name="customer_credit_not_negative")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sales:customer-detail", args=[self.pk])

    @property
    def is_prospect(self):
        return self.stage == CustomerStage.PROSPECT


class CustomerContact(models.Model):
    customer = models.ForeignKey(Customer, models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("customer contact")
        verbose_name_plural = _("customer contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CustomerVisit(models.Model):
    """拜访记录: a visit, call or message to a customer or prospect, and when to follow up."""

    customer = models.ForeignKey(Customer, models.CASCADE, related_name="visits", verbose_name=_("customer"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices, default=VisitKind.VISIT)
    note = models.TextField(_("note"))
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer visit")
        verbose_name_plural = _("customer visits")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.customer}: {self.date}"
