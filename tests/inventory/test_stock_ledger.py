"""Posting rules of the stock ledger: quantities, moving-average cost, lots, reversals, reservations."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from common.exceptions import DocumentStateError, DomainError
from common.models import TransitionLog
from inventory.choices import MoveType, OpeningStockStatus
from inventory.exceptions import AlreadyPostedError, InsufficientStockError
from inventory.models import Lot, OpeningStock, StockBalance, StockMove, StockReservation
from inventory.selectors import stock_ledger_mismatches
from inventory.services import (
    DocumentRef,
    MoveSpec,
    opening_stock_post,
    stock_move_reverse,
    stock_moves_post,
    stock_release,
    stock_reserve,
)
from tests.factories import (
    LocationFactory,
    LotFactory,
    OpeningStockFactory,
    OpeningStockLineFactory,
    ProductFactory,
    UnitFactory,
    UserFactory,
    WarehouseFactory,
)
from tests.ledger import balance_of, post

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def user():
    return UserFactory(username="keeper")


@pytest.fixture
def product():
    return ProductFactory(sku="P-100", name="Copy paper A4")


@pytest.fixture
def location():
    return LocationFactory(code="A-01", warehouse=WarehouseFactory(code="MAIN"))


@pytest.fixture
def order():
    """A document that holds reservations (any document model will do)."""
    return OpeningStockFactory(number="SO-209901-0001")


def snapshot(product, location, lot=None):
    b = balance_of(product, location, lot)
    return (b.on_hand, b.reserved, b.value, StockMove.objects.count(), StockReservation.objects.count())


# --- incoming and outgoing ---------------------------------------------------------------------------


def test_incoming_move_raises_on_hand_and_value(user, product, location):
    move = post(product, location, "10", unit_cost="5.50", by=user)

    balance = balance_of(product, location)
    assert balance.on_hand == D("10")
    assert balance.available == D("10")
    assert balance.value == D("55")
    assert move.unit_cost == D("5.5")
    assert move.value == D("55")
    assert stock_ledger_mismatches() == []


def test_outgoing_move_beyond_available_is_refused(user, product, location, order):
    post(product, location, "10", unit_cost="5", by=user)
    stock_reserve(product=product, warehouse=location.warehouse, quantity=D("4"), document=order, line_id=1)
    before = snapshot(product, location)

    with pytest.raises(InsufficientStockError) as refused:
        post(product, location, "-7", by=user)  # 10 on hand, but 4 are reserved

    message = str(refused.value)
    assert "P-100 Copy paper A4" in message
    assert "MAIN/A-01" in message
    assert "6 available" in message
    assert "7 needed" in message
    assert snapshot(product, location) == before
    assert StockMove.objects.filter(move_type=MoveType.SHIPMENT).count() == 0
    assert stock_ledger_mismatches() == []


def test_refusal_message_shows_quantities_as_people_write_them(user, product, location):
    post(product, location, "10", unit_cost="1", by=user)

    with pytest.raises(InsufficientStockError) as refused:
        post(product, location, "-20", by=user)

    assert "10 available, 20 needed" in str(refused.value)
    assert "E+" not in str(refused.value)


def test_outgoing_move_from_an_empty_location_is_refused_and_leaves_no_row(user, product, location):
    with pytest.raises(InsufficientStockError, match="0 available, 1 needed"):
        post(product, location, "-1", by=user)

    assert not StockBalance.objects.exists()
    assert not StockMove.objects.exists()
    assert stock_ledger_mismatches() == []


def test_a_refused_line_refuses_the_whole_posting(user, product, location):
    other = ProductFactory()
    post(product, location, "5", unit_cost="2", by=user)
    post(other, location, "1", unit_cost="2", by=user)

    with pytest.raises(InsufficientStockError):
        stock_moves_post(
            moves=[
                MoveSpec(product.pk, location.pk, D("-5"), MoveType.SHIPMENT),
                MoveSpec(other.pk, location.pk, D("-2"), MoveType.SHIPMENT),
            ],
            document=DocumentRef("tests.delivery", 9, "D-9"),
            by=user,
        )

    assert balance_of(product, location).on_hand == D("5")
    assert StockMove.objects.count() == 2
    assert stock_ledger_mismatches() == []


# --- moving-average cost -------------------------------------------------------------------------------


def test_moving_average_cost_across_receipts_and_the_last_unit_takes_the_rest(user, product, location):
    post(product, location, "10", unit_cost="5", by=user)
    post(product, location, "5", unit_cost="8", by=user)
    assert balance_of(product, location).average_cost == D("6")  # 90 / 15

    shipped = post(product, location, "-3", by=user)
    assert shipped.unit_cost == D("6")
    assert shipped.value == D("-18")

    post(product, location, "8", unit_cost="8.5", by=user)  # 72 + 68 = 140 for 20
    assert balance_of(product, location).average_cost == D("7")

    last = post(product, location, "-20", by=user)
    assert last.unit_cost == D("7")
    assert last.value == D("-140")
    balance = balance_of(product, location)
    assert balance.on_hand == 0
    assert balance.value == 0
    assert stock_ledger_mismatches() == []


def test_last_unit_out_leaves_no_rounding_residue(user, product, location):
    post(product, location, "1", unit_cost="4", by=user)
    post(product, location, "2", unit_cost="3", by=user)  # 10.00 for 3: average 3.3333...

    first = post(product, location, "-1", by=user)
    second = post(product, location, "-1", by=user)
    third = post(product, location, "-1", by=user)

    assert first.value == D("-3.3333")
    assert second.value == D("-3.3334")  # 6.6667 for 2 left: the average rounds up
    assert third.value == D("-3.3333")  # the remaining value, exactly
    balance = balance_of(product, location)
    assert balance.on_hand == 0
    assert balance.value == 0
    assert sum(m.value for m in StockMove.objects.all()) == 0
    assert stock_ledger_mismatches() == []


def test_fractional_quantities_keep_their_cost(user, location):
    kg = UnitFactory(code="kg", name="kg", is_fractional=True)
    rice = ProductFactory(unit=kg)
    post(rice, location, "2.5", unit_cost="4", by=user)

    out = post(rice, location, "-0.75", by=user)

    assert out.value == D("-3")
    assert balance_of(rice, location).on_hand == D("1.75")
    with pytest.raises(InsufficientStockError, match="1.75 available, 2 needed"):
        post(rice, location, "-2", by=user)
    assert stock_ledger_mismatches() == []


# --- lots ------------------------------------------------------------------------------------------------


def test_lot_tracked_balances_are_kept_per_lot(user, location):
    product = ProductFactory(is_lot_tracked=True)
    early = LotFactory(product=product, number="L-EARLY")
    late = LotFactory(product=product, number="L-LATE")
    post(product, location, "5", unit_cost="2", lot=early, by=user)
    post(product, location, "7", unit_cost="3", lot=late, by=user)

    assert balance_of(product, location, early).value == D("10")
    assert balance_of(product, location, late).value == D("21")
    with pytest.raises(InsufficientStockError, match="5 available, 6 needed"):
        post(product, location, "-6", lot=early, by=user)  # 12 in the location, but only 5 of this lot

    out = post(product, location, "-5", lot=early, by=user)

    assert out.unit_cost == D("2")
    assert balance_of(product, location, early).on_hand == 0
    assert balance_of(product, location, late).on_hand == D("7")
    assert StockBalance.objects.filter(product=product).count() == 2
    assert stock_ledger_mismatches() == []


# --- reversals -------------------------------------------------------------------------------------------


def test_reversal_posts_the_opposite_at_the_original_cost(user, product, location):
    post(product, location, "10", unit_cost="5", by=user)
    post(product, location, "10", unit_cost="7", by=user)
    shipment = post(product, location, "-5", by=user)  # leaves at 6
    post(product, location, "10", unit_cost="9", by=user)  # average now 7.2

    reversal = stock_move_reverse(move=shipment, by=user)

    assert reversal.move_type == MoveType.REVERSAL
    assert reversal.reverses == shipment
    assert reversal.quantity == D("5")
    assert reversal.unit_cost == D("6")
    assert reversal.value == D("30")
    assert reversal.document_number == shipment.document_number
    balance = balance_of(product, location)
    assert balance.on_hand == D("30")
    assert balance.value == D("210")
    assert stock_ledger_mismatches() == []


def test_a_move_cannot_be_reversed_twice(user, product, location):
    receipt = post(product, location, "10", unit_cost="5", by=user)
    reversal = stock_move_reverse(move=receipt, by=user)

    with pytest.raises(AlreadyPostedError):
        stock_move_reverse(move=receipt, by=user)
    with pytest.raises(AlreadyPostedError):
        stock_move_reverse(move=reversal, by=user)

    assert StockMove.objects.count() == 2
    balance = balance_of(product, location)
    assert balance.on_hand == 0
    assert balance.value == 0
    assert stock_ledger_mismatches() == []


def test_reversal_that_would_make_stock_negative_is_refused(user, product, location):
    receipt = post(product, location, "10", unit_cost="5", by=user)
    post(product, location, "-8", by=user)
    before = snapshot(product, location)

    with pytest.raises(InsufficientStockError, match="2 available, 10 needed"):
        stock_move_reverse(move=receipt, by=user)

    assert snapshot(product, location) == before
    assert not StockMove.objects.filter(reverses=receipt).exists()
    assert stock_ledger_mismatches() == []


# --- double posting ---------------------------------------------------------------------------------------


def test_the_same_document_line_posted_twice_is_refused(user, product, location):
    receipt = DocumentRef("purchasing.goodsreceipt", 3, "GR-202601-0003")
    post(product, location, "4", unit_cost="5", line_id=31, document=receipt, by=user)

    with pytest.raises(AlreadyPostedError, match="GR-202601-0003 has already been posted"):
        post(product, location, "4", unit_cost="5", line_id=31, document=receipt, by=user)

    assert StockMove.objects.filter(document_line_id=31).count() == 1
    balance = balance_of(product, location)
    assert balance.on_hand == D("4")
    assert balance.value == D("20")
    assert stock_ledger_mismatches() == []


# --- reservations ---------------------------------------------------------------------------------------


def test_reservation_reduces_available_and_release_restores_it(user, product, location, order):
    post(product, location, "10", unit_cost="5", by=user)

    (reservation,) = stock_reserve(
        product=product, warehouse=location.warehouse, quantity=D("4"), document=order, line_id=7
    )

    assert reservation.quantity == D("4")
    assert reservation.document_number == order.number
    balance = balance_of(product, location)
    assert balance.on_hand == D("10")
    assert balance.available == D("6")
    assert stock_ledger_mismatches() == []

    released = stock_release(document=order)

    assert released == D("4")
    assert balance_of(product, location).available == D("10")
    assert not StockReservation.objects.exists()
    post(product, location, "-10", by=user)  # the released stock can leave again
    assert stock_ledger_mismatches() == []


def test_reservation_beyond_available_is_refused(user, product, location, order):
    post(product, location, "10", unit_cost="5", by=user)
    stock_reserve(product=product, warehouse=location.warehouse, quantity=D("4"), document=order, line_id=1)

    with pytest.raises(InsufficientStockError) as refused:
        stock_reserve(
            product=product, warehouse=location.warehouse, quantity=D("7"), document=order, line_id=2
        )

    assert "P-100 Copy paper A4" in str(refused.value)
    assert "6 available, 7 needed" in str(refused.value)
    assert balance_of(product, location).reserved == D("4")
    assert StockReservation.objects.count() == 1
    assert stock_ledger_mismatches() == []


def test_reservation_takes_the_first_expiring_lot_first_across_locations(user, order):
    warehouse = WarehouseFactory()
    shelf_a = LocationFactory(warehouse=warehouse, code="A-01")
    shelf_b = LocationFactory(warehouse=warehouse, code="B-01")
    elsewhere = LocationFactory(code="X-01")  # another warehouse: never touched
    product = ProductFactory(is_lot_tracked=True)
    late = LotFactory(product=product, number="L-LATE", expiry_date=datetime.date(2027, 6, 1))
    early = LotFactory(product=product, number="L-EARLY", expiry_date=datetime.date(2027, 1, 1))
    middle = LotFactory(product=product, number="L-MID", expiry_date=datetime.date(2027, 3, 1))
    oldest = LotFactory(product=product, number="L-OLDEST", expiry_date=datetime.date(2026, 1, 1))
    post(product, shelf_a, "5", unit_cost="1", lot=late, by=user)
    post(product, shelf_b, "4", unit_cost="1", lot=early, by=user)
    post(product, shelf_a, "3", unit_cost="1", lot=middle, by=user)
    post(product, elsewhere, "9", unit_cost="1", lot=oldest, by=user)

    reservations = stock_reserve(
        product=product, warehouse=warehouse, quantity=D("6"), document=order, line_id=1
    )

    assert [(r.lot.number, r.location.code, r.quantity) for r in reservations] == [
        ("L-EARLY", "B-01", D("4")),
        ("L-MID", "A-01", D("2")),
    ]
    assert balance_of(product, shelf_a, late).reserved == 0
    assert balance_of(product, elsewhere, oldest).reserved == 0
    assert stock_ledger_mismatches() == []


def test_release_of_one_line_keeps_the_other_lines_reserved(user, product, location, order):
    post(product, location, "10", unit_cost="5", by=user)
    stock_reserve(product=product, warehouse=location.warehouse, quantity=D("3"), document=order, line_id=1)
    stock_reserve(product=product, warehouse=location.warehouse, quantity=D("2"), document=order, line_id=2)

    assert stock_release(document=order, line_ids=[1]) == D("3")

    assert balance_of(product, location).reserved == D("2")
    assert list(StockReservation.objects.values_list("document_line_id", flat=True)) == [2]
    assert stock_ledger_mismatches() == []


# --- opening stock ----------------------------------------------------------------------------------------


@pytest.fixture
def opening():
    document = OpeningStockFactory(created_by=UserFactory(username="clerk"))
    paper = OpeningStockLineFactory(document=document, quantity=D("10"), unit_cost=D("3"))
    milk = OpeningStockLineFactory(
        document=document,
        product=ProductFactory(is_lot_tracked=True),
        lot_number="M-2601",
        expiry_date=datetime.date(2026, 2, 1),
        quantity=D("4"),
        unit_cost=D("2.5"),
    )
    return document, paper, milk


def test_opening_stock_post_puts_every_line_on_hand(opening):
    document, paper, milk = opening
    approver = UserFactory(username="boss", role="approver")

    opening_stock_post(document=document, by=approver)

    document = OpeningStock.objects.get(pk=document.pk)  # a protected status cannot be refreshed in place
    assert document.status == OpeningStockStatus.POSTED
    assert document.approved_by == approver
    assert document.posted_at is not None
    moves = StockMove.objects.filter(document_number=document.number, move_type=MoveType.OPENING)
    assert {m.document_line_id for m in moves} == {paper.pk, milk.pk}
    assert balance_of(paper.product, paper.location).value == D("30")
    lot = Lot.objects.get(product=milk.product, number="M-2601")
    assert lot.expiry_date == datetime.date(2026, 2, 1)
    assert balance_of(milk.product, milk.location, lot).on_hand == D("4")
    log = TransitionLog.objects.get(document_number=document.number)
    assert (log.source, log.target, log.by) == ("draft", "posted", approver)
    assert stock_ledger_mismatches() == []


def test_opening_stock_cannot_be_posted_by_its_creator(opening):
    document, *_ = opening

    with pytest.raises(DomainError, match="Nobody approves a document they created"):
        opening_stock_post(document=document, by=document.created_by)

    document = OpeningStock.objects.get(pk=document.pk)
    assert document.status == OpeningStockStatus.DRAFT
    assert not StockMove.objects.exists()
    assert not StockBalance.objects.exists()
    assert stock_ledger_mismatches() == []


def test_empty_opening_stock_is_refused():
    document = OpeningStockFactory()

    with pytest.raises(DomainError, match="Add at least one line"):
        opening_stock_post(document=document, by=UserFactory())

    document = OpeningStock.objects.get(pk=document.pk)
    assert document.status == OpeningStockStatus.DRAFT
    assert stock_ledger_mismatches() == []


def test_posted_opening_stock_cannot_be_posted_again(opening):
    document, paper, _milk = opening
    approver = UserFactory(role="approver")
    opening_stock_post(document=document, by=approver)

    with pytest.raises(DocumentStateError, match="this action is not possible now"):
        opening_stock_post(document=document, by=approver)

    assert StockMove.objects.count() == 2
    assert balance_of(paper.product, paper.location).on_hand == D("10")
    assert TransitionLog.objects.count() == 1
    assert stock_ledger_mismatches() == []


# --- the check_stock command ------------------------------------------------------------------------------


def test_check_stock_passes_on_a_consistent_database(user, product, location):
    post(product, location, "10", unit_cost="5", by=user)
    post(product, location, "-3", by=user)
    out = StringIO()

    call_command("check_stock", stdout=out)

    assert "agree" in out.getvalue()
    assert "MISMATCH" not in out.getvalue()


def test_check_stock_reports_a_tampered_balance(user, product, location):
    post(product, location, "10", unit_cost="5", by=user)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE inventory_stockbalance SET on_hand = on_hand + 1 WHERE product_id = %s", [product.pk]
        )
    out = StringIO()

    with pytest.raises(CommandError, match="1 mismatches"):
        call_command("check_stock", stdout=out)

    assert (
        f"MISMATCH product {product.sku} location {location.warehouse.code}/{location.code}" in out.getvalue()
    )
    assert "on hand ledger 10.000, balance 11.000" in out.getvalue()


def test_check_stock_reports_value_left_with_nothing_on_hand(user, product, location):
    """The ledger's own moves can leave value behind only through a wrong cost: the reports read value
    where there is stock, so an empty balance holding value would drop out of them unnoticed."""
    post(product, location, "10", unit_cost="5", by=user)
    post(product, location, "-10", by=user)
    move = StockMove.objects.filter(product=product).latest("pk")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE inventory_stockmove SET value = value + 1 WHERE id = %s", [move.pk])
        cursor.execute(
            "UPDATE inventory_stockbalance SET value = value + 1 WHERE product_id = %s", [product.pk]
        )
    out = StringIO()

    with pytest.raises(CommandError, match="1 mismatches"):
        call_command("check_stock", stdout=out)

    assert "value with nothing on hand ledger 0, balance 1.0000" in out.getvalue()
