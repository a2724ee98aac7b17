"""The report framework: a filter form, one aggregating query, a sortable table with totals, charts, Excel.

A report is one small module in ``reports/definitions/`` (every module there is imported at start-up)
and, when it needs more than the standard page, a template extending ``reports/report.html``::

    from django.db.models import F, Sum
    from django.utils.translation import gettext_lazy as _

    from purchasing.models import GoodsReceiptLine
    from reports.framework import Column, PeriodFilterForm, Report, in_period, register


    @register
    class PurchaseSummaryReport(Report):
        slug = "purchase-summary"                      # URLs /reports/purchase-summary/[export.xlsx]
        title = _('Purchase summary')
        section = _("Purchasing")                      # heading on the report index
        permission = "reports.view_purchase_report"
        filter_form_class = PeriodFilterForm           # from / to, this month by default
        columns = [
            Column("supplier", _("supplier")),
            Column("quantity", _("quantity"), kind="quantity", total=True),
            Column("amount", _("amount"), kind="money", total=True),
        ]
        default_sort = ("-amount",)

        def queryset(self, filters):
            lines = in_period(GoodsReceiptLine.objects.all(), "receipt__date", filters)
            return lines.values(supplier=F("receipt__supplier__name")).annotate(
                quantity=Sum("accepted_quantity"), amount=Sum("amount")
            )

``queryset`` returns ``.values(...).annotate(...)`` rows whose keys are the column keys (filters are
``{}`` or the form's cleaned data, so read them with ``.get``): the database groups and sums. A detail
report returns ``.values(...)`` of its lines and puts a unique key last in ``default_sort``.

The totals are one ``.aggregate()`` over that same query; the page shows one page of it and the Excel
export streams every row of it with the same filters and sorting. ``charts()`` may return ``Chart``
objects built from aggregate queries too (``trend_chart`` draws monthly series). The URLs, the report
index and the navigation entry ``reports:<slug>`` come from ``register``.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, DecimalField, ExpressionWrapper, QuerySet, Subquery, Sum, Value, Window
from django.db.models.functions import NullIf, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cte import CTE, with_cte

from common.forms import StyledForm
from common.lists import large_choices_searchable


@dataclass(frozen=True)
class Kind:
    """How a column's values are rounded, shown and written to Excel."""

    places: int | None  # decimal places a value is rounded to; None for text and dates
    excel_format: str | None
    excel_width: int
    numeric: bool = False


KINDS = {
    "text": Kind(None, None, 20),
    "date": Kind(None, "yyyy-mm-dd", 12),
    "datetime": Kind(None, "yyyy-mm-dd hh:mm", 17),
    "integer": Kind(0, "#,##0", 10, numeric=True),
    "number": Kind(2, "#,##0.00", 12, numeric=True),
    "quantity": Kind(3, "#,##0.###", 13, numeric=True),
    "money": Kind(2, "#,##0.00", 15, numeric=True),
    "cost": Kind(4, "#,##0.00##", 13, numeric=True),  # unit costs carry 4 places
}


@dataclass(frozen=True, eq=False)
class Column:
    """One column: ``key`` in the query's rows, a translated label, a kind from ``KINDS``.

    ``total`` is ``True`` to sum the column, or an aggregate expression over the row keys (an average
    cost is ``Sum("value") / Sum("on_hand")``, not a sum of averages). ``choices`` maps stored codes to
    their labels.
    """

    key: str
    label: str
    kind: str = "text"
    total: bool | object = False
    sortable: bool = True
    width: int | None = None
    choices: Mapping | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ImproperlyConfigured(f"Column {self.key}: unknown kind {self.kind!r}")

    @property
    def numeric(self) -> bool:
        return KINDS[self.kind].numeric

    @property
    def excel_format(self) -> str | None:
        return KINDS[self.kind].excel_format

    @property
    def excel_width(self) -> int:
        return self.width or max(KINDS[self.kind].excel_width, len(str(self.label)) * 2 + 2)

    def prepare(self, value):
        """The value as the table shows it and the export writes it: rounded, dated, labelled."""
        if value is None:
            return None
        kind = KINDS[self.kind]
        if kind.places is not None:
            if kind.places == 0:
                return int(value)
            return Decimal(value).quantize(Decimal(1).scaleb(-kind.places), ROUND_HALF_UP)
        if self.kind == "datetime" and isinstance(value, datetime):
            return timezone.localtime(value) if timezone.is_aware(value) else value
        if self.kind == "date" and isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if self.choices is not None:
            return str(self.choices.get(value, value))
        return str(value)

    def total_expression(self):
        return Sum(self.key) if self.total is True else self.total


