"""The digest's chart: each unit's progress (participation of its people, of its households where it has
any, and gifts against the unit's own commitment where it made one) and the weekly trend of gifts, as a PNG
made with matplotlib's Agg backend (docs/decisions/0071).

A chart of up to ALL_UNITS units shows every one of them, the figure growing taller with their number, so
the units that lag are on it; beyond that, the LOWEST units with the lowest participation, the title saying
so and out of how many. Each point of the trend is named by the first day of its week (dd/mm). A unit's own
chart (one bar) is titled by the unit's whole name rather than "by unit", its legend under the bar.

Drawing takes a few hundred milliseconds of CPU, most of it matplotlib laying out and painting each
letter (bench/charts.py, decision 2875): callers run `render_chart` in a worker thread
(`asyncio.to_thread`), never on the event loop. The digest's text stands on its own; the chart only goes
to channels that can show a picture."""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.i18n import translate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHART_SIZE = (800, 450)  # pixels: readable on a phone, small to send (up to SIDE_BY_SIDE units)
SIDE_BY_SIDE = 15  # up to this many units, the bars and the trend side by side in CHART_SIZE
ALL_UNITS = 40  # up to this many units, every one on the chart; beyond, the LOWEST
LOWEST = 15
ROW = 22  # pixels per unit in a taller chart
TREND_HEIGHT = 260  # pixels of the trend under a taller chart's bars
_DPI = 100
PNG_LEVEL = 3  # zlib's level: measured in bench/charts.py (decision 2875)


@dataclass(frozen=True)
class Bar:
    """One unit on the chart: its name, its people's participation in percent (None where the unit is counted
    by its households alone, a hamlet listing its head: decisions 1498, 1569), gifts against its commitment
    in percent (None when the unit committed to no money figure), and its households' participation in
    percent (None when it has no households). A unit counted by its households draws them as its bar."""

    name: str
    participation: float | None
    progress: float | None
    households: float | None = None


