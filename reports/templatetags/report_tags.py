from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.text import capfirst

from common.templatetags.common_tags import money, quantity

register = template.Library()


@register.simple_tag
def report_value(column, value):
    """A prepared report value as the table shows it; the export writes the same value as a number."""
    if value is None:
        return ""
    if column.kind == "money":
        return money(value)
    if column.kind == "quantity":
        return quantity(value)
    if column.kind == "cost":
        return _cost(value)
    if column.kind in ("integer", "number"):
        return number_format(value, 0 if column.kind == "integer" else 2, force_grouping=True)
    if column.kind == "date":
        return date_filter(value, "SHORT_DATE_FORMAT")
    if column.kind == "datetime":
        return date_filter(value, "SHORT_DATETIME_FORMAT")
    return value


def _cost(value):
    """Unit costs with at least 2 and at most 4 decimals: 5.20, 4.7941."""
    places = max(2, min(4, -value.normalize().as_tuple().exponent))
    return number_format(value, places, force_grouping=True)


@register.simple_tag
def report_sort_link(column, current, query):
    """A column heading that sorts by the column, and the other way round when it already does."""
    if not column.sortable:
        return capfirst(column.label)
    target = f"-{column.key}" if current == column.key else column.key
    arrow = " ▲" if current == column.key else " ▼" if current == f"-{column.key}" else ""
    prefix = f"{query}&" if query else ""
    return format_html('<a href="?{}sort={}">{}{}</a>', prefix, target, capfirst(column.label), arrow)