def ratio(numerator: str, denominator: str, places: int = 4):
    """``numerator / denominator`` over aggregated rows, empty when the denominator is zero."""
    return ExpressionWrapper(
        Sum(numerator) / NullIf(Sum(denominator), Value(Decimal(0))),
        output_field=DecimalField(max_digits=20, decimal_places=places),
    )


class ReportFilterForm(StyledForm):
    """A GET form whose fields are all optional; a field's ``initial`` is its default."""

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            for name, value in self.defaults().items():
                if name not in data:
                    data[name] = value
        super().__init__(data if data is not None else self.defaults(), **kwargs)
        large_choices_searchable(self)  # 5,000 customers are typed, not rendered as options per request
        for form_field in self.fields.values():
            form_field.required = False

    @classmethod
    def defaults(cls) -> dict:
        values = {
            name: f.initial() if callable(f.initial) else f.initial for name, f in cls.base_fields.items()
        }
        return {name: value for name, value in values.items() if value not in (None, "")}


def month_start() -> date:
    return timezone.localdate().replace(day=1)


class PeriodFilterForm(ReportFilterForm):
    """From and to dates, by default the month so far; ``in_period`` applies them."""

    date_from = forms.DateField(label=_("from"), widget=forms.DateInput(), initial=month_start)
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput(), initial=timezone.localdate)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return cleaned


def in_period(queryset: QuerySet, lookup: str, filters: dict) -> QuerySet:
    """Rows whose ``lookup`` lies in the filters' period: a date field, or ``created_at__date`` for the
    local date of a time."""
    if filters.get("date_from"):
        queryset = queryset.filter(**{f"{lookup}__gte": filters["date_from"]})
    if filters.get("date_to"):
        queryset = queryset.filter(**{f"{lookup}__lte": filters["date_to"]})
    return queryset


def in_times(queryset: QuerySet, lookup: str, filters: dict) -> QuerySet:
    """Rows whose time ``lookup`` falls on the filters' local dates, asked as a range of times (from the
    first day's midnight to the midnight after the last) so that an index on the field can serve it."""
    if filters.get("date_from"):
        queryset = queryset.filter(**{f"{lookup}__gte": midnight(filters["date_from"])})
    if filters.get("date_to"):
        queryset = queryset.filter(**{f"{lookup}__lt": midnight(filters["date_to"] + timedelta(days=1))})
    return queryset


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def grouped_by_keys(rows: QuerySet) -> QuerySet:
    """``rows`` (``.values(...).annotate(...)``) grouped by their ``values()`` keys alone.

    Once an aggregate is annotated after a subquery, Django groups on the subquery too, and the database
    then works it out for every row before grouping. A subquery that depends only on the keys (a
    product's latest move, say) needs no grouping on, and is worked out once a group, or for a page's
    rows only.
    """
    rows = rows.all()
    rows.query.group_by = rows.query.select
    return rows


@dataclass
class Chart:
    """A Chart.js chart: labels and one or more datasets of numbers, formatted in the browser by kind."""

    title: str
    labels: Sequence
    datasets: Sequence[dict]  # {"label": str, "data": [numbers]}
    type: str = "bar"
    kind: str = "money"  # how the browser formats values: money | quantity | integer
    horizontal: bool = False
    url: str = ""  # where a click on the chart's title leads
    options: dict = field(default_factory=dict)

    def config(self) -> dict:
        """JSON-ready data for ``json_script``; the page's script builds the Chart.js options."""
        return {
            "title": str(self.title),
            "type": self.type,
            "kind": self.kind,
            "horizontal": self.horizontal,
            "labels": [str(label) for label in self.labels],
            "datasets": [
                {
                    "label": str(dataset.get("label", "")),
                    "data": [None if v is None else float(v) for v in dataset["data"]],
                }
                for dataset in self.datasets
            ],
            "options": self.options,
        }


