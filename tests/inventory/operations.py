"""Shared set-up of the stock-operation tests (transfers, stocktakes, alerts, valuation, lots)."""

from decimal import Decimal

import pytest

from inventory.selectors import stock_ledger_mismatches
from inventory.services_transfers import transfer_create, transfer_dispatch, transfer_line_add
from tests.factories import LocationFactory, ProductFactory, UserFactory, WarehouseFactory


@pytest.fixture(autouse=True)
def _ledger_stays_exact(db):
    """After every scenario the sum of the moves equals every balance (what check_stock checks)."""
    yield
    assert stock_ledger_mismatches() == []


@pytest.fixture
def keeper(db):
    return UserFactory(username="keeper", role="warehouse_keeper")


@pytest.fixture
def approver(db):
    return UserFactory(username="approver", role="approver")


@pytest.fixture
def product(db):
    return ProductFactory()


@pytest.fixture
def main_location(db):
    return LocationFactory(warehouse=WarehouseFactory(code="MAIN"), code="A-01")


@pytest.fixture
def branch_location(db):
    return LocationFactory(warehouse=WarehouseFactory(code="BRANCH"), code="B-01")


def q(value) -> Decimal:
    return Decimal(str(value))


def dispatched_transfer(*, product, source, destination, quantity, by, lot=None):
    transfer = transfer_create(source_warehouse=source.warehouse, destination=destination, by=by)
    transfer_line_add(transfer=transfer, product=product, source=source, quantity=q(quantity), lot=lot)
    return transfer_dispatch(transfer=transfer, by=by)
