from django import forms
from django.utils.translation import gettext_lazy as _

from common.choices import PaymentTerms
from common.forms import StyledModelForm
from common.lists import ActiveFilterForm
from inventory.models import Category, Product
from suppliers.models import Supplier, SupplierContact, SupplierProduct


class SupplierForm(StyledModelForm):
    class Meta:
        model = Supplier
        fields = [
            "code",
            "name",
            "contact_name",
            "phone",
            "email",
            "address",
            "supply_scope",
            "payment_terms",
            "note",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "supply_scope": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supply_scope"].queryset = Category.objects.filter(is_active=True)


class SupplierContactForm(StyledModelForm):
    class Meta:
        model = SupplierContact
        fields = ["name", "role", "phone", "email"]


class SupplierFilterForm(ActiveFilterForm):
    category = forms.ModelChoiceField(label=_("supplies"), queryset=Category.objects.filter(is_active=True))
    payment_terms = forms.ChoiceField(
        label=_("payment terms"), choices=[("", _("All"))] + PaymentTerms.choices
    )
    lookups = {"category": "supply_scope"}


class SupplierProductForm(StyledModelForm):
    class Meta:
        model = SupplierProduct
        fields = [
            "supplier",
            "product",
            "supplier_sku",
            "unit_price",
            "lead_time_days",
            "minimum_order_quantity",
            "is_preferred",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(is_active=True)
        self.fields["product"].queryset = Product.objects.filter(is_active=True).select_related("unit")


class SupplierProductFilterForm(ActiveFilterForm):
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.all())
    is_preferred = forms.TypedChoiceField(
        label=_("preferred supplier"),
        choices=[("", _("All")), ("1", _("Yes")), ("0", _("No"))],
        coerce=lambda value: value == "1",
        empty_value=None,
    )
