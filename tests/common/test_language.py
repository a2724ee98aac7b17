"""The page language follows the user's choice: the language cookie or the browser's Accept-Language."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(user_in_role, client_for):
    return client_for(user_in_role("sales_clerk"))


def test_pages_are_in_english_by_default_here(staff):
    assert '<html lang="en">' in staff.get(reverse("dashboard")).content.decode()


def test_language_cookie_switches_the_page_to_chinese(staff):
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    assert '<html lang="zh-hans">' in staff.get(reverse("dashboard")).content.decode()


def test_browser_language_switches_the_page_to_chinese(staff):
    response = staff.get(reverse("dashboard"), headers={"accept-language": "zh-Hans,zh;q=0.9,en;q=0.5"})

    assert '<html lang="zh-hans">' in response.content.decode()


def test_plain_zh_from_a_browser_means_simplified_chinese(client):
    response = client.get(reverse("login"), headers={"accept-language": "zh-CN,zh;q=0.9"})

    assert '<html lang="zh-hans">' in response.content.decode()


def test_choosing_a_language_sets_the_cookie(staff):
    response = staff.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("dashboard")})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert '<html lang="zh-hans">' in staff.get(reverse("dashboard")).content.decode()
