"""A chart's data table, built in Python: the large map's tables hold thousands of cells, and
a template loop over them cost most of the page's time (bench/insights.py)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _cell(value):
    if hasattr(value, "url"):
        return f'<a href="{escape(value.url)}">{escape(value.text)}</a>'
    return escape(value)


@register.simple_tag(takes_context=True)
def chart_table(context, chart):
    """<table> of `chart` (insights.chart.Chart): its caption, columns and rows, the first
    cell of a row its header; with `remove_url`, a button that removes the row's reading."""
    key = escape(chart.key)
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in chart.columns)
    remove = ""
    if chart.remove_url:
        remove_text = escape(_("Remove"))  # outside the f-strings: xgettext cannot read those
        head += f'<th scope="col"><span class="visually-hidden">{remove_text}</span></th>'
        token = escape(str(context.get("csrf_token", "")))
        remove = (
            f'<td><form method="post" action="{escape(chart.remove_url)}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<input type="hidden" name="date" value="{date}">'
            '<button type="submit" class="link" aria-label="{label}">'
            f"{remove_text}</button></form></td>"
        )
    rows = []
    for row in chart.rows:
        first, *rest = row
        cells = f'<th scope="row">{_cell(first)}</th>' + "".join(
            f"<td>{_cell(c)}</td>" for c in rest
        )
        if remove:
            date = escape(first)
            label = escape(_("Remove the measurement of %(date)s") % {"date": first})
            cells += remove.replace("{date}", date).replace("{label}", label)
        rows.append(f"<tr>{cells}</tr>")
    caption = escape(_("%(title)s: the data") % {"title": chart.title})
    return mark_safe(
        f'<table><caption id="insight-{key}-table">{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
