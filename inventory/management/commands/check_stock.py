from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inventory.selectors import stock_ledger_mismatches


class Command(BaseCommand):
    help = "Check that, for every product, location and lot, the sum of the moves equals the balance."

    def handle(self, *args, **options):
        mismatches = stock_ledger_mismatches()
        for m in mismatches:
            self.stdout.write(
                _(
                    "MISMATCH product %(product)s location %(location)s lot %(lot)s: %(what)s "
                    "ledger %(ledger)s, balance %(balance)s"
                )
                % m
            )
        if mismatches:
            raise CommandError(
                _("%(count)d mismatches between the ledger and the balances.") % {"count": len(mismatches)}
            )
        self.stdout.write(self.style.SUCCESS(_("Stock ledger and balances agree.")))
