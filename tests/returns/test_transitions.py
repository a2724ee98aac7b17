"""Every action on a return request and on a refund, from every status: allowed or refused."""

from decimal import Decimal

import pytest

from common.exceptions import DocumentStateError, DomainError
from returns import services
from returns.choices import ReturnStatus
from returns.models import Refund
from returns.services import InspectionLineData, ReceiptLineData
from tests.returns.conftest import fresh

pytestmark = pytest.mark.django_db

RS = ReturnStatus
ACTIONS = ["submit", "approve", "reject", "receive", "inspect", "cancel"]
ALLOWED = {
    RS.DRAFT: {"submit", "cancel"},
    RS.SUBMITTED: {"approve", "reject", "cancel"},
    RS.APPROVED: {"receive", "cancel"},
    RS.REJECTED: set(),
    RS.RECEIVED: {"inspect"},
    RS.INSPECTED: set(),
    RS.COMPLETED: set(),
    RS.CANCELLED: set(),
}
TARGET = {
    "submit": RS.SUBMITTED,
    "approve": RS.APPROVED,
    "reject": RS.REJECTED,
    "receive": RS.RECEIVED,
    "inspect": RS.INSPECTED,
    "cancel": RS.CANCELLED,
}


@pytest.fixture
def in_status(deliver, stock, product, location, make_request, clerk, approver, keeper, inspect, accountant):
    stock(product, location, 5)
    deliver((product, 5))

    def make(status):
        request = make_request((product, 1))
        if status == RS.DRAFT:
            return request
        if status == RS.CANCELLED:
            return services.return_request_cancel(request=request, by=clerk)
        services.return_request_submit(request=request, by=clerk)
        if status == RS.SUBMITTED:
            return fresh(request)
        if status == RS.REJECTED:
            return services.return_request_reject(request=request, by=approver, reason="No")
        services.return_request_approve(request=request, by=approver)
        if status == RS.APPROVED:
            return fresh(request)
        line = request.lines.get()
        services.return_request_receive(
            request=request, by=keeper, lines=[ReceiptLineData(line.pk, Decimal("1"))]
        )
        if status == RS.RECEIVED:
            return fresh(request)
        request = inspect(fresh(request))
        if status == RS.INSPECTED:
            return fresh(request)
        refund = Refund.objects.get(request=request)
        services.refund_approve(refund=refund, by=accountant)
        services.refund_pay(refund=refund, by=accountant, method="cash")
        return fresh(request)

    return make


def act(action, request, *, clerk, approver, keeper, location):
    line = request.lines.get()
    if action == "submit":
        return services.return_request_submit(request=request, by=clerk)
    if action == "approve":
        return services.return_request_approve(request=request, by=approver)
    if action == "reject":
        return services.return_request_reject(request=request, by=approver, reason="Not ours")
    if action == "receive":
        return services.return_request_receive(
            request=request, by=keeper, lines=[ReceiptLineData(line.pk, Decimal("1"))]
        )
    if action == "inspect":
        return services.return_request_inspect(
            request=request,
            by=keeper,
            lines=[
                InspectionLineData(line.pk, Decimal("1"), "resalable", "", Decimal("0"), "restock", location)
            ],
        )
    return services.return_request_cancel(request=request, by=clerk)


@pytest.mark.parametrize("status", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_request_transition(status, action, in_status, clerk, approver, keeper, location):
    request = in_status(status)
    assert request.status == status
    if action in ALLOWED[status]:
        act(action, request, clerk=clerk, approver=approver, keeper=keeper, location=location)
        assert fresh(request).status in (TARGET[action], RS.COMPLETED)
    else:
        with pytest.raises(DocumentStateError):
            act(action, request, clerk=clerk, approver=approver, keeper=keeper, location=location)
        assert fresh(request).status == status


@pytest.mark.parametrize(
    ("refund_status", "action", "allowed"),
    [
        ("pending", "approve", True),
        ("pending", "pay", False),
        ("approved", "approve", False),
        ("approved", "pay", True),
        ("paid", "approve", False),
        ("paid", "pay", False),
    ],
)
def test_refund_transition(refund_status, action, allowed, in_status, accountant):
    request = in_status(RS.INSPECTED)
    refund = Refund.objects.get(request=request)
    if refund_status in ("approved", "paid"):
        services.refund_approve(refund=refund, by=accountant)
    if refund_status == "paid":
        services.refund_pay(refund=refund, by=accountant, method="cash")

    def run():
        if action == "approve":
            return services.refund_approve(refund=refund, by=accountant)
        return services.refund_pay(refund=refund, by=accountant, method="cash")

    if allowed:
        run()
    else:
        with pytest.raises(DomainError):
            run()
        assert fresh(refund).status == refund_status


def test_who_may_act_follows_the_roles(in_status, keeper, clerk, accountant):
    """A warehouse keeper cannot approve; a sales clerk cannot receive; a clerk cannot pay a refund."""
    request = in_status(RS.SUBMITTED)
    with pytest.raises(DomainError):
        services.return_request_approve(request=request, by=keeper)
    request = in_status(RS.APPROVED)
    line = request.lines.get()
    with pytest.raises(DomainError):
        services.return_request_receive(
            request=request, by=clerk, lines=[ReceiptLineData(line.pk, Decimal("1"))]
        )
    refund = Refund.objects.get(request=in_status(RS.INSPECTED))
    services.refund_approve(refund=refund, by=accountant)
    with pytest.raises(DomainError):
        services.refund_pay(refund=refund, by=clerk, method="cash")
