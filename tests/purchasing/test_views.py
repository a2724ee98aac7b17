import re
from decimal import Decimal

import pytest
from django.urls import reverse

from common.approvals import approval_key
from finance.choices import PartnerType
from finance.selectors import partner_balance
from inventory.choices import OpeningStockStatus
from inventory.models import OpeningStock, OpeningStockLine, StockBalance
from purchasing import services
from purchasing.choices import PurchaseOrderStatus, PurchaseReturnStatus
from purchasing.models import GoodsReceipt, PurchaseOrder, PurchaseReturn
from tests.factories import SupplierFactory, UserFactory

POS, PRS = PurchaseOrderStatus, PurchaseReturnStatus

pytestmark = pytest.mark.django_db


def fresh(document):
    return type(document).objects.get(pk=document.pk)


def token_of(response) -> str:
    match = re.search(r'name="client_token" value="([0-9a-f-]{36})"', response.content.decode())
    assert match, "the form carries a client token"
    return match.group(1)


def order_post_data(token, supplier, warehouse, product, quantity="5", price="3.20"):
    return {
        "client_token": token,
        "supplier": supplier.pk,
        "warehouse": warehouse.pk,
        "order_date": "2026-03-02",
        "expected_date": "",
        "note": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-product": product.pk,
        "lines-0-quantity": quantity,
        "lines-0-unit_price": price,
        "lines-0-expected_date": "",
        "lines-1-product": "",
        "lines-1-quantity": "",
        "lines-1-unit_price": "",
        "lines-1-expected_date": "",
    }


def submitted(make_order, creator, product, price="1"):
    order = make_order((product, 1, price), by=creator)
    return services.purchase_order_submit(order=order, by=creator)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_same_form_posted_twice_creates_one_order(client_for, clerk, supplier, warehouse, product):
    client = client_for(clerk)
    page = client.get(reverse("purchasing:order-create"))
    assert page.status_code == 200
    data = order_post_data(token_of(page), supplier, warehouse, product)
    first = client.post(reverse("purchasing:order-create"), data)
    second = client.post(reverse("purchasing:order-create"), data)
    assert PurchaseOrder.objects.count() == 1
    order = PurchaseOrder.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == order.get_absolute_url()
    assert order.total == Decimal("16.00")
    assert order.lines.count() == 1


def test_a_new_form_gets_a_new_token(client_for, clerk):
    client = client_for(clerk)
    first = token_of(client.get(reverse("purchasing:order-create")))
    second = token_of(client.get(reverse("purchasing:order-create")))
    assert first != second


def test_order_form_without_lines_is_refused(client_for, clerk, supplier, warehouse, product):
    client = client_for(clerk)
    data = order_post_data(
        token_of(client.get(reverse("purchasing:order-create"))), supplier, warehouse, product
    )
    data["lines-0-product"] = data["lines-0-quantity"] = data["lines-0-unit_price"] = ""
    response = client.post(reverse("purchasing:order-create"), data)
    assert response.status_code == 200
    assert "Add at least one line." in response.content.decode()
    assert not PurchaseOrder.objects.exists()


def test_an_order_line_worth_more_than_the_books_hold_is_refused_not_a_server_error(
    client_for, clerk, supplier, warehouse, product
):
    client = client_for(clerk)
    token = token_of(client.get(reverse("purchasing:order-create")))
    data = order_post_data(token, supplier, warehouse, product, quantity="99999999999", price="99999")
    response = client.post(reverse("purchasing:order-create"), data)
    assert response.status_code == 200
    assert "is too large: an order line holds less than 1,000,000,000,000." in response.content.decode()
    assert not PurchaseOrder.objects.exists()


def test_empty_price_takes_the_products_purchase_price(client_for, clerk, supplier, warehouse, product):
    client = client_for(clerk)
    data = order_post_data(
        token_of(client.get(reverse("purchasing:order-create"))), supplier, warehouse, product
    )
    data["lines-0-unit_price"] = ""
    client.post(reverse("purchasing:order-create"), data)
    assert PurchaseOrder.objects.get().lines.get().unit_price == product.purchase_price


