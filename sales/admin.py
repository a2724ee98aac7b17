from django.contrib import admin

from sales.models import Customer, CustomerContact


class CustomerContactInline(admin.TabularInline):
    model = CustomerContact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "customer_type", "stage", "credit_limit", "is_active"]
    list_filter = ["customer_type", "stage", "is_active"]
    search_fields = ["code", "name", "contact_name", "phone"]
    inlines = [CustomerContactInline]
