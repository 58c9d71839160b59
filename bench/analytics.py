"""Benchmark the analytics pages on the demo and on a 10x organisation: does reading the
statistics cost more as the history they aggregate grows?

The two databases are bench/pages.py's (its ``build`` seeds the demo, with its closed
requisitions, and grows the history ten times around the same demo people), so every page is
the same URL at both sizes, read by the demo admin. Each analytics section registered in this
code is timed through Flask's test client, over all positions and over the demo position that
grows tenfold, the two sizes interleaved and repeated; sections not registered yet are listed
as skipped, so the script picks them up as they land. The table shows the median server time
at each size, their ratio (target: under 3x), the spread between quartiles at 10x as a share
of its median (how noisy the machine was) and the SQL statements per request (they should be
equal: the pages aggregate in SQL).

    PYTHONPATH=$PWD .venv/bin/python bench/analytics.py             # two temporary SQLite files
    .venv/bin/python bench/analytics.py --postgres postgresql://user@host/ --runs 9
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# bench/ is a folder of scripts, not a package: its siblings import by file name.
from pages import (
    ADMIN,
    Page,
    Site,
    build,
    drop_postgres,
    postgres_databases,
    request_once,
)

from hiring.db import db

#: (label, endpoint, path) of every analytics page, registered or not yet.
SECTIONS = (
    ("overview", "analytics.index", "/analytics/"),
    ("agreement", "analytics.agreement", "/analytics/agreement"),
    ("calibration", "analytics.calibration", "/analytics/calibration"),
    ("impact", "analytics.impact", "/analytics/impact"),
    ("funnel", "analytics.funnel", "/analytics/funnel"),
    ("quality", "analytics.quality", "/analytics/quality"),
)
TARGET = 3.0


def pages_of(site: Site) -> tuple[list[Page], list[str]]:
    """The pages to time (each section over all positions and over the demo position) and
    the sections this code does not register yet."""
    pages: list[Page] = []
    skipped = []
    for label, endpoint, path in SECTIONS:
        if endpoint not in site.app.view_functions:
            skipped.append(label)
            continue
        pages.append((f"{label}: all", ADMIN, lambda _i, p=path: p))
        pages.append(
            (f"{label}: demo position", ADMIN, lambda i, p=path: f"{p}?position={i['position']}")
        )
    return pages, skipped


def measure(sites: list[Site], pages: list[Page], runs: int) -> None:
    times: dict[tuple[str, str], list[float]] = {}
    queries: dict[tuple[str, str], int] = {}
    for site in sites:  # warm-up: sign-in, template compilation, first-use caches
        for page in pages:
            _, status, _ = request_once(site, page)
            if status != 200:
                print(f"  {site.label}: {page[0]} answered {status}", flush=True)
    for run in range(runs):
        order = sites if run % 2 == 0 else sites[::-1]
        for page in pages:
            for site in order:
                elapsed, _, statements = request_once(site, page)
                times.setdefault((page[0], site.label), []).append(elapsed)
                queries[(page[0], site.label)] = statements
    small, large = sites[0].label, sites[1].label
    header = (
        f"{'page':<28} {small + ' ms':>9} {large + ' ms':>9} {'ratio':>6} {'spread':>7}"
        f" {'queries':>9}"
    )
    print(header)
    print("-" * len(header))
    ratios = []
    for name, _, _ in pages:
        a, b = times[(name, small)], times[(name, large)]
        ratio = statistics.median(b) / statistics.median(a)
        ratios.append(ratio)
        quartiles = statistics.quantiles(b, n=4) if len(b) > 1 else [b[0]] * 3
        spread = (quartiles[2] - quartiles[0]) / statistics.median(b)
        flag = f"  <-- over {TARGET:g}x" if ratio > TARGET else ""
        if queries[(name, small)] != queries[(name, large)]:
            flag += "  <-- queries grow"
        print(
            f"{name:<28} {statistics.median(a) * 1000:>9.1f} {statistics.median(b) * 1000:>9.1f}"
            f" {ratio:>5.2f}x {spread:>6.0%} {queries[(name, small)]:>4}/{queries[(name, large)]:<4}"
            + flag
        )
    if ratios:
        over = sum(1 for r in ratios if r > TARGET)
        print(
            f"{over} of {len(ratios)} pages over {TARGET:g}x; worst {max(ratios):.2f}x; "
            f"{runs} runs each"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="interleaved repeats per page")
    parser.add_argument("--postgres", metavar="SERVER_URL", help="use two databases there")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    import hiring

    print(f"code: {Path(hiring.__file__).resolve().parent.parent}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        urls = (
            postgres_databases(args.postgres)
            if args.postgres
            else [f"sqlite:///{tmp}/{name}.sqlite3" for name in ("demo", "large")]
        )
        sites: list[Site] = []
        try:
            sites = [
                build("demo", urls[0], 0, random.Random(1)),
                build("10x", urls[1], 1, random.Random(1)),
            ]
            pages, skipped = pages_of(sites[0])
            if skipped:
                print(f"not registered yet, skipped: {', '.join(skipped)}", flush=True)
            measure(sites, pages, args.runs)
        finally:
            for site in sites:
                with site.app.app_context():
                    db.engine.dispose()
            if args.postgres:
                drop_postgres(args.postgres, urls)


if __name__ == "__main__":
    main()
