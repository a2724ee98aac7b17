"""Import of suppliers (django-import-export), by supplier code."""

from django.utils.translation import gettext_lazy
from import_export import widgets

from common.choices import PaymentTerms
from common.resources import ChoiceWidget, ImportResource, TextWidget, column
from inventory.models import Category
from inventory.resources import category_by_path, category_path
from suppliers.models import Supplier

SCOPE_SEPARATOR = ";"


class CategoriesWidget(widgets.ManyToManyWidget):
    """Categories separated by “;”, each by its path or its unique name."""

    def __init__(self):
        super().__init__(Category, separator=SCOPE_SEPARATOR)

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value).replace("；", SCOPE_SEPARATOR)
        return [category_by_path(part) for part in text.split(SCOPE_SEPARATOR) if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return f"{SCOPE_SEPARATOR} ".join(category_path(c) for c in value.all()) if value is not None else ""


class SupplierResource(ImportResource):
    import_title = gettext_lazy("Suppliers")
    import_permissions = ("suppliers.add_supplier", "suppliers.change_supplier")
    import_example = {
        "code": "S0001",
        "name": "Fresh Fruit Trading Co.",
        "contact_name": "Wang Li",
        "phone": "021-5555 0101",
        "email": "sales@example.com",
        "address": "88 Market Road, Shanghai",
        "payment_terms": "net30",
        "supply_scope": "Food / Fruit; Drinks",
        "note": "",
    }
    required_columns = ("code", "name")

    code = column("code")
    name = column("name")
    contact_name = column("contact_name")
    phone = column("phone")
    email = column("email")
    address = column("address")
    payment_terms = column("payment_terms", ChoiceWidget(PaymentTerms.choices), keep_when_empty=True)
    supply_scope = column("supply_scope", CategoriesWidget())
    note = column("note")

    class Meta:
        model = Supplier
        fields = (
            "code",
            "name",
            "contact_name",
            "phone",
            "email",
            "address",
            "payment_terms",
            "supply_scope",
            "note",
        )
        import_id_fields = ("code",)

    def describe(self, row) -> str:
        return " · ".join(TextWidget().clean(row.get(k)) for k in ("code", "name") if row.get(k))
