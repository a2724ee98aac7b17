from django.contrib import admin

from finance.models import PartnerLedgerEntry


@admin.register(PartnerLedgerEntry)
class PartnerLedgerEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only and changes only through finance.services."""

    list_display = ["date", "partner_type", "partner_name", "entry_type", "document_number", "amount"]
    list_filter = ["partner_type", "entry_type"]
    search_fields = ["partner_name", "document_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
