"""What the administrator keeps: reasons (with their restocking fee), the policy, products not returnable."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from common.fields import MoneyField
from inventory.models import Product

# The reasons a new installation starts with (``returns/migrations/0002_default_reasons``). They are stored
# in English and shown in the reader's language; a reason the administrator adds or renames shows as named.
DEFAULT_REASON_NAMES = frozenset(
    [
        gettext_noop("Quality defect"),
        gettext_noop("Wrong item sent"),
        gettext_noop("Damaged in transit"),
        gettext_noop("Not as described"),
        gettext_noop("Changed mind"),
        gettext_noop("Other"),
    ]
)


def reason_label(name: str) -> str:
    """A reason's name as the reader sees it (``DEFAULT_REASON_NAMES``)."""
    return gettext(name) if name in DEFAULT_REASON_NAMES else name


class ReturnReason(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    restocking_fee_percent = models.DecimalField(
        _("restocking fee %"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(restocking_fee_percent__gte=0, restocking_fee_percent__lte=100),
                name="return_reason_fee_range",
            )
        ]

    def __str__(self):
        return reason_label(self.name)


class ReturnPolicy(models.Model):
    """One row (pk 1), kept in the admin; until it is saved ``ReturnPolicy.current()`` gives the defaults."""

    window_days = models.PositiveIntegerField(_("return window (days)"), default=30)
    # Time limits of the steps of a return (whole days; 0 or blank: no limit, no reminder). A request or
    # refund that stays in a step longer is overdue: highlighted on the list and, once per step, the staff
    # who can act on it are told (returns.overdue).
    submitted_limit_days = models.PositiveSmallIntegerField(
        _("submitted → decided (days)"), null=True, blank=True, default=1
    )
    approved_limit_days = models.PositiveSmallIntegerField(
        _("approved → goods received (days)"), null=True, blank=True, default=14
    )
    received_limit_days = models.PositiveSmallIntegerField(
        _("received → inspected (days)"), null=True, blank=True, default=2
    )
    inspected_limit_days = models.PositiveSmallIntegerField(
        _("inspected → completed (days)"), null=True, blank=True, default=3
    )
    refund_pending_limit_days = models.PositiveSmallIntegerField(
        _("refund pending → approved (days)"), null=True, blank=True, default=2
    )
    refund_approved_limit_days = models.PositiveSmallIntegerField(
        _("refund approved → paid (days)"), null=True, blank=True, default=2
    )
    auto_approve_limit = MoneyField(
        _("approve automatically up to"),
        help_text=_("Requests within the policy up to this amount need no approver; 0: every request does."),
    )
    large_amount_limit = MoneyField(
        _("large return from"),
        help_text=_("Above this amount only users allowed to approve large returns decide; 0: no limit."),
    )

    class Meta:
        verbose_name = _("return policy")
        verbose_name_plural = _("return policy")

    def __str__(self):
        return str(_("Return policy"))

    @classmethod
    def current(cls) -> "ReturnPolicy":
        """The saved policy, or the defaults while the administrator has saved none (reading writes
        nothing, so a GET never changes the database)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def has_large_limit(self) -> bool:
        return self.large_amount_limit > Decimal("0")


class ProductReturnPolicy(models.Model):
    """A product marked not returnable (a request for it is flagged to the approver, not refused)."""

    product = models.OneToOneField(
        Product, models.CASCADE, related_name="return_policy", verbose_name=_("product")
    )
    returnable = models.BooleanField(_("returnable"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("product return rule")
        verbose_name_plural = _("product return rules")

    def __str__(self):
        return f"{self.product}: {'returnable' if self.returnable else 'not returnable'}"
