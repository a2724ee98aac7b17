"""/imports/: one upload page per kind (named by the kind), its template, and the preview of a file."""

from django.urls import path

from reports import import_views as views
from reports import imports

app_name = "imports"

urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("<slug:kind>/template.xlsx", views.ImportTemplateView.as_view(), name="template"),
    path("files/<int:pk>/", views.ImportJobView.as_view(), name="job"),
    path("files/<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="confirm"),
]
urlpatterns += [
    path(f"{kind}/", views.ImportUploadView.as_view(), {"kind": kind}, name=kind)
    for kind in imports.IMPORT_KINDS
]
