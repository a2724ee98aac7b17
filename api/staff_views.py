"""The administrators' screens for API tokens: list, create (the key is shown once), revoke."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from api.forms import TokenFilterForm, TokenForm
from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from common.exceptions import DomainError
from common.lists import Column
from common.views import StaffListView, StaffMixin, form_add_domain_error


class TokenListView(StaffListView):
    model = ApiToken
    permission_required = "api.view_apitoken"
    template_name = "api/token_list.html"
    title = gettext_lazy("API tokens")
    search_fields = ("name", "prefix", "user__username")
    filter_form_class = TokenFilterForm
    create_url_name = "api:token-create"
    columns = [
        Column(gettext_lazy("name"), "name", sort="name"),
        Column(gettext_lazy("key prefix"), "prefix"),
        Column(gettext_lazy("acts as"), "user"),
        Column(gettext_lazy("created at"), "created_at", sort="created_at", kind="datetime"),
        Column(gettext_lazy("last used"), "last_used_at", sort="last_used_at", kind="datetime"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("user", "created_by", "revoked_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_revoke"] = self.request.user.has_perm("api.revoke_apitoken")
        return context


class TokenCreateView(StaffMixin, FormView):
    permission_required = "api.add_apitoken"
    form_class = TokenForm
    template_name = "api/token_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            token, key = api_token_create(
                name=data["name"],
                scopes=data["scopes"],
                user=data["user"],
                rate_limit=data["rate_limit"],
                by=self.request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            return self.form_invalid(form)
        response = self.render_to_response({"token": token, "key": key}, status=201)
        response.template_name = "api/token_created.html"
        response["Cache-Control"] = "no-store"  # the key is shown once and must not stay in a cache
        return response


class TokenRevokeView(StaffMixin, TemplateView):
    """GET asks for confirmation; POST revokes: every call with the key is refused from then on."""

    permission_required = "api.revoke_apitoken"
    template_name = "common/confirm.html"

    def get_object(self):
        return get_object_or_404(ApiToken, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        token = self.get_object()
        return super().get_context_data(
            question=_("Revoke the API token %(token)s? The integration's calls are refused from now on.")
            % {"token": token},
            button=_("Revoke"),
            cancel_url=reverse("api:token-list"),
            danger=True,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        token = self.get_object()
        try:
            api_token_revoke(token=token, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(token)s was revoked.") % {"token": token})
        return HttpResponseRedirect(reverse("api:token-list"))
