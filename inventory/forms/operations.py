"""Forms of the stock-operation screens: stock query, stock card, reports, transfers, stocktakes, alerts."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm, StyledModelForm
from common.lists import FilterForm
from inventory.choices import AlertStatus, StocktakeStatus, TransferStatus
from inventory.forms.master import CategoryChoiceField, StockFilterForm
from inventory.models import (
    Location,
    Lot,
    Product,
    Stocktake,
    Transfer,
    TransferLine,
    Warehouse,
    WarehouseSafetyStock,
)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class StockQueryFilterForm(StockFilterForm):
    """Stock by warehouse, location, category, lot; search covers SKU, barcode and name."""

    location = forms.ModelChoiceField(
        label=_("location"),
        queryset=Location.objects.select_related("warehouse").order_by("warehouse__code", "code"),
    )
    lot = forms.CharField(label=_("lot number"), max_length=40)
    field_order = ["warehouse", "location", "category", "lot", "below_safety"]
    lookups = {**StockFilterForm.lookups, "lot": "lot__number__icontains"}


class StockCardFilterForm(FilterForm):
    warehouse = forms.ModelChoiceField(label=_("warehouse"), queryset=Warehouse.objects.all())
    location = forms.ModelChoiceField(label=_("location"), queryset=Location.objects.none())
    lot = forms.ModelChoiceField(label=_("lot"), queryset=Lot.objects.none())
    date_from = forms.DateField(label=_("from"), widget=_date_input())
    date_to = forms.DateField(label=_("to"), widget=_date_input())

    def __init__(self, data=None, *, product: Product, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["location"].queryset = (
            Location.objects.filter(balances__product=product).select_related("warehouse").distinct()
        )
        self.fields["lot"].queryset = Lot.objects.filter(product=product)
        if not product.is_lot_tracked:
            del self.fields["lot"]
        for field in self.fields.values():
            widget = field.widget
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class ValuationForm(StyledForm):
    date = forms.DateField(label=_("at the end of"), widget=_date_input(), required=False)
    warehouse = forms.ModelChoiceField(label=_("warehouse"), queryset=Warehouse.objects.all(), required=False)
    category = CategoryChoiceField(label=_("category"), required=False)

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "at": data.get("date") or timezone.localdate(),
            "warehouse": data.get("warehouse"),
            "category": data.get("category"),
        }


class NearExpiryForm(StyledForm):
    days = forms.IntegerField(label=_("expiring within (days)"), min_value=0, max_value=3650, required=False)
    warehouse = forms.ModelChoiceField(label=_("warehouse"), queryset=Warehouse.objects.all(), required=False)

    def values(self, default_days: int) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        days = data.get("days")
        return {"days": default_days if days is None else days, "warehouse": data.get("warehouse")}


class TransferForm(StyledModelForm):
    class Meta:
        model = Transfer
        fields = ["source_warehouse", "destination", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_warehouse"].queryset = Warehouse.objects.filter(is_active=True)
        self.fields["destination"].queryset = Location.objects.filter(
            is_active=True, is_transit=False, warehouse__is_active=True
        ).select_related("warehouse")


class TransferLineForm(StyledModelForm):
    class Meta:
        model = TransferLine
        fields = ["product", "source", "lot", "quantity"]

    def __init__(self, *args, transfer: Transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(is_active=True)
        self.fields["source"].queryset = (
            Location.objects.filter(warehouse=transfer.source_warehouse, is_transit=False)
            .exclude(pk=transfer.destination_id)
            .select_related("warehouse")
        )
        self.fields["lot"].queryset = (
            Lot.objects.filter(
                balances__location__warehouse=transfer.source_warehouse, balances__on_hand__gt=0
            )
            .select_related("product")
            .distinct()
        )
        self.fields["lot"].label_from_instance = lambda lot: (
            f"{lot.product.sku} · {lot.number}"
            + (f" ({lot.expiry_date:%Y-%m-%d})" if lot.expiry_date else "")
        )


class StocktakeForm(StyledModelForm):
    category = CategoryChoiceField(
        label=_("category"), required=False, help_text=_("Leave empty to count every category.")
    )

    class Meta:
        model = Stocktake
        fields = ["warehouse", "location", "category", "blind", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = Warehouse.objects.filter(is_active=True)
        self.fields["location"].queryset = Location.objects.filter(
            is_active=True, is_transit=False
        ).select_related("warehouse")

    def clean(self):
        cleaned = super().clean()
        location, warehouse = cleaned.get("location"), cleaned.get("warehouse")
        if location and warehouse and location.warehouse_id != warehouse.pk:
            self.add_error("location", _("This location is not in the chosen warehouse."))
        return cleaned


class StocktakeLineAddForm(StyledForm):
    product = forms.ModelChoiceField(label=_("product"), queryset=Product.objects.filter(is_active=True))
    location = forms.ModelChoiceField(label=_("location"), queryset=Location.objects.none())
    lot_number = forms.CharField(label=_("lot number"), max_length=40, required=False)
    expiry_date = forms.DateField(label=_("expiry date"), required=False, widget=forms.DateInput())
    counted_quantity = forms.DecimalField(
        label=_("counted quantity"), min_value=0, decimal_places=3, max_digits=14
    )

    def __init__(self, *args, stocktake: Stocktake, **kwargs):
        super().__init__(*args, **kwargs)
        locations = Location.objects.filter(warehouse=stocktake.warehouse, is_transit=False).select_related(
            "warehouse"
        )
        if stocktake.location_id:
            locations = locations.filter(pk=stocktake.location_id)
        self.fields["location"].queryset = locations


class StocktakeImportForm(StyledForm):
    file = forms.FileField(label=_("filled-in count sheet (.xlsx)"))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"))

    def __init__(self, data=None, *, choices=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["status"].choices = [("", _("All")), *choices]
        self.fields["status"].widget.attrs["class"] = "form-select"


class TransferFilterForm(DocumentFilterForm):
    def __init__(self, data=None, **kwargs):
        super().__init__(data, choices=TransferStatus.choices, **kwargs)


class StocktakeFilterForm(DocumentFilterForm):
    def __init__(self, data=None, **kwargs):
        super().__init__(data, choices=StocktakeStatus.choices, **kwargs)


class AlertFilterForm(DocumentFilterForm):
    warehouse = forms.ModelChoiceField(label=_("warehouse"), queryset=Warehouse.objects.all())

    def __init__(self, data=None, **kwargs):
        super().__init__(data, choices=AlertStatus.choices, **kwargs)
        self.fields["warehouse"].widget.attrs["class"] = "form-select"


class WarehouseSafetyStockForm(StyledModelForm):
    class Meta:
        model = WarehouseSafetyStock
        fields = ["product", "warehouse", "quantity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(is_active=True)
        self.fields["warehouse"].queryset = Warehouse.objects.filter(is_active=True)
