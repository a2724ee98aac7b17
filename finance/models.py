import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Abs
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import MoneyField
from common.models import Document
from finance.choices import EntryType, InvoiceDirection, PartnerType, PaymentKind, PaymentMethod


class PartnerLedgerEntry(models.Model):
    """Append-only: one row per money effect of a document on a supplier or a customer.

    A partner's balance is the sum of its entries. The sign is the partner's normal direction: for a
    supplier a positive amount is what we owe (a payable), for a customer what they owe us (a receivable).
    So a goods receipt posts a positive entry for its supplier, a return to that supplier a negative one,
    and a supplier balance below zero is a refund due from the supplier.

    Finance imports no domain app: the partner and the document are generic references (type, id and a
    copy of the name or number), like the stock ledger's document reference. A mistake is corrected by
    an opposite entry, never by an update or a delete.
    """

    partner_type = models.CharField(_("partner type"), max_length=10, choices=PartnerType.choices)
    partner_id = models.PositiveBigIntegerField(_("partner id"))
    partner_name = models.CharField(_("partner"), max_length=200)
    entry_type = models.CharField(_("entry type"), max_length=20, choices=EntryType.choices)
    amount = MoneyField(_("amount"))
    date = models.DateField(_("date"))
    document_type = models.CharField(_("document type"), max_length=60)
    document_id = models.PositiveBigIntegerField()
    document_number = models.CharField(_("document"), max_length=32)
    document_line_id = models.PositiveBigIntegerField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("partner ledger entry")
        verbose_name_plural = _("partner ledger entries")
        ordering = ["date", "id"]
        constraints = [
            # The same effect of the same document (or document line) can be entered once only.
            models.UniqueConstraint(
                fields=["document_type", "document_id", "entry_type"],
                condition=Q(document_line_id__isnull=True),
                name="uniq_ledger_document_effect",
            ),
            models.UniqueConstraint(
                fields=["document_type", "document_line_id", "entry_type"],
                condition=Q(document_line_id__isnull=False),
                name="uniq_ledger_line_effect",
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_amount_not_zero"),
        ]
        indexes = [
            models.Index(fields=["partner_type", "partner_id", "date"]),
            models.Index(fields=["document_type", "document_id"]),
        ]

    def __str__(self):
        return f"{self.document_number} {self.partner_name} {self.amount}"


class LedgerDocument(models.Model):
    """One row per partner and document in the partner ledger, with the document's running figures.

    Kept by ``finance.services`` in the same statement as every ledger entry and allocation written, so
    that what is open today is read from one row per document instead of summing every entry and every
    allocation again. It holds nothing the entries and allocations do not: ``check_ledger`` compares the
    two, and the receivables and payables as of a past day are still worked out from the entries.
    ``net`` carries the ledger's sign; ``allocated`` is what is allocated on the document on either side
    (as the document settled and as the one settling); ``open`` = |net| - allocated, and ``open_signed``
    the same with the ledger's sign, so that the open amounts of a partner add up to its balance.
    """

    partner_type = models.CharField(_("partner type"), max_length=10, choices=PartnerType.choices)
    partner_id = models.PositiveBigIntegerField(_("partner id"))
    partner_name = models.CharField(_("partner"), max_length=200)
    document_type = models.CharField(_("document type"), max_length=60)
    document_id = models.PositiveBigIntegerField()
    document_number = models.CharField(_("document"), max_length=32)
    date = models.DateField(_("date"), help_text=_("The date of the document's first entry."))
    last_date = models.DateField(
        _("last entry or allocation"),
        help_text=_("The latest date of the document's entries and allocations."),
    )
    net = MoneyField(_("amount"))
    allocated = MoneyField(_("settled"))
    open = models.GeneratedField(
        verbose_name=_("open"),
        expression=Abs(F("net")) - F("allocated"),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
        db_persist=True,
    )
    # Stored rather than worked out as the report reads: its totals and age buckets read it for every
    # open document (receivables: 125,000 rows, about a quarter of the page's time).
    open_signed = models.GeneratedField(
        verbose_name=_("open"),
        expression=Case(When(net__gt=0, then=F("net") - F("allocated")), default=F("net") + F("allocated")),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("ledger document")
        verbose_name_plural = _("ledger documents")
        constraints = [
            models.UniqueConstraint(
                fields=["partner_type", "partner_id", "document_type", "document_id"],
                name="uniq_ledger_document",
            ),
        ]
        indexes = [
            # The receivables and payables in their default order, holding only what is open (a small part
            # of the year's documents once they are settled). Partner lookups use the unique constraint.
            models.Index(
                fields=["partner_type", "partner_name", "date", "document_id"],
                condition=Q(open__gt=0),
                name="ledger_document_open",
            ),
            # Whether anything is dated after a day (then the figures are not those of that day).
            models.Index(fields=["last_date"], name="ledger_document_last_date"),
        ]

    def __str__(self):
        return f"{self.document_number} {self.partner_name} {self.net}"


class Payment(Document):
    """A payment to a supplier (付供货商欠款登记), a refund received from a supplier (供货商退款登记), a
    receipt from a customer (收款登记) or a refund paid to a customer (退款登记).

    Posting writes one ledger entry (document ``finance.payment``) for the whole amount and one
    ``Allocation`` per document it settles; what is not allocated stays on the partner as a credit that
    ``allocation_create`` may allocate later. A payment is never changed after posting.
    """

    number_prefix = "PAY"

    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    partner_type = models.CharField(_("partner type"), max_length=10, choices=PartnerType.choices)
    partner_id = models.PositiveBigIntegerField(_("partner id"))
    partner_name = models.CharField(_("partner"), max_length=200)
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    amount = MoneyField(_("amount"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-date", "-id"]
        permissions = [
            ("allocate_payment", _("Can allocate payments and credits to open documents")),
            ("view_receivables", _("Can view what customers owe")),
            ("view_payables", _("Can view what is owed to suppliers")),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_positive")]
        indexes = [models.Index(fields=["partner_type", "partner_id", "date"])]

    def get_absolute_url(self):
        return reverse("finance:payment-detail", args=[self.pk])


class Allocation(models.Model):
    """Settles part of one open ledger document with part of another of the opposite sign.

    ``document`` is the item settled (a delivery, a goods receipt, a return credit ...), ``settled_by``
    what settles it (a payment, a sales payment, a refund, or a credit note such as a return). Both are
    generic references to the partner ledger (document type and id, as its entries carry them). The
    amount is positive and lowers the open amount of both sides:
    open amount of a document = |sum of its ledger entries| - its allocations on either side.
    """

    partner_type = models.CharField(_("partner type"), max_length=10, choices=PartnerType.choices)
    partner_id = models.PositiveBigIntegerField(_("partner id"))
    document_type = models.CharField(_("document type"), max_length=60)
    document_id = models.PositiveBigIntegerField()
    document_number = models.CharField(_("document"), max_length=32)
    settled_by_type = models.CharField(_("settled by type"), max_length=60)
    settled_by_id = models.PositiveBigIntegerField()
    settled_by_number = models.CharField(_("settled by"), max_length=32)
    payment = models.ForeignKey(
        Payment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("payment"),
    )
    amount = MoneyField(_("amount"))
    date = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_allocation_positive")]
        indexes = [
            models.Index(fields=["document_type", "document_id"]),
            models.Index(fields=["settled_by_type", "settled_by_id"]),
        ]

    def __str__(self):
        return f"{self.settled_by_number} → {self.document_number} {self.amount}"


def contract_path(instance, filename) -> str:
    """A random name: the uploaded file name never reaches the disk or a URL."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{suffix}" if suffix in {"pdf", "jpg", "jpeg", "png", "webp", "gif"} else ""
    return f"finance/contracts/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Invoice(models.Model):
    """发票与合同: an invoice issued to a customer or received from a supplier against an order, with its
    contract attached when there is one. The order is a generic reference (type, id, number)."""

    direction = models.CharField(_("direction"), max_length=10, choices=InvoiceDirection.choices)
    number = models.CharField(_("invoice number"), max_length=50)
    date = models.DateField(_("date"))
    amount = MoneyField(_("amount"))
    tax_amount = MoneyField(_("tax amount"), null=True, blank=True, default=None)
    document_type = models.CharField(_("order type"), max_length=60)
    document_id = models.PositiveBigIntegerField()
    document_number = models.CharField(_("order"), max_length=32)
    partner_type = models.CharField(_("partner type"), max_length=10, choices=PartnerType.choices)
    partner_id = models.PositiveBigIntegerField(_("partner id"))
    partner_name = models.CharField(_("partner"), max_length=200)
    note = models.CharField(_("note"), max_length=200, blank=True)
    contract = models.FileField(_("contract"), upload_to=contract_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "partner_type", "partner_id", "number"], name="uniq_invoice_number"
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="finance_invoice_amount_not_zero"),
        ]
        indexes = [models.Index(fields=["document_type", "document_id"])]

    def __str__(self):
        return f"{self.number} {self.document_number}"

    def get_absolute_url(self):
        return reverse("finance:invoice-detail", args=[self.pk])

    @property
    def has_contract(self) -> bool:
        return bool(self.contract)
