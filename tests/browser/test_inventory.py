import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stocktake_with_a_variance_approved_by_the_manager_changes_the_stock(new_page, people, shop):
    # The warehouse keeper opens a stocktake of the main warehouse and starts counting.
    keeper = login(new_page(), people["warehouse_keeper"])
    keeper.goto("/inventory/stocktakes/new/")
    keeper.select_option("#id_warehouse", label=str(shop["warehouse"]))
    keeper.get_by_role("button", name="Save").click()
    heading = keeper.locator("h1")
    expect(heading).to_contain_text("Stocktake")
    expect(heading.locator(".badge")).to_have_text("Draft")
    keeper.get_by_role("button", name="Start counting").click()
    expect(heading.locator(".badge")).to_have_text("Counting")

    # Expected quantities come from the snapshot; two bolts are missing, the nuts are all there.
    bolts = keeper.locator("tbody tr", has_text="BOLT-1")
    nuts = keeper.locator("tbody tr", has_text="NUT-1")
    expect(bolts.locator("td").nth(6)).to_have_text("10")
    expect(nuts.locator("td").nth(6)).to_have_text("20")
    keeper.get_by_label("Counted BOLT-1").fill("8")
    keeper.get_by_label("Counted NUT-1").fill("20")
    keeper.get_by_role("button", name="Save counted quantities").click()
    expect(keeper.locator(".alert-success")).to_be_visible()
    expect(bolts).to_have_class("table-warning")
    expect(bolts.locator("td").nth(8)).to_have_text("-2")
    expect(nuts.locator("td").nth(8)).to_have_text("0")
    figures = keeper.locator(".border.rounded")
    expect(figures.filter(has_text="Lines counted")).to_contain_text("2 / 2")
    expect(figures.filter(has_text="Lines with a variance")).to_contain_text("1")
    expect(figures.filter(has_text="Loss")).to_contain_text("4.00")
    keeper.get_by_role("button", name="Submit for approval").click()
    expect(heading.locator(".badge")).to_have_text("Submitted")
    number = heading.inner_text().split()[1]

    # The manager finds it in the inbox, reads the variance report and approves it.
    manager = login(new_page(), people["approver"])
    manager.goto("/approvals/")
    row = manager.locator("#inbox-form tbody tr", has_text=number)
    expect(row).to_contain_text("Stocktake")
    row.get_by_role("link", name=number).click()
    expect(manager.locator("h1")).to_contain_text(number)
    report_line = manager.locator("tbody tr", has_text="BOLT-1")
    expect(report_line.locator("td").nth(7)).to_have_text("8")
    expect(report_line.locator("td").nth(8)).to_have_text("-2")
    expect(report_line.locator("td").nth(10)).to_have_text("-4.00")
    manager.get_by_role("button", name="Approve and post").click()
    expect(manager.locator("h1 .badge")).to_have_text("Posted")
    expect(manager.locator(".border.rounded").filter(has_text="Net variance")).to_contain_text("-4.00")

    # The stock page shows the counted quantity.
    keeper.goto("/inventory/stock/")
    expect(keeper.locator("tbody tr", has_text="Hex bolt").locator("td").nth(5)).to_have_text("8")
    expect(keeper.locator("tbody tr", has_text="Lock nut").locator("td").nth(5)).to_have_text("20")
