"""Low-stock alerts: opened once, never duplicated while the condition lasts, closed on recovery."""

import pytest
from django.db import IntegrityError, transaction

from common.exceptions import DomainError
from common.notifications.models import Notification
from inventory.choices import AlertStatus
from inventory.models import LowStockAlert, WarehouseSafetyStock
from inventory.schedules import SCAN_TASK, SCAN_TASK_NAME, low_stock_schedule_ensure
from inventory.services import low_stock_alert_acknowledge
from inventory.tasks import low_stock_scan
from tests.factories import LocationFactory, ProductFactory, UserFactory
from tests.inventory.operations import q
from tests.ledger import post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_stays_exact")]


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", role="purchasing_clerk")


def test_alert_is_opened_once_and_purchasing_is_told(main_location, keeper, clerk):
    product = ProductFactory(safety_stock=q(10))
    post(product, main_location, 4, by=keeper, unit_cost="1")

    first = low_stock_scan()
    second = low_stock_scan()

    alert = LowStockAlert.objects.get()
    assert (alert.product, alert.warehouse, alert.status) == (product, None, AlertStatus.OPEN)
    assert (alert.available_at_open, alert.safety_stock) == (q(4), q(10))
    assert first["opened"] == 1
    assert second["opened"] == 0
    notes = Notification.objects.filter(recipient=clerk)
    assert notes.count() == 1
    assert product.sku in notes.get().subject
    assert not Notification.objects.filter(recipient=keeper).exists()


def test_alert_closes_when_stock_recovers_and_a_new_one_opens_later(main_location, keeper, clerk):
    product = ProductFactory(safety_stock=q(5))
    post(product, main_location, 1, by=keeper, unit_cost="1")
    low_stock_scan()

    post(product, main_location, 10, by=keeper, unit_cost="1")
    assert low_stock_scan()["closed"] == 1
    assert low_stock_scan()["closed"] == 0
    assert LowStockAlert.objects.get().status == AlertStatus.CLOSED

    post(product, main_location, -8, by=keeper)
    low_stock_scan()
    low_stock_scan()
    assert LowStockAlert.objects.filter(status=AlertStatus.OPEN).count() == 1
    assert LowStockAlert.objects.count() == 2
    assert Notification.objects.filter(recipient=clerk).count() == 2


def test_reserved_stock_is_not_available(main_location, keeper):
    from inventory.services import stock_reserve
    from tests.factories import OpeningStockFactory

    product = ProductFactory(safety_stock=q(5))
    post(product, main_location, 6, by=keeper, unit_cost="1")
    assert low_stock_scan()["opened"] == 0
    stock_reserve(
        product=product,
        warehouse=main_location.warehouse,
        quantity=q(2),
        document=OpeningStockFactory(),
        line_id=1,
    )
    assert low_stock_scan()["opened"] == 1
    assert LowStockAlert.objects.get().available_at_open == q(4)


def test_safety_stock_per_warehouse(main_location, keeper):
    product = ProductFactory()  # no company-wide level
    other = LocationFactory(code="B-01")
    post(product, main_location, 2, by=keeper, unit_cost="1")
    post(product, other, 50, by=keeper, unit_cost="1")
    WarehouseSafetyStock.objects.create(product=product, warehouse=main_location.warehouse, quantity=q(3))

    low_stock_scan()

    alert = LowStockAlert.objects.get()
    assert (alert.warehouse, alert.available_at_open, alert.safety_stock) == (
        main_location.warehouse,
        q(2),
        q(3),
    )


def test_acknowledged_alert_stays_until_recovery_without_duplicate(main_location, keeper, clerk):
    product = ProductFactory(safety_stock=q(5))
    low_stock_scan()
    alert = LowStockAlert.objects.get(product=product)
    low_stock_alert_acknowledge(alert=alert, by=clerk)
    with pytest.raises(DomainError):
        low_stock_alert_acknowledge(alert=alert, by=clerk)
    low_stock_scan()
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by) == (AlertStatus.ACKNOWLEDGED, clerk)
    assert LowStockAlert.objects.filter(product=product).count() == 1


def test_database_refuses_a_second_open_alert(main_location):
    product = ProductFactory(safety_stock=q(5))
    low_stock_scan()
    alert = LowStockAlert.objects.get(product=product)
    with pytest.raises(IntegrityError), transaction.atomic():
        LowStockAlert.objects.create(
            product=product, opened_at=alert.opened_at, available_at_open=0, safety_stock=q(5)
        )


def test_inactive_products_and_zero_levels_raise_no_alert():
    ProductFactory(safety_stock=q(5), is_active=False)
    ProductFactory(safety_stock=q(0))
    assert low_stock_scan()["opened"] == 0


def test_hourly_schedule_is_created_once_and_left_alone():
    from django_celery_beat.models import PeriodicTask

    low_stock_schedule_ensure()
    task = PeriodicTask.objects.get(name=SCAN_TASK_NAME)
    assert task.task == SCAN_TASK
    task.enabled = False
    task.save()
    low_stock_schedule_ensure()
    assert PeriodicTask.objects.get(name=SCAN_TASK_NAME).enabled is False
