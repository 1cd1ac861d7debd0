"""The PDF of a journey map: the deliverable stakeholders read without the app.

load_map -> HTML (journeys/templates/journeys/pdf/) -> WeasyPrint. A map wider than a
readable number of stages per page is split into chunks of stages, one grid per chunk,
each starting a page and repeating the lane titles.

The PDF is the map's document, so its fixed labels (cover, headings, legend) are in the map's
language, not the reader's: a Korean map printed from an English browser still says 고객 여정
지도. The map's `locale` field names it (templates, imports and new maps set it); a map
without one is Korean when most of its letters are Hangul, else English (`pdf_language`).

Korean is written with spaces between words, but WeasyPrint breaks Korean lines between any
two syllables; `keep_words` joins the letters of each Korean word (U+2060 WORD JOINER, which
prints nothing and is not in the text layer), so lines break at spaces, and a word longer than
its cell still wraps (pdf.css: overflow-wrap: anywhere). CSS `word-break: keep-all` would say
the same, but WeasyPrint does not support it.
"""

import base64
import math
import posixpath
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Max
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from insights.paper import insight_charts

from . import vocabulary
from .emotion_curve import emotion_curve_svg
from .interchange import dumps, export_document
from .mapdata import load_map
from .models import Change, Lane
from .numbers import format_number, signed
from .pdf_attachment import map_attachment
from .pdf_overview import curve_summary, overview_context
from .pdf_pages import Sheet, paged_rows
from .pdf_paper import PAPERS, PX_PER_MM, SIDE_MARGINS_MM, paper_for

# ?paper= / --paper values (journeys/pdf_paper.py).
PAPER_SIZES = {name: name for name in PAPERS}
POSTER_BOTTOM_MARGIN_MM = 14  # pdf.css @page

