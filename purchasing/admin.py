"""Read-only admin: purchase documents change only through purchasing.services (status, stock, money)."""

from django.contrib import admin

from purchasing.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReturn,
    PurchaseReturnLine,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PurchaseOrderLineInline(ReadOnlyMixin, admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0


class GoodsReceiptLineInline(ReadOnlyMixin, admin.TabularInline):
    model = GoodsReceiptLine
    extra = 0


class PurchaseReturnLineInline(ReadOnlyMixin, admin.TabularInline):
    model = PurchaseReturnLine
    extra = 0


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "supplier", "order_date", "status", "total", "created_by"]
    list_filter = ["status"]
    search_fields = ["number", "supplier__name"]
    inlines = [PurchaseOrderLineInline]


@admin.register(GoodsReceipt)
class GoodsReceiptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "order", "supplier", "date", "total", "created_by"]
    search_fields = ["number", "order__number", "supplier__name"]
    inlines = [GoodsReceiptLineInline]


@admin.register(PurchaseReturn)
class PurchaseReturnAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "supplier", "date", "status", "total", "created_by"]
    list_filter = ["status"]
    search_fields = ["number", "supplier__name"]
    inlines = [PurchaseReturnLineInline]
