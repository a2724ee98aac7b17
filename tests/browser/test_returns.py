"""The customer return journey: the public form, the manager's inbox, the warehouse, the accountant, and
the customer's progress page after each step. Run in English and in Chinese; the Chinese texts come
from the catalogue (gettext under ``translation.override``), so the test follows the translations."""

from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import ReturnReasonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
# Texts the Chinese journey reads on the staff and progress pages; the catalogue must translate them,
# or the Chinese test would pass on English pages.
TRANSLATED = [
    "Your return",
    "Waiting for your decision",
    "Return request",
    "Approve",
    "Receive goods",
    "Record receipt",
    "Inspect and disposition",
    "Record inspection and post",
    "Approve refund",
    "Mark paid",
    "Quality defect",  # a reason the installation starts with, stored in English
]


@pytest.fixture
def shipped_order(people, shop):
    """An order for 3 bolts at 5.00 and 5 nuts at 3.00, approved and shipped through the sales services."""
    from django.utils import timezone

    from sales import services as sales
    from sales.services import OrderLineData

    customer = shop["customer"]
    customer.credit_limit = Decimal("100000.00")
    customer.save()
    order = sales.sales_order_create(
        customer=customer,
        warehouse=shop["warehouse"],
        order_date=timezone.localdate(),
        lines=[
            OrderLineData(shop["bolts"], Decimal("3"), Decimal("5.00"), Decimal("0")),
            OrderLineData(shop["nuts"], Decimal("5"), Decimal("3.00"), Decimal("0")),
        ],
        by=people["sales_clerk"],
    )
    order = sales.sales_order_submit(order=order, by=people["sales_clerk"])
    if order.status != "approved":
        order = sales.sales_order_approve(order=order, by=people["approver"])
    delivery = sales.delivery_create(order=order, by=people["warehouse_keeper"], date=timezone.localdate())
    sales.delivery_ship(delivery=delivery, by=people["warehouse_keeper"], carrier="SF", tracking_number="SF1")
    ReturnReasonFactory(code="quality_defect", name="Quality defect")
    return order


def _texts(language):
    def t(text):
        with translation.override(language):
            return str(translation.gettext(text))

    return t


def _status(choice, language):
    with translation.override(language):
        return str(choice.label)


def _step(progress, label):
    return progress.locator("#progress-steps li", has_text=label)