# The CJK font decides how Han characters are drawn, so the map's locale picks it; Noto Sans
# CJK also carries Latin glyphs, so English and mixed text use the same embedded font.
CJK_FONTS = {
    "ko": "Noto Sans CJK KR",
    "ja": "Noto Sans CJK JP",
    "zh": "Noto Sans CJK SC",
    "zh-hans": "Noto Sans CJK SC",
    "zh-cn": "Noto Sans CJK SC",
    "zh-hant": "Noto Sans CJK TC",
    "zh-tw": "Noto Sans CJK TC",
    "zh-hk": "Noto Sans CJK HK",
}
FONT_ORDER = ["Noto Sans CJK KR", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC"]

# Charts side by side on the optional insights page (insights/paper.py draws them to fit):
# two on a page at least A3 wide, else one.
INSIGHT_TWO_COLUMNS_MM = 400

# The legend's example emotion for each sentiment.
LEGEND_EMOTIONS = {"positive": 2, "neutral": 0, "negative": -1}

# WeasyPrint resolves the template's relative URLs against this origin; the fetcher serves
# it from the static files and nothing else. ".invalid" can never resolve on a network.
PDF_ORIGIN = "https://journey-map-studio.invalid"
# An SVG image inline in the page (insights/paper.py): an <img>, not inline <svg>, so its
# hundreds of elements stay out of the HTML's style cascade (1.1 s of CPU on the large map).
SVG_DATA = "data:image/svg+xml;base64,"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves the app's own static files, and SVG images given inline as base64 data: URLs
    (the insights page's charts); refuses every other URL (web, file:, other data:, ...).
    What an inline SVG would fetch comes through here again, so it meets the same refusal.

    Map text is escaped plain text, so it cannot name a resource; this fetcher is the second
    lock should a template ever let a URL through.
    """

    def fetch(self, url, headers=None):
        if url.startswith(SVG_DATA):
            return URLFetcherResponse(
                url, base64.b64decode(url[len(SVG_DATA) :]), {"Content-Type": "image/svg+xml"}
            )
        path = static_path(url)
        if path is None:
            raise ValueError(f"The PDF renderer fetches only the app's static files, not {url!r}")
        with open(path, "rb") as f:
            body = f.read()
        return URLFetcherResponse(url, body, {"Content-Type": guess_type(path)})


def static_path(url):
    """The file behind `url` if it names one of the app's static files, else None."""
    parts = urlsplit(url)
    static_prefix = urlsplit(settings.STATIC_URL).path
    if f"{parts.scheme}://{parts.netloc}" != PDF_ORIGIN or not parts.path.startswith(static_prefix):
        return None
    relative = unquote(parts.path[len(static_prefix) :])
    normalised = posixpath.normpath(relative)
    if normalised.startswith(("..", "/")) or normalised != relative:
        return None
    try:
        # The source files while developing; the collected (hashed) copies in production.
        found = finders.find(normalised)
        if not found and staticfiles_storage.exists(normalised):
            found = staticfiles_storage.path(normalised)
    except Exception:  # SuspiciousFileOperation and friends: refuse
        return None
    return found


def guess_type(path):
    return "text/css" if path.endswith(".css") else "application/octet-stream"


def font_family(locale):
    language = (locale or "").lower().replace("_", "-")
    first = CJK_FONTS.get(language) or CJK_FONTS.get(language.split("-")[0]) or FONT_ORDER[0]
    families = [first] + [f for f in FONT_ORDER if f != first] + ["sans-serif"]
    # Built from the fixed names above only, so it is safe to write into the page's <style>.
    return mark_safe(", ".join(f'"{f}"' if " " in f else f for f in families))


HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LETTER = re.compile(r"[^\W\d_]")


def pdf_language(journey):
    """The language of the PDF's fixed labels: the map's locale when the app speaks it, else
    (no locale) Korean if most of the map's title, stage and lane letters are Hangul; else
    English."""
    languages = {code for code, _name in settings.LANGUAGES}
    locale = (journey.locale or "").lower().replace("_", "-")
    if locale:
        base = locale.split("-")[0]
        return base if base in languages else settings.LANGUAGE_CODE
    text = " ".join(
        [
            journey.title,
            *journey.stages.values_list("name", flat=True),
            *journey.lanes.values_list("title", flat=True),
        ]
    )
    letters = LETTER.findall(text)
    hangul = sum(1 for ch in letters if HANGUL.match(ch))
    return "ko" if letters and hangul * 2 > len(letters) else settings.LANGUAGE_CODE


WORD_JOINER = "\u2060"
# Two non-space characters of which one is Hangul (a letter of a Korean word, or its particle
# or punctuation), the second not a combining mark: the place to join.
KOREAN_JOIN = re.compile(
    r"(?<=[\uac00-\ud7a3\u3130-\u318f])(?=[^\s<&\u0300-\u036f])"
    r"|(?<=[^\s>;])(?=[\uac00-\ud7a3\u3130-\u318f])"
)
# Text nodes of the body, outside inline SVG (its text is drawn, not wrapped) and <style>.
TEXT_NODE = re.compile(r"(<svg\b.*?</svg>|<style\b.*?</style>|<[^>]*>)|([^<]+)", re.S)


def keep_words(html):
    """The page's text with each Korean word's letters joined, so lines break only at spaces.
    Applied to the rendered body only: the <head> holds the document's metadata."""
    head, sep, body = html.partition("<body")

    def join(match):
        if match.group(1):
            return match.group(1)
        return KOREAN_JOIN.sub(WORD_JOINER, match.group(2))

    return head + sep + TEXT_NODE.sub(join, body)


def last_changed(journey):
    """The later of the map's own save time and its latest change-log entry."""
    latest = Change.objects.filter(journey=journey).aggregate(at=Max("at"))["at"]
    return max(journey.updated_at, latest) if latest else journey.updated_at


def chunk_stages(stages, per_page):
    """Split stages into balanced page-wide chunks: 8 on a 7-per-page sheet gives 4 + 4."""
    if not stages:
        return []
    pages = math.ceil(len(stages) / per_page)
    size = math.ceil(len(stages) / pages)
    return [stages[i : i + size] for i in range(0, len(stages), size)]


def cell_items(data, stages):
    """{lane pk: [[("card"|"tp", obj), ...] per stage]}: a cell lists its cards, then its
    touchpoints."""
    return {
        lane.pk: [
            [("card", c) for c in data.cell(stage, lane)["cards"]]
            + [("tp", t) for t in data.cell(stage, lane)["touchpoints"]]
            for stage in stages
        ]
        for lane in data.lanes
    }


def flows_by_stage(data):
    """[(stage, [touchpoint with next links, ...]), ...] for stages that have any.

    Sets tp.flow_targets = [(target, jumps)]: `jumps` when the target is not in the same or
    the next stage, the links a reader must not miss (a loop back, a skip ahead).
    """
    index = {s.pk: i for i, s in enumerate(data.stages)}
    flows = []
    for stage in data.stages:
        linked = [t for t in data.touchpoints if t.stage_id == stage.pk and t.next_list]
        for tp in linked:
            tp.flow_targets = [
                (other, index[other.stage_id] - index[stage.pk] not in (0, 1))
                for other in tp.next_list
            ]
        if linked:
            flows.append((stage, linked))
    return flows


# More points of one line in one stage than this, and their labels would overlap.
LABELLED_POINTS_PER_STAGE = 4


def crowded(touchpoints, stages):
    """Whether some stage holds more points of one persona's line than can be labelled."""
    shown = {s.pk for s in stages}
    per_line = Counter((t.stage_id, t.persona_id) for t in touchpoints if t.stage_id in shown)
    return max(per_line.values(), default=0) > LABELLED_POINTS_PER_STAGE


def owner_name(user):
    return user.get_full_name() or user.get_username()


def build_context(journey, paper, persona_id=None, stage_range=None, insights=False):
    """What the PDF template draws; `persona_id` and `stage_range` (first, last stage number)
    print part of the map, as load_map reads it, and the title block says which part.
    `insights`: add the insights page, the charts of the part printed."""
    stage_total = journey.stages.count() if stage_range else None
    data = load_map(journey, persona_id=persona_id, stage_range=stage_range)
    journey = data.journey
    shown_stages = {s.pk for s in data.stages}
    shown_touchpoints = {t.pk for t in data.touchpoints}
    # A goal of a stage or touchpoint left out is left out with it.
    data.goals = [
        g
        for g in data.goals
        if (g.stage_id is None or g.stage_id in shown_stages)
        and (g.touchpoint_id is None or g.touchpoint_id in shown_touchpoints)
    ]
    persona = data.persona_by_id.get(persona_id)
    changed = timezone.localtime(last_changed(journey))
    stage_names = {s.pk: s.name for s in data.stages}
    touchpoint_by_id = {t.pk: t for t in data.touchpoints}
    locale = journey.locale
    # A persona's part names no other persona, not even in the legend.
    persona_lines = curve_legend([p for p in data.personas if not persona_id or p.pk == persona_id])
    for stage in data.stages:
        stage.phase_label = vocabulary.phase_label(stage.phase)
    for lane in data.lanes:
        # "Touchpoints / TOUCHPOINTS" says nothing twice; a lane's own title wins.
        lane.show_kind = lane.get_kind_display().lower() != lane.title.strip().lower()
    for card in data.cards:
        card.persona_class = f"line-{card.persona_slot}"
    for tp in data.touchpoints:
        tp.persona_class = f"line-{tp.persona_slot}"
        tp.emotion_text = signed(tp.emotion)  # as the curve and the cards label it
        tp.symbol = vocabulary.sentiment_symbol(tp.sentiment)
        tp.sentiment_word = vocabulary.sentiment_label(tp.sentiment)
        tp.channel_label = str(vocabulary.channel(tp.channel)[1])  # in the map's language
        tp.stage_name = stage_names.get(tp.stage_id, "")
        for metric in tp.metrics_list:
            metric.value_text = format_number(metric.value, locale)
            metric.target_text = format_number(metric.target, locale)
    for goal in data.goals:
        goal.target_text = format_number(goal.target, locale)
        goal.current_text = format_number(goal.current, locale)
        if goal.touchpoint_id in touchpoint_by_id:
            title = touchpoint_by_id[goal.touchpoint_id].title
            goal.scope = _("Touchpoint: %(title)s") % {"title": title}
        elif goal.stage_id in stage_names:
            goal.scope = _("Stage: %(name)s") % {"name": stage_names[goal.stage_id]}
        else:
            goal.scope = _("Whole map")

    sheet_paper = paper_for(paper, len(data.stages))
    per_page = sheet_paper.stages_per_page or max(1, len(data.stages))
    chunks = chunk_stages(data.stages, per_page)
    fonts = font_family(journey.locale)
    # The moment of truth a stakeholder should look at first: the first lowest emotion.
    lowest = min(data.touchpoints, key=lambda t: t.emotion, default=None)
    stage_area = sheet_paper.stage_area_mm
    # A poster has no page end to fill: its rows are never cut.
    page_height = None if sheet_paper.is_poster else sheet_paper.height_mm
    # Stages keep their numbers in the whole map, so "stages 3-5" prints 3, 4, 5.
    offset = stage_range[0] - 1 if stage_range else 0
    # As in the editor, the curve fills the map's emotions lane when no notes sit in it.
    curve_lane_id = next(
        (
            lane.pk
            for lane in data.lanes
            if lane.kind == Lane.Kind.EMOTIONS
            and not any(card.lane_id == lane.pk for card in data.cards)
        ),
        None,
    )
    grids = []
    for n, stages in enumerate(chunks):
        sheet = Sheet(page_height, stage_area / len(stages), sheet_paper.type_pt)
        grids.append(
            {
                "stages": stages,
                "first_number": offset + sum(len(c) for c in chunks[:n]) + 1,
                "last_number": offset + sum(len(c) for c in chunks[: n + 1]),
                "rows": paged_rows(
                    cell_items(data, stages),
                    data.lanes,
                    sheet,
                    stages,
                    curve_lane_id,
                    sheet_paper.curve_height_mm + 1,
                ),
                "curve": for_print(
                    emotion_curve_svg(
                        stages,
                        data.touchpoints,
                        data.personas,
                        column_width=round(stage_area / len(stages) * PX_PER_MM),
                        height=round(sheet_paper.curve_height_mm * PX_PER_MM),
                        legend=False,  # the legend below the grid names the lines
                        point_labels=not crowded(data.touchpoints, stages),
                    ),
                    fonts,
                    curve_summary(stages, data.touchpoints, data.personas, persona_id, lowest),
                ),
                "has_points": any(t.stage_id in {s.pk for s in stages} for t in data.touchpoints),
            }
        )
    context = {
        "map": data,
        "journey": journey,
        "owner": owner_name(journey.owner),
        "paper": paper,
        "page_size": sheet_paper.css_size,
        "poster": sheet_paper.is_poster,
        "font_family": fonts,
        "lane_column_mm": sheet_paper.lane_column_mm,
        "lang": journey.locale or pdf_language(journey),
        "changed": changed,
        "exported": timezone.localdate(),
        "grids": grids,
        "curve_lane_id": curve_lane_id,
        "stage_count": stage_total or len(data.stages),
        # The part of the map printed, when not all of it: "Stages 3–5 of 12", a persona.
        "stage_range": stage_range and (stage_range[0], offset + len(data.stages)),
        "persona": persona,
        "flows": flows_by_stage(data),
        "sentiment_counts": [
            (
                key,
                vocabulary.SENTIMENT_SYMBOLS[key],
                word,
                sum(t.sentiment == key for t in data.touchpoints),
            )
            for key, word in vocabulary.SENTIMENT_LABELS.items()
        ],
        "sentiment_examples": [
            (key, vocabulary.SENTIMENT_SYMBOLS[key], word, signed(LEGEND_EMOTIONS[key]))
            for key, word in vocabulary.SENTIMENT_LABELS.items()
        ],
        "lowest": lowest,
        "overview": overview_context(
            data,
            (sheet_paper.width_mm, sheet_paper.height_mm),
            SIDE_MARGINS_MM,
            lowest,
            lambda svg, alt: for_print(svg, fonts, alt),
        ),
        "stage_offset": offset,
        "persona_lines": persona_lines,
        "stylesheet": PDF_ORIGIN + static("css/pdf.css"),
        "page_footer": page_footer(),
    }
    if insights:
        width_px = (sheet_paper.width_mm - SIDE_MARGINS_MM) * PX_PER_MM
        columns = 2 if sheet_paper.width_mm >= INSIGHT_TWO_COLUMNS_MM else 1
        context["insights"] = insight_charts(data, fonts, width_px, columns)
        context["insights_stylesheet"] = PDF_ORIGIN + static("insights/pdf-insights.css")
    return context


def page_footer():
    """The footer's CSS `content` after the map's title: " · page 2 of 5", translated, with the
    numbers as CSS counters (a translation may put them in any order)."""
    sentence = " · " + _("page %(page)s of %(pages)s")
    parts = []
    for token in re.split(r"(%\((?:page|pages)\)s)", sentence):
        if token in ("%(page)s", "%(pages)s"):
            parts.append(f"counter({token[2:-2]})")
        elif token:
            quoted = token.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            parts.append(f'"{quoted}"')
    # Built from the catalogue's text, quoted as CSS strings: safe in the page's <style>.
    return mark_safe(" ".join(parts))


def for_print(svg, fonts, alt):
    """The editor's curve SVG made for paper.

    WeasyPrint draws inline SVG text without the page's CSS, so the SVG names the fonts;
    hover tooltips (<title>) mean nothing on paper and cost time on a large map. The curve's
    own <title> is its alternative text in the tagged PDF (WeasyPrint reads it there).
    """
    svg = re.sub(r"<title>[^<]*</title>", "", svg)
    svg = svg.replace("<svg ", f"<svg font-family='{fonts}' ", 1)
    start = svg.index(">") + 1
    return mark_safe(f"{svg[:start]}<title>{escape(alt)}</title>{svg[start:]}")


def curve_legend(personas):
    """(label, colour, CSS class) of each emotion-curve line, as the curve colours them: the
    persona's colour slot (load_map sets persona.slot) names the class.

    Sets persona.colour_class, so the overview's personas carry their line colour.
    """
    lines = [(_("No persona"), vocabulary.persona_colour(0), "line-0")]
    for persona in personas:
        persona.colour_class = f"line-{persona.slot}"
        lines.append((persona.name, vocabulary.persona_colour(persona.slot), persona.colour_class))
    return lines


def render_html(journey, paper="a3", persona_id=None, stage_range=None, insights=False):
    """The PDF's HTML, its labels in the map's language (see the module's docstring)."""
    return html_and_context(journey, paper, persona_id, stage_range, insights)[0]


def html_and_context(journey, paper, persona_id, stage_range, insights=False):
    with override(pdf_language(journey)):
        context = build_context(
            journey, paper, persona_id=persona_id, stage_range=stage_range, insights=insights
        )
        return keep_words(render_to_string("journeys/pdf/map.html", context)), context


def render_pdf(
    journey, paper="a3", persona_id=None, stage_range=None, insights=False, archive=False
):
    """The map as PDF bytes. `paper` is a key of PAPER_SIZES (landscape, or a poster); with
    `persona_id` or `stage_range` (first, last stage number, from 1), part of the map; with
    `insights`, the insights page after it (its charts drawn by Chromium: insights/paper.py).

    This is the expensive step (seconds, hundreds of MB on a large map): the web export goes
    through journeys/pdf_export.py, which bounds it; the command line calls it directly.

    A whole map's PDF carries the map (journeys/pdf_attachment.py); `archive` makes it
    PDF/A-3b, the archival PDF that may hold attached files, still tagged."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"Unknown paper {paper!r}; use one of {', '.join(PAPER_SIZES)}.")
    page, context = html_and_context(journey, paper, persona_id, stage_range, insights)
    html = HTML(
        string=page,
        base_url=PDF_ORIGIN + "/",
        url_fetcher=StaticFilesOnlyFetcher(),
    )
    document = html.render()
    if paper == "poster":
        crop_to_content(document)
    attachments = []
    if not persona_id and not stage_range:  # the whole map, read once for pages and file
        data = dumps(export_document(context["journey"], data=context["map"])).encode()
        attachments.append(map_attachment(data, context["changed"]))
    # Tagged for screen readers and reflow (PDF/UA-1: structure, language, alternative text);
    # the structure follows the HTML: cover, overview, then each grid lane by lane.
    return document.write_pdf(
        pdf_variant="pdf/a-3b" if archive else "pdf/ua-1",
        pdf_tags=True,
        attachments=attachments,
    )


def crop_to_content(document):
    """Cut a poster's page (laid out on the tallest page a PDF may have) to its content and
    the bottom margin. WeasyPrint writes the page from its top, so cutting keeps it whole."""
    for page in document.pages:
        root = next(box for box in page._page_box.children if box.element_tag == "html")
        bottom = root.position_y + root.margin_height()
        page.height = min(page.height, bottom + POSTER_BOTTOM_MARGIN_MM * PX_PER_MM)
