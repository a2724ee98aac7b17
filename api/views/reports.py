"""Reports as JSON: the same report classes, filters and permissions as the report pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from api.scopes import Scope
from api.serializers.reports import ReportResultSerializer, ReportSummarySerializer
from api.views.base import ApiView
from reports import framework

PAGE_SIZE = 200


def _filters(report_class) -> list[dict]:
    defaults = report_class.filter_form_class.defaults()
    return [
        {"name": name, "label": str(field.label or name), "default": _text(defaults.get(name))}
        for name, field in report_class.filter_form_class.base_fields.items()
    ]


def _text(value):
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class ReportListView(ApiView):
    """The reports the acting user may open, with the filters each takes as query parameters."""

    scopes = {"GET": Scope.REPORTS_READ}
    pagination_class = None

    @extend_schema(responses={200: ReportSummarySerializer(many=True)})
    def get(self, request):
        data = [
            {
                "slug": cls.slug,
                "title": str(cls.title),
                "section": str(cls.section),
                "filters": _filters(cls),
            }
            for cls in framework.reports_for(request.user)
        ]
        return Response(ReportSummarySerializer(data, many=True).data)


@extend_schema(
    parameters=[
        OpenApiParameter("page", int, description="Page number (200 rows a page)."),
        OpenApiParameter("sort", str, description="A column key, with - for descending."),
    ],
    description="Other query parameters are the report's filters, as listed by /api/v1/reports/.",
)
class ReportDetailView(ApiView):
    """One page of a report's rows, its columns and its totals, with the filters of the query string."""

    scopes = {"GET": Scope.REPORTS_READ}
    pagination_class = None

    @extend_schema(responses={200: ReportResultSerializer})
    def get(self, request, slug):
        report_class = framework.report_class(slug)
        if report_class is None:
            raise Http404
        if not request.user.has_perm(report_class.permission):
            raise exceptions.PermissionDenied(
                _("The user this API key acts as lacks the permission: %(permissions)s.")
                % {"permissions": report_class.permission}
            )
        report = report_class(request.query_params)
        if not report.is_valid:
            raise exceptions.ValidationError(
                {field: list(errors) for field, errors in report.form.errors.items()}
            )
        paginator = Paginator(report.rows(), PAGE_SIZE)
        try:
            page = paginator.page(request.query_params.get("page") or 1)
        except (EmptyPage, PageNotAnInteger):
            raise exceptions.ValidationError({"page": [_("No such page.")]}) from None
        columns = report.get_columns()
        totals = report.totals()
        data = {
            "slug": report.slug,
            "title": str(report.title),
            "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in columns],
            "rows": [
                {c.key: _value(value) for c, value in zip(columns, report.cells(row), strict=True)}
                for row in page.object_list
            ],
            "totals": {key: _value(value) for key, value in totals.items()},
            "page": page.number,
            "pages": paginator.num_pages,
            "count": paginator.count,
        }
        return Response(ReportResultSerializer(data).data)


def _value(value):
    """Numbers as strings (Decimal, never float), dates in ISO format."""
    if value is None or isinstance(value, bool | int):
        return value
    return _text(value)
