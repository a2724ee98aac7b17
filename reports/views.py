from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from common.approvals import pending_approvals
from reports import selectors


class DashboardView(LoginRequiredMixin, TemplateView):
    """The first page after login: the figures a manager looks at first and what waits for the user."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = selectors.dashboard_figures(user=self.request.user)
        context["pending"] = pending_approvals(self.request.user)
        return context
