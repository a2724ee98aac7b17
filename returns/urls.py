from django.urls import path

from returns import public_views, views

app_name = "returns"

urlpatterns = [
    path("", views.ReturnRequestListView.as_view(), name="request-list"),
    path("new/", views.ReturnRequestCreateView.as_view(), name="request-create"),
    path("limits/", views.StepLimitsView.as_view(), name="step-limits"),
    path("<int:pk>/", views.ReturnRequestDetailView.as_view(), name="request-detail"),
    path("<int:pk>/submit/", views.RequestSubmitView.as_view(), name="request-submit"),
    path("<int:pk>/approve/", views.RequestApproveView.as_view(), name="request-approve"),
    path("<int:pk>/reject/", views.RequestRejectView.as_view(), name="request-reject"),
    path("<int:pk>/cancel/", views.RequestCancelView.as_view(), name="request-cancel"),
    path("<int:pk>/receive/", views.ReceiveInspectView.as_view(), name="request-receive"),
    path("<int:pk>/replacement/retry/", views.ReplacementRetryView.as_view(), name="replacement-retry"),
    path("<int:pk>/replacement/refund/", views.ExchangeToRefundView.as_view(), name="replacement-refund"),
    path("<int:pk>/replacement/ship/", views.ReplacementShipView.as_view(), name="replacement-ship"),
    path("refunds/", views.RefundListView.as_view(), name="refund-list"),
    path("refunds/<int:pk>/approve/", views.RefundApproveView.as_view(), name="refund-approve"),
    path("refunds/<int:pk>/pay/", views.RefundPayView.as_view(), name="refund-pay"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    # The customer's progress page, reached with the request's random token (no login).
    path("progress/<str:token>/", public_views.ProgressView.as_view(), name="progress"),
]
