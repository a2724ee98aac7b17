"""The audit trail (操作日志): which models django-auditlog records, with user, time, before and after.

Every master-data model and every document with its lines is registered here, by label, from
``CommonConfig.ready``; ``auditlog.middleware.AuditlogMiddleware`` stamps each row with the signed-in
user. Left out on purpose: the append-only ledgers (``StockMove``, ``PartnerLedgerEntry``) and logs
(``TransitionLog``, ``ReturnEvent``), which are themselves the record of who did what and are never
changed; balances and reservations derived from them; number sequences, notifications and import files.
Audit rows are only ever read in the app: the audit page lists them and the admin shows them read-only.
"""

from django.apps import apps
from django.conf import settings

from common.bulk import rows_update

AUDITED = [
    "auth.User",
    "auth.Group",
    "inventory.Category",
    "inventory.Unit",
    "inventory.Product",
    "inventory.Warehouse",
    "inventory.Location",
    "inventory.Lot",
    "inventory.WarehouseSafetyStock",
    "inventory.LowStockAlert",
    "inventory.OpeningStock",
    "inventory.OpeningStockLine",
    "inventory.Stocktake",
    "inventory.StocktakeLine",
    "inventory.Transfer",
    "inventory.TransferLine",
    "finance.Payment",
    "finance.Allocation",
    "finance.Invoice",
    "suppliers.Supplier",
    "suppliers.SupplierContact",
    "purchasing.PurchaseOrder",
    "purchasing.PurchaseOrderLine",
    "purchasing.GoodsReceipt",
    "purchasing.GoodsReceiptLine",
    "purchasing.PurchaseReturn",
    "purchasing.PurchaseReturnLine",
    "sales.Customer",
    "sales.CustomerContact",
    "sales.CustomerVisit",
    "sales.SalesOrder",
    "sales.SalesOrderLine",
    "sales.Delivery",
    "sales.DeliveryLine",
    "sales.SalesPayment",
    "sales.RetailReturn",
    "sales.RetailReturnLine",
    "returns.ReturnReason",
    "returns.ReturnPolicy",
    "returns.ProductReturnPolicy",
    "returns.ReturnRequest",
    "returns.ReturnLine",
    "returns.ReturnPhoto",
    "returns.ReplacementLine",
    "returns.ReturnFeedback",
    "returns.Refund",
]

# Secrets and noise that must not be copied into the trail.
EXCLUDED_FIELDS = {
    "auth.User": ["password", "last_login"],
    "returns.ReturnRequest": ["public_token"],
}
M2M_FIELDS = {"auth.User": {"groups", "user_permissions"}, "auth.Group": {"permissions"}}


def audit_register() -> None:
    from auditlog.registry import auditlog

    for label in AUDITED:
        model = apps.get_model(label)
        if auditlog.contains(model):
            continue
        names = {field.name for field in model._meta.get_fields()}
        auditlog.register(
            model,
            exclude_fields=[name for name in EXCLUDED_FIELDS.get(label, []) if name in names],
            m2m_fields=M2M_FIELDS.get(label, set()),
        )


def audited_models() -> list:
    return [apps.get_model(label) for label in AUDITED]


def audited_save(document) -> None:
    """Save a document read from the database (or created) and log its changes against the values it was
    read with: django-auditlog's own pre-save handler reads the row again for that, a statement per
    posting. A document read in part, or never saved, is saved the ordinary way."""
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog

    loaded = getattr(document, "loaded_values", None)
    if loaded is None or document.get_deferred_fields() or not auditlog.contains(type(document)):
        document.save()
        return
    before = type(document).from_db(document._state.db, list(loaded), list(loaded.values()))
    changed = [name for name, value in loaded.items() if getattr(document, name) != value]
    # The columns that changed, not every column, in one plain UPDATE: save() would only add the signals
    # django-auditlog listens to, and this function writes the audit row itself.
    if changed:
        rows_update([document], changed)
        loaded.update((name, getattr(document, name)) for name in changed)
    changes = model_instance_diff(before, document, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
    if changes:
        LogEntry.objects.log_create(document, action=LogEntry.Action.UPDATE, changes=changes)
