from django.urls import path

from common.approval_views import ApprovalInboxView
from common.audit_views import AuditLogView

app_name = "common"

urlpatterns = [
    path("approvals/", ApprovalInboxView.as_view(), name="approvals"),
    path("audit/", AuditLogView.as_view(), name="audit-log"),
]
