"""The customer's return pages under /r/ (no login); the progress page keeps its name ``returns:progress``."""

from django.urls import path

from returns import public_views

app_name = "returns_public"

urlpatterns = [
    path("", public_views.StartView.as_view(), name="start"),
    path("lines/", public_views.LinesView.as_view(), name="lines"),
    path("feedback/<str:token>/", public_views.FeedbackView.as_view(), name="feedback"),
]
