"""``manage.py seed_demo``: fill a database with a believable demo trading company.

Plans are built first, without the database, from the word lists in ``common.demo_data`` and a seeded
``random.Random``, so every run plans the same company. Each section is then written in its own
transaction (or through the inventory services) and skips what is already there — units by code,
categories by name under their parent, products by SKU or barcode, warehouses, suppliers and customers
by code, users by username, opening stock when the warehouse already has a posted one — so running the
command again changes nothing and only prints the demo logins once more.
"""

import random
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import demo_data
from common.choices import PaymentTerms
from common.exceptions import DomainError
from common.roles import GROUP_NAMES, ROLES
from inventory.choices import OpeningStockStatus
from inventory.models import Category, Location, OpeningStock, OpeningStockLine, Product, Unit, Warehouse
from inventory.selectors import products_below_safety_stock
from inventory.services import opening_stock_create, opening_stock_post, warehouse_create
from purchasing.services.replenishment import replenishment_compute
from sales.choices import CustomerStage, CustomerType
from sales.models import Customer, CustomerContact
from suppliers.models import Supplier, SupplierContact, SupplierProduct

SEED = 20240611
CENT = Decimal("0.01")
WHOLESALE_MARKUPS = [Decimal(m) for m in ("1.15", "1.18", "1.20", "1.22", "1.25", "1.30")]
RETAIL_MARKUPS = [Decimal(m) for m in ("1.25", "1.30", "1.35", "1.40", "1.50")]
FRACTIONAL_UNITS = {code for code, _name, fractional in demo_data.UNITS if fractional}
OUT_OF_STOCK_COUNT = 3  # products with no opening stock at all
LOW_STOCK_COUNT = 7  # products stocked below their safety stock
SECOND_WAREHOUSE_SHARE = 0.55  # how many products the branch warehouse also stocks
OLDER_LOT_SHARE = Decimal("0.35")  # of a product with two lots, the part in the older one
OPENING_NOTE = "演示数据：期初库存"


# --- Plans (no database) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductPlan:
    sku: str
    barcode: str
    name: str
    specification: str
    top_category: str
    category: str
    prefix: str
    unit: str
    purchase_price: Decimal
    wholesale_price: Decimal
    sale_price: Decimal
    safety_stock: Decimal
    reorder_quantity: Decimal
    is_lot_tracked: bool
    shelf_life_days: tuple[int, ...]


@dataclass(frozen=True)
class OpeningLinePlan:
    sku: str
    location: str
    quantity: Decimal
    lot_number: str = ""
    expiry_date: date | None = None


def ean13(first_twelve: str) -> str:
    """Append the EAN-13 check digit: weights 1 and 3 from the left, then round up to ten."""
    total = sum(int(digit) * (3 if i % 2 else 1) for i, digit in enumerate(first_twelve))
    return first_twelve + str((10 - total % 10) % 10)


def _shelf_price(raw: Decimal) -> Decimal:
    """A retail price as a shop would mark it: up to the next half yuan, or to x.90 from ten yuan on."""
    if raw < 10:
        return ((raw * 2).to_integral_value(ROUND_CEILING) / 2).quantize(CENT)
    return (raw.to_integral_value(ROUND_CEILING) - Decimal("0.10")).quantize(CENT)


def _prices(rng: random.Random, low: str, high: str) -> tuple[Decimal, Decimal, Decimal]:
    """Purchase < wholesale < retail, each to the cent."""
    cents = rng.randint(int(Decimal(low) * 100), int(Decimal(high) * 100))
    purchase = (Decimal(cents) / 100).quantize(CENT)
    wholesale = max((purchase * rng.choice(WHOLESALE_MARKUPS)).quantize(CENT, ROUND_HALF_UP), purchase + CENT)
    retail = max(_shelf_price(wholesale * rng.choice(RETAIL_MARKUPS)), wholesale + CENT)
    return purchase, wholesale, retail


