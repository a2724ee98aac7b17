"""Return requests and refunds in the approval inbox: what waits for a user, and how to decide it."""

from django.utils.translation import gettext as _

from common import approvals
from common.approvals import PendingApproval, PendingSource, approval_key
from common.exceptions import DomainError
from returns import services
from returns.choices import RefundStatus, ReturnStatus
from returns.models import Refund, ReturnRequest


def requests_pending(user) -> PendingSource | None:
    if not user.has_perm("returns.approve_returnrequest"):
        return None
    requests = (
        ReturnRequest.objects.filter(status=ReturnStatus.SUBMITTED)
        .exclude(created_by=user)
        .select_related("created_by", "customer")
    )
    return PendingSource(requests, _request_items)


def _request_items(requests) -> list[PendingApproval]:
    return [
        PendingApproval(
            kind=_("Return request (outside the policy)") if request.policy_flags else _("Return request"),
            number=request.number,
            description=f"{request.customer}"
            + (f" — {request.policy_flags}" if request.policy_flags else ""),
            url=request.get_absolute_url(),
            created_by=str(request.created_by),
            created_at=request.created_at,
            amount=request.amount,
            key=approval_key(request),
        )
        for request in requests
    ]


def refunds_pending(user) -> PendingSource | None:
    if not user.has_perm("returns.approve_refund"):
        return None
    refunds = (
        Refund.objects.filter(status=RefundStatus.PENDING)
        .exclude(created_by=user)
        .exclude(request__created_by=user)
        .select_related("created_by", "customer", "request")
    )
    return PendingSource(refunds, _refund_items)


def _refund_items(refunds) -> list[PendingApproval]:
    return [
        PendingApproval(
            kind=_("Customer refund"),
            number=refund.number,
            description=f"{refund.customer} · {refund.request.number}",
            url=refund.get_absolute_url(),
            created_by=str(refund.created_by),
            created_at=refund.created_at,
            amount=refund.amount,
            key=approval_key(refund),
        )
        for refund in refunds
    ]


def _get(model, document_id):
    try:
        return model.objects.get(pk=document_id)
    except model.DoesNotExist as exc:
        raise DomainError(_("This document no longer exists.")) from exc


def request_approve(*, document_id: int, by):
    return services.return_request_approve(request=_get(ReturnRequest, document_id), by=by)


def request_reject(*, document_id: int, by, reason: str):
    return services.return_request_reject(request=_get(ReturnRequest, document_id), by=by, reason=reason)


def refund_approve(*, document_id: int, by):
    return services.refund_approve(refund=_get(Refund, document_id), by=by)


def refund_reject(*, document_id: int, by, reason: str):
    raise DomainError(
        _("A refund follows the inspection: it cannot be rejected here. Open the request to see why.")
    )


def register() -> None:
    approvals.register(requests_pending)
    approvals.register(refunds_pending)
    approvals.register_decider(
        "returns.returnrequest",
        permission="returns.approve_returnrequest",
        approve=request_approve,
        reject=request_reject,
    )
    approvals.register_decider(
        "returns.refund", permission="returns.approve_refund", approve=refund_approve, reject=refund_reject
    )
