from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from common.forms import StyledAuthenticationForm, StyledPasswordChangeForm
from common.views import health
from reports.views import DashboardView

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("healthz", health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=StyledAuthenticationForm),
        name="login",
    ),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=StyledPasswordChangeForm),
        name="password_change",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("inventory/", include("inventory.urls")),
    path("suppliers/", include("suppliers.urls")),
    path("sales/", include("sales.urls")),
    path("purchasing/", include("purchasing.urls")),
    path("returns/", include("returns.urls")),
    path("r/", include("returns.public_urls")),  # the customer return form, no login
    path("finance/", include("finance.urls")),
    path("", include("common.urls")),
    path("notifications/", include("common.notifications.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("reports.import_urls")),
    path("settings/webhooks/", include("api.webhooks.urls")),  # staff screens, not the API itself
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
