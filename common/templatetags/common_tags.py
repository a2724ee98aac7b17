from decimal import Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


def resolve(obj, attr):
    for part in attr.split("."):
        if obj is None:
            return None
        display = getattr(obj, f"get_{part}_display", None)
        obj = display() if callable(display) else getattr(obj, part, None)
        if callable(obj):
            obj = obj()
    return obj


@register.filter
def money(value):
    if value in (None, ""):
        return ""
    return number_format(Decimal(value).quantize(Decimal("0.01")), 2, use_l10n=True, force_grouping=True)


@register.filter
def quantity(value):
    """Quantities without trailing zeros: 12 pcs, 2.5 kg."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, min(places, 3), use_l10n=True, force_grouping=True)


@register.simple_tag
def cell(obj, column):
    value = resolve(obj, column.attr)
    if column.kind == "money":
        text = money(value)
    elif column.kind == "quantity":
        text = quantity(value)
    elif column.kind == "bool":
        text = _("Yes") if value else _("No")
    elif column.kind == "date":
        text = date_filter(value, "SHORT_DATE_FORMAT") if value else ""
    elif column.kind == "datetime":
        text = date_filter(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""
    else:
        text = "" if value is None else str(value)
    if column.link and hasattr(obj, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text)
    return text


@register.simple_tag
def sort_link(column, current, query):
    """Header link that sorts by the column, and reverses when it already sorts by it."""
    key = column.sort
    target = f"-{key}" if current == key else key
    arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    prefix = f"{query}&" if query else ""
    return format_html('<a href="?{}sort={}">{}{}</a>', prefix, target, capfirst(column.label), arrow)


@register.filter
def is_numeric(column):
    return column.kind in ("money", "quantity")
