"""Lists with search, filters, sorting and pagination, declared in a few lines per model."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import StyledFormMixin


@dataclass(frozen=True)
class Column:
    label: str
    attr: str
    sort: str | None = None  # ordering expression; None when the column is not sortable
    link: bool = False  # link the cell to the row's detail page
    kind: str = "text"  # text | money | quantity | bool | date | datetime


class FilterForm(StyledFormMixin, forms.Form):
    """A GET form whose non-empty fields become queryset filters through ``lookups``."""

    lookups: dict[str, str] = {}

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.required = False

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            lookup = self.lookups.get(name, name)
            queryset = self.filter_value(queryset, name, lookup, value)
        return queryset

    def filter_value(self, queryset, name, lookup, value):
        return queryset.filter(**{lookup: value})


class ActiveFilterForm(FilterForm):
    is_active = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Inactive"))],
        coerce=lambda v: v == "1",
        empty_value=None,
    )


def search_queryset(queryset, fields, text):
    """Every word of ``text`` must match one of ``fields`` (case-insensitive contains)."""
    for word in text.split():
        queryset = queryset.filter(reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)))
    return queryset
