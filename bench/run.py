"""Run the benchmarks against the generated data set and keep the results in bench/results.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_benchdata python bench/run.py --label after
    python bench/run.py --only latency,export --label before

Sections: latency (gunicorn + locust), reports (every report and the dashboard read alone), posting
(services vs raw psycopg, 1 and 8 clients), export (reports/excel.py vs plain openpyxl write-only,
100,000 and 1,000,000 rows), check_stock, replenishment.
``--print`` shows the kept results as Markdown tables for bench/RESULTS.md.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, django_setup, machine, results_load, results_save, say  # noqa: E402

SECTIONS = ["latency", "reports", "posting", "export", "check_stock", "replenishment"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--label", default="after", help="e.g. before / after a fix")
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="checkout gunicorn serves (latency)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", help="posting: documents per measurement for 1 and 8 clients, e.g. 30,80")
    parser.add_argument(
        "--slow", default="", help="latency: pages (by name) read alone, three times, outside the locust run"
    )
    parser.add_argument("--run-time", type=int, default=40, help="seconds of one latency run")
    parser.add_argument("--print", action="store_true", help="print the kept results as Markdown")
    args = parser.parse_args()
    django_setup()
    if args.print:
        from bench.report import markdown

        say(markdown(results_load()))
        return
    results_save("machine", "current", machine())
    for section in args.only.split(","):
        section = section.strip()
        load_before = [round(x, 1) for x in os.getloadavg()]
        if section == "latency":
            from bench import latency

            data = latency.run(
                runs=args.runs,
                run_time=args.run_time,
                app_dir=args.app_dir,
                slow=tuple(filter(None, args.slow.split(","))),
            )
        elif section == "reports":
            from bench import alone

            data = alone.run(runs=args.runs)
        elif section == "posting":
            from bench import posting

            docs = (
                dict(zip(posting.CLIENTS, map(int, args.docs.split(",")), strict=True)) if args.docs else None
            )
            data = posting.run(runs=args.runs, docs=docs)
        elif section == "export":
            from bench import export

            data = export.run(runs=args.runs)
        elif section == "check_stock":
            from bench import checks

            data = checks.check_stock(runs=args.runs)
        elif section == "replenishment":
            from bench import checks

            data = checks.replenishment(runs=args.runs)
        else:
            parser.error(f"unknown section {section}")
        data["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
        data["load_average_before"] = load_before
        results_save(section, args.label, data)
        say(f"{section} [{args.label}]: {data}")


if __name__ == "__main__":
    main()
