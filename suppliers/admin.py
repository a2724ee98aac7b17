from django.contrib import admin

from suppliers.models import Supplier, SupplierContact


class SupplierContactInline(admin.TabularInline):
    model = SupplierContact
    extra = 0


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "contact_name", "phone", "is_active"]
    search_fields = ["code", "name", "contact_name", "phone"]
    inlines = [SupplierContactInline]
