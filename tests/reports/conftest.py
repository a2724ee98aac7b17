"""Fixed stock for the report tests, posted through the stock services, and helpers to read pages and files.

The hand computation of every figure the tests expect is written next to the data.
"""

import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from inventory.choices import MoveType
from inventory.services import (
    DocumentRef,
    MoveSpec,
    lot_get_or_create,
    opening_stock_create,
    stock_moves_post,
    stock_reserve,
)
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    ProductFactory,
    UnitFactory,
    UserFactory,
    WarehouseFactory,
)


def receive(product, location, quantity, unit_cost, *, by, lot=None):
    stock_moves_post(
        moves=[
            MoveSpec(
                product.pk,
                location.pk,
                Decimal(quantity),
                MoveType.RECEIPT,
                lot_id=lot.pk if lot else None,
                unit_cost=Decimal(unit_cost),
            )
        ],
        document=DocumentRef("tests.receipt", 1, "TEST-1"),
        by=by,
    )


@pytest.fixture
def stock(db):
    """Stock on hand (quantity @ unit cost = value):

    NORTH  A-APPLE (Food / Fruit, kg)   10   @ 5.00 = 50.00
           A-PEAR  (Food / Fruit, pcs)   3   @ 2.50 =  7.50
           B-COLA  (Drinks, pcs)        15   @ 1.20 = 18.00  (20 received, 5 shipped; 4 reserved)
           B-MILK  (Drinks, pcs, lot L1, expires 2027-03-01) 8 @ 3.00 = 24.00
    SOUTH  A-APPLE                       4   @ 6.00 = 24.00
           C-BREAD (Food, kg)          2.5   @ 4.00 = 10.00
    """
    user = UserFactory(username="stock-poster")
    food = CategoryFactory(name="Food")
    fruit = CategoryFactory(name="Fruit", parent=food)
    drinks = CategoryFactory(name="Drinks")
    kg = UnitFactory(code="kg", name="kg", is_fractional=True)
    pcs = UnitFactory(code="pcs", name="pcs")
    north = WarehouseFactory(code="NORTH", name="North warehouse")
    south = WarehouseFactory(code="SOUTH", name="South warehouse")
    north_a = LocationFactory(warehouse=north, code="N-A")
    north_b = LocationFactory(warehouse=north, code="N-B")
    south_a = LocationFactory(warehouse=south, code="S-A")
    apple = ProductFactory(sku="A-APPLE", name="Apple", category=fruit, unit=kg)
    pear = ProductFactory(sku="A-PEAR", name="Pear", category=fruit, unit=pcs)
    cola = ProductFactory(sku="B-COLA", name="Cola", category=drinks, unit=pcs)
    milk = ProductFactory(sku="B-MILK", name="Milk", category=drinks, unit=pcs, is_lot_tracked=True)
    bread = ProductFactory(sku="C-BREAD", name="Bread", category=food, unit=kg)
    receive(apple, north_a, "10", "5.00", by=user)
    receive(apple, south_a, "4", "6.00", by=user)
    receive(pear, north_b, "3", "2.50", by=user)
    receive(cola, north_a, "20", "1.20", by=user)
    stock_moves_post(
        moves=[MoveSpec(cola.pk, north_a.pk, Decimal("-5"), MoveType.SHIPMENT)],
        document=DocumentRef("tests.delivery", 1, "TEST-2"),
        by=user,
    )
    lot = lot_get_or_create(product=milk, number="L1", expiry_date=datetime.date(2027, 3, 1))
    receive(milk, north_a, "8", "3.00", by=user, lot=lot)
    receive(bread, south_a, "2.5", "4.00", by=user)
    holder = opening_stock_create(warehouse=north, date=datetime.date(2026, 1, 1), note="", by=user)
    stock_reserve(product=cola, warehouse=north, quantity=Decimal("4"), document=holder, line_id=1)
    return {
        "categories": {"food": food, "fruit": fruit, "drinks": drinks},
        "warehouses": {"north": north, "south": south},
        "products": {"apple": apple, "pear": pear, "cola": cola, "milk": milk, "bread": bread},
        "locations": {"north_a": north_a, "north_b": north_b, "south_a": south_a},
        "user": user,
    }


class TableParser(HTMLParser):
    """The text of each cell of one table (by id): ``head``, ``body`` and ``foot`` rows."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id = table_id
        self.inside = False
        self.section = None
        self.rows = {"head": [], "body": [], "foot": []}
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == self.table_id:
            self.inside = True
        if not self.inside:
            return
        if tag in ("thead", "tbody", "tfoot"):
            self.section = {"thead": "head", "tbody": "body", "tfoot": "foot"}[tag]
        elif tag == "tr":
            self.rows[self.section].append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.rows[self.section][-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.cell is not None:
            self.cell += data


def html_table(response, table_id="report-table") -> dict:
    parser = TableParser(table_id)
    parser.feed(response.content.decode())
    return parser.rows


def workbook_rows(response):
    """The first sheet of an Excel response, as (sheet, rows of cells)."""
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows()]
