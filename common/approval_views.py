"""The approval inbox: every document waiting for this user's decision, decided one by one or in a batch.

Each selected document is decided through its app's service, in its own transaction; one refusal does not
stop the others, and each gets its own message. What the page sends is never trusted: the decider checks
the permission, and the app's service the status and that nobody decides their own document.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from common.approvals import PendingList, approval_decide, approval_number
from common.exceptions import DomainError
from common.forms import StyledForm

KEY = re.compile(r"^[a-z_]+\.[a-z_]+:\d+$")


class DecisionForm(StyledForm):
    action = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))]
    )
    keys = forms.MultipleChoiceField(required=False)
    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any well-formed key is accepted here; whether it may be decided is the decider's business.
        self.fields["keys"].valid_value = lambda value: bool(KEY.match(value))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("keys"):
            raise forms.ValidationError(_("Select at least one document."))
        if cleaned.get("action") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for the rejection."))
        return cleaned


class ApprovalInboxView(LoginRequiredMixin, View):
    template_name = "common/approval_inbox.html"

    def render_page(self, form, status=200):
        paginator = Paginator(PendingList(self.request.user), settings.LIST_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        selected = set(form.data.getlist("keys")) if form.is_bound else set()
        return render(
            self.request,
            self.template_name,
            {
                "pending": page.object_list,
                "page_obj": page,
                "paginator": paginator,
                "form": form,
                "selected": selected,
            },
            status=status,
        )

    def get(self, request):
        return self.render_page(DecisionForm())

    def post(self, request):
        data = request.POST.copy()
        for action in ("approve", "reject"):
            single = request.POST.get(f"{action}_one")
            if single:  # the button on one row decides that row only
                data.setlist("keys", [single])
                data["action"] = action
        form = DecisionForm(data)
        if not form.is_valid():
            return self.render_page(form, status=400)
        approve = form.cleaned_data["action"] == "approve"
        for key in form.cleaned_data["keys"]:
            try:
                document = approval_decide(
                    key=key, by=request.user, approve=approve, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                label = approval_number(key)  # looked up only for a refusal: a decision returns its document
                messages.error(request, _("%(document)s: %(error)s") % {"document": label, "error": error})
            else:
                text = _("%(document)s was approved.") if approve else _("%(document)s was rejected.")
                messages.success(request, text % {"document": getattr(document, "number", None) or key})
        return redirect("common:approvals")
