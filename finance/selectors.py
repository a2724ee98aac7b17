from decimal import Decimal

from django.db.models import QuerySet, Sum

from finance.models import PartnerLedgerEntry

ZERO = Decimal("0.00")


def partner_entries(*, partner_type: str, partner_id: int) -> QuerySet[PartnerLedgerEntry]:
    return PartnerLedgerEntry.objects.filter(partner_type=partner_type, partner_id=partner_id).select_related(
        "created_by"
    )


def partner_balance(*, partner_type: str, partner_id: int) -> Decimal:
    """The sum of the partner's entries: for a supplier what we owe (below zero: a refund due to us)."""
    total = PartnerLedgerEntry.objects.filter(partner_type=partner_type, partner_id=partner_id).aggregate(
        total=Sum("amount")
    )["total"]
    return total if total is not None else ZERO


def partner_balances(*, partner_type: str, partner_ids) -> dict[int, Decimal]:
    """Balances of many partners in one query; partners without entries are left out."""
    rows = (
        PartnerLedgerEntry.objects.filter(partner_type=partner_type, partner_id__in=list(partner_ids))
        .values("partner_id")
        .order_by()
        .annotate(total=Sum("amount"))
    )
    return {row["partner_id"]: row["total"] for row in rows}


def document_entries(*, document_type: str, document_id: int) -> QuerySet[PartnerLedgerEntry]:
    return PartnerLedgerEntry.objects.filter(document_type=document_type, document_id=document_id)
