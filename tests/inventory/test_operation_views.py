"""The stock-operation screens: who may open them, and that each action goes through its service."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.approvals import approval_decide, pending_approvals
from inventory.choices import AlertStatus, StocktakeStatus, TransferStatus
from inventory.models import LowStockAlert, Stocktake, Transfer
from inventory.services import (
    low_stock_scan,
    stocktake_counts_save,
    stocktake_create,
    stocktake_start,
    stocktake_submit,
)
from tests.factories import LotFactory, ProductFactory, UserFactory
from tests.inventory.operations import dispatched_transfer, q
from tests.ledger import balance_of, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_stays_exact")]


@pytest.fixture
def scene(product, main_location, branch_location, keeper):
    lot = LotFactory()
    post(product, main_location, 10, by=keeper, unit_cost="2")
    post(lot.product, main_location, 4, by=keeper, unit_cost="3", lot=lot)
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=3, by=keeper
    )
    stocktake = stocktake_start(
        stocktake=stocktake_create(warehouse=main_location.warehouse, by=keeper), by=keeper
    )
    return {"product": product, "lot": lot, "transfer": transfer, "stocktake": stocktake}


def pages(scene):
    return {
        "stock": (reverse("inventory:stock") + "?below_safety=on&lot=LOT", "inventory.view_stockbalance"),
        "card": (reverse("inventory:stock-card", args=[scene["product"].pk]), "inventory.view_stockmove"),
        "valuation": (reverse("inventory:valuation") + "?date=2030-01-01", "inventory.view_stockmove"),
        "near-expiry": (reverse("inventory:near-expiry") + "?days=10000", "inventory.view_stockbalance"),
        "transit": (reverse("inventory:transit"), "inventory.view_transfer"),
        "lots": (reverse("inventory:lot-list"), "inventory.view_stockbalance"),
        "lot-trace": (reverse("inventory:lot-trace", args=[scene["lot"].pk]), "inventory.view_stockmove"),
        "transfers": (reverse("inventory:transfer-list"), "inventory.view_transfer"),
        "transfer": (scene["transfer"].get_absolute_url(), "inventory.view_transfer"),
        "stocktakes": (reverse("inventory:stocktake-list"), "inventory.view_stocktake"),
        "stocktake": (scene["stocktake"].get_absolute_url(), "inventory.view_stocktake"),
        "alerts": (reverse("inventory:alert-list"), "inventory.view_lowstockalert"),
        "safety-stock": (reverse("inventory:safety-stock-list"), "inventory.view_warehousesafetystock"),
    }


@pytest.mark.parametrize(
    "role", ["warehouse_keeper", "approver", "purchasing_clerk", "sales_clerk", "accountant"]
)
def test_every_page_opens_for_roles_with_its_permission_only(role, scene, client_for):
    user = UserFactory(role=role)
    client = client_for(user)
    for name, (url, permission) in pages(scene).items():
        status = client.get(url).status_code
        assert status == (200 if user.has_perm(permission) else 403), (name, role)


def test_anonymous_users_go_to_the_login_page(scene, client):
    response = client.get(reverse("inventory:transfer-list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_transfer_from_screen_to_receipt(product, main_location, branch_location, keeper, client_for):
    post(product, main_location, 5, by=keeper, unit_cost="2")
    client = client_for(keeper)
    response = client.post(
        reverse("inventory:transfer-create"),
        {"source_warehouse": main_location.warehouse.pk, "destination": branch_location.pk, "note": ""},
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("inventory:transfer-line-add", args=[transfer.pk]),
        {"product": product.pk, "source": main_location.pk, "quantity": "4"},
    )
    assert response.status_code == 302
    client.post(reverse("inventory:transfer-dispatch", args=[transfer.pk]))
    line = transfer.lines.get()
    client.post(reverse("inventory:transfer-receive", args=[transfer.pk]), {f"received-{line.pk}": "3"})

    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.RECEIVED
    assert balance_of(product, branch_location).on_hand == q(3)
    page = client.get(transfer.get_absolute_url()).content.decode()
    assert "-1" in page  # the difference is shown


def test_receive_refuses_a_bad_number(product, main_location, branch_location, keeper, client_for):
    post(product, main_location, 5, by=keeper, unit_cost="2")
    transfer = dispatched_transfer(
        product=product, source=main_location, destination=branch_location, quantity=2, by=keeper
    )
    line = transfer.lines.get()
    response = client_for(keeper).post(
        reverse("inventory:transfer-receive", args=[transfer.pk]), {f"received-{line.pk}": "NaN"}, follow=True
    )
    assert "is not a number" in response.content.decode()
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.IN_TRANSIT


def test_clerk_cannot_dispatch(product, main_location, branch_location, keeper, client_for):
    transfer = Transfer.objects.create(
        number="TR-X",
        source_warehouse=main_location.warehouse,
        destination=branch_location,
        created_by=keeper,
    )
    response = client_for(UserFactory(role="purchasing_clerk")).post(
        reverse("inventory:transfer-dispatch", args=[transfer.pk])
    )
    assert response.status_code == 403


def test_stocktake_count_on_screen_and_from_the_sheet(product, main_location, keeper, client_for):
    post(product, main_location, 6, by=keeper, unit_cost="1")
    client = client_for(keeper)
    client.post(
        reverse("inventory:stocktake-create"),
        {"warehouse": main_location.warehouse.pk, "blind": "on", "note": ""},
    )
    stocktake = Stocktake.objects.get()
    client.post(reverse("inventory:stocktake-start", args=[stocktake.pk]))
    line = stocktake.lines.get()
    page = client.get(stocktake.get_absolute_url()).content.decode()
    assert "Expected at snapshot" not in page  # blind

    client.post(reverse("inventory:stocktake-counts", args=[stocktake.pk]), {f"counted-{line.pk}": "5"})
    line.refresh_from_db()
    assert line.counted_quantity == q(5)

    sheet = client.get(reverse("inventory:stocktake-sheet", args=[stocktake.pk]))
    workbook = load_workbook(BytesIO(sheet.content))
    header = [cell.value for cell in workbook.active[1]]
    workbook.active.cell(row=2, column=header.index("counted") + 1, value=4)
    upload = BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "count.xlsx"
    client.post(reverse("inventory:stocktake-import", args=[stocktake.pk]), {"file": upload})
    line.refresh_from_db()
    assert line.counted_quantity == q(4)

    bad = client.post(
        reverse("inventory:stocktake-import", args=[stocktake.pk]), {"file": BytesIO(b"not excel")}
    )
    assert bad.status_code == 400

    client.post(reverse("inventory:stocktake-submit", args=[stocktake.pk]))
    assert Stocktake.objects.get(pk=stocktake.pk).status == StocktakeStatus.SUBMITTED
    assert "Expected at snapshot" in client.get(stocktake.get_absolute_url()).content.decode()


def test_submitted_stocktake_is_in_the_approval_inbox_and_decided_there(
    product, main_location, keeper, approver, client_for
):
    post(product, main_location, 6, by=keeper, unit_cost="1")
    stocktake = stocktake_start(
        stocktake=stocktake_create(warehouse=main_location.warehouse, by=keeper), by=keeper
    )
    stocktake_counts_save(stocktake=stocktake, counts={stocktake.lines.get().pk: 5}, by=keeper)
    stocktake_submit(stocktake=stocktake, by=keeper)

    assert [item.number for item in pending_approvals(keeper)] == []
    (item,) = [item for item in pending_approvals(approver) if item.number == stocktake.number]
    approval_decide(key=item.key, by=approver, approve=True)

    assert Stocktake.objects.get(pk=stocktake.pk).status == StocktakeStatus.POSTED
    assert balance_of(product, main_location).on_hand == q(5)


def test_stocktake_rejected_on_screen_needs_a_reason(product, main_location, keeper, approver, client_for):
    post(product, main_location, 1, by=keeper, unit_cost="1")
    stocktake = stocktake_start(
        stocktake=stocktake_create(warehouse=main_location.warehouse, by=keeper), by=keeper
    )
    stocktake_counts_save(stocktake=stocktake, counts={stocktake.lines.get().pk: 1}, by=keeper)
    stocktake_submit(stocktake=stocktake, by=keeper)
    client = client_for(approver)
    assert (
        client.post(reverse("inventory:stocktake-reject", args=[stocktake.pk]), {"reason": ""}).status_code
        == 400
    )
    client.post(reverse("inventory:stocktake-reject", args=[stocktake.pk]), {"reason": "Recount shelf A"})
    assert Stocktake.objects.get(pk=stocktake.pk).status == StocktakeStatus.COUNTING


def test_alert_acknowledged_from_the_list(client_for):
    ProductFactory(safety_stock=q(3))
    low_stock_scan()
    alert = LowStockAlert.objects.get()
    clerk = UserFactory(role="purchasing_clerk")
    client = client_for(clerk)
    assert (
        client.get(reverse("inventory:alert-acknowledge", args=[alert.pk])).status_code == 200
    )  # confirmation
    client.post(reverse("inventory:alert-acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert (
        client_for(UserFactory(role="warehouse_keeper"))
        .post(reverse("inventory:alert-acknowledge", args=[alert.pk]))
        .status_code
        == 403
    )


def test_safety_stock_per_warehouse_is_set_once_per_place(product, main_location, client_for):
    from inventory.models import WarehouseSafetyStock

    client = client_for(UserFactory(role="purchasing_clerk"))
    data = {"product": product.pk, "warehouse": main_location.warehouse.pk, "quantity": "8"}
    assert client.post(reverse("inventory:safety-stock-create"), data).status_code == 302
    again = client.post(reverse("inventory:safety-stock-create"), {**data, "quantity": "9"})
    assert again.status_code == 200  # the form shows the error
    level = WarehouseSafetyStock.objects.get()
    assert level.quantity == q(8)
    client.post(reverse("inventory:safety-stock-edit", args=[level.pk]), {**data, "quantity": "12"})
    level.refresh_from_db()
    assert level.quantity == q(12)