def render_chart(
    locale: str, bars: Sequence[Bar], trend: Sequence[int | None], weeks: Sequence[date] = ()
) -> bytes:
    """The chart as PNG bytes. Pure and thread-safe (one Figure per call, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    figure = chart_figure(locale, bars, trend, weeks)
    canvas = FigureCanvasAgg(figure)
    # one drawing, its margins laid out first (the figure's layout engine); `savefig` laid them out, then drew
    # the whole figure twice, once to measure and once to paint (decision 2875)
    canvas.draw()
    width, height = canvas.get_width_height()
    # the figure's background is opaque: RGB, a tenth smaller than RGBA; zlib at 3, half the time of 6 for a
    # picture 1-3 % larger (bench/charts.py)
    rgba = canvas.buffer_rgba()
    picture = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="png", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def chart_figure(
    locale: str, bars: Sequence[Bar], trend: Sequence[int | None], weeks: Sequence[date] = ()
) -> Figure:
    """The chart's figure: `bars` sorted by the caller, highest participation first (the digest's order);
    `weeks`, the first day of each week of `trend` (none: the weeks are numbered). matplotlib is imported
    here, by the first chart drawn, not by whoever imports the digests: its half a second of processor is
    paid by a digest with a chart, never by a command that draws none (docs/decisions/2605)."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a server: never a window's backend, whatever else imported it
    from matplotlib.figure import Figure

    bars = list(bars)
    shown = bars if len(bars) <= ALL_UNITS else bars[-LOWEST:]  # the ones that need attention
    width, height = CHART_SIZE
    alone = len(bars) == 1  # a unit's digest: its own bar, its name in the title
    if len(shown) <= SIDE_BY_SIDE:
        figure = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI)
        left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
        longest = 22
        # a lone bar fills the axes: its legend under them, where it hides nothing
        legend = (
            {"loc": "upper center", "bbox_to_anchor": (0.5, -0.08), "ncol": 1}
            if alone
            else {"loc": "lower right"}
        )
    else:  # every unit in a taller chart: the bars across the width, the trend under them
        bars_height = 90 + ROW * len(shown)
        figure = Figure(figsize=(width / _DPI, (bars_height + TREND_HEIGHT) / _DPI), dpi=_DPI)
        left, right = figure.subplots(2, 1, gridspec_kw={"height_ratios": [bars_height, TREND_HEIGHT]})
        longest = 34
        legend = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.04), "ncol": 2}  # under the bars
    names = [bar.name if len(bar.name) <= longest else bar.name[: longest - 1] + "…" for bar in shown]
    rows = range(len(shown))
    people = [(r, bar.participation) for r, bar in enumerate(shown) if bar.participation is not None]
    households = [
        (r, bar.households)
        for r, bar in enumerate(shown)
        if bar.households is not None and bar.participation is not None
    ]
    # a hamlet counted by its households: its bar is theirs, in their colour (decision 1569)
    by_households = [(r, bar.households or 0.0) for r, bar in enumerate(shown) if bar.participation is None]
    # beside households' marks or bars, the people's bar says whose it is
    registered = (  # who took part: registered or gave (decision 0166)
        translate(locale, "People taking part (%)")
        if households or by_households
        else translate(locale, "Taking part (%)")
    )
    if people:
        left.barh(
            [r + 0.2 for r, _share in people],
            [share for _r, share in people],
            height=0.4,
            label=registered,
            color="#2e7d32",
        )
    if by_households:
        left.barh(
            [r + 0.2 for r, _share in by_households],
            [share for _r, share in by_households],
            height=0.4,
            label=translate(locale, "Households taking part (%)"),
            color="#6a1b9a",
        )
    if households:
        # a mark on the people's bar, not a third bar: the units stay readable on a phone
        left.scatter(
            [share for _r, share in households],
            [r + 0.2 for r, _share in households],
            marker="D",
            s=40,
            color="#6a1b9a",
            edgecolors="white",
            linewidths=0.6,
            zorder=3,
            label="_nolegend_" if by_households else translate(locale, "Households taking part (%)"),
        )
    left.barh(
        [r - 0.2 for r in rows],
        [min(bar.progress or 0, 150) for bar in shown],
        height=0.4,
        label=translate(locale, "Given against commitment (%)"),
        color="#f9a825",
    )
    left.set_yticks([] if alone else list(rows), [] if alone else names, fontsize=8)
    left.invert_yaxis()
    # the units side by side on one scale to 150 %; a unit alone, to a little past its own furthest bar
    furthest = max(
        [
            100,
            *(min(bar.progress or 0, 150) for bar in shown),
            *(share for _r, share in people + by_households),
        ]
    )
    left.set_xlim(0, furthest + 10 if alone else 150)
    left.axvline(100, color="#999999", linewidth=0.8)
    left.legend(fontsize=7, **legend)
    title = (
        "\n".join(textwrap.wrap(translate(locale, "Progress of {unit}").format(unit=bars[0].name), 44))
        if alone
        else translate(locale, "Progress by unit")
        if len(shown) == len(bars)
        else translate(locale, "The {shown} units with the lowest participation, of {total}").format(
            shown=len(shown), total=len(bars)
        )
    )
    left.set_title(title, fontsize=10)
    points = list(range(1, len(trend) + 1))
    # a week one or two gave in, which the reader may not read (None), is no point: a gap (decision 0561)
    values = [math.nan if value is None else value / 1_000_000 for value in trend]
    right.plot(points, values, marker="o", color="#1565c0")
    # from zero: a week at 27 of a 36 million peak read as a fall to nothing on an axis starting at 27
    right.set_ylim(bottom=min([0, *(value for value in values if not math.isnan(value))]))
    right.set_title(translate(locale, "Gifts per week (million đồng)"), fontsize=10)
    if len(weeks) == len(trend) and weeks:
        right.set_xticks(points, [day.strftime("%d/%m") for day in weeks], fontsize=8)
        right.set_xlabel(translate(locale, "Week starting"), fontsize=8)
    else:
        right.set_xticks(points)
    right.grid(alpha=0.3)
    # the margins fitted to the names and titles when the figure is drawn, not here: a reader of the figure's
    # parts (its labels, its bars) pays for no layout (decision 2875)
    figure.set_layout_engine("tight")
    return figure
