"""Every money effect on a partner is written here, inside the caller's transaction."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from common.bulk import plain_sql, rows_insert
from common.documents import document_number_next
from common.exceptions import DomainError
from finance.choices import PAYMENT_KIND_RULES, InvoiceDirection, PartnerType, PaymentKind, PaymentMethod
from finance.exceptions import (
    AllocationRefusedError,
    InvoiceRefusedError,
    LedgerAlreadyPostedError,
    PaymentRefusedError,
)
from finance.models import Allocation, Invoice, LedgerDocument, PartnerLedgerEntry, Payment
from finance.selectors import (
    DOCUMENT_FIGURES_COLUMNS,
    DOCUMENT_FIGURES_SQL,
    DocumentRef,
    document_open_amounts,
)

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PartnerRef:
    """A supplier or customer by type, id and name, so finance needs no import of the partner's app."""

    partner_type: str
    partner_id: int
    partner_name: str


def _document_fields(document) -> dict:
    """A document instance (with ``number``) or any reference with document_type/_id/_number."""
    if hasattr(document, "document_type"):
        return {
            "document_type": document.document_type,
            "document_id": document.document_id,
            "document_number": document.document_number,
        }
    return {
        "document_type": document._meta.label_lower,
        "document_id": document.pk,
        "document_number": document.number,
    }


def ledger_entry_post(
    *,
    partner: PartnerRef,
    entry_type: str,
    amount: Decimal,
    date: date_type,
    document,
    by,
    document_line_id: int | None = None,
    note: str = "",
) -> PartnerLedgerEntry:
    """Append one entry. The same effect of the same document (line) is refused the second time, by a
    unique constraint: the refusal ends the caller's transaction, which can only roll back."""
    amount = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    fields = _document_fields(document)
    if amount == 0:
        raise DomainError(
            _("%(number)s has no amount to enter in the ledger.") % {"number": fields["document_number"]}
        )
    try:
        entry = PartnerLedgerEntry(
            partner_type=partner.partner_type,
            partner_id=partner.partner_id,
            partner_name=partner.partner_name[:200],
            entry_type=entry_type,
            amount=amount,
            date=date,
            document_line_id=document_line_id,
            note=note[:200],
            created_by=by,
            **fields,
        )
        if plain_sql():
            return rows_insert([entry], along=_ledger_document_entry_sql(entry))[0]
        entry = rows_insert([entry])[0]
        _ledger_document_entry_orm(entry)
        return entry
    except IntegrityError as exc:
        raise LedgerAlreadyPostedError(
            _("%(number)s is already in the partner ledger.") % {"number": fields["document_number"]}
        ) from exc


_LEDGER_DOCUMENT_ENTRY_SQL = (
    f"INSERT INTO {LedgerDocument._meta.db_table} AS d ({', '.join(DOCUMENT_FIGURES_COLUMNS)}) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 0) "
    "ON CONFLICT (partner_type, partner_id, document_type, document_id) DO UPDATE SET "
    "net = d.net + EXCLUDED.net, date = LEAST(d.date, EXCLUDED.date), "
    "last_date = GREATEST(d.last_date, EXCLUDED.last_date), "
    "partner_name = GREATEST(d.partner_name, EXCLUDED.partner_name), "
    "document_number = GREATEST(d.document_number, EXCLUDED.document_number)"
)


def _ledger_document_entry_sql(entry: PartnerLedgerEntry) -> tuple[str, list]:
    """The entry added to its document's row (made by its first entry), as ``rows_insert`` runs it with
    the entry. The name and number kept are the greatest the entries carry, as the report from the
    entries shows them (``MAX``)."""
    return _LEDGER_DOCUMENT_ENTRY_SQL, [
        entry.partner_type,
        entry.partner_id,
        entry.partner_name,
        entry.document_type,
        entry.document_id,
        entry.document_number,
        entry.date,
        entry.date,
        entry.amount,
    ]


