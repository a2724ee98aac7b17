"""Which role opens which returns page: sales clerks create, approvers decide, warehouse keepers receive,
accountants see refunds; purchasing clerks see none of it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["sales_clerk", "approver", "warehouse_keeper", "accountant", "purchasing_clerk"]
EXPECTED = {
    "list": {"sales_clerk": 200, "approver": 200, "warehouse_keeper": 200, "accountant": 200},
    "create": {"sales_clerk": 200, "approver": 200},
    "detail": {"sales_clerk": 200, "approver": 200, "warehouse_keeper": 200, "accountant": 200},
    "receive": {"warehouse_keeper": 200},
    "refunds": {"sales_clerk": 200, "approver": 200, "warehouse_keeper": 200, "accountant": 200},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_by_role(
    page, role, client_for, user_in_role, deliver, stock, product, location, make_request, approved
):
    stock(product, location, 2)
    deliver((product, 2))
    request = approved(make_request((product, 1)))
    url = {
        "list": reverse("returns:request-list"),
        "create": reverse("returns:request-create"),
        "detail": request.get_absolute_url(),
        "receive": reverse("returns:request-receive", args=[request.pk]),
        "refunds": reverse("returns:refund-list"),
    }[page]
    response = client_for(user_in_role(role)).get(url)
    assert response.status_code == EXPECTED[page].get(role, 403)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("sales_clerk", False), ("warehouse_keeper", False), ("accountant", False), ("approver", True)],
)
def test_only_approvers_approve(
    role, allowed, client_for, user_in_role, deliver, stock, product, location, make_request, clerk
):
    from returns import services
    from tests.returns.conftest import fresh

    stock(product, location, 2)
    deliver((product, 2))
    request = make_request((product, 1))
    services.return_request_submit(request=request, by=clerk)
    response = client_for(user_in_role(role)).post(reverse("returns:request-approve", args=[request.pk]))
    assert response.status_code == (302 if allowed else 403)
    assert (fresh(request).status == "approved") is allowed


def test_photos_need_the_view_permission(client_for, user_in_role):
    response = client_for(user_in_role("purchasing_clerk")).get(reverse("returns:photo", args=[1]))
    assert response.status_code == 403
