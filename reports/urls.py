"""/reports/ (the index), and for every registered report /reports/<slug>/ and its Excel export."""

from django.urls import path

from reports import framework, views

app_name = "reports"

urlpatterns = [path("", views.ReportIndexView.as_view(), name="index")]
for _report in framework.report_classes():
    urlpatterns += [
        path(f"{_report.slug}/", views.ReportView.as_view(), {"slug": _report.slug}, name=_report.slug),
        path(
            f"{_report.slug}/export.xlsx",
            views.ReportExportView.as_view(),
            {"slug": _report.slug},
            name=f"{_report.slug}-export",
        ),
    ]
