"""退款: what a return request pays back to the customer; the accountant approves and pays it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from common.fields import MoneyField
from common.models import Document
from returns.choices import RefundStatus
from returns.models.request import ReturnRequest
from sales.choices import PaymentMethod
from sales.models import Customer

RF = RefundStatus


class Refund(Document):
    number_prefix = "RF"

    request = models.OneToOneField(
        ReturnRequest, models.PROTECT, related_name="refund", verbose_name=_("return request")
    )
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="+", verbose_name=_("customer"))
    amount = MoneyField(_("amount"))
    status = FSMField(_("status"), default=RF.PENDING, choices=RF.choices, protected=True)
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The status whose overdue reminder was sent (returns.overdue): one reminder per refund and step.
    overdue_notified_for = models.CharField(max_length=12, blank=True, editable=False)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_refund", _("Can approve customer refunds")),
            ("pay_refund", _("Can mark customer refunds paid")),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def get_absolute_url(self):
        return reverse("returns:request-detail", args=[self.request_id])

    @transition(field=status, source=RF.PENDING, target=RF.APPROVED, permission="returns.approve_refund")
    def approve(self, *, approver, at):
        self.approved_by, self.approved_at = approver, at

    @transition(field=status, source=RF.APPROVED, target=RF.PAID, permission="returns.pay_refund")
    def pay(self, *, payer, at, payment_method, reference, on):
        self.paid_by, self.paid_at = payer, at
        self.method, self.reference, self.paid_on = payment_method, reference, on
