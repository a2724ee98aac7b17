"""Generate the benchmark data set on PostgreSQL with COPY: a year of a trading company's history.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_benchdata python bench/generate.py [--scale 1.0]

At scale 1: 50,000 products, 3 warehouses with 20 locations each, about 2,000,000 stock moves (goods
receipts, shipments, transfers through transit, customer returns), 300,000 sales order lines and 30,000
return requests. The day-by-day simulation keeps every balance at zero or above and carries the moving
average cost the way ``inventory.services`` does, so ``manage.py check_stock`` and ``check_ledger`` pass.
The database must be migrated and empty of business data (the script refuses otherwise).
"""

import argparse
import os
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.common import PASSWORD, say  # noqa: E402
from common.models import DocumentSequence  # noqa: E402
from common.roles import GROUP_NAMES  # noqa: E402
from finance.models import PartnerLedgerEntry  # noqa: E402
from finance.services import ledger_documents_fill  # noqa: E402
from inventory.models import (  # noqa: E402
    Category,
    Location,
    Product,
    StockBalance,
    StockMove,
    Transfer,
    TransferLine,
    Unit,
    Warehouse,
)
from inventory.services import stock_months_close  # noqa: E402
from purchasing.models import (  # noqa: E402
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
)
from returns.models import Refund, ReturnLine, ReturnReason, ReturnRequest  # noqa: E402
from sales.models import Customer, Delivery, DeliveryLine, SalesOrder, SalesOrderLine  # noqa: E402
from suppliers.models import Supplier  # noqa: E402

CENT = Decimal("0.01")
COST = Decimal("0.0001")
ZERO = Decimal("0")

WORDS = (
    "螺丝",
    "螺母",
    "垫片",
    "轴承",
    "齿轮",
    "电机",
    "电缆",
    "开关",
    "插座",
    "灯泡",
    "胶带",
    "手套",
    "口罩",
    "水泵",
    "阀门",
    "钢管",
    "铜线",
    "油漆",
    "胶水",
    "扳手",
    "钳子",
    "锤子",
    "电钻",
    "砂纸",
    "滤芯",
    "皮带",
    "链条",
    "弹簧",
    "密封圈",
    "传感器",
    "继电器",
    "保险丝",
)
ENGLISH = (
    "bolt",
    "nut",
    "washer",
    "bearing",
    "gear",
    "motor",
    "cable",
    "switch",
    "socket",
    "bulb",
    "tape",
    "glove",
    "mask",
    "pump",
    "valve",
    "pipe",
    "wire",
    "paint",
    "glue",
    "wrench",
    "pliers",
    "hammer",
    "drill",
    "sandpaper",
    "filter",
    "belt",
    "chain",
    "spring",
    "seal",
    "sensor",
    "relay",
    "fuse",
)
SIZES = ["M3", "M4", "M5", "M6", "M8", "M10", "10mm", "20mm", "1m", "5m", "1kg", "5kg", "S", "M", "L", "XL"]


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def cost(value) -> Decimal:
    return Decimal(value).quantize(COST, ROUND_HALF_UP)


class Copier:
    """COPY rows into a model's table; every column not given takes the field's default."""

    def __init__(self, model, fields):
        self.model = model
        meta = model._meta
        given = set(fields)
        self.fields = list(fields)
        self.defaults = []
        for field in meta.concrete_fields:
            if field.attname in given or field.primary_key:
                continue
            self.defaults.append((field.column, field.get_default()))
        by_attname = {field.attname: field for field in meta.concrete_fields}
        self.columns = [by_attname[name].column for name in self.fields]
        self.columns += [column for column, _default in self.defaults]
        self.default_values = tuple(default for _column, default in self.defaults)
        self.count = 0

    def __enter__(self):
        self.cursor = connection.cursor().cursor
        table = self.model._meta.db_table
        self.copy_cm = self.cursor.copy(f'COPY "{table}" ({", ".join(self.columns)}) FROM STDIN')
        self.copy = self.copy_cm.__enter__()
        return self

    def write(self, *values):
        self.copy.write_row(values + self.default_values)
        self.count += 1

    def __exit__(self, *exc):
        self.copy_cm.__exit__(*exc)
        self.cursor.close()


