import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm, StyledModelForm
from common.lists import ActiveFilterForm, FilterForm
from inventory.models import Location, Lot, Product, Warehouse
from sales.choices import CustomerStage, CustomerType, DeliveryStatus, PaymentMethod, SalesOrderStatus
from sales.models import Customer, CustomerContact, CustomerVisit, Delivery, SalesOrder


class CustomerForm(StyledModelForm):
    class Meta:
        model = Customer
        fields = [
            "code",
            "name",
            "customer_type",
            "stage",
            "contact_name",
            "phone",
            "email",
            "address",
            "credit_limit",
            "payment_terms",
            "language",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class CustomerFilterForm(ActiveFilterForm):
    customer_type = forms.ChoiceField(
        label=_("customer type"), choices=[("", _("All"))] + CustomerType.choices
    )
    stage = forms.ChoiceField(label=_("stage"), choices=[("", _("All"))] + CustomerStage.choices)


class CustomerContactForm(StyledModelForm):
    class Meta:
        model = CustomerContact
        fields = ["name", "role", "phone", "email"]


class CustomerVisitForm(StyledModelForm):
    class Meta:
        model = CustomerVisit
        fields = ["date", "kind", "note", "next_follow_up"]
        widgets = {
            "date": forms.DateInput(),
            "next_follow_up": forms.DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class SalesOrderForm(StyledModelForm):
    """The header of a sales order; ``client_token`` makes a second post of the same form harmless."""

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SalesOrder
        fields = ["customer", "warehouse", "order_date", "expected_date", "price_type", "note"]
        widgets = {
            "order_date": forms.DateInput(),
            "expected_date": forms.DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.filter(
            is_active=True, stage=CustomerStage.CUSTOMER
        )
        self.fields["warehouse"].queryset = Warehouse.objects.filter(is_active=True)
        self.fields["price_type"].required = False
        self.fields["price_type"].help_text = _("Empty: the list of the customer's type.")
        if not self.is_bound and not self.initial.get("client_token"):
            self.initial["client_token"] = uuid.uuid4()


class SalesOrderLineForm(StyledForm):
    product = forms.ModelChoiceField(label=_("product"), queryset=Product.objects.filter(is_active=True))
    quantity = forms.DecimalField(label=_("quantity"), max_digits=14, decimal_places=3, min_value=0)
    unit_price = forms.DecimalField(
        label=_("unit price"),
        max_digits=14,
        decimal_places=4,
        min_value=0,
        required=False,
        help_text=_("Empty: the list price."),
    )
    discount_percent = forms.DecimalField(
        label=_("discount %"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )


SalesOrderLineFormSet = forms.formset_factory(SalesOrderLineForm, extra=1, can_delete=True)


class SalesOrderFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), choices=[("", _("All"))] + SalesOrderStatus.choices)
    customer = forms.ModelChoiceField(label=_("customer"), queryset=Customer.objects.all())
    kind = forms.ChoiceField(
        label=_("sale"),
        choices=[("", _("All")), ("retail", _("Retail counter")), ("wholesale", _("Wholesale"))],
    )
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    lookups = {"date_from": "order_date__gte", "date_to": "order_date__lte"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def filter_value(self, queryset, name, lookup, value):
        if name == "kind":
            return queryset.filter(is_retail=value == "retail")
        return super().filter_value(queryset, name, lookup, value)


class DeliveryHeaderForm(StyledModelForm):
    class Meta:
        model = Delivery
        fields = ["date", "carrier", "tracking_number", "note"]
        widgets = {"date": forms.DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class DeliveryLineForm(StyledForm):
    order_line = forms.IntegerField(widget=forms.HiddenInput)
    location = forms.ModelChoiceField(label=_("location"), queryset=Location.objects.none())
    lot = forms.ModelChoiceField(label=_("lot"), queryset=Lot.objects.none(), required=False)
    quantity = forms.DecimalField(label=_("quantity"), max_digits=14, decimal_places=3, min_value=0)

    def __init__(self, *args, warehouse=None, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        if warehouse is not None:
            self.fields["location"].queryset = Location.objects.filter(
                warehouse=warehouse, is_active=True, is_transit=False
            )
        if product is not None:
            self.fields["lot"].queryset = Lot.objects.filter(product=product)


class DeliveryFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("status"), choices=[("", _("All"))] + DeliveryStatus.choices)
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    lookups = {"date_from": "date__gte", "date_to": "date__lte"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


class PaymentForm(StyledForm):
    amount = forms.DecimalField(label=_("amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    date = forms.DateField(label=_("date"), widget=forms.DateInput())
    method = forms.ChoiceField(label=_("method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)


class CollectionFilterForm(FilterForm):
    overdue = forms.BooleanField(label=_("overdue only"))
    customer = forms.ModelChoiceField(label=_("customer"), queryset=Customer.objects.all())
    lookups = {"overdue": "is_overdue"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].widget.attrs["class"] = "form-select"
        self.fields["overdue"].widget.attrs["class"] = "form-check-input"


class ProspectFilterForm(FilterForm):
    follow_up_due = forms.BooleanField(label=_("follow-up due"))

    def filter_value(self, queryset, name, lookup, value):
        if name == "follow_up_due":
            return queryset.filter(visits__next_follow_up__lte=timezone.localdate()).distinct()
        return super().filter_value(queryset, name, lookup, value)


class RetailSaleForm(StyledForm):
    warehouse = forms.ModelChoiceField(
        label=_("warehouse"), queryset=Warehouse.objects.filter(is_active=True)
    )
    payment_method = forms.ChoiceField(label=_("payment method"), choices=PaymentMethod.choices)
    paid_amount = forms.DecimalField(label=_("paid"), max_digits=14, decimal_places=2, min_value=0)
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())
            self.initial.setdefault(
                "warehouse", Warehouse.objects.filter(is_active=True).order_by("code").first()
            )


class RetailReturnForm(StyledForm):
    refund_method = forms.ChoiceField(label=_("refund method"), choices=PaymentMethod.choices)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)
