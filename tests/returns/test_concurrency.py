"""Real threads on PostgreSQL: two requests for the last units of one delivery line, saved at the same
moment. The delivery lines are locked while the returnable quantity is read, so only one gets them."""

from decimal import Decimal

import pytest

from returns import services
from returns.exceptions import ReturnRefusedError
from returns.models import ReturnLine
from returns.services import RequestLineData
from tests.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_requests_for_the_last_units_at_the_same_moment_one_wins(
    deliver, stock, product, location, clerk, customer, defect
):
    stock(product, location, 5)
    deliver((product, 5))

    def request(_index):
        return services.return_request_create(
            customer=customer, lines=[RequestLineData(product, Decimal("4"), defect)], by=clerk
        )

    outcomes = run_together(2, request)

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, ReturnRefusedError)
    assert "1 can still be returned" in error.message
    assert sum(line.quantity for line in ReturnLine.objects.all()) == Decimal("4")


def test_two_requests_that_fit_together_both_succeed(
    deliver, stock, product, location, clerk, customer, defect
):
    stock(product, location, 6)
    deliver((product, 6))

    outcomes = run_together(
        2,
        lambda _i: services.return_request_create(
            customer=customer, lines=[RequestLineData(product, Decimal("3"), defect)], by=clerk
        ),
    )

    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert sum(line.quantity for line in ReturnLine.objects.all()) == Decimal("6")
