"""A standard's trend drawn with reportlab's graphics: % met on time per week or month as
bars, the target as a dashed line. Buckets with nothing decided have no bar (the table
under the chart says "—")."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from ..letters.pdf import FONT
from .data import Trend

_BAR = colors.HexColor("#2F6DB5")
_TARGET = colors.HexColor("#B3261E")
_HEIGHT = 100.0


def trend_chart(trend: Trend, width: float) -> Drawing:
    drawing = Drawing(width, _HEIGHT)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 22
    chart.width, chart.height = width - 44, _HEIGHT - 34
    values = [row.percent_met if row is not None else None for _b, row in trend.points]
    chart.data = [values]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.categoryAxis.categoryNames = [b.label.replace("Week of ", "") for b, _r in trend.points]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.bars[0].fillColor = _BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 5
    drawing.add(chart)
    if trend.target is not None:
        y = chart.y + chart.height * trend.target / 100.0
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=_TARGET,
                         strokeDashArray=[3, 2], strokeWidth=0.8))  # fmt: skip
        words = f"target {trend.target:.0f} %"
        drawing.add(String(chart.x + chart.width - 2, y + 2, words, fontName=FONT,
                           fontSize=6.5, fillColor=_TARGET, textAnchor="end"))  # fmt: skip
    return drawing
