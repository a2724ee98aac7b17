from django.utils.translation import gettext as _

from common.approvals import PendingApproval
from inventory.choices import OpeningStockStatus
from inventory.models import OpeningStock


def opening_stock_pending(user) -> list[PendingApproval]:
    if not user.has_perm("inventory.post_openingstock"):
        return []
    documents = (
        OpeningStock.objects.filter(status=OpeningStockStatus.DRAFT)
        .exclude(created_by=user)
        .select_related("created_by")
        .order_by("-created_at")[:50]
    )
    return [
        PendingApproval(
            kind=_("Opening stock"),
            number=document.number,
            url=document.get_absolute_url(),
            created_by=str(document.created_by),
            created_at=document.created_at,
        )
        for document in documents
    ]
