import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_purchase_order_created_approved_by_another_and_received(new_page, people, shop):
    from purchasing.models import PurchaseOrder

    # The purchasing clerk writes an order with two lines and submits it.
    clerk = login(new_page(), people["purchasing_clerk"])
    clerk.goto("/purchasing/orders/new/")
    expect(clerk.locator("h1")).to_have_text("New purchase order")
    clerk.select_option("#id_supplier", label=str(shop["supplier"]))
    clerk.select_option("#id_warehouse", label=str(shop["warehouse"]))
    clerk.select_option("#id_lines-0-product", label=str(shop["bolts"]))
    clerk.fill("#id_lines-0-quantity", "30")
    clerk.fill("#id_lines-0-unit_price", "2.50")
    clerk.select_option("#id_lines-1-product", label=str(shop["nuts"]))
    clerk.fill("#id_lines-1-quantity", "40")
    clerk.get_by_role("button", name="Save").click()

    heading = clerk.locator("h1")
    expect(heading).to_contain_text("Purchase order")
    expect(heading.locator(".badge")).to_have_text("Draft")
    lines = clerk.locator("table").first.locator("tbody tr")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Hex bolt")
    expect(lines.nth(0)).to_contain_text("75.00")
    expect(lines.nth(1)).to_contain_text("Lock nut")
    expect(lines.nth(1)).to_contain_text("40.00")
    expect(clerk.locator("tfoot")).to_contain_text("115.00")
    number = PurchaseOrder.objects.get().number
    expect(heading).to_contain_text(number)

    clerk.get_by_role("button", name="Submit", exact=True).click()
    expect(heading.locator(".badge")).to_have_text("Submitted")
    expect(clerk.locator(".alert-success")).to_be_visible()

    # The manager finds it in the approval inbox and approves it there.
    manager = login(new_page(), people["approver"])
    manager.locator("#nav-approvals").click()
    expect(manager.locator("h1")).to_have_text("Waiting for your decision")
    row = manager.locator("#inbox-form tbody tr", has_text=number)
    expect(row).to_contain_text("Acme Supplies")
    expect(row).to_contain_text("115.00")
    row.get_by_role("button", name="Approve").click()
    expect(manager.locator(".alert-success")).to_contain_text(number)
    expect(manager.locator("#inbox-form tbody tr", has_text=number)).to_have_count(0)

    # The warehouse keeper receives everything that came.
    keeper = login(new_page(), people["warehouse_keeper"])
    keeper.goto(PurchaseOrder.objects.get().get_absolute_url())
    expect(keeper.locator("h1 .badge")).to_have_text("Approved")
    keeper.get_by_role("link", name="Receive goods").click()
    expect(keeper.locator("h1")).to_have_text(f"Receive goods for {number}")
    rows = keeper.locator(".receipt-table tbody tr")
    expect(rows).to_have_count(2)
    for index in range(2):
        arrived = keeper.locator(f"#id_lines-{index}-arrived_quantity")
        if not arrived.input_value():
            open_quantity = rows.nth(index).locator("td").nth(3).inner_text().strip()
            arrived.fill(open_quantity)
        accepted = keeper.locator(f"#id_lines-{index}-accepted_quantity")
        if not accepted.input_value():
            accepted.fill(arrived.input_value())
        keeper.select_option(f"#id_lines-{index}-location", label=str(shop["location"]))
    keeper.get_by_role("button", name="Post receipt").click()
    expect(keeper.locator(".alert-success")).to_be_visible()

    keeper.goto(PurchaseOrder.objects.get().get_absolute_url())
    expect(keeper.locator("h1 .badge")).to_have_text("Received")
    receipts = keeper.locator("h2", has_text="Goods receipts").locator(
        "xpath=following-sibling::div[1]//tbody/tr"
    )
    expect(receipts).to_have_count(2)

    # The stock page shows the opening stock plus what was received: 10 + 30 bolts, 20 + 40 nuts.
    keeper.goto("/inventory/stock/")
    bolts = keeper.locator("tbody tr", has_text="Hex bolt")
    nuts = keeper.locator("tbody tr", has_text="Lock nut")
    expect(bolts.locator("td").nth(5)).to_have_text("40")
    expect(nuts.locator("td").nth(5)).to_have_text("60")
