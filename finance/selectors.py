from dataclasses import dataclass
from datetime import date as date_type
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Abs, Coalesce
from django.db.models.sql.constants import LOUTER
from django.utils import timezone
from django_cte import CTE, with_cte

from finance.choices import SETTLEMENT_ENTRY_TYPES
from finance.models import Allocation, Invoice, LedgerDocument, PartnerLedgerEntry, Payment

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


DOCUMENT_FIGURES_COLUMNS = (
    "partner_type",
    "partner_id",
    "partner_name",
    "document_type",
    "document_id",
    "document_number",
    "date",
    "last_date",
    "net",
    "allocated",
)
# The figures of every ledger document as the entries and allocations give them, in the columns of
# ``LedgerDocument`` (``DOCUMENT_FIGURES_COLUMNS``): what ``finance.services.ledger_documents_fill`` writes
# into the table and ``ledger_mismatches`` compares it with. Plain SQL that PostgreSQL and SQLite both run
# (hence CASE rather than GREATEST).
DOCUMENT_FIGURES_SQL = f"""
SELECT e.partner_type, e.partner_id, e.partner_name, e.document_type, e.document_id, e.document_number,
       e.date, CASE WHEN a.last_date > e.last_date THEN a.last_date ELSE e.last_date END AS last_date,
       e.net, COALESCE(a.amount, 0) AS allocated
FROM (
    SELECT partner_type, partner_id, document_type, document_id, MAX(partner_name) AS partner_name,
           MAX(document_number) AS document_number, MIN(date) AS date, MAX(date) AS last_date,
           SUM(amount) AS net
    FROM {PartnerLedgerEntry._meta.db_table}
    GROUP BY partner_type, partner_id, document_type, document_id
) e
LEFT JOIN (
    SELECT partner_type, partner_id, document_type, document_id, SUM(amount) AS amount,
           MAX(date) AS last_date
    FROM (
        SELECT partner_type, partner_id, document_type, document_id, amount, date
        FROM {Allocation._meta.db_table}
        UNION ALL
        SELECT partner_type, partner_id, settled_by_type, settled_by_id, amount, date
        FROM {Allocation._meta.db_table}
    ) sides
    GROUP BY partner_type, partner_id, document_type, document_id
) a ON a.partner_type = e.partner_type AND a.partner_id = e.partner_id
   AND a.document_type = e.document_type AND a.document_id = e.document_id
"""


def partner_entries(*, partner_type: str, partner_id: int) -> QuerySet[PartnerLedgerEntry]:
    return PartnerLedgerEntry.objects.filter(partner_type=partner_type, partner_id=partner_id).select_related(
        "created_by"
    )


def partner_balance(*, partner_type: str, partner_id: int) -> Decimal:
    """The sum of the partner's entries: for a supplier what we owe (below zero: a refund due to us)."""
    total = PartnerLedgerEntry.objects.filter(partner_type=partner_type, partner_id=partner_id).aggregate(
        total=Sum("amount")
    )["total"]
    return total if total is not None else ZERO


def partner_balances(*, partner_type: str, partner_ids) -> dict[int, Decimal]:
    """Balances of many partners in one query; partners without entries are left out."""
    rows = (
        PartnerLedgerEntry.objects.filter(partner_type=partner_type, partner_id__in=list(partner_ids))
        .values("partner_id")
        .order_by()
        .annotate(total=Sum("amount"))
    )
    return {row["partner_id"]: row["total"] for row in rows}


def document_entries(*, document_type: str, document_id: int) -> QuerySet[PartnerLedgerEntry]:
    return PartnerLedgerEntry.objects.filter(document_type=document_type, document_id=document_id)


@dataclass(frozen=True)
class DocumentRef:
    """A document as the ledger knows it: type (``app_label.model``), id and number."""

    document_type: str
    document_id: int
    document_number: str


@dataclass(frozen=True)
class OpenAmount:
    document_number: str
    net: Decimal  # the sum of the document's entries, signed as the ledger signs them
    allocated: Decimal  # allocations on either side
    open: Decimal  # |net| - allocated, never below zero


class DocumentSubquery(Subquery):
    """A subquery on the grouped document's own keys. Django would otherwise group on it too, and the
    database work it out for every ledger entry before grouping, and again for every figure using it."""

    def get_group_by_cols(self):
        return []


