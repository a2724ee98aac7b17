"""客户回访: once a request is completed the progress page asks for a rating and a comment, once; staff
see it on the request page."""

import pytest
from django.urls import reverse

from common.exceptions import DomainError
from returns import services
from returns.choices import ReturnStatus
from returns.models import Refund, ReturnFeedback
from returns.services.public import return_feedback_give
from tests.returns.conftest import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(deliver, stock, product, location):
    stock(product, location, 10, "8.00")
    return deliver((product, 10, "12.00"))


@pytest.fixture
def completed(delivered, make_request, received, inspect, product, accountant):
    request = inspect(received(make_request((product, 2))))
    refund = Refund.objects.filter(request=request).first()
    if refund is not None:
        services.refund_approve(refund=refund, by=accountant)
        services.refund_pay(refund=refund, by=accountant, method="transfer")
    request = fresh(request)
    assert request.status == ReturnStatus.COMPLETED
    return request


def feedback_url(request):
    return reverse("returns_public:feedback", args=[request.public_token])


def test_the_completed_request_asks_for_feedback_once(client, completed):
    page = client.get(completed.get_progress_url()).content.decode()
    assert 'id="feedback"' in page

    response = client.post(feedback_url(completed), {"rating": "4", "comment": "Quick and friendly"})

    assert response.status_code == 302
    assert response["Location"] == completed.get_progress_url()
    feedback = ReturnFeedback.objects.get()
    assert (feedback.request, feedback.rating, feedback.comment) == (completed, 4, "Quick and friendly")
    page = client.get(completed.get_progress_url()).content.decode()
    assert 'id="feedback"' not in page
    assert 'id="feedback-given"' in page

    again = client.post(feedback_url(completed), {"rating": "1", "comment": "changed my mind"}, follow=True)

    assert "already have your feedback" in again.content.decode()
    assert ReturnFeedback.objects.get().rating == 4


def test_no_feedback_before_the_request_is_completed(client, delivered, make_request, approved, product):
    request = approved(make_request((product, 1)))

    assert 'id="feedback"' not in client.get(request.get_progress_url()).content.decode()
    response = client.post(feedback_url(request), {"rating": "5"}, follow=True)

    assert "once it is completed" in response.content.decode()
    assert not ReturnFeedback.objects.exists()
    with pytest.raises(DomainError):
        return_feedback_give(request=request, rating=5)


@pytest.mark.parametrize("rating", ["0", "6", "", "five"])
def test_a_rating_outside_one_to_five_is_refused(client, completed, rating):
    response = client.post(feedback_url(completed), {"rating": rating})

    assert response.status_code == 400
    assert not ReturnFeedback.objects.exists()


def test_the_service_refuses_a_rating_out_of_range(completed):
    with pytest.raises(DomainError):
        return_feedback_give(request=completed, rating=9)
    assert not ReturnFeedback.objects.exists()


def test_feedback_needs_the_real_token(client, completed):
    altered = completed.public_token[:-2] + "xx"

    assert client.post(reverse("returns_public:feedback", args=[altered]), {"rating": "5"}).status_code == 404
    assert client.get(feedback_url(completed)).status_code == 405
    assert not ReturnFeedback.objects.exists()


def test_staff_see_the_feedback_on_the_request_page(client_for, clerk, completed):
    return_feedback_give(request=completed, rating=2, comment="Took too long")

    page = client_for(clerk).get(completed.get_absolute_url()).content.decode()

    assert 'id="customer-feedback"' in page
    assert "2 / 5" in page
    assert "Took too long" in page


def test_the_request_page_without_feedback_shows_no_feedback_block(client_for, clerk, completed):
    page = client_for(clerk).get(completed.get_absolute_url()).content.decode()

    assert 'id="customer-feedback"' not in page
