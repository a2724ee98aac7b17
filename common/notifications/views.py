from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from common.notifications.selectors import inbox_for
from common.notifications.services import notification_mark_read


class NotificationListView(LoginRequiredMixin, ListView):
    """Every signed-in user's own in-app messages; nobody sees another user's, so a login is the only
    permission needed."""

    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"

    def get_paginate_by(self, queryset):
        return settings.LIST_PAGE_SIZE

    def get_queryset(self):
        self.unread_only = self.request.GET.get("unread") == "1"
        return inbox_for(user=self.request.user, unread_only=self.unread_only)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            unread_only=self.unread_only, query_string=query.urlencode(), **kwargs
        )


class NotificationReadView(LoginRequiredMixin, View):
    """POST: mark one message read, then open its link (or go back to the list)."""

    def post(self, request, pk):
        notification = get_object_or_404(inbox_for(user=request.user), pk=pk)
        notification_mark_read(user=request.user, notification_id=notification.pk)
        target = notification.url if request.POST.get("open") else request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = ""
        return HttpResponseRedirect(target or reverse("notifications:list"))


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = notification_mark_read(user=request.user)
        messages.success(request, _("%(count)s messages marked as read.") % {"count": count})
        return HttpResponseRedirect(reverse("notifications:list"))
