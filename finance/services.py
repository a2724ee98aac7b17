"""Every money effect on a partner is written here, inside the caller's transaction."""

from dataclasses import dataclass
from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from finance.exceptions import LedgerAlreadyPostedError
from finance.models import PartnerLedgerEntry

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PartnerRef:
    """A supplier or customer by type, id and name, so finance needs no import of the partner's app."""

    partner_type: str
    partner_id: int
    partner_name: str


def _document_fields(document) -> dict:
    """A document instance (with ``number``) or any reference with document_type/_id/_number."""
    if hasattr(document, "document_type"):
        return {
            "document_type": document.document_type,
            "document_id": document.document_id,
            "document_number": document.document_number,
        }
    return {
        "document_type": document._meta.label_lower,
        "document_id": document.pk,
        "document_number": document.number,
    }


def ledger_entry_post(
    *,
    partner: PartnerRef,
    entry_type: str,
    amount: Decimal,
    date: date_type,
    document,
    by,
    document_line_id: int | None = None,
    note: str = "",
) -> PartnerLedgerEntry:
    """Append one entry. The same effect of the same document (line) is refused the second time."""
    amount = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    fields = _document_fields(document)
    if amount == 0:
        raise DomainError(
            _("%(number)s has no amount to enter in the ledger.") % {"number": fields["document_number"]}
        )
    try:
        with transaction.atomic():
            return PartnerLedgerEntry.objects.create(
                partner_type=partner.partner_type,
                partner_id=partner.partner_id,
                partner_name=partner.partner_name[:200],
                entry_type=entry_type,
                amount=amount,
                date=date,
                document_line_id=document_line_id,
                note=note[:200],
                created_by=by,
                **fields,
            )
    except IntegrityError as exc:
        raise LedgerAlreadyPostedError(
            _("%(number)s is already in the partner ledger.") % {"number": fields["document_number"]}
        ) from exc