def _stock_levels(rng: random.Random, *, unit: str, purchase_price: Decimal) -> tuple[Decimal, Decimal]:
    """Safety stock and reorder quantity: cheap goods are kept in larger numbers than dear ones."""
    if unit in FRACTIONAL_UNITS:
        choices = (20, 30, 50, 100)
    elif purchase_price < 10:
        choices = (50, 80, 100, 200)
    elif purchase_price < 50:
        choices = (20, 30, 50)
    elif purchase_price < 200:
        choices = (10, 12, 20)
    else:
        choices = (3, 5, 8)
    safety = rng.choice(choices)
    return Decimal(safety), Decimal(safety * rng.choice((2, 3, 4)))


def product_plans() -> list[ProductPlan]:
    """Every specification of every product template in the catalogue, with SKU, barcode and prices."""
    rng = random.Random(SEED)
    manufacturer_codes: dict[str, int] = {}
    plans = []
    for top in demo_data.CATALOGUE:
        number = 0
        for category, templates in top.subcategories:
            for template in templates:
                for spec in template.specs:
                    number += 1
                    brand = rng.choice(top.brands)
                    manufacturer = manufacturer_codes.setdefault(brand, rng.randrange(10000, 100000))
                    purchase, wholesale, retail = _prices(rng, template.low, template.high)
                    safety, reorder = _stock_levels(rng, unit=template.unit, purchase_price=purchase)
                    plans.append(
                        ProductPlan(
                            sku=f"{top.prefix}-{number:04d}",
                            barcode=ean13(f"69{manufacturer:05d}{len(plans) + 1:05d}"),
                            name=f"{brand}{template.name}",
                            specification=spec,
                            top_category=top.name,
                            category=category,
                            prefix=top.prefix,
                            unit=template.unit,
                            purchase_price=purchase,
                            wholesale_price=wholesale,
                            sale_price=retail,
                            safety_stock=safety,
                            reorder_quantity=reorder,
                            is_lot_tracked=top.is_lot_tracked,
                            shelf_life_days=top.shelf_life_days,
                        )
                    )
    return plans


def _round_quantity(quantity: Decimal, unit: str) -> Decimal:
    """Kilograms and metres to one decimal, everything else to whole pieces; never below the minimum."""
    step = Decimal("0.1") if unit in FRACTIONAL_UNITS else Decimal("1")
    return max(quantity.quantize(step, ROUND_HALF_UP), step)


