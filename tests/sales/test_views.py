"""Customer screens, driven through the real views."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sales.models import Customer
from tests.factories import CustomerFactory
from tests.html import assert_error_beside

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(user_in_role, client_for):
    return client_for(user_in_role("sales_clerk"))


def customer_data(**overrides):
    return {
        "code": "C-001",
        "name": "Hangzhou Stationers",
        "customer_type": "wholesale",
        "stage": "customer",
        "email": "buyer@stationers.example",
        "credit_limit": "50000",
        "payment_terms": "net30",
        "language": "zh-hans",
        **overrides,
    }


def test_customer_is_created_through_the_form(clerk):
    response = clerk.post(reverse("sales:customer-create"), customer_data())

    customer = Customer.objects.get(code="C-001")
    assert response.status_code == 302
    assert response.url == customer.get_absolute_url()
    assert customer.credit_limit == Decimal("50000")
    assert "Hangzhou Stationers" in clerk.get(customer.get_absolute_url()).content.decode()


def test_malformed_email_is_refused_beside_the_field(clerk):
    response = clerk.post(reverse("sales:customer-create"), customer_data(email="buyer at stationers"))

    assert_error_beside(response, "email", "Enter a valid email address.")
    assert not Customer.objects.exists()


def test_negative_credit_limit_is_refused_beside_the_field(clerk):
    response = clerk.post(reverse("sales:customer-create"), customer_data(credit_limit="-100"))

    assert_error_beside(response, "credit_limit", "Ensure this value is greater than or equal to 0.")
    assert not Customer.objects.exists()


def test_overlong_name_is_refused_beside_the_field(clerk):
    response = clerk.post(reverse("sales:customer-create"), customer_data(name="x" * 300))

    assert_error_beside(response, "name", "Ensure this value has at most 200 characters (it has 300).")
    assert not Customer.objects.exists()


def test_customer_list_filters_prospects(clerk):
    CustomerFactory(code="C-001", stage="customer")
    CustomerFactory(code="C-002", stage="prospect")

    html = clerk.get(reverse("sales:customer-list"), {"stage": "prospect"}).content.decode()

    assert "C-002" in html
    assert "C-001" not in html


def test_customer_is_edited_and_deactivated(clerk):
    customer = CustomerFactory(code="C-001")

    clerk.post(reverse("sales:customer-edit", args=[customer.pk]), customer_data(name="Renamed Ltd"))
    clerk.post(reverse("sales:customer-activation", args=[customer.pk]))

    customer.refresh_from_db()
    assert customer.name == "Renamed Ltd"
    assert not customer.is_active
    assert "C-001" in clerk.get(reverse("sales:customer-list"), {"is_active": "0"}).content.decode()
