"""回款: per order what is due, received and outstanding; overdue orders highlighted and listable."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy

from common.lists import Column
from common.views import StaffListView
from sales import selectors
from sales.forms import CollectionFilterForm
from sales.models import SalesOrder


class CollectionListView(StaffListView):
    model = SalesOrder
    permission_required = "sales.view_salespayment"
    template_name = "sales/collection_list.html"
    title = gettext_lazy("payment collection")
    search_fields = ("number", "customer__name", "customer__code")
    filter_form_class = CollectionFilterForm
    default_sort = ("-is_overdue", "due_date", "id")
    columns = [
        Column(gettext_lazy("number"), "number", sort="number", link=True),
        Column(gettext_lazy("customer"), "customer", sort="customer__name"),
        Column(gettext_lazy("payment due"), "due_date", sort="due_date", kind="date"),
        Column(gettext_lazy("due"), "amount_due", sort="amount_due", kind="money"),
        Column(gettext_lazy("received"), "amount_received", sort="amount_received", kind="money"),
        Column(gettext_lazy("outstanding"), "outstanding", sort="outstanding", kind="money"),
    ]

    def get_queryset(self):
        self.queryset = selectors.collection_orders()
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = self.object_list.order_by().aggregate(due=Sum("amount_due"), received=Sum("amount_received"))
        due, received = totals["due"] or Decimal("0"), totals["received"] or Decimal("0")
        context["totals"] = {"due": due, "received": received, "outstanding": due - received}
        return context