def _lots(rng: random.Random, plan: ProductPlan, *, today: date) -> list[tuple[str, date]]:
    """One or two lots (newest first), numbered by production date, none expired yet."""
    shelf_life = rng.choice(plan.shelf_life_days)
    produced = today - timedelta(days=rng.randint(10, shelf_life // 4))
    lots = [produced]
    if rng.random() < 0.5:
        lots.append(produced - timedelta(days=rng.randint(30, shelf_life // 4)))
    return [(f"{day:%y%m%d}-{rng.randint(1, 9):02d}", day + timedelta(days=shelf_life)) for day in lots]


def _split(total: Decimal, share: Decimal, unit: str) -> tuple[Decimal, Decimal]:
    """Split a quantity in two positive parts, the first about ``share`` of it; (total, 0) if too small."""
    first = _round_quantity(total * share, unit)
    if first >= total:
        return total, Decimal("0")
    return first, total - first


def _location_codes() -> dict[tuple[str, str], str]:
    """(warehouse code, SKU prefix) -> location code."""
    return {
        (code, prefix): location
        for code, _name, _address, locations in demo_data.WAREHOUSES
        for location, _location_name, prefixes in locations
        for prefix in prefixes
    }


def opening_stock_plans(plans: list[ProductPlan], *, today: date) -> dict[str, list[OpeningLinePlan]]:
    """Opening lines per warehouse code: most products in stock, a few short or missing on purpose."""
    rng = random.Random(SEED + 1)
    main, branch = (row[0] for row in demo_data.WAREHOUSES)  # head office and branch warehouse codes
    short = rng.sample(range(len(plans)), k=OUT_OF_STOCK_COUNT + LOW_STOCK_COUNT)
    missing, low = set(short[:OUT_OF_STOCK_COUNT]), set(short[OUT_OF_STOCK_COUNT:])
    where = _location_codes()
    lines: dict[str, list[OpeningLinePlan]] = {main: [], branch: []}
    for index, plan in enumerate(plans):
        if index in missing:
            continue
        factor = Decimal(rng.randint(20, 70) if index in low else rng.randint(130, 400)) / 100
        total = _round_quantity(plan.safety_stock * factor, plan.unit)
        in_branch = index not in low and rng.random() < SECOND_WAREHOUSE_SHARE
        main_quantity, branch_quantity = (
            _split(total, Decimal(rng.randint(60, 80)) / 100, plan.unit)
            if in_branch
            else (total, Decimal("0"))
        )
        lots = _lots(rng, plan, today=today) if plan.is_lot_tracked else [("", None)]
        for code, quantity, lots_here in ((main, main_quantity, lots), (branch, branch_quantity, lots[:1])):
            if not quantity:
                continue
            location = where[(code, plan.prefix)]
            if len(lots_here) == 2:
                older, newer = _split(quantity, OLDER_LOT_SHARE, plan.unit)
                parts = (newer, older)  # lots are newest first
            else:
                parts = (quantity,)
            for (lot_number, expiry_date), part in zip(lots_here, parts, strict=True):
                if part:
                    lines[code].append(OpeningLinePlan(plan.sku, location, part, lot_number, expiry_date))
    return lines


def _person(rng: random.Random) -> tuple[str, str]:
    """A Chinese name and its latin e-mail local part, e.g. ("王建华", "jianhua.wang")."""
    surname, surname_latin = rng.choice(demo_data.SURNAMES)
    given, given_latin = rng.choice(demo_data.GIVEN_NAMES)
    return f"{surname}{given}", f"{given_latin}.{surname_latin}"


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('35789')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def _landline(rng: random.Random, area_code: str) -> str:
    return f"{area_code}-{rng.randint(50000000, 69999999)}"


def _address(rng: random.Random, city: str, districts: tuple[str, ...]) -> str:
    return f"{city}市{rng.choice(districts)}{rng.choice(demo_data.ROADS)}{rng.randint(1, 999)}号"


def _contacts(rng: random.Random, domain: str, roles: list[str]) -> list[dict]:
    people = []
    for role in rng.sample(roles, k=rng.choice((1, 2, 2))):
        name, local = _person(rng)
        email = f"{local}@{domain}.{demo_data.EMAIL_DOMAIN}"
        people.append({"name": name, "role": role, "phone": _mobile(rng), "email": email})
    return people


def supplier_plans() -> list[dict]:
    rng = random.Random(SEED + 2)
    cities = {name: (area, districts) for name, area, districts in demo_data.CITIES}
    plans = []
    for code, name, city, domain, prefixes, terms in demo_data.SUPPLIERS:
        area_code, districts = cities[city]
        plans.append(
            {
                "code": code,
                "name": name,
                "phone": _landline(rng, area_code),
                "email": f"sales@{domain}.{demo_data.EMAIL_DOMAIN}",
                "address": _address(rng, city, districts),
                "payment_terms": terms,
                "prefixes": prefixes,
                "contacts": _contacts(rng, domain, demo_data.SUPPLIER_CONTACT_ROLES),
            }
        )
    return plans


def _wholesale_customer(rng: random.Random, used: set[str]) -> dict:
    while True:
        city, area_code, districts = rng.choice(demo_data.CITIES[:8])  # customers are in the Yangtze delta
        trade, trade_latin = rng.choice(demo_data.TRADE_NAMES)
        industry, industry_latin = rng.choice(demo_data.INDUSTRIES)
        domain = f"{trade_latin}-{industry_latin}"
        if domain not in used:
            break
    used.add(domain)
    terms = rng.choice(
        (
            PaymentTerms.NET_15,
            PaymentTerms.NET_30,
            PaymentTerms.NET_30,
            PaymentTerms.NET_60,
            PaymentTerms.MONTHLY,
        )
    )
    return {
        "name": f"{city}{trade}{industry}",
        "customer_type": CustomerType.WHOLESALE,
        "phone": _landline(rng, area_code),
        "address": _address(rng, city, districts),
        "credit_limit": Decimal(rng.choice((30000, 50000, 80000, 100000, 150000, 200000, 300000))),
        "payment_terms": terms,
        "domain": domain,
        "language": "zh-hans",
    }


def _retail_customer(rng: random.Random, used: set[str]) -> dict:
    city, area_code, districts = demo_data.CITIES[0]
    while True:
        district = rng.choice(districts)
        trade, trade_latin = rng.choice(demo_data.TRADE_NAMES)
        shop, shop_latin = rng.choice(demo_data.SHOP_TYPES)
        domain = f"{trade_latin}-{shop_latin}"
        if domain not in used:
            break
    used.add(domain)
    return {
        "name": f"{district.removesuffix('新区').removesuffix('区')}{trade}{shop}",
        "customer_type": CustomerType.RETAIL,
        "phone": _mobile(rng),
        "address": _address(rng, city, (district,)),
        "credit_limit": Decimal(rng.choice((0, 2000, 5000, 10000))),
        "payment_terms": PaymentTerms.CASH,
        "domain": domain,
        "language": "zh-hans",
    }


def _foreign_customer(row: tuple) -> dict:
    name, address, contact, role, phone, email, credit_limit, terms = row
    return {
        "name": name,
        "customer_type": CustomerType.WHOLESALE,
        "phone": phone,
        "email": email,
        "address": address,
        "credit_limit": Decimal(credit_limit),
        "payment_terms": terms,
        "language": "en",
        "contacts": [{"name": contact, "role": role, "phone": phone, "email": email}],
    }


def customer_plans(*, wholesale: int = 20, retail: int = 10, prospects: int = 5) -> list[dict]:
    """Wholesale companies, Shanghai shops and two customers abroad; a few are still prospects."""
    rng = random.Random(SEED + 3)
    used: set[str] = set()
    plans = [_wholesale_customer(rng, used) for _i in range(wholesale)]
    plans += [_retail_customer(rng, used) for _i in range(retail)]
    for plan in plans:
        plan["contacts"] = _contacts(rng, plan.pop("domain"), demo_data.CUSTOMER_CONTACT_ROLES)
        plan["email"] = plan["contacts"][0]["email"]
    for index in rng.sample(range(len(plans)), k=prospects):
        plans[index].update(
            stage=CustomerStage.PROSPECT,
            credit_limit=Decimal("0"),
            payment_terms=PaymentTerms.CASH,
            note=rng.choice(demo_data.PROSPECT_NOTES),
        )
    plans += [_foreign_customer(row) for row in demo_data.FOREIGN_CUSTOMERS]
    for number, plan in enumerate(plans, start=1):
        plan["code"] = f"CUS{number:03d}"
    return plans


# --- Writing (one transaction per section, or the services) ----------------------------------------


@dataclass
class Tally:
    created: int = 0
    existing: int = 0


def units_seed() -> tuple[dict[str, Unit], Tally]:
    with transaction.atomic():
        tally = Tally()
        for code, name, fractional in demo_data.UNITS:
            _unit, created = Unit.objects.get_or_create(
                code=code, defaults={"name": name, "is_fractional": fractional}
            )
            tally.created += created
            tally.existing += not created
        units = {u.code: u for u in Unit.objects.filter(code__in=[row[0] for row in demo_data.UNITS])}
    return units, tally


def _category(name: str, parent: Category | None, tally: Tally) -> Category:
    category = Category.objects.filter(name=name, parent=parent).first()
    if category:
        tally.existing += 1
        return category
    tally.created += 1
    return Category.objects.create(name=name, parent=parent)


def categories_seed() -> tuple[dict[str, Category], dict[str, Category], Tally]:
    """Top categories by SKU prefix and leaf categories by (top name, leaf name) joined with '/'."""
    tally = Tally()
    tops, leaves = {}, {}
    with transaction.atomic():
        for top in demo_data.CATALOGUE:
            tops[top.prefix] = _category(top.name, None, tally)
            for name, _templates in top.subcategories:
                leaves[f"{top.name}/{name}"] = _category(name, tops[top.prefix], tally)
    return tops, leaves, tally


def products_seed(plans: list[ProductPlan], *, units: dict[str, Unit], leaves: dict[str, Category]) -> Tally:
    """Create the planned products whose SKU and barcode are both still free."""
    with transaction.atomic():
        taken_skus = set(Product.objects.filter(sku__in=[p.sku for p in plans]).values_list("sku", flat=True))
        taken_barcodes = set(
            Product.objects.filter(barcode__in=[p.barcode for p in plans]).values_list("barcode", flat=True)
        )
        new = [p for p in plans if p.sku not in taken_skus and p.barcode not in taken_barcodes]
        Product.objects.bulk_create(
            [
                Product(
                    sku=p.sku,
                    barcode=p.barcode,
                    name=p.name,
                    specification=p.specification,
                    category=leaves[f"{p.top_category}/{p.category}"],
                    unit=units[p.unit],
                    purchase_price=p.purchase_price,
                    wholesale_price=p.wholesale_price,
                    sale_price=p.sale_price,
                    safety_stock=p.safety_stock,
                    reorder_quantity=p.reorder_quantity,
                    is_lot_tracked=p.is_lot_tracked,
                )
                for p in new
            ],
            batch_size=200,
        )
    return Tally(created=len(new), existing=len(plans) - len(new))


def warehouses_seed() -> tuple[dict[str, Warehouse], Tally]:
    """The warehouses through ``warehouse_create`` (which adds the default location), then the bins."""
    tally = Tally()
    warehouses = {}
    for code, name, address, locations in demo_data.WAREHOUSES:
        with transaction.atomic():
            warehouse = Warehouse.objects.filter(code=code).first()
            if warehouse is None:
                warehouse = warehouse_create(code=code, name=name, address=address)
                tally.created += 1
            else:
                tally.existing += 1
            for location_code, location_name, _prefixes in locations:
                Location.objects.get_or_create(
                    warehouse=warehouse, code=location_code, defaults={"name": location_name}
                )
        warehouses[code] = warehouse
    return warehouses, tally


def suppliers_seed(*, tops: dict[str, Category]) -> Tally:
    plans = supplier_plans()
    with transaction.atomic():
        existing = set(
            Supplier.objects.filter(code__in=[p["code"] for p in plans]).values_list("code", flat=True)
        )
        for plan in plans:
            if plan["code"] in existing:
                continue
            first = plan["contacts"][0]
            supplier = Supplier.objects.create(
                code=plan["code"],
                name=plan["name"],
                contact_name=first["name"],
                phone=plan["phone"],
                email=plan["email"],
                address=plan["address"],
                payment_terms=plan["payment_terms"],
            )
            supplier.supply_scope.set([tops[prefix] for prefix in plan["prefixes"]])
            SupplierContact.objects.bulk_create(
                [SupplierContact(supplier=supplier, **contact) for contact in plan["contacts"]]
            )
    return Tally(created=len(plans) - len(existing), existing=len(existing))


def supplier_products_seed(plans: list[ProductPlan]) -> Tally:
    """Each product from the suppliers whose scope covers it: the first preferred, prices a little apart,
    lead times of 3 to 14 days, minimum orders of about half the reorder quantity."""
    rng = random.Random(SEED + 4)
    by_prefix = {}
    for code, _name, _city, _domain, prefixes, _terms in demo_data.SUPPLIERS:
        for prefix in prefixes:
            by_prefix.setdefault(prefix, []).append(code)
    suppliers = {
        s.code: s for s in Supplier.objects.filter(code__in={c for cs in by_prefix.values() for c in cs})
    }
    products = {p.sku: p for p in Product.objects.filter(sku__in=[p.sku for p in plans])}
    existing = set(SupplierProduct.objects.values_list("supplier__code", "product__sku"))
    rows, seen = [], 0
    for plan in plans:
        for rank, code in enumerate(by_prefix.get(plan.prefix, [])):
            seen += 1
            lead_time, markup = rng.randint(3, 14), Decimal(rng.choice(("1.00", "1.02", "1.05")))
            if (code, plan.sku) in existing or code not in suppliers or plan.sku not in products:
                continue
            rows.append(
                SupplierProduct(
                    supplier=suppliers[code],
                    product=products[plan.sku],
                    supplier_sku=f"{code}-{plan.sku}",
                    unit_price=(plan.purchase_price * (markup if rank else 1)).quantize(CENT),
                    lead_time_days=lead_time,
                    minimum_order_quantity=_round_quantity(plan.reorder_quantity / 2, plan.unit),
                    is_preferred=rank == 0,
                )
            )
    with transaction.atomic():
        SupplierProduct.objects.bulk_create(rows, batch_size=500)
    return Tally(created=len(rows), existing=seen - len(rows))


def customers_seed() -> Tally:
    plans = customer_plans()
    with transaction.atomic():
        existing = set(
            Customer.objects.filter(code__in=[p["code"] for p in plans]).values_list("code", flat=True)
        )
        for plan in plans:
            if plan["code"] in existing:
                continue
            contacts = plan.pop("contacts")
            customer = Customer.objects.create(contact_name=contacts[0]["name"], **plan)
            CustomerContact.objects.bulk_create(
                [CustomerContact(customer=customer, **contact) for contact in contacts]
            )
    return Tally(created=len(plans) - len(existing), existing=len(existing))


def users_seed(*, password: str) -> tuple[dict[str, object], set[str], Tally]:
    """One user per role. An existing user is left as it is; returns the users, the usernames whose
    password is not the demo password (so the table does not claim it), and the tally."""
    user_model = get_user_model()
    tally = Tally()
    users, other_password = {}, set()
    with transaction.atomic():
        for username, role, last_name, first_name in demo_data.USERS:
            user = user_model.objects.filter(username=username).first()
            if user is not None:
                tally.existing += 1
                # The plain hasher function, not user.check_password(): that one may re-save the hash.
                if not check_password(password, user.password):
                    other_password.add(username)
            else:
                is_admin = role == "administrator"
                user = user_model.objects.create_user(
                    username=username,
                    password=password,
                    email=f"{username}@demo.{demo_data.EMAIL_DOMAIN}",
                    first_name=first_name,
                    last_name=last_name,
                    is_staff=is_admin,
                    is_superuser=is_admin,
                )
                user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
                tally.created += 1
            users[username] = user
    return users, other_password, tally


def opening_stock_seed(
    *, warehouse: Warehouse, lines: list[OpeningLinePlan], today: date, created_by, posted_by
) -> tuple[OpeningStock | None, bool]:
    """Create, fill and post the warehouse's opening stock, unless it already has a posted one.

    Returns the document and whether it was created now. Creator and poster must differ: the service
    refuses to let anyone post a document they created.
    """
    posted = OpeningStock.objects.filter(warehouse=warehouse, status=OpeningStockStatus.POSTED).first()
    if posted is not None:
        return posted, False
    products = {p.sku: p for p in Product.objects.filter(sku__in={line.sku for line in lines})}
    locations = {loc.code: loc for loc in warehouse.locations.all()}
    with transaction.atomic():
        document = opening_stock_create(warehouse=warehouse, date=today, note=OPENING_NOTE, by=created_by)
        OpeningStockLine.objects.bulk_create(
            [
                OpeningStockLine(
                    document=document,
                    product=products[line.sku],
                    location=locations[line.location],
                    lot_number=line.lot_number,
                    expiry_date=line.expiry_date,
                    quantity=line.quantity,
                    unit_cost=products[line.sku].purchase_price,
                )
                for line in lines
                if line.sku in products
            ],
            batch_size=200,
        )
        document = opening_stock_post(document=document, by=posted_by)
    return document, True


# --- Output --------------------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns the text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Fill the database with a demo trading company (products, stock, partners, one user per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG off (it creates an admin with a known password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                _("DEBUG is off: this looks like production. The demo creates users with a known password; ")
                + _("pass --allow-production if you really want it here.")
            )
        started = time.monotonic()
        today = timezone.localdate()
        password = demo_data.DEMO_PASSWORD

        units, tally = units_seed()
        self.report(_("Units"), tally)
        tops, leaves, tally = categories_seed()
        self.report(_("Categories"), tally)
        plans = product_plans()
        self.report(_("Products"), products_seed(plans, units=units, leaves=leaves))
        warehouses, tally = warehouses_seed()
        self.report(_("Warehouses"), tally)
        self.report(_("Suppliers"), suppliers_seed(tops=tops))
        self.report(_("Supplier products"), supplier_products_seed(plans))
        self.report(_("Customers"), customers_seed())
        users, other_password, tally = users_seed(password=password)
        self.report(_("Users"), tally)

        for code, lines in opening_stock_plans(plans, today=today).items():
            try:
                document, created = opening_stock_seed(
                    warehouse=warehouses[code],
                    lines=lines,
                    today=today,
                    created_by=users["warehouse"],
                    posted_by=users["manager"],
                )
            except DomainError as error:
                raise CommandError(f"{warehouses[code].name}: {error}") from error
            self.report_opening(warehouses[code], document, created)

        self.stdout.write(
            _("Products below safety stock: %(count)d") % {"count": products_below_safety_stock().count()}
        )
        suggestions = replenishment_compute()["suggestions"]
        self.stdout.write(_("Replenishment suggestions: %(count)d") % {"count": suggestions})
        self.stdout.write(_("Done in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
        self.write_logins(users, other_password, password)

    def report(self, label: str, tally: Tally):
        self.stdout.write(
            _("%(label)s: %(created)d created, %(existing)d already there.")
            % {"label": label, "created": tally.created, "existing": tally.existing}
        )

    def report_opening(self, warehouse: Warehouse, document: OpeningStock, created: bool):
        if created:
            lines = list(document.lines.all())
            self.stdout.write(
                _("Opening stock %(warehouse)s: %(number)s posted, %(lines)d lines, value %(value)s.")
                % {
                    "warehouse": warehouse.name,
                    "number": document.number,
                    "lines": len(lines),
                    "value": sum((line.amount for line in lines), Decimal("0")).quantize(CENT),
                }
            )
        else:
            self.stdout.write(
                _("Opening stock %(warehouse)s: already posted (%(number)s), left as it is.")
                % {"warehouse": warehouse.name, "number": document.number}
            )

    def write_logins(self, users: dict, other_password: set[str], password: str):
        """The demo logins table: username, role, password (the same for every demo user)."""
        roles = {username: str(ROLES[role][0]) for username, role, _last, _first in demo_data.USERS}
        headers = (_("Username"), _("Role"), _("Password"))
        rows = [
            (username, roles[username], _("(own password)") if username in other_password else password)
            for username in users
        ]
        widths = [max(_width(str(row[i])) for row in [headers, *rows]) + 2 for i in range(2)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(_("Demo logins")))
        self.stdout.write(_pad(headers[0], widths[0]) + _pad(headers[1], widths[1]) + headers[2])
        for username, role, shown in rows:
            self.stdout.write(_pad(username, widths[0]) + _pad(role, widths[1]) + shown)
        if other_password:
            self.stdout.write(
                _("Users marked (own password) existed before this run; their passwords were not reset.")
            )
