from django.contrib import admin

from finance.models import Allocation, Invoice, PartnerLedgerEntry, Payment


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only: the ledger, payments and allocations change only through finance.services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartnerLedgerEntry)
class PartnerLedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "partner_type", "partner_name", "entry_type", "document_number", "amount"]
    list_filter = ["partner_type", "entry_type"]
    search_fields = ["partner_name", "document_number"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "kind", "partner_name", "method", "reference", "amount"]
    list_filter = ["kind", "method"]
    search_fields = ["number", "partner_name", "reference"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["date", "partner_type", "settled_by_number", "document_number", "amount"]
    search_fields = ["settled_by_number", "document_number"]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "direction", "partner_name", "document_number", "amount", "tax_amount"]
    list_filter = ["direction"]
    search_fields = ["number", "partner_name", "document_number"]
