"""客户回访: what the customer thinks of a completed return, given once on the progress page."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from returns.models.request import ReturnRequest


class ReturnFeedback(models.Model):
    request = models.OneToOneField(
        ReturnRequest, models.CASCADE, related_name="feedback", verbose_name=_("return request")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer feedback")
        verbose_name_plural = _("customer feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="rma_feedback_rating_1_5")
        ]

    def __str__(self):
        return f"{self.request_id}: {self.rating}"
