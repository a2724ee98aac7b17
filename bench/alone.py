"""Every report page and the dashboard read alone, one request after another, through gunicorn.

The load test reads five pages together; the other reports are read less often and by one accountant at
a time, so each is read ``count`` times in a row with the report's default filters (mostly this month),
after one untimed read that fills the caches."""

import os
import signal

from bench.common import median, say
from bench.latency import gunicorn_start, sequential


def pages() -> dict[str, str]:
    from reports.framework import report_classes

    found = {"dashboard": "/"}
    for report in sorted(report_classes(), key=lambda cls: cls.slug):
        found[report.slug] = f"/reports/{report.slug}/"
    return found


def run(*, runs: int = 5, workers: int = 1) -> dict:
    server = gunicorn_start(workers)
    result = {}
    try:
        for name, path in pages().items():
            times = sequential(path, runs + 1)[1:]
            result[name] = {"path": path, "p50_ms": round(median(times)), "max_ms": round(max(times))}
            say(f"alone {name}: {result[name]}")
    finally:
        os.killpg(server.pid, signal.SIGQUIT)
        server.wait(timeout=30)
    return {"runs": runs, "pages": result}
