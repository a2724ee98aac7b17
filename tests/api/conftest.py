import datetime
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.utils import timezone
from rest_framework.test import APIClient

from api.scopes import Scope
from api.services import api_token_create
from sales import services as sales_services
from sales.services import OrderLineData
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    ProductFactory,
    ReturnReasonFactory,
    UserFactory,
    WarehouseFactory,
)
from tests.ledger import post


def D(value) -> Decimal:  # noqa: N802 - reads like the Decimal it makes
    return Decimal(str(value))


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate-limit counters live in the ``api`` cache: every test starts with none."""
    caches["api"].clear()
    yield
    caches["api"].clear()


@pytest.fixture
def admin(db):
    return UserFactory(username="token-admin", role="administrator")


@pytest.fixture
def api(admin):
    """``api(role, *scopes)``: a client sending the key of a new token that acts as a user of ``role``
    (None: a user without any role) with those scopes; ``client.token`` is the token."""

    def make(role, *scopes, rate_limit=None, username=None):
        user = UserFactory(username=username or f"api-{role or 'nobody'}", role=role)
        token, key = api_token_create(
            name=f"{role} integration",
            scopes=list(scopes) or list(Scope.values),
            user=user,
            by=admin,
            rate_limit=rate_limit,
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        client.token, client.key, client.user = token, key, user
        return client

    return make


def error_of(response) -> dict:
    """The error body every refusal has: code, message and fields."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"]
    return body["error"]


@pytest.fixture
def warehouse(db):
    return WarehouseFactory(code="MAIN", name="Main warehouse")


@pytest.fixture
def location(warehouse):
    return LocationFactory(warehouse=warehouse, code="A-01")


@pytest.fixture
def keeper(db):
    return UserFactory(username="keeper", role="warehouse_keeper")


@pytest.fixture
def clerk(db):
    return UserFactory(username="sales-clerk", role="sales_clerk")


@pytest.fixture
def pen(db):
    return ProductFactory(sku="PEN-1", name="Pen", sale_price=D("15.00"), wholesale_price=D("12.00"))


@pytest.fixture
def stock(keeper):
    def receive(product, location, quantity, unit_cost="8.00"):
        return post(product, location, quantity, by=keeper, unit_cost=unit_cost)

    return receive


@pytest.fixture
def customer(db):
    return CustomerFactory(code="C-100", name="Bright Office", credit_limit=D("100000.00"), language="en")


@pytest.fixture
def defect(db):
    return ReturnReasonFactory(code="quality_defect", name="Quality defect")


@pytest.fixture
def shipped_order(clerk, keeper, customer, warehouse, location, pen, stock):
    """An order of 10 pens through the sales services, approved at once and shipped in full."""
    stock(pen, location, "50")
    order = sales_services.sales_order_create(
        customer=customer,
        warehouse=warehouse,
        order_date=today(),
        lines=[OrderLineData(pen, D("10"))],
        by=clerk,
    )
    order = sales_services.sales_order_submit(order=order, by=clerk)
    delivery = sales_services.delivery_create(order=order, by=keeper, date=today())
    sales_services.delivery_ship(delivery=delivery, by=keeper)
    return order
