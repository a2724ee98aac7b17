"""Purchase orders and returns in the approval inbox: what waits for a user, and how to decide it."""

from django.utils.translation import gettext as _

from common import approvals
from common.approvals import PendingApproval, PendingSource, approval_key
from common.exceptions import DomainError
from purchasing import selectors, services
from purchasing.choices import PurchaseOrderStatus, PurchaseReturnStatus
from purchasing.models import PurchaseOrder, PurchaseReturn


def _pending(model, *, status, permission, kind, user) -> PendingSource | None:
    if not user.has_perm(permission):
        return None
    documents = (
        model.objects.filter(status=status).exclude(created_by=user).select_related("created_by", "supplier")
    )

    def items(documents) -> list[PendingApproval]:
        # A return's credit is known once it ships; until then it is estimated at the current average cost.
        estimates = (
            selectors.purchase_return_estimates(document_ids=[d.pk for d in documents])
            if model is PurchaseReturn
            else {}
        )
        return [
            PendingApproval(
                kind=kind,
                number=document.number,
                description=str(document.supplier),
                url=document.get_absolute_url(),
                created_by=str(document.created_by),
                created_at=document.created_at,
                amount=estimates.get(document.pk, document.total),
                key=approval_key(document),
            )
            for document in documents
        ]

    return PendingSource(documents, items)


def purchase_orders_pending(user) -> PendingSource | None:
    return _pending(
        PurchaseOrder,
        status=PurchaseOrderStatus.SUBMITTED,
        permission="purchasing.approve_purchaseorder",
        kind=_("Purchase order"),
        user=user,
    )


def purchase_returns_pending(user) -> PendingSource | None:
    return _pending(
        PurchaseReturn,
        status=PurchaseReturnStatus.SUBMITTED,
        permission="purchasing.approve_purchasereturn",
        kind=_("Purchase return"),
        user=user,
    )


def _get(model, document_id):
    try:
        return model.objects.get(pk=document_id)
    except model.DoesNotExist as exc:
        raise DomainError(_("This document no longer exists.")) from exc


def order_approve(*, document_id: int, by):
    return services.purchase_order_approve(order=_get(PurchaseOrder, document_id), by=by)


def order_reject(*, document_id: int, by, reason: str):
    return services.purchase_order_reject(order=_get(PurchaseOrder, document_id), by=by, reason=reason)


def return_approve(*, document_id: int, by):
    return services.purchase_return_approve(document=_get(PurchaseReturn, document_id), by=by)


def return_reject(*, document_id: int, by, reason: str):
    return services.purchase_return_reject(document=_get(PurchaseReturn, document_id), by=by, reason=reason)


def register() -> None:
    approvals.register(purchase_orders_pending)
    approvals.register(purchase_returns_pending)
    approvals.register_decider(
        "purchasing.purchaseorder",
        permission="purchasing.approve_purchaseorder",
        approve=order_approve,
        reject=order_reject,
    )
    approvals.register_decider(
        "purchasing.purchasereturn",
        permission="purchasing.approve_purchasereturn",
        approve=return_approve,
        reject=return_reject,
    )
