from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from finance.selectors import ledger_mismatches


class Command(BaseCommand):
    help = (
        "Check the partner ledger: allocations within the open amounts and the payments, every partner's "
        "entries adding up to its balance and open items, every payment entered once at its amount."
    )

    def handle(self, *args, **options):
        mismatches = ledger_mismatches()
        for mismatch in mismatches:
            self.stdout.write(_("MISMATCH %(what)s") % {"what": mismatch})
        if mismatches:
            raise CommandError(_("%(count)d mismatches in the partner ledger.") % {"count": len(mismatches)})
        self.stdout.write(self.style.SUCCESS(_("Partner ledger, payments and allocations agree.")))
