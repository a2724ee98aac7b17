"""Reports through the API: the report classes of the report pages, with their filters and permissions."""

import pytest

from api.scopes import Scope
from tests.api.conftest import D, error_of, today

pytestmark = pytest.mark.django_db


def test_sales_summary_rows_and_totals_match_the_shipped_order(api, shipped_order):
    client = api("sales_clerk", Scope.REPORTS_READ)

    response = client.get("/api/v1/reports/sales-summary/", {"date_from": today().isoformat()})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 1
    (row,) = body["rows"]
    assert row["label"] == "Bright Office"
    amounts = [c["key"] for c in body["columns"] if c["kind"] == "money"]
    assert D(row[amounts[0]]) == D("120.00")  # 10 pens at 12.00
    assert body["totals"][amounts[0]] == row[amounts[0]]


def test_the_report_list_holds_only_what_the_user_may_open(api):
    clerk = {r["slug"] for r in api("sales_clerk", Scope.REPORTS_READ).get("/api/v1/reports/").json()}
    keeper = {r["slug"] for r in api("warehouse_keeper", Scope.REPORTS_READ).get("/api/v1/reports/").json()}

    assert "sales-summary" in clerk
    assert "sales-summary" not in keeper
    assert "stock-list" in keeper


def test_a_report_is_refused_without_its_permission_or_the_scope(api):
    no_permission = api("warehouse_keeper", Scope.REPORTS_READ).get("/api/v1/reports/sales-summary/")
    no_scope = api("sales_clerk", Scope.ORDERS_READ).get("/api/v1/reports/sales-summary/")

    assert (no_permission.status_code, error_of(no_permission)["code"]) == (403, "permission_denied")
    assert (no_scope.status_code, error_of(no_scope)["code"]) == (403, "scope_missing")


def test_bad_filters_an_unknown_report_and_a_page_too_far_are_4xx(api):
    client = api("sales_clerk", Scope.REPORTS_READ)

    bad_date = client.get("/api/v1/reports/sales-summary/", {"date_from": "someday"})
    backwards = client.get(
        "/api/v1/reports/sales-summary/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    unknown = client.get("/api/v1/reports/no-such-report/")
    too_far = client.get("/api/v1/reports/sales-summary/", {"page": "99"})

    assert (bad_date.status_code, list(error_of(bad_date)["fields"])) == (400, ["date_from"])
    assert (backwards.status_code, list(error_of(backwards)["fields"])) == (400, ["date_to"])
    assert (unknown.status_code, error_of(unknown)["code"]) == (404, "not_found")
    assert (too_far.status_code, list(error_of(too_far)["fields"])) == (400, ["page"])
