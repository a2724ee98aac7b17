from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.approvals import PendingList
from common.lists import ListPaginator
from common.views import StaffMixin
from reports import framework, selectors
from reports.definitions.purchasing import PurchaseSummaryReport
from reports.definitions.returns_analysis import ReturnAnalysisReport
from reports.definitions.sales import SalesSummaryReport
from reports.definitions.stock import StockCostReport
from reports.excel import xlsx_response


class DashboardView(LoginRequiredMixin, TemplateView):
    """The first page after login: the figures a manager looks at first and what waits for the user."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["figures"] = selectors.dashboard_figures(user=user)
        pending = PendingList(user)
        context["pending"], context["pending_count"] = pending[:10], pending.count()
        charts = []
        year = {"date_from": timezone.localdate() - timedelta(days=365)}
        if user.has_perm(SalesSummaryReport.permission):
            charts += [c for c in SalesSummaryReport(year).charts() if c.labels]
        if user.has_perm(PurchaseSummaryReport.permission):
            charts += [c for c in PurchaseSummaryReport(year).charts() if c.labels]
        if user.has_perm(StockCostReport.permission):
            charts += StockCostReport({"group_by": "top_category"}).charts()
        if user.has_perm(ReturnAnalysisReport.permission):  # this month's returns, once there are some
            for group in ("product", "reason"):
                charts += [c for c in ReturnAnalysisReport({"group": group}).charts() if c.labels]
        context["charts"] = charts
        context["chart_configs"] = [chart.config() for chart in charts]
        return context


# Reports.


class ReportIndexView(LoginRequiredMixin, TemplateView):
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        sections: dict[str, list] = {}
        for report_class in framework.reports_for(self.request.user):
            sections.setdefault(str(report_class.section or _("Other")), []).append(
                {
                    "title": report_class.title,
                    "description": report_class.description,
                    "url": reverse(f"reports:{report_class.slug}"),
                }
            )
        return super().get_context_data(sections=sections, **kwargs)


class ReportMixin(StaffMixin):
    """Finds the report of the URL, checks its permission and binds it to the query string."""

    def dispatch(self, request, *args, **kwargs):
        self.report_class = framework.report_class(kwargs["slug"])
        if self.report_class is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return [self.report_class.permission]

    @cached_property
    def report(self):
        return self.report_class(self.request.GET)


class ReportView(ReportMixin, TemplateView):
    def get_template_names(self):
        return [self.report.template_name]

    def get_context_data(self, **kwargs):
        report = self.report
        in_page = report.count_in_page or report.totals_in_page
        paginator = ListPaginator(
            report.page_rows(), report.page_size, count_from="report_rows" if in_page else None
        )
        page = paginator.get_page(self.request.GET.get("page"))
        columns = report.get_columns()
        query = self.request.GET.copy()
        query.pop("page", None)
        query_without_sort = query.copy()
        query_without_sort.pop("sort", None)
        charts = report.charts() if report.is_valid else []
        carried = page.object_list[0] if report.totals_in_page and page.object_list else None
        totals = report.total_cells(carried)
        return super().get_context_data(
            report=report,
            title=report.title,
            form=report.form,
            columns=columns,
            rows=[list(zip(columns, report.cells(row), strict=True)) for row in page.object_list],
            totals=list(zip(columns, totals, strict=True)) if totals else None,
            page_obj=page,
            paginator=page.paginator,
            sort=report.current_sort(),
            query_string=query.urlencode(),
            query_without_sort=query_without_sort.urlencode(),
            export_url=reverse(f"reports:{report.slug}-export") + (f"?{query.urlencode()}" if query else ""),
            charts=charts,
            chart_configs=[chart.config() for chart in charts],
            **kwargs,
        )


class ReportExportView(ReportMixin, View):
    """Every row of the table, with its filters and sorting, as a streamed Excel file."""

    def get(self, request, *args, **kwargs):
        report = self.report
        if not report.is_valid:
            messages.error(request, _("Correct the filters before exporting."))
            return redirect(reverse(f"reports:{report.slug}") + f"?{request.GET.urlencode()}")
        return xlsx_response(
            filename=f"{report.slug}-{timezone.localdate():%Y%m%d}.xlsx",
            title=report.title,
            columns=report.get_columns(),
            rows=report.iter_cells(),
            totals=report.total_cells(),
        )
