"""A 1,000,000-row Excel export: time and peak memory of reports/excel.py beside plain openpyxl write-only.

Each run is a child process (so its peak resident memory is its own), reading the same stock-move rows
from the database with a server-side cursor and writing them to a temporary file.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time

from bench.common import ROOT, median, say

SIZES = [100_000, 1_000_000]
WRITERS = ["reports.excel", "openpyxl"]
FIELDS = [
    ("created_at", "time", "datetime"),
    ("document_number", "document", "text"),
    ("product__sku", "SKU", "text"),
    ("product__name", "product", "text"),
    ("location__code", "location", "text"),
    ("move_type", "move type", "text"),
    ("quantity", "quantity", "quantity"),
    ("unit_cost", "unit cost", "cost"),
    ("value", "value", "money"),
]


def _rows(rows: int):
    from inventory.models import StockMove

    queryset = StockMove.objects.order_by("id").values_list(*[field for field, _label, _kind in FIELDS])
    return queryset[:rows].iterator(chunk_size=5000)


def child(writer: str, rows: int) -> None:
    """Write ``rows`` rows with ``writer``; print the seconds taken and the peak resident memory in MB."""
    from bench.common import django_setup

    django_setup()
    from reports.framework import Column

    columns = [Column(field, label, kind=kind) for field, label, kind in FIELDS]
    started = time.perf_counter()
    with tempfile.TemporaryFile(suffix=".xlsx") as target:
        if writer == "reports.excel":
            from reports.excel import xlsx_write

            prepared = ([c.prepare(v) for c, v in zip(columns, row, strict=True)] for row in _rows(rows))
            xlsx_write(target, title="Stock moves", columns=columns, rows=prepared, totals=None)
        else:
            from openpyxl import Workbook

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("Stock moves")
            sheet.append([label for _field, label, _kind in FIELDS])
            for row in _rows(rows):
                sheet.append([v.replace(tzinfo=None) if hasattr(v, "tzinfo") else v for v in row])
            workbook.save(target)
        size = target.tell()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": size}))


def run(*, runs: int = 3, sizes=None) -> dict:
    result = {}
    for rows in sizes or SIZES:
        for writer in WRITERS:
            samples = []
            for _ in range(runs if rows < 1_000_000 else 1):  # a million rows once: minutes per run
                out = subprocess.run(
                    [sys.executable, "-m", "bench.export", writer, str(rows)],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
            result[f"{writer} {rows}"] = {
                "rows": rows,
                "writer": writer,
                "seconds": median([s["seconds"] for s in samples]),
                "peak_mb": median([s["peak_mb"] for s in samples]),
                "megabytes": round(samples[0]["bytes"] / 1e6, 1),
            }
            say(f"export {writer} {rows}: {result[f'{writer} {rows}']}")
    return result


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]))