def monthly_totals(queryset: QuerySet, *, date_field: str, value: str) -> dict[date, Decimal]:
    """``Sum(value)`` per month of ``date_field`` (local months for times), grouped in the database."""
    rows = (
        queryset.annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(total=Sum(value))
        .order_by("month")
    )
    return {_as_date(row["month"]): row["total"] for row in rows}


def _as_date(value) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def trend_chart(*, title: str, series: Mapping[str, Mapping[date, Decimal]], kind: str = "money") -> Chart:
    """A line chart of several monthly series (from ``monthly_totals``) over the same months; a month
    without rows shows as zero rather than being skipped."""
    found = sorted({month for values in series.values() for month in values})
    months = []
    if found:
        month = found[0]
        while month <= found[-1]:
            months.append(month)
            month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Chart(
        title=title,
        type="line",
        kind=kind,
        labels=[f"{month:%Y-%m}" for month in months],
        datasets=[
            {"label": label, "data": [values.get(month) or 0 for month in months]}
            for label, values in series.items()
        ],
    )


class Report:
    slug = ""
    title = ""
    description = ""
    section = ""
    permission = ""
    filter_form_class = ReportFilterForm
    columns: Sequence[Column] = ()
    default_sort: tuple[str, ...] = ()
    template_name = "reports/report.html"
    page_size = 50
    # A summary of a few thousand groups counts them in the page's own query (COUNT(*) OVER ()) rather
    # than grouping every line a second time; a detail report of many rows is better counted apart.
    count_in_page = False
    # Rows that join grouped subqueries (``django_cte``) are worked out once a page: the count and the totals
    # come with the page's rows too (``PageWithTotals``) instead of from more queries reading every row again.
    totals_in_page = False

    def __init__(self, data=None):
        self.data = data if data is not None else {}
        self.form = self.filter_form_class(data)
        self.filters = self.form.cleaned_data if self.form.is_valid() else None
        self.sort = self.data.get("sort", "") or ""

    # What a report declares.

    def queryset(self, filters: dict) -> QuerySet:
        raise NotImplementedError

    def get_columns(self) -> list[Column]:
        """The columns; a report may vary them with ``self.filters`` (e.g. a grouping choice)."""
        return list(self.columns)

    def totals_queryset(self, filters: dict) -> QuerySet:
        """The rows the totals are summed over: the report's rows, unless the report gives rows with the
        same sums that are cheaper to read (the lines before they are grouped, say)."""
        return self.queryset(filters)

    def charts(self) -> list[Chart]:
        return []

    # What the framework does with it.

    @property
    def is_valid(self) -> bool:
        return self.filters is not None

    def ordering(self) -> list[str]:
        """The requested sort when it names a sortable column, then the default, then the text columns,
        so that equal values always come in the same order on the page and in the export."""
        columns = self.get_columns()
        sortable = {c.key for c in columns if c.sortable}
        order = [self.sort] if self.sort.lstrip("-") in sortable else []
        for key in [*self.default_sort, *(c.key for c in columns if not c.numeric)]:
            if key.lstrip("-") not in {o.lstrip("-") for o in order}:
                order.append(key)
        return order

    def current_sort(self) -> str:
        ordering = self.ordering()
        return ordering[0] if ordering else ""

    def rows(self) -> QuerySet:
        """Every row of the report in its order: the page shows a slice, the export all of them."""
        queryset = self.queryset(self.filters or {})
        if derived := self.derived_columns():
            queryset = queryset.annotate(**derived)
        if not self.is_valid:
            queryset = queryset.none()
        return queryset.order_by(*self.ordering())

    def derived_columns(self) -> dict:
        """Columns worked out from a row's other columns, or looked up (a product's name), which ``rows``
        adds to ``queryset``'s: with ``totals_in_page`` they are worked out for the page's rows only."""
        return {}

    def page_rows(self):
        """What the page reads, sliced by its paginator: the rows, each carrying the number of rows
        (``report_rows``) with ``count_in_page``, and the totals with ``totals_in_page``."""
        if self.totals_in_page and self.is_valid:
            return PageWithTotals(self)
        rows = self.rows()
        if self.count_in_page:
            rows = rows.annotate(report_rows=Window(Count("*")))
        return rows

    def totals(self) -> dict:
        """The totals of the total columns, from one aggregate query over the report's rows."""
        expressions = {f"total_{c.key}": c.total_expression() for c in self.get_columns() if c.total}
        if not expressions or not self.is_valid:
            return {}
        result = self.totals_queryset(self.filters).order_by().aggregate(**expressions)
        return {c.key: c.prepare(result[f"total_{c.key}"]) for c in self.get_columns() if c.total}

    def carried_totals(self, page_row: Mapping) -> dict:
        """The totals that a row of the page carries (``page_rows``), as ``totals`` gives them."""
        if not self.is_valid:
            return {}
        return {c.key: c.prepare(page_row[f"report_total_{c.key}"]) for c in self.get_columns() if c.total}

    def cells(self, row: Mapping) -> list:
        return [column.prepare(row.get(column.key)) for column in self.get_columns()]

    def iter_cells(self, chunk_size: int = 2000) -> Iterator[list]:
        for row in self.rows().iterator(chunk_size=chunk_size):
            yield self.cells(row)

    def total_cells(self, page_row: Mapping | None = None) -> list | None:
        """The totals row as the table footer and the export's last row show it; None without totals."""
        totals = self.totals() if page_row is None else self.carried_totals(page_row)
        if not totals:
            return None
        return [totals.get(c.key) if c.total else None for c in self.get_columns()]


