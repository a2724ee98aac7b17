"""Replenishment suggestions (补货建议): the figures equal a hand computation, and ordering them makes one
draft purchase order per supplier, once."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.notifications.models import Notification
from inventory.choices import MoveType
from inventory.models import StockMove
from inventory.services import stock_move_reverse, stock_reserve
from purchasing.choices import PurchaseOrderStatus, SuggestionStatus
from purchasing.models import PurchaseOrder, ReplenishmentRun, ReplenishmentSuggestion
from purchasing.services.replenishment import (
    demand_fit,
    forecast_daily,
    replenishment_compute,
    replenishment_order,
    suggested_quantity,
)
from purchasing.tasks import replenishment_suggest
from suppliers.models import SupplierProduct
from tests.factories import ProductFactory, SupplierFactory, UserFactory
from tests.ledger import post
from tests.threads import run_together

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
D = Decimal


def on_day(move, day: datetime.date):
    """Date a posted move (the ledger stamps it now) on ``day`` at noon, local time."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    StockMove.objects.filter(pk=move.pk).update(created_at=at)
    return move


def day_of_window(t: int, window: int = 10) -> datetime.date:
    """Day ``t`` of a window of ``window`` days ending yesterday (t = 1 is the oldest)."""
    return TODAY - datetime.timedelta(days=window - t + 1)


def suggestion_for(product):
    return ReplenishmentSuggestion.objects.get(product=product, status=SuggestionStatus.OPEN)


@pytest.fixture
def rising(clerk, location, supplier, make_order):
    """Net sales of 1, 2, … 10 units on the days of a 10-day window (day 10: 12 shipped, 2 returned),
    100 received before the window, a draft order for 20 open, supplier lead time 4 days, minimum 120."""
    product = ProductFactory(sku="RISE-1", safety_stock=D("10"))
    on_day(post(product, location, 100, by=clerk, unit_cost="5"), TODAY - datetime.timedelta(days=20))
    for t in range(1, 10):
        on_day(post(product, location, -t, by=clerk), day_of_window(t))
    on_day(post(product, location, -12, by=clerk), day_of_window(10))
    on_day(post(product, location, 2, by=clerk, move_type=MoveType.CUSTOMER_RETURN), day_of_window(10))
    SupplierProduct.objects.create(
        supplier=supplier,
        product=product,
        unit_price=D("4.50"),
        lead_time_days=4,
        minimum_order_quantity=D("120"),
        is_preferred=True,
    )
    make_order((product, 20, "4.50"))
    return product


def test_suggestion_equals_the_hand_computation(rising):
    # y_t = t for t = 1..10: total 55, average 5.5; slope = Σ(t − 5.5)·t / (10·99/12) = 82.5 / 82.5 = 1.
    # Lead time 4 + cover 6 = 10 days; their middle is day 10 + 5.5 = 15.5, ten days after the
    # window's middle (5.5): forecast = 5.5 + 1 × 10 = 15.5 a day.
    # Reorder point = 15.5 × 4 + 10 = 72; order-up-to = 15.5 × 10 + 10 = 165.
    # Position = 45 on hand (100 − 57 + 2) + 20 on order = 65 < 72: order 165 − 65 = 100, raised to 120.
    result = replenishment_compute(window_days=10, cover_days=6, today=TODAY)

    assert result["suggestions"] == 1
    suggestion = suggestion_for(rising)
    assert suggestion.demand_in_window == D("55")
    assert suggestion.average_daily_demand == D("5.5")
    assert suggestion.trend_per_day == D("1")
    assert suggestion.forecast_daily_demand == D("15.5")
    assert suggestion.lead_time_days == 4
    assert (suggestion.available, suggestion.on_order) == (D("45"), D("20"))
    assert (suggestion.reorder_point, suggestion.order_up_to) == (D("72"), D("165"))
    assert suggestion.quantity == D("120")
    assert suggestion.unit_price == D("4.50")
    assert suggestion.supplier.name == "Acme Trading"


def test_without_minimum_order_the_gap_to_the_order_up_to_level_is_ordered(rising):
    SupplierProduct.objects.filter(product=rising).update(minimum_order_quantity=0)
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    assert suggestion_for(rising).quantity == D("100")


def test_flat_demand_without_supplier_uses_the_default_lead_time(clerk, location):
    # 3 a day for 10 days, no trend: forecast 3; default lead time 7, cover 6: reorder point 21,
    # order-up-to 39; 10 on hand: order 29, at the product's purchase price, no supplier to order from.
    product = ProductFactory(sku="FLAT-1", purchase_price=D("8.00"))
    on_day(post(product, location, 40, by=clerk, unit_cost="8"), TODAY - datetime.timedelta(days=30))
    for t in range(1, 11):
        on_day(post(product, location, -3, by=clerk), day_of_window(t))

    replenishment_compute(window_days=10, cover_days=6, today=TODAY)

    suggestion = suggestion_for(product)
    assert (suggestion.trend_per_day, suggestion.forecast_daily_demand) == (D("0"), D("3"))
    assert (suggestion.lead_time_days, suggestion.reorder_point, suggestion.order_up_to) == (
        7,
        D("21"),
        D("39"),
    )
    assert suggestion.quantity == D("29")
    assert suggestion.supplier is None
    assert suggestion.unit_price == D("8.00")


