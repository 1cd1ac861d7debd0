"""Checking an interchange document before anything is written (see spec/journey-map-format.md).

`load_document` parses uploaded bytes (size, encoding, JSON without NaN or Infinity);
`validate` lists every problem of a document by path: the JSON Schema, unique keys, references
to keys that exist, and pictures that only a ZIP package may carry. journeys/interchange.py
writes a map only from a document with no problem.

Problems are shown on the import form in the reader's language: the path (`stages[2].name:`)
is the document's own and stays as written; the sentence after it is translated. The schema
checks this format uses are worded here, not taken from jsonschema's English.
"""

import json
from datetime import date
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from .pdf_attachment import NotAPdf, embedded_map, is_pdf

FORMAT = "journey-map"
VERSION = 1
SCHEMA_PATH = settings.BASE_DIR / "spec" / "journey-map.schema.json"


class InterchangeError(Exception):
    """A document that cannot be imported; `problems` lists every reason, by path."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@cache
def schema_validator():
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def check_size(size, name=None):
    """Refuse files over the import limit before reading them."""
    limit = settings.MAX_IMPORT_BYTES
    if size > limit:
        megabytes = f"{size / 1024 / 1024:.1f}"
        raise InterchangeError(
            [
                _("%(name)s is %(size)s MB; the limit is %(limit)d MB.")
                % {"name": name or _("The file"), "size": megabytes, "limit": limit // 1024 // 1024}
            ]
        )


def load_document(raw):
    """Parse uploaded bytes into a document, or raise InterchangeError with a clear reason.
    A PDF exported by the app gives the map it carries (journeys/pdf_attachment.py)."""
    check_size(len(raw))
    if is_pdf(raw):
        raw = map_of_pdf(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError(
            [_("The file is not UTF-8 text; export it as a JSON file.")]
        ) from None
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
        _refuse_unstorable_text(doc)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            [
                _("The file is not valid JSON (line %(line)d, column %(column)d: %(reason)s).")
                % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}
            ]
        ) from None
    except RecursionError:
        raise InterchangeError(
            [_("The file nests lists or objects too deep to be a map.")]
        ) from None
    if not isinstance(doc, dict):
        raise InterchangeError([_("The file must hold one JSON object: a journey map.")])
    return doc


def map_of_pdf(raw):
    try:
        embedded = embedded_map(raw)
    except NotAPdf:
        raise InterchangeError([_("The file is not a readable PDF.")]) from None
    if embedded is None:
        raise InterchangeError(
            [
                _(
                    "This PDF carries no journey map. Only a PDF of a whole map exported by "
                    "Journey Map Studio can be imported; import the map's JSON export instead."
                )
            ]
        )
    return embedded


def _refuse_unstorable_text(doc):
    """Text a database cannot store: a lone surrogate (half of a character) or a NUL character.
    Both parse as JSON, and both would fail only when written."""
    for text in _texts(doc):
        if "\x00" in text:
            raise InterchangeError([_("The file holds a NUL character (\\u0000) in its text.")])
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InterchangeError(
                [_("The file holds broken text (half of a character, such as \\ud800).")]
            ) from None


def _texts(value):
    """Every string in a parsed document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _refuse_constant(name):
    # Python's json reads NaN and Infinity, which JSON itself does not have.
    raise InterchangeError(
        [_("The file spells %(name)s, which is not a JSON number; use a figure.") % {"name": name}]
    )


def _short(text, length=120):
    """Messages quote the bad value, but never a whole file's worth of it."""
    return text if len(text) <= length else text[: length - 1] + "…"


def _shown(value):
    return _short(json.dumps(value, ensure_ascii=False))


def _path(parts):
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_problems(doc):
    problems = []
    for error in schema_validator().iter_errors(doc):
        parts = list(error.absolute_path)
        if error.validator == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            problems.extend((parts + [name], _("required")) for name in missing)
        elif error.validator == "additionalProperties":
            continue
        else:
            problems.append((parts, _schema_message(error)))
    return problems


def _schema_message(error):
    """The sentence for one schema error, in the reader's language; a check this format does
    not use falls back to jsonschema's own (English) wording."""
    value, limit = _shown(error.instance), error.validator_value
    words = {"value": value, "limit": _shown(limit)}
    messages = {
        "const": lambda: _("must be %(limit)s, got %(value)s") % words,
        "enum": lambda: (
            _("%(value)s is not one of %(allowed)s")
            % {"value": value, "allowed": ", ".join(json.dumps(v) for v in limit)}
        ),
        "type": lambda: (
            _("must be a JSON %(type)s, got %(value)s")
            % {"type": " / ".join(limit) if isinstance(limit, list) else limit, "value": value}
        ),
        "maximum": lambda: _("%(value)s is greater than the maximum of %(limit)s") % words,
        "minimum": lambda: _("%(value)s is less than the minimum of %(limit)s") % words,
        "maxLength": lambda: _("is longer than %(limit)s characters") % words,
        "minLength": lambda: (
            _("must not be empty")
            if limit == 1
            else _("is shorter than %(limit)s characters") % words
        ),
        "maxItems": lambda: _("holds more than %(limit)s items") % words,
        "minItems": lambda: (
            _("must not be empty") if limit == 1 else _("holds fewer than %(limit)s items") % words
        ),
        "pattern": lambda: _("%(value)s is not in the expected form (%(limit)s)") % words,
    }
    message = messages.get(error.validator)
    return message() if message else _short(error.message)


