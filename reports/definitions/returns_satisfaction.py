"""客户回访: what customers said of their completed returns, month by month: how many answered and their
average rating (1-5)."""

from django.db.models import Avg, Count, DecimalField, Q, Sum
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext_lazy as _

from reports.definitions.returns_analysis import PERMISSION, SECTION
from reports.framework import Column, PeriodFilterForm, Report, ratio, register
from returns.models import ReturnFeedback

RATING = DecimalField(max_digits=6, decimal_places=2)


@register
class ReturnSatisfactionReport(Report):
    slug = "returns-satisfaction"
    title = _("Return satisfaction")
    description = _("Customer feedback on completed returns by month: answers and average rating (1-5).")
    section = SECTION
    permission = PERMISSION
    filter_form_class = PeriodFilterForm
    default_sort = ("-month",)
    columns = [
        Column("month", _("month"), kind="date"),
        Column("answers", _("answers"), kind="integer", total=True),
        Column("average_rating", _("average rating"), kind="number", total=ratio("rating_sum", "answers")),
        Column("low_ratings", _("rated 1 or 2"), kind="integer", total=True),
    ]

    def queryset(self, filters):
        feedback = ReturnFeedback.objects.all()
        if filters.get("date_from"):
            feedback = feedback.filter(created_at__date__gte=filters["date_from"])
        if filters.get("date_to"):
            feedback = feedback.filter(created_at__date__lte=filters["date_to"])
        return (
            feedback.annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(
                answers=Count("pk"),
                rating_sum=Sum("rating"),
                average_rating=Cast(Avg("rating"), RATING),
                low_ratings=Count("pk", filter=Q(rating__lte=2)),
            )
        )
