"""Ids of 1,000 and more are written without a thousands separator wherever a page puts them in a link or
a form field: "1,018" in a form's field name or a link's query string breaks the form or the filter."""

import re
from pathlib import Path

from django.urls import reverse

from tests.factories import CustomerFactory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
AN_ID = re.compile(r"\{\{ *[a-z_.]*\.(?:pk|id) *\}\}")


def test_no_template_writes_an_id_with_the_thousands_separator():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match}"
        for path in TEMPLATES.rglob("*.html")
        for match in AN_ID.findall(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_customer_with_a_five_digit_id_links_to_its_orders(db, user_in_role, client_for):
    customer = CustomerFactory(pk=12345)
    page = client_for(user_in_role("sales_clerk")).get(reverse("sales:customer-detail", args=[customer.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "?customer=12345" in html
    assert "12,345" not in html
