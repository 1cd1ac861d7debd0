"""Map templates: interchange documents shipped with the app, listed by `templates()`.

Two kinds live side by side: the six seed frameworks (journeys/map_templates/N-<framework>.<lang>
.json: stages and lanes with empty cells) and the worked industry examples
(journeys/map_templates/industries/<slug>.<lang>.json: complete maps, each following one of
the frameworks, in Korean and in English).

A template's document is content: a map made from it keeps the document's title, stages and
lanes in the document's own language. What the gallery says about each template (its name,
what it is for, its industry and framework) is our label, in the interface's language
(`FRAMEWORKS`, `EXAMPLES`, `INDUSTRIES`).

Templates are the same files as imports: a file that does not pass the interchange checks
(journeys/validation.py) is logged and left out, so the gallery never offers a map that
cannot be made.
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .validation import InterchangeError, load_document, validate

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent / "map_templates"
# The worked examples; tests point this at their own folder (tests/gallery/industries).
EXAMPLES_DIR = TEMPLATES_DIR / "industries"
DEMO_MAP = Path(__file__).resolve().parent / "demo" / "guitar-purchase.ko.json"

# {framework: (name, description)}, the seed frameworks, keyed as their file names say.
FRAMEWORKS = {
    "cdj-4": (
        _("Consumer decision journey (4 stages)"),
        _(
            "McKinsey's consumer decision journey: the customer's decision in four stages, "
            "from awareness to purchase."
        ),
    ),
    "cdj-5": (
        _("Consumer decision journey (5 stages)"),
        _(
            "Awareness, research, consideration, purchase and loyalty: the customer's decision "
            "and the purchase that follows."
        ),
    ),
    "purchase-journey": (
        _("Purchase journey map"),
        _(
            "Awareness, interest, review, purchase and use: from first hearing of a product to "
            "buying and using it."
        ),
    ),
    "full-purchase-cycle": (
        _("Full purchase cycle"),
        _("The whole purchase cycle in six stages, from awareness to evaluation."),
    ),
    "dcj": (
        _("Digital customer journey (DCJ)"),
        _(
            "Awareness, consideration, purchase, retention and advocacy: a digital customer "
            "journey that joins pre-sale and post-sale. The journey is a cycle, not a line."
        ),
    ),
    "five-as": (
        _("The five A's"),
        _(
            "Aware, appeal, ask, act, advocate: each touchpoint classified positive, neutral or "
            "negative, with a goal for each."
        ),
    ),
}

INDUSTRIES = {
    "retail": _("Retail"),
    "saas": _("SaaS"),
    "finance": _("Finance"),
    "healthcare": _("Healthcare"),
    "b2b": _("B2B"),
    "food-delivery": _("Food delivery"),
    "telecom": _("Telecom"),
    "automotive": _("Automotive"),
}

# {slug: (industry, framework, name, description)}: the worked examples, in gallery order.
EXAMPLES = {
    "online-shopping-first-purchase": (
        "retail",
        "five-as",
        _("Online shopping: the first purchase"),
        _("A new customer finds a shop, compares, pays and waits for the parcel."),
    ),
    "saas-trial-to-paid": (
        "saas",
        "purchase-journey",
        _("SaaS: from free trial to paid plan"),
        _("A team signs up for a trial, finds the value, and decides to pay."),
    ),
    "mobile-banking-account-opening": (
        "finance",
        "dcj",
        _("Mobile banking: opening an account"),
        _("Opening an account in an app: identity checks, first transfer, and coming back."),
    ),
    "hospital-outpatient-visit": (
        "healthcare",
        "cdj-5",
        _("Hospital outpatient visit"),
        _("From choosing a hospital and booking to the visit, the bill and the follow-up."),
    ),
    "b2b-software-purchase": (
        "b2b",
        "full-purchase-cycle",
        _("B2B software purchase"),
        _("A buying committee researches, runs a pilot, negotiates and rolls out."),
    ),
    "food-delivery-order": (
        "food-delivery",
        "five-as",
        _("Food delivery order"),
        _("Hungry, choosing, ordering, waiting for the rider, and ordering again."),
    ),
    "switching-mobile-carrier": (
        "telecom",
        "dcj",
        _("Switching mobile carrier"),
        _("Comparing plans, moving the number, and deciding whether to stay."),
    ),
    "buying-a-car": (
        "automotive",
        "full-purchase-cycle",
        _("Buying a car"),
        _("Research, test drive, financing, delivery and the first service."),
    ),
}

# The language a template's stages and lanes are written in, as the page names it.
LANGUAGE_NAMES = {"ko": _("Korean"), "en": _("English")}


@dataclass(frozen=True)
class MapTemplate:
    """One shipped template: its file's document and what the gallery says about it."""

    slug: str  # the file's name without .json: "dcj.ko", "buying-a-car.en"
    example: str  # a worked example's slug without the language: "buying-a-car"; "" for a framework
    framework: str  # the seed framework it follows: "dcj" ("" if unknown)
    industry: str  # "" for a seed framework (or an example not in EXAMPLES)
    lang: str  # the language of its content: "ko"
    doc: dict
    digest: str  # sha256 of the file: what cached previews are keyed by

    @property
    def key(self):
        """What the new-map form posts to start from this template."""
        return self.slug

    def _label(self):
        """(name, description) as we word them, or None: then the document's own."""
        if self.example:
            return EXAMPLES[self.example][2:] if self.example in EXAMPLES else None
        return FRAMEWORKS.get(self.framework)

    @property
    def name(self):
        label = self._label()
        return label[0] if label else self.doc["title"]

    @property
    def description(self):
        label = self._label()
        return label[1] if label else self.doc.get("description", "")

    @property
    def industry_label(self):
        return INDUSTRIES.get(self.industry, "")

    @property
    def framework_label(self):
        return FRAMEWORKS[self.framework][0] if self.framework in FRAMEWORKS else ""

    @property
    def language(self):
        return LANGUAGE_NAMES.get(self.lang, self.lang)

    @property
    def stages(self):
        return [stage["name"] for stage in self.doc["stages"]]


