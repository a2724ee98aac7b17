from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from api.webhooks import services
from api.webhooks.forms import DeliveryFilterForm, SubscriptionFilterForm, SubscriptionForm
from api.webhooks.models import WebhookDelivery, WebhookSubscription
from api.webhooks.selectors import deliveries_of, subscriptions_list, waiting_rows_of
from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin, form_add_domain_error

WAITING_ROWS_SHOWN = 10


class SubscriptionListView(StaffListView):
    model = WebhookSubscription
    permission_required = "webhooks.view_webhooksubscription"
    title = gettext_lazy("Webhook subscriptions")
    search_fields = ("name", "target_url", "note")
    filter_form_class = SubscriptionFilterForm
    create_url_name = "webhooks:subscription-create"
    default_sort = ("name", "pk")
    columns = [
        Column(gettext_lazy("name"), "name", sort="name", link=True),
        Column(gettext_lazy("target URL"), "target_url", sort="target_url"),
        Column(gettext_lazy("events"), "events_text"),
        Column(gettext_lazy("active"), "is_active", sort="is_active", kind="bool"),
        Column(gettext_lazy("last attempt"), "last_sent_at", sort="last_sent_at", kind="datetime"),
        Column(gettext_lazy("last answer"), "last_answer"),
        Column(gettext_lazy("waiting"), "pending", sort="pending"),
    ]

    def get_queryset(self):
        self.queryset = subscriptions_list()
        return super().get_queryset()


class SubscriptionDetailView(StaffMixin, DetailView):
    model = WebhookSubscription
    permission_required = "webhooks.view_webhooksubscription"
    template_name = "webhooks/subscription_detail.html"
    context_object_name = "subscription"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subscription, user = self.object, self.request.user
        filter_form = DeliveryFilterForm(self.request.GET or None)
        deliveries = filter_form.apply(deliveries_of(subscription=subscription))
        page = Paginator(deliveries, settings.LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        may_change = user.has_perm("webhooks.change_webhooksubscription")
        context.update(
            filter_form=filter_form,
            page_obj=page,
            paginator=page.paginator,
            deliveries=page.object_list,
            query_string=query.urlencode(),
            waiting=waiting_rows_of(subscription=subscription)[:WAITING_ROWS_SHOWN],
            failed_count=waiting_rows_of(subscription=subscription).filter(status="failed").count(),
            may_change=may_change,
            may_delete=user.has_perm("webhooks.delete_webhooksubscription"),
            may_see_deliveries=user.has_perm("webhooks.view_webhookdelivery"),
        )
        return context


class SubscriptionFormView(StaffMixin, FormView):
    """New subscription (no ``pk``) or edit one."""

    model = WebhookSubscription
    form_class = SubscriptionForm
    template_name = "webhooks/subscription_form.html"

    def get_permission_required(self):
        action = "change" if "pk" in self.kwargs else "add"
        return [f"webhooks.{action}_webhooksubscription"]

    @cached_property
    def object(self) -> WebhookSubscription | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(WebhookSubscription, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = self.object is not None
        return kwargs

    def get_initial(self):
        if self.object is None:
            return {}
        return {
            "name": self.object.name,
            "target_url": self.object.target_url,
            "events": self.object.events,
            "note": self.object.note,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "target_url": data["target_url"],
            "events": data["events"],
            "note": data["note"],
        }
        try:
            if self.object is None:
                subscription = services.webhook_subscription_create(**fields, by=self.request.user)
                messages.success(
                    self.request,
                    _("%(name)s was saved. Give the receiver its signing secret, shown below.")
                    % {"name": subscription},
                )
            else:
                subscription = services.webhook_subscription_update(
                    subscription=self.object, new_secret=data.get("new_secret", False), **fields
                )
                messages.success(self.request, _("%(name)s was saved.") % {"name": subscription})
        except DomainError as error:
            form_add_domain_error(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(subscription.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object is None:
            context["form_title"] = _("New webhook subscription")
            context["cancel_url"] = reverse("webhooks:subscription-list")
        else:
            context["form_title"] = _("Edit %(object)s") % {"object": self.object}
            context["cancel_url"] = self.object.get_absolute_url()
        return context


class SubscriptionActionMixin(StaffMixin):
    model = WebhookSubscription

    def get_object(self) -> WebhookSubscription:
        return get_object_or_404(WebhookSubscription, pk=self.kwargs["pk"])


class SubscriptionActivationView(SubscriptionActionMixin, TemplateView):
    """GET asks for confirmation; POST switches the subscription off or on."""

    permission_required = "webhooks.change_webhooksubscription"
    template_name = "common/confirm.html"

    def get_context_data(self, **kwargs):
        subscription = self.get_object()
        if subscription.is_active:
            question = _(
                "Deactivate %(object)s? It gets no more events, and deliveries still waiting are given up."
            )
            button = _("Deactivate")
        else:
            question = _("Activate %(object)s again? It gets the events from now on.")
            button = _("Activate")
        return super().get_context_data(
            question=question % {"object": subscription},
            button=button,
            cancel_url=subscription.get_absolute_url(),
            danger=subscription.is_active,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        subscription = services.webhook_subscription_activation(subscription=self.get_object())
        if subscription.is_active:
            messages.success(request, _("%(object)s is active again.") % {"object": subscription})
        else:
            messages.success(request, _("%(object)s was deactivated.") % {"object": subscription})
        return HttpResponseRedirect(subscription.get_absolute_url())


class SubscriptionDeleteView(SubscriptionActionMixin, TemplateView):
    permission_required = "webhooks.delete_webhooksubscription"
    template_name = "common/confirm.html"

    def get_context_data(self, **kwargs):
        subscription = self.get_object()
        return super().get_context_data(
            question=_(
                "Delete %(object)s with its delivery log? Deliveries still waiting are given up. "
                "This cannot be undone."
            )
            % {"object": subscription},
            button=_("Delete"),
            cancel_url=subscription.get_absolute_url(),
            danger=True,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        subscription = self.get_object()
        name = str(subscription)
        services.webhook_subscription_delete(subscription=subscription)
        messages.success(request, _("%(object)s was deleted.") % {"object": name})
        return HttpResponseRedirect(reverse("webhooks:subscription-list"))


class SubscriptionTestView(SubscriptionActionMixin, View):
    """POST: send a test event to this subscription through the outbox."""

    permission_required = "webhooks.change_webhooksubscription"

    def post(self, request, *args, **kwargs):
        subscription = self.get_object()
        try:
            services.webhook_test_send(subscription=subscription, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Test event queued for %(object)s: its answer appears in the delivery log in a moment.")
                % {"object": subscription},
            )
        return HttpResponseRedirect(subscription.get_absolute_url())


class SubscriptionResendView(SubscriptionActionMixin, View):
    """POST: queue the deliveries the outbox gave up on again (after the receiver was fixed)."""

    permission_required = "webhooks.change_webhooksubscription"

    def post(self, request, *args, **kwargs):
        subscription = self.get_object()
        try:
            count = services.webhook_failed_resend(subscription=subscription)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
                % {"count": count},
            )
        return HttpResponseRedirect(subscription.get_absolute_url())


class DeliveryDetailView(StaffMixin, DetailView):
    model = WebhookDelivery
    permission_required = "webhooks.view_webhookdelivery"
    template_name = "webhooks/delivery_detail.html"
    context_object_name = "delivery"

    def get_queryset(self):
        return WebhookDelivery.objects.select_related("subscription", "notification")
