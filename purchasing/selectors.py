"""Read queries of purchasing for lists, detail pages, the supplier page and reports."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate

from inventory.models import Category, Product, StockBalance
from purchasing.choices import OPEN_ORDER_STATUSES, PurchaseReturnStatus
from purchasing.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReturn,
    PurchaseReturnLine,
)
from suppliers.models import Supplier

MONEY = DecimalField(max_digits=14, decimal_places=2)
QTY = DecimalField(max_digits=14, decimal_places=3)
COST = DecimalField(max_digits=18, decimal_places=4)
ZERO = Value(Decimal("0"))


def purchase_orders(*, queryset=None) -> QuerySet[PurchaseOrder]:
    queryset = queryset if queryset is not None else PurchaseOrder.objects.all()
    return queryset.select_related("supplier", "warehouse", "created_by")


def purchase_order_lines(*, order: PurchaseOrder) -> QuerySet[PurchaseOrderLine]:
    return order.lines.select_related("product__unit").annotate(
        receipt_count=Count("receipt_lines"),
    )


def purchase_order_receipt_lines(*, order: PurchaseOrder) -> QuerySet[GoodsReceiptLine]:
    """Every line of every receipt of the order: what arrived, what was refused and why."""
    return (
        GoodsReceiptLine.objects.filter(receipt__order=order)
        .select_related("receipt__created_by", "product__unit", "location__warehouse", "lot")
        .order_by("receipt__created_at", "receipt_id", "id")
    )


def goods_receipts(*, queryset=None) -> QuerySet[GoodsReceipt]:
    queryset = queryset if queryset is not None else GoodsReceipt.objects.all()
    return queryset.select_related("order", "supplier", "warehouse", "created_by")


def purchase_returns(*, queryset=None) -> QuerySet[PurchaseReturn]:
    queryset = queryset if queryset is not None else PurchaseReturn.objects.all()
    return queryset.select_related("supplier", "warehouse", "created_by")


def supplier_open_orders(*, supplier_id: int) -> QuerySet[PurchaseOrder]:
    return purchase_orders(
        queryset=PurchaseOrder.objects.filter(supplier_id=supplier_id, status__in=OPEN_ORDER_STATUSES)
    ).order_by("expected_date", "created_at")


def supplier_purchase_summary(*, supplier_id: int) -> dict:
    """What was received from a supplier and what went back, in money, over all time."""
    received = GoodsReceipt.objects.filter(supplier_id=supplier_id).aggregate(
        count=Count("id"), total=Coalesce(Sum("total"), ZERO, output_field=MONEY)
    )
    returned = PurchaseReturn.objects.filter(
        supplier_id=supplier_id, status=PurchaseReturnStatus.SHIPPED
    ).aggregate(count=Count("id"), total=Coalesce(Sum("total"), ZERO, output_field=MONEY))
    orders = PurchaseOrder.objects.filter(supplier_id=supplier_id).aggregate(
        count=Count("id"), open=Count("id", filter=Q(status__in=OPEN_ORDER_STATUSES))
    )
    return {"received": received, "returned": returned, "orders": orders}


def supplier_purchase_history(*, supplier_id: int, limit: int = 15) -> list:
    """The latest receipts and shipped returns of a supplier, newest first."""
    receipts = goods_receipts(queryset=GoodsReceipt.objects.filter(supplier_id=supplier_id)).order_by(
        "-created_at"
    )[:limit]
    returns = purchase_returns(
        queryset=PurchaseReturn.objects.filter(supplier_id=supplier_id, status=PurchaseReturnStatus.SHIPPED)
    ).order_by("-created_at")[:limit]
    rows = [
        {"document": r, "kind": "receipt", "date": r.date, "amount": r.total, "at": r.created_at}
        for r in receipts
    ] + [
        {"document": r, "kind": "return", "date": r.date, "amount": -r.total, "at": r.created_at}
        for r in returns
    ]
    return sorted(rows, key=lambda row: row["at"], reverse=True)[:limit]


def purchase_return_estimates(*, document_ids) -> dict[int, Decimal]:
    """The credit returns not yet shipped are expected to bring: each line at the current average cost of
    its product in its location and lot (shipping fixes the real figure). One query."""
    average = (
        StockBalance.objects.annotate(lot_key=Coalesce("lot_id", 0))
        .filter(
            product_id=OuterRef("product_id"),
            location_id=OuterRef("location_id"),
            lot_key=OuterRef("lot_key"),
            on_hand__gt=0,
        )
        .annotate(average=ExpressionWrapper(F("value") / F("on_hand"), output_field=COST))
        .values("average")[:1]
    )
    rows = (
        PurchaseReturnLine.objects.filter(document_id__in=list(document_ids))
        .annotate(lot_key=Coalesce("lot_id", 0))
        .annotate(average=Coalesce(Subquery(average, output_field=COST), ZERO, output_field=COST))
        .values("document_id")
        .order_by()
        .annotate(total=Sum(ExpressionWrapper(F("quantity") * F("average"), output_field=COST)))
    )
    return {row["document_id"]: Decimal(row["total"]).quantize(Decimal("0.01")) for row in rows}


# Reports: 进货明细表 (detail) and 进货汇总表 (summary). Goods received count positive at the order price;
# goods shipped back to suppliers count negative at the cost they left at. Filters are keyword arguments
# so that the reports app declares its forms and only asks for rows.


@dataclass(frozen=True)
class PurchaseFilters:
    date_from: date | None = None
    date_to: date | None = None
    supplier_id: int | None = None
    warehouse_id: int | None = None
    category_ids: frozenset[int] | None = None  # a category and everything below it
    search: str = ""


def _receipt_lines(filters: PurchaseFilters) -> QuerySet[GoodsReceiptLine]:
    lines = GoodsReceiptLine.objects.filter(accepted_quantity__gt=0)
    return _filtered(lines, filters, date="receipt__date", document="receipt")


def _return_lines(filters: PurchaseFilters) -> QuerySet[PurchaseReturnLine]:
    lines = PurchaseReturnLine.objects.filter(document__status=PurchaseReturnStatus.SHIPPED)
    return _filtered(lines, filters, date="document__shipped_at__date", document="document")


def _filtered(lines, filters: PurchaseFilters, *, date: str, document: str):
    """``document``: the path from a row to its receipt or return, "" for the document itself."""
    document = f"{document}__" if document else ""
    if filters.date_from:
        lines = lines.filter(**{f"{date}__gte": filters.date_from})
    if filters.date_to:
        lines = lines.filter(**{f"{date}__lte": filters.date_to})
    if filters.supplier_id:
        lines = lines.filter(**{f"{document}supplier_id": filters.supplier_id})
    if filters.warehouse_id:
        lines = lines.filter(**{f"{document}warehouse_id": filters.warehouse_id})
    if filters.category_ids is not None:
        lines = lines.filter(product__category_id__in=filters.category_ids)
    for word in filters.search.split():
        lines = lines.filter(
            Q(product__sku__icontains=word)
            | Q(product__name__icontains=word)
            | Q(**{f"{document}number__icontains": word})
        )
    return lines


def _detail_values(
    lines, *, kind: str, date, number: str, order_number, supplier: str, warehouse: str, **values
):
    """The same columns in the same order for receipts and returns, so that the two can be united."""
    return lines.values(
        date=date,
        number=F(number),
        kind=Value(kind, output_field=CharField()),
        order_number=order_number,
        supplier=F(supplier),
        sku=F("product__sku"),
        product_name=F("product__name"),
        category=F("product__category__name"),
        unit=F("product__unit__name"),
        warehouse=F(warehouse),
        line_id=F("id"),
        **values,
    )


def purchase_detail_parts(*, filters: PurchaseFilters, kind: str = "") -> tuple[QuerySet, QuerySet]:
    """Receipt lines and shipped return lines as rows of the same shape (either may be empty by ``kind``)."""
    receipts = _detail_values(
        _receipt_lines(filters),
        kind="receipt",
        date=F("receipt__date"),
        number="receipt__number",
        order_number=F("receipt__order__number"),
        supplier="receipt__supplier__name",
        warehouse="receipt__warehouse__name",
        line_quantity=F("accepted_quantity"),
        line_price=F("unit_price"),
        line_amount=F("amount"),
    )
    returns = _detail_values(
        _return_lines(filters),
        kind="return",
        date=TruncDate("document__shipped_at"),
        number="document__number",
        order_number=Value("", output_field=CharField()),
        supplier="document__supplier__name",
        warehouse="document__warehouse__name",
        line_quantity=ExpressionWrapper(-F("quantity"), output_field=QTY),
        line_price=F("unit_cost"),
        line_amount=ExpressionWrapper(-F("amount"), output_field=MONEY),
    )
    if kind == "receipt":
        returns = returns.none()
    elif kind == "return":
        receipts = receipts.none()
    return receipts, returns


def purchase_detail(*, filters: PurchaseFilters, kind: str = "") -> QuerySet:
    """进货明细表: one row per received or returned line, returns negative."""
    receipts, returns = purchase_detail_parts(filters=filters, kind=kind)
    return receipts.order_by().union(returns.order_by(), all=True)


def purchase_detail_totals(*, filters: PurchaseFilters, kind: str = "") -> dict:
    """Quantity and amount over both parts (an aggregate cannot run over a UNION in Django)."""
    totals = {"line_quantity": Decimal("0"), "line_amount": Decimal("0")}
    for part in purchase_detail_parts(filters=filters, kind=kind):
        result = part.order_by().aggregate(quantity=Sum("line_quantity"), amount=Sum("line_amount"))
        totals["line_quantity"] += result["quantity"] or 0
        totals["line_amount"] += result["amount"] or 0
    return totals


def _total(lines, link: str, value) -> Coalesce:
    """``Sum(value)`` of the ``lines`` whose ``link`` is the outer row, as a correlated subquery."""
    subquery = (
        lines.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(total=Sum(value))
        .values("total")
    )
    return Coalesce(Subquery(subquery, output_field=MONEY), ZERO, output_field=MONEY)


SUMMARY_GROUPS = {
    # group: (model, link from a receipt line, link from a return line, row keys)
    "supplier": (
        Supplier,
        "receipt__supplier_id",
        "document__supplier_id",
        {"group_code": F("code"), "group_name": F("name")},
    ),
    "product": (
        Product,
        "product_id",
        "product_id",
        {
            "group_code": F("sku"),
            "group_name": F("name"),
            "group_category": F("category__name"),
            "group_unit": F("unit__name"),
        },
    ),
    "category": (Category, "product__category_id", "product__category_id", {"group_name": F("name")}),
}


def purchase_summary(*, filters: PurchaseFilters, group_by: str = "supplier") -> QuerySet:
    """进货汇总表: per supplier, product or category, what was received and returned and the net."""
    model, receipt_link, return_link, keys = SUMMARY_GROUPS[group_by]
    receipts, returns = _receipt_lines(filters), _return_lines(filters)
    count = Subquery(
        receipts.filter(**{receipt_link: OuterRef("pk")})
        .order_by()
        .values(receipt_link)
        .annotate(total=Count("receipt_id", distinct=True))
        .values("total"),
        output_field=IntegerField(),
    )
    return (
        model.objects.annotate(
            received_quantity=_total(receipts, receipt_link, "accepted_quantity"),
            received_amount=_total(receipts, receipt_link, "amount"),
            returned_quantity=_total(returns, return_link, "quantity"),
            returned_amount=_total(returns, return_link, "amount"),
            receipts=Coalesce(count, 0),
        )
        .filter(Q(received_quantity__gt=0) | Q(returned_quantity__gt=0))
        .values(
            "received_quantity",
            "received_amount",
            "returned_quantity",
            "returned_amount",
            "receipts",
            **keys,
            net_amount=ExpressionWrapper(F("received_amount") - F("returned_amount"), output_field=MONEY),
        )
    )


def purchase_monthly(
    *, filters: PurchaseFilters
) -> tuple[tuple[QuerySet, str, str], tuple[QuerySet, str, str]]:
    """What was received and what was returned, each as (rows, date field, amount field) to sum by month.
    Received: whole receipts (a receipt's total is its lines' amounts, a sixth of the rows) unless a
    category or a search asks for products, then their lines."""
    returned = (_return_lines(filters), "document__shipped_at", "amount")
    if filters.category_ids is not None or filters.search.strip():
        return (_receipt_lines(filters), "receipt__date", "amount"), returned
    receipts = _filtered(GoodsReceipt.objects.all(), filters, date="date", document="")
    return (receipts, "date", "total"), returned
