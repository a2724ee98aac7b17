import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from common.roles import GROUP_NAMES
from inventory.models import (
    Category,
    Location,
    Lot,
    OpeningStock,
    OpeningStockLine,
    Product,
    Unit,
    Warehouse,
)
from sales.models import Customer
from suppliers.models import Supplier


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-Secret-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=GROUP_NAMES[extracted]))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = "pcs"
    name = "pcs"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(CategoryFactory)
    unit = factory.SubFactory(UnitFactory)
    purchase_price = Decimal("10.00")
    sale_price = Decimal("15.00")
    wholesale_price = Decimal("12.00")


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    code = factory.Sequence(lambda n: f"WH{n}")
    name = factory.Sequence(lambda n: f"Warehouse {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    warehouse = factory.SubFactory(WarehouseFactory)
    code = factory.Sequence(lambda n: f"A-{n:02d}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"Supplier {n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"Customer {n}")


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    product = factory.SubFactory(ProductFactory, is_lot_tracked=True)
    number = factory.Sequence(lambda n: f"LOT-{n:04d}")
    expiry_date = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))


class OpeningStockFactory(factory.django.DjangoModelFactory):
    """A draft opening stock; its numbers are in a period of their own so they never meet real ones."""

    class Meta:
        model = OpeningStock

    number = factory.Sequence(lambda n: f"OS-209901-{n:04d}")
    warehouse = factory.SubFactory(WarehouseFactory)
    date = datetime.date(2026, 1, 1)
    created_by = factory.SubFactory(UserFactory)


class OpeningStockLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningStockLine

    document = factory.SubFactory(OpeningStockFactory)
    product = factory.SubFactory(ProductFactory)
    location = factory.SubFactory(LocationFactory, warehouse=factory.SelfAttribute("..document.warehouse"))
    quantity = Decimal("10")
    unit_cost = Decimal("2.5000")


class PurchaseOrderFactory(factory.django.DjangoModelFactory):
    """A draft purchase order without lines; lines come from ``PurchaseOrderLineFactory`` or services."""

    class Meta:
        model = "purchasing.PurchaseOrder"

    number = factory.Sequence(lambda n: f"PO-209901-{n:04d}")
    supplier = factory.SubFactory(SupplierFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    order_date = datetime.date(2026, 1, 5)
    created_by = factory.SubFactory(UserFactory)


class PurchaseOrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "purchasing.PurchaseOrderLine"

    order = factory.SubFactory(PurchaseOrderFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = Decimal("10")
    unit_price = Decimal("5.0000")
    amount = factory.LazyAttribute(lambda line: (line.quantity * line.unit_price).quantize(Decimal("0.01")))


class PurchaseReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "purchasing.PurchaseReturn"

    number = factory.Sequence(lambda n: f"RS-209901-{n:04d}")
    supplier = factory.SubFactory(SupplierFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    date = datetime.date(2026, 1, 5)
    reason = "Damaged"
    created_by = factory.SubFactory(UserFactory)


class PurchaseReturnLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "purchasing.PurchaseReturnLine"

    document = factory.SubFactory(PurchaseReturnFactory)
    product = factory.SubFactory(ProductFactory)
    location = factory.SubFactory(LocationFactory, warehouse=factory.SelfAttribute("..document.warehouse"))
    quantity = Decimal("1")


class SalesOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sales.SalesOrder"

    number = factory.Sequence(lambda n: f"SO-209901-{n:04d}")
    customer = factory.SubFactory(CustomerFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    order_date = datetime.date(2026, 1, 5)
    created_by = factory.SubFactory(UserFactory)


class SalesOrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sales.SalesOrderLine"

    order = factory.SubFactory(SalesOrderFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = Decimal("10")
    unit_price = Decimal("12.0000")
    amount = factory.LazyAttribute(lambda line: (line.quantity * line.unit_price).quantize(Decimal("0.01")))


class CustomerVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sales.CustomerVisit"

    customer = factory.SubFactory(CustomerFactory)
    date = datetime.date(2026, 1, 5)
    note = "Visited the purchasing manager."
    created_by = factory.SubFactory(UserFactory)


class ReturnReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "returns.ReturnReason"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"reason-{n}")
    name = factory.LazyAttribute(lambda reason: reason.code.replace("-", " ").capitalize())
    restocking_fee_percent = Decimal("0")


class ProductReturnPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "returns.ProductReturnPolicy"

    product = factory.SubFactory(ProductFactory)
    returnable = False


class PaymentFactory(factory.django.DjangoModelFactory):
    """A payment row alone, for pages that need one to exist. Tests of money go through
    ``finance.services.payment_post``, which also writes its ledger entry."""

    class Meta:
        model = "finance.Payment"

    number = factory.Sequence(lambda n: f"REC-209901-{n:04d}")
    kind = "customer_receipt"
    partner_type = "customer"
    partner_id = factory.LazyFunction(lambda: CustomerFactory().pk)
    partner_name = "Customer"
    date = datetime.date(2026, 1, 6)
    method = "transfer"
    amount = Decimal("10.00")
    created_by = factory.SubFactory(UserFactory)


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "finance.Invoice"

    direction = "issued"
    number = factory.Sequence(lambda n: f"INV-{n:05d}")
    date = datetime.date(2026, 1, 6)
    amount = Decimal("100.00")
    document_type = "sales.salesorder"
    document_id = 1
    document_number = "SO-209901-0001"
    partner_type = "customer"
    partner_id = 1
    partner_name = "Customer"
    contract = factory.django.FileField(data=b"%PDF-1.4\n%%EOF\n", filename="contract.pdf")
    created_by = factory.SubFactory(UserFactory)