def test_reversed_shipments_and_sales_outside_the_window_are_not_demand(clerk, location):
    product = ProductFactory(sku="REV-1")
    on_day(post(product, location, 50, by=clerk, unit_cost="1"), TODAY - datetime.timedelta(days=40))
    on_day(post(product, location, -20, by=clerk), TODAY - datetime.timedelta(days=11))  # before the window
    on_day(post(product, location, -5, by=clerk), TODAY)  # today is not over: not in the window
    shipped = on_day(post(product, location, -10, by=clerk), day_of_window(5))
    on_day(stock_move_reverse(move=shipped, by=clerk), day_of_window(6))

    result = replenishment_compute(window_days=10, cover_days=6, today=TODAY)

    assert result["suggestions"] == 0
    assert not ReplenishmentSuggestion.objects.filter(product=product).exists()


def test_safety_stock_alone_triggers_an_order_raised_to_the_reorder_quantity(clerk, location):
    product = ProductFactory(sku="SAFE-1", safety_stock=D("5"), reorder_quantity=D("10"))
    post(product, location, 3, by=clerk, unit_cost="1")
    covered = ProductFactory(sku="SAFE-2", safety_stock=D("5"))
    post(covered, location, 8, by=clerk, unit_cost="1")

    replenishment_compute(window_days=10, cover_days=6, today=TODAY)

    assert suggestion_for(product).quantity == D("10")  # 5 − 3 = 2, raised to the reorder quantity
    assert not ReplenishmentSuggestion.objects.filter(product=covered).exists()


def test_reserved_stock_is_not_available(clerk, location, make_order):
    product = ProductFactory(sku="RES-1", safety_stock=D("5"))
    post(product, location, 8, by=clerk, unit_cost="1")
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    assert not ReplenishmentSuggestion.objects.filter(product=product).exists()

    stock_reserve(
        product=product,
        warehouse=location.warehouse,
        quantity=D("4"),
        document=make_order((ProductFactory(), 1, "1")),
        line_id=1,
    )
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    assert suggestion_for(product).available == D("4")
    assert suggestion_for(product).quantity == D("1")


def test_quantities_round_up_to_whole_units_unless_the_unit_is_fractional():
    figures = {
        "forecast": D("1.25"),
        "lead_time_days": 3,
        "cover_days": 2,
        "safety_stock": D("0"),
        "position": D("0"),
        "minimum_order_quantity": D("0"),
        "reorder_quantity": D("0"),
    }
    # Reorder point 3.75, order-up-to 6.25.
    assert suggested_quantity(**figures, fractional=False) == (D("3.75"), D("6.25"), D("7"))
    assert suggested_quantity(**figures, fractional=True) == (D("3.75"), D("6.25"), D("6.25"))
    assert suggested_quantity(**{**figures, "position": D("3.75")}, fractional=False)[2] == 0


def test_a_falling_trend_never_forecasts_negative_demand():
    demand = demand_fit({t: D(11 - t) for t in range(1, 11)}, 10)  # 10, 9, … 1
    assert (demand.average, demand.trend) == (D("5.5"), D("-1"))
    assert forecast_daily(demand, window_days=10, horizon_days=0) == D("0.5")  # 5.5 − 1 × (10.5 − 5.5)
    assert forecast_daily(demand, window_days=10, horizon_days=10) == 0  # 5.5 − 10, not below zero


def test_a_second_run_supersedes_the_first_and_leaves_one_open_suggestion(rising):
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)

    assert ReplenishmentSuggestion.objects.filter(product=rising, status=SuggestionStatus.OPEN).count() == 1
    assert (
        ReplenishmentSuggestion.objects.filter(product=rising, status=SuggestionStatus.SUPERSEDED).count()
        == 1
    )
    assert ReplenishmentRun.objects.count() == 2


def test_purchasing_clerks_are_told_when_suggestions_are_ready(rising, clerk):
    sales = UserFactory(username="seller", role="sales_clerk")
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)

    ready = Notification.objects.get(kind="replenishment_ready")
    assert ready.recipient == clerk
    assert ready.subject == "1 replenishment suggestion is ready"
    assert ready.url == reverse("purchasing:replenishment")
    assert not Notification.objects.filter(recipient=sales).exists()


def test_the_nightly_task_is_scheduled_and_records_its_run(rising):
    from django_celery_beat.models import PeriodicTask

    nightly = PeriodicTask.objects.get(task="purchasing.tasks.replenishment_suggest")
    assert (nightly.crontab.hour, nightly.crontab.minute) == ("2", "30")

    result = replenishment_suggest.delay().get()

    run = ReplenishmentRun.objects.get(pk=result["run"])
    assert run.requested_by is None
    assert (run.window_days, run.cover_days) == (90, 14)
    assert run.products_checked == result["products_checked"] >= 1


