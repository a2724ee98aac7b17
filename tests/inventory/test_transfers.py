"""Transfers: draft -> in transit -> received, goods in transit carried and valued by the ledger."""

import pytest

from common.exceptions import DocumentStateError, DomainError
from inventory.choices import MoveType, TransferStatus
from inventory.exceptions import InsufficientStockError
from inventory.models import StockBalance, StockMove, Transfer
from inventory.selectors import goods_in_transit
from inventory.services import (
    transfer_cancel,
    transfer_create,
    transfer_dispatch,
    transfer_line_add,
    transfer_receive,
    transit_location_get,
)
from tests.factories import LocationFactory, LotFactory
from tests.inventory.operations import dispatched_transfer, q
from tests.ledger import balance_of, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_stays_exact")]


def test_dispatch_moves_goods_into_transit_at_average_cost(product, main_location, branch_location, keeper):
    post(product, main_location, 10, by=keeper, unit_cost="4")
    post(product, main_location, 10, by=keeper, unit_cost="6")

    transfer = dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=5, by=keeper
    )

    transit = transit_location_get(warehouse=branch_location.warehouse)
    assert transfer.status == TransferStatus.IN_TRANSIT
    assert transit.is_transit
    assert not transit.is_active
    assert balance_of(product, main_location).on_hand == q(15)
    in_transit = balance_of(product, transit)
    assert (in_transit.on_hand, in_transit.value) == (q(5), q(25))
    line = transfer.lines.get()
    assert (line.unit_cost, line.value) == (q(5), q(25))
    balances, transfers = goods_in_transit()
    assert [b.pk for b in balances] == [in_transit.pk]
    assert transfers.get().value == q(25)


def test_receiving_everything_empties_transit(product, main_location, branch_location, keeper):
    post(product, main_location, 8, by=keeper, unit_cost="2.5")
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=8, by=keeper
    )

    transfer_receive(transfer=transfer, by=keeper)

    transfer = Transfer.objects.get(pk=transfer.pk)
    transit = transit_location_get(warehouse=branch_location.warehouse)
    assert transfer.status == TransferStatus.RECEIVED
    assert balance_of(product, transit).on_hand == 0
    assert balance_of(product, transit).value == 0
    arrived = balance_of(product, branch_location)
    assert (arrived.on_hand, arrived.value) == (q(8), q(20))
    assert transfer.lines.get().received_quantity == q(8)


def test_receiving_less_writes_the_shortfall_off_with_its_value(
    product, main_location, branch_location, keeper
):
    post(product, main_location, 10, by=keeper, unit_cost="3")
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=10, by=keeper
    )
    line = transfer.lines.get()

    transfer_receive(transfer=transfer, by=keeper, received={line.pk: q(7)})

    line.refresh_from_db()
    assert line.difference == q(-3)
    transit = transit_location_get(warehouse=branch_location.warehouse)
    scrap = StockMove.objects.get(document_number=transfer.number, move_type=MoveType.SCRAP)
    assert (scrap.location, scrap.quantity, scrap.value) == (transit, q(-3), q(-9))
    assert balance_of(product, transit).on_hand == 0
    assert balance_of(product, branch_location).value == q(21)


def test_receiving_more_counts_the_surplus_in_at_the_transfer_cost(
    product, main_location, branch_location, keeper
):
    post(product, main_location, 10, by=keeper, unit_cost="3")
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=4, by=keeper
    )
    line = transfer.lines.get()

    transfer_receive(transfer=transfer, by=keeper, received={line.pk: q(5)})

    assert balance_of(product, branch_location).on_hand == q(5)
    assert balance_of(product, branch_location).value == q(15)
    assert StockMove.objects.filter(move_type=MoveType.COUNT_ADJUSTMENT, quantity=1).exists()


def test_receiving_nothing_writes_off_everything(product, main_location, branch_location, keeper):
    post(product, main_location, 2, by=keeper, unit_cost="1")
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=2, by=keeper
    )
    transfer_receive(transfer=transfer, by=keeper, received={transfer.lines.get().pk: q(0)})
    assert not StockBalance.objects.filter(location=branch_location, on_hand__gt=0).exists()


def test_transfer_between_locations_of_one_warehouse(product, main_location, keeper):
    other = LocationFactory(warehouse=main_location.warehouse, code="A-02")
    post(product, main_location, 3, by=keeper, unit_cost="2")
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=other, quantity=3, by=keeper
    )
    transfer_receive(transfer=transfer, by=keeper)
    assert balance_of(product, other).on_hand == q(3)
    assert balance_of(product, main_location).on_hand == 0


def test_lot_travels_with_its_lot(main_location, branch_location, keeper):
    lot = LotFactory()
    post(lot.product, main_location, 5, by=keeper, unit_cost="1", lot=lot)
    transfer = dispatched_transfer(
        product=lot.product, source=main_location, destination=branch_location, quantity=2, by=keeper, lot=lot
    )
    transfer_receive(transfer=transfer, by=keeper)
    assert balance_of(lot.product, branch_location, lot).on_hand == q(2)


