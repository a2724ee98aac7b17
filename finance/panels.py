"""The balance and open items of a supplier or customer on its page, through ``common.panels`` (the
partner apps depend on finance, so finance adds the panel rather than being imported by them)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from common import panels
from common.panels import Panel
from finance import selectors
from finance.choices import PartnerType

PANEL_ROWS = 10


def _panel(partner_type: str, partner, user, permission: str, report: str, filter_name: str) -> Panel | None:
    if not user.has_perm(permission):
        return None
    balance = selectors.partner_balance(partner_type=partner_type, partner_id=partner.pk)
    hint = (
        _("what we owe (below zero: a refund due to us)")
        if partner_type == PartnerType.SUPPLIER
        else _("what the customer owes (below zero: a credit of the customer)")
    )
    return Panel(
        "finance/_partner_panel.html",
        {
            "balance": balance,
            "balance_hint": hint,
            "open_items": list(
                selectors.partner_open_documents(partner_type=partner_type, partner_id=partner.pk)[
                    :PANEL_ROWS
                ]
            ),
            "report_url": reverse(f"reports:{report}") + f"?{filter_name}={partner.pk}",
        },
    )


def supplier_panel(supplier, user) -> Panel | None:
    return _panel(PartnerType.SUPPLIER, supplier, user, "finance.view_payables", "payables", "supplier")


def customer_panel(customer, user) -> Panel | None:
    return _panel(PartnerType.CUSTOMER, customer, user, "finance.view_receivables", "receivables", "customer")


def register() -> None:
    panels.register("suppliers.supplier", supplier_panel)
    panels.register("sales.customer", customer_panel)
