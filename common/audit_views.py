"""The audit trail page (操作日志): managers search who changed what, when, from what to what.

Read-only by design: the app has no view that edits or deletes an audit row (the admin shows them
read-only too, see common/admin.py).
"""

import datetime

from auditlog.models import LogEntry
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from common.audit import audited_models
from common.forms import StyledForm
from common.views import StaffMixin


class AuditFilterForm(StyledForm):
    user = forms.ModelChoiceField(label=_("User"), queryset=get_user_model().objects.none(), required=False)
    model = forms.ChoiceField(label=_("Record type"), required=False)
    document = forms.CharField(label=_("Document or record"), max_length=100, required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *LogEntry.Action.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.order_by("username")
        types = ContentType.objects.get_for_models(*audited_models())
        self.fields["model"].choices = [("", _("All"))] + sorted(
            ((str(ct.pk), str(model._meta.verbose_name).capitalize()) for model, ct in types.items()),
            key=lambda choice: choice[1],
        )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["user"]:
            queryset = queryset.filter(actor=data["user"])
        if data["model"]:
            queryset = queryset.filter(content_type_id=int(data["model"]))
        if data["document"]:
            text = data["document"].strip()
            match = Q(object_repr__icontains=text)
            if text.isdigit():
                match |= Q(object_pk=text)
            queryset = queryset.filter(match)
        zone = timezone.get_current_timezone()
        if data["date_from"]:
            start = datetime.datetime.combine(data["date_from"], datetime.time.min, tzinfo=zone)
            queryset = queryset.filter(timestamp__gte=start)
        if data["date_to"]:
            end = datetime.datetime.combine(data["date_to"], datetime.time.min, tzinfo=zone)
            queryset = queryset.filter(timestamp__lt=end + datetime.timedelta(days=1))
        if data["action"] not in (None, ""):
            queryset = queryset.filter(action=int(data["action"]))
        return queryset


class AuditLogView(StaffMixin, ListView):
    permission_required = "auditlog.view_logentry"
    template_name = "common/audit_log.html"
    model = LogEntry

    def get_paginate_by(self, queryset):
        return settings.LIST_PAGE_SIZE

    def get_queryset(self):
        self.filter_form = AuditFilterForm(self.request.GET or None)
        queryset = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
        return self.filter_form.apply(queryset) if self.filter_form.is_bound else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, query_string=query.urlencode())
        return context
