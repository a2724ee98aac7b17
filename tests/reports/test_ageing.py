"""Slow-moving stock and stock ageing, against moves with known dates, quantities and costs.

Every move is dated at local noon a given number of days ago, so a bucket boundary never falls on it.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from inventory.choices import MoveType
from inventory.models import StockMove
from inventory.services import transfer_create, transfer_dispatch, transfer_line_add, transfer_receive
from reports.definitions.inventory_ageing import SlowMovingStockReport, StockAgeingReport
from tests.factories import LocationFactory, ProductFactory, UserFactory, WarehouseFactory
from tests.ledger import post
from tests.reports.conftest import html_table, workbook_rows

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def move(product, location, quantity, *, by, age, cost=None, move_type=None):
    posted = post(product, location, quantity, by=by, unit_cost=cost, move_type=move_type)
    StockMove.objects.filter(pk=posted.pk).update(created_at=days_ago(age))
    return posted


def transfer(product, source, destination, quantity, *, by, dispatched, received):
    """A transfer dispatched and received the given number of days ago, through the transfer services."""
    document = transfer_create(source_warehouse=source.warehouse, destination=destination, by=by)
    transfer_line_add(transfer=document, product=product, source=source, quantity=Decimal(quantity))
    transfer_dispatch(transfer=document, by=by)
    moves = StockMove.objects.filter(document_type="inventory.transfer", document_id=document.pk)
    moves.update(created_at=days_ago(dispatched))
    transfer_receive(transfer=document, by=by)
    moves.exclude(created_at=days_ago(dispatched)).update(created_at=days_ago(received))
    return document


def rows_by_sku(report_class, data=None):
    report = report_class(data or {})
    assert report.is_valid, report.form.errors
    return {row["sku"]: row for row in report.rows()}


@pytest.fixture
def user(db):
    return UserFactory(username="ageing-poster")


@pytest.fixture
def places(db):
    north, south = WarehouseFactory(code="NORTH"), WarehouseFactory(code="SOUTH")
    return {
        "north_a": LocationFactory(warehouse=north, code="N-A"),
        "north_b": LocationFactory(warehouse=north, code="N-B"),
        "south_a": LocationFactory(warehouse=south, code="S-A"),
    }


def test_ageing_splits_the_stock_on_hand_over_the_latest_arrivals(user, places):
    """Receipts (days ago: quantity @ cost) 200: 10 @ 4, 100: 10 @ 6, 70: 5 @ 5, 45: 5 @ 8, 10: 10 @ 7.50,
    then 22 shipped 5 days ago. Moving average: 40/10 = 4, 100/20 = 5, 125/25 = 5, 165/30 = 5.50,
    240/40 = 6; the shipment leaves at 6, so 18 on hand worth 108.00 at 6.00.
    First in, first out: the 18 are the latest 10 (10 days), 5 (45 days) and 3 of the 5 (70 days)."""
    product, location = ProductFactory(sku="AGE-1"), places["north_a"]
    for age, quantity, cost in [(200, 10, "4"), (100, 10, "6"), (70, 5, "5"), (45, 5, "8"), (10, 10, "7.50")]:
        move(product, location, quantity, by=user, age=age, cost=cost)
    move(product, location, -22, by=user, age=5)

    row = rows_by_sku(StockAgeingReport)["AGE-1"]

    assert row["on_hand"] == Decimal("18")
    assert row["value"] == Decimal("108")
    assert row["average_cost"] == Decimal("6")
    expected = {"age_0_30": 10, "age_31_60": 5, "age_61_90": 3, "age_91_180": 0, "age_over_180": 0}
    for key, quantity in expected.items():
        assert row[key] == quantity, key
        assert row[f"{key}_value"] == quantity * 6, key


def test_ageing_counts_customer_returns_and_found_stock_as_arrivals_but_not_lost_stock(user, places):
    """Opening 8 (300 days), 3 counted missing (40 days), 2 brought back by a customer (50 days), 1 found
    by a count (20 days): 8 on hand = 1 (20) + 2 (50) + 5 of the opening; a loss is no arrival."""
    product, location = ProductFactory(sku="AGE-2"), places["north_a"]
    move(product, location, 8, by=user, age=300, cost="2", move_type=MoveType.OPENING)
    move(product, location, -3, by=user, age=40, move_type=MoveType.COUNT_ADJUSTMENT)
    move(product, location, 2, by=user, age=50, cost="2", move_type=MoveType.CUSTOMER_RETURN)
    move(product, location, 1, by=user, age=20, cost="2", move_type=MoveType.COUNT_ADJUSTMENT)

    row = rows_by_sku(StockAgeingReport)["AGE-2"]

    assert row["on_hand"] == 8
    assert [row["age_0_30"], row["age_31_60"], row["age_61_90"], row["age_91_180"], row["age_over_180"]] == [
        1,
        2,
        0,
        0,
        5,
    ]


def test_transfers_do_not_make_stock_younger_unless_they_come_from_another_warehouse(user, places):
    """6 received in N-A 200 days ago @ 5; 4 sent to the south warehouse (dispatched 20 days ago,
    received 15 days ago) and the other 2 moved from N-A to N-B inside the north warehouse 3 days ago.
    Company-wide nothing new arrived: 6 over 180 days. The south warehouse got its 4 twenty days ago;
    the north warehouse keeps 2 over 180 days."""
    product = ProductFactory(sku="AGE-3")
    move(product, places["north_a"], 6, by=user, age=200, cost="5")
    transfer(product, places["north_a"], places["south_a"], 4, by=user, dispatched=20, received=15)
    transfer(product, places["north_a"], places["north_b"], 2, by=user, dispatched=3, received=3)

    company = rows_by_sku(StockAgeingReport)["AGE-3"]
    assert (company["on_hand"], company["value"], company["age_over_180"], company["age_0_30"]) == (
        6,
        30,
        6,
        0,
    )

    south = rows_by_sku(StockAgeingReport, {"warehouse": places["south_a"].warehouse.pk})["AGE-3"]
    assert (south["on_hand"], south["age_0_30"], south["age_over_180"], south["age_0_30_value"]) == (
        4,
        4,
        0,
        20,
    )

    north = rows_by_sku(StockAgeingReport, {"warehouse": places["north_a"].warehouse.pk})["AGE-3"]
    assert (north["on_hand"], north["age_0_30"], north["age_over_180"]) == (2, 0, 2)


def test_goods_in_transit_belong_to_the_destination_from_their_dispatch(user, places):
    """Dispatched 40 days ago to the south warehouse and not received yet: 3 in its transit location."""
    product = ProductFactory(sku="AGE-4")
    move(product, places["north_a"], 3, by=user, age=100, cost="1")
    document = transfer_create(
        source_warehouse=places["north_a"].warehouse, destination=places["south_a"], by=user
    )
    transfer_line_add(transfer=document, product=product, source=places["north_a"], quantity=Decimal(3))
    transfer_dispatch(transfer=document, by=user)
    StockMove.objects.filter(document_type="inventory.transfer", document_id=document.pk).update(
        created_at=days_ago(40)
    )

    south = rows_by_sku(StockAgeingReport, {"warehouse": places["south_a"].warehouse.pk})["AGE-4"]
    assert (south["on_hand"], south["age_31_60"]) == (3, 3)
    company = rows_by_sku(StockAgeingReport)["AGE-4"]
    assert (company["on_hand"], company["age_91_180"]) == (3, 3)
    assert "AGE-4" not in rows_by_sku(StockAgeingReport, {"warehouse": places["north_a"].warehouse.pk})


def test_ageing_totals_and_filters(user, places):
    """Two products of the first test's kind: totals add their buckets; search and category narrow."""
    apple, pear = ProductFactory(sku="AGE-APPLE", name="Apple"), ProductFactory(sku="AGE-PEAR", name="Pear")
    move(apple, places["north_a"], 4, by=user, age=10, cost="2.50")  # 0–30: 4, worth 10.00
    move(pear, places["north_a"], 3, by=user, age=400, cost="1")  # over 180: 3, worth 3.00

    totals = StockAgeingReport({"show": "both"}).totals()
    assert (totals["on_hand"], totals["value"]) == (Decimal("7.000"), Decimal("13.00"))
    assert (totals["age_0_30"], totals["age_0_30_value"], totals["age_over_180_value"]) == (4, 10, 3)
    assert list(rows_by_sku(StockAgeingReport, {"q": "pea"})) == ["AGE-PEAR"]
    assert list(rows_by_sku(StockAgeingReport, {"category": apple.category.pk})) == ["AGE-APPLE"]


