from django.urls import path

from common.approval_views import ApprovalInboxView

app_name = "common"

urlpatterns = [
    path("approvals/", ApprovalInboxView.as_view(), name="approvals"),
]