def _ledger_document_entry_orm(entry: PartnerLedgerEntry) -> None:
    """What ``_ledger_document_entry_sql`` does, for the databases other than PostgreSQL."""
    keys = {
        "partner_type": entry.partner_type,
        "partner_id": entry.partner_id,
        "document_type": entry.document_type,
        "document_id": entry.document_id,
    }
    updated = LedgerDocument.objects.filter(**keys).update(
        net=F("net") + entry.amount,
        date=Least("date", Value(entry.date)),
        last_date=Greatest("last_date", Value(entry.date)),
        partner_name=Greatest("partner_name", Value(entry.partner_name)),
        document_number=Greatest("document_number", Value(entry.document_number)),
    )
    if not updated:
        LedgerDocument.objects.create(
            **keys,
            partner_name=entry.partner_name,
            document_number=entry.document_number,
            date=entry.date,
            last_date=entry.date,
            net=entry.amount,
        )


def _ledger_document_allocations_sql(
    *, partner_type: str, partner_id: int, amounts: dict[tuple[str, int], Decimal], date: date_type
) -> tuple[str, list]:
    """The allocated amounts added to the documents' rows, as ``rows_insert`` runs it with the
    allocations. The rows are updated in the order of their keys, the same order everywhere."""
    keys = sorted(amounts)
    row = "(%s::varchar, %s::bigint, %s::numeric)"
    table = LedgerDocument._meta.db_table
    sql = (
        f"UPDATE {table} AS d SET allocated = d.allocated + v.amount, "
        "last_date = GREATEST(d.last_date, %s::date) "
        f"FROM (VALUES {', '.join([row] * len(keys))}) AS v(document_type, document_id, amount) "
        "WHERE d.partner_type = %s AND d.partner_id = %s "
        "AND d.document_type = v.document_type AND d.document_id = v.document_id"
    )
    params: list = [date]
    for key in keys:
        params += [key[0], key[1], amounts[key]]
    return sql, [*params, partner_type, partner_id]


def _ledger_document_allocations_orm(
    *, partner_type: str, partner_id: int, amounts: dict[tuple[str, int], Decimal], date: date_type
) -> None:
    for (document_type, document_id), amount in sorted(amounts.items()):
        LedgerDocument.objects.filter(
            partner_type=partner_type,
            partner_id=partner_id,
            document_type=document_type,
            document_id=document_id,
        ).update(allocated=F("allocated") + amount, last_date=Greatest("last_date", Value(date)))


