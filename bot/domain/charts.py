"""The digest's chart: each unit's progress (participation of its people, of its households where it has
any, and gifts against the unit's own commitment where it made one) and the weekly trend of gifts, as a PNG
of CHART_SIZE pixels made with matplotlib's Agg backend.

Drawing takes tens of milliseconds of CPU: callers run `render_chart` in a worker thread
(`asyncio.to_thread`), never on the event loop. The digest's text stands on its own; the chart only goes to
channels that can show a picture."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from bot.i18n import translate

CHART_SIZE = (800, 450)  # pixels: readable on a phone, small to send
_DPI = 100


@dataclass(frozen=True)
class Bar:
    """One unit on the chart: its name, its people's participation in percent, gifts against its commitment in
    percent (None when the unit committed to no money figure), and its households' participation in percent
    (None when it has no households)."""

    name: str
    participation: float
    progress: float | None
    households: float | None = None


def render_chart(locale: str, bars: Sequence[Bar], trend: Sequence[int]) -> bytes:
    """The chart as PNG bytes. Pure and thread-safe (one Figure per call, no pyplot state)."""
    width, height = CHART_SIZE
    figure = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI)
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    shown = list(bars)[:15]  # a roll-up of many units shows the first 15 (sorted by the caller)
    names = [bar.name[:22] for bar in shown]
    rows = range(len(shown))
    households = [(r, bar.households) for r, bar in enumerate(shown) if bar.households is not None]
    # beside households' marks, the bar says whose it is
    registered = (
        translate(locale, "People registered (%)") if households else translate(locale, "Registered (%)")
    )
    left.barh(
        [r + 0.2 for r in rows],
        [bar.participation for bar in shown],
        height=0.4,
        label=registered,
        color="#2e7d32",
    )
    if households:
        # a mark on the people's bar, not a third bar: 15 units stay readable on a phone
        left.scatter(
            [share for _r, share in households],
            [r + 0.2 for r, _share in households],
            marker="D",
            s=40,
            color="#6a1b9a",
            edgecolors="white",
            linewidths=0.6,
            zorder=3,
            label=translate(locale, "Households registered (%)"),
        )
    left.barh(
        [r - 0.2 for r in rows],
        [min(bar.progress or 0, 150) for bar in shown],
        height=0.4,
        label=translate(locale, "Given against commitment (%)"),
        color="#f9a825",
    )
    left.set_yticks(list(rows), names, fontsize=8)
    left.invert_yaxis()
    left.set_xlim(0, 150)
    left.axvline(100, color="#999999", linewidth=0.8)
    left.legend(fontsize=7, loc="lower right")
    left.set_title(translate(locale, "Progress by unit"), fontsize=10)
    weeks = list(range(1, len(trend) + 1))
    right.plot(weeks, [value / 1_000_000 for value in trend], marker="o", color="#1565c0")
    right.set_title(translate(locale, "Gifts per week (million đồng)"), fontsize=10)
    right.set_xticks(weeks)
    right.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()
