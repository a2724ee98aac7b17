from django.utils.translation import gettext as _

from common import approvals
from common.approvals import PendingApproval, approval_key
from common.exceptions import DomainError
from inventory.choices import OpeningStockStatus
from inventory.models import OpeningStock
from inventory.services import opening_stock_cancel, opening_stock_post


def opening_stock_pending(user) -> list[PendingApproval]:
    if not user.has_perm("inventory.post_openingstock"):
        return []
    documents = (
        OpeningStock.objects.filter(status=OpeningStockStatus.DRAFT)
        .exclude(created_by=user)
        .select_related("created_by", "warehouse")
        .order_by("-created_at")[:50]
    )
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


def register() -> None:
    approvals.register(opening_stock_pending)
    approvals.register_decider(
        "inventory.openingstock",
        permission="inventory.post_openingstock",
        approve=opening_stock_approve,
        reject=opening_stock_reject,
    )
