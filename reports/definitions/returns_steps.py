"""How long return requests stay in each step: from the transition log, the hours between entering a
status and leaving it, averaged per status (steps left in the period; requests still in a status are not
counted until they move on)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from common.models import TransitionLog
from reports.definitions.returns_analysis import PERMISSION, SECTION
from reports.framework import Column, PeriodFilterForm, Report, register
from returns.choices import ReturnStatus
from returns.models import ReturnRequest

HOURS = DecimalField(max_digits=12, decimal_places=2)


def step_logs(filters: dict):
    """Each status change of a return request, with when the request left that status again."""
    content_type = ContentType.objects.get_for_model(ReturnRequest)
    logs = TransitionLog.objects.filter(content_type=content_type)
    following = logs.filter(object_id=OuterRef("object_id")).filter(
        Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    )
    left = logs.annotate(left_at=Subquery(following.order_by("at", "pk").values("at")[:1])).filter(
        left_at__isnull=False
    )
    if filters.get("date_from"):
        left = left.filter(left_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        left = left.filter(left_at__date__lte=filters["date_to"])
    return left.annotate(seconds=SecondsBetween(F("left_at"), F("at")))


class SecondsBetween(Func):
    """Seconds from the second datetime to the first, on PostgreSQL and on the embedded SQLite."""

    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return f"((julianday({end_sql}) - julianday({start_sql})) * 86400.0)", (*end_params, *start_params)


@register
class ReturnStepTimeReport(Report):
    slug = "returns-step-time"
    title = _("Time in each return step")
    description = _(
        "Average and longest hours a return request spent in each status before moving on, from the "
        "transition log, for the steps left in the period."
    )
    section = SECTION
    permission = PERMISSION
    filter_form_class = PeriodFilterForm
    default_sort = ("-average_hours",)
    columns = [
        Column("status", _("status"), choices=dict(ReturnStatus.choices)),
        Column("steps", _("requests"), kind="integer", total=True),
        Column("average_hours", _("average hours"), kind="number"),
        Column("longest_hours", _("longest hours"), kind="number"),
    ]

    def queryset(self, filters):
        return (
            step_logs(filters)
            .values(status=F("target"))
            .annotate(
                steps=Count("pk"),
                average_hours=Cast(Avg("seconds") / 3600, HOURS),
                longest_hours=Cast(Max("seconds") / 3600, HOURS),
            )
        )
