"""The roles of the company as Django groups, and the permissions each holds.

A migration creates the groups; a ``post_migrate`` hook keeps them in step when later migrations add
permissions. Codenames are ``app_label.codename``.
"""

from django.utils.translation import gettext_lazy as _

MASTER_DATA_VIEW = [
    "inventory.view_category",
    "inventory.view_unit",
    "inventory.view_product",
    "inventory.view_warehouse",
    "inventory.view_location",
    "inventory.view_stockbalance",
    "inventory.view_stockmove",
    "inventory.view_openingstock",
    "suppliers.view_supplier",
    "sales.view_customer",
]

PURCHASING_VIEW = [
    "purchasing.view_purchaseorder",
    "purchasing.view_goodsreceipt",
    "purchasing.view_purchasereturn",
]

ROLES = {
    "purchasing_clerk": (
        _("Purchasing clerk"),
        MASTER_DATA_VIEW
        + [
            "inventory.add_product",
            "inventory.change_product",
            "inventory.add_category",
            "inventory.change_category",
            "inventory.add_unit",
            "inventory.change_unit",
            "suppliers.add_supplier",
            "suppliers.change_supplier",
        ]
        + PURCHASING_VIEW
        + [
            "purchasing.add_purchaseorder",
            "purchasing.change_purchaseorder",
            "purchasing.close_purchaseorder",
            "purchasing.add_purchasereturn",
            "purchasing.change_purchasereturn",
        ],
    ),
    "sales_clerk": (
        _("Sales clerk"),
        MASTER_DATA_VIEW + ["sales.add_customer", "sales.change_customer"],
    ),
    "warehouse_keeper": (
        _("Warehouse keeper"),
        MASTER_DATA_VIEW
        + [
            "inventory.add_warehouse",
            "inventory.change_warehouse",
            "inventory.add_location",
            "inventory.change_location",
            "inventory.add_openingstock",
            "inventory.change_openingstock",
        ]
        + PURCHASING_VIEW
        + [
            "purchasing.receive_purchaseorder",
            "purchasing.add_goodsreceipt",
            "purchasing.ship_purchasereturn",
        ],
    ),
    "approver": (
        _("Approver (manager)"),
        MASTER_DATA_VIEW
        + PURCHASING_VIEW
        + [
            "inventory.post_openingstock",
            "common.view_transitionlog",
            "purchasing.approve_purchaseorder",
            "purchasing.approve_purchasereturn",
            "finance.view_partnerledgerentry",
            "auditlog.view_logentry",  # the audit trail (操作日志)
        ],
    ),
    "accountant": (
        _("Accountant"),
        MASTER_DATA_VIEW + PURCHASING_VIEW + ["common.view_transitionlog", "finance.view_partnerledgerentry"],
    ),
    "administrator": (_("Administrator"), "__all__"),
}

# Stock operations: transfers, stocktaking (盘点) and low-stock alerts. Kept as one block so the
# inventory roles read together; purchasing clerks are the ones told about low stock.
STOCK_OPERATIONS = {
    "purchasing_clerk": [
        "inventory.view_transfer",
        "inventory.view_stocktake",
        "inventory.view_lowstockalert",
        "inventory.change_lowstockalert",
        "inventory.view_warehousesafetystock",
        "inventory.add_warehousesafetystock",
        "inventory.change_warehousesafetystock",
        "inventory.delete_warehousesafetystock",
    ],
    "warehouse_keeper": [
        "inventory.view_transfer",
        "inventory.add_transfer",
        "inventory.change_transfer",
        "inventory.dispatch_transfer",
        "inventory.receive_transfer",
        "inventory.view_stocktake",
        "inventory.add_stocktake",
        "inventory.change_stocktake",
        "inventory.count_stocktake",
        "inventory.view_lowstockalert",
    ],
    "approver": [
        "inventory.view_transfer",
        "inventory.view_stocktake",
        "inventory.approve_stocktake",
        "inventory.view_lowstockalert",
    ],
    "accountant": ["inventory.view_transfer", "inventory.view_stocktake"],
}
for _role, _codenames in STOCK_OPERATIONS.items():
    ROLES[_role][1].extend(_codenames)

# Replenishment (补货建议): purchasing clerks keep the supplier terms (price, lead time, minimum order),
# recompute the suggestions and order them; approvers and accountants look.
REPLENISHMENT_VIEW = ["suppliers.view_supplierproduct", "purchasing.view_replenishmentsuggestion"]
REPLENISHMENT = {
    "purchasing_clerk": REPLENISHMENT_VIEW
    + [
        "suppliers.add_supplierproduct",
        "suppliers.change_supplierproduct",
        "purchasing.compute_replenishment",
    ],
    "approver": REPLENISHMENT_VIEW,
    "accountant": REPLENISHMENT_VIEW,
}
for _role, _codenames in REPLENISHMENT.items():
    ROLES[_role][1].extend(_codenames)

