"""Customers and prospects (潜在客户): lists, the customer page with its sales panels and visit notes."""

from django.contrib import messages
from django.db.models import Max, Min, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from common.exceptions import DomainError
from common.lists import Column
from common.panels import detail_panels
from common.views import ContactsMixin, StaffDetailView, StaffListView, StaffMixin
from sales import selectors, services
from sales.choices import CustomerStage
from sales.forms import CustomerContactForm, CustomerFilterForm, CustomerVisitForm, ProspectFilterForm
from sales.models import Customer


class CustomerListView(StaffListView):
    search_fields = ("code", "name", "contact_name", "phone", "email")
    filter_form_class = CustomerFilterForm
    columns = [
        Column(gettext_lazy("code"), "code", sort="code", link=True),
        Column(gettext_lazy("name"), "name", sort="name"),
        Column(gettext_lazy("customer type"), "customer_type", sort="customer_type"),
        Column(gettext_lazy("stage"), "stage", sort="stage"),
        Column(gettext_lazy("contact"), "contact_name"),
        Column(gettext_lazy("phone"), "phone"),
        Column(gettext_lazy("credit limit"), "credit_limit", sort="credit_limit", kind="money"),
        Column(gettext_lazy("active"), "is_active", kind="bool"),
    ]


class ProspectListView(StaffListView):
    """潜在客户: prospects with their last visit and the next follow-up."""

    model = Customer
    permission_required = "sales.view_customer"
    template_name = "sales/prospect_list.html"
    title = gettext_lazy("prospects")
    search_fields = ("code", "name", "contact_name", "phone", "note")
    filter_form_class = ProspectFilterForm
    create_url_name = "sales:customer-create"
    default_sort = ("next_follow_up", "name")
    columns = [
        Column(gettext_lazy("code"), "code", sort="code", link=True),
        Column(gettext_lazy("name"), "name", sort="name"),
        Column(gettext_lazy("contact"), "contact_name"),
        Column(gettext_lazy("phone"), "phone"),
        Column(gettext_lazy("last visit"), "last_visit", sort="last_visit", kind="date"),
        Column(gettext_lazy("next follow-up"), "next_follow_up", sort="next_follow_up", kind="date"),
    ]

    def get_queryset(self):
        today = timezone.localdate()
        self.queryset = Customer.objects.filter(stage=CustomerStage.PROSPECT, is_active=True).annotate(
            last_visit=Max("visits__date"),
            next_follow_up=Min("visits__next_follow_up", filter=Q(visits__next_follow_up__gte=today)),
        )
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_convert"] = self.request.user.has_perm("sales.change_customer")
        context["today"] = timezone.localdate()
        return context


class CustomerDetailView(ContactsMixin, StaffDetailView):
    model = Customer
    permission_required = "sales.view_customer"
    template_name = "sales/customer_detail.html"
    edit_url_name = "sales:customer-edit"
    deactivate_url_name = "sales:customer-activation"
    contact_form_class = CustomerContactForm
    contact_add_url_name = "sales:customer-contact-add"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("contacts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        customer, user = self.object, self.request.user
        if user.has_perm("sales.view_customervisit"):
            context["visits"] = customer.visits.select_related("created_by")[:20]
        if user.has_perm("sales.add_customervisit"):
            context.setdefault("visit_form", CustomerVisitForm(initial={"date": timezone.localdate()}))
        context["can_convert"] = customer.is_prospect and user.has_perm("sales.change_customer")
        if user.has_perm("sales.view_salesorder"):
            context["orders"] = selectors.customer_orders(customer_id=customer.pk)
            context["retail_returns"] = selectors.customer_retail_returns(customer_id=customer.pk)
            context["can_order"] = user.has_perm("sales.add_salesorder") and not customer.is_prospect
        if user.has_perm("sales.view_salesorder") or user.has_perm("finance.view_partnerledgerentry"):
            context["summary"] = selectors.customer_summary(customer)
        context["panels"] = detail_panels(customer, user)
        return context


class CustomerVisitAddView(StaffMixin, View):
    permission_required = "sales.add_customervisit"

    def post(self, request, pk):
        customer = get_object_or_404(Customer, pk=pk)
        form = CustomerVisitForm(request.POST)
        if form.is_valid():
            try:
                services.customer_visit_add(customer=customer, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The visit note was added."))
                return HttpResponseRedirect(customer.get_absolute_url())
        view = CustomerDetailView()
        view.setup(request, pk=pk)
        view.object = view.get_object()
        return view.render_to_response(view.get_context_data(visit_form=form), status=400)


class ProspectConvertView(StaffMixin, View):
    permission_required = "sales.change_customer"

    def post(self, request, pk):
        customer = get_object_or_404(Customer, pk=pk)
        try:
            services.prospect_convert(customer=customer, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(customer)s is now a customer.") % {"customer": customer})
        if request.POST.get("next") == "prospects":
            return HttpResponseRedirect(reverse("sales:prospect-list"))
        return HttpResponseRedirect(customer.get_absolute_url())
