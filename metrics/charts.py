"""Line charts drawn on the server as SVG: the geometry of a monthly series and its target.

Why SVG from the server rather than a JavaScript chart library: the page then reads and draws
the same with or without JavaScript, there is nothing to vendor or keep up to date, the chart
is in the HTML the tests already fetch (so a test can check it), and every chart sits beside a
data table with the same numbers for screen readers. The template `metrics/_line_chart.html`
draws what `line_chart` computes; this module only does arithmetic.
"""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
# RIGHT leaves room for half a month label centred on the last month.
LEFT, RIGHT, TOP, BOTTOM = 56, 32, 16, 36
TICKS = 4


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    text: str


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    baseline: float
    actual: list[list[Point]]  # runs of consecutive months with a figure
    target: list[list[Point]]
    ticks: list[Tick]
    months: list[Point]  # x-axis labels (not every month when there are many)

    @staticmethod
    def path(run: list[Point]) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in run)

    @property
    def actual_paths(self) -> list[str]:
        return [self.path(run) for run in self.actual if len(run) > 1]

    @property
    def target_paths(self) -> list[str]:
        return [self.path(run) for run in self.target if len(run) > 1]

    @property
    def dots(self) -> list[Point]:
        return [point for run in self.actual for point in run]


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `raw`."""
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def format_value(value: float, *, percent: bool) -> str:
    if percent:
        return f"{value * 100:.1f} %".replace(".0 %", " %")
    return f"{value:,.0f}"


def _runs(points: list[Point | None]) -> list[list[Point]]:
    runs, current = [], []
    for point in points:
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs


def line_chart(
    *, labels: list[str], actual: list[float | None], target: list[float | None], percent: bool
) -> LineChart:
    """The chart of one metric over months: `labels` ("2026-03"), the figures and the targets
    (None where there is none), on a y axis from 0 to a round number above every value."""
    values = [value for value in (*actual, *target) if value is not None]
    highest = max(values, default=0)
    step = nice_step(highest / TICKS) if highest > 0 else (0.25 if percent else 1.0)
    top_value = step * max(1, math.ceil(highest / step))
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    slots = max(len(labels) - 1, 1)

    def x(index: int) -> float:
        return LEFT + plot_width * (index / slots if len(labels) > 1 else 0.5)

    def y(value: float) -> float:
        return TOP + plot_height * (1 - value / top_value)

    def points(series: list[float | None]) -> list[Point | None]:
        return [
            None
            if value is None
            else Point(x(index), y(value), labels[index], format_value(value, percent=percent))
            for index, value in enumerate(series)
        ]

    every = max(1, math.ceil(len(labels) / 6))
    ticks = [
        Tick(y(step * n), format_value(step * n, percent=percent))
        for n in range(round(top_value / step) + 1)
    ]
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        top=TOP,
        baseline=y(0),
        actual=_runs(points(actual)),
        target=_runs(points(target)),
        ticks=ticks,
        # Counted back from the latest month, which is always labelled, so labels never crowd.
        months=[
            Point(x(index), HEIGHT - 10, labels[index], labels[index])
            for index in sorted(range(len(labels) - 1, -1, -every))
        ],
    )