def sequences_reset(models):
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
            )


class Numbers:
    """Document numbers per prefix and month, as ``document_number_next`` makes them."""

    def __init__(self):
        self.last = defaultdict(int)

    def next(self, prefix, day):
        period = f"{day:%Y%m}"
        self.last[(prefix, period)] += 1
        return f"{prefix}-{period}-{self.last[(prefix, period)]:04d}"

    def save(self):
        DocumentSequence.objects.bulk_create(
            [DocumentSequence(prefix=p, period=period, last_value=v) for (p, period), v in self.last.items()]
        )


class Ledger:
    """The simulated stock: balances with moving-average value, and the moves they came from."""

    def __init__(self, moves: Copier):
        self.on_hand = defaultdict(lambda: ZERO)
        self.value = defaultdict(lambda: ZERO)
        self.moves = moves
        self.next_id = 1

    def post(
        self, *, product, location, quantity, move_type, doc, line_id, at, user, unit_cost=None, note=""
    ):
        key = (product, location)
        on_hand, value = self.on_hand[key], self.value[key]
        average = value / on_hand if on_hand else ZERO
        if quantity > 0:
            unit = cost(unit_cost if unit_cost is not None else average)
            move_value = cost(quantity * unit)
        else:
            assert on_hand >= -quantity, (key, on_hand, quantity)
            unit = cost(unit_cost if unit_cost is not None else average)
            move_value = cost(quantity * unit)
            if on_hand + quantity == 0 or move_value < -value:
                move_value = -value
        self.on_hand[key] = on_hand + quantity
        self.value[key] = value + move_value
        doc_type, doc_id, doc_number = doc
        self.moves.write(
            self.next_id,
            product,
            location,
            None,
            quantity,
            unit,
            move_value,
            move_type,
            doc_type,
            doc_id,
            doc_number,
            line_id,
            None,
            note,
            at,
            user,
        )
        self.next_id += 1
        return unit, move_value


