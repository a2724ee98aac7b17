"""The stock reports against a varied ledger, each figure worked out again here from the moves themselves.

The reports read on hand and value from the balances and only the moves they need; this ledger has
receipts, shipments, exchanges, customer returns, count adjustments, scrap, a reversal, transfers between
and inside warehouses, goods in transit and moves on many days, so that a shortcut which is not the
ledger's own definition shows as a wrong figure.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inventory.choices import MoveType
from inventory.models import StockMonthEndLine, StockMove, Transfer
from inventory.services import (
    stock_months_close,
    stock_move_reverse,
    transfer_create,
    transfer_dispatch,
    transfer_line_add,
)
from inventory.services.month_end import month_after
from reports.definitions.inventory_ageing import (
    ARRIVAL_TYPES,
    BUCKET_LIMITS,
    BUCKETS,
    TO_CUSTOMERS,
    SlowMovingStockReport,
    StockAgeingReport,
    day_start,
)
from reports.definitions.inventory_operations import StockValuationReport
from reports.definitions.inventory_turnover import InventoryTurnoverReport
from tests.factories import LocationFactory, ProductFactory, UserFactory, WarehouseFactory
from tests.reports.test_ageing import days_ago, move, transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(db):
    """Seven products in two warehouses; days ago in brackets.

    LED-1  N-A: 10 @ 4 (200), 5 @ 8 (45, reversed 40), 6 shipped (20), 1 back from a customer (10);
           3 sent to S-A (dispatched 35, received 30)
    LED-2  S-A: 4 @ 3 (120), 6 @ 5 (10); never shipped
    LED-3  N-A: 5 @ 2 (150), all 5 shipped (60); N-B: 3 @ 2 (150), moved to N-A (5) inside the warehouse
    LED-4  N-B: 8 @ 6 (100), 2 exchanged out (100), 2 found by a count (20), 1 scrapped (15)
    LED-5  N-A: opening 7 @ 1.50 (300), 2 shipped (95)
    LED-6  S-A: 9 @ 2 (1) and 9 shipped the same day: nothing on hand
    LED-7  S-A: 4 @ 7 (50), dispatched to N-B 25 days ago and still in transit
    """
    user = UserFactory(username="ledger-poster")
    north, south = WarehouseFactory(code="NORTH"), WarehouseFactory(code="SOUTH")
    n_a = LocationFactory(warehouse=north, code="N-A")
    n_b = LocationFactory(warehouse=north, code="N-B")
    s_a = LocationFactory(warehouse=south, code="S-A")
    sku = {
        name: ProductFactory(sku=name, name=f"Product {name}") for name in [f"LED-{i}" for i in range(1, 8)]
    }

    move(sku["LED-1"], n_a, 10, by=user, age=200, cost="4")
    late = move(sku["LED-1"], n_a, 5, by=user, age=45, cost="8")
    StockMove.objects.filter(pk=stock_move_reverse(move=late, by=user).pk).update(created_at=days_ago(40))
    move(sku["LED-1"], n_a, -6, by=user, age=20)
    move(sku["LED-1"], n_a, 1, by=user, age=10, cost="4", move_type=MoveType.CUSTOMER_RETURN)
    transfer(sku["LED-1"], n_a, s_a, 3, by=user, dispatched=35, received=30)

    move(sku["LED-2"], s_a, 4, by=user, age=120, cost="3")
    move(sku["LED-2"], s_a, 6, by=user, age=10, cost="5")

    move(sku["LED-3"], n_a, 5, by=user, age=150, cost="2")
    move(sku["LED-3"], n_a, -5, by=user, age=60)
    move(sku["LED-3"], n_b, 3, by=user, age=150, cost="2")
    transfer(sku["LED-3"], n_b, n_a, 3, by=user, dispatched=5, received=5)

    move(sku["LED-4"], n_b, 8, by=user, age=100, cost="6")
    move(sku["LED-4"], n_b, -2, by=user, age=100, move_type=MoveType.EXCHANGE_OUT)
    move(sku["LED-4"], n_b, 2, by=user, age=20, cost="6", move_type=MoveType.COUNT_ADJUSTMENT)
    move(sku["LED-4"], n_b, -1, by=user, age=15, move_type=MoveType.SCRAP)

    move(sku["LED-5"], n_a, 7, by=user, age=300, cost="1.50", move_type=MoveType.OPENING)
    move(sku["LED-5"], n_a, -2, by=user, age=95)

    move(sku["LED-6"], s_a, 9, by=user, age=1, cost="2")
    move(sku["LED-6"], s_a, -9, by=user, age=1)

    move(sku["LED-7"], s_a, 4, by=user, age=50, cost="7")
    document = transfer_create(source_warehouse=south, destination=n_b, by=user)
    transfer_line_add(transfer=document, product=sku["LED-7"], source=s_a, quantity=Decimal(4))
    transfer_dispatch(transfer=document, by=user)
    StockMove.objects.filter(document_type="inventory.transfer", document_id=document.pk).update(
        created_at=days_ago(25)
    )
    return {"north": north, "south": south, "products": sku}


def scoped_moves(warehouse):
    moves = StockMove.objects.select_related("location", "product")
    return moves.filter(location__warehouse=warehouse) if warehouse else moves


def is_arrival(line, warehouse) -> bool:
    """The report's definition of an arrival, written out for one move."""
    if line.move_type in ARRIVAL_TYPES and line.quantity > 0:
        return True
    if line.move_type == MoveType.REVERSAL and line.quantity < 0:
        return True
    if warehouse is None or line.move_type != MoveType.TRANSFER_IN or not line.location.is_transit:
        return False
    document = Transfer.objects.get(pk=line.document_id)
    return document.source_warehouse_id != warehouse.pk


