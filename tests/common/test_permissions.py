"""The permission matrix, walked over every URL the project serves, against one declared table.

Every URL outside ``admin/`` is declared in ``PERMISSIONS``: public, login-only, owner-only, or the
permission(s) of a staff page; an undeclared URL fails with "declare <name> in PERMISSIONS". For a staff
page: an anonymous visitor is sent to the login page; the view must check exactly the declared permission,
read from the view itself while the administrator opens it; every role and a user without any role get
the page when their role holds it and 403 when it does not, for a GET and (refused) for a POST, and
nothing changes in the database. Which role holds which permission comes from ``common.roles.ROLES`` (and
each group is checked against it); list, detail, create and edit pages must check the view/add/change
permission of their own model. A new URL whose ``<pk>`` this module cannot fill fails with a message
saying what to declare.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from api.models import ApiToken
from api.services import api_token_create
from api.webhooks.models import WebhookDelivery, WebhookSubscription
from common.context_processors import NAVIGATION
from common.notifications.models import Notification
from common.roles import GROUP_NAMES, ROLES
from finance.models import Invoice, Payment
from inventory.models import (
    Category,
    Location,
    Lot,
    LowStockAlert,
    OpeningStock,
    OpeningStockLine,
    Product,
    Stocktake,
    Transfer,
    TransferLine,
    Unit,
    Warehouse,
    WarehouseSafetyStock,
)
from purchasing.models import GoodsReceipt, PurchaseOrder, PurchaseReturn
from reports.models import ImportJob
from returns.models import Refund, ReturnLine, ReturnPhoto, ReturnPolicy, ReturnReason, ReturnRequest
from sales.models import Customer, CustomerContact, Delivery, RetailReturn, SalesOrder
from suppliers.models import Supplier, SupplierContact, SupplierProduct
from tests.factories import (
    CategoryFactory,
    CustomerFactory,
    LocationFactory,
    LotFactory,
    OpeningStockFactory,
    OpeningStockLineFactory,
    ProductFactory,
    PurchaseOrderFactory,
    PurchaseReturnFactory,
    SupplierFactory,
    UnitFactory,
    UserFactory,
    WarehouseFactory,
)
from tests.ledger import post

# The declared table: for every URL name of the project (outside admin/), who may open it.
#   PUBLIC  open to everybody by design: signing in and out, resetting a forgotten password, choosing a
#           language, the load balancer's health check, and the customer's return pages (/r/, progress by
#           random token);
#   LOGIN   any signed-in user, whatever their role: pages that show only what the user may see (start
#           page, report and import index, approval inbox), their own messages, their own password;
#   OWNER   a file somebody uploaded is theirs alone: anybody else gets 404, so its number tells nothing;
#   "app.perm" or ("app.perm", ...)  the permission(s) a role must hold (all of them);
#   AnyOf(...)  views that decide in their own ``has_permission``: any one of these lets a user in;
#   TOKEN   the integration API (/api/v1/): an API key with its scope, never a session; anonymous and
#           signed-in browsers alike get 401 (tests/api check scopes and permissions per resource).
# A staff view must check exactly what is declared here (read from the view while the administrator
# opens it); which role holds what comes from common.roles.ROLES. A new URL fails until declared.
PUBLIC, LOGIN, OWNER, TOKEN = "public", "login", "owner", "token"


class AnyOf(frozenset):
    def __new__(cls, *permissions):
        return super().__new__(cls, permissions)


PERMISSIONS = {
    # project
    "dashboard": LOGIN,
    "health": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    "password_change": LOGIN,
    "password_change_done": LOGIN,
    "password_reset": PUBLIC,
    "password_reset_complete": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_done": PUBLIC,
    "set_language": PUBLIC,
    # api: the token screens, the schema and its documentation page; /api/v1/ itself takes API keys
    "api:docs": PUBLIC,
    "api:schema": PUBLIC,
    "api:not-found": PUBLIC,
    "api:token-create": "api.add_apitoken",
    "api:token-list": "api.view_apitoken",
    "api:token-revoke": "api.revoke_apitoken",
    "api:customer-detail": TOKEN,
    "api:customer-list": TOKEN,
    "api:delivery-tracking": TOKEN,
    "api:product-detail": TOKEN,
    "api:product-list": TOKEN,
    "api:purchase-order-detail": TOKEN,
    "api:purchase-order-list": TOKEN,
    "api:report-detail": TOKEN,
    "api:report-list": TOKEN,
    "api:return-request-detail": TOKEN,
    "api:return-request-list": TOKEN,
    "api:return-request-tracking": TOKEN,
    "api:sales-order-detail": TOKEN,
    "api:sales-order-list": TOKEN,
    "api:stock-list": TOKEN,
    "api:supplier-detail": TOKEN,
    "api:supplier-list": TOKEN,
    # common
    "common:approvals": LOGIN,
    "common:audit-log": "auditlog.view_logentry",
    # finance
    "finance:customer-receipt-create": "finance.add_payment",
    "finance:customer-refund-create": "finance.add_payment",
    "finance:invoice-contract-detail": "finance.view_invoice",
    "finance:invoice-create": "finance.add_invoice",
    "finance:invoice-detail": "finance.view_invoice",
    "finance:invoice-list": "finance.view_invoice",
    "finance:payment-allocate": "finance.allocate_payment",
    "finance:payment-detail": "finance.view_payment",
    "finance:payment-list": "finance.view_payment",
    "finance:supplier-payment-create": "finance.add_payment",
    "finance:supplier-refund-create": "finance.add_payment",
    # imports
    "imports:categories": ("inventory.add_category", "inventory.change_category"),
    "imports:confirm": OWNER,
    "imports:customers": ("sales.add_customer", "sales.change_customer"),
    "imports:index": LOGIN,
    "imports:job": OWNER,
    "imports:opening-stock": ("inventory.add_openingstock", "inventory.change_openingstock"),
    "imports:prices": "inventory.change_product",
    "imports:products": ("inventory.add_product", "inventory.change_product"),
    "imports:suppliers": ("suppliers.add_supplier", "suppliers.change_supplier"),
    "imports:template": ("inventory.add_product", "inventory.change_product"),
    # inventory
    "inventory:alert-acknowledge": "inventory.change_lowstockalert",
    "inventory:alert-list": "inventory.view_lowstockalert",
    "inventory:category-activation": "inventory.change_category",
    "inventory:category-create": "inventory.add_category",
    "inventory:category-detail": "inventory.view_category",
    "inventory:category-edit": "inventory.change_category",
    "inventory:category-list": "inventory.view_category",
    "inventory:location-activation": "inventory.change_location",
    "inventory:location-create": "inventory.add_location",
    "inventory:location-detail": "inventory.view_location",
    "inventory:location-edit": "inventory.change_location",
    "inventory:location-list": "inventory.view_location",
    "inventory:lot-list": "inventory.view_stockbalance",
    "inventory:lot-trace": "inventory.view_stockmove",
    "inventory:move-list": "inventory.view_stockmove",
    "inventory:near-expiry": "inventory.view_stockbalance",
    "inventory:opening-cancel": "inventory.change_openingstock",
    "inventory:opening-create": "inventory.add_openingstock",
    "inventory:opening-detail": "inventory.view_openingstock",
    "inventory:opening-line-add": "inventory.change_openingstock",
    "inventory:opening-line-delete": "inventory.change_openingstock",
    "inventory:opening-list": "inventory.view_openingstock",
    "inventory:opening-post": "inventory.post_openingstock",
    "inventory:product-activation": "inventory.change_product",
    "inventory:product-create": "inventory.add_product",
    "inventory:product-detail": "inventory.view_product",
    "inventory:product-edit": "inventory.change_product",
    "inventory:product-list": "inventory.view_product",
    "inventory:safety-stock-create": "inventory.add_warehousesafetystock",
    "inventory:safety-stock-edit": "inventory.change_warehousesafetystock",
    "inventory:safety-stock-list": "inventory.view_warehousesafetystock",
    "inventory:stock": "inventory.view_stockbalance",
    "inventory:stock-card": "inventory.view_stockmove",
    "inventory:stocktake-approve": "inventory.approve_stocktake",
    "inventory:stocktake-cancel": "inventory.change_stocktake",
    "inventory:stocktake-counts": "inventory.count_stocktake",
    "inventory:stocktake-create": "inventory.add_stocktake",
    "inventory:stocktake-detail": "inventory.view_stocktake",
    "inventory:stocktake-import": "inventory.count_stocktake",
    "inventory:stocktake-line-add": "inventory.count_stocktake",
    "inventory:stocktake-list": "inventory.view_stocktake",
    "inventory:stocktake-reject": "inventory.approve_stocktake",
    "inventory:stocktake-sheet": "inventory.view_stocktake",
    "inventory:stocktake-start": "inventory.change_stocktake",
    "inventory:stocktake-submit": "inventory.count_stocktake",
    "inventory:transfer-cancel": "inventory.change_transfer",
    "inventory:transfer-create": "inventory.add_transfer",
    "inventory:transfer-detail": "inventory.view_transfer",
    "inventory:transfer-dispatch": "inventory.dispatch_transfer",
    "inventory:transfer-line-add": "inventory.change_transfer",
    "inventory:transfer-line-delete": "inventory.change_transfer",
    "inventory:transfer-list": "inventory.view_transfer",
    "inventory:transfer-receive": "inventory.receive_transfer",
    "inventory:transit": "inventory.view_transfer",
    "inventory:unit-activation": "inventory.change_unit",
    "inventory:unit-create": "inventory.add_unit",
    "inventory:unit-detail": "inventory.view_unit",
    "inventory:unit-edit": "inventory.change_unit",
    "inventory:unit-list": "inventory.view_unit",
    "inventory:valuation": "inventory.view_stockmove",
    "inventory:warehouse-activation": "inventory.change_warehouse",
    "inventory:warehouse-create": "inventory.add_warehouse",
    "inventory:warehouse-detail": "inventory.view_warehouse",
    "inventory:warehouse-edit": "inventory.change_warehouse",
    "inventory:warehouse-list": "inventory.view_warehouse",
    # notifications
    "notifications:list": LOGIN,
    "notifications:read": LOGIN,
    "notifications:read-all": LOGIN,
    # purchasing
    "purchasing:order-approve": "purchasing.approve_purchaseorder",
    "purchasing:order-cancel": "purchasing.change_purchaseorder",
    "purchasing:order-close": "purchasing.close_purchaseorder",
    "purchasing:order-create": "purchasing.add_purchaseorder",
    "purchasing:order-detail": "purchasing.view_purchaseorder",
    "purchasing:order-edit": "purchasing.change_purchaseorder",
    "purchasing:order-list": "purchasing.view_purchaseorder",
    "purchasing:order-print": "purchasing.view_purchaseorder",
    "purchasing:order-receive": "purchasing.receive_purchaseorder",
    "purchasing:order-reject": "purchasing.approve_purchaseorder",
    "purchasing:order-reopen": "purchasing.change_purchaseorder",
    "purchasing:order-submit": "purchasing.change_purchaseorder",
    "purchasing:receipt-detail": "purchasing.view_goodsreceipt",
    "purchasing:receipt-list": "purchasing.view_goodsreceipt",
    "purchasing:replenishment": "purchasing.view_replenishmentsuggestion",
    "purchasing:replenishment-compute": "purchasing.compute_replenishment",
    "purchasing:replenishment-order": "purchasing.add_purchaseorder",
    "purchasing:return-approve": "purchasing.approve_purchasereturn",
    "purchasing:return-cancel": "purchasing.change_purchasereturn",
    "purchasing:return-create": "purchasing.add_purchasereturn",
    "purchasing:return-detail": "purchasing.view_purchasereturn",
    "purchasing:return-edit": "purchasing.change_purchasereturn",
    "purchasing:return-list": "purchasing.view_purchasereturn",
    "purchasing:return-reject": "purchasing.approve_purchasereturn",
    "purchasing:return-reopen": "purchasing.change_purchasereturn",
    "purchasing:return-ship": "purchasing.ship_purchasereturn",
    "purchasing:return-submit": "purchasing.change_purchasereturn",
    # reports
    "reports:index": LOGIN,
    "reports:invoices": "finance.view_invoice",
    "reports:invoices-export": "finance.view_invoice",
    "reports:invoicing-status": "finance.view_invoice",
    "reports:invoicing-status-export": "finance.view_invoice",
    "reports:near-expiry": "reports.view_stock_report",
    "reports:near-expiry-export": "reports.view_stock_report",
    "reports:partner-statement": "reports.view_finance_report",
    "reports:partner-statement-export": "reports.view_finance_report",
    "reports:payables": "finance.view_payables",
    "reports:payables-export": "finance.view_payables",
    "reports:payment-history": "finance.view_payment",
    "reports:payment-history-export": "finance.view_payment",
    "reports:purchase-detail": "reports.view_purchase_report",
    "reports:purchase-detail-export": "reports.view_purchase_report",
    "reports:purchase-summary": "reports.view_purchase_report",
    "reports:purchase-summary-export": "reports.view_purchase_report",
    "reports:receivables": "finance.view_receivables",
    "reports:receivables-export": "finance.view_receivables",
    "reports:returns-analysis": "reports.view_return_report",
    "reports:returns-analysis-export": "reports.view_return_report",
    "reports:returns-rate": "reports.view_return_report",
    "reports:returns-rate-export": "reports.view_return_report",
    "reports:returns-satisfaction": "reports.view_return_report",
    "reports:returns-satisfaction-export": "reports.view_return_report",
    "reports:returns-step-time": "reports.view_return_report",
    "reports:returns-step-time-export": "reports.view_return_report",
    "reports:sales-detail": "reports.view_sales_report",
    "reports:sales-detail-export": "reports.view_sales_report",
    "reports:sales-ranking": "reports.view_sales_report",
    "reports:sales-ranking-export": "reports.view_sales_report",
    "reports:sales-summary": "reports.view_sales_report",
    "reports:sales-summary-export": "reports.view_sales_report",
    "reports:statistics-month": "reports.view_finance_report",
    "reports:statistics-month-export": "reports.view_finance_report",
    "reports:statistics-period": "reports.view_finance_report",
    "reports:statistics-period-export": "reports.view_finance_report",
    "reports:stock-cost": "reports.view_stock_report",
    "reports:stock-cost-export": "reports.view_stock_report",
    "reports:stock-list": "reports.view_stock_report",
    "reports:stock-list-export": "reports.view_stock_report",
    "reports:inventory-turnover": "reports.view_stock_report",
    "reports:inventory-turnover-export": "reports.view_stock_report",
    "reports:stock-valuation": "reports.view_stock_report",
    "reports:stock-valuation-export": "reports.view_stock_report",
    "reports:slow-moving-stock": "reports.view_stock_report",
    "reports:slow-moving-stock-export": "reports.view_stock_report",
    "reports:stock-ageing": "reports.view_stock_report",
    "reports:stock-ageing-export": "reports.view_stock_report",
    # returns
    "returns:photo": "returns.view_returnrequest",
    "returns:progress": PUBLIC,
    "returns:refund-approve": "returns.approve_refund",
    "returns:refund-list": "returns.view_refund",
    "returns:refund-pay": "returns.pay_refund",
    "returns:replacement-refund": AnyOf("returns.change_returnrequest", "returns.receive_returnrequest"),
    "returns:replacement-retry": "returns.receive_returnrequest",
    "returns:replacement-ship": "returns.ship_replacement",
    "returns:request-approve": "returns.approve_returnrequest",
    "returns:request-cancel": "returns.change_returnrequest",
    "returns:request-create": "returns.add_returnrequest",
    "returns:request-detail": "returns.view_returnrequest",
    "returns:request-list": "returns.view_returnrequest",
    "returns:request-receive": "returns.receive_returnrequest",
    "returns:request-reject": "returns.approve_returnrequest",
    "returns:request-submit": "returns.change_returnrequest",
    "returns:step-limits": "returns.change_returnpolicy",
    # returns_public
    "returns_public:feedback": PUBLIC,
    "returns_public:lines": PUBLIC,
    "returns_public:start": PUBLIC,
    # sales
    "sales:collection-list": "sales.view_salespayment",
    "sales:customer-activation": "sales.change_customer",
    "sales:customer-contact-add": "sales.change_customer",
    "sales:customer-contact-delete": "sales.change_customer",
    "sales:customer-convert": "sales.change_customer",
    "sales:customer-create": "sales.add_customer",
    "sales:customer-detail": "sales.view_customer",
    "sales:customer-edit": "sales.change_customer",
    "sales:customer-list": "sales.view_customer",
    "sales:customer-visit-add": "sales.add_customervisit",
    "sales:delivery-cancel": "sales.change_delivery",
    "sales:delivery-detail": "sales.view_delivery",
    "sales:delivery-edit": "sales.change_delivery",
    "sales:delivery-list": "sales.view_delivery",
    "sales:delivery-print": "sales.view_delivery",
    "sales:delivery-ship": "sales.ship_delivery",
    "sales:order-approve": "sales.approve_salesorder",
    "sales:order-cancel": "sales.change_salesorder",
    "sales:order-complete": "sales.change_salesorder",
    "sales:order-create": "sales.add_salesorder",
    "sales:order-deliver": "sales.add_delivery",
    "sales:order-detail": "sales.view_salesorder",
    "sales:order-edit": "sales.change_salesorder",
    "sales:order-list": "sales.view_salesorder",
    "sales:order-payment": "sales.add_salespayment",
    "sales:order-reject": "sales.approve_salesorder",
    "sales:order-reopen": "sales.change_salesorder",
    "sales:order-submit": "sales.change_salesorder",
    "sales:prospect-list": "sales.view_customer",
    "sales:retail-counter": "sales.use_retail_counter",
    "sales:retail-lookup": "sales.use_retail_counter",
    "sales:retail-return": "sales.use_retail_counter",
    "sales:retail-return-detail": "sales.view_retailreturn",
    "sales:retail-return-list": "sales.view_retailreturn",
    "sales:retail-sale-list": "sales.view_salesorder",
    "sales:wholesale-order-list": "sales.view_salesorder",
    # suppliers
    "suppliers:supplier-activation": "suppliers.change_supplier",
    "suppliers:supplier-contact-add": "suppliers.change_supplier",
    "suppliers:supplier-contact-delete": "suppliers.change_supplier",
    "suppliers:supplier-create": "suppliers.add_supplier",
    "suppliers:supplier-detail": "suppliers.view_supplier",
    "suppliers:supplier-edit": "suppliers.change_supplier",
    "suppliers:supplier-list": "suppliers.view_supplier",
    "suppliers:supplier-product-activation": "suppliers.change_supplierproduct",
    "suppliers:supplier-product-create": "suppliers.add_supplierproduct",
    "suppliers:supplier-product-detail": "suppliers.view_supplierproduct",
    "suppliers:supplier-product-edit": "suppliers.change_supplierproduct",
    "suppliers:supplier-product-list": "suppliers.view_supplierproduct",
    # webhooks (staff screens of the integration API's webhooks)
    "webhooks:delivery-detail": "webhooks.view_webhookdelivery",
    "webhooks:subscription-activation": "webhooks.change_webhooksubscription",
    "webhooks:subscription-create": "webhooks.add_webhooksubscription",
    "webhooks:subscription-delete": "webhooks.delete_webhooksubscription",
    "webhooks:subscription-detail": "webhooks.view_webhooksubscription",
    "webhooks:subscription-edit": "webhooks.change_webhooksubscription",
    "webhooks:subscription-list": "webhooks.view_webhooksubscription",
    "webhooks:subscription-resend": "webhooks.change_webhooksubscription",
    "webhooks:subscription-test": "webhooks.change_webhooksubscription",
}


DECLARED_PUBLIC = {name for name, rule in PERMISSIONS.items() if rule == PUBLIC}
DECLARED_LOGIN_ONLY = {name for name, rule in PERMISSIONS.items() if rule == LOGIN}
DECLARED_OWNER_ONLY = {name for name, rule in PERMISSIONS.items() if rule == OWNER}
DECLARED_TOKEN = {name for name, rule in PERMISSIONS.items() if rule == TOKEN}
DECLARED_ANY_OF = {name: set(rule) for name, rule in PERMISSIONS.items() if isinstance(rule, AnyOf)}


def declared_permissions(name) -> set[str]:
    rule = PERMISSIONS[name]
    return {rule} if isinstance(rule, str) else set(rule)


# What the <int:pk> of a URL points at when its view does not say (views with a ``model`` or a
# ``detail_view`` do), and what other URL parameters point at or stand for.
PK_MODEL = {
    "inventory:stock-card": Product,
    "inventory:lot-trace": Lot,
    "inventory:opening-line-add": OpeningStock,
    "inventory:opening-line-delete": OpeningStock,
    "inventory:opening-post": OpeningStock,
    "inventory:opening-cancel": OpeningStock,
    "inventory:transfer-line-add": Transfer,
    "inventory:transfer-line-delete": Transfer,
    "inventory:stocktake-counts": Stocktake,
    "inventory:stocktake-line-add": Stocktake,
    "inventory:stocktake-sheet": Stocktake,
    "inventory:stocktake-import": Stocktake,
    "inventory:stocktake-reject": Stocktake,
    "inventory:alert-acknowledge": LowStockAlert,
    "sales:customer-visit-add": Customer,
    "sales:customer-convert": Customer,
    "sales:order-edit": SalesOrder,
    "sales:delivery-edit": Delivery,
    "sales:retail-return": "retail sale",
    "purchasing:order-edit": PurchaseOrder,
    "purchasing:order-reject": PurchaseOrder,
    "purchasing:order-receive": PurchaseOrder,
    "purchasing:return-edit": PurchaseReturn,
    "purchasing:return-reject": PurchaseReturn,
    "imports:job": ImportJob,
    "imports:confirm": ImportJob,
    "notifications:read": Notification,
    "returns:photo": ReturnPhoto,
    "returns:request-receive": ReturnRequest,
    "api:token-revoke": ApiToken,
}
PARAM_MODEL = {
    ("inventory:opening-line-delete", "line_pk"): OpeningStockLine,
    ("inventory:transfer-line-delete", "line_pk"): TransferLine,
}
PARAM_VALUE = {"kind": "products", "uidb64": "MQ", "token": "set-password"}
# The permission a page must check, by the end of its URL name; the exceptions say why they differ.
ACTION_BY_SUFFIX = {"-list": "view", "-detail": "view", "-create": "add", "-edit": "change"}
NAMING_EXCEPTIONS = {
    "inventory:lot-list": "lots are read as part of the stock: view_stockbalance",
    "sales:collection-list": "payment collection needs view_salespayment",
}
# What the administrator gets where it is not the page itself (200) or, for a POST-only action, 405.
ADMIN_STATUS = {
    "sales:retail-lookup": 404,  # the product lookup of the counter: an empty search finds nothing
    "purchasing:order-receive": 302,  # a draft order cannot be received: back to the order
}

OUR_APPS = {
    "common",
    "inventory",
    "suppliers",
    "purchasing",
    "sales",
    "returns",
    "finance",
    "reports",
    "api",
    "webhooks",
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = ":".join(filter(None, [namespace, pattern.name]))
            view = getattr(pattern.callback, "view_class", pattern.callback)
            yield prefix + str(pattern.pattern), name, view


def _all_urls():
    seen, urls = set(), []
    for route, name, view in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or route in seen:
            continue
        seen.add(route)
        urls.append(pytest.param(route, name, view, id=name))
    return urls


ALL_URLS = _all_urls()
PUBLIC_URLS = [u for u in ALL_URLS if u.values[1] in DECLARED_PUBLIC]
TOKEN_URLS = [u for u in ALL_URLS if u.values[1] in DECLARED_TOKEN]
PROTECTED_URLS = [u for u in ALL_URLS if u.values[1] not in DECLARED_PUBLIC | DECLARED_TOKEN]
STAFF_URLS = [u for u in PROTECTED_URLS if u.values[1] not in DECLARED_LOGIN_ONLY | DECLARED_OWNER_ONLY]


def model_of(name, view):
    return (
        PK_MODEL.get(name)
        or getattr(view, "model", None)
        or getattr(getattr(view, "detail_view", None), "model", None)
    )


def path_for(route, name, view, objects) -> str:
    def substitute(match):
        param = match.group(2)
        if param in PARAM_VALUE:
            return PARAM_VALUE[param]
        if param == "pk":
            key = model_of(name, view)
        else:
            key = PARAM_MODEL.get((name, param)) or getattr(view, "contact_model", None)
        if key not in objects:
            pytest.fail(f"{name}: say what <{param}> is (PK_MODEL, PARAM_MODEL) and make one in `objects`")
        return str(objects[key].pk)

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", substitute, route)


def role_has(role, permissions, *, any_of=False) -> bool:
    """``role`` None is a signed-in user without any role."""
    granted = ROLES[role][1] if role else []
    held = [granted == "__all__" or p in granted for p in permissions]
    return any(held) if any_of else all(held)


def database_state() -> dict[str, str]:
    """A fingerprint of every row of our apps' tables, taken in one query, to compare before and after."""
    existing = set(connection.introspection.table_names())
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in OUR_APPS and model._meta.db_table in existing
        }
    )
    quote = connection.ops.quote_name
    rows = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
    sql = " UNION ALL ".join(f"SELECT '{table}', {rows} FROM {quote(table)} t" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def is_login_redirect(response, path):
    return response.status_code == 302 and response.url == redirect_to_login(path, settings.LOGIN_URL).url


class RoleClients(dict):
    """A signed-in client per role (``None``: a user without any role), made when first asked for."""

    def __init__(self):
        super().__init__()
        self.users = {}

    def user(self, role):
        if role not in self.users:
            self.users[role] = UserFactory(username=f"{role or 'nobody'}-user", role=role)
        return self.users[role]

    def __missing__(self, role):
        client = Client()
        client.force_login(self.user(role))
        self[role] = client
        return client


@pytest.fixture
def clients(db):
    return RoleClients()


@pytest.fixture
def checked_permissions(monkeypatch):
    """Every permission a view checks during the requests of a test, as the view itself states it."""
    seen = []
    original = PermissionRequiredMixin.has_permission

    def spy(self):
        seen.extend(self.get_permission_required())
        return original(self)

    monkeypatch.setattr(PermissionRequiredMixin, "has_permission", spy)
    return seen


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _stocked_product(o):
    product = ProductFactory(barcode="6901234567892", category=CategoryFactory(), unit=UnitFactory())
    post(product, o[Location], "5", unit_cost="2", by=o["creator"])
    return product


def _lot(o):
    lot = LotFactory(product=ProductFactory(is_lot_tracked=True))
    post(lot.product, o[Location], "3", unit_cost="4", lot=lot, by=o["creator"])
    return lot


def _document(o):
    """What every document has: a number of its own and who made it."""
    o["numbers"] = o.get("numbers", 0) + 1
    return {"number": f"T-209901-{o['numbers']:04d}", "created_by": o["creator"]}


def _order_fields(o):
    return {"customer": o[Customer], "warehouse": o[Warehouse], "order_date": datetime.date(2026, 1, 5)}


TODAY = datetime.date(2026, 1, 6)
# How to make one object of each kind a URL can point at. Each is made when first needed, with what it
# needs, so a test pays only for what its page shows.
BUILDERS = {
    "creator": lambda o: UserFactory(username="creator"),
    Warehouse: lambda o: WarehouseFactory(code="MAIN"),
    Location: lambda o: LocationFactory(warehouse=o[Warehouse], code="A-01"),
    Product: _stocked_product,
    Category: lambda o: o[Product].category,
    Unit: lambda o: o[Product].unit,
    Lot: _lot,
    Supplier: lambda o: SupplierFactory(),
    SupplierContact: lambda o: SupplierContact.objects.create(supplier=o[Supplier], name="Wang Fang"),
    SupplierProduct: lambda o: SupplierProduct.objects.create(supplier=o[Supplier], product=o[Product]),
    Customer: lambda o: CustomerFactory(),
    CustomerContact: lambda o: CustomerContact.objects.create(customer=o[Customer], name="Zhao Lei"),
    OpeningStock: lambda o: o[OpeningStockLine].document,
    OpeningStockLine: lambda o: OpeningStockLineFactory(
        document=OpeningStockFactory(warehouse=o[Warehouse], created_by=o["creator"]),
        product=o[Product],
        location=o[Location],
    ),
    Transfer: lambda o: Transfer.objects.create(
        source_warehouse=o[Warehouse], destination=LocationFactory(code="B-01"), **_document(o)
    ),
    TransferLine: lambda o: TransferLine.objects.create(
        transfer=o[Transfer], product=o[Product], source=o[Location], quantity=Decimal("1")
    ),
    Stocktake: lambda o: Stocktake.objects.create(warehouse=o[Warehouse], **_document(o)),
    LowStockAlert: lambda o: LowStockAlert.objects.create(
        product=o[Product],
        warehouse=o[Warehouse],
        opened_at=timezone.now(),
        available_at_open=Decimal("5"),
        safety_stock=Decimal("8"),
    ),
    WarehouseSafetyStock: lambda o: WarehouseSafetyStock.objects.create(
        product=o[Product], warehouse=o[Warehouse], quantity=Decimal("8")
    ),
    SalesOrder: lambda o: SalesOrder.objects.create(**_order_fields(o), **_document(o)),
    "retail sale": lambda o: SalesOrder.objects.create(
        is_retail=True, status="completed", **_order_fields(o), **_document(o)
    ),
    Delivery: lambda o: Delivery.objects.create(
        order=o[SalesOrder], customer=o[Customer], warehouse=o[Warehouse], date=TODAY, **_document(o)
    ),
    RetailReturn: lambda o: RetailReturn.objects.create(
        order=o["retail sale"], customer=o[Customer], date=TODAY, refund_method="cash", **_document(o)
    ),
    PurchaseOrder: lambda o: PurchaseOrderFactory(
        supplier=o[Supplier], warehouse=o[Warehouse], created_by=o["creator"]
    ),
    GoodsReceipt: lambda o: GoodsReceipt.objects.create(
        order=o[PurchaseOrder], supplier=o[Supplier], warehouse=o[Warehouse], date=TODAY, **_document(o)
    ),
    PurchaseReturn: lambda o: PurchaseReturnFactory(
        supplier=o[Supplier], warehouse=o[Warehouse], created_by=o["creator"]
    ),
    ImportJob: lambda o: ImportJob.objects.create(
        kind="products", file_name="products.xlsx", content=b"", created_by=o.clients.user("administrator")
    ),
    Notification: lambda o: Notification.objects.create(
        recipient=o["creator"], channel="inapp", kind="test", subject="Hello"
    ),
    ReturnPolicy: lambda o: ReturnPolicy.current(),
    ReturnReason: lambda o: ReturnReason.objects.get_or_create(code="damaged", defaults={"name": "Damaged"})[
        0
    ],
    ReturnRequest: lambda o: ReturnRequest.objects.create(
        customer=o[Customer], warehouse=o[Warehouse], **_document(o)
    ),
    ReturnLine: lambda o: ReturnLine.objects.create(
        request=o[ReturnRequest], product=o[Product], quantity=Decimal("1"), reason=o[ReturnReason]
    ),
    Refund: lambda o: Refund.objects.create(
        request=o[ReturnRequest], customer=o[Customer], amount=Decimal("10"), **_document(o)
    ),
    ReturnPhoto: lambda o: ReturnPhoto.objects.create(
        line=o[ReturnLine], image=png(), uploaded_by=o["creator"]
    ),
    Payment: lambda o: Payment.objects.create(
        kind="customer_receipt",
        partner_type="customer",
        partner_id=o[Customer].pk,
        partner_name=o[Customer].name,
        date=TODAY,
        method="transfer",
        amount=Decimal("100"),
        **_document(o),
    ),
    Invoice: lambda o: Invoice.objects.create(
        direction="issued",
        number="INV-0001",
        date=TODAY,
        amount=Decimal("100"),
        document_type="sales.salesorder",
        document_id=o[SalesOrder].pk,
        document_number=o[SalesOrder].number,
        partner_type="customer",
        partner_id=o[Customer].pk,
        partner_name=o[Customer].name,
        contract=SimpleUploadedFile("contract.pdf", b"%PDF-1.4 contract", content_type="application/pdf"),
        created_by=o["creator"],
    ),
    WebhookSubscription: lambda o: WebhookSubscription.objects.create(
        name="Web shop", target_url="https://shop.example.com/hooks", events=["return.approved"]
    ),
    WebhookDelivery: lambda o: WebhookDelivery.objects.create(
        subscription=o[WebhookSubscription],
        event="return.approved",
        webhook_id="6f1c7f64-7d4c-4b8e-9a51-0c2b6f6f2f10",
        attempt=1,
        request_url="https://shop.example.com/hooks",
        request_body="{}",
        response_status=200,
        succeeded=True,
        duration_ms=12,
        sent_at=timezone.now(),
    ),
}


def _api_token(o):
    token, _key = api_token_create(
        name="Web shop", scopes=["stock:read"], user=o["creator"], by=o.clients.user("administrator")
    )
    return token


BUILDERS[ApiToken] = _api_token


class Objects(dict):
    """``objects[Model]``: the one object of that kind, made on first use from ``BUILDERS``."""

    def __init__(self, clients):
        super().__init__()
        self.clients = clients

    def __contains__(self, key):
        return key in BUILDERS or super().__contains__(key)

    def __missing__(self, key):
        self[key] = BUILDERS[key](self)
        return self[key]


@pytest.fixture
def objects(db, clients, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = Objects(clients)
    made[ReturnPolicy]  # the company's return policy exists before anybody opens a return page
    return made


# --- the declarations stay true ----------------------------------------------------------------------


def test_every_url_is_declared_and_every_declaration_is_a_url():
    names = {u.values[1] for u in ALL_URLS}

    undeclared = sorted(names - set(PERMISSIONS))
    assert not undeclared, "\n".join(
        f"declare {name} in PERMISSIONS (tests/common/test_permissions.py)" for name in undeclared
    )
    assert not set(PERMISSIONS) - names, (
        f"PERMISSIONS names URLs that no longer exist: {set(PERMISSIONS) - names}"
    )
    assert names >= set(PK_MODEL) | set(DECLARED_ANY_OF) | set(ADMIN_STATUS) | set(NAMING_EXCEPTIONS)
    assert len(STAFF_URLS) >= 100  # the walk found the apps' URLs, not just the auth pages


@pytest.mark.parametrize(("route", "name", "view"), PUBLIC_URLS)
def test_public_page_opens_without_login(route, name, view, client, db):
    path = path_for(route, name, view, {})

    response = client.get(path)

    assert response.status_code < 500
    assert not is_login_redirect(response, path)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "administrator"])