@pytest.fixture
def slow_stock(user, places):
    """In N-A, each received @ 3:
    SLOW-NEVER  10, 120 days ago, never shipped                      -> slow, 10 worth 30.00
    SLOW-SOLD   10, 120 days ago, 2 shipped yesterday                -> moving (a slow mover: 2 < 8)
    SLOW-OLD    10, 200 days ago, 3 shipped 100 days ago             -> slow, 100 days, 7 worth 21.00
    SLOW-GONE   5, 150 days ago, all 5 shipped 150 days ago          -> nothing on hand, not listed
    SLOW-MOVED  4, 150 days ago, moved to S-A 1 day ago              -> slow: a transfer is no sale
    SLOW-BUSY   5, 60 days ago, 10 more 30 days ago, 12 shipped 2 days ago -> moving, 3 < 12 shipped
    """
    location = places["north_a"]
    products = {sku: ProductFactory(sku=sku) for sku in ["SLOW-NEVER", "SLOW-SOLD", "SLOW-OLD", "SLOW-GONE"]}
    products |= {sku: ProductFactory(sku=sku) for sku in ["SLOW-MOVED", "SLOW-BUSY"]}
    move(products["SLOW-NEVER"], location, 10, by=user, age=120, cost="3")
    move(products["SLOW-SOLD"], location, 10, by=user, age=120, cost="3")
    move(products["SLOW-SOLD"], location, -2, by=user, age=1)
    move(products["SLOW-OLD"], location, 10, by=user, age=200, cost="3")
    move(products["SLOW-OLD"], location, -3, by=user, age=100)
    move(products["SLOW-GONE"], location, 5, by=user, age=150, cost="3")
    move(products["SLOW-GONE"], location, -5, by=user, age=150)
    move(products["SLOW-MOVED"], location, 4, by=user, age=150, cost="3")
    transfer(products["SLOW-MOVED"], location, places["south_a"], 4, by=user, dispatched=1, received=1)
    move(products["SLOW-BUSY"], location, 5, by=user, age=60, cost="3")
    move(products["SLOW-BUSY"], location, 10, by=user, age=30, cost="3")
    move(products["SLOW-BUSY"], location, -12, by=user, age=2, move_type=MoveType.EXCHANGE_OUT)
    return products


