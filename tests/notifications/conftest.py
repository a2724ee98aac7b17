"""A real Celery worker on a real Redis for the notification tests.

The worker is a subprocess (``celery -A config worker --pool=solo``) that consumes one queue of its own
and reads pytest-django's test database (PostgreSQL: each xdist worker has its own), so tests that use
it are ``django_db(transaction=True)``: what the test commits, the worker sees. Nothing of Celery or
Redis is mocked.
"""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

TEST_BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
CLOSED_BROKER_URL = "redis://127.0.0.1:6390/0"  # nothing listens there
WORKER_START_TIMEOUT = 30


def _reset_broker_connections():
    """Forget pooled broker connections so the next publish connects to the broker now configured."""
    kombu.pools.reset()  # closes and forgets every pooled connection and producer
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def celery_broker(url: str, queue: str = "celery"):
    """Make this (pytest) process publish to ``url`` and ``queue`` instead of running tasks eagerly."""
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: celery_app.conf[key] for key in keys}
    _reset_broker_connections()
    celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
    try:
        yield
    finally:
        _reset_broker_connections()
        celery_app.conf.update(saved)


@dataclass
class Worker:
    queue: str
    mail_dir: Path
    log_path: Path

    def mails(self) -> list[str]:
        """Every e-mail the worker sent. The file backend writes one file per connection, named by the
        second and the backend object's id, so two sends may share a file: split on its separator."""
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            messages.extend(part for part in path.read_text().split("-" * 79 + "\n") if part.strip())
        return messages

    def log(self, since: int = 0) -> str:
        """The worker's log, from character ``since`` on (see ``log_mark``)."""
        return self.log_path.read_text(errors="replace")[since:]

    def log_mark(self) -> int:
        return len(self.log())

    def succeeded(self, task: str, since: int) -> list[str]:
        """Log lines of ``task`` runs that finished after ``since``, each ending with the result."""
        return [
            line for line in self.log(since).splitlines() if f".{task}[" in line and " succeeded in " in line
        ]

    def wait_for(self, condition, *, timeout: float = 20, what: str = "condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; worker log:\n{self.log()[-4000:]}")


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{db['NAME']}"


def redis_ping(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@contextmanager
def celery_worker_process(*, broker_url: str, base: Path):
    """Start ``celery -A config worker`` on a queue of its own, against the test database; stop it after."""
    if connection.vendor != "postgresql":
        pytest.fail("the worker must share the test database: run the suite on PostgreSQL (bin/test)")
    queue = f"test-notifications-{uuid.uuid4().hex[:12]}"
    worker = Worker(queue=queue, mail_dir=base / "mail", log_path=base / "worker.log")
    worker.mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(worker.mail_dir),
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool=solo", "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]  # fmt: skip
    with worker.log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        worker.wait_for(
            lambda: " ready." in worker.log() or process.poll() is not None,
            timeout=WORKER_START_TIMEOUT,
            what="the worker to start",
        )
        assert process.poll() is None, f"the worker stopped:\n{worker.log()}"
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if redis_ping(broker_url):
            client = redis.Redis.from_url(broker_url, socket_connect_timeout=1)
            client.delete(queue, f"_kombu.binding.{queue}")
            client.close()


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, tmp_path_factory):
    """One worker for the module on the shared test Redis: started once (about two seconds)."""
    if not redis_ping(TEST_BROKER_URL):
        pytest.fail(f"Redis is needed at {TEST_BROKER_URL} (set CELERY_TEST_BROKER_URL)")
    with celery_worker_process(
        broker_url=TEST_BROKER_URL, base=tmp_path_factory.mktemp("celery-worker")
    ) as w:
        yield w


@pytest.fixture
def worker(celery_worker):
    """The module's worker with an empty mail folder, and this process publishing to its queue."""
    for path in celery_worker.mail_dir.iterdir():
        path.unlink()
    with celery_broker(TEST_BROKER_URL, celery_worker.queue):
        yield celery_worker
