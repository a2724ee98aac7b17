from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import StyledModelForm
from common.lists import ActiveFilterForm
from sales.choices import CustomerStage, CustomerType
from sales.models import Customer, CustomerContact


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
