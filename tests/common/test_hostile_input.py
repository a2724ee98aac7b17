"""Bad input never breaks the forms: random and hostile values are refused cleanly (hypothesis).

Every request answers below 500; a refused request changes no stock (StockMove rows) and no money
(PartnerLedgerEntry rows); a posted "<script>" never comes back unescaped.

The examples of one test share its database and its ``objects``, which are made on first use: the first
``objects[Product]`` posts a receipt of its own. So stock and money are counted right before the
request, after everything the request needs was made (``post_hostile``), never earlier.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from finance.models import PartnerLedgerEntry, Payment
from inventory.models import Location, OpeningStock, OpeningStockLine, Product, StockMove, Warehouse
from sales.models import Customer
from suppliers.models import Supplier

MARK = "<script>alert(1)</script>"
HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            MARK,
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE inventory_product; --",
            "1 OR 1=1",
            "%s%s%n",
            "{{ request }}{% debug %}",
            "\x00",
            "\u202e\u200b",
            "仓库一号 🚚",
            "x" * 5000,
        ]
    ),
    st.text(max_size=60),
)
HOSTILE_NUMBER = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "-0.001",
            "1e309",
            "NaN",
            "Infinity",
            "-Infinity",
            "9" * 40,
            "0.0000001",
            "1,5",
            "abc",
            "",
        ]
    ),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
HOSTILE_ID = st.one_of(
    st.sampled_from(["", "0", "-1", "999999999", "99999999999999999999999", "1.5", "abc", MARK]),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
)
VALUE = st.one_of(HOSTILE_TEXT, HOSTILE_NUMBER, HOSTILE_ID)
FAST = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def state():
    """Stock and money: how many moves and ledger entries there are."""
    return StockMove.objects.count(), PartnerLedgerEntry.objects.count()


def post_hostile(client, url, data):
    """Post ``data``: the answer is below 500, echoes no <script>, and moves no stock or money.

    Every form posted this way makes master data or a draft, so even an accepted request moves nothing;
    checking every answer also covers a refusal that redirects with a message instead of answering 400.
    """
    before = state()
    response = client.post(url, data)
    event(f"answered {response.status_code}")  # --hypothesis-show-statistics: how many were accepted
    assert response.status_code < 500
    assert state() == before
    assert MARK not in response.content.decode(errors="replace")
    return response


@pytest.fixture
def admin(clients):
    return clients["administrator"]


def fields(**strategies):
    return st.fixed_dictionaries(strategies)


@FAST
@given(
    data=fields(
        sku=HOSTILE_TEXT,
        name=HOSTILE_TEXT,
        category=HOSTILE_ID,
        unit=HOSTILE_ID,
        purchase_price=HOSTILE_NUMBER,
        sale_price=HOSTILE_NUMBER,
        wholesale_price=HOSTILE_NUMBER,
        safety_stock=HOSTILE_NUMBER,
        reorder_quantity=HOSTILE_NUMBER,
        barcode=HOSTILE_TEXT,
    )
)
def test_product_form(admin, objects, data):
    post_hostile(admin, reverse("inventory:product-create"), data)


@FAST
@given(data=fields(code=HOSTILE_TEXT, name=HOSTILE_TEXT, payment_terms=VALUE, phone=HOSTILE_TEXT))
def test_supplier_form(admin, objects, data):
    post_hostile(admin, reverse("suppliers:supplier-create"), data)


@FAST
@given(
    data=fields(
        code=HOSTILE_TEXT,
        name=HOSTILE_TEXT,
        customer_type=VALUE,
        stage=VALUE,
        credit_limit=HOSTILE_NUMBER,
        payment_terms=VALUE,
        language=VALUE,
        phone=HOSTILE_TEXT,
        email=HOSTILE_TEXT,
    )
)
def test_customer_form(admin, objects, data):
    post_hostile(admin, reverse("sales:customer-create"), data)


LINES = {
    "lines-TOTAL_FORMS": st.one_of(st.just("1"), HOSTILE_NUMBER),
    "lines-INITIAL_FORMS": st.one_of(st.just("0"), HOSTILE_NUMBER),
    "lines-0-product": HOSTILE_ID,
    "lines-0-quantity": HOSTILE_NUMBER,
    "lines-0-unit_price": HOSTILE_NUMBER,
}


@FAST
@given(
    data=fields(supplier=HOSTILE_ID, warehouse=HOSTILE_ID, order_date=VALUE, note=HOSTILE_TEXT, **LINES),
    use_real=st.booleans(),
)
def test_purchase_order_form(admin, objects, data, use_real):
    if use_real:
        data.update(supplier=objects[Supplier].pk, warehouse=objects[Warehouse].pk, order_date="2026-01-05")
        data["lines-0-product"] = objects[Product].pk
    post_hostile(admin, reverse("purchasing:order-create"), data)


@FAST
@given(
    data=fields(
        customer=HOSTILE_ID,
        warehouse=HOSTILE_ID,
        order_date=VALUE,
        price_type=VALUE,
        note=HOSTILE_TEXT,
        **LINES,
        **{"lines-0-discount_percent": HOSTILE_NUMBER},
    ),
    use_real=st.booleans(),
)
def test_sales_order_form(admin, objects, data, use_real):
    if use_real:
        data.update(customer=objects[Customer].pk, warehouse=objects[Warehouse].pk, order_date="2026-01-05")
        data["lines-0-product"] = objects[Product].pk
    post_hostile(admin, reverse("sales:order-create"), data)


@FAST
@given(
    data=fields(product=HOSTILE_ID, location=HOSTILE_ID, quantity=HOSTILE_NUMBER, unit_cost=HOSTILE_NUMBER),
    use_real=st.booleans(),
)
# Runs first, before any object exists: the opening stock is made, with its product's receipt, on the
# way to the URL, and that receipt must not be counted as the refused request's.
@example(data={"product": "", "location": "", "quantity": "0", "unit_cost": "0"}, use_real=False)
def test_opening_stock_line_form(admin, objects, data, use_real):
    if use_real:
        data.update(product=objects[Product].pk, location=objects[Location].pk)
    document = objects[OpeningStock]
    lines = OpeningStockLine.objects.filter(document=document)
    lines_before = lines.count()

    response = post_hostile(admin, reverse("inventory:opening-line-add", args=[document.pk]), data)

    if response.status_code != 302:  # refused: no line either
        assert lines.count() == lines_before


@FAST
@given(
    partner=st.one_of(HOSTILE_ID, st.just("real")),
    data=fields(date=VALUE, method=VALUE, reference=HOSTILE_TEXT, amount=HOSTILE_NUMBER, note=HOSTILE_TEXT),
)
def test_payment_entry_form(clients, objects, partner, data):
    accountant = clients["accountant"]
    partner = objects[Customer].pk if partner == "real" else partner
    url = reverse("finance:customer-receipt-create") + "?" + f"partner={partner}"
    (moves, entries), payments = state(), Payment.objects.count()

    response = accountant.post(url, data)

    assert response.status_code < 500
    assert MARK not in response.content.decode(errors="replace")
    if Payment.objects.count() == payments:  # refused, whether it answers 400 or redirects
        event(f"refused with {response.status_code}")
        assert state() == (moves, entries)
    else:  # accepted: an amount the form allows, a real partner, money and no stock
        event("accepted")
        assert response.status_code == 302
        assert Decimal(data["amount"]) >= Decimal("0.01")
        assert str(partner) == str(objects[Customer].pk)
        assert StockMove.objects.count() == moves
        assert PartnerLedgerEntry.objects.count() > entries


@FAST
@given(data=fields(number=HOSTILE_TEXT, contact=HOSTILE_TEXT))
def test_customer_return_form(client, objects, data, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = post_hostile(client, reverse("returns_public:start"), data)
    if response.status_code == 302:  # only the customer's own order leads on
        pytest.fail(f"an unknown order was accepted: {data!r}")


@FAST
@given(data=st.dictionaries(st.sampled_from(["keys", "action", "reason", "approve_one"]), VALUE))
def test_approval_inbox_form(clients, objects, data):
    post_hostile(clients["approver"], reverse("common:approvals"), data)
