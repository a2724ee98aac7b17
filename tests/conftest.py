import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.factories import UserFactory


def pytest_configure(config):
    """Row locks, ON CONFLICT and concurrent numbering only mean something on PostgreSQL."""
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            f"The tests need PostgreSQL, not {engine}: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/"
            "jinxiaocun (bin/test does)."
        )


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read messages in English unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Users are made by the dozen; the production hasher would make the suite slow for nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def user_in_role(db):
    def make(role, username=None):
        return UserFactory(username=username or f"{role}-user", role=role)

    return make


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
