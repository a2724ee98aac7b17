from django.contrib import admin

from returns.models import ProductReturnPolicy, Refund, ReturnPolicy, ReturnReason, ReturnRequest


@admin.register(ReturnReason)
class ReturnReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "restocking_fee_percent", "sort_order", "is_active"]
    list_editable = ["restocking_fee_percent", "sort_order", "is_active"]
    search_fields = ["code", "name"]


@admin.register(ReturnPolicy)
class ReturnPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "window_days", "auto_approve_limit", "large_amount_limit"]

    def has_add_permission(self, request):
        return not ReturnPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProductReturnPolicy)
class ProductReturnPolicyAdmin(admin.ModelAdmin):
    list_display = ["product", "returnable", "note"]
    list_filter = ["returnable"]
    autocomplete_fields = ["product"]
    search_fields = ["product__sku", "product__name"]


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "kind", "status", "amount", "created_at"]
    list_filter = ["status", "kind", "source"]
    search_fields = ["number", "customer__name"]
    readonly_fields = [f.name for f in ReturnRequest._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "amount", "status", "paid_on"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Refund._meta.fields]

    def has_add_permission(self, request):
        return False