def test_each_role_group_holds_exactly_its_declared_permissions(role):
    group = Group.objects.get(name=GROUP_NAMES[role])

    held = {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }

    assert held == set(ROLES[role][1])  # a misspelt codename in roles.py would be missing here


@pytest.mark.parametrize(("route", "name", "view"), TOKEN_URLS)
def test_api_url_takes_an_api_key_not_a_session(route, name, view, clients, client):
    path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", "1", route)

    for browser in (client, clients["administrator"]):
        response = browser.get(path)
        assert response.status_code == 401, (name, response.status_code)
        assert response.json()["error"]["code"] == "not_authenticated"


# --- every protected URL ----------------------------------------------------------------------------


@pytest.mark.parametrize(("route", "name", "view"), PROTECTED_URLS)
def test_url_lets_in_only_whoever_it_should(route, name, view, objects, clients, client, checked_permissions):
    if model_of(name, view) in objects:
        objects[model_of(name, view)]  # a list shows at least one row of its kind
    path = path_for(route, name, view, objects)
    data = FORM_DATA.get(name, _master({}))(objects)
    before = database_state()

    # Anonymous: the login page, for a GET as for a POST.
    assert is_login_redirect(client.get(path), path)
    if hasattr(view, "post"):
        assert is_login_redirect(client.post(path, data), path)

    if name not in PERMISSIONS:
        pytest.fail(f"declare {name} in PERMISSIONS: public, login, owner or the permission it needs")
    if name in DECLARED_LOGIN_ONLY:
        for role in [None, *ROLES]:
            assert clients[role].get(path).status_code == (200 if hasattr(view, "get") else 405), role
    elif name in DECLARED_OWNER_ONLY:
        assert clients[None].get(path).status_code == 404
        assert clients["purchasing_clerk"].get(path).status_code == 404
        assert clients["administrator"].get(path).status_code == (200 if hasattr(view, "get") else 405)
    else:
        # What the view checks, as it states it while the administrator opens it, is what is declared.
        opened = clients["administrator"].get(path).status_code
        required = declared_permissions(name)
        any_of = name in DECLARED_ANY_OF
        if not any_of:
            assert set(checked_permissions) == required, (
                f"{name} checks {set(checked_permissions) or 'no permission'}, "
                f"PERMISSIONS declares {required}"
            )
        assert_permissions_exist(name, required)
        assert_page_permission_fits_its_name(name, view, required)
        assert opened == ADMIN_STATUS.get(name, 200 if hasattr(view, "get") else 405)

        # Every role, and a user without any role: the page (as the administrator got it) or 403; every
        # refused role is refused a POST too, and nothing changes in the database.
        expected = {
            role: opened if role_has(role, required, any_of=any_of) else 403 for role in [None, *ROLES]
        }
        got = {role: clients[role].get(path).status_code for role in expected}
        assert got == expected
        if hasattr(view, "post"):
            refused = [role for role, status in expected.items() if status == 403]
            posted = {role: clients[role].post(path, data).status_code for role in refused}
            assert set(posted.values()) <= {403}, posted

    assert database_state() == before


