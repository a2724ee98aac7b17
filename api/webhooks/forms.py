from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from common.forms import StyledForm
from common.lists import ActiveFilterForm
from common.notifications.choices import WebhookEvent


class WebAddressField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": _("Enter an address starting with https:// or http://.")}


class SubscriptionForm(StyledForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Who receives it, e.g. the web shop.")
    )
    target_url = WebAddressField(
        label=_("Target URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Receives an HTTP POST with a JSON body for every event; answer with a 2xx status."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].widget.attrs["class"] = "form-check-input"
        if editing:
            self.fields["new_secret"] = forms.BooleanField(
                label=_("Generate a new signing secret"),
                required=False,
                help_text=_("The receiver must then check signatures with the new secret."),
            )
            self.fields["new_secret"].widget.attrs["class"] = "form-check-input"


class SubscriptionFilterForm(ActiveFilterForm):
    event = forms.ChoiceField(label=_("Event"), choices=[("", _("All")), *WebhookEvent.choices])

    def filter_value(self, queryset, name, lookup, value):
        if name == "event":
            # The quoted name matches the list element on PostgreSQL and SQLite alike.
            return queryset.filter(events__icontains=f'"{value}"')
        return super().filter_value(queryset, name, lookup, value)


class DeliveryFilterForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All")), ("ok", _("Succeeded")), ("failed", _("Failed"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        outcome = self.cleaned_data.get("outcome")
        if outcome:
            queryset = queryset.filter(succeeded=outcome == "ok")
        return queryset
