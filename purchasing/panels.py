"""What purchasing adds to the supplier page: the payable, open orders and purchase history.

The supplier page belongs to ``suppliers``, which purchasing depends on, so the page cannot import
purchasing. Purchasing registers this panel through ``common.panels`` instead and reads the payable from
``finance.selectors``.
"""

from django.urls import reverse

from common import panels
from common.panels import Panel
from finance import selectors as finance_selectors
from finance.choices import PartnerType
from purchasing import selectors


def supplier_panel(supplier, user) -> Panel | None:
    can_see_orders = user.has_perm("purchasing.view_purchaseorder")
    can_see_money = can_see_orders or user.has_perm("finance.view_partnerledgerentry")
    if not can_see_money:
        return None
    balance = finance_selectors.partner_balance(partner_type=PartnerType.SUPPLIER, partner_id=supplier.pk)
    context = {
        "supplier": supplier,
        "balance": balance,
        "refund_due": -balance if balance < 0 else None,
        "can_see_orders": can_see_orders,
    }
    if can_see_orders:
        context.update(
            open_orders=selectors.supplier_open_orders(supplier_id=supplier.pk),
            history=selectors.supplier_purchase_history(supplier_id=supplier.pk),
            summary=selectors.supplier_purchase_summary(supplier_id=supplier.pk),
            orders_url=reverse("purchasing:order-list") + f"?supplier={supplier.pk}",
        )
        if user.has_perm("purchasing.add_purchaseorder") and supplier.is_active:
            context["new_order_url"] = reverse("purchasing:order-create") + f"?supplier={supplier.pk}"
    return Panel("purchasing/_supplier_panel.html", context)


def register() -> None:
    panels.register("suppliers.supplier", supplier_panel)
