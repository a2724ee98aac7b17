"""退货申请 (RMA): the request, its lines (with inspection and disposition), photos, replacement lines and
the events of its timeline.

Transition methods only check the status and change fields in memory; ``returns.services`` locks the
row, checks who may act, runs the transition, posts stock and money and writes the transition log.
"""

import secrets
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from common.fields import MoneyField, QuantityField, UnitCostField
from common.models import Document
from inventory.models import Location, Lot, Product, Warehouse
from purchasing.models import PurchaseReturn
from returns.choices import (
    BackorderChoice,
    Condition,
    Disposition,
    EventKind,
    ReplacementStatus,
    RequestSource,
    ReturnKind,
    ReturnStatus,
)
from returns.models.policy import ReturnReason
from sales.models import Customer, Delivery, DeliveryLine, SalesOrder, SalesOrderLine

RS = ReturnStatus
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def public_token_new() -> str:
    """About 190 bits from the OS random source: the key of the customer's progress page."""
    return secrets.token_urlsafe(24)


def photo_path(instance, filename) -> str:
    """A random name: the customer's file name never reaches the disk or a URL."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{suffix}" if suffix in {"jpg", "jpeg", "png", "webp", "gif"} else ""
    return f"returns/photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ReturnRequest(Document):
    number_prefix = "RMA"

    customer = models.ForeignKey(
        Customer, models.PROTECT, related_name="return_requests", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReturnKind.choices, default=ReturnKind.RETURN)
    source = models.CharField(
        _("source"), max_length=20, choices=RequestSource.choices, default=RequestSource.STAFF
    )
    # The order the request was started from (the order page's "return" action); lines may still come
    # from other orders of the customer when it was started from the customer.
    order = models.ForeignKey(
        SalesOrder,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="return_requests",
        verbose_name=_("sales order"),
    )
    without_origin = models.BooleanField(_("return order without origin"), default=False)
    warehouse = models.ForeignKey(Warehouse, models.PROTECT, related_name="+", verbose_name=_("warehouse"))
    # The customer's contact used for this request (messages go there).
    contact_name = models.CharField(_("contact"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    public_token = models.CharField(max_length=64, unique=True, default=public_token_new, editable=False)
    note = models.TextField(_("note"), blank=True)
    status = FSMField(_("status"), default=RS.DRAFT, choices=RS.choices, protected=True)
    status_changed_at = models.DateTimeField(_("in this status since"), default=timezone.now)
    # Why the request falls outside the return policy; shown to the approver, never silently accepted.
    policy_flags = models.TextField(_("outside the return policy"), blank=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    # The status whose overdue reminder was sent (returns.overdue): one reminder per request and step.
    overdue_notified_for = models.CharField(max_length=12, blank=True, editable=False)
    amount = MoneyField(_("estimated refund"))  # requested quantities at the charged price, less fees
    credit = MoneyField(_("credit"))  # what inspection accepted, posted to the customer's account
    # The return shipment from the customer.
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    inspected_at = models.DateTimeField(_("inspected at"), null=True, blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Exchange (换货).
    backorder_choice = models.CharField(
        _("when the replacement is out of stock"),
        max_length=10,
        choices=BackorderChoice.choices,
        default=BackorderChoice.WAIT,
    )
    replacement_status = models.CharField(
        _("replacement"), max_length=12, choices=ReplacementStatus.choices, blank=True, default=""
    )
    replacement_total = MoneyField(_("replacement amount"))
    replacement_delivery = models.ForeignKey(
        Delivery,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replacement delivery"),
    )

    class Meta:
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_returnrequest", _("Can approve or reject return requests")),
            ("approve_large_returnrequest", _("Can approve return requests above the large amount")),
            ("receive_returnrequest", _("Can receive, inspect and disposition returned goods")),
            ("create_without_origin", _("Can create return orders without an origin order")),
            ("ship_replacement", _("Can ship exchange replacements")),
        ]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            models.Index(fields=["customer", "status"]),
        ]

    def get_absolute_url(self):
        return reverse("returns:request-detail", args=[self.pk])

    def get_progress_url(self):
        return reverse("returns:progress", args=[self.public_token])

    @property
    def is_exchange(self) -> bool:
        return self.kind == ReturnKind.EXCHANGE

    @property
    def exchange_difference(self):
        """For an inspected exchange: above zero what the customer owes for a dearer replacement, below
        zero what is refunded for a cheaper one."""
        if not self.is_exchange or self.inspected_at is None or self.replacement_status == "refunded":
            return None
        return self.replacement_total - self.credit

    @property
    def is_outside_policy(self) -> bool:
        return bool(self.policy_flags)

    def _moved(self):
        self.status_changed_at = timezone.now()

    @transition(field=status, source=RS.DRAFT, target=RS.SUBMITTED, permission="returns.change_returnrequest")
    def submit(self):
        self._moved()

    @transition(
        field=status, source=RS.SUBMITTED, target=RS.APPROVED, permission="returns.approve_returnrequest"
    )
    def approve(self, *, approver, at):
        self.approved_by, self.approved_at = approver, at
        self._moved()

    @transition(
        field=status, source=RS.SUBMITTED, target=RS.REJECTED, permission="returns.approve_returnrequest"
    )
    def reject(self, *, reason):
        self.reject_reason = reason
        self._moved()

    @transition(
        field=status, source=RS.APPROVED, target=RS.RECEIVED, permission="returns.receive_returnrequest"
    )
    def receive(self, *, receiver, at):
        self.received_by, self.received_at = receiver, at
        self._moved()

    @transition(
        field=status, source=RS.RECEIVED, target=RS.INSPECTED, permission="returns.receive_returnrequest"
    )
    def inspect(self, *, inspector, at):
        self.inspected_by, self.inspected_at = inspector, at
        self._moved()

    @transition(field=status, source=RS.INSPECTED, target=RS.COMPLETED)
    def complete(self):
        self._moved()

    @transition(
        field=status,
        source=[RS.DRAFT, RS.SUBMITTED, RS.APPROVED],
        target=RS.CANCELLED,
        permission="returns.change_returnrequest",
    )
    def cancel(self):
        self._moved()


class ReturnLine(models.Model):
    request = models.ForeignKey(ReturnRequest, models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    # The delivery line the goods were shipped on; empty on a return order without origin.
    delivery_line = models.ForeignKey(
        DeliveryLine,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="customer_return_lines",
        verbose_name=_("delivery line"),
    )
    lot = models.ForeignKey(
        Lot, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lot")
    )
    quantity = QuantityField(_("quantity"))
    unit_price = UnitCostField(_("price charged"))  # the order line's net unit price (after discount)
    unit_cost = UnitCostField(_("unit cost"))  # the cost the goods were shipped at
    reason = models.ForeignKey(ReturnReason, models.PROTECT, related_name="+", verbose_name=_("reason"))
    restocking_fee_percent = models.DecimalField(
        _("restocking fee %"), max_digits=5, decimal_places=2, default=0
    )  # copied from the reason when the line is made
    note = models.CharField(_("note"), max_length=300, blank=True)
    policy_flag = models.CharField(_("outside the policy"), max_length=200, blank=True)
    # Receipt and inspection.
    received_quantity = QuantityField(_("received"))
    accepted_quantity = QuantityField(_("accepted"))
    condition = models.CharField(_("grade"), max_length=12, choices=Condition.choices, blank=True)
    inspection_note = models.CharField(_("inspection note"), max_length=300, blank=True)
    deduction = MoneyField(_("deduction for damage"))  # 折旧/损耗 the inspector takes off the refund
    # Disposition.
    disposition = models.CharField(_("disposition"), max_length=10, choices=Disposition.choices, blank=True)
    location = models.ForeignKey(
        Location, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("location")
    )
    loss_amount = MoneyField(_("loss"))  # scrapped goods at the cost they were shipped at
    purchase_return = models.ForeignKey(
        PurchaseReturn,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("purchase return"),
    )
    refund_amount = MoneyField(_("refund"))

    class Meta:
        verbose_name = _("return line")
        verbose_name_plural = _("return lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="rma_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(received_quantity__gte=0, accepted_quantity__gte=0)
                & Q(accepted_quantity__lte=F("received_quantity")),
                name="rma_line_accepted_within_received",
            ),
            models.CheckConstraint(condition=Q(deduction__gte=0), name="rma_line_deduction_not_negative"),
        ]

    def __str__(self):
        return f"{self.request.number}: {self.product_id} x {self.quantity}"

    @property
    def order_line(self) -> SalesOrderLine | None:
        return self.delivery_line.order_line if self.delivery_line_id else None

    def gross_for(self, quantity: Decimal) -> Decimal:
        return (quantity * self.unit_price).quantize(CENT, ROUND_HALF_UP)

    def fee_for(self, quantity: Decimal) -> Decimal:
        return (self.gross_for(quantity) * self.restocking_fee_percent / HUNDRED).quantize(
            CENT, ROUND_HALF_UP
        )

    @property
    def requested_amount(self) -> Decimal:
        return self.gross_for(self.quantity) - self.fee_for(self.quantity)

    @property
    def received_difference(self) -> Decimal:
        return self.received_quantity - self.quantity

    @property
    def rejected_quantity(self) -> Decimal:
        return self.received_quantity - self.accepted_quantity


class ReturnPhoto(models.Model):
    line = models.ForeignKey(ReturnLine, models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")
        ordering = ["id"]

    def __str__(self):
        return f"{self.line_id}: {self.pk}"

    def get_absolute_url(self):
        return reverse("returns:photo", args=[self.pk])


class ReplacementLine(models.Model):
    """换货: what the customer gets instead (the same or another product), at the price charged for it."""

    request = models.ForeignKey(ReturnRequest, models.CASCADE, related_name="replacements")
    product = models.ForeignKey(Product, models.PROTECT, related_name="+", verbose_name=_("product"))
    quantity = QuantityField(_("quantity"))
    unit_price = UnitCostField(_("unit price"))
    amount = MoneyField(_("amount"))

    class Meta:
        verbose_name = _("replacement line")
        verbose_name_plural = _("replacement lines")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="rma_replacement_positive")]

    def __str__(self):
        return f"{self.request.number}: {self.product_id} x {self.quantity}"


class ReturnEvent(models.Model):
    """One row of the request's timeline besides its status changes: receipt, inspection, postings,
    refund steps, the replacement."""

    request = models.ForeignKey(ReturnRequest, models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    text = models.TextField(_("what happened"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("return event")
        verbose_name_plural = _("return events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.request_id} {self.kind}"
