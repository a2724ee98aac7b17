"""A page that does what a business action does: change something and notify, in one transaction.

The return pages do not exist yet; this stands in for them so the broker-outage test goes through a
real request (middleware, ``on_commit``, the publish) and not a function call.
"""

from django.db import transaction
from django.http import JsonResponse
from django.urls import path

from common.notifications import notify_customer


def approve_return(request):
    with transaction.atomic():
        rows = notify_customer(
            name="Wang Fang",
            email="wang.fang@example.com",
            language="zh-hans",
            template="return_approved",
            context={"number": request.GET.get("number", "RMA-209901-0001")},
            url="https://erp.example.com/r/abc",
        )
    return JsonResponse({"ids": [row.pk for row in rows]})


urlpatterns = [path("approve-return/", approve_return)]