def test_dispatch_refuses_more_than_available(product, main_location, branch_location, keeper):
    post(product, main_location, 1, by=keeper, unit_cost="1")
    transfer = transfer_create(
        source_warehouse=main_location.warehouse, destination=branch_location, by=keeper
    )
    transfer_line_add(transfer=transfer, product=product, source=main_location, quantity=q(2))
    with pytest.raises(InsufficientStockError):
        transfer_dispatch(transfer=transfer, by=keeper)
    transfer = Transfer.objects.get(pk=transfer.pk)
    assert transfer.status == TransferStatus.DRAFT


def test_a_line_needs_a_source_in_the_source_warehouse(product, main_location, branch_location, keeper):
    transfer = transfer_create(
        source_warehouse=main_location.warehouse, destination=branch_location, by=keeper
    )
    with pytest.raises(DomainError):
        transfer_line_add(transfer=transfer, product=product, source=branch_location, quantity=q(1))


def test_lot_tracked_line_needs_a_lot(main_location, branch_location, keeper):
    lot = LotFactory()
    transfer = transfer_create(
        source_warehouse=main_location.warehouse, destination=branch_location, by=keeper
    )
    with pytest.raises(DomainError):
        transfer_line_add(transfer=transfer, product=lot.product, source=main_location, quantity=q(1))


def test_empty_transfer_cannot_be_dispatched(main_location, branch_location, keeper):
    transfer = transfer_create(
        source_warehouse=main_location.warehouse, destination=branch_location, by=keeper
    )
    with pytest.raises(DomainError):
        transfer_dispatch(transfer=transfer, by=keeper)


def _in_state(state, product, main_location, branch_location, keeper):
    post(product, main_location, 5, by=keeper, unit_cost="1")
    transfer = transfer_create(
        source_warehouse=main_location.warehouse, destination=branch_location, by=keeper
    )
    transfer_line_add(transfer=transfer, product=product, source=main_location, quantity=q(1))
    if state in (TransferStatus.IN_TRANSIT, TransferStatus.RECEIVED):
        transfer_dispatch(transfer=transfer, by=keeper)
    if state == TransferStatus.RECEIVED:
        transfer_receive(transfer=transfer, by=keeper)
    if state == TransferStatus.CANCELLED:
        transfer_cancel(transfer=transfer, by=keeper)
    return Transfer.objects.get(pk=transfer.pk)


ACTIONS = {
    "dispatch": lambda t, by: transfer_dispatch(transfer=t, by=by),
    "receive": lambda t, by: transfer_receive(transfer=t, by=by),
    "cancel": lambda t, by: transfer_cancel(transfer=t, by=by),
}
ALLOWED = {
    (TransferStatus.DRAFT, "dispatch"): TransferStatus.IN_TRANSIT,
    (TransferStatus.DRAFT, "cancel"): TransferStatus.CANCELLED,
    (TransferStatus.IN_TRANSIT, "receive"): TransferStatus.RECEIVED,
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(
    "state",
    [TransferStatus.DRAFT, TransferStatus.IN_TRANSIT, TransferStatus.RECEIVED, TransferStatus.CANCELLED],
)
def test_every_transition(state, action, product, main_location, branch_location, keeper):
    transfer = _in_state(state, product, main_location, branch_location, keeper)
    moves_before = StockMove.objects.count()
    if (state, action) in ALLOWED:
        ACTIONS[action](transfer, keeper)
        transfer = Transfer.objects.get(pk=transfer.pk)
        assert transfer.status == ALLOWED[(state, action)]
    else:
        with pytest.raises(DocumentStateError):
            ACTIONS[action](transfer, keeper)
        transfer = Transfer.objects.get(pk=transfer.pk)
        assert transfer.status == state
        assert StockMove.objects.count() == moves_before


def test_reservations_never_take_goods_in_transit(product, main_location, keeper):
    from inventory.services import stock_reserve

    destination = LocationFactory(warehouse=main_location.warehouse, code="A-09")
    post(product, main_location, 2, by=keeper, unit_cost="1")
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=destination, quantity=2, by=keeper
    )
    with pytest.raises(InsufficientStockError):
        stock_reserve(
            product=product, warehouse=main_location.warehouse, quantity=q(1), document=transfer, line_id=1
        )


def test_goods_in_transit_are_not_available_in_the_product_totals(
    product, main_location, branch_location, keeper
):
    from inventory.selectors import products_with_stock

    post(product, main_location, 10, by=keeper, unit_cost="1")
    dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=4, by=keeper
    )

    totals = products_with_stock().get(pk=product.pk)
    assert totals.stock_on_hand == q(10)  # still the company's
    assert totals.stock_value == q(10)
    assert totals.stock_available == q(6)  # but not usable until received