def ledger_documents_fill() -> int:
    """Fill the empty ``LedgerDocument`` table from the entries and allocations in one statement; returns
    the number of documents. For data loaded in bulk (the benchmark's); the services keep it from then on,
    and the migration that adds the table carries its own copy. Plain SQL that PostgreSQL and SQLite run."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {LedgerDocument._meta.db_table} ({', '.join(DOCUMENT_FIGURES_COLUMNS)}) "
            f"{DOCUMENT_FIGURES_SQL}"
        )
        return cursor.rowcount


PAYMENT_DOCUMENT_TYPE = "finance.payment"


@dataclass(frozen=True)
class AllocationSpec:
    """Part of a payment (or credit) to set against one open document of the same partner."""

    document: DocumentRef
    amount: Decimal


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def _lock_documents(*, partner_type: str, partner_id: int, documents: Sequence[DocumentRef]) -> None:
    """Lock the ledger entries of ``documents`` in one query ordered by id (the same order everywhere),
    so two allocations to the same document wait for each other instead of both seeing it open."""
    if not documents:
        return
    condition = Q()
    for document in documents:
        condition |= Q(document_type=document.document_type, document_id=document.document_id)
    list(
        PartnerLedgerEntry.objects.select_for_update(of=("self",))
        .filter(condition, partner_type=partner_type, partner_id=partner_id)
        .order_by("id")
        .values_list("id", flat=True)
    )


def _allocate(
    *,
    partner_type: str,
    partner_id: int,
    source: DocumentRef,
    allocations: Sequence[AllocationSpec],
    date: date_type,
    by,
    payment: Payment | None = None,
) -> list[Allocation]:
    """Check and write allocations of ``source`` against documents; the caller holds the transaction.

    Every document must belong to the partner and have the sign opposite to the source (a receipt settles
    deliveries, a refund settles return credits); neither side may go beyond what is open on it.
    """
    keys = [(spec.document.document_type, spec.document.document_id) for spec in allocations]
    if len(set(keys)) != len(keys):
        raise AllocationRefusedError(
            _("Each document can be allocated once per payment."), field="allocations"
        )
    documents = [spec.document for spec in allocations]
    _lock_documents(partner_type=partner_type, partner_id=partner_id, documents=[source, *documents])
    opens = document_open_amounts(
        partner_type=partner_type, partner_id=partner_id, documents=[source, *documents]
    )
    source_net = opens.get((source.document_type, source.document_id))
    if source_net is None or source_net.open <= 0:
        raise AllocationRefusedError(
            _("%(number)s has nothing left to allocate.") % {"number": source.document_number}, field="amount"
        )
    left = source_net.open
    made = []
    for spec in allocations:
        amount = _money(spec.amount)
        document = spec.document
        if amount <= 0:
            raise AllocationRefusedError(_("Enter an amount greater than zero."), field="allocations")
        item = opens.get((document.document_type, document.document_id))
        if item is None or (item.net > 0) == (source_net.net > 0):
            raise AllocationRefusedError(
                _("%(number)s is not an open document this can settle.")
                % {"number": document.document_number},
                field="allocations",
            )
        if amount > item.open:
            raise AllocationRefusedError(
                _("%(number)s has only %(open)s open: %(amount)s is more than that.")
                % {"number": document.document_number, "open": item.open, "amount": amount},
                field="allocations",
            )
        if amount > left:
            raise AllocationRefusedError(
                _("Only %(left)s of %(number)s is left to allocate: %(amount)s is more than that.")
                % {"left": left, "number": source.document_number, "amount": amount},
                field="allocations",
            )
        left -= amount
        made.append(
            Allocation(
                partner_type=partner_type,
                partner_id=partner_id,
                document_type=document.document_type,
                document_id=document.document_id,
                document_number=item.document_number,
                settled_by_type=source.document_type,
                settled_by_id=source.document_id,
                settled_by_number=source_net.document_number,
                payment=payment,
                amount=amount,
                date=date,
                created_by=by,
            )
        )
    amounts: dict[tuple[str, int], Decimal] = {}
    for allocation in made:
        for key in (
            (allocation.document_type, allocation.document_id),
            (allocation.settled_by_type, allocation.settled_by_id),
        ):
            amounts[key] = amounts.get(key, Decimal(0)) + allocation.amount
    figures = {"partner_type": partner_type, "partner_id": partner_id, "amounts": amounts, "date": date}
    if plain_sql():
        return rows_insert(made, along=_ledger_document_allocations_sql(**figures))
    made = rows_insert(made)
    _ledger_document_allocations_orm(**figures)
    return made


def payment_post(
    *,
    kind: str,
    partner: PartnerRef,
    amount: Decimal,
    date: date_type,
    method: str,
    by,
    reference: str = "",
    note: str = "",
    allocations: Sequence[AllocationSpec] = (),
) -> Payment:
    """Post a payment, receipt or refund: the payment, its ledger entry and its allocations, at once.

    ``kind`` is a ``PaymentKind``: a supplier payment lowers what we owe the supplier, a refund received
    from a supplier lowers what the supplier owes us back, a customer receipt lowers what the customer
    owes, a customer refund lowers what we owe the customer. The allocations name open documents of the
    partner (``DocumentRef`` of a delivery, goods receipt, return ...), each no more than is open on it
    and together no more than ``amount``; the rest stays on the partner as a credit to allocate later
    with ``allocation_create``.

    For returns: a refund paid to a customer is ``payment_post(kind=PaymentKind.CUSTOMER_REFUND,
    partner=customer_ref(customer), amount=..., allocations=[AllocationSpec(DocumentRef(
    "returns.returnrequest", request.pk, request.number), amount)])`` — it settles the return's credit
    (the ``SALES_RETURN`` entry of the request). An app that keeps its own refund document and enters it
    with ``ledger_entry_post(entry_type=CUSTOMER_REFUND, document=refund)`` settles the credit with
    ``allocation_auto(partner=..., sources=[refund], documents=[request], by=...)`` instead. An exchange
    difference the customer pays is a ``CUSTOMER_RECEIPT`` allocated to the replacement's delivery; one
    we pay back is a ``CUSTOMER_REFUND`` allocated to the return's credit.
    """
    if kind not in PAYMENT_KIND_RULES:
        raise PaymentRefusedError(_("Choose what kind of payment this is."), field="kind")
    partner_type, entry_type, sign, prefix = PAYMENT_KIND_RULES[PaymentKind(kind)]
    if partner.partner_type != partner_type:
        raise PaymentRefusedError(_("This kind of payment is not for this partner."), field="partner")
    if method not in PaymentMethod.values:
        raise PaymentRefusedError(_("Choose how the money was paid."), field="method")
    if amount is None or _money(amount) <= 0:
        raise PaymentRefusedError(_("Enter an amount greater than zero."), field="amount")
    amount = _money(amount)
    total = sum((_money(spec.amount) for spec in allocations), Decimal(0))
    if total > amount:
        raise PaymentRefusedError(
            _("The allocations add up to %(total)s, more than the payment of %(amount)s.")
            % {"total": total, "amount": amount},
            field="allocations",
        )
    with transaction.atomic():
        payment = Payment.objects.create(
            number=document_number_next(prefix=prefix, on=date),
            kind=kind,
            partner_type=partner.partner_type,
            partner_id=partner.partner_id,
            partner_name=partner.partner_name[:200],
            date=date,
            method=method,
            reference=reference,
            amount=amount,
            note=note,
            created_by=by,
        )
        ledger_entry_post(
            partner=partner,
            entry_type=entry_type,
            amount=sign * amount,
            date=date,
            document=DocumentRef(PAYMENT_DOCUMENT_TYPE, payment.pk, payment.number),
            by=by,
            note=reference,
        )
        if allocations:
            _allocate(
                partner_type=partner.partner_type,
                partner_id=partner.partner_id,
                source=DocumentRef(PAYMENT_DOCUMENT_TYPE, payment.pk, payment.number),
                allocations=allocations,
                date=date,
                by=by,
                payment=payment,
            )
    return payment


def allocation_create(
    *,
    partner: PartnerRef,
    source: DocumentRef,
    allocations: Sequence[AllocationSpec],
    by,
    date: date_type | None = None,
) -> list[Allocation]:
    """Allocate a credit left on a partner later: the unallocated part of a payment (or of a sales
    payment, a refund, a return credit — any ledger document) against open documents of opposite sign."""
    if not allocations:
        raise AllocationRefusedError(_("Choose at least one document to allocate to."), field="allocations")
    day = date or timezone.localdate()
    with transaction.atomic():
        payment = None
        if source.document_type == PAYMENT_DOCUMENT_TYPE:
            payment = Payment.objects.filter(pk=source.document_id).first()
        return _allocate(
            partner_type=partner.partner_type,
            partner_id=partner.partner_id,
            source=source,
            allocations=allocations,
            date=day,
            by=by,
            payment=payment,
        )


PDF_MAGIC = b"%PDF-"
CONTRACT_MAX_BYTES = 10 * 1024 * 1024


def contract_check(upload) -> None:
    """A contract is a PDF (by its first bytes) or an image Pillow can read, at most 10 MB."""
    if upload.size > CONTRACT_MAX_BYTES:
        raise InvoiceRefusedError(_("The contract file is larger than 10 MB."), field="contract")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == PDF_MAGIC:
        return
    try:
        with Image.open(upload) as image:
            image.verify()
    except Exception as exc:
        raise InvoiceRefusedError(
            _("The contract must be a PDF file or an image."), field="contract"
        ) from exc
    finally:
        upload.seek(0)


def invoice_create(
    *,
    direction: str,
    number: str,
    date: date_type,
    amount: Decimal,
    document: DocumentRef,
    partner: PartnerRef,
    by,
    tax_amount: Decimal | None = None,
    note: str = "",
    contract=None,
) -> Invoice:
    """Record an invoice against an order (issued to a customer, received from a supplier)."""
    expected = PartnerType.CUSTOMER if direction == InvoiceDirection.ISSUED else PartnerType.SUPPLIER
    if direction not in InvoiceDirection.values or partner.partner_type != expected:
        raise InvoiceRefusedError(_("This invoice direction does not fit the partner."), field="direction")
    if amount is None or _money(amount) == 0:
        raise InvoiceRefusedError(_("Enter the amount of the invoice."), field="amount")
    if contract:
        contract_check(contract)
    try:
        with transaction.atomic():
            return Invoice.objects.create(
                direction=direction,
                number=number.strip(),
                date=date,
                amount=_money(amount),
                tax_amount=None if tax_amount is None else _money(tax_amount),
                document_type=document.document_type,
                document_id=document.document_id,
                document_number=document.document_number,
                partner_type=partner.partner_type,
                partner_id=partner.partner_id,
                partner_name=partner.partner_name[:200],
                note=note,
                contract=contract or "",
                created_by=by,
            )
    except IntegrityError as exc:
        raise InvoiceRefusedError(
            _("Invoice %(number)s of this partner is already recorded.") % {"number": number}, field="number"
        ) from exc


def _as_ref(document) -> DocumentRef:
    fields = _document_fields(document)
    return DocumentRef(fields["document_type"], fields["document_id"], fields["document_number"])


def allocation_auto(
    *, partner: PartnerRef, sources: Sequence, documents: Sequence, by, date: date_type | None = None
):
    """Settle ``documents`` with what is open on ``sources``, both in the order given (oldest first),
    each allocation as large as both sides allow; what cannot be allocated is left as it is.

    For apps that know which document a payment belongs to when they post it: a counter sale's payment
    and its delivery, a payment against an order and the order's deliveries, a refund and the return it
    refunds. Sources and documents are model instances (with ``number``) or ``DocumentRef``s.
    """
    source_refs = [_as_ref(source) for source in sources]
    document_refs = [_as_ref(document) for document in documents]
    if not source_refs or not document_refs:
        return []
    day = date or timezone.localdate()
    made = []
    with transaction.atomic():
        _lock_documents(
            partner_type=partner.partner_type,
            partner_id=partner.partner_id,
            documents=source_refs + document_refs,
        )
        opens = document_open_amounts(
            partner_type=partner.partner_type,
            partner_id=partner.partner_id,
            documents=source_refs + document_refs,
        )

        def open_of(ref):
            item = opens.get((ref.document_type, ref.document_id))
            return item if item is not None and item.open > 0 else None

        left = {(ref.document_type, ref.document_id): open_of(ref) for ref in source_refs + document_refs}
        remaining = {key: item.open for key, item in left.items() if item is not None}
        for source in source_refs:
            source_key = (source.document_type, source.document_id)
            specs = []
            for document in document_refs:
                key = (document.document_type, document.document_id)
                if key == source_key or remaining.get(source_key, 0) <= 0 or remaining.get(key, 0) <= 0:
                    continue
                if (left[key].net > 0) == (left[source_key].net > 0):
                    continue
                amount = min(remaining[source_key], remaining[key])
                remaining[source_key] -= amount
                remaining[key] -= amount
                specs.append(AllocationSpec(document, amount))
            payment = None
            if specs and source.document_type == PAYMENT_DOCUMENT_TYPE:
                payment = Payment.objects.filter(pk=source.document_id).first()
            if specs:
                made += _allocate(
                    partner_type=partner.partner_type,
                    partner_id=partner.partner_id,
                    source=source,
                    allocations=specs,
                    date=day,
                    by=by,
                    payment=payment,
                )
    return made