def _reference_problems(doc):
    """What the schema cannot say: unique keys and references to keys that exist."""
    problems = []

    def keys_of(name):
        seen = set()
        for i, item in enumerate(doc.get(name, [])):
            key = item.get("id")
            if key is None:
                continue
            if key in seen:
                problems.append(([name, i, "id"], _('duplicate key "%(key)s"') % {"key": key}))
            seen.add(key)
        return seen

    personas, stages, lanes = keys_of("personas"), keys_of("stages"), keys_of("lanes")
    touchpoints = keys_of("touchpoints")
    cards = keys_of("cards")
    keys_of("goals")
    keys_of("evidence")

    def check(path, value, known):
        if value is not None and value not in known:
            problems.append((path, _('unknown key "%(key)s"') % {"key": value}))

    for i, card in enumerate(doc.get("cards", [])):
        check(["cards", i, "stage"], card.get("stage"), stages)
        check(["cards", i, "lane"], card.get("lane"), lanes)
        check(["cards", i, "persona"], card.get("persona"), personas)
    for i, tp in enumerate(doc.get("touchpoints", [])):
        check(["touchpoints", i, "stage"], tp.get("stage"), stages)
        check(["touchpoints", i, "lane"], tp.get("lane"), lanes)
        check(["touchpoints", i, "persona"], tp.get("persona"), personas)
        seen = set()
        for j, target in enumerate(tp.get("next", [])):
            check(["touchpoints", i, "next", j], target, touchpoints)
            if target in seen:
                problems.append(
                    (
                        ["touchpoints", i, "next", j],
                        _('"%(key)s" is listed twice') % {"key": target},
                    )
                )
            seen.add(target)
    for i, goal in enumerate(doc.get("goals", [])):
        check(["goals", i, "stage"], goal.get("stage"), stages)
        check(["goals", i, "touchpoint"], goal.get("touchpoint"), touchpoints)
        if goal.get("stage") is not None and goal.get("touchpoint") is not None:
            problems.append((["goals", i], _("give a stage or a touchpoint, not both")))
    backed = {"stages": stages, "cards": cards, "touchpoints": touchpoints}
    for i, item in enumerate(doc.get("evidence", [])):
        check(["evidence", i, "persona"], item.get("persona"), personas)
        for field, known in backed.items():
            for j, key in enumerate(item.get(field, [])):
                check(["evidence", i, field, j], key, known)
    return problems


def _picture_problems(doc):
    """A plain document may not name pictures: they travel only inside a ZIP package."""
    problems = []
    for name, field in (("personas", "photo"), ("cards", "image"), ("touchpoints", "image")):
        for i, item in enumerate(doc.get(name, [])):
            if field in item:
                problems.append(
                    (
                        [name, i, field, "file"],
                        _(
                            "%(file)s is missing: pictures travel in a ZIP package "
                            "(map.json and its images/ folder)"
                        )
                        % {"file": item[field]["file"]},
                    )
                )
    return problems


def _date_problems(doc):
    """The schema checks a history date's shape (2026-11-01); this, that the day exists."""
    problems = []
    for i, tp in enumerate(doc.get("touchpoints", [])):
        for j, metric in enumerate(tp.get("metrics", [])):
            for k, reading in enumerate(metric.get("history", [])):
                try:
                    date.fromisoformat(reading["date"])
                except ValueError:
                    path = ["touchpoints", i, "metrics", j, "history", k, "date"]
                    problems.append((path, f"{reading['date']} is not a day of the calendar"))
    for i, item in enumerate(doc.get("evidence", [])):
        try:
            if "date" in item:
                date.fromisoformat(item["date"])
        except ValueError:
            problems.append(
                (["evidence", i, "date"], f"{item['date']} is not a day of the calendar")
            )
    return problems


def validate(doc):
    """Every problem of a document, as 'path: message' strings in document order."""
    if not isinstance(doc, dict):
        return [_("The document must be a JSON object.")]
    for field, expected in (("format", FORMAT), ("version", VERSION)):
        if field in doc and doc[field] != expected:
            # A different format or version: the rest would only add noise.
            return [
                f"{field}: "
                + _(
                    "must be %(expected)s, got %(value)s; "
                    "this file is not a journey map of version 1."
                )
                % {"expected": json.dumps(expected), "value": _shown(doc[field])}
            ]
    problems = _schema_problems(doc)
    if not problems:
        problems = _reference_problems(doc) + _picture_problems(doc) + _date_problems(doc)

    def order(problem):
        return [(0, p) if isinstance(p, int) else (1, str(p)) for p in problem[0]]

    problems.sort(key=order)
    return [f"{_path(parts) or '(document)'}: {message}" for parts, message in problems]
