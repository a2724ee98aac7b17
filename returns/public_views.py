"""The customer's return pages, open to everybody (no login; declared public in the permission matrix).

1. ``start``: the order or delivery number and the phone or e-mail on it. Limited per client IP and per
   number (``returns.throttle``); a wrong number and a wrong phone get the same message.
2. ``lines``: the lines of that order (or delivery) that can still come back: quantity, reason, photos,
   a note. What matched is kept in the session, never in the URL.
3. ``returns:progress``: the request's page behind its random token: the steps in plain words, the
   rejection reason, where to send the goods, the refund, the replacement's tracking, and once the
   request is completed the feedback form (``feedback``).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from common.documents import document_history
from common.exceptions import DomainError
from returns import throttle
from returns.choices import RefundStatus, ReturnStatus
from returns.models import Refund, ReturnFeedback, ReturnRequest
from returns.public_forms import CustomerLinesForm, FeedbackForm, OrderLookupForm
from returns.services.public import (
    CustomerLineData,
    CustomerMatch,
    customer_order_find,
    customer_return_submit,
    customer_returnable_lines,
    number_normalise,
    return_feedback_give,
)

RS = ReturnStatus
SESSION_MATCH = "returns_public_match"
SESSION_NEW = "returns_public_new"
MATCH_SECONDS = 30 * 60  # how long a found order stays open for picking lines


class PublicMixin:
    """No login, not indexed, not cached, no referrer to other sites (the progress token is a key).

    ``same-origin``, not ``no-referrer``: under ``no-referrer`` Chromium sends ``Origin: null`` with the
    page's own form posts, and Django's CSRF check refuses them (the lookup and feedback forms)."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "same-origin"
        response["Cache-Control"] = "private, no-store"
        return response


def _match(request) -> CustomerMatch | None:
    data = request.session.get(SESSION_MATCH) or {}
    if data.get("until", 0) < time.time():
        return None
    return CustomerMatch.from_session(data)


