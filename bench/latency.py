"""Latency (p50, p95) of the list and report pages, served by gunicorn and driven by locust on loopback."""

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from bench.common import BENCH_DIR, PASSWORD, ROOT, median, say

PORT = 18713  # a port nobody else on this machine is likely to use
HOST = f"http://127.0.0.1:{PORT}"


def pages() -> dict[str, str]:
    """The pages measured, with the filters a user would set."""
    from django.utils import timezone

    from inventory.models import Warehouse

    today = timezone.localdate()
    warehouse = Warehouse.objects.order_by("code").values_list("pk", flat=True).first()
    return {
        "stock query (warehouse, search)": f"/inventory/stock/?warehouse={warehouse}&q=bearing",
        "stock query (all)": "/inventory/stock/",
        "product list (search)": "/inventory/products/?q=%E8%BD%B4%E6%89%BF",  # 轴承
        "return request list": "/returns/",
        "approval inbox": "/approvals/",
        "sales summary (a year)": (
            f"/reports/sales-summary/?date_from={today - timedelta(days=365)}&date_to={today}&group=customer"
        ),
    }


def gunicorn_start(workers: int, app_dir: Path = ROOT) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "AXES_FAILURE_LIMIT": "1000",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": str(BENCH_DIR / "serve"),
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=app_dir,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):  # a loaded machine takes a while to import the app in every worker
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (is port {PORT} taken?)")
        try:
            urllib.request.urlopen(f"{HOST}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("gunicorn did not answer on loopback")


def locust_run(run_time: int, users: int, page_map: dict, out: Path) -> dict:
    env = {
        **os.environ,
        "BENCH_PAGES": json.dumps(page_map),
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_USER": "bench_manager",
    }
    subprocess.run(
        [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(BENCH_DIR / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{run_time}s",
            "--host",
            HOST,
            "--csv",
            str(out),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    stats = {}
    with open(f"{out}_stats.csv", newline="") as file:
        for row in csv.DictReader(file):
            if row["Name"] in page_map:
                stats[row["Name"]] = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                }
    return stats


def sequential(path: str, count: int) -> list[float]:
    """Milliseconds of ``count`` requests one after the other, signed in as the benchmark's manager."""
    import http.cookiejar
    import re
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{HOST}/accounts/login/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": "bench_manager", "password": PASSWORD, "csrfmiddlewaretoken": token}
    request = urllib.request.Request(
        f"{HOST}/accounts/login/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"{HOST}/accounts/login/"},
    )
    opener.open(request, timeout=60).read()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        opener.open(f"{HOST}{path}", timeout=600).read()
        times.append((time.perf_counter() - started) * 1000)
    return times


def run(
    *,
    runs: int = 3,
    run_time: int = 60,
    users: int = 3,
    workers: int = 3,
    app_dir: Path = ROOT,
    slow: tuple = (),
) -> dict:
    """``slow`` pages take longer than a locust run: they are read alone, three times one after the other,
    so that they do not hold every simulated user and starve the other pages of samples."""
    all_pages = pages()
    page_map = {name: path for name, path in all_pages.items() if name not in slow}
    server = gunicorn_start(workers, app_dir)
    alone = {}
    try:
        for name in slow:
            times = sequential(all_pages[name], 3)
            alone[name] = {
                "path": all_pages[name],
                "p50_ms": round(median(times)),
                "p95_ms": round(max(times)),  # of three
                "requests": len(times),
                "failures": 0,
                "alone": True,
            }
            say(f"latency {name} alone: {alone[name]}")
        locust_run(10, users, page_map, Path(tempfile.mkdtemp()) / "warmup")
        samples = []
        for index in range(runs):
            samples.append(locust_run(run_time, users, page_map, Path(tempfile.mkdtemp()) / f"run{index}"))
            say(f"latency run {index + 1}/{runs}: {samples[-1]}")
    finally:
        os.killpg(server.pid, signal.SIGQUIT)  # quick shutdown: a slow page need not finish
        server.wait(timeout=30)
    result = {}
    for name, path in page_map.items():
        runs_of_page = [sample[name] for sample in samples if name in sample]
        if not runs_of_page:  # not one answer within the run: slower than the run itself
            result[name] = {"path": path, "p50_ms": None, "p95_ms": None, "requests": 0, "failures": 0}
            continue
        result[name] = {
            "path": path,
            "p50_ms": median([r["p50"] for r in runs_of_page]),
            "p95_ms": median([r["p95"] for r in runs_of_page]),
            "requests": sum(r["requests"] for r in runs_of_page),
            "failures": sum(r["failures"] for r in runs_of_page),
        }
    result.update(alone)
    return {"users": users, "workers": workers, "runs": runs, "run_seconds": run_time, "pages": result}
