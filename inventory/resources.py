"""Imports of categories, products, price updates and opening stock (django-import-export)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from common.resources import (
    BooleanWidget,
    DateWidget,
    DecimalWidget,
    ImportResource,
    LookupWidget,
    TextWidget,
    column,
)
from inventory import services
from inventory.choices import OpeningStockStatus
from inventory.models import Category, Location, OpeningStock, OpeningStockLine, Product, Unit, Warehouse

PATH_SEPARATOR = "/"


def category_by_path(text: str) -> Category:
    """A category by its path from the top ("Food / Fruit"), or by its name alone when that is unique."""
    names = [part.strip() for part in str(text).split(PATH_SEPARATOR) if part.strip()]
    if not names:
        raise ValueError(_("Enter a category."))
    if len(names) == 1:
        matches = list(Category.objects.filter(name=names[0])[:2])
        if len(matches) > 1:
            raise ValueError(
                _("More than one category is called “%(name)s”: write its path, e.g. “Parent / %(name)s”.")
                % {"name": names[0]}
            )
        if matches:
            return matches[0]
        raise ValueError(_("There is no category “%(name)s”.") % {"name": names[0]})
    parent = None
    for name in names:
        try:
            parent = Category.objects.get(parent=parent, name=name)
        except ObjectDoesNotExist:
            raise ValueError(
                _("There is no category “%(path)s”.") % {"path": f" {PATH_SEPARATOR} ".join(names)}
            ) from None
        except MultipleObjectsReturned:
            raise ValueError(_("More than one category is called “%(name)s”.") % {"name": name}) from None
    return parent


def category_path(category: Category | None) -> str:
    names = []
    while category is not None:
        names.append(category.name)
        category = category.parent
    return f" {PATH_SEPARATOR} ".join(reversed(names))


class CategoryWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Category, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        return category_by_path(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return category_path(value)


class CategoryResource(ImportResource):
    import_title = gettext_lazy("Categories")
    import_permissions = ("inventory.add_category", "inventory.change_category")
    import_example = {"name": "Fruit", "parent": "Food"}
    required_columns = ("name",)

    name = column("name")
    parent = column("parent", CategoryWidget())

    class Meta:
        model = Category
        fields = ("name", "parent")
        import_id_fields = ("name", "parent")

    def get_instance(self, instance_loader, row):
        try:
            parent = self.fields["parent"].clean(row) if row.get("parent") not in (None, "") else None
            return Category.objects.get(name=self.fields["name"].clean(row), parent=parent)
        except (ValueError, ObjectDoesNotExist, MultipleObjectsReturned):
            return None

    def describe(self, row) -> str:
        return " / ".join(str(v).strip() for v in (row.get("parent"), row.get("name")) if v not in (None, ""))


class ProductResource(ImportResource):
    import_title = gettext_lazy("Products")
    import_permissions = ("inventory.add_product", "inventory.change_product")
    import_example = {
        "sku": "P-0001",
        "barcode": "6901234567892",
        "name": "Apple",
        "specification": "Fuji, box of 10 kg",
        "category": "Food / Fruit",
        "unit": "kg",
        "purchase_price": Decimal("5.20"),
        "sale_price": Decimal("8.00"),
        "wholesale_price": Decimal("6.50"),
        "safety_stock": Decimal("20"),
        "reorder_quantity": Decimal("100"),
        "is_lot_tracked": "no",
    }
    required_columns = ("sku", "name", "category", "unit")

    sku = column("sku")
    barcode = column("barcode")
    name = column("name")
    specification = column("specification")
    category = column("category", CategoryWidget())
    unit = column("unit", LookupWidget(Unit, fields=("code", "name")))
    purchase_price = column("purchase_price", DecimalWidget(), keep_when_empty=True)
    sale_price = column("sale_price", DecimalWidget(), keep_when_empty=True)
    wholesale_price = column("wholesale_price", DecimalWidget(), keep_when_empty=True)
    safety_stock = column("safety_stock", DecimalWidget(), keep_when_empty=True)
    reorder_quantity = column("reorder_quantity", DecimalWidget(), keep_when_empty=True)
    is_lot_tracked = column("is_lot_tracked", BooleanWidget(), keep_when_empty=True)

    class Meta:
        model = Product
        fields = (
            "sku",
            "barcode",
            "name",
            "specification",
            "category",
            "unit",
            "purchase_price",
            "sale_price",
            "wholesale_price",
            "safety_stock",
            "reorder_quantity",
            "is_lot_tracked",
        )
        import_id_fields = ("sku",)


class PriceUpdateResource(ImportResource):
    """New prices for products that exist; an unknown SKU is refused, an empty cell keeps the price."""

    import_title = gettext_lazy("Price updates")
    import_permissions = ("inventory.change_product",)
    import_example = {
        "sku": "P-0001",
        "purchase_price": Decimal("5.40"),
        "sale_price": Decimal("8.50"),
        "wholesale_price": Decimal("6.80"),
    }

    sku = column("sku")
    purchase_price = column("purchase_price", DecimalWidget(), keep_when_empty=True)
    sale_price = column("sale_price", DecimalWidget(), keep_when_empty=True)
    wholesale_price = column("wholesale_price", DecimalWidget(), keep_when_empty=True)

    class Meta:
        model = Product
        fields = ("sku", "purchase_price", "sale_price", "wholesale_price")
        import_id_fields = ("sku",)

    def init_instance(self, row=None):
        raise ValidationError(
            {
                "sku": _("There is no product with SKU “%(sku)s”.")
                % {"sku": TextWidget().clean(row.get("sku"))}
            }
        )


class WarehouseWidget(LookupWidget):
    def __init__(self):
        super().__init__(Warehouse, fields=("code", "name"))


class LocationWidget(widgets.ForeignKeyWidget):
    """A location by its code in the row's warehouse; an empty cell means the warehouse's default one."""

    def __init__(self):
        super().__init__(Location, field="code")

    def clean(self, value, row=None, **kwargs):
        try:
            warehouse = WarehouseWidget().clean(row.get("warehouse"))
        except ValueError:
            return None  # the warehouse column carries the error
        if warehouse is None:
            return None
        code = TextWidget().clean(value) or "DEFAULT"
        try:
            return Location.objects.get(warehouse=warehouse, code=code)
        except ObjectDoesNotExist:
            raise ValueError(
                _("Warehouse %(warehouse)s has no location “%(code)s”.")
                % {"warehouse": warehouse.code, "code": code}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.code


class OpeningStockResource(ImportResource):
    """Lines of the draft opening-stock document of each warehouse (created when there is none).

    A line is the same line when warehouse, location, product and lot are the same, so a second import of
    the same file changes nothing. The document is posted later through its normal approval.
    """

    import_title = gettext_lazy("Opening stock")
    import_permissions = ("inventory.add_openingstock", "inventory.change_openingstock")
    import_example = {
        "warehouse": "WH1",
        "location": "A-01",
        "product": "P-0001",
        "lot_number": "L2024-001",
        "expiry_date": date(2026, 12, 31),
        "quantity": Decimal("120"),
        "unit_cost": Decimal("5.2000"),
    }
    import_labels = {
        "warehouse": gettext_lazy("warehouse code"),
        "location": gettext_lazy("location code"),
        "product": gettext_lazy("SKU"),
    }
    required_columns = ("warehouse", "product", "quantity", "unit_cost")

    warehouse = column(None, WarehouseWidget(), key="warehouse")
    location = column("location", LocationWidget())
    product = column("product", LookupWidget(Product, fields=("sku", "barcode")))
    lot_number = column("lot_number")
    expiry_date = column("expiry_date", DateWidget())
    quantity = column("quantity", DecimalWidget())
    unit_cost = column("unit_cost", DecimalWidget())

    class Meta:
        model = OpeningStockLine
        fields = ("warehouse", "location", "product", "lot_number", "expiry_date", "quantity", "unit_cost")
        import_id_fields = ("warehouse", "product")  # with location and lot; see get_instance

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.drafts: dict[int, OpeningStock] = {}

    def existing_draft(self, warehouse: Warehouse) -> OpeningStock | None:
        if warehouse.pk not in self.drafts:
            draft = (
                OpeningStock.objects.filter(warehouse=warehouse, status=OpeningStockStatus.DRAFT)
                .order_by("created_at", "id")
                .first()
            )
            if draft is None:
                return None
            self.drafts[warehouse.pk] = draft
        return self.drafts[warehouse.pk]

    def draft_for(self, warehouse: Warehouse) -> OpeningStock:
        draft = self.existing_draft(warehouse)
        if draft is None:
            draft = services.opening_stock_create(
                warehouse=warehouse, date=timezone.localdate(), note=_("Imported from a file"), by=self.user
            )
            self.drafts[warehouse.pk] = draft
        return draft

    def get_instance(self, instance_loader, row):
        try:
            warehouse = self.fields["warehouse"].clean(row)
            location = self.fields["location"].clean(row)
            product = self.fields["product"].clean(row)
        except (ValueError, KeyError):
            return None
        if warehouse is None or location is None or product is None:
            return None
        draft = self.existing_draft(warehouse)
        if draft is None:
            return None
        return OpeningStockLine.objects.filter(
            document=draft,
            location=location,
            product=product,
            lot_number=TextWidget().clean(row.get("lot_number")),
        ).first()

    def check_row(self, instance, row, errors) -> dict[str, str]:
        problems = {}
        try:
            warehouse = self.fields["warehouse"].clean(row)
        except ValueError as error:
            return {"warehouse": str(error)}
        if warehouse is None:
            return {"warehouse": _("Enter the warehouse code.")}
        if "location" not in errors and instance.location_id is None:
            problems["location"] = _("Enter a location of the warehouse.")
        if "location" not in errors and instance.location_id and not instance.location.is_active:
            problems["location"] = _("Location %(location)s is inactive.") % {"location": instance.location}
        product = instance.product if instance.product_id else None
        if product is not None and not product.is_active:
            problems["product"] = _("%(product)s is inactive.") % {"product": product}
        quantity = instance.quantity
        if "quantity" not in errors and quantity is not None:
            if quantity <= 0:
                problems["quantity"] = _("Enter a quantity greater than zero.")
            elif (
                product is not None and not product.unit.is_fractional and quantity != quantity.to_integral()
            ):
                problems["quantity"] = _("%(unit)s is counted in whole numbers.") % {"unit": product.unit}
        if product is not None and product.is_lot_tracked and not instance.lot_number:
            problems["lot_number"] = _("This product is lot tracked: enter its lot number.")
        if not errors and not problems and instance.document_id is None:
            instance.document = self.draft_for(warehouse)
        return problems

    def unchecked_fields(self, instance) -> tuple[str, ...]:
        # Without a valid warehouse there is neither a location nor a document; its column says why.
        return tuple(name for name in ("document", "location") if getattr(instance, f"{name}_id") is None)

    def describe(self, row) -> str:
        values = [row.get(key) for key in ("warehouse", "location", "product", "lot_number")]
        return " · ".join(TextWidget().clean(v) for v in values if v not in (None, ""))

    def summary_links(self) -> list[tuple[str, str]]:
        return [(str(draft), draft.get_absolute_url()) for draft in self.drafts.values()]