_registry: dict[str, type[Report]] = {}


def register(report_class: type[Report]) -> type[Report]:
    if not report_class.slug or not report_class.permission:
        raise ImproperlyConfigured(f"{report_class.__name__} needs a slug and a permission.")
    if _registry.get(report_class.slug, report_class) is not report_class:
        raise ImproperlyConfigured(f"Two reports use the slug {report_class.slug!r}.")
    _registry[report_class.slug] = report_class
    return report_class


def report_classes() -> list[type[Report]]:
    return list(_registry.values())


def report_class(slug: str) -> type[Report] | None:
    return _registry.get(slug)


def reports_for(user) -> list[type[Report]]:
    return [cls for cls in _registry.values() if user.has_perm(cls.permission)]


class PageWithTotals:
    """One page of a report's rows with the count and the totals of all its rows, in one statement.

    The rows without their derived columns are worked out once (``report_rows``); the totals are summed
    over them, the page is sliced from them in order, and only then are the page's derived columns
    worked out. Carried as ``SUM(...) OVER ()`` windows instead, the totals made the database keep every
    wide row, derived columns and all, to read them again (stock ageing: 300 -> 210 ms).
    """

    def __init__(self, report: Report):
        self.report = report

    def __getitem__(self, index: slice) -> list[dict]:
        report = self.report
        ordering = report.ordering()
        derived = report.derived_columns()
        sorted_by = {key.lstrip("-") for key in ordering}
        rows = report.queryset(report.filters).order_by()
        rows = rows.annotate(**{key: value for key, value in derived.items() if key in sorted_by})
        figures = {"report_rows": Count("*")}
        figures.update(
            {f"report_total_{c.key}": c.total_expression() for c in report.get_columns() if c.total}
        )
        every_row = CTE(rows, name="report_rows", materialized=True)
        totals = CTE(
            every_row.queryset().order_by().annotate(all=Value(1)).values("all").annotate(**figures),
            name="report_totals",
        )
        page = CTE(every_row.queryset().order_by(*ordering)[index], name="report_page")
        carried = {key: Subquery(totals.queryset().order_by().values(key)) for key in figures}
        rows = with_cte(every_row, totals, page, select=page.queryset()).annotate(
            **carried, **{key: value for key, value in derived.items() if key not in sorted_by}
        )
        return list(rows.order_by(*ordering))
