from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.fields import MoneyField
from finance.choices import EntryType, PartnerType


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
