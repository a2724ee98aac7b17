"""Forms of the customer's return pages (no login): find the order, pick the lines, rate the return."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm
from returns.forms import PhotosField
from returns.models import ReturnReason
from returns.services.common import quantity_text


class OrderLookupForm(StyledForm):
    number = forms.CharField(
        label=_("order or delivery number"),
        max_length=40,
        help_text=_("As printed on your order confirmation or delivery note, e.g. SO-202611-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    contact = forms.CharField(
        label=_("phone or e-mail"),
        max_length=120,
        help_text=_("The phone number or e-mail address you gave us with the order."),
    )


class CustomerLinesForm(StyledForm):
    """One row per returnable delivery line: quantity, reason, photos; then a note for the whole request."""

    note = forms.CharField(
        label=_("anything else we should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        reasons = ReturnReason.objects.filter(is_active=True)
        for line in self.lines:
            self.fields[f"quantity_{line.pk}"] = forms.DecimalField(
                label=_("quantity to return"),
                required=False,
                min_value=Decimal("0"),
                max_digits=14,
                decimal_places=3,
                widget=forms.NumberInput(attrs={"step": "any", "min": "0", "class": "form-control"}),
            )
            self.fields[f"reason_{line.pk}"] = forms.ModelChoiceField(
                label=_("reason"), queryset=reasons, required=False, empty_label=_("Choose a reason")
            )
            self.fields[f"photos_{line.pk}"] = PhotosField(label=_("photos"), required=False)
        # StyledForm styled the fields that existed when it ran; style the new ones too.
        for name, form_field in self.fields.items():
            if name.startswith("reason_"):
                form_field.widget.attrs["class"] = "form-select form-select-sm"
            elif name.startswith(("quantity_", "photos_")):
                form_field.widget.attrs["class"] = "form-control form-control-sm"

    def rows(self):
        """(delivery line, quantity field, reason field, photos field) for the template."""
        return [
            (line, self[f"quantity_{line.pk}"], self[f"reason_{line.pk}"], self[f"photos_{line.pk}"])
            for line in self.lines
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = 0
        for line in self.lines:
            quantity = cleaned.get(f"quantity_{line.pk}")
            if not quantity:
                continue
            chosen += 1
            if quantity > line.returnable:
                self.add_error(
                    f"quantity_{line.pk}",
                    _("At most %(available)s can be returned.")
                    % {"available": quantity_text(line.returnable)},
                )
            if not cleaned.get(f"reason_{line.pk}"):
                self.add_error(f"reason_{line.pk}", _("Choose a reason."))
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Enter how many of at least one product you send back."))
        return cleaned

    def chosen(self):
        """(delivery line, quantity, reason, photos) of the rows with a quantity."""
        return [
            (
                line,
                self.cleaned_data[f"quantity_{line.pk}"],
                self.cleaned_data[f"reason_{line.pk}"],
                self.cleaned_data.get(f"photos_{line.pk}") or [],
            )
            for line in self.lines
            if self.cleaned_data.get(f"quantity_{line.pk}")
        ]


class FeedbackForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("how satisfied are you with how we handled your return?"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