def _allocated(as_of: date_type | None = None) -> Subquery:
    """What is allocated on the row's document, on either side (settled, or settling another), as one
    subquery per document. Its conditional sums are taken over no GROUP BY, so it gives one row (zero)
    even when nothing is allocated."""
    as_document = Q(document_type=OuterRef("document_type"), document_id=OuterRef("document_id"))
    as_settlement = Q(settled_by_type=OuterRef("document_type"), settled_by_id=OuterRef("document_id"))
    allocations = Allocation.objects.filter(as_document | as_settlement)
    if as_of is not None:
        allocations = allocations.filter(date__lte=as_of)
    total = Coalesce(Sum("amount", filter=as_document), ZERO) + Coalesce(
        Sum("amount", filter=as_settlement), ZERO
    )
    rows = allocations.order_by().annotate(all=Value(1)).values("all").annotate(total=total)
    return DocumentSubquery(rows.values("total"), output_field=MONEY)


def _by_document(entries) -> QuerySet:
    """``entries`` summed by partner and document: name, number, first date and net amount."""
    return (
        entries.order_by()
        .values("partner_type", "partner_id", "document_type", "document_id")
        .annotate(
            partner_name=Max("partner_name"),
            document_number=Max("document_number"),
            date=Min("date"),
            net=Sum("amount"),
        )
    )


def ledger_documents(*, as_of: date_type | None = None) -> QuerySet:
    """One row per partner and document: its net amount, what is allocated on it, what is open.

    ``open_signed`` carries the ledger's sign, so the open amounts of a partner add up to its balance.
    """
    entries = PartnerLedgerEntry.objects.all()
    if as_of is not None:
        entries = entries.filter(date__lte=as_of)
    return (
        _by_document(entries)
        .annotate(
            is_settlement=Min(
                Case(When(entry_type__in=SETTLEMENT_ENTRY_TYPES, then=Value(1)), default=Value(0))
            ),
            allocated=_allocated(as_of),
        )
        .annotate(
            open=Abs(F("net")) - F("allocated"),
            open_signed=Case(
                When(net__gt=0, then=F("net") - F("allocated")),
                default=F("net") + F("allocated"),
                output_field=MONEY,
            ),
        )
    )


def open_items(
    *, as_of: date_type | None = None, partner_type: str | None = None, partner_id: int | None = None
) -> QuerySet:
    """欠款查询: documents with something open as of a day, with aging buckets by the document's date
    (0-30, 31-60, 61-90, over 90 days) holding the signed open amount. Payments and credits not yet
    allocated are open items too (of the opposite sign), so a partner's rows add up to its balance.

    As of today (or a later day) the rows are read from ``LedgerDocument``, which holds every document's
    figures as the services last wrote them; unless an entry or an allocation is dated after the day (a
    document dated ahead, say), whose figures that table already counts. Otherwise, and for a past day,
    they are worked out from the entries and allocations up to the day (``_documents_as_of``)."""
    day = as_of or timezone.localdate()
    partner = {}
    if partner_type:
        partner["partner_type"] = partner_type
    if partner_id:
        partner["partner_id"] = partner_id
    dated_after = LedgerDocument.objects.filter(last_date__gt=day, **partner)
    if day >= timezone.localdate() and not dated_after.exists():
        rows = _documents_now(partner)
    else:
        rows = _documents_as_of(day, partner)

    def bucket(newest: int | None, oldest: int | None):
        condition = Q()
        if newest is not None:
            condition &= Q(date__lte=day - timedelta(days=newest))
        if oldest is not None:
            condition &= Q(date__gte=day - timedelta(days=oldest))
        return Case(When(condition, then=F("open_signed")), default=ZERO, output_field=MONEY)

    # The rows are documents, not entries: the entries' own order (by id) does not apply to them.
    return (
        rows.filter(open__gt=0)
        .annotate(
            age_0_30=bucket(None, 30),
            age_31_60=bucket(31, 60),
            age_61_90=bucket(61, 90),
            age_over_90=bucket(91, None),
        )
        .order_by()
    )


def _open_signed():
    """The open amount with the ledger's sign, so the open amounts of a partner add up to its balance."""
    return Case(
        When(net__gt=0, then=F("net") - F("allocated")),
        default=F("net") + F("allocated"),
        output_field=MONEY,
    )


def _documents_now(partner: dict) -> QuerySet:
    """Every document's figures as they stand, one stored row each."""
    figures = [column for column in DOCUMENT_FIGURES_COLUMNS if column != "last_date"]
    return LedgerDocument.objects.filter(**partner).values(*figures, "open", "open_signed")