def test_slow_moving_lists_stock_not_shipped_for_ninety_days(slow_stock):
    rows = rows_by_sku(SlowMovingStockReport)

    assert list(rows) == ["SLOW-NEVER", "SLOW-OLD", "SLOW-MOVED"]  # by value: 30.00, 21.00, 12.00
    never, old, moved = rows["SLOW-NEVER"], rows["SLOW-OLD"], rows["SLOW-MOVED"]
    assert (never["on_hand"], never["value"], never["last_shipment"], never["days_since_shipment"]) == (
        10,
        30,
        None,
        None,
    )
    assert never["last_arrival"] == timezone.localdate() - datetime.timedelta(days=120)
    assert (old["on_hand"], old["value"], old["days_since_shipment"], old["shipped_in_period"]) == (
        7,
        21,
        100,
        0,
    )
    assert old["last_shipment"] == timezone.localdate() - datetime.timedelta(days=100)
    assert moved["last_arrival"] == timezone.localdate() - datetime.timedelta(days=150)


def test_slow_moving_period_warehouse_and_slow_movers(slow_stock, places):
    assert list(rows_by_sku(SlowMovingStockReport, {"days": 120})) == ["SLOW-NEVER", "SLOW-MOVED"]

    south = rows_by_sku(SlowMovingStockReport, {"warehouse": places["south_a"].warehouse.pk})
    assert list(south) == ["SLOW-MOVED"]
    assert south["SLOW-MOVED"]["last_arrival"] == timezone.localdate() - datetime.timedelta(days=1)

    slow_movers = rows_by_sku(SlowMovingStockReport, {"slow_movers": "on"})
    assert set(slow_movers) == {"SLOW-NEVER", "SLOW-OLD", "SLOW-MOVED", "SLOW-SOLD"}
    assert slow_movers["SLOW-SOLD"]["shipped_in_period"] == 2
    assert slow_movers["SLOW-SOLD"]["days_since_shipment"] == 1