def test_edit_only_in_draft(client_for, clerk, make_order, product, supplier, warehouse):
    order = make_order((product, 1, "1"))
    client = client_for(clerk)
    assert client.get(reverse("purchasing:order-edit", args=[order.pk])).status_code == 200
    data = order_post_data("", supplier, warehouse, product, quantity="7", price="2")
    data["client_token"] = ""
    response = client.post(reverse("purchasing:order-edit", args=[order.pk]), data)
    assert response.status_code == 302
    assert fresh(order).total == Decimal("14.00")
    services.purchase_order_submit(order=order, by=clerk)
    response = client.post(reverse("purchasing:order-edit", args=[order.pk]), data)
    assert response.status_code == 302
    assert fresh(order).total == Decimal("14.00")
    assert "Only a draft can be changed." in messages_of(client.get(response.url))


def test_inbox_lists_what_waits_newest_first_with_amount_and_creator(
    client_for, clerk, approver, make_order, product
):
    older = submitted(make_order, clerk, product, price="10")
    newer = submitted(make_order, clerk, product, price="20")
    page = client_for(approver).get(reverse("common:approvals"))
    html = page.content.decode()
    assert html.index(newer.number) < html.index(older.number)
    assert "20.00" in html
    assert "clerk" in html


def test_inbox_pages_through_everything_waiting(client_for, clerk, approver, make_order, product, settings):
    """Nothing waiting is left out however much waits: five orders at two a page are three pages, newest
    first, and the dashboard says how many wait."""
    settings.LIST_PAGE_SIZE = 2
    orders = [submitted(make_order, clerk, product, price=str(10 + n)) for n in range(5)]
    client = client_for(approver)
    first = client.get(reverse("common:approvals"))
    assert [item.number for item in first.context["pending"]] == [orders[4].number, orders[3].number]
    assert "5 rows" in first.content.decode()
    assert "Page 1 of 3" in first.content.decode()
    last = client.get(reverse("common:approvals") + "?page=3")
    assert [item.number for item in last.context["pending"]] == [orders[0].number]
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "5 documents are waiting." in dashboard


def test_inbox_approves_several_at_once(client_for, clerk, approver, make_order, product):
    first = submitted(make_order, clerk, product)
    second = submitted(make_order, clerk, product)
    client = client_for(approver)
    response = client.post(
        reverse("common:approvals"),
        {"action": "approve", "keys": [approval_key(first), approval_key(second)]},
        follow=True,
    )
    assert fresh(first).status == fresh(second).status == POS.APPROVED
    assert f"{first.number} was approved." in messages_of(response)
    assert f"{second.number} was approved." in messages_of(response)
    assert response.context["pending"] == []  # nothing left waiting


def test_inbox_approves_one_row(client_for, clerk, approver, make_order, product):
    first = submitted(make_order, clerk, product)
    second = submitted(make_order, clerk, product)
    client_for(approver).post(
        reverse("common:approvals"), {"approve_one": approval_key(first), "keys": [approval_key(second)]}
    )
    assert fresh(first).status == POS.APPROVED
    assert fresh(second).status == POS.SUBMITTED


def test_inbox_reject_needs_a_reason(client_for, clerk, approver, make_order, product):
    first = submitted(make_order, clerk, product)
    second = submitted(make_order, clerk, product)
    keys = [approval_key(first), approval_key(second)]
    client = client_for(approver)
    response = client.post(reverse("common:approvals"), {"action": "reject", "keys": keys, "reason": "  "})
    assert response.status_code == 400
    assert "Give a reason for the rejection." in response.content.decode()
    assert fresh(first).status == POS.SUBMITTED
    client.post(reverse("common:approvals"), {"action": "reject", "keys": keys, "reason": "Over budget"})
    assert fresh(first).status == fresh(second).status == POS.REJECTED
    assert fresh(second).reject_reason == "Over budget"


def test_inbox_refuses_own_document_and_goes_on_with_the_others(
    client_for, clerk, approver, make_order, product
):
    approver.user_permissions.add(*_perms("add_purchaseorder", "change_purchaseorder"))
    own = submitted(make_order, approver, product)
    other = submitted(make_order, clerk, product)
    client = client_for(approver)
    assert own.number not in client.get(reverse("common:approvals")).content.decode()
    response = client.post(
        reverse("common:approvals"),
        {"action": "approve", "keys": [approval_key(own), approval_key(other)]},
        follow=True,
    )
    assert fresh(own).status == POS.SUBMITTED
    assert fresh(other).status == POS.APPROVED
    assert any("Nobody approves a document they created" in m for m in messages_of(response))