class StartView(PublicMixin, TemplateView):
    template_name = "returns/public_start.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=OrderLookupForm()))

    def post(self, request, *args, **kwargs):
        form = OrderLookupForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        number = number_normalise(form.cleaned_data["number"])
        # Both counters move on every attempt; either one over its limit refuses the lookup.
        by_ip = throttle.hit("ip", throttle.client_ip(request))
        by_number = throttle.hit("number", number)
        if not (by_ip and by_number):
            response = self.response_class(
                request=request,
                template="returns/public_limited.html",
                context={"minutes": max(throttle.lookup_window() // 60, 1)},
                status=429,
            )
            response["Retry-After"] = str(throttle.lookup_window())
            return response
        match = customer_order_find(number=number, contact=form.cleaned_data["contact"])
        if match is None:
            form.add_error(
                None,
                _(
                    "We could not find an order with this number and this phone or e-mail. Check both "
                    "(the number is on your order confirmation or delivery note) and try again."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form))
        request.session.cycle_key()
        request.session[SESSION_MATCH] = {**match.as_session(), "until": time.time() + MATCH_SECONDS}
        return HttpResponseRedirect(reverse("returns_public:lines"))


class LinesView(PublicMixin, TemplateView):
    template_name = "returns/public_lines.html"

    def dispatch(self, request, *args, **kwargs):
        self.match = _match(request)
        if self.match is None:
            return HttpResponseRedirect(reverse("returns_public:start"))
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None, files=None):
        lines = customer_returnable_lines(self.match).select_related("delivery__order")
        return CustomerLinesForm(data, files, lines=lines)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs["form"]
        context["number"] = (
            form.lines[0].delivery.order.number if form.lines else ""
        )  # the customer typed it; nothing else about the order is shown
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            try:
                created = customer_return_submit(
                    match=self.match,
                    lines=[
                        CustomerLineData(line.pk, quantity, reason, tuple(photos))
                        for line, quantity, reason, photos in form.chosen()
                    ],
                    note=form.cleaned_data.get("note", ""),
                    language=translation.get_language() or "",
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                request.session.pop(SESSION_MATCH, None)
                request.session[SESSION_NEW] = created.public_token
                return HttpResponseRedirect(created.get_progress_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


def return_address(request_obj: ReturnRequest) -> str:
    """Where the customer sends the goods: ``RETURNS_RETURN_ADDRESS``, else the warehouse's address."""
    configured = getattr(settings, "RETURNS_RETURN_ADDRESS", "")
    if configured:
        return configured
    warehouse = request_obj.warehouse
    return f"{warehouse.name}, {warehouse.address}" if warehouse.address else warehouse.name


def progress_steps(obj: ReturnRequest) -> list[dict]:
    """The request's way in the customer's words: each step with when it happened (from the transition
    log), done or not; a rejected or cancelled request ends there."""
    reached = {}
    for log in document_history(obj):
        reached.setdefault(log.target, log.at)
    steps = [
        (RS.SUBMITTED, _("We have your request")),
        (RS.APPROVED, _("Approved: please send the goods back")),
        (RS.RECEIVED, _("Your goods arrived at our warehouse")),
        (RS.INSPECTED, _("We have checked the goods")),
        (RS.COMPLETED, _("Done")),
    ]
    if obj.status == RS.REJECTED:
        steps = [steps[0], (RS.REJECTED, _("We cannot accept this return"))]
    elif obj.status == RS.CANCELLED:
        steps = [s for s in steps if s[0] in reached] + [(RS.CANCELLED, _("Cancelled"))]
    order = [RS.SUBMITTED, RS.APPROVED, RS.RECEIVED, RS.INSPECTED, RS.COMPLETED]
    current = order.index(obj.status) if obj.status in order else -1
    result = []
    for status, label in steps:
        done = status in reached or (status in order and order.index(status) <= current)
        result.append(
            {
                "status": status,
                "label": label,
                "at": reached.get(status),
                "done": done,
                "current": status == obj.status,
            }
        )
    return result


# Lazy: made at import, shown in the language of each request.
REFUND_WORDS = {
    RefundStatus.PENDING: gettext_lazy("being prepared"),
    RefundStatus.APPROVED: gettext_lazy("approved, the payment is on its way"),
    RefundStatus.PAID: gettext_lazy("paid"),
}


class ProgressView(PublicMixin, TemplateView):
    """The customer's progress page, opened with the request's unguessable token."""

    template_name = "returns/progress.html"

    def get_object(self):
        return get_object_or_404(
            ReturnRequest.objects.select_related("warehouse", "replacement_delivery"),
            public_token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = kwargs.get("object") or self.get_object()
        refund = Refund.objects.filter(request=obj).first()
        feedback = ReturnFeedback.objects.filter(request=obj).first()
        just_sent = self.request.session.get(SESSION_NEW) == obj.public_token
        if just_sent:
            self.request.session.pop(SESSION_NEW, None)
        context.update(
            object=obj,
            refund=refund,
            refund_words=REFUND_WORDS.get(refund.status, "") if refund else "",
            steps=progress_steps(obj),
            lines=obj.lines.select_related("product", "product__unit", "reason"),
            show_address=obj.status == RS.APPROVED,
            return_address=return_address(obj),
            replacement=obj.replacement_delivery,
            feedback=feedback,
            feedback_form=kwargs.get("feedback_form")
            or (FeedbackForm() if obj.status == RS.COMPLETED and feedback is None else None),
            just_sent=just_sent,
            progress_link=self.request.build_absolute_uri(obj.get_progress_url()),
        )
        return context


class FeedbackView(PublicMixin, View):
    """POST the rating of a completed request (once), back to its progress page."""

    http_method_names = ["post"]

    def post(self, request, token):
        obj = get_object_or_404(ReturnRequest, public_token=token)
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            view = ProgressView(request=request, kwargs={"token": token})
            context = view.get_context_data(object=obj, feedback_form=form)
            return view.render_to_response(context, status=400)
        try:
            return_feedback_give(
                request=obj, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
        return HttpResponseRedirect(obj.get_progress_url())