def _documents_as_of(day: date_type, partner: dict) -> QuerySet:
    """Every document's figures as of ``day``, from its entries and allocations up to the day.

    The entries are summed by document, and the allocations by the document they settle and by the one
    settling, each in one pass, then joined (``django_cte``): every figure reads a document's net,
    allocated amount and date rather than looking its allocations up again."""
    entries = PartnerLedgerEntry.objects.filter(date__lte=day, **partner)
    documents = CTE(_by_document(entries), name="documents")
    allocations = Allocation.objects.filter(date__lte=day).order_by()
    settled = CTE(
        allocations.values("document_type", "document_id").annotate(amount=Sum("amount")), name="settled"
    )
    settling = CTE(
        allocations.values("settled_by_type", "settled_by_id").annotate(amount=Sum("amount")),
        name="settling",
    )
    rows = settled.join(
        documents.queryset(),
        document_type=settled.col.document_type,
        document_id=settled.col.document_id,
        _join_type=LOUTER,
    )
    rows = settling.join(
        rows,
        document_type=settling.col.settled_by_type,
        document_id=settling.col.settled_by_id,
        _join_type=LOUTER,
    )
    rows = with_cte(documents, settled, settling, select=rows).annotate(
        allocated=ExpressionWrapper(
            Coalesce(settled.col.amount, ZERO) + Coalesce(settling.col.amount, ZERO), output_field=MONEY
        )
    )
    return rows.annotate(open=Abs(F("net")) - F("allocated"), open_signed=_open_signed())


def document_open_amounts(
    *, partner_type: str, partner_id: int, documents
) -> dict[tuple[str, int], OpenAmount]:
    """Net, allocated and open amount of the given documents of one partner (those in the ledger)."""
    condition = Q()
    for document in documents:
        condition |= Q(document_type=document.document_type, document_id=document.document_id)
    rows = ledger_documents().filter(condition, partner_type=partner_type, partner_id=partner_id)
    return {
        (row["document_type"], row["document_id"]): OpenAmount(
            document_number=row["document_number"],
            net=row["net"],
            allocated=row["allocated"],
            open=max(row["open"], ZERO),
        )
        for row in rows
    }


def partner_open_documents(*, partner_type: str, partner_id: int) -> QuerySet:
    return open_items(partner_type=partner_type, partner_id=partner_id).order_by("date", "document_id")


def partner_statement(
    *, partner_type: str, partner_id: int, date_from: date_type, date_to: date_type
) -> QuerySet:
    """The partner's entries in a period with the running balance (opening balance included)."""
    opening = partner_balance_on(partner_type=partner_type, partner_id=partner_id, before=date_from)
    return (
        PartnerLedgerEntry.objects.filter(
            partner_type=partner_type, partner_id=partner_id, date__gte=date_from, date__lte=date_to
        )
        .values(
            "id", "date", "entry_type", "document_type", "document_id", "document_number", "note", "amount"
        )
        .annotate(
            balance=Window(Sum("amount"), order_by=[F("date").asc(), F("id").asc()])
            + Value(opening, output_field=MONEY)
        )
    )


def partner_balance_on(*, partner_type: str, partner_id: int, before: date_type) -> Decimal:
    """The balance at the start of ``before`` (every entry dated earlier)."""
    total = PartnerLedgerEntry.objects.filter(
        partner_type=partner_type, partner_id=partner_id, date__lt=before
    ).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else ZERO


def payments() -> QuerySet[Payment]:
    return Payment.objects.select_related("created_by").annotate(
        allocated=Coalesce(Sum("allocations__amount"), ZERO, output_field=MONEY)
    )


def payment_unallocated(payment: Payment) -> Decimal:
    item = document_open_amounts(
        partner_type=payment.partner_type,
        partner_id=payment.partner_id,
        documents=[DocumentRef("finance.payment", payment.pk, payment.number)],
    ).get(("finance.payment", payment.pk))
    return item.open if item else ZERO


def document_allocations(*, document_type: str, document_id: int) -> QuerySet[Allocation]:
    return Allocation.objects.filter(
        Q(document_type=document_type, document_id=document_id)
        | Q(settled_by_type=document_type, settled_by_id=document_id)
    ).order_by("date", "id")


def invoiced_amount_subquery(*, document_type: str):
    """Sum of the invoices of an order (OuterRef ``pk``), for order lists in reports."""
    return Coalesce(
        Subquery(
            Invoice.objects.filter(document_type=document_type, document_id=OuterRef("pk"))
            .order_by()
            .values("document_id")
            .annotate(s=Sum("amount"))
            .values("s")[:1]
        ),
        ZERO,
        output_field=MONEY,
    )