def test_slow_moving_refuses_a_period_of_no_days(slow_stock, admin_user):
    report = SlowMovingStockReport({"days": "0"})
    assert not report.is_valid
    assert list(report.rows()) == []


def test_slow_moving_page_and_excel_export_hold_the_rows(slow_stock, admin_user):
    client = Client()
    client.force_login(admin_user)
    with translation.override("en"):
        page = client.get(reverse("reports:slow-moving-stock"))
        export = client.get(reverse("reports:slow-moving-stock-export"))
    assert page.status_code == 200
    assert "Slow-moving stock" in page.content.decode()
    table = html_table(page)
    header = [text.rstrip(" ▲▼") for text in table["head"][0]]
    assert "Days since last shipment" in header
    assert [row[0] for row in table["body"]] == ["SLOW-NEVER", "SLOW-OLD", "SLOW-MOVED"]
    assert table["foot"][0][4:6] == ["21", "63.00"]  # 10 + 7 + 4 on hand worth 30 + 21 + 12

    _sheet, rows = workbook_rows(export)
    assert [cell.value for cell in rows[0]] == header
    assert [row[0].value for row in rows[1:-1]] == ["SLOW-NEVER", "SLOW-OLD", "SLOW-MOVED"]
    assert [rows[2][4].value, rows[2][5].value, rows[2][8].value] == [7, 21, 100]
    assert rows[-1][0].value == "Total"


def test_ageing_page_and_excel_export_hold_the_rows(user, places, admin_user):
    """5 @ 2 received 45 days ago and 5 @ 4 received 200 days ago: 10 on hand worth 30.00 at 3.00."""
    product = ProductFactory(sku="AGE-XLS")
    move(product, places["north_a"], 5, by=user, age=45, cost="2")
    move(product, places["north_a"], 5, by=user, age=200, cost="4")
    client = Client()
    client.force_login(admin_user)

    page = client.get(reverse("reports:stock-ageing"))
    export = client.get(reverse("reports:stock-ageing-export"), {"show": "both"})

    assert page.status_code == 200
    table = html_table(page)
    header = [text.rstrip(" ▲▼") for text in table["head"][0]]
    assert header[7:] == [  # the buckets' values by default
        "0–30 days value",
        "31–60 days value",
        "61–90 days value",
        "91–180 days value",
        "Over 180 days value",
    ]
    assert table["body"][0] == [
        "AGE-XLS",
        product.name,
        product.category.name,
        product.unit.name,
        "10",
        "30.00",
        "3.00",
        "0.00",
        "15.00",
        "0.00",
        "0.00",
        "15.00",
    ]
    _sheet, rows = workbook_rows(export)
    header = [capfirst(str(c.label)) for c in StockAgeingReport({"show": "both"}).get_columns()]
    assert [cell.value for cell in rows[0]] == header
    values = dict(zip(header, [cell.value for cell in rows[1]], strict=True))
    assert values["SKU"] == "AGE-XLS"
    assert (values["31–60 days"], values["31–60 days value"]) == (5, 15)
    assert (values["Over 180 days"], values["Over 180 days value"]) == (5, 15)
    assert (values["0–30 days"], values["91–180 days"]) == (0, 0)
    assert [cell.value for cell in rows[-1]][:6] == ["Total", None, None, None, 10, 30]
