"""Reading what a user sees on a rendered page."""

from django.utils.html import escape


def field_block(html: str, field: str) -> str:
    """The part of a form page that belongs to one field: its widget and what follows it, up to the next
    field."""
    start = html.index(f'id="id_{field}"')
    end = html.find('<div class="mb-3">', start)
    return html[start : end if end != -1 else len(html)]


def assert_error_beside(response, field: str, message: str):
    """The message is shown as an error directly under the field, not somewhere else on the page."""
    block = field_block(response.content.decode(), field)
    where = f"beside {field!r}; the field's part of the page is:\n{block}"
    assert 'class="invalid-feedback' in block, f"no error {where}"
    assert escape(message) in block, f"no error {message!r} {where}"