def local_day(moment) -> datetime.date:
    return timezone.localtime(moment).date()


def expected_by_product(warehouse) -> dict[str, dict]:
    """On hand, value, arrivals and shipments of every product in the scope, summed move by move."""
    products: dict[str, dict] = {}
    for line in scoped_moves(warehouse):
        row = products.setdefault(
            line.product.sku,
            {"on_hand": Decimal(0), "value": Decimal(0), "arrivals": [], "shipments": []},
        )
        row["on_hand"] += line.quantity
        row["value"] += line.value
        if is_arrival(line, warehouse):
            row["arrivals"].append((line.created_at, line.quantity))
        if line.move_type in TO_CUSTOMERS and line.quantity < 0:
            row["shipments"].append((line.created_at, -line.quantity))
    return {sku: row for sku, row in products.items() if row["on_hand"] > 0}


def expected_ageing(row) -> dict:
    """First in, first out: the units on hand are the latest arrivals, a band of arrivals never below zero."""
    starts = [day_start(days) for days in BUCKET_LIMITS]
    younger, arrived, newer = [], Decimal(0), None
    for start in starts:
        band = sum(
            (q for at, q in row["arrivals"] if at >= start and (newer is None or at < newer)), Decimal(0)
        )
        arrived += max(band, Decimal(0))
        younger.append(min(row["on_hand"], arrived))
        newer = start
    bounds = [Decimal(0), *younger, row["on_hand"]]
    return {key: bounds[i + 1] - bounds[i] for i, (key, *_labels) in enumerate(BUCKETS)}


def report_rows(report_class, data) -> dict[str, dict]:
    report = report_class(data)
    assert report.is_valid, report.form.errors
    return {row["sku"]: row for row in report.rows()}


def scopes(ledger):
    return [None, ledger["north"], ledger["south"]]


def test_ledger_scenario_is_what_the_docstring_says(ledger):
    everywhere = expected_by_product(None)
    assert set(everywhere) == {"LED-1", "LED-2", "LED-3", "LED-4", "LED-5", "LED-7"}
    assert everywhere["LED-1"]["on_hand"] == 5  # 10 + 5 - 5 - 6 + 1
    assert expected_by_product(None)["LED-7"]["on_hand"] == 4  # in transit counts


@pytest.mark.parametrize("days", [14, 30, 90, 120])
def test_slow_moving_figures_are_the_ledgers(ledger, days):
    for warehouse in scopes(ledger):
        since = day_start(days)
        expected = expected_by_product(warehouse)
        for slow_movers in (False, True):
            data = {"days": days, **({"warehouse": warehouse.pk} if warehouse else {})}
            if slow_movers:
                data["slow_movers"] = "on"
            rows = report_rows(SlowMovingStockReport, data)
            wanted = {}
            for sku, row in expected.items():
                shipped = sum((q for at, q in row["shipments"] if at >= since), Decimal(0))
                last_shipped = max((at for at, _q in row["shipments"]), default=None)
                if (
                    (shipped < row["on_hand"])
                    if slow_movers
                    else (last_shipped is None or last_shipped < since)
                ):
                    wanted[sku] = {
                        "on_hand": row["on_hand"],
                        "value": row["value"],
                        "shipped_in_period": shipped,
                        "last_shipment": last_shipped and local_day(last_shipped),
                        "last_arrival": max((local_day(at) for at, _q in row["arrivals"]), default=None),
                    }
            scope = f"{warehouse}, {days} days, slow movers {slow_movers}"
            assert set(rows) == set(wanted), scope
            for sku, figures in wanted.items():
                got = {key: rows[sku][key] for key in figures}
                assert got == figures, f"{sku} {scope}"
                days_since = rows[sku]["days_since_shipment"]
                last = figures["last_shipment"]
                assert days_since == (None if last is None else (timezone.localdate() - last).days)


