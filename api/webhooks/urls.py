from django.urls import path

from api.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.SubscriptionListView.as_view(), name="subscription-list"),
    path("new/", views.SubscriptionFormView.as_view(), name="subscription-create"),
    path("<int:pk>/", views.SubscriptionDetailView.as_view(), name="subscription-detail"),
    path("<int:pk>/edit/", views.SubscriptionFormView.as_view(), name="subscription-edit"),
    path("<int:pk>/activation/", views.SubscriptionActivationView.as_view(), name="subscription-activation"),
    path("<int:pk>/delete/", views.SubscriptionDeleteView.as_view(), name="subscription-delete"),
    path("<int:pk>/test/", views.SubscriptionTestView.as_view(), name="subscription-test"),
    path("<int:pk>/resend/", views.SubscriptionResendView.as_view(), name="subscription-resend"),
    path("deliveries/<int:pk>/", views.DeliveryDetailView.as_view(), name="delivery-detail"),
]
