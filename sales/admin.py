"""Customers are edited here; sales documents are read-only (they change only through sales.services)."""

from django.contrib import admin

from sales.models import (
    Customer,
    CustomerContact,
    CustomerVisit,
    Delivery,
    DeliveryLine,
    RetailReturn,
    RetailReturnLine,
    SalesOrder,
    SalesOrderLine,
    SalesPayment,
)


class CustomerContactInline(admin.TabularInline):
    model = CustomerContact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "customer_type", "stage", "credit_limit", "is_active"]
    list_filter = ["customer_type", "stage", "is_active"]
    search_fields = ["code", "name", "contact_name", "phone"]
    inlines = [CustomerContactInline]


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SalesOrderLineInline(ReadOnlyMixin, admin.TabularInline):
    model = SalesOrderLine
    extra = 0


class DeliveryLineInline(ReadOnlyMixin, admin.TabularInline):
    model = DeliveryLine
    extra = 0


class RetailReturnLineInline(ReadOnlyMixin, admin.TabularInline):
    model = RetailReturnLine
    extra = 0


@admin.register(SalesOrder)
class SalesOrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "customer", "order_date", "status", "is_retail", "total", "created_by"]
    list_filter = ["status", "is_retail"]
    search_fields = ["number", "customer__name"]
    inlines = [SalesOrderLineInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "order", "customer", "date", "status", "total", "cost_total"]
    list_filter = ["status"]
    search_fields = ["number", "order__number", "tracking_number"]
    inlines = [DeliveryLineInline]


@admin.register(SalesPayment)
class SalesPaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "order", "customer", "date", "amount", "method"]
    search_fields = ["number", "order__number"]


@admin.register(RetailReturn)
class RetailReturnAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "order", "date", "total", "refund_method"]
    search_fields = ["number", "order__number"]
    inlines = [RetailReturnLineInline]


@admin.register(CustomerVisit)
class CustomerVisitAdmin(admin.ModelAdmin):
    list_display = ["customer", "date", "kind", "next_follow_up", "created_by"]
    list_filter = ["kind"]
    search_fields = ["customer__name", "note"]