def test_inbox_checks_permission_on_the_server(client_for, clerk, make_order, product):
    order = submitted(make_order, clerk, product)
    other_clerk = UserFactory(username="clerk2", role="purchasing_clerk")
    response = client_for(other_clerk).post(
        reverse("common:approvals"), {"action": "approve", "keys": [approval_key(order)]}, follow=True
    )
    assert fresh(order).status == POS.SUBMITTED
    assert any("not allowed" in m for m in messages_of(response))


def test_inbox_refuses_malformed_keys(client_for, approver):
    response = client_for(approver).post(
        reverse("common:approvals"), {"action": "approve", "keys": ["auth.user:1; drop"]}
    )
    assert response.status_code == 400


def test_inbox_decides_opening_stock_too(client_for, keeper, approver, warehouse, location, product):
    first = OpeningStock.objects.create(
        number="OS-1", warehouse=warehouse, date="2026-01-01", created_by=keeper
    )
    OpeningStockLine.objects.create(
        document=first, product=product, location=location, quantity=Decimal("3"), unit_cost=Decimal("2")
    )
    second = OpeningStock.objects.create(
        number="OS-2", warehouse=warehouse, date="2026-01-01", created_by=keeper
    )
    client = client_for(approver)
    client.post(reverse("common:approvals"), {"action": "approve", "keys": [approval_key(first)]})
    assert fresh(first).status == OpeningStockStatus.POSTED
    assert StockBalance.objects.get(product=product, location=location).on_hand == Decimal("3")
    client.post(
        reverse("common:approvals"),
        {"action": "reject", "keys": [approval_key(second)], "reason": "Duplicate"},
    )
    assert fresh(second).status == OpeningStockStatus.CANCELLED


def test_reject_reason_shown_to_the_creator(client_for, clerk, approver, make_order, product):
    order = submitted(make_order, clerk, product)
    client_for(approver).post(
        reverse("purchasing:order-reject", args=[order.pk]), {"reason": "Wrong supplier"}
    )
    page = client_for(clerk).get(order.get_absolute_url())
    html = page.content.decode()
    assert 'id="reject-reason"' in html
    assert "Wrong supplier" in html
    assert "Correct and resubmit" in html


def test_reject_from_the_order_page_needs_a_reason(client_for, clerk, approver, make_order, product):
    order = submitted(make_order, clerk, product)
    response = client_for(approver).post(reverse("purchasing:order-reject", args=[order.pk]), {"reason": ""})
    assert response.status_code == 400
    assert fresh(order).status == POS.SUBMITTED


def test_creator_sees_no_decision_buttons(client_for, clerk, approver, make_order, product):
    approver.user_permissions.add(*_perms("add_purchaseorder", "change_purchaseorder"))
    order = submitted(make_order, approver, product)
    html = client_for(approver).get(order.get_absolute_url()).content.decode()
    assert reverse("purchasing:order-approve", args=[order.pk]) not in html
    response = client_for(approver).post(reverse("purchasing:order-approve", args=[order.pk]), follow=True)
    assert fresh(order).status == POS.SUBMITTED
    assert any("Nobody approves" in m for m in messages_of(response))


def test_actions_are_post_only(client_for, approver, approved_order):
    assert (
        client_for(approver).get(reverse("purchasing:order-approve", args=[approved_order.pk])).status_code
        == 405
    )


@pytest.mark.parametrize(
    ("role", "url_name", "status"),
    [
        ("warehouse_keeper", "purchasing:order-create", 403),
        ("purchasing_clerk", "purchasing:order-create", 200),
        ("accountant", "purchasing:order-list", 200),
        ("sales_clerk", "purchasing:order-list", 403),
        ("purchasing_clerk", "purchasing:return-create", 200),
        ("approver", "purchasing:return-create", 403),
    ],
)
def test_screens_check_permissions(client_for, role, url_name, status):
    user = UserFactory(username=f"u-{role}", role=role)
    assert client_for(user).get(reverse(url_name)).status_code == status


