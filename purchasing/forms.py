import uuid
from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm, StyledModelForm
from common.lists import FilterForm
from inventory.models import Location, Lot, Product, Warehouse
from purchasing.choices import PurchaseOrderStatus, PurchaseReturnStatus
from purchasing.models import PurchaseOrder, PurchaseReturn
from suppliers.models import Supplier

QUANTITY = {"max_digits": 14, "decimal_places": 3}


def _check_whole(form, product, field):
    quantity = form.cleaned_data.get(field)
    if (
        product
        and quantity is not None
        and not product.unit.is_fractional
        and quantity != quantity.to_integral()
    ):
        form.add_error(field, _("%(unit)s is counted in whole numbers.") % {"unit": product.unit})


class ClientTokenMixin(forms.Form):
    """A UUID generated when the form is rendered: the same form posted twice makes one document."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if not self.is_bound and (instance is None or instance.pk is None):
            self.initial.setdefault("client_token", uuid.uuid4())


class PurchaseOrderForm(ClientTokenMixin, StyledModelForm):
    class Meta:
        model = PurchaseOrder
        fields = ["supplier", "warehouse", "order_date", "expected_date", "note"]
        widgets = {
            "order_date": forms.DateInput(),
            "expected_date": forms.DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(is_active=True)
        self.fields["warehouse"].queryset = Warehouse.objects.filter(is_active=True)


class PurchaseOrderLineForm(StyledForm):
    product = forms.ModelChoiceField(
        label=_("product"), queryset=Product.objects.filter(is_active=True).select_related("unit")
    )
    quantity = forms.DecimalField(label=_("quantity"), min_value=Decimal("0.001"), **QUANTITY)
    unit_price = forms.DecimalField(
        label=_("unit price"),
        min_value=0,
        max_digits=14,
        decimal_places=4,
        required=False,
        help_text=_("Empty: the product's purchase price."),
    )
    expected_date = forms.DateField(label=_("expected delivery"), required=False, widget=forms.DateInput())

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        _check_whole(self, product, "quantity")
        if product and cleaned.get("unit_price") is None:
            cleaned["unit_price"] = product.purchase_price
        return cleaned


PurchaseOrderLineFormSet = formset_factory(PurchaseOrderLineForm, extra=3, can_delete=True)


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("reason for rejection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(StyledForm):
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)


class PurchaseOrderFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), choices=[("", _("All"))] + PurchaseOrderStatus.choices)
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.all())
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput())
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput())
    lookups = {"date_from": "order_date__gte", "date_to": "order_date__lte"}


class GoodsReceiptForm(ClientTokenMixin, StyledForm):
    date = forms.DateField(label=_("receipt date"), widget=forms.DateInput())
    note = forms.CharField(
        label=_("note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoodsReceiptLineForm(StyledForm):
    """One open order line: what arrived, what was accepted and rejected, and where it was put."""

    order_line_id = forms.IntegerField(widget=forms.HiddenInput)
    arrived_quantity = forms.DecimalField(label=_("arrived"), min_value=0, **QUANTITY)
    accepted_quantity = forms.DecimalField(label=_("accepted"), min_value=0, **QUANTITY)
    rejected_quantity = forms.DecimalField(label=_("rejected"), min_value=0, required=False, **QUANTITY)
    quality_note = forms.CharField(label=_("quality note"), required=False, max_length=200)
    location = forms.ModelChoiceField(label=_("location"), queryset=Location.objects.none())
    lot_number = forms.CharField(label=_("lot number"), required=False, max_length=40)
    expiry_date = forms.DateField(label=_("expiry date"), required=False, widget=forms.DateInput())

    def __init__(self, *args, warehouse=None, **kwargs):
        super().__init__(*args, **kwargs)
        if warehouse is not None:
            self.fields["location"].queryset = Location.objects.filter(
                warehouse=warehouse, is_active=True
            ).select_related("warehouse")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rejected_quantity") is None:
            cleaned["rejected_quantity"] = Decimal("0")
        return cleaned


GoodsReceiptLineFormSet = formset_factory(GoodsReceiptLineForm, extra=0)


class PurchaseReturnForm(ClientTokenMixin, StyledModelForm):
    class Meta:
        model = PurchaseReturn
        fields = ["supplier", "warehouse", "date", "reason", "note"]
        widgets = {
            "date": forms.DateInput(),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(is_active=True)
        self.fields["warehouse"].queryset = Warehouse.objects.filter(is_active=True)


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        expiry = f" ({obj.expiry_date:%Y-%m-%d})" if obj.expiry_date else ""
        return f"{obj.product.sku} · {obj.number}{expiry}"


class PurchaseReturnLineForm(StyledForm):
    product = forms.ModelChoiceField(
        label=_("product"), queryset=Product.objects.filter(is_active=True).select_related("unit")
    )
    location = forms.ModelChoiceField(
        label=_("location"), queryset=Location.objects.filter(is_active=True).select_related("warehouse")
    )
    lot = LotChoiceField(
        label=_("lot"),
        required=False,
        queryset=Lot.objects.filter(balances__on_hand__gt=0).select_related("product").distinct(),
    )
    quantity = forms.DecimalField(label=_("quantity"), min_value=Decimal("0.001"), **QUANTITY)
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        product, lot = cleaned.get("product"), cleaned.get("lot")
        _check_whole(self, product, "quantity")
        if product and product.is_lot_tracked and lot is None:
            self.add_error("lot", _("This product is lot tracked: choose the lot."))
        if product and lot and lot.product_id != product.pk:
            self.add_error("lot", _("This lot belongs to another product."))
        return cleaned


PurchaseReturnLineFormSet = formset_factory(PurchaseReturnLineForm, extra=3, can_delete=True)


class PurchaseReturnFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), choices=[("", _("All"))] + PurchaseReturnStatus.choices)
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.all())
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput())
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput())
    lookups = {"date_from": "date__gte", "date_to": "date__lte"}


class GoodsReceiptFilterForm(FilterForm):
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.all())
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput())
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput())
    lookups = {"date_from": "date__gte", "date_to": "date__lte"}


class ReplenishmentFilterForm(FilterForm):
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.filter(is_active=True))
    without_supplier = forms.BooleanField(label=_("without supplier only"))

    def filter_value(self, queryset, name, lookup, value):
        if name == "without_supplier":
            return queryset.filter(supplier__isnull=True) if value else queryset
        return super().filter_value(queryset, name, lookup, value)


class ReplenishmentComputeForm(StyledForm):
    window_days = forms.IntegerField(
        label=_("demand window (days)"),
        min_value=7,
        max_value=365,
        help_text=_("Net sales of this many days before today."),
    )
    cover_days = forms.IntegerField(
        label=_("days of cover"),
        min_value=0,
        max_value=365,
        help_text=_("How long an order should last beyond the supplier's lead time."),
    )


class ReplenishmentOrderForm(StyledForm):
    warehouse = forms.ModelChoiceField(
        label=_("deliver to warehouse"), queryset=Warehouse.objects.filter(is_active=True)
    )
