import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales_order_created_approved_and_shipped_with_tracking_number(new_page, people, shop):
    from sales.models import SalesOrder

    # The sales clerk writes an order for 4 bolts at 6.00 and submits it.
    clerk = login(new_page(), people["sales_clerk"])
    clerk.goto("/sales/orders/new/")
    clerk.select_option("#id_customer", label=str(shop["customer"]))
    clerk.select_option("#id_warehouse", label=str(shop["warehouse"]))
    clerk.select_option("#id_lines-0-product", label=str(shop["bolts"]))
    clerk.fill("#id_lines-0-quantity", "4")
    clerk.fill("#id_lines-0-unit_price", "6")
    clerk.get_by_role("button", name="Save").click()

    order = SalesOrder.objects.get()
    heading = clerk.locator("h1")
    expect(heading).to_contain_text(order.number)
    expect(heading.locator(".badge").first).to_have_text("Draft")
    lines = clerk.locator("h2:text-is('Lines') + table tbody tr")
    expect(lines).to_have_count(1)
    expect(lines.first).to_contain_text("BOLT-1 Hex bolt")
    expect(lines.first.locator("td").nth(6)).to_have_text("24.00")

    clerk.get_by_role("button", name="Submit", exact=True).click()
    expect(heading.locator(".badge").first).to_have_text("Submitted")
    expect(clerk.locator(".alert-warning")).to_contain_text("Waiting for an approver because:")

    # The manager approves it from the inbox; its stock is reserved.
    manager = login(new_page(), people["approver"])
    manager.goto("/approvals/")
    row = manager.locator("#inbox-form tbody tr", has_text=order.number)
    expect(row).to_contain_text(str(shop["customer"]))
    expect(row).to_contain_text("24.00")
    row.get_by_role("button", name="Approve").click()
    expect(manager.locator(".alert-success")).to_contain_text(order.number)

    # The warehouse keeper makes the delivery, enters the carrier and tracking number, ships.
    keeper = login(new_page(), people["warehouse_keeper"])
    keeper.goto(order.get_absolute_url())
    expect(keeper.locator("h1 .badge").first).to_have_text("Approved")
    reserved = keeper.locator("h2:text-is('Reserved stock') + table tbody tr")
    expect(reserved.first.locator("td").nth(3)).to_have_text("4")
    keeper.get_by_role("button", name="New delivery").click()
    expect(keeper.locator("h1 .badge")).to_have_text("Draft")
    expect(keeper.locator("table tbody tr").first).to_contain_text("Hex bolt")
    keeper.fill("#ship-carrier", "SF Express")
    keeper.fill("#ship-tracking", "SF1234567890")
    keeper.get_by_role("button", name="Ship", exact=True).click()
    expect(keeper.locator("h1 .badge")).to_have_text("Shipped")
    expect(keeper.locator("dl")).to_contain_text("SF1234567890")
    expect(keeper.locator("dl")).to_contain_text("SF Express")

    # The order shows it shipped, with the tracking number of its delivery.
    keeper.locator("h1 + div a").first.click()
    expect(keeper.locator("h1")).to_contain_text(order.number)
    expect(keeper.locator("h1 .badge").first).to_have_text("Shipped")
    deliveries = keeper.locator("h2:text-is('Deliveries') + table tbody tr")
    expect(deliveries).to_have_count(1)
    expect(deliveries.first).to_contain_text("SF Express SF1234567890")
    expect(deliveries.first.locator(".badge")).to_have_text("Shipped")
    shipped_line = keeper.locator("h2:text-is('Lines') + table tbody tr").first
    expect(shipped_line.locator("td").nth(2)).to_have_text("4")

    # Stock went down by what was shipped: 10 - 4.
    keeper.goto("/inventory/stock/")
    expect(keeper.locator("tbody tr", has_text="Hex bolt").locator("td").nth(5)).to_have_text("6")
