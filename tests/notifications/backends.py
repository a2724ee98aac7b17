"""E-mail backends for tests that need a send to fail or to take a while."""

import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


class SlowEmailBackend(LocmemEmailBackend):
    """Takes long enough that a second delivery of the same row starts while the first still holds it."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)
