from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm
from common.lists import FilterForm
from finance.choices import DOCUMENT_TYPE_LABELS, InvoiceDirection, PaymentKind, PaymentMethod
from finance.selectors import DocumentRef
from finance.services import AllocationSpec

MONEY = {"max_digits": 14, "decimal_places": 2}


class PartnerChoiceForm(StyledForm):
    partner = forms.ModelChoiceField(label=_("partner"), queryset=None)

    def __init__(self, *args, queryset, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = queryset
        self.fields["partner"].label = label


class AllocationFieldsMixin:
    """One amount field per open document (``alloc_<n>``); ``allocations()`` turns the filled ones into
    ``AllocationSpec`` rows for the service, which checks them against what is open under lock."""

    def add_allocation_fields(self, documents):
        self.open_documents = list(documents)
        for index, row in enumerate(self.open_documents):
            row["type_label"] = DOCUMENT_TYPE_LABELS.get(row["document_type"], row["document_type"])
            label = _("%(type)s %(number)s of %(date)s, %(open)s open") % {
                "type": DOCUMENT_TYPE_LABELS.get(row["document_type"], row["document_type"]),
                "number": row["document_number"],
                "date": row["date"],
                "open": row["open"],
            }
            self.fields[f"alloc_{index}"] = forms.DecimalField(
                label=label, required=False, min_value=Decimal("0.01"), **MONEY
            )

    def allocation_rows(self):
        return [(row, self[f"alloc_{index}"]) for index, row in enumerate(self.open_documents)]

    def allocations(self) -> list[AllocationSpec]:
        specs = []
        for index, row in enumerate(self.open_documents):
            amount = self.cleaned_data.get(f"alloc_{index}")
            if amount:
                specs.append(
                    AllocationSpec(
                        DocumentRef(row["document_type"], row["document_id"], row["document_number"]), amount
                    )
                )
        return specs

    def allocation_field_names(self):
        return {f"alloc_{index}" for index in range(len(self.open_documents))}


class PaymentForm(AllocationFieldsMixin, StyledForm):
    date = forms.DateField(
        label=_("date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(label=_("method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)
    amount = forms.DecimalField(label=_("amount"), min_value=Decimal("0.01"), **MONEY)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_allocation_fields(documents)


class AllocateForm(AllocationFieldsMixin, StyledForm):
    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_allocation_fields(documents)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.allocation_field_names()):
            raise forms.ValidationError(_("Enter an amount for at least one document."))
        return cleaned


class StyledFilterForm(FilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )


class PaymentFilterForm(StyledFilterForm):
    kind = forms.ChoiceField(label=_("kind"), choices=[("", _("All kinds")), *PaymentKind.choices])
    method = forms.ChoiceField(label=_("method"), choices=[("", _("All methods")), *PaymentMethod.choices])
    date_from = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    lookups = {"date_from": "date__gte", "date_to": "date__lte"}


class InvoiceForm(StyledForm):
    direction = forms.ChoiceField(label=_("direction"), choices=InvoiceDirection.choices)
    order_number = forms.CharField(label=_("order number"), max_length=32, help_text=_("e.g. SO-202611-0001"))
    number = forms.CharField(label=_("invoice number"), max_length=50)
    date = forms.DateField(
        label=_("date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(label=_("amount"), **MONEY)
    tax_amount = forms.DecimalField(label=_("tax amount"), required=False, **MONEY)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
    contract = forms.FileField(
        label=_("contract"), required=False, help_text=_("A PDF file or an image, at most 10 MB.")
    )


class InvoiceFilterForm(StyledFilterForm):
    direction = forms.ChoiceField(
        label=_("direction"), choices=[("", _("Issued and received")), *InvoiceDirection.choices]
    )
