from django.utils.translation import gettext as _

from common import approvals
from common.approvals import PendingApproval, PendingSource, approval_key
from common.exceptions import DomainError
from inventory.choices import OpeningStockStatus, StocktakeStatus
from inventory.models import OpeningStock, Stocktake
from inventory.services import opening_stock_cancel, opening_stock_post, stocktake_approve, stocktake_reject


def opening_stock_pending(user) -> PendingSource | None:
    if not user.has_perm("inventory.post_openingstock"):
        return None
    documents = (
        OpeningStock.objects.filter(status=OpeningStockStatus.DRAFT)
        .exclude(created_by=user)
        .select_related("created_by", "warehouse")
    )
    return PendingSource(documents, _opening_stock_items)


def _opening_stock_items(documents) -> list[PendingApproval]:
    return [
        PendingApproval(
            kind=_("Opening stock"),
            number=document.number,
            url=document.get_absolute_url(),
            created_by=str(document.created_by),
            created_at=document.created_at,
            description=str(document.warehouse),
            key=approval_key(document),
        )
        for document in documents
    ]


def _get(document_id: int) -> OpeningStock:
    try:
        return OpeningStock.objects.get(pk=document_id)
    except OpeningStock.DoesNotExist as exc:
        raise DomainError(_("This document no longer exists.")) from exc


def opening_stock_approve(*, document_id: int, by) -> OpeningStock:
    """Approving opening stock posts it (the service refuses the document's creator)."""
    return opening_stock_post(document=_get(document_id), by=by)


def opening_stock_reject(*, document_id: int, by, reason: str) -> OpeningStock:
    """Rejecting opening stock cancels it, with the reason in its history."""
    document = _get(document_id)
    if document.created_by_id == by.pk:
        raise DomainError(_("Nobody approves a document they created: ask another person to decide it."))
    return opening_stock_cancel(document=document, by=by, comment=reason)


def stocktake_pending(user) -> PendingSource | None:
    if not user.has_perm("inventory.approve_stocktake"):
        return None
    documents = (
        Stocktake.objects.filter(status=StocktakeStatus.SUBMITTED)
        .exclude(created_by=user)
        .select_related("created_by", "warehouse", "location", "category")
    )
    return PendingSource(documents, _stocktake_items)


def _stocktake_items(documents) -> list[PendingApproval]:
    return [
        PendingApproval(
            kind=_("Stocktake"),
            number=document.number,
            url=document.get_absolute_url(),
            created_by=str(document.created_by),
            created_at=document.created_at,
            description=" · ".join(
                str(part) for part in (document.warehouse, document.location, document.category) if part
            ),
            key=approval_key(document),
        )
        for document in documents
    ]


def _stocktake(document_id: int) -> Stocktake:
    try:
        return Stocktake.objects.get(pk=document_id)
    except Stocktake.DoesNotExist as exc:
        raise DomainError(_("This document no longer exists.")) from exc


def stocktake_decide_approve(*, document_id: int, by) -> Stocktake:
    """Approving a stocktake posts its adjustments (the service refuses the stocktake's creator)."""
    return stocktake_approve(stocktake=_stocktake(document_id), by=by)


def stocktake_decide_reject(*, document_id: int, by, reason: str) -> Stocktake:
    """Rejecting a stocktake sends it back for recounting, with the reason in its history."""
    return stocktake_reject(stocktake=_stocktake(document_id), by=by, reason=reason)


def register() -> None:
    approvals.register(opening_stock_pending)
    approvals.register(stocktake_pending)
    approvals.register_decider(
        "inventory.stocktake",
        permission="inventory.approve_stocktake",
        approve=stocktake_decide_approve,
        reject=stocktake_decide_reject,
    )
    approvals.register_decider(
        "inventory.openingstock",
        permission="inventory.post_openingstock",
        approve=opening_stock_approve,
        reject=opening_stock_reject,
    )
