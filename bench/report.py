"""The kept results as Markdown tables, for bench/RESULTS.md."""

TARGET_P95_MS = 300
TARGET_POSTING_RATIO = 1 / 3
TARGET_EXPORT_MB = 300
TARGET_REPLENISHMENT_S = 60


def _verdict(ok: bool) -> str:
    return "pass" if ok else "miss"


def _ms(value) -> str:
    if value is None:
        return "no answer within the run"
    return f"{value / 1000:.1f} s" if value >= 10_000 else f"{value:.0f} ms"


def markdown(results: dict) -> str:
    out = []
    machine = results.get("machine", {}).get("current")
    if machine:
        out += [
            "| machine | |",
            "| --- | --- |",
            f"| CPU | {machine['cpu']} |",
            f"| cores | {machine['cores']} |",
            f"| memory | {machine['memory_gib']} GiB |",
            f"| PostgreSQL | {machine['postgresql']} |",
            f"| Python | {machine['python']} |",
            f"| taken | {machine['at']} |",
            "",
        ]
    latency = results.get("latency", {})
    if latency:
        labels = list(latency)
        out.append(
            "| page | " + " | ".join(f"p50 {label} | p95 {label}" for label in labels) + " | target p95 |"
        )
        out.append("| --- |" + " ---: | ---: |" * len(labels) + " --- |")
        pages = list(latency[labels[-1]]["pages"])
        for page in pages:
            cells = []
            for label in labels:
                row = latency[label]["pages"].get(page)
                cells += [_ms(row and row["p50_ms"]), _ms(row and row["p95_ms"])]
            last = latency[labels[-1]]["pages"][page]
            verdict = _verdict(last["p95_ms"] is not None and last["p95_ms"] < TARGET_P95_MS)
            out.append(f"| {page} | " + " | ".join(cells) + f" | < {TARGET_P95_MS} ms: {verdict} |")
        out.append("")
    alone = results.get("reports", {})
    if alone:
        labels = list(alone)
        out.append(
            "| page read alone | " + " | ".join(f"p50 {label} | slowest {label}" for label in labels) + " |"
        )
        out.append("| --- |" + " ---: | ---: |" * len(labels))
        for page in alone[labels[-1]]["pages"]:
            cells = []
            for label in labels:
                row = alone[label]["pages"].get(page)
                cells += [_ms(row["p50_ms"]), _ms(row["max_ms"])] if row else ["not read", "not read"]
            out.append(f"| {page} | " + " | ".join(cells) + " |")
        out.append("")
    posting = results.get("posting", {})
    for label, data in posting.items():
        out += [
            f"Posting ({label}, {data['at']}):",
            "",
            "| document | clients | services /s | raw SQL /s | ratio | target ≥ 0.33 |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for row in data.values():
            if isinstance(row, dict):
                verdict = _verdict(row["ratio"] >= TARGET_POSTING_RATIO)
                out.append(
                    f"| {row['kind']} ({row['lines']} lines) | {row['clients']} | {row['service_per_s']} | "
                    f"{row['raw_per_s']} | {row['ratio']} | {verdict} |"
                )
        out.append("")
    export = results.get("export", {})
    for label, data in export.items():
        out += [
            f"Excel export ({label}, {data['at']}):",
            "",
            "| writer | rows | seconds | peak memory | file |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for row in data.values():
            if isinstance(row, dict):
                out.append(
                    f"| {row['writer']} | {row['rows']:,} | {row['seconds']:.1f} | {row['peak_mb']:.0f} MB | "
                    f"{row['megabytes']} MB |"
                )
        out.append("")
    for section in ("check_stock", "replenishment"):
        for label, data in results.get(section, {}).items():
            out.append(
                f"{section} ({label}, {data['at']}): "
                + ", ".join(f"{k} {v}" for k, v in data.items() if k != "at")
            )
            out.append("")
    return "\n".join(out)
