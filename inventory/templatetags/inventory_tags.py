from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def document_link(move, links):
    """The move's document number, linked to the document when ``links`` (from the selector) knows it."""
    url = links.get((move.document_type, move.document_id))
    if url:
        return format_html('<a href="{}">{}</a>', url, move.document_number)
    return move.document_number