# Sales: orders, deliveries (出库单), payments collected (回款), the retail counter, visit notes.
SALES_VIEW = [
    "sales.view_salesorder",
    "sales.view_delivery",
    "sales.view_salespayment",
    "sales.view_retailreturn",
    "sales.view_customervisit",
]
SALES = {
    "sales_clerk": SALES_VIEW
    + [
        "sales.add_salesorder",
        "sales.change_salesorder",
        "sales.use_retail_counter",
        "sales.add_retailreturn",
        "sales.add_customervisit",
        "sales.add_salespayment",
        "finance.view_partnerledgerentry",
    ],
    "warehouse_keeper": SALES_VIEW + ["sales.add_delivery", "sales.change_delivery", "sales.ship_delivery"],
    "approver": SALES_VIEW + ["sales.approve_salesorder"],
    "accountant": SALES_VIEW + ["sales.add_salespayment"],
}
for _role, _codenames in SALES.items():
    ROLES[_role][1].extend(_codenames)

# Returns (退货): sales clerks make requests, approvers decide them, warehouse keepers receive, inspect
# and disposition the goods (and ship exchange replacements), accountants approve and pay refunds.
RETURNS_VIEW = ["returns.view_returnrequest", "returns.view_refund"]
RETURNS = {
    "sales_clerk": RETURNS_VIEW + ["returns.add_returnrequest", "returns.change_returnrequest"],
    "warehouse_keeper": RETURNS_VIEW + ["returns.receive_returnrequest", "returns.ship_replacement"],
    "approver": RETURNS_VIEW
    + [
        "returns.approve_returnrequest",
        "returns.approve_large_returnrequest",
        "returns.create_without_origin",
        "returns.add_returnrequest",
        "returns.change_returnrequest",
        "returns.change_returnpolicy",  # the time limits of the return steps
    ],
    "accountant": RETURNS_VIEW + ["returns.approve_refund", "returns.pay_refund"],
}
for _role, _codenames in RETURNS.items():
    ROLES[_role][1].extend(_codenames)

# Reports: each family of reports to the roles that work with it; approvers and accountants see all.
# Imports need the add/change permissions of what they import, which the roles above already give.
REPORTS_VIEW = [
    "reports.view_stock_report",
    "reports.view_purchase_report",
    "reports.view_sales_report",
    "reports.view_return_report",
    "reports.view_finance_report",
]
REPORTS = {
    "purchasing_clerk": ["reports.view_purchase_report", "reports.view_stock_report"],
    "sales_clerk": ["reports.view_sales_report"],
    "warehouse_keeper": ["reports.view_stock_report"],
    "approver": REPORTS_VIEW,
    "accountant": REPORTS_VIEW,
}
for _role, _codenames in REPORTS.items():
    ROLES[_role][1].extend(_codenames)

# Finance: accountants do everything in finance; approvers look; sales clerks see what customers owe,
# purchasing clerks what we owe suppliers.
FINANCE_VIEW = [
    "finance.view_partnerledgerentry",
    "finance.view_payment",
    "finance.view_allocation",
    "finance.view_invoice",
    "finance.view_receivables",
    "finance.view_payables",
]
FINANCE = {
    "accountant": FINANCE_VIEW
    + [
        "finance.add_payment",
        "finance.allocate_payment",
        "finance.add_allocation",
        "finance.add_invoice",
    ],
    "approver": FINANCE_VIEW,
    "sales_clerk": ["finance.view_receivables"],
    "purchasing_clerk": ["finance.view_payables"],
}
for _role, _codenames in FINANCE.items():
    ROLES[_role][1].extend([c for c in _codenames if c not in ROLES[_role][1]])

# Group names are stored in English so they are stable; screens show the translated label.
GROUP_NAMES = {
    "purchasing_clerk": "Purchasing clerk",
    "sales_clerk": "Sales clerk",
    "warehouse_keeper": "Warehouse keeper",
    "approver": "Approver",
    "accountant": "Accountant",
    "administrator": "Administrator",
}


def role_label(group_name: str) -> str:
    for key, name in GROUP_NAMES.items():
        if name == group_name:
            return str(ROLES[key][0])
    return group_name


def roles_sync(apps=None):
    """Create the groups and give each exactly the permissions of its role that exist so far."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)
    every = {
        (app_label, codename): pk
        for pk, app_label, codename in permission_model.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for key, (_label, codenames) in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=GROUP_NAMES[key])
        if codenames == "__all__":
            group.permissions.set(list(every.values()))
            continue
        wanted = [pk for codename in codenames if (pk := every.get(tuple(codename.split(".", 1))))]
        group.permissions.set(wanted)
