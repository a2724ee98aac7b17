"""check_stock over the whole ledger, and a replenishment run over every product."""

import subprocess
import sys
import time

from bench.common import ROOT, median


def _timed_command(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {out.stdout[-500:]} {out.stderr[-500:]}")
    return seconds, out.stdout.strip().splitlines()[-1]


def check_stock(*, runs: int = 3) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM inventory_stockmove")
        moves = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM inventory_stockbalance")
        balances = cursor.fetchone()[0]
    samples = [_timed_command(["check_stock"]) for _ in range(runs)]
    return {
        "moves": moves,
        "balances": balances,
        "seconds": median([s for s, _out in samples]),
        "output": samples[-1][1],
    }


def replenishment(*, runs: int = 3) -> dict:
    try:
        from purchasing.services.replenishment import replenishment_compute
    except ImportError as exc:
        return {"measured": False, "reason": f"purchasing.services.replenishment is not there yet ({exc})"}
    from django.contrib.auth import get_user_model

    from inventory.models import Product

    user = get_user_model().objects.get(username="bench_manager")
    samples, summary = [], None
    for _ in range(runs):
        started = time.perf_counter()
        summary = replenishment_compute(window_days=90, by=user)
        samples.append(time.perf_counter() - started)
    return {
        "measured": True,
        "products": Product.objects.count(),
        "seconds": median(samples),
        "summary": summary,
    }
