from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.approvals import decider_permissions

# (section, [(label, url name, permission)]); a section shows when the user may open one of its items.
NAVIGATION = [
    (
        _("Purchasing"),
        [
            (_("Suppliers"), "suppliers:supplier-list", "suppliers.view_supplier"),
            (_("Supplier products"), "suppliers:supplier-product-list", "suppliers.view_supplierproduct"),
            (_("Purchase orders"), "purchasing:order-list", "purchasing.view_purchaseorder"),
            (_("New purchase order"), "purchasing:order-create", "purchasing.add_purchaseorder"),
            (_("Goods receipts"), "purchasing:receipt-list", "purchasing.view_goodsreceipt"),
            (_("Purchase returns"), "purchasing:return-list", "purchasing.view_purchasereturn"),
            (
                _("Replenishment suggestions"),
                "purchasing:replenishment",
                "purchasing.view_replenishmentsuggestion",
            ),
            (_("Purchase detail"), "reports:purchase-detail", "reports.view_purchase_report"),
            (_("Purchase summary"), "reports:purchase-summary", "reports.view_purchase_report"),
            (_("Import suppliers"), "imports:suppliers", "suppliers.add_supplier"),
        ],
    ),
    (
        _("Sales"),
        [
            (_("Customers"), "sales:customer-list", "sales.view_customer"),
            (_("Prospects"), "sales:prospect-list", "sales.view_customer"),
            (_("Sales orders"), "sales:order-list", "sales.view_salesorder"),
            (_("New sales order"), "sales:order-create", "sales.add_salesorder"),
            (_("Deliveries"), "sales:delivery-list", "sales.view_delivery"),
            (_("Payment collection"), "sales:collection-list", "sales.view_salespayment"),
            (_("Retail counter"), "sales:retail-counter", "sales.use_retail_counter"),
            (_("Retail sales"), "sales:retail-sale-list", "sales.view_salesorder"),
            (_("Wholesale orders"), "sales:wholesale-order-list", "sales.view_salesorder"),
            (_("Retail returns"), "sales:retail-return-list", "sales.view_retailreturn"),
            (_("Import customers"), "imports:customers", "sales.add_customer"),
        ],
    ),
    (
        _("Returns"),
        [
            (_("Return requests"), "returns:request-list", "returns.view_returnrequest"),
            (_("New return request"), "returns:request-create", "returns.add_returnrequest"),
            (_("Customer refunds"), "returns:refund-list", "returns.view_refund"),
        ],
    ),
    (
        _("Inventory"),
        [
            (_("Stock"), "inventory:stock", "inventory.view_stockbalance"),
            (_("Stock moves"), "inventory:move-list", "inventory.view_stockmove"),
            (_("Opening stock"), "inventory:opening-list", "inventory.view_openingstock"),
            (_("Transfers"), "inventory:transfer-list", "inventory.view_transfer"),
            (_("Goods in transit"), "inventory:transit", "inventory.view_transfer"),
            (_("Stocktakes"), "inventory:stocktake-list", "inventory.view_stocktake"),
            (_("Low-stock alerts"), "inventory:alert-list", "inventory.view_lowstockalert"),
            (_("Lots"), "inventory:lot-list", "inventory.view_stockbalance"),
            (_("Near expiry"), "inventory:near-expiry", "inventory.view_stockbalance"),
            (_("Stock valuation"), "inventory:valuation", "inventory.view_stockmove"),
            (_("Products"), "inventory:product-list", "inventory.view_product"),
            (_("Categories"), "inventory:category-list", "inventory.view_category"),
            (_("Units"), "inventory:unit-list", "inventory.view_unit"),
            (_("Warehouses"), "inventory:warehouse-list", "inventory.view_warehouse"),
            (_("Locations"), "inventory:location-list", "inventory.view_location"),
            (_("Import products"), "imports:products", "inventory.add_product"),
            (_("Import price updates"), "imports:prices", "inventory.change_product"),
            (_("Import categories"), "imports:categories", "inventory.add_category"),
            (_("Import opening stock"), "imports:opening-stock", "inventory.add_openingstock"),
        ],
    ),
    (
        _("Finance"),
        [
            (_("Receivables"), "reports:receivables", "finance.view_receivables"),
            (_("Payables"), "reports:payables", "finance.view_payables"),
            (_("Receipt from customer"), "finance:customer-receipt-create", "finance.add_payment"),
            (_("Payment to supplier"), "finance:supplier-payment-create", "finance.add_payment"),
            (_("Refund to customer"), "finance:customer-refund-create", "finance.add_payment"),
            (_("Refund from supplier"), "finance:supplier-refund-create", "finance.add_payment"),
            (_("Payments and refunds"), "finance:payment-list", "finance.view_payment"),
            (_("Partner statement"), "reports:partner-statement", "reports.view_finance_report"),
            (_("Invoices and contracts"), "finance:invoice-list", "finance.view_invoice"),
            (_("Invoiced and not invoiced"), "reports:invoicing-status", "finance.view_invoice"),
            (_("Purchases and sales this month"), "reports:statistics-month", "reports.view_finance_report"),
            (_("Purchases and sales by period"), "reports:statistics-period", "reports.view_finance_report"),
        ],
    ),
    (
        _("Reports"),
        [
            (_("All reports"), "reports:index", "reports.view_stock_report"),
            (_("Stock cost analysis"), "reports:stock-cost", "reports.view_stock_report"),
            (_("Stock list"), "reports:stock-list", "reports.view_stock_report"),
            (_("Slow-moving stock"), "reports:slow-moving-stock", "reports.view_stock_report"),
            (_("Stock ageing"), "reports:stock-ageing", "reports.view_stock_report"),
            (_("Audit trail"), "common:audit-log", "auditlog.view_logentry"),
        ],
    ),
    (
        _("Integration"),
        [
            (_("API tokens"), "api:token-list", "api.view_apitoken"),
            (_("API documentation"), "api:docs", "api.view_apitoken"),
            (_("Webhooks"), "webhooks:subscription-list", "webhooks.view_webhooksubscription"),
        ],
    ),
]


def navigation(request):
    company_name = settings.COMPANY_NAME or _("Jinxiaocun")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"company_name": company_name}
    sections = []
    for label, items in NAVIGATION:
        visible = [
            {"label": item_label, "url": reverse(url_name)}
            for item_label, url_name, permission in items
            if user.has_perm(permission)
        ]
        if visible:
            sections.append({"label": label, "items": visible})
    # The approval inbox shows for whoever may decide some kind of document.
    approval_inbox = any(user.has_perm(permission) for permission in decider_permissions())
    return {"navigation": sections, "company_name": company_name, "approval_inbox": approval_inbox}
