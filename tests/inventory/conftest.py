"""Fixtures of the stock-operation tests (transfers, stocktakes, alerts, valuation, lots, stock card).

Test modules that want the ledger checked after every scenario use ``ledger_stays_exact``.
"""

import pytest

from inventory.selectors import stock_ledger_mismatches
from tests.factories import LocationFactory, ProductFactory, UserFactory, WarehouseFactory


@pytest.fixture
def ledger_stays_exact(db):
    """After the scenario the sum of the moves equals every balance (what check_stock checks)."""
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
