"""Horizontal bar charts drawn on the server as SVG: no script, numbers written beside the bars.

A :class:`BarChart` lays out its rows (one per agency, cause or year) and
series (new and concluded cases, two rates…) into coordinates the template
``casefiles/statistics/bar_chart.html`` draws. Each bar carries its value as
text; the chart has a title and a description for screen readers, and the
same figures stand in the tables below it.
"""

from dataclasses import dataclass

LABEL_WIDTH = 300
LABEL_CHARACTERS = 20  # a longer label is cut, whole in its tooltip and in the tables
BAR_AREA = 420
VALUE_WIDTH = 110
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 12
TOP = 8
LEGEND_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    series: int
    x: int
    y: int
    width: int
    height: int
    text: str
    text_x: int
    text_y: int


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: int
    bars: list

    @property
    def short_label(self):
        return self.label if len(self.label) <= LABEL_CHARACTERS else self.label[: LABEL_CHARACTERS - 1] + "…"


class BarChart:
    """``rows``: [(label, [(value or None, text) per series])]; ``percent``: the values are shares of 1."""

    def __init__(self, chart_id, title, description, series, rows, percent=False):
        self.chart_id = chart_id
        self.title = title
        self.description = description
        self.series = list(series)
        self.percent = percent
        values = [value for _label, cells in rows for value, _text in cells if value is not None]
        self.maximum = 1 if percent else max(values, default=0) or 1
        self.rows = self._lay_out(rows)
        self.width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
        self.height = TOP + len(self.rows) * self._row_height() + LEGEND_HEIGHT
        self.legend_y = self.height - LEGEND_HEIGHT + 10

    def _row_height(self):
        return len(self.series) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP

    def _lay_out(self, rows):
        laid_out = []
        for index, (label, cells) in enumerate(rows):
            top = TOP + index * self._row_height()
            bars = []
            for series, (value, text) in enumerate(cells):
                y = top + series * (BAR_HEIGHT + BAR_GAP)
                width = 0 if value is None else round(BAR_AREA * min(float(value) / float(self.maximum), 1))
                bars.append(
                    Bar(
                        series=series,
                        x=LABEL_WIDTH,
                        y=y,
                        width=width,
                        height=BAR_HEIGHT,
                        text=text,
                        text_x=LABEL_WIDTH + width + 6,
                        text_y=y + BAR_HEIGHT - 4,
                    )
                )
            middle = top + (len(cells) * (BAR_HEIGHT + BAR_GAP)) // 2 + 4
            laid_out.append(ChartRow(label=label, label_y=middle, bars=bars))
        return laid_out

    @property
    def legend(self):
        return [
            {"series": index, "label": label, "x": LABEL_WIDTH + index * 160} for index, label in enumerate(self.series)
        ]

    @property
    def label_x(self):
        return LABEL_WIDTH - 8


def count_chart(chart_id, title, description, rows, codes, series):
    """A chart of counts ``codes`` for figures ``rows``."""
    return BarChart(
        chart_id,
        title,
        description,
        series,
        [(str(row.label), [(row[code], str(row[code])) for code in codes]) for row in rows],
    )


def rate_chart(chart_id, title, description, rows, codes, series):
    """A chart of rates ``codes`` (0–100 %) for figures ``rows``; a rate with nothing to divide by has no bar."""
    cells = []
    for row in rows:
        ratios = [row.ratio(code) for code in codes]
        cells.append(
            (
                str(row.label),
                [(ratio.value, f"{ratio.percent}（{ratio.numerator}/{ratio.denominator}）") for ratio in ratios],
            )
        )
    return BarChart(chart_id, title, description, series, cells, percent=True)
