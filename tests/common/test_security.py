"""Segregation of duties, the audit trail, login throttling, security headers and production checks."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, get_resolver, reverse

from common import approvals
from common.approvals import approval_decide, approval_key, pending_approvals
from common.exceptions import DomainError
from inventory.models import OpeningStock, Product, Stocktake
from purchasing.models import PurchaseOrder, PurchaseReturn
from returns.models import Refund, ReturnRequest
from sales.models import SalesOrder
from tests.factories import ProductFactory, UserFactory

# The state in which each registered document type waits for a decision.
PENDING = {
    "purchasing.purchaseorder": (PurchaseOrder, "submitted"),
    "purchasing.purchasereturn": (PurchaseReturn, "submitted"),
    "sales.salesorder": (SalesOrder, "submitted"),
    "inventory.stocktake": (Stocktake, "submitted"),
    "inventory.openingstock": (OpeningStock, "draft"),
    "returns.returnrequest": (ReturnRequest, "submitted"),
    "returns.refund": (Refund, "pending"),
}


def status_of(document) -> str:
    return type(document).objects.values_list("status", flat=True).get(pk=document.pk)


def test_every_registered_document_type_is_covered_here():
    assert set(approvals._deciders) == set(PENDING)


@pytest.fixture
def waiting(objects):
    """One document of every registered type, waiting for a decision, created by ``creator``."""
    documents = {}
    for document_type, (model, status) in PENDING.items():
        document = objects[model]
        model.objects.filter(pk=document.pk).update(status=status)
        documents[document_type] = model.objects.get(pk=document.pk)
    return documents


@pytest.mark.parametrize("document_type", list(PENDING))
@pytest.mark.parametrize("approve", [True, False], ids=["approve", "reject"])
def test_nobody_decides_a_document_they_created(document_type, approve, waiting):
    document = waiting[document_type]
    creator = document.created_by
    creator.is_superuser = True  # holds every permission, so only the own-document rule can refuse
    creator.save()

    # A refund follows the inspection and is never rejected; its approval has its own wording.
    refused = "Nobody (approves|decides)" if approve or document_type != "returns.refund" else ""
    with pytest.raises(DomainError, match=refused):
        approval_decide(key=approval_key(document), by=creator, approve=approve, reason="no")

    assert approval_key(document) not in {item.key for item in pending_approvals(creator)}
    assert status_of(document) == PENDING[document_type][1]


@pytest.mark.parametrize("document_type", list(PENDING))
@pytest.mark.parametrize(
    "role", [None, "purchasing_clerk", "sales_clerk", "warehouse_keeper", "approver", "accountant"]
)
def test_decide_is_refused_without_the_permission_and_the_inbox_offers_nothing_undecidable(
    document_type, role, waiting, clients
):
    document = waiting[document_type]
    user = clients.user(role)
    decider = approvals._deciders[document_type]
    offered = {item.key for item in pending_approvals(user)}

    if not user.has_perm(decider.permission):
        assert approval_key(document) not in offered
        with pytest.raises(DomainError, match="not allowed to decide"):
            approval_decide(key=approval_key(document), by=user, approve=True)
        response = clients[role].post(reverse("common:approvals"), {"approve_one": approval_key(document)})
        assert status_of(document) == PENDING[document_type][1], response.status_code
    for key in offered:
        assert user.has_perm(approvals._deciders[key.partition(":")[0]].permission), key


def test_refunds_are_approved_by_the_accountant_only(waiting, clients):
    refund = waiting["returns.refund"]
    for role in ["purchasing_clerk", "sales_clerk", "warehouse_keeper", "approver"]:
        with pytest.raises(DomainError, match="not allowed to decide"):
            approval_decide(key=approval_key(refund), by=clients.user(role), approve=True)

    approval_decide(key=approval_key(refund), by=clients.user("accountant"), approve=True)

    assert status_of(refund) == "approved"


# --- audit trail ---


def test_a_change_is_recorded_with_user_and_before_and_after(clients, db):
    product = ProductFactory(name="Stapler")
    clerk = clients["purchasing_clerk"]
    data = {
        "sku": product.sku,
        "name": "Heavy stapler",
        "category": product.category_id,
        "unit": product.unit_id,
        "purchase_price": "1",
        "sale_price": "2",
        "wholesale_price": "1.5",
        "safety_stock": "0",
        "reorder_quantity": "0",
    }

    response = clerk.post(reverse("inventory:product-edit", args=[product.pk]), data)

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(product).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == clients.user("purchasing_clerk")
    assert entry.changes_dict["name"] == ["Stapler", "Heavy stapler"]
    assert entry.timestamp is not None


def test_the_audit_page_filters_and_is_for_managers(clients, db):
    ProductFactory(name="Glue <b>stick</b>")
    product = Product.objects.get(name__startswith="Glue")
    url = reverse("common:audit-log")

    page = clients["approver"].get(url, {"document": "Glue", "date_from": "2000-01-01"})

    assert page.status_code == 200
    html = page.content.decode()
    assert f"#{product.pk}" in html
    assert "Glue &lt;b&gt;stick&lt;/b&gt;" in html
    assert clients["approver"].get(url, {"document": "no such thing"}).content.decode().count(
        "#"
    ) == html.count("#") - html.count(f"#{product.pk}")
    assert clients["sales_clerk"].get(url).status_code == 403


def test_audit_rows_cannot_be_changed_or_deleted_in_the_app(db, clients):
    ProductFactory()
    entry = LogEntry.objects.first()
    model_admin = admin.site._registry[LogEntry]
    request = RequestFactory().get("/admin/auditlog/logentry/")
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    # No URL of the app edits or deletes audit rows: every route naming the audit trail only lists it.
    names = [p.name for p in get_resolver().url_patterns if getattr(p, "name", None)]
    assert not [n for n in names if "audit" in n and n != "audit-log"]
    for action in ("change", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"common:audit-{action}", args=[entry.pk])
    assert clients["approver"].post(reverse("common:audit-log")).status_code == 405


# --- login throttling ---


def test_five_failed_sign_ins_lock_the_account_with_a_clear_message(db):
    UserFactory(username="clerk")
    client = Client()
    url = reverse("login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "clerk", "password": "wrong"})
        assert response.status_code == 200

    locked = client.post(url, {"username": "clerk", "password": "wrong"})
    again = client.post(url, {"username": "clerk", "password": "pw-Secret-123"})

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert Client().post(url, {"username": "other", "password": "x"}).status_code == 200


def test_a_good_sign_in_works_and_resets_the_count(db):
    UserFactory(username="clerk")
    client = Client()
    url = reverse("login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "clerk", "password": "wrong"})

    assert client.post(url, {"username": "clerk", "password": "pw-Secret-123"}).status_code == 302
    assert Client().login(username="clerk", password="pw-Secret-123")  # without a request: not throttled


def test_passwords_are_validated():
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"} <= names


# --- headers and pages ---

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=[\"']", re.I)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)(\s[^>]*)?>", re.I)


def test_pages_carry_the_policy_and_no_inline_handlers(objects, clients):
    client = clients["administrator"]
    pages = [
        reverse("dashboard"),
        reverse("common:approvals"),
        objects[SalesOrder].get_absolute_url(),
        objects[OpeningStock].get_absolute_url(),
        reverse("sales:order-create"),
        reverse("sales:retail-counter"),
        reverse("purchasing:order-create"),
        reverse("returns:request-create"),
        reverse("login"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        html = response.content.decode()
        assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html).group(0))
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        for tag, attributes in SCRIPT_OR_STYLE.findall(html):
            attributes = attributes or ""
            data_only = 'type="application/json"' in attributes  # data for a script, never run
            assert "src=" in attributes or data_only or f'nonce="{nonce}"' in attributes, (url, tag)
        assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_an_inline_event_handler():
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    offenders = [str(path) for path in templates if INLINE_HANDLER.search(path.read_text())]
    assert not offenders


def test_check_deploy_with_production_settings_reports_nothing():
    environment = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.com",
    }
    environment.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # set by the browser tests' tooling, never in production

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
