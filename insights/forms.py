"""Recording a metric's measurements by hand: one dated value, or a CSV file of them."""

import csv
import io
import math
from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journeys.numbers import FIGURE_BOUNDS, FIGURE_LIMIT
from touchpoints.forms import FigureInput

MAX_CSV_BYTES = 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"


def parse_readings(raw):
    """[(date text, value)] from CSV bytes, "date,value" a line (a header line, semicolons or
    tabs are fine); raises ValidationError naming every bad line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
    dialect = csv.excel_tab if "\t" in text else csv.excel
    if ";" in text and "," not in text:
        dialect = type("semicolons", (csv.excel,), {"delimiter": ";"})
    readings, problems = [], []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        try:
            day = date.fromisoformat(cells[0]).isoformat()
        except ValueError:
            if number == 1 and not readings:
                continue  # a header line
            problems.append(
                _("Line %(line)s: %(date)s is not a date (2026-11-01).")
                % {"line": number, "date": cells[0][:40]}
            )
            continue
        try:
            value = float(cells[1]) if len(cells) > 1 else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or abs(value) > FIGURE_LIMIT:
            problems.append(_("Line %(line)s: give a figure after the date.") % {"line": number})
            continue
        readings.append((day, value))
    if problems:
        raise forms.ValidationError(problems)
    if not readings:
        raise forms.ValidationError(_("The file holds no measurement."))
    return readings


class MeasurementForm(forms.Form):
    metric = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Metric"))
    date = forms.DateField(label=gettext_lazy("Date"), required=False, widget=DateInput)
    value = forms.FloatField(
        label=gettext_lazy("Value"), required=False, validators=FIGURE_BOUNDS, widget=FigureInput
    )
    csv_file = forms.FileField(
        label=gettext_lazy("Or a CSV file of measurements"),
        required=False,
        help_text=gettext_lazy("One measurement a line: date, value (2026-11-01, 41)."),
    )

    def __init__(self, *args, metrics, **kwargs):
        """`metrics`: [(metric id, label)] of the map, in map order."""
        kwargs.setdefault("auto_id", "measurement_%s")
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metrics

    def clean(self):
        data = super().clean()
        upload = data.get("csv_file")
        if upload:
            if upload.size > MAX_CSV_BYTES:
                raise forms.ValidationError(_("The file is larger than 1 MB."))
            data["readings"] = parse_readings(upload.read())
        elif data.get("date") and data.get("value") is not None:
            data["readings"] = [(data["date"].isoformat(), data["value"])]
        elif not self.errors:
            raise forms.ValidationError(_("Give a date and a value, or choose a CSV file."))
        return data
