"""``manage.py seed_demo``: a complete, consistent demo company, and nothing more on a second run."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from common import demo_data
from common.management.commands.seed_demo import ean13
from common.roles import GROUP_NAMES
from inventory.choices import OpeningStockStatus
from inventory.models import (
    Category,
    Location,
    Lot,
    OpeningStock,
    Product,
    StockBalance,
    StockMove,
    Warehouse,
)
from inventory.selectors import products_below_safety_stock, stock_ledger_mismatches
from sales.choices import CustomerStage, CustomerType
from sales.models import Customer
from suppliers.models import Supplier, SupplierContact

pytestmark = pytest.mark.django_db

USERNAMES = [row[0] for row in demo_data.USERS]


@pytest.fixture(autouse=True)
def _development(settings):
    """The demo loader is for development machines: it refuses to run with DEBUG off."""
    settings.DEBUG = True


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=StringIO())
    assert not Product.objects.exists()


def printed_logins(output: str) -> dict[str, str]:
    """Username -> password, read from the logins table the command prints."""
    logins = {}
    for line in output.splitlines():
        words = line.split()
        if words and words[0] in USERNAMES:
            logins[words[0]] = words[-1]
    return logins


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Product,
            Category,
            Warehouse,
            Location,
            Lot,
            StockMove,
            StockBalance,
            OpeningStock,
            Supplier,
            SupplierContact,
            Customer,
            User,
        )
    }


def test_ean13_check_digit():
    assert ean13("400638133393") == "4006381333931"
    assert ean13("690123456789") == "6901234567892"


def test_seed_builds_a_consistent_company_with_stock():
    seed()

    assert Warehouse.objects.count() >= 2
    assert Product.objects.count() >= 200
    for warehouse in Warehouse.objects.all():
        assert warehouse.locations.count() >= 5
        opening = OpeningStock.objects.get(warehouse=warehouse)
        assert opening.status == OpeningStockStatus.POSTED
        assert opening.created_by.username == "warehouse"
        assert opening.approved_by.username == "manager"
    assert StockMove.objects.exists()
    assert stock_ledger_mismatches() == []
    assert products_below_safety_stock().exists()
    assert Lot.objects.exists()
    assert not StockBalance.objects.filter(product__is_lot_tracked=True, lot__isnull=True).exists()


def test_seeded_products_are_coded_and_priced_sensibly():
    seed()
    products = list(Product.objects.select_related("category", "unit"))

    assert len({p.barcode for p in products}) == len(products)
    for product in products:
        assert len(product.barcode) == 13
        assert ean13(product.barcode[:12]) == product.barcode
        assert product.purchase_price < product.wholesale_price < product.sale_price
        assert product.safety_stock > 0
        assert product.reorder_quantity > product.safety_stock
        assert product.category.parent is not None  # products sit in leaf categories
    lot_tracked = {p.category.parent.name for p in products if p.is_lot_tracked}
    assert lot_tracked == {"清洁化学品", "食品饮料"}
    assert Category.objects.filter(parent=None).count() >= 5
    assert {p.unit.code for p in products if p.unit.is_fractional} == {"kg", "m"}


def test_seeded_partners():
    seed()

    assert Supplier.objects.count() >= 15
    assert not Supplier.objects.filter(contacts=None).exists()
    assert not Supplier.objects.filter(supply_scope=None).exists()
    assert Customer.objects.count() >= 30
    assert Customer.objects.filter(customer_type=CustomerType.RETAIL).exists()
    assert Customer.objects.filter(customer_type=CustomerType.WHOLESALE).exists()
    assert Customer.objects.filter(stage=CustomerStage.PROSPECT).exists()
    assert Customer.objects.filter(language="en").count() >= 2
    assert not Customer.objects.filter(contacts=None).exists()


def test_every_role_has_a_user_who_logs_in_with_the_printed_password():
    logins = printed_logins(seed())

    assert sorted(logins) == sorted(USERNAMES)
    for group_name in GROUP_NAMES.values():
        user = User.objects.get(groups__name=group_name)
        assert Client().login(username=user.username, password=logins[user.username]), user.username
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.is_superuser


def test_second_run_changes_nothing_and_prints_the_logins_again():
    first = seed()
    before = counts()

    second = seed()

    assert counts() == before
    assert stock_ledger_mismatches() == []
    assert printed_logins(second) == printed_logins(first)


def test_existing_user_keeps_their_password():
    User.objects.create_user(username="admin", password="my-own-Secret-1")

    logins = printed_logins(seed())

    assert Client().login(username="admin", password="my-own-Secret-1")
    assert logins["admin"] != demo_data.DEMO_PASSWORD