def assert_permissions_exist(name, required):
    for permission in required:
        app_label, codename = permission.split(".")
        assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), (
            f"{name} checks {permission}, which does not exist: only a superuser could open it"
        )


def assert_page_permission_fits_its_name(name, view, required):
    model = model_of(name, view)
    if name in NAMING_EXCEPTIONS or not isinstance(model, type):
        return
    for suffix, action in ACTION_BY_SUFFIX.items():
        if name.endswith(suffix):
            expected = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
            assert expected in required, f"{name} checks {required}, not {expected}"


# --- a permitted POST does its work (so the refusals above refuse something real) --------------------


def _master(data):
    return lambda objects: data


FORM_DATA = {
    **{f"inventory:category-{action}": _master({"name": "Stationery"}) for action in ("create", "edit")},
    **{f"inventory:unit-{action}": _master({"code": "box", "name": "Box"}) for action in ("create", "edit")},
    **{
        f"inventory:product-{action}": lambda o: {
            "sku": "NEW-1",
            "name": "Stapler",
            "category": o[Category].pk,
            "unit": o[Unit].pk,
            "purchase_price": "1",
            "sale_price": "2",
            "wholesale_price": "1.5",
            "safety_stock": "0",
            "reorder_quantity": "0",
        }
        for action in ("create", "edit")
    },
    **{
        f"inventory:warehouse-{action}": _master({"code": "W-NEW", "name": "North"})
        for action in ("create", "edit")
    },
    **{
        f"inventory:location-{action}": lambda o: {"warehouse": o[Warehouse].pk, "code": "Z-99"}
        for action in ("create", "edit")
    },
    **{
        f"suppliers:supplier-{action}": _master({"code": "S-NEW", "name": "Acme", "payment_terms": "net30"})
        for action in ("create", "edit")
    },
    **{
        f"sales:customer-{action}": _master(
            {
                "code": "C-NEW",
                "name": "Li Ming",
                "customer_type": "retail",
                "stage": "customer",
                "credit_limit": "0",
                "payment_terms": "cash",
                "language": "en",
            }
        )
        for action in ("create", "edit")
    },
    "inventory:opening-create": lambda o: {"warehouse": o[Warehouse].pk, "date": "2026-01-01"},
    "inventory:opening-line-add": lambda o: {
        "product": o[Product].pk,
        "location": o[Location].pk,
        "quantity": "2",
        "unit_cost": "1",
    },
    "suppliers:supplier-contact-add": _master({"name": "Chen Jing"}),
    **{
        f"suppliers:supplier-product-{action}": lambda o: {
            "supplier": o[Supplier].pk,
            "product": o[Product].pk,
            "unit_price": "3.5",
            "lead_time_days": "5",
            "minimum_order_quantity": "10",
        }
        for action in ("create", "edit")
    },
    "webhooks:subscription-create": _master(
        {"name": "Web shop", "target_url": "https://shop.example.com/hooks", "events": ["stock.low"]}
    ),
    "webhooks:subscription-edit": _master(
        {"name": "Web shop", "target_url": "https://shop.example.com/new", "events": ["stock.low"]}
    ),
    "sales:customer-contact-add": _master({"name": "Chen Jing"}),
    # The action is the change itself.
    **{
        name: _master({})
        for name in (
            "inventory:category-activation",
            "inventory:unit-activation",
            "inventory:product-activation",
            "inventory:warehouse-activation",
            "inventory:location-activation",
            "suppliers:supplier-activation",
            "suppliers:supplier-product-activation",
            "sales:customer-activation",
            "inventory:opening-line-delete",
            "inventory:opening-post",
            "inventory:opening-cancel",
            "suppliers:supplier-contact-delete",
            "sales:customer-contact-delete",
            "webhooks:subscription-activation",
            "webhooks:subscription-test",
            "webhooks:subscription-delete",
        )
    },
}
FOUNDATION_POSTS = [u for u in STAFF_URLS if u.values[1] in FORM_DATA]


