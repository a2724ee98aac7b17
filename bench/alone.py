"""Every report page and the dashboard read alone, one request after another, through gunicorn.

The load test reads five pages together; the other reports are read less often and by one accountant at
a time, so each is read ``runs`` times in a row (``pages``), after one untimed read that fills the caches."""

import os
import signal
from datetime import timedelta

from bench.common import median, say
from bench.latency import gunicorn_start, sequential


def pages() -> dict[str, str]:
    """Every report with its default filters; a report of a period also over the whole of last month, as
    an accountant reads it at the month's end (the default, this month so far, may hold a few days)."""
    from django.utils import timezone

    from reports.framework import report_classes

    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    whole_month = f"?date_from={last_month}&date_to={this_month - timedelta(days=1)}"
    found = {"dashboard": "/"}
    for report in sorted(report_classes(), key=lambda cls: cls.slug):
        found[report.slug] = f"/reports/{report.slug}/"
        if "date_from" in report.filter_form_class.base_fields:
            found[f"{report.slug} (last month)"] = f"/reports/{report.slug}/{whole_month}"
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