def test_selected_suggestions_become_one_draft_order_per_supplier(rising, clerk, location, warehouse):
    other = SupplierFactory(name="Bolt Works", code="BW")
    nut = ProductFactory(sku="NUT-1", safety_stock=D("6"))
    SupplierProduct.objects.create(supplier=other, product=nut, unit_price=D("0.30"), lead_time_days=3)
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    drafts_before = PurchaseOrder.objects.count()

    orders = replenishment_order(
        suggestion_ids=[suggestion_for(rising).pk, suggestion_for(nut).pk], warehouse=warehouse, by=clerk
    )

    assert PurchaseOrder.objects.count() == drafts_before + 2
    by_supplier = {order.supplier.name: order for order in orders}
    acme, bolt = by_supplier["Acme Trading"], by_supplier["Bolt Works"]
    assert acme.status == PurchaseOrderStatus.DRAFT
    assert acme.created_by == clerk
    assert [(line.product.sku, line.quantity, line.unit_price) for line in acme.lines.all()] == [
        ("RISE-1", D("120"), D("4.50"))
    ]
    assert [(line.product.sku, line.quantity) for line in bolt.lines.all()] == [("NUT-1", D("6"))]
    assert bolt.total == D("1.80")
    assert acme.expected_date == timezone.localdate() + datetime.timedelta(days=4)
    assert set(ReplenishmentSuggestion.objects.values_list("status", flat=True)) == {SuggestionStatus.ORDERED}

    # The drafts are on order now: the next run suggests nothing more for these products.
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    assert not ReplenishmentSuggestion.objects.filter(status=SuggestionStatus.OPEN).exists()


def test_ordering_twice_or_without_supplier_is_refused_and_orders_nothing(clerk, location, warehouse):
    from common.exceptions import DomainError

    product = ProductFactory(sku="ORPH-1", safety_stock=D("5"))
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    with pytest.raises(DomainError, match="No supplier is set for ORPH-1"):
        replenishment_order(suggestion_ids=[suggestion_for(product).pk], warehouse=warehouse, by=clerk)
    assert PurchaseOrder.objects.count() == 0

    supplier = SupplierFactory()
    SupplierProduct.objects.create(supplier=supplier, product=product, unit_price=D("1"))
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    suggestion = suggestion_for(product)
    replenishment_order(suggestion_ids=[suggestion.pk], warehouse=warehouse, by=clerk)
    with pytest.raises(DomainError, match="ordered or recomputed meanwhile"):
        replenishment_order(suggestion_ids=[suggestion.pk], warehouse=warehouse, by=clerk)
    assert PurchaseOrder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_make_one_order(clerk, warehouse, location):
    supplier = SupplierFactory()
    product = ProductFactory(sku="RACE-1", safety_stock=D("5"))
    SupplierProduct.objects.create(supplier=supplier, product=product, unit_price=D("1"))
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    suggestion = suggestion_for(product)

    outcomes = run_together(
        2,
        lambda i: replenishment_order(suggestion_ids=[suggestion.pk], warehouse=warehouse, by=clerk),
    )

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    assert PurchaseOrder.objects.count() == 1


def test_the_page_shows_the_suggestions_and_orders_the_selected_ones(rising, clerk, client_for, warehouse):
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    client = client_for(clerk)

    page = client.get(reverse("purchasing:replenishment")).content.decode()
    assert "RISE-1" in page
    assert "Acme Trading" in page
    assert "Create draft purchase orders" in page
    assert "How the suggestions are computed" in page

    response = client.post(
        reverse("purchasing:replenishment-order"),
        {"warehouse": warehouse.pk, "suggestions": [suggestion_for(rising).pk]},
    )
    order = PurchaseOrder.objects.get(note="From replenishment suggestions")
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()
    assert "RISE-1" not in client.get(reverse("purchasing:replenishment")).content.decode()


def test_the_page_refuses_an_order_without_a_selection(rising, clerk, client_for, warehouse):
    replenishment_compute(window_days=10, cover_days=6, today=TODAY)
    response = client_for(clerk).post(
        reverse("purchasing:replenishment-order"), {"warehouse": warehouse.pk}, follow=True
    )
    assert "Select at least one suggestion." in response.content.decode()
    assert not PurchaseOrder.objects.filter(note="From replenishment suggestions").exists()


def test_recompute_from_the_page_checks_the_window(rising, clerk, client_for):
    client = client_for(clerk)
    response = client.post(
        reverse("purchasing:replenishment-compute"), {"window_days": 3, "cover_days": 6}, follow=True
    )
    assert "greater than or equal to 7" in response.content.decode()
    assert not ReplenishmentRun.objects.exists()

    response = client.post(
        reverse("purchasing:replenishment-compute"), {"window_days": 30, "cover_days": 6}, follow=True
    )
    assert "Recomputed:" in response.content.decode()
    run = ReplenishmentRun.objects.get()
    assert (run.window_days, run.cover_days, run.requested_by) == (30, 6, clerk)
