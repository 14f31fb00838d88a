"""Run the benchmarks: every benchmarks/bench_<topic>.py, one table, appended to RESULTS.md.

Each topic module has `run(quick: bool = False) -> list[dict]`, one dict per figure:
{"benchmark", "figure", "value", "unit", "reference", "ratio"}. A figure is always
compared with a reference measured in the same run on the same input, because
absolute timings on a shared 2-core machine mean little from one run to the next.

Usage: python benchmarks/run.py [--quick] [--only TOPIC ...] [--no-record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import platform
import sys
import time
import traceback
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
COLUMNS = ("benchmark", "figure", "value", "unit", "reference", "ratio")


def topics() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def run_topic(topic: str, quick: bool, console: Console) -> list[dict]:
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"bench_{topic}")
        rows = module.run(quick=quick)
    except Exception:  # one broken topic must not hide the others' figures
        console.print(f"[red]benchmark {topic} failed:[/]\n{traceback.format_exc()}")
        return [{"benchmark": topic, "figure": "FAILED (see console)", "value": float("nan"), "unit": "", "reference": "", "ratio": None}]
    console.print(f"[dim]{topic}: {len(rows)} figure(s) in {time.perf_counter() - started:.0f} s[/]")
    return rows


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return "n/a"
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return str(value)


def table(rows: list[dict], title: str) -> Table:
    out = Table(*COLUMNS, title=title)
    for row in rows:
        out.add_row(*(number(row.get(c)) if c in ("value", "ratio") else str(row.get(c, "")) for c in COLUMNS))
    return out


def markdown(rows: list[dict], title: str) -> str:
    lines = [f"## {title}", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = [number(row.get(c)) if c in ("value", "ratio") else str(row.get(c, "")) for c in COLUMNS]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not figures to quote")
    parser.add_argument("--only", action="append", choices=topics(), metavar="TOPIC", help=f"one of {', '.join(topics())}; repeatable")
    parser.add_argument("--no-record", action="store_true", help=f"print only, do not append to {RESULTS.name}")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    console = Console()
    rows: list[dict] = []
    for topic in args.only or topics():
        rows.extend(run_topic(topic, args.quick, console))
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = f"{stamp}{' (quick)' if args.quick else ''} — {platform.node()}, {platform.python_version()}"
    console.print(table(rows, title))
    if not args.no_record:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write(markdown(rows, title))
        console.print(f"appended to {RESULTS.relative_to(HERE.parent)}")
    return 1 if any(str(r.get("figure", "")).startswith("FAILED") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
