"""API keys: only a valid, unrevoked key of an active user gets in; no session, no CSRF; one error shape
for every refusal; a rate limit per token."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from api.models import ApiToken
from api.scopes import Scope
from api.services import api_token_revoke
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db


def test_no_key_is_401_with_the_bearer_challenge():
    response = APIClient().get("/api/v1/products/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert error_of(response)["code"] == "not_authenticated"


def test_a_wrong_key_is_refused(api):
    api("warehouse_keeper", Scope.STOCK_READ)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer jx_not-a-real-key")

    response = client.get("/api/v1/products/")

    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_a_revoked_key_is_refused_from_the_moment_it_is_revoked(api, admin):
    client = api("warehouse_keeper", Scope.STOCK_READ)
    assert client.get("/api/v1/products/").status_code == 200

    api_token_revoke(token=client.token, by=admin)
    response = client.get("/api/v1/products/")

    assert response.status_code == 401
    assert "revoked" in error_of(response)["message"]


def test_the_key_of_a_deactivated_user_is_refused(api):
    client = api("warehouse_keeper", Scope.STOCK_READ)
    client.user.is_active = False
    client.user.save()

    assert client.get("/api/v1/products/").status_code == 401


def test_only_a_hash_of_the_key_is_stored_and_the_last_use_is_recorded(api):
    client = api("warehouse_keeper", Scope.STOCK_READ)

    client.get("/api/v1/products/")

    token = ApiToken.objects.get(pk=client.token.pk)
    assert client.key not in (token.key_hash, token.prefix)
    assert not ApiToken.objects.filter(key_hash__contains=client.key[3:]).exists()
    assert token.last_used_at is not None


def test_a_signed_in_browser_session_is_not_an_api_key(admin):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)

    response = browser.get("/api/v1/products/")

    assert response.status_code == 401


def test_posting_with_a_key_needs_no_csrf_token(api, customer):
    client = api("sales_clerk", Scope.ORDERS_WRITE)
    client.handler.enforce_csrf_checks = True

    response = client.post(
        "/api/v1/customers/", {"code": "C-NEW", "name": "Li Ming", "customer_type": "retail"}, format="json"
    )

    assert response.status_code == 201


def test_unknown_path_wrong_method_and_bad_json_answer_in_the_error_shape(api):
    client = api("warehouse_keeper", Scope.STOCK_READ)

    unknown = client.get("/api/v1/nothing-here/")
    wrong_method = client.delete("/api/v1/products/")
    bad_json = api("sales_clerk", Scope.ORDERS_WRITE).post(
        "/api/v1/customers/", "{not json", content_type="application/json"
    )
    not_json = api("sales_clerk", Scope.ORDERS_WRITE).post(
        "/api/v1/customers/", "code=1", content_type="application/x-www-form-urlencoded"
    )

    assert (unknown.status_code, error_of(unknown)["code"]) == (404, "not_found")
    assert (wrong_method.status_code, error_of(wrong_method)["code"]) == (405, "method_not_allowed")
    assert (bad_json.status_code, error_of(bad_json)["code"]) == (400, "parse_error")
    assert (not_json.status_code, error_of(not_json)["code"]) == (415, "unsupported_media_type")


def test_each_token_has_its_own_rate_limit(api):
    limited = api("warehouse_keeper", Scope.STOCK_READ, rate_limit=3, username="limited")
    other = api("warehouse_keeper", Scope.STOCK_READ, username="other")

    answers = [limited.get("/api/v1/products/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    refused = limited.get("/api/v1/products/")
    assert error_of(refused)["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert other.get("/api/v1/products/").status_code == 200


def test_error_messages_follow_accept_language_while_codes_stay():
    english = APIClient().get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="en")
    chinese = APIClient().get("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert error_of(english)["code"] == error_of(chinese)["code"] == "not_authenticated"
    assert "credentials were not provided" in error_of(english)["message"]
    assert "身份认证信息未提供" in error_of(chinese)["message"]
