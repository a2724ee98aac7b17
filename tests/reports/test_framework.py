"""The framework on its own: filter defaults, periods, monthly trends, rounding, a detail report."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone

from inventory.models import StockMove
from reports.definitions.stock import StockCostReport
from reports.framework import (
    Column,
    PeriodFilterForm,
    Report,
    in_period,
    monthly_totals,
    register,
    report_class,
    trend_chart,
)

D = Decimal


def test_filter_defaults_apply_when_a_field_is_absent_but_an_explicit_blank_stays(db):
    assert StockCostReport({}).filters["group_by"] == "category"
    assert StockCostReport(None).filters["group_by"] == "category"
    assert StockCostReport({"warehouse": ""}).filters["warehouse"] is None


def test_period_defaults_to_the_month_so_far_and_refuses_a_reversed_period(db):
    form = PeriodFilterForm({})
    assert form.is_valid()
    today = timezone.localdate()
    assert (form.cleaned_data["date_from"], form.cleaned_data["date_to"]) == (today.replace(day=1), today)
    reversed_period = PeriodFilterForm({"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert not reversed_period.is_valid()
    assert reversed_period.errors["date_to"] == ["The end of the period comes before its start."]


@pytest.mark.parametrize(
    ("kind", "value", "prepared"),
    [
        ("money", D("10.005"), D("10.01")),
        ("money", D("133.5000"), D("133.50")),
        ("quantity", D("2.5"), D("2.500")),
        ("cost", D("4.79411764"), D("4.7941")),
        ("integer", D("3"), 3),
        ("text", 12, "12"),
        ("date", datetime.datetime(2026, 5, 1, 10, 0), datetime.date(2026, 5, 1)),  # noqa: DTZ001
    ],
)
def test_values_are_rounded_once_for_the_page_and_the_export(kind, value, prepared):
    assert Column("x", "x", kind=kind).prepare(value) == prepared
    assert Column("x", "x", kind=kind).prepare(None) is None


def test_choices_show_their_labels():
    assert Column("status", "status", choices={"draft": "Draft"}).prepare("draft") == "Draft"


def test_an_unknown_kind_or_a_reused_slug_is_refused():
    with pytest.raises(ImproperlyConfigured):
        Column("x", "x", kind="percentage")

    class Copy(Report):
        slug = "stock-cost"
        permission = "reports.view_stock_report"

    with pytest.raises(ImproperlyConfigured):
        register(Copy)
    assert report_class("stock-cost") is StockCostReport


class MoveDetailReport(Report):
    """A detail report (one row per ledger line), as 进货明细表 will be; not registered."""

    slug = "test-moves"
    permission = "reports.view_stock_report"
    filter_form_class = PeriodFilterForm
    default_sort = ("-created", "id")
    columns = [
        Column("created", "date", kind="date"),
        Column("sku", "SKU"),
        Column("quantity", "quantity", kind="quantity", total=True),
        Column("value", "value", kind="money", total=True),
    ]

    def queryset(self, filters):
        moves = in_period(StockMove.objects.all(), "created_at__date", filters)
        return moves.values("id", "quantity", "value", created=F("created_at__date"), sku=F("product__sku"))


def _move_months(stock):
    """Spread the fixture's receipts over three months (tests may move a ledger line in time)."""
    tz = timezone.get_current_timezone()
    moves = list(StockMove.objects.order_by("id"))
    for move, month in zip(moves, [1, 1, 3, 3, 3, 4, 4, 4], strict=False):
        StockMove.objects.filter(pk=move.pk).update(
            created_at=datetime.datetime(2026, month, 15, 9, tzinfo=tz)
        )
    return moves


def test_a_detail_report_filters_by_period_and_totals_its_lines(stock):
    _move_months(stock)
    report = MoveDetailReport({"date_from": "2026-03-01", "date_to": "2026-03-31"})
    rows = [report.cells(row) for row in report.rows()]
    # Moves 3-5: pear 3 @ 2.50, cola 20 @ 1.20, cola -5 @ 1.20.
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("A-PEAR", D("3.000"), D("7.50")),
        ("B-COLA", D("20.000"), D("24.00")),
        ("B-COLA", D("-5.000"), D("-6.00")),
    ]
    assert report.totals() == {"quantity": D("18.000"), "value": D("25.50")}


def test_monthly_trend_groups_in_the_database_and_shows_empty_months(stock):
    _move_months(stock)
    receipts = StockMove.objects.filter(move_type="receipt")
    totals = monthly_totals(receipts, date_field="created_at", value="value")
    assert totals == {
        datetime.date(2026, 1, 1): D("74.0000"),  # apple 50 + 24
        datetime.date(2026, 3, 1): D("31.5000"),  # pear 7.50 + cola 24
        datetime.date(2026, 4, 1): D("34.0000"),  # milk 24 + bread 10
    }
    chart = trend_chart(title="Receipts", series={"value": totals}).config()
    assert chart["type"] == "line"
    assert chart["labels"] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert chart["datasets"] == [{"label": "value", "data": [74.0, 0.0, 31.5, 34.0]}]
