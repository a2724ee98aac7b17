from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from api.scopes import Scope
from common.forms import StyledForm
from common.lists import FilterForm


class TokenForm(StyledForm):
    name = forms.CharField(
        label=_("name"), max_length=100, help_text=_("The integration, e.g. the web shop or a carrier.")
    )
    user = forms.ModelChoiceField(
        label=_("acts as"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        help_text=_("Every call is allowed only what this user may do on the screens."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    rate_limit = forms.IntegerField(
        label=_("requests per minute"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Empty: the default limit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].widget.attrs["class"] = "form-check-input"


class TokenFilterForm(FilterForm):
    state = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), ("active", _("Active")), ("revoked", _("Revoked"))]
    )

    def filter_value(self, queryset, name, lookup, value):
        return queryset.filter(revoked_at__isnull=value == "active")
