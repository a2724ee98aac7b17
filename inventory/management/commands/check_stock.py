from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inventory.models import Location, Lot, Product
from inventory.selectors import stock_ledger_mismatches


class Command(BaseCommand):
    help = (
        "Check that, for every product, location and lot, the sum of the moves equals the balance, and that "
        "every closed month's end is the sum of the moves before it."
    )

    def handle(self, *args, **options):
        mismatches = stock_ledger_mismatches()
        skus = dict(
            Product.objects.filter(pk__in={m["product"] for m in mismatches}).values_list("pk", "sku")
        )
        places = {
            location.pk: str(location)
            for location in Location.objects.filter(
                pk__in={m["location"] for m in mismatches if isinstance(m["location"], int)}
            ).select_related("warehouse")
        }
        lots = dict(
            Lot.objects.filter(pk__in={m["lot"] for m in mismatches if m["lot"] != "-"}).values_list(
                "pk", "number"
            )
        )
        for m in mismatches:
            self.stdout.write(
                _(
                    "MISMATCH product %(product)s location %(location)s lot %(lot)s: %(what)s "
                    "ledger %(ledger)s, balance %(balance)s"
                )
                % {
                    **m,
                    "product": skus.get(m["product"], m["product"]),
                    "location": places.get(m["location"], m["location"]),
                    "lot": lots.get(m["lot"], m["lot"]),
                }
            )
        if mismatches:
            raise CommandError(
                _("%(count)d mismatches between the ledger and the balances.") % {"count": len(mismatches)}
            )
        self.stdout.write(self.style.SUCCESS(_("Stock ledger and balances agree.")))
