from django.db.models import Case, CharField, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from inventory import selectors as inventory_selectors
from inventory.models import Product
from sales.models import Customer
from suppliers.models import Supplier


def dashboard_figures(*, user) -> list[dict]:
    """The dashboard cards the user may see, each with a label, a value, a kind and a link."""
    figures = []
    if user.has_perm("inventory.view_stockbalance"):
        totals = inventory_selectors.stock_totals(inventory_selectors.stock_balances())
        figures.append(
            {
                "label": _("Stock value"),
                "value": totals["value"],
                "kind": "money",
                "url": reverse("inventory:stock"),
            }
        )
        figures.append(
            {
                "label": _("Products below safety stock"),
                "value": inventory_selectors.products_below_safety_stock().count(),
                "kind": "count",
                "url": reverse("inventory:stock") + "?below_safety=on",
                "warn": True,
            }
        )
    if user.has_perm("inventory.view_product"):
        figures.append(
            {
                "label": _("Active products"),
                "value": Product.objects.filter(is_active=True).count(),
                "kind": "count",
                "url": reverse("inventory:product-list") + "?is_active=1",
            }
        )
    if user.has_perm("sales.view_customer"):
        figures.append(
            {
                "label": _("Customers"),
                "value": Customer.objects.filter(is_active=True, stage="customer").count(),
                "kind": "count",
                "url": reverse("sales:customer-list") + "?stage=customer",
            }
        )
    if user.has_perm("suppliers.view_supplier"):
        figures.append(
            {
                "label": _("Suppliers"),
                "value": Supplier.objects.filter(is_active=True).count(),
                "kind": "count",
                "url": reverse("suppliers:supplier-list") + "?is_active=1",
            }
        )
    return figures


def category_labels(*, top_level: bool = False) -> dict[int, str]:
    """Each category's id and its path ("Food / Fruit"), or with ``top_level`` its top-level name."""
    labels: dict[int, str] = {}
    path: list[str] = []
    for category, depth in inventory_selectors.category_tree(active_only=False):
        path[depth:] = [category.name]
        labels[category.pk] = path[0] if top_level else " / ".join(path)
    return labels


def category_label_case(field: str, *, top_level: bool = False) -> Case:
    """An SQL expression naming the category whose id is in ``field`` (``category_labels``), so that rows
    can be grouped by it in SQL."""
    ids_by_label: dict[str, list[int]] = {}
    for category_id, label in category_labels(top_level=top_level).items():
        ids_by_label.setdefault(label, []).append(category_id)
    return Case(
        *[When(**{f"{field}__in": ids}, then=Value(label)) for label, ids in ids_by_label.items()],
        default=Value(""),
        output_field=CharField(),
    )