def test_receipt_form_is_prefilled_with_the_open_quantity(client_for, keeper, approved_order, receive):
    line = approved_order.lines.get()
    receive(approved_order, {line: 4})
    page = client_for(keeper).get(reverse("purchasing:order-receive", args=[approved_order.pk]))
    assert page.status_code == 200
    assert Decimal(page.context["formset"].forms[0].initial["arrived_quantity"]) == Decimal("6")


def test_clerk_cannot_open_the_receipt_form(client_for, clerk, approved_order):
    assert (
        client_for(clerk).get(reverse("purchasing:order-receive", args=[approved_order.pk])).status_code
        == 403
    )


def _receipt_data(client, order, *, arrived, accepted, rejected="0", note=""):
    page = client.get(reverse("purchasing:order-receive", args=[order.pk]))
    form = page.context["formset"].forms[0]
    return {
        "client_token": token_of(page),
        "date": "2026-03-03",
        "note": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-order_line_id": form.initial["order_line_id"],
        "lines-0-arrived_quantity": arrived,
        "lines-0-accepted_quantity": accepted,
        "lines-0-rejected_quantity": rejected,
        "lines-0-quality_note": note,
        "lines-0-location": form.initial["location"].pk,
        "lines-0-lot_number": "",
        "lines-0-expiry_date": "",
    }


def test_receipt_through_the_screen_and_differences_on_the_order(
    client_for, keeper, clerk, approved_order, product, supplier, location
):
    client = client_for(keeper)
    data = _receipt_data(client, approved_order, arrived="7", accepted="6", rejected="1", note="dented")
    response = client.post(reverse("purchasing:order-receive", args=[approved_order.pk]), data)
    assert response.status_code == 302
    again = client.post(reverse("purchasing:order-receive", args=[approved_order.pk]), data)  # double click
    assert again.status_code == 302
    assert GoodsReceipt.objects.count() == 1
    assert partner_balance(partner_type=PartnerType.SUPPLIER, partner_id=supplier.pk) == Decimal("30.00")
    html = client_for(clerk).get(approved_order.get_absolute_url()).content.decode()
    assert "dented" in html
    assert "-4" in html  # accepted 6 of 10: four still missing


