"""Redis stops and comes back: requests stay quick, and every notification is delivered afterwards.

This module runs a Redis server of its own (``redis-server`` on a free port) so it can stop it without
disturbing anybody else's tests, and a real worker on it.
"""

import shutil
import socket
import subprocess
import time

import pytest

from common.notifications.choices import NotificationStatus
from common.notifications.models import Notification
from common.notifications.tasks import deliver_pending_notifications
from tests.notifications.conftest import celery_broker, celery_worker_process, redis_ping

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.notifications.urls")]


class RedisServer:
    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process = None

    def start(self):
        command = [
            shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(self.directory),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not redis_ping(self.url):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is needed for the broker outage test (.ci/run installs it)")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture(scope="module")
def outage_worker(django_db_setup, redis_server, tmp_path_factory):
    with celery_worker_process(broker_url=redis_server.url, base=tmp_path_factory.mktemp("worker")) as worker:
        yield worker


def _status(pk):
    return Notification.objects.values_list("status", flat=True).get(pk=pk)


def test_with_redis_stopped_requests_are_quick_and_nothing_is_lost(client, redis_server, outage_worker):
    worker = outage_worker
    with celery_broker(redis_server.url, worker.queue):
        # Redis up: delivered at once.
        (before,) = client.get("/approve-return/", {"number": "RMA-209901-0100"}).json()["ids"]
        worker.wait_for(lambda: _status(before) == NotificationStatus.SENT, what="delivery before the outage")

        outage = worker.log_mark()
        redis_server.stop()
        timings = []
        ids = []
        for number in ("RMA-209901-0101", "RMA-209901-0102", "RMA-209901-0103"):
            started = time.monotonic()
            response = client.get("/approve-return/", {"number": number})
            timings.append(time.monotonic() - started)
            assert response.status_code == 200
            ids.extend(response.json()["ids"])
        assert max(timings) < 2, f"requests waited on the dead broker: {timings}"
        assert all(_status(pk) == NotificationStatus.PENDING for pk in ids)

        redis_server.start()
        worker.wait_for(
            lambda: "Connected to redis://" in worker.log(outage),
            timeout=40,
            what="the worker to reconnect",
        )
        # What beat does every minute: the sweep delivers what the outage left pending.
        mark = worker.log_mark()
        deadline = time.monotonic() + 30
        while any(_status(pk) != NotificationStatus.SENT for pk in ids):
            assert time.monotonic() < deadline, f"not delivered after the outage:\n{worker.log(mark)}"
            deliver_pending_notifications.apply_async(args=[0])
            time.sleep(1)

    mails = worker.mails()
    assert len(mails) == 4
    for number in ("0100", "0101", "0102", "0103"):
        assert sum(f"RMA-209901-{number}" in mail for mail in mails) == 1
