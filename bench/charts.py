"""How long the weekly digest's chart takes to draw (`bot.domain.charts.render_chart`, decisions 0071, 2875).

Run: .venv/bin/python bench/charts.py [--repeat N] [--profile KIND] [--save DIR]

The charts a digest draws, each in Vietnamese and in English, N times (default 10) after one drawing not timed
(matplotlib's import and its fonts' first loading, paid once by a process):
- **one unit**: a unit's own digest, its one bar, titled by its whole name, its legend under the bar;
- **8 units**: a small roll-up, the bars beside the trend (800×450);
- **40 units**: the tallest chart of every unit, the bars across the width and the trend under them;
- **200 units**: a province's roll-up, the 15 with the lowest participation.
Each with a trend of 6 weeks named by their first day, one week held (no point, decision 0561); the units'
names in Vietnamese with their marks, some households among them. Printed per chart: milliseconds of wall time
(median and 90th percentile), milliseconds of processor time of the process (median), and the PNG's size.
`--profile KIND` (one, 8, 40 or 200) prints cProfile's 25 dearest calls of one Vietnamese chart of that kind;
`--save DIR` writes each kind's last PNG there, to look at.
"""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.charts import Bar, render_chart  # noqa: E402

PLACES = (
    "Khoa Nội tổng hợp",
    "Phòng Tài chính – Kế toán",
    "Thôn Đồng Tâm",
    "Tổ dân phố Hòa Bình",
    "Khoa Ngoại",
)
MONDAY = date(2026, 11, 2)
WEEKS = [MONDAY + timedelta(weeks=n) for n in range(6)]
TREND = [12_500_000, 8_200_000, None, 27_000_000, 36_400_000, 19_750_000]


def units(count: int) -> list[Bar]:
    """`count` units, highest participation first (the digest's order): every third counted with its
    households beside its people, every seventh by its households alone, every fifth with no commitment."""
    bars = []
    for n in range(count):
        share = 100 - 90 * n / max(count - 1, 1)
        bars.append(
            Bar(
                f"{PLACES[n % len(PLACES)]} {n + 1}",
                None if n % 7 == 6 else round(share, 1),
                None if n % 5 == 4 else round(130 - share, 1),
                households=round(share * 0.8, 1) if n % 3 == 0 or n % 7 == 6 else None,
            )
        )
    return bars


KINDS = {
    "one": [Bar("Trường Tiểu học Nguyễn Văn Trỗi, phường Bến Nghé", 72.5, 88.0, households=None)],
    "8": units(8),
    "40": units(40),
    "200": units(200),
}


def draw(kind: str, locale: str) -> bytes:
    return render_chart(locale, KINDS[kind], TREND, WEEKS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", choices=KINDS)
    parser.add_argument("--save", type=Path)
    arguments = parser.parse_args()
    started = time.process_time()
    draw("8", "vi")  # matplotlib's import and the fonts' first loading: once a process
    print(f"first chart of the process (import, fonts): {1000 * (time.process_time() - started):.0f} ms CPU")
    if arguments.profile:
        profile = cProfile.Profile()
        profile.runcall(draw, arguments.profile, "vi")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        return
    print(f"python {platform.python_version()}, {arguments.repeat} charts of each kind and language")
    print(f"{'chart':16} {'wall median':>12} {'wall p90':>9} {'CPU median':>11} {'PNG':>9}")
    total = time.process_time()
    for kind in KINDS:
        for locale in ("vi", "en"):
            walls, cpus = [], []
            for _ in range(arguments.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                png = draw(kind, locale)
                walls.append(1000 * (time.perf_counter() - wall))
                cpus.append(1000 * (time.process_time() - cpu))
            p90 = statistics.quantiles(walls, n=10)[-1] if len(walls) > 1 else walls[0]
            label = f"{kind} unit{'s' if kind != 'one' else ''} {locale}"
            print(
                f"{label:16} {statistics.median(walls):9.0f} ms {p90:6.0f} ms"
                f" {statistics.median(cpus):8.0f} ms {len(png) / 1024:6.1f} KB"
            )
            if arguments.save:
                arguments.save.mkdir(parents=True, exist_ok=True)
                (arguments.save / f"{kind}-{locale}.png").write_bytes(png)
    print(f"all {8 * arguments.repeat} charts: {time.process_time() - total:.2f} s CPU")


if __name__ == "__main__":
    main()
