"""What every benchmark shares: the Django setup, the machine it runs on, medians and the results file."""

import json
import os
import platform
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_JSON = BENCH_DIR / "results.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jx_benchdata"
PASSWORD = "bench-pass-2026"  # the password bench/generate.py gives its users


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    import django

    django.setup()


def median(values) -> float:
    return statistics.median(values)


def machine() -> dict:
    """CPU model, cores, memory and PostgreSQL version, from /proc and the server itself."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "postgresql": postgres,
        "python": platform.python_version(),
        "os": platform.platform(terse=True),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def results_load() -> dict:
    if RESULTS_JSON.exists():
        return json.loads(RESULTS_JSON.read_text())
    return {}


def results_save(section: str, label: str, data: dict) -> None:
    """Keep every section's results by label ("before", "after" ...), with when they were taken."""
    results = results_load()
    results.setdefault(section, {})[label] = {"at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), **data}
    RESULTS_JSON.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")


def say(text: str) -> None:
    """Progress and results on standard output, at once (runs take minutes)."""
    sys.stdout.write(f"{text}\n")
    sys.stdout.flush()
