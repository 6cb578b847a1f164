"""The server-rendered SVG line chart's x axis: labels that never crowd or leave the picture."""

from itertools import pairwise

from metrics.charts import WIDTH, line_chart

LABEL_HALF_WIDTH = 25  # "2026-11" at the chart's font size, measured in Chromium: about 49 px


def _months(count: int) -> list[str]:
    return [f"{2025 + (index + 11) // 12}-{(index + 11) % 12 + 1:02d}" for index in range(count)]


def test_the_latest_month_is_always_labelled_and_the_labels_are_evenly_spaced():
    for count in (1, 2, 5, 6, 7, 12, 13, 24, 25):
        labels = _months(count)
        chart = line_chart(
            labels=labels, actual=[1.0] * count, target=[None] * count, percent=False
        )
        shown = [point.text for point in chart.months]
        assert shown[-1] == labels[-1]
        positions = [labels.index(text) for text in shown]
        gaps = {later - earlier for earlier, later in pairwise(positions)}
        assert len(gaps) <= 1, (count, shown)
        assert len(shown) <= 7


def test_no_month_label_runs_off_the_picture():
    chart = line_chart(labels=_months(13), actual=[1.0] * 13, target=[None] * 13, percent=True)
    assert all(LABEL_HALF_WIDTH <= point.x <= WIDTH - LABEL_HALF_WIDTH for point in chart.months)
