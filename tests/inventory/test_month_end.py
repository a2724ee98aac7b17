"""月结: a month's closing stock is the sum of its moves, taken once the month has ended, once."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from common.exceptions import DomainError
from inventory.models import StockMonthEnd, StockMonthEndLine, StockMove
from inventory.schedules import MONTH_END_TASK, MONTH_END_TASK_NAME, low_stock_schedule_ensure
from inventory.services import stock_month_close, stock_months_close
from inventory.services.month_end import month_after
from inventory.tasks import stock_months_close as stock_months_close_task
from tests.factories import LocationFactory, ProductFactory, UserFactory
from tests.ledger import post

pytestmark = pytest.mark.django_db

D = Decimal


def months_back(count: int) -> datetime.date:
    month = timezone.localdate().replace(day=1)
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def dated(move, day: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    StockMove.objects.filter(pk=move.pk).update(created_at=moment)


@pytest.fixture
def history():
    """Bolts: 10 @ 4 two months back, 4 shipped last month. Nuts: 5 @ 2 last month, all 5 shipped last month.
    Washers: 3 @ 1 this month."""
    user = UserFactory()
    location = LocationFactory()
    bolts, nuts, washers = (ProductFactory(sku=sku) for sku in ("BOLT", "NUT", "WASHER"))
    two_back, last = months_back(2), months_back(1)
    dated(post(bolts, location, "10", unit_cost="4", by=user), two_back + datetime.timedelta(days=3))
    dated(post(bolts, location, "-4", by=user), last + datetime.timedelta(days=2))
    dated(post(nuts, location, "5", unit_cost="2", by=user), last + datetime.timedelta(days=1))
    dated(post(nuts, location, "-5", by=user), last + datetime.timedelta(days=5))
    post(washers, location, "3", unit_cost="1", by=user)
    return {"bolts": bolts, "nuts": nuts, "washers": washers}


def month_end(month) -> dict:
    lines = StockMonthEndLine.objects.filter(month_end__month=month).select_related("product")
    return {line.product.sku: (line.quantity, line.value) for line in lines}


def test_a_closed_month_holds_each_products_stock_at_its_end(history):
    two_back, last = months_back(2), months_back(1)

    stock_month_close(two_back)
    stock_month_close(last)

    assert month_end(two_back) == {"BOLT": (D("10.000"), D("40.0000"))}
    # Nuts came and went within the month: nothing on hand and no value, so no line.
    assert month_end(last) == {"BOLT": (D("6.000"), D("24.0000"))}
    assert StockMonthEnd.objects.get(month=last).products == 1


def test_closing_a_closed_month_changes_nothing(history):
    last = months_back(1)
    first = stock_month_close(last)
    StockMonthEndLine.objects.filter(month_end=first).update(quantity=D("99"))

    again = stock_month_close(last)

    assert again.pk == first.pk
    assert month_end(last) == {"BOLT": (D("99.000"), D("24.0000"))}


def test_a_month_not_ended_is_not_closed(history):
    with pytest.raises(DomainError, match="has not ended yet"):
        stock_month_close(months_back(0))

    assert not StockMonthEnd.objects.exists()


def test_every_ended_month_since_the_first_move_is_closed_once(history):
    closed = stock_months_close()

    assert closed == [months_back(2), months_back(1)]
    assert stock_months_close() == []
    assert stock_months_close_task() == []  # the hourly task: a second run changes nothing
    assert month_after(months_back(1)) == months_back(0)


def test_the_hourly_task_closes_what_has_ended(history):
    assert stock_months_close_task() == [f"{months_back(2):%Y-%m}", f"{months_back(1):%Y-%m}"]


def test_the_month_close_is_scheduled_hourly_after_migrate(db):
    from django_celery_beat.models import PeriodicTask

    PeriodicTask.objects.filter(name=MONTH_END_TASK_NAME).delete()
    low_stock_schedule_ensure()

    task = PeriodicTask.objects.get(name=MONTH_END_TASK_NAME)
    assert task.task == MONTH_END_TASK
    assert task.interval.every == 1


def test_check_stock_reports_a_month_end_that_is_not_its_moves(history):
    stock_months_close()
    out = StringIO()
    call_command("check_stock", stdout=out)
    assert "MISMATCH" not in out.getvalue()

    last = months_back(1)
    StockMonthEndLine.objects.filter(month_end__month=last, product=history["bolts"]).update(value=D("25"))
    with pytest.raises(CommandError, match="1 mismatches"):
        call_command("check_stock", stdout=out)

    assert (
        f"MISMATCH product BOLT location month end {last:%Y-%m} lot -: value ledger 24.0000" in out.getvalue()
    )