def return_journey(new_page, people, shop, order, language):
    from returns.choices import Disposition, ReturnStatus
    from returns.models import ReturnRequest

    t = _texts(language)
    locale = LOCALES[language]
    if language != "en":
        assert [text for text in TRANSLATED if t(text) == text] == []
        assert _status(ReturnStatus.COMPLETED, language) != "Completed"

    # The customer finds the order on the public form with its number and phone.
    customer = new_page(locale=locale)
    customer.goto("/r/")
    expect(customer.locator("html")).to_have_attribute("lang", language)
    expect(customer.locator("h1")).to_have_text(t("Return goods"))
    customer.fill("#id_number", order.number)
    customer.fill("#id_contact", shop["customer"].phone)
    customer.get_by_role("button", name=t("Find my order")).click()
    expect(customer.locator("h1")).to_contain_text(t("Choose what to return"))

    # Two lines: 2 of the 3 bolts and 1 of the 5 nuts, both faulty.
    for name, quantity in (("Hex bolt", "2"), ("Lock nut", "1")):
        row = customer.locator("#lines tbody tr", has_text=name)
        row.locator("input[name^=quantity_]").fill(quantity)
        row.locator("select[name^=reason_]").select_option(label=t("Quality defect"))
    customer.get_by_role("button", name=t("Send return request")).click()

    expect(customer.locator("#just-sent")).to_contain_text(t("Thank you: we have your return request."))
    request = ReturnRequest.objects.get()
    expect(customer.locator("h1")).to_have_text(f"{t('Your return')} {request.number}")
    expect(customer.locator("#progress-status")).to_have_text(_status(ReturnStatus.SUBMITTED, language))
    expect(customer.locator("#progress-lines tbody tr")).to_have_count(2)
    link = customer.locator("#progress-link").input_value()
    assert request.public_token in link

    # The link works on its own, in a browser without the customer's session.
    progress = new_page(locale=locale)
    progress.goto(link)
    expect(progress.locator("h1")).to_have_text(f"{t('Your return')} {request.number}")
    expect(progress.locator("#just-sent")).to_have_count(0)
    expect(_step(progress, t("We have your request"))).to_contain_class("list-group-item-success")
    expect(_step(progress, t("Approved: please send the goods back"))).not_to_contain_class(
        "list-group-item-success"
    )

    # The manager approves it in the inbox.
    manager = login(new_page(locale=locale), people["approver"])
    manager.goto("/approvals/")
    expect(manager.locator("h1")).to_have_text(t("Waiting for your decision"))
    row = manager.locator("#inbox-form tbody tr", has_text=request.number)
    expect(row).to_contain_text(t("Return request"))
    row.get_by_role("button", name=t("Approve")).click()
    expect(manager.locator(".alert-success")).to_contain_text(request.number)

    progress.reload()
    expect(progress.locator("#progress-status")).to_have_text(_status(ReturnStatus.APPROVED, language))
    expect(_step(progress, t("Approved: please send the goods back"))).to_contain_class(
        "list-group-item-success"
    )
    expect(progress.locator("#return-address")).to_contain_text(t("Where to send the goods"))

    # The warehouse keeper receives the parcel, then inspects: bolts back on the shelf, the nut scrapped.
    keeper = login(new_page(locale=locale), people["warehouse_keeper"])
    keeper.goto(request.get_absolute_url())
    heading = keeper.locator("h1")
    expect(heading).to_contain_text(request.number)
    expect(heading.locator(".badge").first).to_have_text(_status(ReturnStatus.APPROVED, language))
    keeper.get_by_role("link", name=t("Receive goods")).click()
    received = keeper.locator("#receive-lines tbody tr")
    expect(received).to_have_count(2)
    expect(received.filter(has_text="Hex bolt").locator("input[name^=received-]")).to_have_value("2")
    keeper.get_by_role("button", name=t("Record receipt")).click()
    # Recording the receipt leads straight to the inspection of the same request.
    expect(keeper.locator(".alert-success")).to_contain_text(request.number)
    expect(heading).to_contain_text(t("Inspect and disposition"))
    expect(keeper.locator("#receive-lines tbody tr", has_text="Hex bolt").locator("td").nth(5)).to_have_text(
        "2"
    )

    progress.reload()
    expect(progress.locator("#progress-status")).to_have_text(_status(ReturnStatus.RECEIVED, language))
    expect(_step(progress, t("Your goods arrived at our warehouse"))).to_contain_class(
        "list-group-item-success"
    )

    nut = keeper.locator("#receive-lines tbody tr", has_text="Lock nut")
    nut.locator("select[name^=disposition-]").select_option("scrap")
    nut.locator("select[name^=condition-]").select_option("damaged")
    expect(
        keeper.locator("#receive-lines tbody tr", has_text="Hex bolt").locator("select[name^=disposition-]")
    ).to_have_value("restock")
    keeper.get_by_role("button", name=t("Record inspection and post")).click()
    expect(keeper.locator(".alert-success")).to_contain_text(request.number)
    keeper.goto(request.get_absolute_url())
    expect(heading.locator(".badge").first).to_have_text(_status(ReturnStatus.INSPECTED, language))
    lines = keeper.locator("#lines tbody tr")
    expect(lines.filter(has_text="Hex bolt")).to_contain_text(_disposition(Disposition.RESTOCK, language))
    expect(lines.filter(has_text="Lock nut")).to_contain_text(_disposition(Disposition.SCRAP, language))
    # 2 bolts at 5.00 + 1 nut at 3.00 come back as a credit of 13.00.
    expect(keeper.locator("#credit")).to_have_text("13.00")

    # The accountant approves the refund and pays it.
    accountant = login(new_page(locale=locale), people["accountant"])
    accountant.goto(request.get_absolute_url())
    expect(accountant.locator("#refund")).to_contain_text("13.00")
    accountant.get_by_role("button", name=t("Approve refund")).click()
    expect(accountant.locator("#refund-status")).to_contain_text(_refund_status("approved", language))
    accountant.locator("form[action*='/pay/'] select[name=method]").select_option(index=1)
    accountant.get_by_role("button", name=t("Mark paid")).click()
    expect(accountant.locator("#refund-status")).to_contain_text(_refund_status("paid", language))
    expect(accountant.locator("h1 .badge").first).to_have_text(_status(ReturnStatus.COMPLETED, language))

    # The customer's page shows every step done and the refund paid.
    progress.reload()
    expect(progress.locator("#progress-status")).to_have_text(_status(ReturnStatus.COMPLETED, language))
    for label in (
        "We have your request",
        "Approved: please send the goods back",
        "Your goods arrived at our warehouse",
        "We have checked the goods",
        "Done",
    ):
        expect(_step(progress, t(label))).to_contain_class("list-group-item-success")
    expect(progress.locator("#refund")).to_contain_text("13.00")
    expect(progress.locator("#refund")).to_contain_text(t("paid"))
    accepted = progress.locator("#progress-lines tbody tr")
    expect(accepted.filter(has_text="Hex bolt").locator("td").nth(3)).to_have_text("2")

    # Stock: the 2 bolts are back (10 - 3 + 2); the scrapped nut is not (20 - 5).
    keeper.goto("/inventory/stock/")
    expect(keeper.locator("tbody tr", has_text="Hex bolt").locator("td").nth(5)).to_have_text("9")
    expect(keeper.locator("tbody tr", has_text="Lock nut").locator("td").nth(5)).to_have_text("15")
    return request