def test_over_receipt_is_refused_on_the_screen(client_for, keeper, approved_order, location):
    client = client_for(keeper)
    data = _receipt_data(client, approved_order, arrived="12", accepted="12")
    response = client.post(reverse("purchasing:order-receive", args=[approved_order.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Receipt refused: BOLT-1 Bolt was ordered 10" in html
    assert not GoodsReceipt.objects.exists()


def test_supplier_page_shows_payable_open_orders_and_history(
    client_for, clerk, approved_order, receive, supplier
):
    receive(approved_order, {approved_order.lines.get(): 4})
    html = client_for(clerk).get(supplier.get_absolute_url()).content.decode()
    assert 'id="purchasing-panel"' in html
    assert 'id="supplier-payable"' in html
    assert "20.00" in html
    assert approved_order.number in html
    assert approved_order.receipts.get().number in html


def test_supplier_page_without_purchasing_or_finance_rights_has_no_panel(client_for, supplier):
    user = UserFactory(username="viewer")
    user.user_permissions.add(*_perms("view_supplier"))
    html = client_for(user).get(supplier.get_absolute_url()).content.decode()
    assert 'id="purchasing-panel"' not in html


@pytest.mark.parametrize("text", ["Acme", "Rita", "555-0101", "Fasteners"])
def test_supplier_search_by_name_contact_phone_or_category(client_for, clerk, text):
    from inventory.models import Category
    from suppliers.models import SupplierContact

    supplier = SupplierFactory(name="Acme Fasteners Ltd")
    SupplierContact.objects.create(supplier=supplier, name="Rita Wang", phone="555-0101")
    supplier.supply_scope.add(Category.objects.create(name="Fasteners"))
    SupplierFactory(name="Other")
    page = client_for(clerk).get(reverse("suppliers:supplier-list"), {"q": text})
    assert [s.pk for s in page.context["object_list"]] == [supplier.pk]


def test_print_page_has_no_navigation(client_for, clerk, approved_order):
    html = client_for(clerk).get(reverse("purchasing:order-print", args=[approved_order.pk])).content.decode()
    assert "navbar" not in html
    assert approved_order.number in html
    assert "data-print" in html  # the print button, run by static/js/app.js (no inline handler under the CSP)


def test_order_list_filters_and_search(client_for, clerk, make_order, product):
    other_supplier = SupplierFactory(name="Zeta Supplies")
    draft = make_order((product, 1, "1"))
    sent = submitted(make_order, clerk, product)
    zeta = make_order((product, 1, "1"), supplier=other_supplier)
    client = client_for(clerk)
    url = reverse("purchasing:order-list")
    assert [o.pk for o in client.get(url, {"status": "submitted"}).context["object_list"]] == [sent.pk]
    assert [o.pk for o in client.get(url, {"supplier": other_supplier.pk}).context["object_list"]] == [
        zeta.pk
    ]
    assert [o.pk for o in client.get(url, {"q": "Zeta"}).context["object_list"]] == [zeta.pk]
    found = client.get(url, {"sort": "number"}).context["object_list"]
    assert [o.pk for o in found] == [draft.pk, sent.pk, zeta.pk]


def test_purchase_return_through_the_screens(
    client_for, clerk, approver, keeper, approved_order, receive, product, location, supplier
):
    receive(approved_order, {approved_order.lines.get(): 10})
    client = client_for(clerk)
    page = client.get(reverse("purchasing:return-create"))
    data = {
        "client_token": token_of(page),
        "supplier": supplier.pk,
        "warehouse": location.warehouse.pk,
        "date": "2026-03-04",
        "reason": "Wrong size",
        "note": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-product": product.pk,
        "lines-0-location": location.pk,
        "lines-0-lot": "",
        "lines-0-quantity": "4",
        "lines-0-note": "",
    }
    assert client.post(reverse("purchasing:return-create"), data).status_code == 302
    assert client.post(reverse("purchasing:return-create"), data).status_code == 302
    document = PurchaseReturn.objects.get()
    client.post(reverse("purchasing:return-submit", args=[document.pk]))
    client_for(approver).post(reverse("purchasing:return-approve", args=[document.pk]))
    response = client_for(keeper).post(reverse("purchasing:return-ship", args=[document.pk]), follow=True)
    assert fresh(document).status == PRS.SHIPPED
    assert StockBalance.objects.get(product=product, location=location).on_hand == Decimal("6")
    assert partner_balance(partner_type=PartnerType.SUPPLIER, partner_id=supplier.pk) == Decimal("30.00")
    assert any("the payable went down by 20.00" in m for m in messages_of(response))


def test_navigation_and_dashboard_lead_to_the_inbox(client_for, approver, clerk, make_order, product):
    submitted(make_order, clerk, product)
    html = client_for(approver).get(reverse("dashboard")).content.decode()
    assert reverse("common:approvals") in html
    assert 'id="nav-approvals"' in html
    sales = UserFactory(username="sales", role="sales_clerk")
    assert 'id="nav-approvals"' not in client_for(sales).get(reverse("dashboard")).content.decode()


def _perms(*codenames):
    from django.contrib.auth.models import Permission

    return list(Permission.objects.filter(codename__in=codenames))


def test_inbox_shows_a_returns_estimated_credit(
    client_for, clerk, approver, approved_order, receive, location
):
    line = approved_order.lines.get()
    receive(approved_order, {line: 10})  # 10 at 5.00
    document = services.purchase_return_create(
        supplier=approved_order.supplier,
        warehouse=location.warehouse,
        date=approved_order.order_date,
        reason="Faulty",
        lines=[services.ReturnLineData(product=line.product, location=location, quantity=Decimal("3"))],
        by=clerk,
    )
    services.purchase_return_submit(document=document, by=clerk)
    page = client_for(approver).get(reverse("common:approvals"))
    (item,) = [i for i in page.context["pending"] if i.number == document.number]
    assert item.amount == Decimal("15.00")
