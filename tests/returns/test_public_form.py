"""The customer return form (no login): find the order by number and phone or e-mail, the same message
for a wrong number and a wrong phone, the rate limit, picking lines within what can come back, photos,
the request made and submitted by the staff services, the progress page behind its token, both
languages."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common.notifications.models import Notification
from returns import services
from returns.choices import RequestSource, ReturnStatus
from returns.models import ReturnPhoto, ReturnRequest
from returns.services.public import CUSTOMER_FORM_USERNAME, contact_normalise, customer_order_find
from sales.models import CustomerContact
from tests.factories import CustomerFactory
from tests.returns.conftest import D, fresh

pytestmark = pytest.mark.django_db

START = "returns_public:start"
LINES = "returns_public:lines"
GENERIC = "We could not find an order with this number and this phone or e-mail."


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def order(deliver, stock, product, marker_pen, location):
    stock(product, location, 20, "8.00")
    stock(marker_pen, location, 20, "20.00")
    return deliver((product, 5, "12.00"), (marker_pen, 2, "30.00"))


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def lookup(client, number, contact, **extra):
    return client.post(reverse(START), {"number": number, "contact": contact}, **extra)


def error_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def lines_post(order, quantities, reason, **extra):
    data = {"note": "Two arrived broken"}
    for line in order.deliveries.get().lines.all():
        quantity = quantities.get(line.product.sku)
        if quantity is not None:
            data[f"quantity_{line.pk}"] = quantity
            data[f"reason_{line.pk}"] = reason.pk
    data.update(extra)
    return data


# --- finding the order ------------------------------------------------------------------------------


def test_the_right_phone_written_differently_opens_the_order(client, order):
    response = lookup(client, f"  {order.number.lower()} ", "138-0000 0000")

    assert response.status_code == 302
    assert response["Location"] == reverse(LINES)
    page = client.get(reverse(LINES))
    assert page.status_code == 200
    assert [line.product.sku for line in page.context["form"].lines] == ["PEN-1", "MRK-1"]


def test_the_right_email_in_other_case_opens_the_order(client, order):
    response = lookup(client, order.number, "  Buyer@Bright.EXAMPLE ")

    assert response.status_code == 302


def test_a_contact_person_of_the_customer_may_use_their_phone(client, order, customer):
    CustomerContact.objects.create(customer=customer, name="Ms Li", phone="+86 139 1111 2222")

    assert lookup(client, order.number, "+86-139-1111-2222").status_code == 302


def test_the_delivery_number_opens_only_that_delivery(client, order, deliver, product, customer):
    second = deliver((product, 3, "12.00"))
    delivery = second.deliveries.get()

    assert lookup(client, delivery.number, customer.phone).status_code == 302
    lines = client.get(reverse(LINES)).context["form"].lines
    assert [(line.delivery_id, line.quantity) for line in lines] == [(delivery.pk, D(3))]


def test_a_wrong_phone_gets_the_same_message_as_an_unknown_number(client, order, customer):
    wrong_phone = lookup(client, order.number, "13900000000")
    unknown_number = lookup(client, "SO-209901-9999", customer.phone)
    empty_contact = lookup(client, order.number, "---")

    for response in (wrong_phone, unknown_number, empty_contact):
        assert response.status_code == 200
        assert GENERIC in error_text(response)
        assert customer.name not in response.content.decode()
    assert error_text(wrong_phone) == error_text(unknown_number).replace("SO-209901-9999", order.number)
    assert client.get(reverse(LINES))["Location"] == reverse(START)  # nothing was opened
    assert not ReturnRequest.objects.exists()


def test_another_customers_phone_does_not_open_the_order(client, order):
    other = CustomerFactory(name="Other Ltd", phone="13700000000", email="x@other.example")

    assert lookup(client, order.number, other.phone).status_code == 200
    assert customer_order_find(number=order.number, contact=other.email) is None


def test_a_customer_without_phone_is_not_opened_by_an_empty_one(db, order, customer):
    type(customer).objects.filter(pk=customer.pk).update(phone="", email="")

    assert customer_order_find(number=order.number, contact="") is None
    assert customer_order_find(number=order.number, contact="  - ") is None


def test_contacts_are_normalised():
    assert contact_normalise(" 138-0000 (0000) ") == "13800000000"
    assert contact_normalise(" A.B@Example.COM ") == "a.b@example.com"


# --- the rate limit -----------------------------------------------------------------------------------


def test_the_eleventh_lookup_from_one_address_is_refused(client, order, customer):
    for attempt in range(10):
        response = lookup(client, f"SO-209901-{attempt:04d}", customer.phone)
        assert response.status_code == 200

    response = lookup(client, order.number, customer.phone)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert response["Retry-After"] == "600"
    # Another address may still look up another order.
    assert lookup(client, order.number, customer.phone, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_eleventh_lookup_of_one_number_is_refused_from_any_address(client, order, customer):
    for attempt in range(10):
        assert lookup(client, order.number, "1390000000", REMOTE_ADDR=f"10.0.1.{attempt}").status_code == 200

    assert lookup(client, order.number, customer.phone, REMOTE_ADDR="10.0.2.1").status_code == 429


def test_the_lines_page_needs_a_found_order(client):
    assert client.get(reverse(LINES))["Location"] == reverse(START)
    assert client.post(reverse(LINES), {})["Location"] == reverse(START)


# --- sending the request ------------------------------------------------------------------------------


def test_the_customer_sends_a_request_through_the_staff_services(client, order, defect, customer):
    lookup(client, order.number, customer.email)

    response = client.post(reverse(LINES), lines_post(order, {"PEN-1": "2"}, defect))

    request = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request.get_progress_url()
    assert request.source == RequestSource.CUSTOMER_FORM
    assert request.status in (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)
    assert request.order == order
    assert request.created_by.username == CUSTOMER_FORM_USERNAME
    assert not request.created_by.has_usable_password()
    assert request.note == "Two arrived broken"
    assert request.contact_email == "buyer@bright.example"
    assert [(line.product.sku, line.quantity, line.reason) for line in request.lines.all()] == [
        ("PEN-1", D(2), defect)
    ]
    assert request.amount == D("24.00")
    # The customer is told, with the progress link, and sees it once on the page.
    told = Notification.objects.filter(kind__endswith="return_received")
    assert told.exists()
    assert all(request.get_progress_url() in n.url for n in told)
    page = client.get(response["Location"]).content.decode()
    assert 'id="just-sent"' in page
    assert request.get_progress_url() in page
    assert 'id="just-sent"' not in client.get(response["Location"]).content.decode()
    # The finding is used up: going back does not open the order again.
    assert client.get(reverse(LINES))["Location"] == reverse(START)


def test_the_request_is_in_the_language_of_the_form(client, order, defect, customer):
    client.cookies["django_language"] = "zh-hans"
    lookup(client, order.number, customer.phone)

    client.post(reverse(LINES), lines_post(order, {"MRK-1": "1"}, defect))

    assert ReturnRequest.objects.get().language == "zh-hans"


def test_more_than_can_be_returned_is_refused(client, order, defect, customer, make_request, product):
    make_request((product, 4))  # a staff request holds 4 of the 5 pens already
    lookup(client, order.number, customer.phone)
    form_lines = client.get(reverse(LINES)).context["form"].lines
    assert {line.product.sku: line.returnable for line in form_lines}["PEN-1"] == D(1)

    response = client.post(reverse(LINES), lines_post(order, {"PEN-1": "2"}, defect))

    assert response.status_code == 400
    assert "At most 1 can be returned." in error_text(response)
    assert ReturnRequest.objects.count() == 1


def test_a_line_of_another_order_cannot_be_slipped_in(client, order, deliver, product, defect, customer):
    other_line = deliver((product, 3, "12.00")).deliveries.get().lines.get()
    lookup(client, order.number, customer.phone)

    response = client.post(
        reverse(LINES), {f"quantity_{other_line.pk}": "1", f"reason_{other_line.pk}": defect.pk}
    )

    assert response.status_code == 400
    assert ReturnRequest.objects.count() == 0


def test_a_quantity_needs_a_reason_and_one_line_is_needed(client, order, defect, customer):
    lookup(client, order.number, customer.phone)
    line = order.deliveries.get().lines.first()

    no_reason = client.post(reverse(LINES), {f"quantity_{line.pk}": "1"})
    nothing = client.post(reverse(LINES), {"note": "hello"})

    assert no_reason.status_code == nothing.status_code == 400
    assert "Choose a reason." in error_text(no_reason)
    assert "at least one product" in error_text(nothing)
    assert not ReturnRequest.objects.exists()


def test_an_inactive_reason_is_not_offered(client, order, defect, changed_mind, customer):
    type(changed_mind).objects.filter(pk=changed_mind.pk).update(is_active=False)
    lookup(client, order.number, customer.phone)

    response = client.post(reverse(LINES), lines_post(order, {"PEN-1": "1"}, changed_mind))

    assert response.status_code == 400
    assert not ReturnRequest.objects.exists()


def test_photos_are_kept_under_random_names(client, order, defect, customer):
    lookup(client, order.number, customer.phone)
    line = order.deliveries.get().lines.get(product__sku="PEN-1")

    response = client.post(
        reverse(LINES),
        {**lines_post(order, {"PEN-1": "1"}, defect), f"photos_{line.pk}": [png("my face.png"), png()]},
    )

    assert response.status_code == 302
    photos = list(ReturnPhoto.objects.all())
    assert len(photos) == 2
    assert all("my face" not in photo.image.name and photo.image.name.endswith(".png") for photo in photos)
    assert all(photo.uploaded_by.username == CUSTOMER_FORM_USERNAME for photo in photos)


def test_a_file_that_is_not_a_picture_is_refused(client, order, defect, customer, settings):
    lookup(client, order.number, customer.phone)
    line = order.deliveries.get().lines.get(product__sku="PEN-1")
    fake = SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")

    response = client.post(
        reverse(LINES), {**lines_post(order, {"PEN-1": "1"}, defect), f"photos_{line.pk}": fake}
    )
    settings.RETURNS_PHOTO_MAX_BYTES = 10
    too_big = client.post(
        reverse(LINES), {**lines_post(order, {"PEN-1": "1"}, defect), f"photos_{line.pk}": png()}
    )

    assert response.status_code == too_big.status_code == 400
    assert "is not a picture" in error_text(response)
    assert "is larger than" in error_text(too_big)
    assert not ReturnRequest.objects.exists()
    assert not ReturnPhoto.objects.exists()


# --- the progress page --------------------------------------------------------------------------------


def test_a_guessed_or_altered_token_gets_404(client, make_request, order, product):
    request = make_request((product, 1))
    token = request.public_token
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert client.get(reverse("returns:progress", args=[token])).status_code == 200
    assert client.get(reverse("returns:progress", args=[altered])).status_code == 404
    assert client.get(reverse("returns:progress", args=["1"])).status_code == 404


def test_progress_tells_the_reason_of_a_rejection(client, make_request, order, product, clerk, approver):
    request = make_request((product, 1))
    services.return_request_submit(request=request, by=clerk)
    services.return_request_reject(request=request, by=approver, reason="Used beyond the trial period")

    page = client.get(request.get_progress_url())

    text = error_text(page)
    assert "We cannot accept this return" in text
    assert "Used beyond the trial period" in text
    assert 'id="return-address"' not in page.content.decode()


def test_progress_tells_where_to_send_the_goods_once_approved(
    client, make_request, order, product, approved, warehouse, settings
):
    type(warehouse).objects.filter(pk=warehouse.pk).update(address="1 Dock Road, Shanghai")
    request = approved(make_request((product, 1)))

    page = error_text(client.get(request.get_progress_url()))
    settings.RETURNS_RETURN_ADDRESS = "Returns desk, 9 Harbour St"
    configured = error_text(client.get(request.get_progress_url()))

    assert "Where to send the goods" in page
    assert "1 Dock Road, Shanghai" in page
    assert "Returns desk, 9 Harbour St" in configured
    assert "Approved: please send the goods back" in page


def test_progress_shows_the_refund_and_the_replacement_tracking(
    client, make_request, order, product, marker_pen, received, inspect, keeper, stock, location
):
    request = make_request((product, 1))
    request = inspect(received(request))

    page = error_text(client.get(request.get_progress_url()))
    assert "Refund" in page or "Credit to your account" in page
    assert "We have checked the goods" in page

    stock(marker_pen, location, 5, "20.00")
    exchange = make_request(
        (product, 1), kind="exchange", replacements=[services.ReplacementData(marker_pen, D(1))]
    )
    exchange = received(exchange)
    services.replacement_ship(request=exchange, by=keeper, carrier="SF Express", tracking_number="SF777")
    page = error_text(client.get(fresh(exchange).get_progress_url()))
    assert "SF Express" in page
    assert "SF777" in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_render_in_both_languages(client, make_request, order, product, customer, language):
    client.cookies["django_language"] = language
    request = make_request((product, 1))

    start = client.get(reverse(START))
    progress = client.get(request.get_progress_url())
    lookup(client, order.number, customer.phone)
    lines = client.get(reverse(LINES))

    for response in (start, progress, lines):
        assert response.status_code == 200
        page = response.content.decode()
        assert f'<html lang="{language}">' in page
        assert 'name="language"' in page  # the switcher, without login
        assert response["X-Robots-Tag"] == "noindex, nofollow"
