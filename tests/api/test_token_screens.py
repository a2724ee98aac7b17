"""The administrators' token screens: create (the key shown once, only its hash kept), list, revoke after
a confirmation; nobody else may open them."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import ApiToken
from api.scopes import Scope
from api.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for, admin):
    return client_for(admin)


def test_administrator_creates_a_token_and_sees_its_key_once(admin_client, admin):
    shop_user = UserFactory(username="web-shop", role="sales_clerk")

    response = admin_client.post(
        reverse("api:token-create"),
        {"name": "Web shop", "user": shop_user.pk, "scopes": [Scope.ORDERS_READ, Scope.ORDERS_WRITE]},
    )

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    key = re.search(r'id="api-key"[^>]*>([^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert (token.name, token.user, token.created_by) == ("Web shop", shop_user, admin)
    assert token.scopes == ["orders:read", "orders:write"]
    assert key not in token.key_hash
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/customers/").status_code == 200
    listing = admin_client.get(reverse("api:token-list")).content.decode()
    assert "Web shop" in listing
    assert key not in listing  # never shown again


def test_a_token_needs_a_name_a_user_and_a_scope(admin_client):
    response = admin_client.post(reverse("api:token-create"), {"name": "", "scopes": ["no-such-scope"]})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "user", "scopes"}
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_and_then_refuses_the_key(admin_client, admin):
    user = UserFactory(username="carrier", role="warehouse_keeper")
    token, key = api_token_create(name="Carrier", scopes=[Scope.STOCK_READ], user=user, by=admin)
    url = reverse("api:token-revoke", args=[token.pk])

    question = admin_client.get(url)
    assert "Revoke the API token Carrier" in question.content.decode()
    assert ApiToken.objects.get().revoked_at is None

    response = admin_client.post(url)

    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert (token.revoked_by, token.revoked_at is not None) == (admin, True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/products/").status_code == 401
    assert (
        admin_client.get(reverse("api:token-list"), {"state": "revoked"}).context["object_list"][0] == token
    )
    assert list(admin_client.get(reverse("api:token-list"), {"state": "active"}).context["object_list"]) == []


@pytest.mark.parametrize("role", ["approver", "sales_clerk", "accountant", None])
def test_only_administrators_may_open_the_token_screens(client_for, admin, role):
    client = client_for(UserFactory(username=f"someone-{role}", role=role))
    token, _key = api_token_create(name="Shop", scopes=[Scope.STOCK_READ], user=admin, by=admin)

    assert client.get(reverse("api:token-list")).status_code == 403
    assert client.get(reverse("api:token-create")).status_code == 403
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 403
    assert ApiToken.objects.get().revoked_at is None


def test_the_documentation_page_loads_its_scripts_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))
    script = client.get(reverse("api:docs") + "?script=")

    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in html
    assert "<script>" not in html  # the Content-Security-Policy allows no inline script
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
