"""Lists with search, filters, sorting and pagination, declared in a few lines per model."""

import math
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django import forms
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from common.forms import StyledFormMixin


@dataclass(frozen=True)
class Column:
    label: str
    attr: str
    sort: str | None = None  # ordering expression; None when the column is not sortable
    link: bool = False  # link the cell to the row's detail page
    kind: str = "text"  # text | money | quantity | bool | date | datetime


SEARCH_CHOICE_FIELDS = ("sku", "code", "number", "username", "barcode", "name")
CHOICE_LIMIT = 200


class SearchChoiceField(forms.ModelChoiceField):
    """One of thousands of rows (a product, a customer) typed as its code, SKU or name instead of picked
    from a list holding every row, which would make the page as large and as slow as the table.

    Digits alone are taken as the row's id (links from other pages filter by id); otherwise the text
    must match one row: exactly by code, SKU, number or name first, else as a part of exactly one of them.
    """

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "search", "placeholder": _("code or name"), "class": "form-control"}
            ),
        )
        super().__init__(queryset, **kwargs)

    def _search_fields(self):
        names = {field.name for field in self.queryset.model._meta.get_fields()}
        return [name for name in SEARCH_CHOICE_FIELDS if name in names]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        text = str(value).strip()
        if text.isdigit() and (found := self.queryset.filter(pk=int(text)).first()):
            return found
        fields = self._search_fields()
        exact = reduce(or_, (Q(**{f"{name}__iexact": text}) for name in fields), Q(pk__in=[]))
        matches = list(self.queryset.filter(exact)[:2])
        if not matches:
            part = reduce(or_, (Q(**{f"{name}__icontains": text}) for name in fields), Q(pk__in=[]))
            matches = list(self.queryset.filter(part)[:2])
        meta = self.queryset.model._meta
        if not matches:
            raise forms.ValidationError(
                _("No %(model)s matches “%(text)s”.") % {"model": meta.verbose_name, "text": text},
                code="invalid_choice",
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Several %(models)s match “%(text)s”: type more of the code or the name.")
                % {"models": meta.verbose_name_plural, "text": text},
                code="invalid_choice",
            )
        return matches[0]

    def prepare_value(self, value):
        """Show the row's code (or name) in the box, not its id."""
        if isinstance(value, str) and value.strip().isdigit():
            value = self.queryset.filter(pk=int(value)).first() or value
        if isinstance(value, self.queryset.model):
            for name in self._search_fields():
                if text := getattr(value, name, ""):
                    return text
            return str(value)
        return value


def large_choices_searchable(form, limit: int | None = None) -> None:
    """Turn every plain model choice of ``form`` over more than ``limit`` rows into a ``SearchChoiceField``
    (one bounded query per choice field to find out)."""
    limit = CHOICE_LIMIT if limit is None else limit
    for name, field in list(form.fields.items()):
        if type(field) is not forms.ModelChoiceField:
            continue  # tree pickers and other special choices keep their own widget
        if field.queryset[: limit + 1].count() <= limit:
            continue
        form.fields[name] = SearchChoiceField(
            field.queryset, label=field.label, required=field.required, help_text=field.help_text
        )


class FilterForm(StyledFormMixin, forms.Form):
    """A GET form whose non-empty fields become queryset filters through ``lookups``."""

    lookups: dict[str, str] = {}

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        large_choices_searchable(self)
        for field in self.fields.values():
            field.required = False

    def apply(self, queryset):
        """Filter by every field that is valid; a field that is not (see ``errors``) filters nothing."""
        self.is_valid()
        for name, value in getattr(self, "cleaned_data", {}).items():
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


class ListPage(Page):
    """A page that knows whether a next one exists from the extra row it read, not from a count."""

    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def next_page_number(self):
        if not self._has_next:
            raise EmptyPage(_("That page contains no results"))
        return self.number + 1

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class ListPaginator(Paginator):
    """Pages of a list that never count every row, so a table of millions pages as fast as a short one.

    A page is read with one row more than it shows: that row tells whether a next page exists. Rows that
    carry their own total (``count_from``, a window count of grouped rows) need no count at all. Otherwise
    the total is counted only up to ``count_limit`` rows (``COUNT`` over a ``LIMIT``-ed subquery); beyond
    that the list says "more than 10,000 rows" and offers previous and next pages but no last page. On
    the last page the total is known from the rows themselves and no count is run at all.
    """

    count_limit = 10_000

    def __init__(
        self, object_list, per_page, orphans=0, allow_empty_first_page=True, count_limit=None, count_from=None
    ):
        super().__init__(object_list, per_page, 0, allow_empty_first_page)
        if count_limit is not None:
            self.count_limit = count_limit
        self.count_from = count_from  # a window count (COUNT(*) OVER ()) every row of the page carries
        self._capped = False

    @cached_property
    def count(self):
        rows = self.object_list
        if isinstance(rows, QuerySet):
            # Which rows there are does not depend on their order or on the annotations shown per row:
            # count the ids only, so no sort and no per-row subquery runs for the count. Grouped rows (a
            # report's) are counted as groups.
            rows = rows.order_by() if rows.query.group_by is not None else rows.order_by().values("pk")
        head = rows[: self.count_limit + 1]
        counted = head.count() if isinstance(head, QuerySet) else len(head)
        self._capped = counted > self.count_limit
        return min(counted, self.count_limit)

    def count_known(self, count: int) -> None:
        """The exact number of rows, when a query the page runs anyway (its totals) has counted them."""
        self.__dict__["count"] = count
        self._capped = False

    @property
    def count_capped(self) -> bool:
        """True when there are more rows than ``count_limit``: the total is then not shown."""
        return self.count is not None and self._capped

    @property
    def num_pages(self):
        """The number of pages, or None when there are more rows than the list counts."""
        count = self.count
        if self._capped:
            return None
        if count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(count / self.per_page))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(_("That page number is not an integer")) from exc
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        has_next = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if self.count_from and rows:
            self.count_known(rows[0][self.count_from])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        if not has_next and "count" not in self.__dict__:
            self.__dict__["count"] = bottom + len(rows)  # the last page: the total is known exactly
        return ListPage(rows, number, self, has_next)

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(1)