def generate(scale: float, seed: int) -> None:
    rnd = random.Random(seed)
    started = time.monotonic()
    if Product.objects.exists():
        sys.exit("The database already holds products: generate into a freshly migrated database.")

    n_products = int(50_000 * scale)
    n_customers = max(int(5_000 * scale), 50)
    n_suppliers = max(int(500 * scale), 10)
    n_purchase_orders = int(40_000 * scale)
    po_lines_each = 15
    n_sales_orders = int(76_500 * scale)  # ~300,000 lines shipped from the third week on
    so_lines_each = 4
    n_transfers = int(34_500 * scale)
    transfer_lines_each = 8
    n_returns = int(31_850 * scale)  # ~30,000 from the fourth week on

    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    first_day = today - timedelta(days=365)

    # Master data through the ORM: small tables.
    users = {}
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    for username, roles in {
        "bench_clerk": ["purchasing_clerk", "sales_clerk", "warehouse_keeper"],
        "bench_manager": ["approver", "accountant", "administrator", "warehouse_keeper"],
    }.items():
        user = user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.com"
        )
        user.groups.set(Group.objects.filter(name__in=[GROUP_NAMES[r] for r in roles]))
        users[username] = user
    clerk, manager = users["bench_clerk"].pk, users["bench_manager"].pk

    pcs = Unit.objects.create(code="pcs", name="个")
    kg = Unit.objects.create(code="kg", name="千克", is_fractional=True)
    categories = []
    for i in range(20):
        parent = Category.objects.create(name=f"{WORDS[i]}类 {ENGLISH[i]}")
        categories += Category.objects.bulk_create(
            [Category(name=f"{WORDS[(i + j) % len(WORDS)]} {j + 1}", parent=parent) for j in range(5)]
        )
    warehouses, locations, transit = [], {}, {}
    for w in range(3):
        warehouse = Warehouse.objects.create(code=f"WH{w + 1}", name=f"仓库 {w + 1}")
        warehouses.append(warehouse.pk)
        locations[warehouse.pk] = [
            loc.pk
            for loc in Location.objects.bulk_create(
                [
                    Location(warehouse=warehouse, code=f"A{i + 1:02d}", name=f"货架 A{i + 1:02d}")
                    for i in range(20)
                ]
            )
        ]
        transit[warehouse.pk] = Location.objects.create(
            warehouse=warehouse, code="TRANSIT", name="Goods in transit", is_transit=True, is_active=False
        ).pk
    reasons = list(ReturnReason.objects.values_list("pk", "restocking_fee_percent"))
    if not reasons:
        reasons = [(ReturnReason.objects.create(code="quality_defect", name="Quality defect").pk, ZERO)]
    numbers = Numbers()

    def home(product, warehouse):
        return locations[warehouse][product % 20]

    with transaction.atomic():
        # Foreign keys are checked by deferred triggers, one per row at COMMIT: minutes for millions of
        # rows. The ids below are consistent by construction, so the triggers are skipped for this load.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        # Products, customers, suppliers.
        prices = {}
        with Copier(
            Product,
            [
                "id",
                "sku",
                "barcode",
                "name",
                "specification",
                "category_id",
                "unit_id",
                "purchase_price",
                "sale_price",
                "wholesale_price",
                "safety_stock",
                "reorder_quantity",
                "is_lot_tracked",
                "is_active",
                "created_at",
            ],
        ) as c:
            for p in range(1, n_products + 1):
                word = rnd.randrange(len(WORDS))
                purchase = money(rnd.uniform(0.5, 500))
                wholesale = money(purchase * Decimal(rnd.uniform(1.1, 1.5)))
                retail = money(wholesale * Decimal("1.2"))
                prices[p] = (purchase, wholesale)
                c.write(
                    p,
                    f"P{p:06d}",
                    f"69{p:011d}",
                    f"{WORDS[word]} {ENGLISH[word]} {rnd.choice(SIZES)} #{p}",
                    rnd.choice(SIZES),
                    rnd.choice(categories).pk,
                    (kg if p % 10 == 0 else pcs).pk,
                    purchase,
                    retail,
                    wholesale,
                    Decimal(rnd.randrange(0, 50)),
                    Decimal(rnd.randrange(10, 200)),
                    False,
                    p % 50 != 0,
                    first_day,
                )
        with Copier(
            Customer, ["id", "code", "name", "contact_name", "phone", "credit_limit", "created_at"]
        ) as c:
            for i in range(1, n_customers + 1):
                c.write(
                    i,
                    f"C{i:05d}",
                    f"客户 {i} 贸易有限公司",
                    f"联系人 {i}",
                    f"138{i:08d}",
                    Decimal(rnd.choice([0, 50_000, 200_000, 1_000_000])),
                    first_day,
                )
        with Copier(Supplier, ["id", "code", "name", "contact_name", "created_at"]) as c:
            for i in range(1, n_suppliers + 1):
                c.write(i, f"S{i:04d}", f"供应商 {i} 工业有限公司", f"联系人 {i}", first_day)
        say(f"master data {time.monotonic() - started:.0f}s")

        copiers = {
            "moves": Copier(
                StockMove,
                [
                    "id",
                    "product_id",
                    "location_id",
                    "lot_id",
                    "quantity",
                    "unit_cost",
                    "value",
                    "move_type",
                    "document_type",
                    "document_id",
                    "document_number",
                    "document_line_id",
                    "reverses_id",
                    "note",
                    "created_at",
                    "created_by_id",
                ],
            ),
        }
        # Tables are written one after the other (one COPY at a time per connection), so documents are
        # collected as rows first and written after the simulation; moves stream while it runs.
        rows = defaultdict(list)
        ledger = Ledger(copiers["moves"])
        stocked = {w: [] for w in warehouses}  # (product) with a balance there, for picking sales lines
        # (delivery line, delivery, order, customer, product, quantity, price, cost, warehouse, location)
        shipped_lines = []
        ids = defaultdict(int)

        def next_id(name):
            ids[name] += 1
            return ids[name]

        per_day = lambda total: total / 365  # noqa: E731
        carry = defaultdict(float)

        def todays(name, total, day_index):
            carry[name] += per_day(total)
            count = int(carry[name])
            carry[name] -= count
            return count

        with copiers["moves"]:
            for day_index in range(365):
                day = first_day + timedelta(days=day_index)
                date = day.date()

                def at():
                    return day + timedelta(seconds=rnd.randrange(1 * 3600, 10 * 3600))  # noqa: B023

                # Purchase orders received in full (one goods receipt each).
                for _ in range(todays("po", n_purchase_orders, day_index)):
                    po, gr = next_id("po"), next_id("gr")
                    supplier = rnd.randrange(1, n_suppliers + 1)
                    warehouse = rnd.choice(warehouses)
                    created = at()
                    po_number, gr_number = (
                        numbers.next("PO", day - timedelta(days=3)),
                        numbers.next("GR", day),
                    )
                    total = ZERO
                    for product in rnd.sample(range(1, n_products + 1), po_lines_each):
                        quantity = Decimal(rnd.randrange(20, 200))
                        price = prices[product][0]
                        amount = money(quantity * price)
                        total += amount
                        pol, grl = next_id("pol"), next_id("grl")
                        rows["pol"].append(
                            (pol, po, product, quantity, price, amount, quantity, quantity, ZERO)
                        )
                        location = home(product, warehouse)
                        rows["grl"].append(
                            (grl, gr, pol, product, location, quantity, quantity, ZERO, price, amount)
                        )
                        if ledger.on_hand[(product, location)] == 0:
                            stocked[warehouse].append(product)
                        ledger.post(
                            product=product,
                            location=location,
                            quantity=quantity,
                            move_type="receipt",
                            doc=("purchasing.goodsreceipt", gr, gr_number),
                            line_id=grl,
                            at=created,
                            user=manager,
                            unit_cost=price,
                            note=po_number,
                        )
                    rows["po"].append(
                        (
                            po,
                            po_number,
                            supplier,
                            warehouse,
                            (day - timedelta(days=3)).date(),
                            "received",
                            total,
                            clerk,
                            created - timedelta(days=3),
                            manager,
                            created - timedelta(days=2),
                        )
                    )
                    rows["gr"].append((gr, gr_number, po, supplier, warehouse, date, total, manager, created))
                    rows["ledger"].append(
                        (
                            "supplier",
                            supplier,
                            f"供应商 {supplier} 工业有限公司",
                            "purchase",
                            total,
                            date,
                            "purchasing.goodsreceipt",
                            gr,
                            gr_number,
                            manager,
                            created,
                        )
                    )

                # Sales orders shipped in full on one delivery; the first two weeks only buy.
                for _ in range(todays("so", n_sales_orders, day_index) if day_index >= 14 else 0):
                    warehouse = rnd.choice(warehouses)
                    if len(stocked[warehouse]) < so_lines_each * 4:
                        continue
                    so, dn = next_id("so"), next_id("dn")
                    customer = rnd.randrange(1, n_customers + 1)
                    created = at()
                    so_number, dn_number = numbers.next("SO", day), numbers.next("DN", day)
                    total = cost_total = ZERO
                    picked = set()
                    for _line in range(so_lines_each):
                        for _try in range(30):
                            product = rnd.choice(stocked[warehouse])
                            location = home(product, warehouse)
                            if product not in picked and ledger.on_hand[(product, location)] >= 1:
                                break
                        else:
                            continue
                        picked.add(product)
                        available = ledger.on_hand[(product, location)]
                        quantity = min(
                            Decimal(rnd.randrange(1, 12)), available.to_integral_value(rounding="ROUND_FLOOR")
                        )
                        price = prices[product][1]
                        amount = money(quantity * price)
                        sol, dnl = next_id("sol"), next_id("dnl")
                        unit, value = ledger.post(
                            product=product,
                            location=location,
                            quantity=-quantity,
                            move_type="shipment",
                            doc=("sales.delivery", dn, dn_number),
                            line_id=dnl,
                            at=created,
                            user=manager,
                            note=so_number,
                        )
                        cost_amount = money(-value)
                        total += amount
                        cost_total += cost_amount
                        rows["sol"].append((sol, so, product, quantity, price, amount, quantity))
                        rows["dnl"].append(
                            (dnl, dn, sol, product, location, quantity, amount, unit, cost_amount)
                        )
                        shipped_lines.append(
                            (dnl, dn, so, customer, product, quantity, price, unit, warehouse, location)
                        )
                    status = "completed" if rnd.random() < 0.6 else "shipped"
                    rows["so"].append(
                        (
                            so,
                            so_number,
                            customer,
                            warehouse,
                            date,
                            status,
                            total,
                            clerk,
                            created - timedelta(hours=1),
                            manager,
                            created - timedelta(minutes=30),
                            date + timedelta(days=30),
                        )
                    )
                    rows["dn"].append(
                        (
                            dn,
                            dn_number,
                            so,
                            customer,
                            warehouse,
                            date,
                            "shipped",
                            created,
                            manager,
                            total,
                            cost_total,
                            clerk,
                            created,
                        )
                    )
                    rows["ledger"].append(
                        (
                            "customer",
                            customer,
                            f"客户 {customer} 贸易有限公司",
                            "sale",
                            total,
                            date,
                            "sales.delivery",
                            dn,
                            dn_number,
                            manager,
                            created,
                        )
                    )

                # Transfers between warehouses, through the destination's transit location.
                for _ in range(todays("tr", n_transfers, day_index) if day_index >= 7 else 0):
                    source, target = rnd.sample(warehouses, 2)
                    if len(stocked[source]) < transfer_lines_each * 4:
                        continue
                    tr = next_id("tr")
                    number = numbers.next("TR", day)
                    created = at()
                    destination_products = []
                    for _line in range(transfer_lines_each):
                        for _try in range(30):
                            product = rnd.choice(stocked[source])
                            src = home(product, source)
                            if ledger.on_hand[(product, src)] >= 2 and product not in destination_products:
                                break
                        else:
                            continue
                        destination_products.append(product)
                        quantity = min(
                            Decimal(rnd.randrange(1, 20)),
                            (ledger.on_hand[(product, src)] / 2).to_integral_value(rounding="ROUND_FLOOR"),
                        )
                        trl = next_id("trl")
                        doc = ("inventory.transfer", tr, number)
                        unit, value = ledger.post(
                            product=product,
                            location=src,
                            quantity=-quantity,
                            move_type="transfer_out",
                            doc=doc,
                            line_id=trl,
                            at=created,
                            user=manager,
                        )
                        ledger.post(
                            product=product,
                            location=transit[target],
                            quantity=quantity,
                            move_type="transfer_in",
                            doc=doc,
                            line_id=trl,
                            at=created,
                            user=manager,
                            unit_cost=unit,
                        )
                        dst = home(product, target)
                        arrive = created + timedelta(hours=20)
                        ledger.post(
                            product=product,
                            location=transit[target],
                            quantity=-quantity,
                            move_type="transfer_out",
                            doc=doc,
                            line_id=trl,
                            at=arrive,
                            user=manager,
                            unit_cost=unit,
                        )
                        if ledger.on_hand[(product, dst)] == 0:
                            stocked[target].append(product)
                        ledger.post(
                            product=product,
                            location=dst,
                            quantity=quantity,
                            move_type="transfer_in",
                            doc=doc,
                            line_id=trl,
                            at=arrive,
                            user=manager,
                            unit_cost=unit,
                        )
                        rows["trl"].append((trl, tr, product, src, quantity, unit, money(-value), quantity))
                    rows["tr"].append(
                        (
                            tr,
                            number,
                            source,
                            locations[target][0],
                            "received",
                            created,
                            manager,
                            created + timedelta(hours=20),
                            manager,
                            clerk,
                            created - timedelta(hours=1),
                        )
                    )

                # Return requests against what was shipped in the last weeks.
                if day_index >= 21 and shipped_lines:
                    recent = shipped_lines[-min(len(shipped_lines), 40_000) :]
                    for _ in range(todays("rma", n_returns, day_index)):
                        dnl, dn, so, customer, product, shipped, price, unit, warehouse, location = (
                            rnd.choice(recent)
                        )
                        rma = next_id("rma")
                        number = numbers.next("RMA", day)
                        created = at()
                        quantity = Decimal(rnd.randrange(1, int(shipped) + 1))
                        reason, fee = rnd.choice(reasons)
                        gross = money(quantity * price)
                        amount = gross - money(gross * fee / 100)
                        age = 365 - day_index
                        roll = rnd.random()
                        if age < 10:
                            status = rnd.choice(["draft", "submitted", "submitted", "approved", "received"])
                        elif roll < 0.05:
                            status = "rejected"
                        elif roll < 0.08:
                            status = "cancelled"
                        else:
                            status = "completed" if rnd.random() < 0.9 else "inspected"
                        done = status in ("inspected", "completed")
                        received = quantity if status in ("received", "inspected", "completed") else ZERO
                        rl = next_id("rl")
                        credit = amount if done else ZERO
                        if done:
                            ledger.post(
                                product=product,
                                location=location,
                                quantity=quantity,
                                move_type="customer_return",
                                doc=("returns.returnrequest", rma, number),
                                line_id=rl,
                                at=created + timedelta(days=3),
                                user=manager,
                                unit_cost=unit,
                                note="Restock",
                            )
                            rows["returned"].append((dnl, quantity, credit, money(quantity * unit)))
                            rows["ledger"].append(
                                (
                                    "customer",
                                    customer,
                                    f"客户 {customer} 贸易有限公司",
                                    "sales_return",
                                    -credit,
                                    (created + timedelta(days=3)).date(),
                                    "returns.returnrequest",
                                    rma,
                                    number,
                                    manager,
                                    created + timedelta(days=3),
                                )
                            )
                            if credit > 0:
                                rf = next_id("rf")
                                rf_number = numbers.next("RF", day)
                                paid = status == "completed"
                                rows["rf"].append(
                                    (
                                        rf,
                                        rf_number,
                                        rma,
                                        customer,
                                        credit,
                                        "paid" if paid else "pending",
                                        "transfer" if paid else "",
                                        (created + timedelta(days=5)).date() if paid else None,
                                        manager,
                                        created + timedelta(days=3),
                                    )
                                )
                                if paid:
                                    rows["ledger"].append(
                                        (
                                            "customer",
                                            customer,
                                            f"客户 {customer} 贸易有限公司",
                                            "customer_refund",
                                            credit,
                                            (created + timedelta(days=5)).date(),
                                            "returns.refund",
                                            rf,
                                            rf_number,
                                            manager,
                                            created + timedelta(days=5),
                                        )
                                    )
                        rows["rma"].append(
                            (
                                rma,
                                number,
                                customer,
                                so,
                                warehouse,
                                status,
                                created + timedelta(days=4 if done else 1),
                                amount,
                                credit,
                                received and created + timedelta(days=2) or None,
                                (created + timedelta(days=3)) if done else None,
                                clerk,
                                created,
                                f"{rma:x}-{rnd.getrandbits(64):x}",
                            )
                        )
                        rows["rl"].append(
                            (
                                rl,
                                rma,
                                product,
                                dnl,
                                quantity,
                                price,
                                unit,
                                reason,
                                fee,
                                received,
                                quantity if done else ZERO,
                                "resalable" if done else "",
                                "restock" if done else "",
                                location if done else None,
                                credit,
                            )
                        )
                if day_index % 30 == 0:
                    say(f"day {day_index}: {ledger.next_id - 1} moves, {time.monotonic() - started:.0f}s")

            # Open documents of the last days: orders waiting for approval or shipment (no stock moved).
            for _ in range(max(int(1_500 * scale), 10)):
                so = next_id("so")
                day = today - timedelta(days=rnd.randrange(0, 10))
                warehouse = rnd.choice(warehouses)
                total = ZERO
                for product in rnd.sample(range(1, n_products + 1), so_lines_each):
                    quantity = Decimal(rnd.randrange(1, 12))
                    amount = money(quantity * prices[product][1])
                    total += amount
                    rows["sol"].append(
                        (next_id("sol"), so, product, quantity, prices[product][1], amount, ZERO)
                    )
                rows["so"].append(
                    (
                        so,
                        numbers.next("SO", day),
                        rnd.randrange(1, n_customers + 1),
                        warehouse,
                        day.date(),
                        rnd.choice(["draft", "submitted", "submitted"]),
                        total,
                        clerk,
                        day,
                        None,
                        None,
                        None,
                    )
                )
            for _ in range(max(int(800 * scale), 10)):
                po = next_id("po")
                day = today - timedelta(days=rnd.randrange(0, 10))
                total = ZERO
                for product in rnd.sample(range(1, n_products + 1), 5):
                    quantity = Decimal(rnd.randrange(20, 200))
                    amount = money(quantity * prices[product][0])
                    total += amount
                    rows["pol"].append(
                        (next_id("pol"), po, product, quantity, prices[product][0], amount, ZERO, ZERO, ZERO)
                    )
                rows["po"].append(
                    (
                        po,
                        numbers.next("PO", day),
                        rnd.randrange(1, n_suppliers + 1),
                        rnd.choice(warehouses),
                        day.date(),
                        rnd.choice(["draft", "submitted", "approved"]),
                        total,
                        clerk,
                        day,
                        None,
                        None,
                    )
                )
        say(f"simulation {ledger.next_id - 1} moves {time.monotonic() - started:.0f}s")

        def write(model, fields, key, fix=None):
            with Copier(model, fields) as c:
                for row in rows[key]:
                    c.write(*(fix(row) if fix else row))
            say(f"{model.__name__}: {c.count} rows {time.monotonic() - started:.0f}s")

        def po_fix(row):
            po, number, supplier, warehouse, order_date, status, total, by, created, approver, approved = row
            return (
                po,
                number,
                supplier,
                warehouse,
                order_date,
                status,
                total,
                by,
                created,
                approver
                if status in ("received", "approved") and approver
                else (manager if status == "approved" else None),
                approved if approved else (created if status == "approved" else None),
            )

        write(
            PurchaseOrder,
            [
                "id",
                "number",
                "supplier_id",
                "warehouse_id",
                "order_date",
                "status",
                "total",
                "created_by_id",
                "created_at",
                "approved_by_id",
                "approved_at",
            ],
            "po",
            po_fix,
        )
        write(
            PurchaseOrderLine,
            [
                "id",
                "order_id",
                "product_id",
                "quantity",
                "unit_price",
                "amount",
                "received_quantity",
                "accepted_quantity",
                "rejected_quantity",
            ],
            "pol",
        )
        write(
            GoodsReceipt,
            [
                "id",
                "number",
                "order_id",
                "supplier_id",
                "warehouse_id",
                "date",
                "total",
                "created_by_id",
                "created_at",
            ],
            "gr",
        )
        write(
            GoodsReceiptLine,
            [
                "id",
                "receipt_id",
                "order_line_id",
                "product_id",
                "location_id",
                "arrived_quantity",
                "accepted_quantity",
                "rejected_quantity",
                "unit_price",
                "amount",
            ],
            "grl",
        )
        write(
            SalesOrder,
            [
                "id",
                "number",
                "customer_id",
                "warehouse_id",
                "order_date",
                "status",
                "total",
                "created_by_id",
                "created_at",
                "approved_by_id",
                "approved_at",
                "due_date",
            ],
            "so",
        )
        write(
            SalesOrderLine,
            ["id", "order_id", "product_id", "quantity", "unit_price", "amount", "shipped_quantity"],
            "sol",
        )
        returned = defaultdict(lambda: (ZERO, ZERO, ZERO))
        for dnl, quantity, amount, cost in rows["returned"]:
            before = returned[dnl]
            returned[dnl] = (before[0] + quantity, before[1] + amount, before[2] + cost)

        def dnl_fix(row):
            quantity, amount, cost = returned.get(row[0], (ZERO, ZERO, ZERO))
            return row + (min(quantity, row[5]), amount, cost)

        # A delivery carries its lines' shipped quantity and what came back of them, as shipping and
        # returns keep them.
        dn_sums = defaultdict(lambda: (ZERO, ZERO, ZERO, ZERO))
        for row in rows["dnl"]:
            fixed = dnl_fix(row)
            before = dn_sums[row[1]]
            dn_sums[row[1]] = tuple(a + b for a, b in zip(before, (fixed[5], *fixed[-3:]), strict=True))

        def dn_fix(row):
            return row + dn_sums[row[0]]

        write(
            Delivery,
            [
                "id",
                "number",
                "order_id",
                "customer_id",
                "warehouse_id",
                "date",
                "status",
                "shipped_at",
                "shipped_by_id",
                "total",
                "cost_total",
                "created_by_id",
                "created_at",
                "quantity_total",
                "returned_quantity",
                "returned_total",
                "returned_cost_total",
            ],
            "dn",
            dn_fix,
        )
        write(
            DeliveryLine,
            [
                "id",
                "delivery_id",
                "order_line_id",
                "product_id",
                "location_id",
                "quantity",
                "amount",
                "unit_cost",
                "cost_amount",
                "returned_quantity",
                "returned_amount",
                "returned_cost",
            ],
            "dnl",
            dnl_fix,
        )
        write(
            Transfer,
            [
                "id",
                "number",
                "source_warehouse_id",
                "destination_id",
                "status",
                "dispatched_at",
                "dispatched_by_id",
                "received_at",
                "received_by_id",
                "created_by_id",
                "created_at",
            ],
            "tr",
        )
        write(
            TransferLine,
            [
                "id",
                "transfer_id",
                "product_id",
                "source_id",
                "unit_cost",
                "quantity",
                "value",
                "received_quantity",
            ],
            "trl",
            lambda r: (r[0], r[1], r[2], r[3], r[5], r[4], r[6], r[7]),
        )
        write(
            ReturnRequest,
            [
                "id",
                "number",
                "customer_id",
                "order_id",
                "warehouse_id",
                "status",
                "status_changed_at",
                "amount",
                "credit",
                "received_at",
                "inspected_at",
                "created_by_id",
                "created_at",
                "public_token",
            ],
            "rma",
        )
        write(
            ReturnLine,
            [
                "id",
                "request_id",
                "product_id",
                "delivery_line_id",
                "quantity",
                "unit_price",
                "unit_cost",
                "reason_id",
                "restocking_fee_percent",
                "received_quantity",
                "accepted_quantity",
                "condition",
                "disposition",
                "location_id",
                "refund_amount",
            ],
            "rl",
        )
        write(
            Refund,
            [
                "id",
                "number",
                "request_id",
                "customer_id",
                "amount",
                "status",
                "method",
                "paid_on",
                "created_by_id",
                "created_at",
            ],
            "rf",
        )
        write(
            PartnerLedgerEntry,
            [
                "partner_type",
                "partner_id",
                "partner_name",
                "entry_type",
                "amount",
                "date",
                "document_type",
                "document_id",
                "document_number",
                "created_by_id",
                "created_at",
            ],
            "ledger",
        )
        # The figures per document that the services keep as they post, from the entries just loaded.
        count = ledger_documents_fill()
        say(f"LedgerDocument: {count} rows {time.monotonic() - started:.0f}s")
        rows.clear()

        # Balances are the sums of the simulated moves (equal to the ledger by construction).
        with Copier(
            StockBalance, ["product_id", "location_id", "lot_id", "on_hand", "reserved", "value"]
        ) as c:
            for key, on_hand in ledger.on_hand.items():
                c.write(key[0], key[1], None, on_hand, ZERO, ledger.value[key])
        say(f"StockBalance: {c.count} rows {time.monotonic() - started:.0f}s")
        numbers.save()
        sequences_reset(
            [
                Product,
                Customer,
                Supplier,
                StockMove,
                StockBalance,
                PurchaseOrder,
                PurchaseOrderLine,
                GoodsReceipt,
                GoodsReceiptLine,
                SalesOrder,
                SalesOrderLine,
                Delivery,
                DeliveryLine,
                Transfer,
                TransferLine,
                ReturnRequest,
                ReturnLine,
                Refund,
                PartnerLedgerEntry,
            ]
        )
    # The year's months closed (月结), as the hourly task would have closed them month by month.
    say(f"months closed: {len(stock_months_close())} {time.monotonic() - started:.0f}s")
    # As autovacuum would by the time anyone reads the year: planner statistics, and the visibility map
    # that lets an index answer alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"done in {time.monotonic() - started:.0f}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = the full data set")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    generate(args.scale, args.seed)


if __name__ == "__main__":
    main()
