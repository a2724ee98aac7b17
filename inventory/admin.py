from django.contrib import admin

from inventory.models import (
    Category,
    Location,
    Lot,
    OpeningStock,
    Product,
    StockBalance,
    StockMove,
    Unit,
    Warehouse,
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
