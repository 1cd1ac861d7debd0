"""Compare two interchange documents: two versions of one map, or two maps (as-is and to-be).

The documents carry no database ids (two maps share none anyway), so items are matched by
what people see:
- stages by name and lanes by title; those left over on both sides are paired in order
  (a renamed stage is "changed", not removed and added);
- cards by text, touchpoints by title, goals by text, preferring a partner in the same place;
  cards and touchpoints left over in the same cell on both sides are paired in order (a card
  whose text was edited is "changed").
A matched item is "moved" when its cell differs (by the matched stage and lane) and
"changed" when anything else it shows differs. An item only in `a` is "removed", only in `b`
"added".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

ADDED, REMOVED, MOVED, CHANGED = "added", "removed", "moved", "changed"
IDENTITY = {"cards": "text", "touchpoints": "title", "goals": "text"}
PLACE = {"id", "stage", "lane", "touchpoint", "next"}
ALIKE = 0.5  # texts at least this alike (difflib's ratio) in one cell are one edited item


def _alike(x, y):
    return SequenceMatcher(None, x, y).ratio()


@dataclass
class Comparison:
    a: dict
    b: dict
    # Per side, key of a stage, lane or item -> set of marks.
    marks_a: dict = field(default_factory=dict)
    marks_b: dict = field(default_factory=dict)
    # (kind, key in a or None, key in b or None, marks)
    pairs: list = field(default_factory=list)

    def of(self, kind, mark):
        """The pairs of `kind` ("stages", "cards", …) that carry `mark`."""
        return [p for p in self.pairs if p[0] == kind and mark in p[3]]

    def counts(self):
        return {
            m: sum(1 for p in self.pairs if m in p[3]) for m in (ADDED, REMOVED, MOVED, CHANGED)
        }


def _pair_by(rows_a, rows_b, identity, place_a=None, place_b=None):
    """[(row a or None, row b or None)]: equal identities first (same place first), then the
    rest in order when `place_*` are None, else the rest by place and likeness. Rows are
    looked up by identity and place, so a large map costs a pass, not a product."""
    by_identity = defaultdict(list)
    for rb in rows_b:
        by_identity[identity(rb)].append(rb)
    taken, pairs = set(), []
    left = list(rows_a)
    for prefer_place in (True, False) if place_a else (False,):
        rest = []
        for ra in left:
            candidates = (rb for rb in by_identity[identity(ra)] if id(rb) not in taken)
            if prefer_place:
                candidates = (rb for rb in candidates if place_b(rb) == place_a(ra))
            rb = next(candidates, None)
            if rb is None:
                rest.append(ra)
            else:
                taken.add(id(rb))
                pairs.append((ra, rb))
        left = rest
    right = [rb for rb in rows_b if id(rb) not in taken]
    if place_a is None:  # the rest, in order
        pairs += list(zip(left, right, strict=False))
        n = min(len(left), len(right))
        left, right = left[n:], right[n:]
    else:  # the rest: the most alike in the same place, if alike enough (an edited text)
        by_place = defaultdict(list)
        for rb in right:
            by_place[place_b(rb)].append(rb)
        rest = []
        for ra in left:
            near = [rb for rb in by_place[place_a(ra)] if id(rb) not in taken]
            scored = [(_alike(identity(ra), identity(rb)), n, rb) for n, rb in enumerate(near)]
            scored = [(-score, n, rb) for score, n, rb in scored if score >= ALIKE]
            if scored:
                rb = min(scored, key=lambda t: t[:2])[2]
                taken.add(id(rb))
                pairs.append((ra, rb))
            else:
                rest.append(ra)
        left, right = rest, [rb for rb in right if id(rb) not in taken]
    pairs += [(ra, None) for ra in left] + [(None, rb) for rb in right]
    return pairs


def _shown(row, names):
    """What an item shows, places aside; persona keys read as the persona's name."""
    return {k: names.get(v, v) if k == "persona" else v for k, v in row.items() if k not in PLACE}


