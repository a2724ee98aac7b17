"""Read queries of purchasing for lists, detail pages, the supplier page and reports."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from inventory.models import StockBalance
from purchasing.choices import OPEN_ORDER_STATUSES, PurchaseReturnStatus
from purchasing.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReturn,
    PurchaseReturnLine,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)
COST = DecimalField(max_digits=18, decimal_places=4)
QTY = DecimalField(max_digits=14, decimal_places=3)
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
