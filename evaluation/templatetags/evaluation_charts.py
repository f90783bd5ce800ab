"""`{% chart chart %}`: an evaluation.charts.Chart as a figure with its data table."""

from django import template

from evaluation.charts import chart_figure

register = template.Library()


@register.simple_tag
def chart(value):
    return chart_figure(value)