def _disposition(choice, language):
    with translation.override(language):
        return str(choice.label)


def _refund_status(value, language):
    from returns.choices import RefundStatus

    with translation.override(language):
        return str(RefundStatus(value).label)


def test_customer_return_from_the_public_form_to_the_refund_paid(new_page, people, shop, shipped_order):
    return_journey(new_page, people, shop, shipped_order, "en")


def test_customer_return_in_chinese(settings, new_page, people, shop, shipped_order):
    settings.LANGUAGE_CODE = "zh-hans"
    return_journey(new_page, people, shop, shipped_order, "zh-hans")


def test_exchange_entered_by_staff_approved_received_and_replacement_shipped(
    new_page, people, shop, shipped_order
):
    from returns.models import ReturnRequest

    # The sales clerk enters an exchange: one faulty bolt back, one new bolt out.
    clerk = login(new_page(), people["sales_clerk"])
    clerk.goto(f"/returns/new/?customer={shop['customer'].pk}")
    expect(clerk.locator("h1")).to_have_text("New return request")
    expect(clerk.locator("#returnable tbody tr", has_text="Hex bolt")).to_contain_text("5.00")
    clerk.select_option("#id_h-kind", label="Exchange")
    clerk.select_option("#id_line-0-product", label=str(shop["bolts"]))
    clerk.fill("#id_line-0-quantity", "1")
    clerk.select_option("#id_line-0-reason", label="Quality defect")
    clerk.select_option("#id_rep-0-product", label=str(shop["bolts"]))
    clerk.fill("#id_rep-0-quantity", "1")
    clerk.fill("#id_rep-0-unit_price", "5.00")  # the price charged for the bolt that comes back
    clerk.get_by_role("button", name="Save and submit").click()
    heading = clerk.locator("h1")
    expect(heading).to_contain_text("Exchange")
    expect(heading.locator(".badge").first).to_have_text("Submitted")
    expect(clerk.locator("#replacements tbody tr")).to_contain_text("BOLT-1 Hex bolt")
    request = ReturnRequest.objects.get()

    # The manager approves it in the inbox; the replacement is reserved.
    manager = login(new_page(), people["approver"])
    manager.goto("/approvals/")
    manager.locator("#inbox-form tbody tr", has_text=request.number).get_by_role(
        "button", name="Approve"
    ).click()
    expect(manager.locator(".alert-success")).to_contain_text(request.number)
    manager.goto(request.get_absolute_url())
    expect(manager.locator("h1 .badge").first).to_have_text("Approved")
    expect(manager.locator("#replacement-status")).to_have_text("Reserved")

    # The warehouse keeper receives and inspects the bolt (back to stock), then ships the new one.
    keeper = login(new_page(), people["warehouse_keeper"])
    keeper.goto(request.get_absolute_url())
    keeper.get_by_role("link", name="Receive goods").click()
    keeper.get_by_role("button", name="Record receipt").click()
    expect(keeper.locator("h1")).to_contain_text("Inspect and disposition")
    keeper.get_by_role("button", name="Record inspection and post").click()
    expect(keeper.locator(".alert-success")).to_contain_text(request.number)
    keeper.goto(request.get_absolute_url())
    expect(keeper.locator("h1 .badge").first).to_have_text("Inspected")
    expect(keeper.locator("#exchange-difference")).to_have_text("No price difference.")
    keeper.fill("#id_carrier", "SF Express")
    keeper.fill("#id_tracking_number", "SF5550001")
    keeper.get_by_role("button", name="Ship replacement").click()
    expect(keeper.locator("#replacement-status")).to_have_text("Shipped")
    expect(keeper.locator("h1 .badge").first).to_have_text("Completed")

    # The customer's page shows the replacement on its way with its tracking number.
    progress = new_page()
    progress.goto(request.get_progress_url())
    expect(progress.locator("#progress-status")).to_have_text("Completed")
    expect(progress.locator("#replacement")).to_contain_text("Shipped")
    expect(progress.locator("#replacement")).to_contain_text("SF5550001")
    expect(_step(progress, "Done")).to_contain_class("list-group-item-success")

    # Stock: 10 - 3 shipped + 1 back - 1 replacement.
    keeper.goto("/inventory/stock/")
    expect(keeper.locator("tbody tr", has_text="Hex bolt").locator("td").nth(5)).to_have_text("7")