@pytest.mark.parametrize(("route", "name", "view"), FOUNDATION_POSTS)
def test_post_with_the_permission_does_its_work(route, name, view, objects, clients, checked_permissions):
    path = path_for(route, name, view, objects)
    clients["administrator"].get(path)
    required = set(checked_permissions)
    role = next((r for r in ROLES if r != "administrator" and role_has(r, required)), "administrator")
    before = database_state()

    response = clients[role].post(path, FORM_DATA[name](objects))

    assert response.status_code == 302, f"{role}: {response.status_code}"
    assert database_state() != before


# --- navigation -----------------------------------------------------------------------------------------


SECTION = re.compile(
    r'data-bs-toggle="dropdown" aria-expanded="false">([^<]+)</a>\s*<ul class="dropdown-menu">(.*?)</ul>',
    re.S,
)
ITEM = re.compile(r'<a class="dropdown-item" href="([^"]+)">')


def menu(html) -> dict[str, set[str]]:
    """The main menu as the user sees it: section label -> the links in it (the user's own menu apart)."""
    return {label: set(ITEM.findall(items)) for label, items in SECTION.findall(html)}


@pytest.mark.parametrize("role", list(ROLES))
def test_navigation_shows_only_what_the_role_may_open(role, objects, clients):
    client = clients[role]

    shown = menu(client.get(reverse("dashboard")).content.decode())

    expected = {
        str(section): {reverse(url_name) for _l, url_name, perm in items if role_has(role, [perm])}
        for section, items in NAVIGATION
    }
    assert shown == {section: links for section, links in expected.items() if links}
    for link in set().union(*shown.values()):
        assert client.get(link).status_code == 200, link


