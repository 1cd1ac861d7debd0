"""Map templates: interchange documents shipped in journeys/map_templates/.

A template's document is content: a map made from it keeps the document's title, stages and
lanes in the document's own language. What the "new map" page says about each template (its
name and what it is for) is our label, in the interface's language (`TEMPLATE_LABELS`).
"""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

TEMPLATES_DIR = Path(__file__).resolve().parent / "map_templates"
DEMO_MAP = Path(__file__).resolve().parent / "demo" / "guitar-purchase.ko.json"

# {slug: (name, description)} shown on the "new map" page; a template without an entry shows
# its document's own title and description.
TEMPLATE_LABELS = {
    "cdj-4.ko": (
        _("Consumer decision journey (4 stages)"),
        _(
            "McKinsey's consumer decision journey: the customer's decision in four stages, "
            "from awareness to purchase."
        ),
    ),
    "cdj-5.ko": (
        _("Consumer decision journey (5 stages)"),
        _(
            "Awareness, research, consideration, purchase and loyalty: the customer's decision "
            "and the purchase that follows."
        ),
    ),
    "purchase-journey.ko": (
        _("Purchase journey map"),
        _(
            "Awareness, interest, review, purchase and use: from first hearing of a product to "
            "buying and using it."
        ),
    ),
    "full-purchase-cycle.ko": (
        _("Full purchase cycle"),
        _("The whole purchase cycle in six stages, from awareness to evaluation."),
    ),
    "dcj.ko": (
        _("Digital customer journey (DCJ)"),
        _(
            "Awareness, consideration, purchase, retention and advocacy: a digital customer "
            "journey that joins pre-sale and post-sale. The journey is a cycle, not a line."
        ),
    ),
    "five-as.en": (
        _("The five A's"),
        _(
            "Aware, appeal, ask, act, advocate: each touchpoint classified positive, neutral or "
            "negative, with a goal for each."
        ),
    ),
}
# The language a template's stages and lanes are written in, as the page names it.
LANGUAGE_NAMES = {"ko": _("Korean"), "en": _("English")}


@cache
def templates():
    """{slug: document}, in the order of their file names (1-..., 2-...)."""
    return {
        path.stem.split("-", 1)[1]: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(TEMPLATES_DIR.glob("*.json"))
    }


def template_choices():
    """[{slug, name, description, lang, language, stages}] for the "new map" page, in the
    interface's language."""
    choices = []
    for slug, doc in templates().items():
        name, description = TEMPLATE_LABELS.get(slug, (doc["title"], doc.get("description", "")))
        language = doc.get("locale", "").split("-")[0]
        choices.append(
            {
                "slug": slug,
                "name": name,
                "description": description,
                "lang": language,
                "language": LANGUAGE_NAMES.get(language, language),
                "stages": [stage["name"] for stage in doc["stages"]],
            }
        )
    return choices
