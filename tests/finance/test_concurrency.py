from decimal import Decimal

import pytest
from django.db import connection

from finance.choices import PaymentKind, PaymentMethod
from finance.exceptions import AllocationRefusedError
from finance.models import Allocation
from finance.selectors import document_open_amounts
from finance.services import AllocationSpec, payment_post
from tests.finance.conftest import TODAY
from tests.threads import run_together


@pytest.mark.django_db(transaction=True)
def test_two_payments_for_the_last_open_amount_allocate_it_once(customer, delivery, accountant):
    ref = delivery("100.00")
    payment_post(
        kind=PaymentKind.CUSTOMER_RECEIPT,
        partner=customer,
        amount=Decimal("60.00"),
        date=TODAY,
        method=PaymentMethod.CASH,
        by=accountant,
        allocations=[AllocationSpec(ref, Decimal("60.00"))],
    )
    connection.close()

    def work(index):
        return payment_post(
            kind=PaymentKind.CUSTOMER_RECEIPT,
            partner=customer,
            amount=Decimal("40.00"),
            date=TODAY,
            method=PaymentMethod.TRANSFER,
            reference=f"T{index}",
            by=accountant,
            allocations=[AllocationSpec(ref, Decimal("40.00"))],
        )

    outcomes = run_together(2, work)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, AllocationRefusedError)
    assert Allocation.objects.filter(document_id=ref.document_id).count() == 2
    open_amount = document_open_amounts(
        partner_type=customer.partner_type, partner_id=customer.partner_id, documents=[ref]
    )[(ref.document_type, ref.document_id)].open
    assert open_amount == 0