def test_user_without_a_role_sees_no_menu(objects, clients):
    assert menu(clients[None].get(reverse("dashboard")).content.decode()) == {}


def test_sales_clerk_may_create_customers_but_not_suppliers(objects, clients):
    clerk = clients["sales_clerk"]

    customers = clerk.get(reverse("sales:customer-list")).content.decode()
    suppliers = clerk.get(reverse("suppliers:supplier-list")).content.decode()
    supplier_page = clerk.get(objects[Supplier].get_absolute_url()).content.decode()

    assert reverse("sales:customer-create") in customers
    assert reverse("suppliers:supplier-create") not in suppliers
    assert reverse("suppliers:supplier-edit", args=[objects[Supplier].pk]) not in supplier_page
    assert clerk.get(reverse("suppliers:supplier-create")).status_code == 403


@pytest.mark.parametrize("role", list(ROLES))
def test_new_buttons_on_master_data_lists_follow_the_add_permission(role, objects, clients):
    for name, model in [
        ("inventory:product-list", Product),
        ("inventory:warehouse-list", Warehouse),
        ("suppliers:supplier-list", Supplier),
        ("sales:customer-list", Customer),
    ]:
        html = clients[role].get(reverse(name)).content.decode()
        create_url = reverse(name.replace("-list", "-create"))
        may_add = role_has(role, [f"{model._meta.app_label}.add_{model._meta.model_name}"])
        assert (f'href="{create_url}"' in html) == may_add, (role, name)


def test_only_the_approver_is_offered_posting_of_opening_stock(objects, clients):
    url = objects[OpeningStock].get_absolute_url()
    post_url = reverse("inventory:opening-post", args=[objects[OpeningStock].pk])

    assert post_url in clients["approver"].get(url).content.decode()
    assert post_url not in clients["warehouse_keeper"].get(url).content.decode()
