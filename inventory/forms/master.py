from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm, StyledModelForm
from common.lists import ActiveFilterForm, FilterForm
from inventory.choices import MoveType
from inventory.models import Category, Location, OpeningStock, OpeningStockLine, Product, Unit, Warehouse
from inventory.selectors.stock import category_descendant_ids, category_tree


class CategoryTreeIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for category, depth in category_tree(active_only=False):
            yield (self.choice(category)[0], "\u3000" * depth + category.name)


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories shown as an indented tree."""

    iterator = CategoryTreeIterator

    def __init__(self, **kwargs):
        super().__init__(queryset=Category.objects.all(), **kwargs)


class CategoryForm(StyledModelForm):
    parent = CategoryChoiceField(label=_("parent"), required=False)

    class Meta:
        model = Category
        fields = ["name", "parent"]

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent and self.instance.pk and parent.pk in category_descendant_ids(self.instance.pk):
            raise forms.ValidationError(_("A category cannot be placed under itself or its subcategories."))
        return parent


class UnitForm(StyledModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "is_fractional"]


class ProductForm(StyledModelForm):
    category = CategoryChoiceField(label=_("category"))

    class Meta:
        model = Product
        fields = [
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
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True)

    def clean_barcode(self):
        """The database refuses a second product with the same barcode; say so beside the field."""
        barcode = self.cleaned_data["barcode"]
        if barcode and Product.objects.filter(barcode=barcode).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another product already has this barcode."), code="unique")
        return barcode


class WarehouseForm(StyledModelForm):
    class Meta:
        model = Warehouse
        fields = ["code", "name", "address"]


class LocationForm(StyledModelForm):
    class Meta:
        model = Location
        fields = ["warehouse", "code", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = Warehouse.objects.filter(is_active=True)


class ProductFilterForm(ActiveFilterForm):
    category = CategoryChoiceField(label=_("category"))
    is_lot_tracked = forms.TypedChoiceField(
        label=_("lot tracked"),
        choices=[("", _("All")), ("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        empty_value=None,
    )

    def filter_value(self, queryset, name, lookup, value):
        if name == "category":
            return queryset.filter(category_id__in=category_descendant_ids(value.pk))
        return super().filter_value(queryset, name, lookup, value)


class LocationFilterForm(ActiveFilterForm):
    warehouse = forms.ModelChoiceField(label=_("warehouse"), queryset=Warehouse.objects.all())


class StockFilterForm(FilterForm):
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.filter(is_active=True)
    )
    category = CategoryChoiceField(label=_("category"))
    below_safety = forms.BooleanField(label=_("below safety stock"))
    lookups = {"warehouse": "location__warehouse"}

    def filter_value(self, queryset, name, lookup, value):
        if name == "category":
            return queryset.filter(product__category_id__in=category_descendant_ids(value.pk))
        if name == "below_safety":
            return queryset  # applied on the product totals by the selector
        return super().filter_value(queryset, name, lookup, value)


class MoveFilterForm(FilterForm):
    warehouse = forms.ModelChoiceField(label=_("warehouse"), queryset=Warehouse.objects.all())
    move_type = forms.ChoiceField(label=_("move type"), choices=[("", _("All"))] + MoveType.choices)
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    lookups = {
        "warehouse": "location__warehouse",
        "date_from": "created_at__date__gte",
        "date_to": "created_at__date__lte",
    }


class OpeningStockForm(StyledModelForm):
    class Meta:
        model = OpeningStock
        fields = ["warehouse", "date", "note"]
        widgets = {"date": forms.DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = Warehouse.objects.filter(is_active=True)


class OpeningStockLineForm(StyledModelForm):
    class Meta:
        model = OpeningStockLine
        fields = ["product", "location", "lot_number", "expiry_date", "quantity", "unit_cost"]
        widgets = {"expiry_date": forms.DateInput()}

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.document = document
        self.fields["product"].queryset = Product.objects.filter(is_active=True)
        self.fields["location"].queryset = Location.objects.filter(
            warehouse=document.warehouse, is_active=True
        )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity <= 0:
            raise forms.ValidationError(_("Enter a quantity greater than zero."))
        return quantity

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        quantity = cleaned.get("quantity")
        if (
            product
            and quantity is not None
            and not product.unit.is_fractional
            and quantity != quantity.to_integral()
        ):
            self.add_error("quantity", _("%(unit)s is counted in whole numbers.") % {"unit": product.unit})
        if product and product.is_lot_tracked and not cleaned.get("lot_number"):
            self.add_error("lot_number", _("This product is lot tracked: enter its lot number."))
        return cleaned


class ConfirmForm(StyledForm):
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)