def _read(path):
    """(document, digest) of a template file, or None, logged, if it fails the checks."""
    raw = path.read_bytes()
    try:
        doc = load_document(raw)
        problems = validate(doc)
    except InterchangeError as exc:
        problems = exc.problems
    if problems:
        logger.error("Template %s left out: %s", path.name, "; ".join(problems[:5]))
        return None
    return doc, hashlib.sha256(raw).hexdigest()


def _split(stem):
    """("buying-a-car", "en") from "buying-a-car.en"."""
    name, _dot, lang = stem.rpartition(".")
    return (name, lang) if name else (stem, "")


@cache
def _load(frameworks_dir, examples_dir):
    found = {}
    for path in sorted(frameworks_dir.glob("*.json")):  # 1-..., 2-...: in framework order
        slug = path.stem.split("-", 1)[1]
        framework, lang = _split(slug)
        if read := _read(path):
            found[slug] = MapTemplate(slug, "", framework, "", _lang(read[0], lang), *read)
    order = {example: n for n, example in enumerate(EXAMPLES)}
    paths = sorted(
        examples_dir.glob("*.json"),
        key=lambda path: (order.get(_split(path.stem)[0], len(order)), path.name),
    )
    for path in paths:
        example, lang = _split(path.stem)
        industry, framework = EXAMPLES[example][:2] if example in EXAMPLES else ("", "")
        if read := _read(path):
            found[path.stem] = MapTemplate(
                path.stem, example, framework, industry, _lang(read[0], lang), *read
            )
    return found


def _lang(doc, fallback):
    return doc.get("locale", "").split("-")[0] or fallback


def templates():
    """{slug: MapTemplate}: the seed frameworks in their files' order, then the worked
    examples in `EXAMPLES` order (the languages of one example side by side). Each folder is
    read once and kept."""
    return _load(TEMPLATES_DIR, EXAMPLES_DIR)
