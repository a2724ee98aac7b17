"""The staff screens of returns: list with filters and overdue highlighting, creation (with the check
against deliveries and photos), the request page and its timeline, the approval inbox (several at once),
receipt and inspection, refunds, photos for staff only, the order page's return panel, the progress page."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from reports.definitions.returns_analysis import ReturnAnalysisReport
from returns import services
from returns.choices import ReturnStatus
from returns.models import Refund, ReturnPhoto, ReturnRequest
from tests.factories import ReturnReasonFactory
from tests.returns.conftest import fresh

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def delivered(deliver, stock, product, location):
    stock(product, location, 10, "8.00")
    return deliver((product, 10, "12.00"))


def create_post(customer, product, defect, quantity="2", action="save", **extra):
    data = {
        "h-customer": customer.pk,
        "h-kind": "return",
        "h-note": "",
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-0-product": product.pk,
        "line-0-quantity": quantity,
        "line-0-reason": defect.pk,
        "line-0-note": "scratched",
        "rep-TOTAL_FORMS": "0",
        "rep-INITIAL_FORMS": "0",
        "action": action,
    }
    data.update(extra)
    return data


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(reverse("returns:request-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_role_without_returns_is_refused(client_for, user_in_role):
    response = client_for(user_in_role("purchasing_clerk")).get(reverse("returns:request-list"))
    assert response.status_code == 403


def test_list_filters_and_highlights_overdue_requests(
    client_for, clerk, delivered, make_request, product, defect, policy
):
    old = services.return_request_submit(request=make_request((product, 1)), by=clerk)
    services.return_request_submit(request=make_request((product, 1)), by=clerk)
    ReturnRequest.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=policy.submitted_limit_days, hours=1)
    )
    client = client_for(clerk)
    page = client.get(reverse("returns:request-list")).content.decode()
    assert page.count('class="table-warning overdue"') == 1
    overdue = client.get(reverse("returns:request-list"), {"overdue": "on"}).context["object_list"]
    assert [r.pk for r in overdue] == [old.pk]
    by_reason = client.get(reverse("returns:request-list"), {"reason": defect.pk, "product": product.pk})
    assert len(by_reason.context["object_list"]) == 2
    by_status = client.get(reverse("returns:request-list"), {"status": "approved"})
    assert len(by_status.context["object_list"]) == 0


def test_create_checks_against_deliveries_then_saves(client_for, clerk, delivered, customer, product, defect):
    client = client_for(clerk)
    page = client.get(reverse("returns:request-create"), {"customer": customer.pk})
    assert page.status_code == 200
    assert delivered.number in page.content.decode()  # the customer's returnable deliveries

    check = client.post(
        reverse("returns:request-create"), create_post(customer, product, defect, action="check")
    )
    assert check.status_code == 200
    assert len(check.context["matched"]) == 1
    assert not ReturnRequest.objects.exists()

    response = client.post(
        reverse("returns:request-create"), create_post(customer, product, defect, action="submit")
    )
    request = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request.get_absolute_url()
    assert request.status == ReturnStatus.SUBMITTED


def test_over_return_is_shown_on_the_form(client_for, clerk, delivered, customer, product, defect):
    response = client_for(clerk).post(
        reverse("returns:request-create"), create_post(customer, product, defect, quantity="11")
    )
    assert response.status_code == 400
    assert "10 can still be returned" in response.context["error"]


def test_photos_must_be_pictures_within_the_limit(
    client_for, clerk, delivered, customer, product, defect, settings
):
    client = client_for(clerk)
    fake = SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(
        reverse("returns:request-create"), {**create_post(customer, product, defect), "line-0-photos": fake}
    )
    assert response.status_code == 400
    assert not ReturnRequest.objects.exists()

    settings.RETURNS_PHOTO_MAX_BYTES = 10
    big = SimpleUploadedFile("big.png", png_bytes(), content_type="image/png")
    response = client.post(
        reverse("returns:request-create"), {**create_post(customer, product, defect), "line-0-photos": big}
    )
    assert response.status_code == 400


def test_photos_are_stored_under_random_names_and_shown_to_staff_only(
    client_for, clerk, delivered, customer, product, defect, settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("my holiday.png", png_bytes(), content_type="image/png")
    response = client_for(clerk).post(
        reverse("returns:request-create"), {**create_post(customer, product, defect), "line-0-photos": photo}
    )
    assert response.status_code == 302
    stored = ReturnPhoto.objects.get()
    assert "holiday" not in stored.image.name
    assert stored.image.name.endswith(".png")
    served = client_for(clerk).get(stored.get_absolute_url())
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert client.get(stored.get_absolute_url()).status_code == 302  # anonymous: to the login page
    assert client.get(f"/{settings.MEDIA_URL}{stored.image.name}").status_code == 404  # never public


def test_without_origin_is_offered_only_with_the_permission(client_for, clerk, approver):
    clerk_page = client_for(clerk).get(reverse("returns:request-create"))
    assert "without_origin" not in clerk_page.context["header"].fields
    approver_page = client_for(approver).get(reverse("returns:request-create"))
    assert "without_origin" in approver_page.context["header"].fields


def test_several_requests_are_approved_at_once_in_the_inbox(
    client_for, clerk, approver, delivered, make_request, product
):
    requests = [make_request((product, 1)) for _ in range(2)]
    for request in requests:
        services.return_request_submit(request=request, by=clerk)
    client = client_for(approver)
    inbox = client.get(reverse("common:approvals")).content.decode()
    assert all(r.number in inbox for r in requests)
    response = client.post(
        reverse("common:approvals"),
        {"action": "approve", "keys": [f"returns.returnrequest:{r.pk}" for r in requests], "reason": ""},
    )
    assert response.status_code == 302
    assert {fresh(r).status for r in requests} == {ReturnStatus.APPROVED}


def test_reject_in_the_inbox_needs_a_reason(client_for, clerk, approver, delivered, make_request, product):
    request = make_request((product, 1))
    services.return_request_submit(request=request, by=clerk)
    client = client_for(approver)
    key = f"returns.returnrequest:{request.pk}"
    assert client.post(reverse("common:approvals"), {"action": "reject", "keys": [key]}).status_code == 400
    client.post(reverse("common:approvals"), {"action": "reject", "keys": [key], "reason": "Too late"})
    assert fresh(request).reject_reason == "Too late"


def test_receive_and_inspect_on_one_screen(
    client_for, keeper, delivered, make_request, approved, product, location
):
    request = approved(make_request((product, 2)))
    line = request.lines.get()
    client = client_for(keeper)
    url = reverse("returns:request-receive", args=[request.pk])
    page = client.get(url).content.decode()
    assert 'id="barcode-scan"' in page
    assert f'data-barcode="{product.barcode}"' in page
    assert "js/returns_scan.js" in page
    response = client.post(url, {"carrier": "YTO", "tracking_number": "YT77", f"received-{line.pk}": "2"})
    assert response.status_code == 302
    assert fresh(request).status == ReturnStatus.RECEIVED
    response = client.post(
        url,
        {
            f"accepted-{line.pk}": "1",
            f"condition-{line.pk}": "damaged",
            f"deduction-{line.pk}": "2.00",
            f"disposition-{line.pk}": "restock",
            f"location-{line.pk}": location.pk,
            f"note-{line.pk}": "cracked cap",
        },
    )
    assert response.status_code == 302
    request = fresh(request)
    assert request.status == ReturnStatus.INSPECTED
    assert request.credit == Decimal("10.00")  # 12.00 less the 2.00 deduction
    detail = client.get(request.get_absolute_url()).content.decode()
    assert "YT77" in detail
    assert "cracked cap" in detail


def test_inspection_error_is_shown_and_nothing_posted(
    client_for, keeper, delivered, make_request, received, product
):
    request = received(make_request((product, 2)))
    line = request.lines.get()
    response = client_for(keeper).post(
        reverse("returns:request-receive", args=[request.pk]),
        {
            f"accepted-{line.pk}": "5",
            f"condition-{line.pk}": "resalable",
            f"disposition-{line.pk}": "restock",
        },
    )
    assert response.status_code == 400
    assert fresh(request).status == ReturnStatus.RECEIVED


def test_refund_is_approved_and_paid_from_the_request_page(
    client_for, accountant, delivered, make_request, received, inspect, product
):
    request = inspect(received(make_request((product, 1))))
    refund = Refund.objects.get(request=request)
    client = client_for(accountant)
    page = client.get(request.get_absolute_url()).content.decode()
    assert reverse("returns:refund-approve", args=[refund.pk]) in page
    client.post(reverse("returns:refund-approve", args=[refund.pk]))
    client.post(
        reverse("returns:refund-pay", args=[refund.pk]),
        {"method": "transfer", "reference": "TX-1", "date": timezone.localdate().isoformat()},
    )
    assert fresh(refund).status == "paid"
    assert fresh(request).status == ReturnStatus.COMPLETED
    page = client.get(request.get_absolute_url()).content.decode()
    assert "TX-1" in page
    assert 'id="timeline"' in page


def test_the_order_page_offers_a_return_and_shows_its_status(
    client_for, clerk, delivered, make_request, product
):
    client = client_for(clerk)
    page = client.get(delivered.get_absolute_url()).content.decode()
    assert f"{reverse('returns:request-create')}?order={delivered.pk}" in page
    make_request((product, 1), order=delivered)
    page = client.get(delivered.get_absolute_url()).content.decode()
    assert 'id="order-return-status"' in page
    assert "Return in progress" in page


def test_create_from_the_order_keeps_to_that_order(client_for, clerk, delivered, customer, product, defect):
    response = client_for(clerk).post(
        reverse("returns:request-create"), {**create_post(customer, product, defect), "order": delivered.pk}
    )
    assert response.status_code == 302
    request = ReturnRequest.objects.get()
    assert request.order == delivered


def test_progress_page_opens_with_the_token_only(client, delivered, make_request, product):
    request = make_request((product, 1))
    assert len(request.public_token) >= 32
    response = client.get(reverse("returns:progress", args=[request.public_token]))
    assert response.status_code == 200
    assert request.number in response.content.decode()
    assert client.get(reverse("returns:progress", args=["guess"])).status_code == 404


def test_exchange_is_shipped_from_the_request_page(
    client_for, keeper, deliver, stock, product, marker_pen, location, make_request, approved
):
    from returns.services import ReplacementData

    stock(product, location, 2)
    stock(marker_pen, location, 1, "20.00")
    deliver((product, 2))
    request = approved(
        make_request((product, 1), kind="exchange", replacements=[ReplacementData(marker_pen, Decimal("1"))])
    )
    client = client_for(keeper)
    client.post(
        reverse("returns:replacement-ship", args=[request.pk]), {"carrier": "SF", "tracking_number": "SF42"}
    )
    request = fresh(request)
    assert request.replacement_status == "shipped"
    assert "SF42" in client.get(request.get_absolute_url()).content.decode()


def test_the_customer_page_lists_the_customer_returns(
    client_for, clerk, delivered, make_request, product, customer
):
    request = make_request((product, 1))
    page = client_for(clerk).get(customer.get_absolute_url()).content.decode()
    assert request.number in page
    assert f"{reverse('returns:request-create')}?customer={customer.pk}" in page


def test_reading_the_pages_writes_nothing(client_for, clerk, delivered, make_request, product):
    from returns.models import ReturnPolicy

    request = make_request((product, 1))
    client = client_for(clerk)
    for url in (
        reverse("returns:request-list"),
        request.get_absolute_url(),
        reverse("returns:request-create"),
    ):
        assert client.get(url).status_code == 200
    assert not ReturnPolicy.objects.exists()


def test_the_contact_given_on_the_form_gets_the_messages(
    client_for, clerk, delivered, customer, product, defect
):
    data = create_post(customer, product, defect, action="submit")
    data.update(
        {"h-contact_name": "Ms Wang", "h-contact_email": "wang@bright.example", "h-contact_phone": ""}
    )
    client_for(clerk).post(reverse("returns:request-create"), data)
    request = ReturnRequest.objects.get()
    assert (request.contact_name, request.contact_email) == ("Ms Wang", "wang@bright.example")
    from common.notifications.models import Notification

    (message,) = Notification.objects.filter(kind="customer_return.return_received", channel="email")
    assert message.address == "wang@bright.example"
    assert message.url.endswith(request.get_progress_url())


def test_an_inspected_exchange_shows_what_the_customer_owes(
    client_for, clerk, deliver, stock, product, marker_pen, location, make_request, received, inspect
):
    from returns.services import ReplacementData

    stock(product, location, 2)
    stock(marker_pen, location, 1, "20.00")
    deliver((product, 2, "12.00"))
    request = make_request(
        (product, 1), kind="exchange", replacements=[ReplacementData(marker_pen, Decimal("1"))]
    )
    request = inspect(received(request))
    page = client_for(clerk).get(request.get_absolute_url()).content.decode()
    assert "The customer owes the difference: 18.00" in page


def test_default_reasons_read_in_the_readers_language(
    client_for, clerk, delivered, make_request, product, defect, settings
):
    """The reasons a new installation starts with are stored in English; a reason the administrator
    named shows as named in either language."""
    scratched = ReturnReasonFactory(code="scratched", name="Scratched lid 盖子划伤")
    request = make_request((product, "1", defect), (product, "2", scratched))
    client = client_for(clerk)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(request.get_absolute_url()).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(request.get_absolute_url()).content.decode()

    assert "质量问题" in chinese
    assert "Quality defect" not in chinese
    assert "Quality defect" in english
    assert "质量问题" not in english
    assert "Scratched lid 盖子划伤" in chinese
    assert "Scratched lid 盖子划伤" in english


def test_returns_by_reason_report_names_default_reasons_in_the_readers_language(
    delivered, make_request, product, defect, clerk
):
    services.return_request_submit(request=make_request((product, "1", defect)), by=clerk)
    report = ReturnAnalysisReport({"group": "reason"})

    with translation.override("zh-hans"):
        assert [cells[0] for cells in report.iter_cells()] == ["质量问题"]
    with translation.override("en"):
        assert [cells[0] for cells in report.iter_cells()] == ["Quality defect"]
