"""Browser tests: Playwright drives Debian's Chromium against a live server of the app on PostgreSQL.

Each xdist worker has its own live server and test database. One browser per session; every test gets
fresh browser contexts (one per person acting), so cookies never leak between tests or people. When a
test fails, a full-page screenshot of every page it opened is saved under test-artifacts/screenshots/.
"""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread with a
# running loop unless told it is safe (it is: the calls are made synchronously, between browser steps).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.factories import (  # noqa: E402
    CustomerFactory,
    LocationFactory,
    ProductFactory,
    SupplierFactory,
    UserFactory,
    WarehouseFactory,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PASSWORD = "pw-Secret-123"  # tests.factories.UserFactory's password
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_server_settings(settings):
    """The live server serves plain HTTP on localhost with DEBUG off, as the tests run it."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def new_page(request, browser, live_server):
    """``new_page(locale="en-US")``: a page in a fresh browser context (its own cookies), on the live
    server. Confirmation dialogs are accepted, as the person would."""
    contexts = []
    request.node._browser_pages = []

    def make(locale="en-US"):
        context = browser.new_context(
            base_url=live_server.url,
            accept_downloads=True,
            locale=locale,
            viewport={"width": 1400, "height": 1000},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        request.node._browser_pages.append(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def login(page, user, password=PASSWORD):
    """Log in through the real login form and check the dashboard greets the person."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page.locator("nav")).to_contain_text(user.get_full_name() or user.username)
    return page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed or report.when not in ("setup", "call"):
        return
    pages = [page for page in getattr(item, "_browser_pages", []) if not page.is_closed()]
    if not pages:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.name)
    saved = []
    for number, page in enumerate(pages, start=1):
        path = SCREENSHOTS / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # a crashed page must not hide the test's own failure
            saved.append(f"{path} (not saved: {error})")
            continue
        saved.append(f"{path} ({page.url})")
    report.sections.append(("browser screenshots", "\n".join(saved)))
    print("\nScreenshots of the failing step:\n  " + "\n  ".join(saved))  # noqa: T201 - for the reader


@pytest.fixture
def people(db):
    """One person per role, each with the factories' password."""
    names = ["purchasing_clerk", "sales_clerk", "warehouse_keeper", "approver", "accountant"]
    return {role: UserFactory(username=role.replace("_", "-"), role=role) for role in names}


@pytest.fixture
def shop(people):
    """A warehouse with a location, a supplier, a customer and two products with opening stock posted
    through the real service (10 and 20 on hand)."""
    from django.utils import timezone

    from inventory.models import OpeningStockLine
    from inventory.services.ledger import opening_stock_create, opening_stock_post

    warehouse = WarehouseFactory(code="MAIN", name="Main warehouse")
    location = LocationFactory(warehouse=warehouse, code="A-01")
    supplier = SupplierFactory(name="Acme Supplies")
    customer = CustomerFactory(name="Li Lei Trading", phone="13800138000")
    bolts = ProductFactory(
        sku="BOLT-1", name="Hex bolt", purchase_price=Decimal("2.00"), sale_price=Decimal("5.00")
    )
    nuts = ProductFactory(
        sku="NUT-1", name="Lock nut", purchase_price=Decimal("1.00"), sale_price=Decimal("3.00")
    )
    opening = opening_stock_create(
        warehouse=warehouse, date=timezone.localdate(), note="", by=people["warehouse_keeper"]
    )
    OpeningStockLine.objects.create(
        document=opening,
        product=bolts,
        location=location,
        quantity=Decimal("10"),
        unit_cost=Decimal("2.0000"),
    )
    OpeningStockLine.objects.create(
        document=opening, product=nuts, location=location, quantity=Decimal("20"), unit_cost=Decimal("1.0000")
    )
    opening_stock_post(document=opening, by=people["approver"])
    return {
        "warehouse": warehouse,
        "location": location,
        "supplier": supplier,
        "customer": customer,
        "bolts": bolts,
        "nuts": nuts,
    }
