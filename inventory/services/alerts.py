"""Low-stock alerts (库存预警): open one alert per product and place while available stock is below its
safety stock, close it when stock recovers, and tell purchasing about new ones.

A product's own safety stock is company-wide (all warehouses together, alert without a warehouse);
``WarehouseSafetyStock`` sets a level for one warehouse (alert for that warehouse). Available stock is
on hand less reserved, goods in transit not included.
"""

from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from common.notifications import notify_permission_holders, webhook_event_emit
from common.notifications.choices import NotificationKind, WebhookEvent
from inventory.choices import AlertStatus
from inventory.models import LowStockAlert, Product, StockBalance, WarehouseSafetyStock

ALERT_PERMISSION = "inventory.change_lowstockalert"  # purchasing clerks, who acknowledge alerts
QTY = DecimalField(max_digits=14, decimal_places=3)
ZERO = Value(Decimal("0"), output_field=QTY)


def _available(**outer):
    balances = (
        StockBalance.objects.filter(location__is_transit=False, **outer)
        .values("product")
        .annotate(total=Sum(ExpressionWrapper(F("on_hand") - F("reserved"), output_field=QTY)))
        .values("total")
    )
    return Coalesce(Subquery(balances, output_field=QTY), ZERO)


def low_stock_levels() -> dict[tuple[int, int | None], tuple[Decimal, Decimal]]:
    """(product id, warehouse id or None) -> (available, safety stock) for every place below its level."""
    below = {}
    company = (
        Product.objects.filter(is_active=True, safety_stock__gt=0)
        .annotate(available=_available(product=OuterRef("pk")))
        .filter(available__lt=F("safety_stock"))
        .values_list("pk", "available", "safety_stock")
    )
    for product_id, available, level in company:
        below[(product_id, None)] = (available, level)
    per_warehouse = (
        WarehouseSafetyStock.objects.filter(
            quantity__gt=0, product__is_active=True, warehouse__is_active=True
        )
        .annotate(
            available=_available(product=OuterRef("product_id"), location__warehouse=OuterRef("warehouse_id"))
        )
        .filter(available__lt=F("quantity"))
        .values_list("product_id", "warehouse_id", "available", "quantity")
    )
    for product_id, warehouse_id, available, level in per_warehouse:
        below[(product_id, warehouse_id)] = (available, level)
    return below


def low_stock_scan() -> dict:
    """Open missing alerts, close recovered ones; safe to run twice or at the same time as another run.

    Opening relies on the partial unique constraint (one non-closed alert per product and place): rows a
    concurrent run already opened are skipped, and only the rows this run opened are notified.
    """
    now = timezone.now()
    below = low_stock_levels()
    with transaction.atomic():
        open_alerts = {
            (a.product_id, a.warehouse_id): a
            for a in LowStockAlert.objects.exclude(status=AlertStatus.CLOSED).only(
                "product_id", "warehouse_id"
            )
        }
        recovered = [alert.pk for key, alert in open_alerts.items() if key not in below]
        closed = (
            LowStockAlert.objects.filter(pk__in=recovered)
            .exclude(status=AlertStatus.CLOSED)
            .update(status=AlertStatus.CLOSED, closed_at=now)
        )
        LowStockAlert.objects.bulk_create(
            [
                LowStockAlert(
                    product_id=product_id,
                    warehouse_id=warehouse_id,
                    opened_at=now,
                    available_at_open=available,
                    safety_stock=level,
                )
                for (product_id, warehouse_id), (available, level) in below.items()
                if (product_id, warehouse_id) not in open_alerts
            ],
            ignore_conflicts=True,
        )
        opened = list(
            LowStockAlert.objects.filter(opened_at=now, status=AlertStatus.OPEN).select_related(
                "product__unit", "warehouse"
            )
        )
        for alert in opened:
            _notify(alert)
            webhook_event_emit(event=WebhookEvent.STOCK_LOW, payload=partial(_webhook_payload, alert))
    return {"opened": len(opened), "closed": closed, "below": len(below)}


def _notify(alert: LowStockAlert) -> None:
    place = alert.warehouse.name if alert.warehouse else _("all warehouses")
    notify_permission_holders(
        permission=ALERT_PERMISSION,
        kind=NotificationKind.LOW_STOCK,
        subject=_("Low stock: %(product)s") % {"product": alert.product},
        body=_("%(product)s in %(place)s: %(available)s available, safety stock %(level)s %(unit)s.")
        % {
            "product": alert.product,
            "place": place,
            "available": f"{alert.available_at_open.normalize():f}",
            "level": f"{alert.safety_stock.normalize():f}",
            "unit": alert.product.unit,
        },
        url=alert.product.get_absolute_url(),
    )


def _webhook_payload(alert: LowStockAlert) -> dict:
    return {
        "product": {"sku": alert.product.sku, "name": alert.product.name},
        "warehouse": alert.warehouse.code if alert.warehouse else None,
        "available": f"{alert.available_at_open.normalize():f}",
        "safety_stock": f"{alert.safety_stock.normalize():f}",
        "unit": alert.product.unit.code,
        "opened_at": alert.opened_at.isoformat(),
    }


def low_stock_alert_acknowledge(*, alert: LowStockAlert, by) -> LowStockAlert:
    """Someone has seen the alert; it stays until stock recovers, so no new one opens meanwhile."""
    with transaction.atomic():
        alert = LowStockAlert.objects.select_for_update().get(pk=alert.pk)
        if alert.status != AlertStatus.OPEN:
            raise DomainError(_("Only an open alert can be acknowledged."))
        alert.status, alert.acknowledged_by, alert.acknowledged_at = (
            AlertStatus.ACKNOWLEDGED,
            by,
            timezone.now(),
        )
        alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    return alert
