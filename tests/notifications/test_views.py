import pytest
from django.test import RequestFactory
from django.urls import reverse

from common.notifications import notify_users
from common.notifications.context_processors import notifications as notifications_context
from common.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")


def _messages(user, count=1, url=""):
    return notify_users(
        users=[user] * count, kind="low_stock", subject="Low stock: bolts", body="Only 3 left.", url=url
    )


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_only_my_messages_and_the_top_bar_counts_the_unread(client_for):
    me, someone_else = UserFactory(), UserFactory()
    _messages(me, 2)
    notify_users(users=[someone_else], kind="x", subject="Not for you", body="")

    response = client_for(me).get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Low stock: bolts") == 2
    assert "Not for you" not in html
    assert 'id="unread-count">2<' in html


def test_the_top_bar_shows_no_badge_when_everything_is_read(client_for):
    me = UserFactory()
    (row,) = _messages(me)
    Notification.objects.filter(pk=row.pk).update(read_at=row.created_at)
    html = client_for(me).get(LIST_URL).content.decode()
    assert 'id="unread-count"' not in html
    assert "Mark all as read" not in html


def test_the_unread_count_is_one_query(django_assert_num_queries):
    me = UserFactory()
    _messages(me, 3)
    request = RequestFactory().get("/")
    request.user = me
    with django_assert_num_queries(1):
        assert notifications_context(request) == {"unread_notifications": 3}


def test_marking_one_message_read(client_for):
    me = UserFactory()
    first, second = _messages(me, 2)
    response = client_for(me).post(reverse("notifications:read", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_opening_a_message_marks_it_read_and_follows_its_link(client_for):
    me = UserFactory()
    (row,) = _messages(me, url="/inventory/stock/")
    response = client_for(me).post(reverse("notifications:read", args=[row.pk]), {"open": "1"})
    assert response["Location"] == "/inventory/stock/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_a_link_to_another_site_is_not_followed(client_for):
    me = UserFactory()
    (row,) = _messages(me, url="https://evil.example.com/")
    response = client_for(me).post(reverse("notifications:read", args=[row.pk]), {"open": "1"})
    assert response["Location"] == LIST_URL


def test_nobody_marks_another_users_message(client_for):
    me, someone_else = UserFactory(), UserFactory()
    (row,) = _messages(someone_else)
    response = client_for(me).post(reverse("notifications:read", args=[row.pk]))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_reading_is_post_only(client_for):
    me = UserFactory()
    (row,) = _messages(me)
    assert client_for(me).get(reverse("notifications:read", args=[row.pk])).status_code == 405
    assert client_for(me).get(reverse("notifications:read-all")).status_code == 405


def test_mark_all_read_touches_only_my_messages(client_for):
    me, someone_else = UserFactory(), UserFactory()
    _messages(me, 3)
    (theirs,) = _messages(someone_else)
    response = client_for(me).post(reverse("notifications:read-all"), follow=True)
    assert "3 messages marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_is_paginated_and_filters_unread(client_for, settings):
    settings.LIST_PAGE_SIZE = 5
    me = UserFactory()
    rows = _messages(me, 7)
    Notification.objects.filter(pk__in=[row.pk for row in rows[:3]]).update(read_at=rows[0].created_at)
    client = client_for(me)

    first_page = client.get(LIST_URL)
    assert len(first_page.context["notifications"]) == 5
    assert first_page.context["page_obj"].paginator.num_pages == 2
    assert len(client.get(LIST_URL, {"page": 2}).context["notifications"]) == 2
    unread = client.get(LIST_URL, {"unread": "1"})
    assert len(unread.context["notifications"]) == 4


def test_the_page_is_translated(client_for):
    me = UserFactory()
    client = client_for(me)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(LIST_URL, headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
