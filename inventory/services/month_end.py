"""月结: closing each month's stock once it has ended (``StockMonthEnd``)."""

import datetime

from django.db import transaction
from django.db.models import Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from inventory.models import StockMonthEnd, StockMonthEndLine, StockMove
from inventory.selectors.operations import day_end

# A move is dated when its posting starts and seen when it commits: a month is closed only this long after
# it ended, so that no posting begun before its end is still to commit.
CLOSE_DELAY = datetime.timedelta(hours=1)


def month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end_time(month: datetime.date) -> datetime.datetime:
    """The first instant after ``month`` (its first day) in the company's time zone."""
    return day_end(month_after(month) - datetime.timedelta(days=1))


@transaction.atomic
def stock_month_close(month: datetime.date) -> StockMonthEnd:
    """Close ``month`` (its first day): every product's quantity and value at its end, the sum of its moves
    before the next month. Closing a closed month changes nothing."""
    end = month_end_time(month)
    if end > timezone.now() - CLOSE_DELAY:
        raise DomainError(_("%(month)s has not ended yet.") % {"month": f"{month:%Y-%m}"})
    month_end, created = StockMonthEnd.objects.get_or_create(month=month)
    if not created:
        return month_end
    sums = (
        StockMove.objects.filter(created_at__lt=end)
        .order_by()
        .values("product_id")
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
        .exclude(Q(quantity=0) & Q(value=0))
    )
    lines = StockMonthEndLine.objects.bulk_create(
        (
            StockMonthEndLine(
                month_end=month_end,
                product_id=row["product_id"],
                quantity=row["quantity"],
                value=row["value"],
            )
            for row in sums.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )
    month_end.products = len(lines)
    month_end.save(update_fields=["products"])
    return month_end


def stock_months_close() -> list[datetime.date]:
    """Close every month that has ended since the first move and is not closed yet, oldest first (hourly,
    see ``inventory.schedules``; a second run changes nothing)."""
    first = StockMove.objects.aggregate(first=Min("created_at"))["first"]
    if first is None:
        return []
    month = timezone.localtime(first).date().replace(day=1)
    closed = set(StockMonthEnd.objects.values_list("month", flat=True))
    done = []
    while month_end_time(month) <= timezone.now() - CLOSE_DELAY:
        if month not in closed:
            stock_month_close(month)
            done.append(month)
        month = month_after(month)
    return done
