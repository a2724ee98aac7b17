"""Lots: first-expiry-first-out reservation, lot trace over every move, near-expiry report."""

import datetime

import pytest

from inventory.models import StockReservation
from inventory.selectors import document_links, lot_balances, lot_trace, near_expiry
from inventory.services import stock_reserve, transfer_receive
from tests.factories import LotFactory, OpeningStockFactory, ProductFactory
from tests.inventory.operations import dispatched_transfer, q
from tests.ledger import post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_stays_exact")]


def test_fefo_reserves_the_earliest_expiry_first(main_location, keeper):
    product = ProductFactory(is_lot_tracked=True)
    late = LotFactory(product=product, expiry_date=datetime.date(2031, 1, 1))
    early = LotFactory(product=product, expiry_date=datetime.date(2030, 1, 1))
    post(product, main_location, 5, by=keeper, unit_cost="1", lot=late)
    post(product, main_location, 3, by=keeper, unit_cost="1", lot=early)

    stock_reserve(
        product=product,
        warehouse=main_location.warehouse,
        quantity=q(4),
        document=OpeningStockFactory(),
        line_id=1,
    )

    taken = {r.lot_id: r.quantity for r in StockReservation.objects.all()}
    assert taken == {early.pk: q(3), late.pk: q(1)}


def test_lot_trace_lists_every_move_of_the_lot_with_its_document(main_location, branch_location, keeper):
    lot = LotFactory()
    other_lot = LotFactory(product=lot.product)
    received = post(lot.product, main_location, 10, by=keeper, unit_cost="2", lot=lot)
    post(lot.product, main_location, 4, by=keeper, unit_cost="2", lot=other_lot)
    shipped = post(lot.product, main_location, -3, by=keeper, lot=lot)
    transfer = dispatched_transfer(
        product=lot.product, source=main_location, destination=branch_location, quantity=5, by=keeper, lot=lot
    )
    transfer_receive(transfer=transfer, by=keeper)

    trace = list(lot_trace(lot))

    assert len(trace) == 2 + 4  # receipt, shipment, transfer out/in transit, out of transit/in
    assert trace[0] == received
    assert trace[1] == shipped
    assert {m.document_number for m in trace[2:]} == {transfer.number}
    assert all(m.lot_id == lot.pk for m in trace)
    links = document_links(trace)
    assert links[("inventory.transfer", transfer.pk)] == transfer.get_absolute_url()
    assert {(b.location_id, b.on_hand) for b in lot_balances(lot)} == {
        (main_location.pk, q(2)),
        (branch_location.pk, q(5)),
    }


def test_near_expiry_report_uses_the_horizon(main_location, keeper):
    today = datetime.date(2027, 6, 1)
    product = ProductFactory(is_lot_tracked=True)
    soon = LotFactory(product=product, expiry_date=today + datetime.timedelta(days=10))
    expired = LotFactory(product=product, expiry_date=today - datetime.timedelta(days=1))
    later = LotFactory(product=product, expiry_date=today + datetime.timedelta(days=90))
    for lot in (soon, expired, later):
        post(product, main_location, 1, by=keeper, unit_cost="1", lot=lot)

    assert [b.lot for b in near_expiry(days=30, today=today)] == [expired, soon]
    assert [b.lot for b in near_expiry(days=120, today=today)] == [expired, soon, later]
    assert list(near_expiry(days=0, today=today - datetime.timedelta(days=5))) == []
