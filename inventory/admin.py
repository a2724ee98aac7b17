from django.contrib import admin

from inventory.models import (
    Category,
    Location,
    Lot,
    LowStockAlert,
    OpeningStock,
    Product,
    StockBalance,
    StockMove,
    Stocktake,
    Transfer,
    Unit,
    Warehouse,
    WarehouseSafetyStock,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "is_active"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_fractional", "is_active"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "category", "unit", "sale_price", "is_active"]
    list_filter = ["is_active", "is_lot_tracked", "category"]
    search_fields = ["sku", "barcode", "name"]


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["warehouse", "code", "name", "is_active"]
    list_filter = ["warehouse"]


@admin.register(Lot)
class LotAdmin(admin.ModelAdmin):
    list_display = ["product", "number", "production_date", "expiry_date"]
    search_fields = ["number", "product__sku"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The ledger is changed only by services: the admin may look, never write."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMove)
class StockMoveAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "document_number",
        "move_type",
        "product",
        "location",
        "quantity",
        "unit_cost",
    ]
    list_filter = ["move_type"]
    search_fields = ["document_number", "product__sku"]


@admin.register(StockBalance)
class StockBalanceAdmin(ReadOnlyAdmin):
    list_display = ["product", "location", "lot", "on_hand", "reserved", "value"]
    search_fields = ["product__sku"]


@admin.register(OpeningStock)
class OpeningStockAdmin(ReadOnlyAdmin):
    list_display = ["number", "warehouse", "date", "status"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["number", "source_warehouse", "destination", "status", "dispatched_at", "received_at"]
    list_filter = ["status"]
    search_fields = ["number"]


@admin.register(Stocktake)
class StocktakeAdmin(ReadOnlyAdmin):
    list_display = ["number", "warehouse", "location", "category", "blind", "status", "snapshot_at"]
    list_filter = ["status"]
    search_fields = ["number"]


@admin.register(LowStockAlert)
class LowStockAlertAdmin(ReadOnlyAdmin):
    list_display = ["product", "warehouse", "status", "opened_at", "available_at_open", "safety_stock"]
    list_filter = ["status"]
    search_fields = ["product__sku", "product__name"]


@admin.register(WarehouseSafetyStock)
class WarehouseSafetyStockAdmin(admin.ModelAdmin):
    list_display = ["product", "warehouse", "quantity"]
    list_filter = ["warehouse"]
    search_fields = ["product__sku", "product__name"]
    autocomplete_fields = ["product"]