def test_slow_moving_totals_and_order_are_the_ledgers(ledger):
    """Nothing in stock was shipped in the last 14 days, so every product in stock is a slow mover."""
    report = SlowMovingStockReport({"days": 14, "slow_movers": "on"})
    rows = list(report.rows())
    expected = expected_by_product(None)
    assert [row["sku"] for row in rows] == sorted(expected, key=lambda sku: (-expected[sku]["value"], sku))
    totals = report.totals()
    assert totals["on_hand"] == sum(row["on_hand"] for row in expected.values())
    assert totals["value"] == sum(row["value"] for row in expected.values()).quantize(Decimal("0.01"))


def test_stock_ageing_figures_and_totals_are_the_ledgers(ledger):
    for warehouse in scopes(ledger):
        data = {"show": "both", **({"warehouse": warehouse.pk} if warehouse else {})}
        report = StockAgeingReport(data)
        rows = report_rows(StockAgeingReport, data)
        expected = expected_by_product(warehouse)
        assert set(rows) == set(expected), warehouse
        totals = {key: Decimal(0) for key, *_labels in BUCKETS}
        for sku, row in expected.items():
            average = row["value"] / row["on_hand"]
            assert (rows[sku]["on_hand"], rows[sku]["value"]) == (row["on_hand"], row["value"]), sku
            for key, quantity in expected_ageing(row).items():
                assert rows[sku][key] == quantity, f"{sku} {key} {warehouse}"
                assert rows[sku][f"{key}_value"].quantize(Decimal("0.0001")) == (quantity * average).quantize(
                    Decimal("0.0001")
                )
                totals[key] += quantity
        report_totals = report.totals()
        for key, quantity in totals.items():
            assert report_totals[key] == quantity, f"total {key} {warehouse}"
        assert report_totals["value"] == sum(row["value"] for row in expected.values()).quantize(
            Decimal("0.01")
        )


@pytest.mark.parametrize(("first", "last"), [(30, 0), (100, 40), (200, 120), (45, 45), (290, 250)])
def test_turnover_figures_and_totals_are_the_ledgers(ledger, first, last):
    """Opening and closing values and the cost of goods sold of every product, from its moves' local dates."""
    start, end = (
        timezone.localdate() - datetime.timedelta(days=first),
        timezone.localdate() - datetime.timedelta(days=last),
    )
    expected: dict[str, dict] = {}
    for line in StockMove.objects.select_related("product"):
        row = expected.setdefault(
            line.product.sku,
            {"opening_value": Decimal(0), "closing_value": Decimal(0), "cost_of_sales": Decimal(0)},
        )
        day = local_day(line.created_at)
        if day < start:
            row["opening_value"] += line.value
        if day <= end:
            row["closing_value"] += line.value
        if start <= day <= end and line.move_type in (
            MoveType.SHIPMENT,
            MoveType.EXCHANGE_OUT,
            MoveType.CUSTOMER_RETURN,
        ):
            row["cost_of_sales"] -= line.value
    expected = {sku: row for sku, row in expected.items() if any(row.values())}

    report = InventoryTurnoverReport({"date_from": start, "date_to": end})
    rows = {row["product__sku"]: row for row in report.rows()}

    assert set(rows) == set(expected)
    for sku, figures in expected.items():
        assert {key: rows[sku][key] for key in figures} == figures, sku
        average = (figures["opening_value"] + figures["closing_value"]) / 2
        assert rows[sku]["average_value"] == average, sku
        turnover = figures["cost_of_sales"] / average if average else None
        assert rows[sku]["turnover"] == turnover or abs(rows[sku]["turnover"] - turnover) < Decimal(
            "1e-10"
        ), sku
    totals = report.totals()
    for key in ("opening_value", "closing_value", "cost_of_sales"):
        assert totals[key] == sum(row[key] for row in expected.values()).quantize(Decimal("0.01")), key


@pytest.mark.parametrize("age", [0, 1, 12, 30, 100, 160, 250, 400])
def test_valuation_at_a_past_date_is_the_sum_of_the_moves_to_its_end(ledger, age):
    """Recent days are read as the balances less the moves since, older ones as the moves up to them."""
    day = timezone.localdate() - datetime.timedelta(days=age)
    for warehouse in scopes(ledger):
        expected: dict[str, tuple] = {}
        for line in scoped_moves(warehouse):
            if local_day(line.created_at) <= day:
                quantity, value = expected.get(line.product.sku, (Decimal(0), Decimal(0)))
                expected[line.product.sku] = (quantity + line.quantity, value + line.value)
        expected = {sku: figures for sku, figures in expected.items() if any(figures)}
        data = {"date": day, **({"warehouse": warehouse.pk} if warehouse else {})}
        report = StockValuationReport(data)

        rows = {row["product__sku"]: (row["quantity"], row["value"]) for row in report.rows()}

        assert rows == expected, warehouse
        totals = report.totals()
        assert totals["quantity"] == sum((q for q, _v in expected.values()), Decimal(0))
        assert totals["value"] == sum((v for _q, v in expected.values()), Decimal(0)).quantize(
            Decimal("0.01")
        )