def compare(a, b):
    result = Comparison(a, b)
    same = {}  # key in a -> key in b, for stages, lanes and touchpoints

    def mark(kind, ra, rb, marks):
        marks = set(marks)
        if ra is not None:
            result.marks_a.setdefault(ra["id"], set()).update(marks)
        if rb is not None:
            result.marks_b.setdefault(rb["id"], set()).update(marks)
        result.pairs.append((kind, ra and ra["id"], rb and rb["id"], marks))

    names_a = {p["id"]: p["name"] for p in a.get("personas", [])}
    names_b = {p["id"]: p["name"] for p in b.get("personas", [])}
    for kind, name in (("stages", "name"), ("lanes", "title")):
        for ra, rb in _pair_by(a.get(kind, []), b.get(kind, []), lambda r, n=name: r[n]):
            if ra is None or rb is None:
                mark(kind, ra, rb, [ADDED if ra is None else REMOVED])
                continue
            same[ra["id"]] = rb["id"]
            mark(kind, ra, rb, [CHANGED] if _shown(ra, {}) != _shown(rb, {}) else [])

    def place_a(r):
        return (same.get(r.get("stage")), same.get(r.get("lane")))

    def place_b(r):
        return (r.get("stage"), r.get("lane"))

    for kind, name in IDENTITY.items():
        in_cells = kind != "goals"
        pairs = _pair_by(
            a.get(kind, []),
            b.get(kind, []),
            lambda r, n=name: r[n],
            place_a if in_cells else None,
            place_b if in_cells else None,
        )
        for ra, rb in pairs:
            if ra is None or rb is None:
                mark(kind, ra, rb, [ADDED if ra is None else REMOVED])
                continue
            same[ra["id"]] = rb["id"]
            marks = []
            if in_cells and place_a(ra) != place_b(rb):
                marks.append(MOVED)
            if _shown(ra, names_a) != _shown(rb, names_b):
                marks.append(CHANGED)
            mark(kind, ra, rb, marks)
    return result


def summary(result):
    """What people ask first: stages added and removed, touchpoints whose emotion or
    sentiment changed, goals met (on the `b` side, and whether they were met in `a`)."""
    kinds = ("stages", "touchpoints", "goals")
    a_rows = {r["id"]: r for kind in kinds for r in result.a.get(kind, [])}
    b_rows = {r["id"]: r for kind in kinds for r in result.b.get(kind, [])}
    feelings = []
    for _, ka, kb, _marks in result.of("touchpoints", CHANGED):
        ra, rb = a_rows[ka], b_rows[kb]
        if (ra.get("emotion", 0), ra.get("sentiment")) != (
            rb.get("emotion", 0),
            rb.get("sentiment"),
        ):
            feelings.append((ra, rb))
    goals = []
    was_met = {
        kb: _met(a_rows[ka]) for kind, ka, kb, _m in result.pairs if kind == "goals" and ka and kb
    }
    for goal in result.b.get("goals", []):
        if _met(goal):
            goals.append((goal, was_met.get(goal["id"], False)))
    return {
        "stages_added": [b_rows[kb] for _, _, kb, _m in result.of("stages", ADDED)],
        "stages_removed": [a_rows[ka] for _, ka, _, _m in result.of("stages", REMOVED)],
        "feelings": feelings,
        "goals_met": goals,
        "counts": result.counts(),
    }


def _met(goal):
    target, current = goal.get("target"), goal.get("current")
    return target is not None and current is not None and current >= target


@dataclass
class Cell:
    items: list  # [(kind, row, marks)]: cards first, then touchpoints, in map order

    def html(self, labels):
        """The cell's items as HTML, built here rather than by a template per item: the large
        map has 600 on each side (bench/history.py). `labels`: mark -> its translated word."""
        parts = []
        for kind, row, marks in self.items:
            classes = "".join(f" mark-{m}" for m in marks)
            tags = "".join(f' <span class="mark-label mark-{m}">{labels[m]}</span>' for m in marks)
            if kind == "touchpoints":
                sentiment = escape(row.get("sentiment", "neutral"))
                text = (
                    f'<span class="tp-emotion sentiment-{sentiment}">'
                    f"{row.get('emotion', 0):+d}</span> {escape(row['title'])}"
                )
            else:
                text = escape(row["text"])
            parts.append(f'<div class="compare-item {kind}{classes}">{text}{tags}</div>')
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def grid_of(doc, marks):
    """One side drawn as the map's grid: [(stage, marks)] across, and rows
    [(lane, marks, [Cell per stage])], every item with its marks."""
    stages = doc.get("stages", [])
    cells = {(s["id"], lane["id"]): Cell([]) for s in stages for lane in doc.get("lanes", [])}
    for kind in ("cards", "touchpoints"):
        for row in doc.get(kind, []):
            cell = cells.get((row["stage"], row.get("lane")))
            if cell is not None:
                cell.items.append((kind, row, sorted(marks.get(row["id"], ()))))
    return {
        "stages": [(s, sorted(marks.get(s["id"], ()))) for s in stages],
        "rows": [
            (
                lane,
                sorted(marks.get(lane["id"], ())),
                [cells[(s["id"], lane["id"])] for s in stages],
            )
            for lane in doc.get("lanes", [])
        ],
    }