def ledger_mismatches() -> list[str]:
    """Every way the ledger, the payments and the allocations disagree; empty when all is well.

    (a) no document is allocated beyond its net amount (on either side), (b) a payment's allocations
    add up to no more than its amount, (c) per partner the sum of the entries equals ``partner_balance``
    and the sum of the signed open amounts, (d) every payment has one ledger entry of its amount, (e) every
    document's stored figures (``LedgerDocument``) are those of its entries and allocations.
    """
    problems = ledger_document_mismatches()
    for row in ledger_documents().filter(open__lt=0):
        problems.append(
            f"{row['partner_type']} {row['partner_id']} {row['document_number']}: allocated "
            f"{row['allocated']} of {abs(row['net'])}"
        )
    allocated_docs = (
        Allocation.objects.order_by()
        .values("document_type", "document_id", "document_number")
        .annotate(total=Sum("amount"))
    )
    known = {
        (row["document_type"], row["document_id"])
        for row in PartnerLedgerEntry.objects.order_by().values("document_type", "document_id").distinct()
    }
    for row in allocated_docs:
        if (row["document_type"], row["document_id"]) not in known:
            problems.append(f"{row['document_number']}: allocated {row['total']} but not in the ledger")
    for payment in payments().filter(allocated__gt=F("amount")):
        problems.append(
            f"{payment.number}: allocations {payment.allocated} exceed the amount {payment.amount}"
        )
    sums = (
        PartnerLedgerEntry.objects.order_by()
        .values("partner_type", "partner_id")
        .annotate(total=Sum("amount"))
    )
    open_sums = {(row["partner_type"], row["partner_id"]): row["open_signed"] for row in _partner_open_sums()}
    for row in sums:
        key = (row["partner_type"], row["partner_id"])
        shown = partner_balance(partner_type=key[0], partner_id=key[1])
        if shown != row["total"]:
            problems.append(f"{key[0]} {key[1]}: entries add up to {row['total']}, balance shows {shown}")
        if open_sums.get(key, ZERO) != row["total"]:
            problems.append(
                f"{key[0]} {key[1]}: entries add up to {row['total']}, open items to {open_sums.get(key)}"
            )
    entries = {
        row["document_id"]: (row["count"], row["total"])
        for row in PartnerLedgerEntry.objects.filter(document_type="finance.payment")
        .order_by()
        .values("document_id")
        .annotate(count=Count("id"), total=Sum("amount"))
    }
    for payment in Payment.objects.order_by("id"):
        count, total = entries.get(payment.pk, (0, ZERO))
        if count != 1 or abs(total) != payment.amount:
            problems.append(f"{payment.number}: amount {payment.amount}, ledger {total} in {count} entries")
    return problems


def ledger_document_mismatches() -> list[str]:
    """Every ``LedgerDocument`` row that differs from its document's entries and allocations, every
    document in the ledger without its row and every row without entries, in one pass over each table.

    The differences are rounded to the cent: SQLite keeps decimals as floating point numbers."""
    table = LedgerDocument._meta.db_table
    keys = " AND ".join(
        f"s.{key} = f.{key}" for key in ("partner_type", "partner_id", "document_type", "document_id")
    )
    figures = ("date", "last_date", "net", "allocated")
    pairs, stored_only = (
        ", ".join(f"f.{n}, s.{n}" for n in figures),
        ", ".join(f"NULL, s.{n}" for n in figures),
    )
    sql = f"""
        SELECT f.partner_type, f.partner_id, f.document_number, s.id,
               {pairs}
        FROM ({DOCUMENT_FIGURES_SQL}) f LEFT JOIN {table} s ON {keys}
        WHERE s.id IS NULL OR s.date <> f.date OR s.last_date <> f.last_date
           OR ROUND(s.net - f.net, 2) <> 0 OR ROUND(s.allocated - f.allocated, 2) <> 0
        UNION ALL
        SELECT s.partner_type, s.partner_id, s.document_number, s.id, {stored_only}
        FROM {table} s
        WHERE NOT EXISTS (
            SELECT 1 FROM {PartnerLedgerEntry._meta.db_table} e
            WHERE e.partner_type = s.partner_type AND e.partner_id = s.partner_id
              AND e.document_type = s.document_type AND e.document_id = s.document_id
        )
        ORDER BY 1, 2, 3
    """
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for partner_type, partner_id, number, stored_id, *values in cursor.fetchall():
            where = f"{partner_type} {partner_id} {number}"
            if stored_id is None:
                problems.append(f"{where}: in the ledger but not in the ledger documents")
                continue
            if values[0] is None:
                problems.append(f"{where}: in the ledger documents but has no ledger entries")
                continue
            shown = ", ".join(
                f"{name} {values[2 * n + 1]} (entries and allocations: {values[2 * n]})"
                for n, name in enumerate(figures)
                if str(values[2 * n]) != str(values[2 * n + 1])
            )
            problems.append(f"{where}: ledger document shows {shown}")
    return problems


def _partner_open_sums():
    """Signed open amounts summed per partner (a check over the whole ledger, run by check_ledger)."""
    documents = ledger_documents()
    per_partner: dict[tuple[str, int], Decimal] = {}
    for row in documents.values_list("partner_type", "partner_id", "open_signed"):
        key = (row[0], row[1])
        per_partner[key] = per_partner.get(key, ZERO) + row[2]
    return [{"partner_type": k[0], "partner_id": k[1], "open_signed": v} for k, v in per_partner.items()]
