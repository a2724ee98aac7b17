from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm, StyledModelForm
from common.lists import FilterForm
from inventory.models import Location, Lot, Product, Warehouse
from returns.choices import BackorderChoice, ReturnKind, ReturnStatus
from returns.models import ReturnPolicy, ReturnReason
from returns.validators import photo_check
from sales.choices import CustomerStage, PaymentMethod
from sales.models import Customer


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several pictures in one input, each checked by its content and size."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        for upload in files:
            photo_check(upload)
        return files


class ReturnRequestFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), choices=[("", _("All")), *ReturnStatus.choices])
    customer = forms.ModelChoiceField(label=_("customer"), queryset=Customer.objects.order_by("name"))
    reason = forms.ModelChoiceField(label=_("reason"), queryset=ReturnReason.objects.all())
    product = forms.ModelChoiceField(label=_("product"), queryset=Product.objects.order_by("sku"))
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    overdue = forms.BooleanField(label=_("overdue only"))
    lookups = {
        "reason": "lines__reason",
        "product": "lines__product",
        "date_from": "created_at__date__gte",
        "date_to": "created_at__date__lte",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )

    def filter_value(self, queryset, name, lookup, value):
        if name == "overdue":
            return queryset.filter(is_overdue=True) if value else queryset
        if name in ("reason", "product"):
            return queryset.filter(**{lookup: value}).distinct()
        return super().filter_value(queryset, name, lookup, value)


class RequestHeaderForm(StyledForm):
    customer = forms.ModelChoiceField(
        label=_("customer"),
        queryset=Customer.objects.filter(is_active=True, stage=CustomerStage.CUSTOMER).order_by("name"),
    )
    kind = forms.ChoiceField(label=_("kind"), choices=ReturnKind.choices, initial=ReturnKind.RETURN)
    without_origin = forms.BooleanField(label=_("return order without an origin order"), required=False)
    warehouse = forms.ModelChoiceField(
        label=_("warehouse (without origin)"),
        queryset=Warehouse.objects.filter(is_active=True),
        required=False,
    )
    backorder_choice = forms.ChoiceField(
        label=_("when the replacement is out of stock"), choices=BackorderChoice.choices, required=False
    )
    contact_name = forms.CharField(label=_("contact (empty: the customer's)"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=40, required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, allow_without_origin=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_without_origin:
            del self.fields["without_origin"]
            del self.fields["warehouse"]


class RequestLineForm(StyledForm):
    product = forms.ModelChoiceField(
        label=_("product"), queryset=Product.objects.filter(is_active=True).order_by("sku")
    )
    quantity = forms.DecimalField(
        label=_("quantity"), max_digits=14, decimal_places=3, min_value=Decimal("0.001")
    )
    lot = forms.ModelChoiceField(label=_("lot"), queryset=Lot.objects.all(), required=False)
    reason = forms.ModelChoiceField(label=_("reason"), queryset=ReturnReason.objects.filter(is_active=True))
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    unit_price = forms.DecimalField(
        label=_("price (without origin)"), max_digits=14, decimal_places=4, min_value=0, required=False
    )
    photos = PhotosField(label=_("photos"), required=False)


class ReplacementForm(StyledForm):
    product = forms.ModelChoiceField(
        label=_("replacement product"), queryset=Product.objects.filter(is_active=True).order_by("sku")
    )
    quantity = forms.DecimalField(
        label=_("quantity"), max_digits=14, decimal_places=3, min_value=Decimal("0.001")
    )
    unit_price = forms.DecimalField(
        label=_("unit price (empty: list price)"),
        max_digits=14,
        decimal_places=4,
        min_value=0,
        required=False,
    )


RequestLineFormSet = forms.formset_factory(RequestLineForm, extra=3, min_num=0)
ReplacementFormSet = forms.formset_factory(ReplacementForm, extra=2, min_num=0)


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("reason (the customer sees it)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReceiveForm(StyledForm):
    carrier = forms.CharField(label=_("carrier"), max_length=100, required=False)
    tracking_number = forms.CharField(label=_("tracking number"), max_length=100, required=False)


class ShipReplacementForm(StyledForm):
    carrier = forms.CharField(label=_("carrier"), max_length=100)
    tracking_number = forms.CharField(label=_("tracking number"), max_length=100)


class RefundPayForm(StyledForm):
    method = forms.ChoiceField(label=_("method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)
    date = forms.DateField(label=_("paid on"), widget=forms.DateInput(), initial=timezone.localdate)


def location_choices(warehouse_id: int):
    return Location.objects.filter(warehouse_id=warehouse_id, is_active=True, is_transit=False).order_by(
        "code"
    )


class StepLimitsForm(StyledModelForm):
    """The time limit of each step of a return, in days; blank or 0 switches its reminder off."""

    class Meta:
        model = ReturnPolicy
        fields = [
            "submitted_limit_days",
            "approved_limit_days",
            "received_limit_days",
            "inspected_limit_days",
            "refund_pending_limit_days",
            "refund_approved_limit_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_value = 365
            field.validators.append(MaxValueValidator(365))
            field.widget.attrs.update({"min": 0, "max": 365})
            field.help_text = _("Blank or 0: no limit, no reminder.")
