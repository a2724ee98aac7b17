from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def document_link(move, links):
    """The move's document number, linked to the document when ``links`` (from the selector) knows it."""
    url = links.get((move.document_type, move.document_id))
    if url:
        return format_html('<a href="{}">{}</a>', url, move.document_number)
    return move.document_number


@register.filter
def cost(value):
    """A unit cost with 2 to 4 decimal places: 20.86, 20.8571 (costs are kept to 4 places)."""
    if value in (None, ""):
        return ""
    value = Decimal(value).quantize(Decimal("0.0001"))
    places = min(4, max(2, -value.normalize().as_tuple().exponent))
    return number_format(value, places, use_l10n=True, force_grouping=True)
