"""Supplier screens, driven through the real views."""

import pytest
from django.urls import reverse

from suppliers.models import Supplier
from tests.factories import CategoryFactory, SupplierFactory
from tests.html import assert_error_beside

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(user_in_role, client_for):
    return client_for(user_in_role("purchasing_clerk"))


def supplier_data(**overrides):
    return {
        "code": "S-001",
        "name": "Shanghai Paper Co.",
        "contact_name": "Wang Fang",
        "phone": "021-5555 0101",
        "email": "sales@paper.example",
        "payment_terms": "net30",
        **overrides,
    }


def test_supplier_is_created_with_its_supply_scope(clerk):
    paper = CategoryFactory(name="Paper")

    response = clerk.post(reverse("suppliers:supplier-create"), supplier_data(supply_scope=[paper.pk]))

    supplier = Supplier.objects.get(code="S-001")
    assert response.status_code == 302
    assert response.url == supplier.get_absolute_url()
    assert list(supplier.supply_scope.all()) == [paper]
    page = clerk.get(supplier.get_absolute_url()).content.decode()
    assert "sales@paper.example" in page
    assert "Paper" in page


def test_malformed_email_is_refused_beside_the_field(clerk):
    response = clerk.post(reverse("suppliers:supplier-create"), supplier_data(email="sales@@paper"))

    assert_error_beside(response, "email", "Enter a valid email address.")
    assert not Supplier.objects.exists()


def test_overlong_name_is_refused_beside_the_field(clerk):
    response = clerk.post(reverse("suppliers:supplier-create"), supplier_data(name="纸" * 300))

    assert_error_beside(response, "name", "Ensure this value has at most 200 characters (it has 300).")
    assert not Supplier.objects.exists()


def test_duplicate_code_is_refused_beside_the_field(clerk):
    SupplierFactory(code="S-001")

    response = clerk.post(reverse("suppliers:supplier-create"), supplier_data())

    assert_error_beside(response, "code", "Supplier with this Code already exists.")
    assert Supplier.objects.count() == 1


def test_supplier_search_finds_by_contact_phone(clerk):
    SupplierFactory(code="S-001", phone="021-5555 0101")
    SupplierFactory(code="S-002", phone="010-6666 0202")

    html = clerk.get(reverse("suppliers:supplier-list"), {"q": "5555"}).content.decode()

    assert "S-001" in html
    assert "S-002" not in html


def test_contact_with_malformed_email_is_refused(clerk):
    supplier = SupplierFactory()

    response = clerk.post(
        reverse("suppliers:supplier-contact-add", args=[supplier.pk]), {"name": "Li Lei", "email": "li@"}
    )

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not supplier.contacts.exists()
