"""Stocktaking: snapshot, counting during business hours, variance in quantity and value, approval."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from common.exceptions import DocumentStateError, DomainError
from inventory.choices import MoveType, StocktakeStatus
from inventory.models import StockMove, Stocktake
from inventory.selectors import stocktake_lines, stocktake_sheet, stocktake_variance_totals
from inventory.services import (
    stocktake_approve,
    stocktake_cancel,
    stocktake_counts_save,
    stocktake_create,
    stocktake_import,
    stocktake_line_add,
    stocktake_reject,
    stocktake_start,
    stocktake_submit,
)
from tests.factories import CategoryFactory, LocationFactory, LotFactory, ProductFactory
from tests.inventory.operations import q
from tests.ledger import balance_of, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_stays_exact")]


def started(in_location, by, **kwargs):
    stocktake = stocktake_create(warehouse=in_location.warehouse, by=by, **kwargs)
    return stocktake_start(stocktake=stocktake, by=by)


def fresh(stocktake):
    return Stocktake.objects.get(pk=stocktake.pk)


def test_start_takes_a_snapshot_of_the_scope(product, main_location, keeper):
    other = ProductFactory()
    post(product, main_location, 10, by=keeper, unit_cost="2")
    post(other, main_location, 4, by=keeper, unit_cost="1")
    elsewhere = LocationFactory(code="X-01")
    post(product, elsewhere, 3, by=keeper, unit_cost="2")

    stocktake = started(main_location, keeper)

    assert stocktake.status == StocktakeStatus.COUNTING
    assert stocktake.snapshot_move_id == StockMove.objects.latest("id").pk
    expected = {(line.product_id, line.expected_quantity) for line in stocktake.lines.all()}
    assert expected == {(product.pk, q(10)), (other.pk, q(4))}


def test_scope_by_location_and_category(product, main_location, keeper):
    category = CategoryFactory()
    in_category = ProductFactory(category=CategoryFactory(parent=category))
    second = LocationFactory(warehouse=main_location.warehouse, code="A-02")
    post(product, main_location, 1, by=keeper, unit_cost="1")
    post(in_category, main_location, 1, by=keeper, unit_cost="1")
    post(in_category, second, 1, by=keeper, unit_cost="1")

    by_location = started(main_location, keeper, location=second)
    by_category = started(main_location, keeper, category=category)

    assert list(by_location.lines.values_list("product_id", "location_id")) == [(in_category.pk, second.pk)]
    assert set(by_category.lines.values_list("product_id", flat=True)) == {in_category.pk}


def test_moves_during_counting_do_not_create_false_variances(product, main_location, keeper, approver):
    post(product, main_location, 10, by=keeper, unit_cost="2")
    stocktake = started(main_location, keeper)
    line = stocktake.lines.get()
    # While the counters walk the aisles, 5 are received and 3 shipped: 12 are on the shelf.
    post(product, main_location, 5, by=keeper, unit_cost="2")
    post(product, main_location, -3, by=keeper)
    stocktake_counts_save(stocktake=stocktake, counts={line.pk: "12"}, by=keeper)

    report = stocktake_lines(fresh(stocktake)).get()
    assert (report.expected_quantity, report.after, report.expected_now, report.variance) == (
        q(10),
        q(2),
        q(12),
        q(0),
    )
    stocktake_submit(stocktake=stocktake, by=keeper)
    stocktake_approve(stocktake=stocktake, by=approver)

    assert not StockMove.objects.filter(move_type=MoveType.COUNT_ADJUSTMENT).exists()
    assert balance_of(product, main_location).on_hand == q(12)


def test_approval_posts_losses_and_gains_with_their_value(main_location, keeper, approver):
    lost, found = ProductFactory(), ProductFactory()
    post(lost, main_location, 10, by=keeper, unit_cost="3")
    post(found, main_location, 2, by=keeper, unit_cost="5")
    stocktake = started(main_location, keeper)
    post(lost, main_location, -1, by=keeper)  # shipped during the count
    lines = {line.product_id: line for line in stocktake.lines.all()}
    stocktake_counts_save(
        stocktake=stocktake, counts={lines[lost.pk].pk: 7, lines[found.pk].pk: 3}, by=keeper
    )

    report = {line.product_id: line for line in stocktake_lines(fresh(stocktake))}
    assert (report[lost.pk].variance, report[lost.pk].variance_value) == (q(-2), q(-6))
    assert (report[found.pk].variance, report[found.pk].variance_value) == (q(1), q(5))
    totals = stocktake_variance_totals(report.values())
    assert (totals["gain"], totals["loss"], totals["net"]) == (q(5), q(-6), q(-1))

    stocktake_submit(stocktake=stocktake, by=keeper)
    stocktake = stocktake_approve(stocktake=stocktake, by=approver)

    assert stocktake.status == StocktakeStatus.POSTED
    assert stocktake.approved_by == approver
    assert balance_of(lost, main_location).on_hand == q(7)
    assert balance_of(lost, main_location).value == q(21)
    assert balance_of(found, main_location).on_hand == q(3)
    assert balance_of(found, main_location).value == q(15)
    posted = {line.product_id: line for line in stocktake_lines(fresh(stocktake))}
    assert (posted[lost.pk].variance, posted[lost.pk].variance_value) == (q(-2), q(-6))
    assert posted[lost.pk].moves_after_snapshot == q(-1)


def test_a_product_found_where_none_was_expected(product, main_location, keeper, approver):
    post(product, main_location, 1, by=keeper, unit_cost="4")
    post(product, main_location, -1, by=keeper)
    stocktake = started(main_location, keeper)
    assert not stocktake.lines.exists()

    stocktake_line_add(
        stocktake=stocktake, product=product, location=main_location, counted_quantity="2", by=keeper
    )
    stocktake_submit(stocktake=stocktake, by=keeper)
    stocktake_approve(stocktake=stocktake, by=approver)

    balance = balance_of(product, main_location)
    assert (balance.on_hand, balance.value) == (q(2), q(8))  # at the last known cost


def test_lot_lines_are_counted_per_lot(main_location, keeper, approver):
    lot = LotFactory()
    post(lot.product, main_location, 5, by=keeper, unit_cost="1", lot=lot)
    stocktake = started(main_location, keeper)
    line = stocktake.lines.get()
    assert line.lot == lot
    stocktake_counts_save(stocktake=stocktake, counts={line.pk: 4}, by=keeper)
    stocktake_submit(stocktake=stocktake, by=keeper)
    stocktake_approve(stocktake=stocktake, by=approver)
    assert balance_of(lot.product, main_location, lot).on_hand == q(4)


def test_submit_needs_every_line_counted(product, main_location, keeper):
    post(product, main_location, 1, by=keeper, unit_cost="1")
    stocktake = started(main_location, keeper)
    with pytest.raises(DomainError, match="not been counted"):
        stocktake_submit(stocktake=stocktake, by=keeper)


def test_creator_cannot_approve(product, main_location, approver):
    post(product, main_location, 1, by=approver, unit_cost="1")
    stocktake = started(main_location, approver)
    stocktake_counts_save(stocktake=stocktake, counts={stocktake.lines.get().pk: 1}, by=approver)
    stocktake_submit(stocktake=stocktake, by=approver)
    with pytest.raises(DomainError, match="Nobody approves"):
        stocktake_approve(stocktake=stocktake, by=approver)


def test_approval_needs_the_permission(product, main_location, keeper):
    from tests.factories import UserFactory

    post(product, main_location, 1, by=keeper, unit_cost="1")
    stocktake = started(main_location, keeper)
    stocktake_counts_save(stocktake=stocktake, counts={stocktake.lines.get().pk: 1}, by=keeper)
    stocktake_submit(stocktake=stocktake, by=keeper)
    with pytest.raises(DocumentStateError):
        stocktake_approve(stocktake=stocktake, by=UserFactory(role="warehouse_keeper"))


def test_counts_are_refused_when_negative_or_fractional(product, main_location, keeper):
    post(product, main_location, 1, by=keeper, unit_cost="1")
    stocktake = started(main_location, keeper)
    line = stocktake.lines.get()
    for bad in ("-1", "1.5", "abc"):
        with pytest.raises(DomainError):
            stocktake_counts_save(stocktake=stocktake, counts={line.pk: bad}, by=keeper)


def test_count_sheet_round_trip_from_excel(product, main_location, keeper):
    post(product, main_location, 6, by=keeper, unit_cost="1")
    stocktake = started(main_location, keeper, blind=True)
    workbook = load_workbook(BytesIO(stocktake_sheet(stocktake)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert "expected" not in header  # blind: counters do not see the expected quantity
    sheet.cell(row=2, column=header.index("counted") + 1, value=5)
    upload = BytesIO()
    workbook.save(upload)
    upload.seek(0)

    assert stocktake_import(stocktake=stocktake, file=upload, by=keeper) == 1
    assert stocktake.lines.get().counted_quantity == q(5)


def test_count_sheet_refuses_bad_rows_with_their_number(product, main_location, keeper):
    post(product, main_location, 6, by=keeper, unit_cost="1")
    stocktake = started(main_location, keeper)
    line = stocktake.lines.get()
    workbook = Workbook()
    workbook.active.append(["line", "counted"])
    workbook.active.append([line.pk, 3])
    workbook.active.append([999999, 3])
    workbook.active.append([line.pk, -2])
    upload = BytesIO()
    workbook.save(upload)
    upload.seek(0)

    with pytest.raises(DomainError) as error:
        stocktake_import(stocktake=stocktake, file=upload, by=keeper)
    assert "Row 3" in error.value.message
    assert "Row 4" in error.value.message
    assert stocktake.lines.get().counted_quantity is None  # nothing saved


def test_rejection_sends_the_count_back(product, main_location, keeper, approver):
    post(product, main_location, 1, by=keeper, unit_cost="1")
    stocktake = started(main_location, keeper)
    stocktake_counts_save(stocktake=stocktake, counts={stocktake.lines.get().pk: 1}, by=keeper)
    stocktake_submit(stocktake=stocktake, by=keeper)
    with pytest.raises(DomainError):
        stocktake_reject(stocktake=stocktake, by=approver, reason=" ")
    assert (
        stocktake_reject(stocktake=stocktake, by=approver, reason="Recount A").status
        == StocktakeStatus.COUNTING
    )


def _in_state(state, product, location, keeper, approver):
    post(product, location, 1, by=keeper, unit_cost="1")
    stocktake = stocktake_create(warehouse=location.warehouse, by=keeper)
    if state == StocktakeStatus.CANCELLED:
        return stocktake_cancel(stocktake=stocktake, by=keeper)
    if state == StocktakeStatus.DRAFT:
        return stocktake
    stocktake_start(stocktake=stocktake, by=keeper)
    stocktake_counts_save(stocktake=stocktake, counts={stocktake.lines.get().pk: 1}, by=keeper)
    if state == StocktakeStatus.COUNTING:
        return fresh(stocktake)
    stocktake_submit(stocktake=stocktake, by=keeper)
    if state == StocktakeStatus.POSTED:
        stocktake_approve(stocktake=stocktake, by=approver)
    return fresh(stocktake)


ACTIONS = {
    "start": lambda s, keeper, approver: stocktake_start(stocktake=s, by=keeper),
    "submit": lambda s, keeper, approver: stocktake_submit(stocktake=s, by=keeper),
    "approve": lambda s, keeper, approver: stocktake_approve(stocktake=s, by=approver),
    "reject": lambda s, keeper, approver: stocktake_reject(stocktake=s, by=approver, reason="again"),
    "cancel": lambda s, keeper, approver: stocktake_cancel(stocktake=s, by=keeper),
}
ALLOWED = {
    (StocktakeStatus.DRAFT, "start"): StocktakeStatus.COUNTING,
    (StocktakeStatus.DRAFT, "cancel"): StocktakeStatus.CANCELLED,
    (StocktakeStatus.COUNTING, "submit"): StocktakeStatus.SUBMITTED,
    (StocktakeStatus.COUNTING, "cancel"): StocktakeStatus.CANCELLED,
    (StocktakeStatus.SUBMITTED, "approve"): StocktakeStatus.POSTED,
    (StocktakeStatus.SUBMITTED, "reject"): StocktakeStatus.COUNTING,
    (StocktakeStatus.SUBMITTED, "cancel"): StocktakeStatus.CANCELLED,
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("state", list(StocktakeStatus))
def test_every_transition(state, action, product, main_location, keeper, approver):
    stocktake = _in_state(state, product, main_location, keeper, approver)
    moves_before = StockMove.objects.count()
    if (state, action) in ALLOWED:
        ACTIONS[action](stocktake, keeper, approver)
        assert fresh(stocktake).status == ALLOWED[(state, action)]
    else:
        with pytest.raises(DomainError):
            ACTIONS[action](stocktake, keeper, approver)
        assert fresh(stocktake).status == state
        assert StockMove.objects.count() == moves_before