def shown_totals(client, name, data) -> dict:
    """The totals row of a report's page, read with the page's rows, by column key."""
    response = client.get(reverse(f"reports:{name}"), data)
    assert response.status_code == 200
    return {column.key: value for column, value in response.context["totals"] if column.total}


def test_stock_ageing_page_shows_the_ledgers_totals(ledger, admin_client):
    """The page's totals row, read with its rows, adds up the ledger in every scope (a warehouse's
    arrivals include goods transferred in from the other warehouse, in transit or received)."""
    for warehouse in scopes(ledger):
        data = {"show": "both", **({"warehouse": warehouse.pk} if warehouse else {})}
        expected = expected_by_product(warehouse)

        shown = shown_totals(admin_client, "stock-ageing", data)

        for key, *_labels in BUCKETS:
            assert shown[key] == sum((expected_ageing(row)[key] for row in expected.values()), Decimal(0))
        assert shown["on_hand"] == sum(row["on_hand"] for row in expected.values())
        assert shown["value"] == sum(row["value"] for row in expected.values()).quantize(Decimal("0.01"))
        assert shown == StockAgeingReport(data).totals(), warehouse


def test_turnover_page_shows_the_ledgers_totals(ledger, admin_client):
    start, end = timezone.localdate() - datetime.timedelta(days=100), timezone.localdate()
    data = {"date_from": start, "date_to": end}
    cost = Decimal(0)
    for line in StockMove.objects.filter(move_type__in=[*TO_CUSTOMERS, MoveType.CUSTOMER_RETURN]):
        if start <= local_day(line.created_at) <= end:
            cost -= line.value

    shown = shown_totals(admin_client, "inventory-turnover", data)

    assert shown["cost_of_sales"] == cost.quantize(Decimal("0.01"))
    assert shown["closing_value"] == sum(line.value for line in StockMove.objects.all()).quantize(
        Decimal("0.01")
    )
    assert shown == InventoryTurnoverReport(data).totals()


@pytest.mark.parametrize("sort", ["", "-age_over_180_value", "name", "-on_hand"])
def test_stock_ageing_pages_hold_the_reports_rows_in_its_order(ledger, admin_client, monkeypatch, sort):
    """Page by page, whatever the sort (by a figure worked out for the page's rows only, too), the pages
    hold the rows the export holds, once each, and each page knows how many there are."""
    monkeypatch.setattr(StockAgeingReport, "page_size", 2)
    data = {"show": "both", "sort": sort}
    expected = list(StockAgeingReport(data).iter_cells())
    assert len(expected) > 4

    shown = []
    for number in range(1, (len(expected) + 1) // 2 + 1):
        response = admin_client.get(reverse("reports:stock-ageing"), {**data, "page": number})
        assert response.context["paginator"].count == len(expected)
        assert response.context["page_obj"].number == number
        shown += [[value for _column, value in row] for row in response.context["rows"]]

    assert shown == expected


@pytest.mark.parametrize(("back", "months"), [(1, 1), (2, 2), (4, 3), (10, 10)])
def test_turnover_of_whole_months_reads_the_same_from_closed_months(ledger, back, months):
    """Once the months are closed (月结), a period of whole months reads their ends instead of the moves,
    and every row and total stays what the moves give."""
    first = timezone.localdate().replace(day=1)
    for _ in range(back):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    last = first
    for _ in range(months):
        last = month_after(last)
    data = {"date_from": first, "date_to": last - datetime.timedelta(days=1)}
    from_moves = (list(InventoryTurnoverReport(data).iter_cells()), InventoryTurnoverReport(data).totals())

    stock_months_close()
    with CaptureQueriesContext(connection) as queries:
        from_month_ends = list(InventoryTurnoverReport(data).iter_cells())
    read_month_ends = any(StockMonthEndLine._meta.db_table in query["sql"] for query in queries)

    assert from_moves[0]
    assert (from_month_ends, InventoryTurnoverReport(data).totals()) == from_moves
    if (back, months) == (1, 1):
        assert read_month_ends  # last month's moves outnumber its products: the month's end is read
