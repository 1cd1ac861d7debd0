"""The shipped templates: every file passes the interchange checks, imports, and renders in the
editor and the PDF; the Korean and English versions of an example have the same structure; a
file that fails the checks is left out (and logged), never offered."""

import json
import logging
import shutil

import pytest
from django.urls import reverse
from django.utils.html import escape

from journeys import catalog
from journeys.catalog import EXAMPLES, FRAMEWORKS, INDUSTRIES
from journeys.interchange import import_document
from journeys.pdf import render_pdf
from journeys.validation import validate

from .conftest import FIXTURE_EXAMPLES

pytestmark = pytest.mark.django_db


def shipped_and_fixture_templates():
    """Every shipped template (the frameworks and whatever examples the app ships), and the
    tests' own examples: the tests below run on each."""
    shipped = list(catalog.templates().values())
    fixtures = catalog._load(catalog.TEMPLATES_DIR, FIXTURE_EXAMPLES)
    extra = [t for slug, t in fixtures.items() if slug not in catalog.templates()]
    return [*shipped, *extra]


ALL_TEMPLATES = shipped_and_fixture_templates()


@pytest.mark.parametrize("template", ALL_TEMPLATES, ids=lambda t: t.slug)
def test_every_template_imports_and_renders_in_the_editor_and_the_pdf(template, user, auth_client):
    assert validate(template.doc) == []
    journey = import_document(template.doc, user)
    assert journey.stages.count() == len(template.doc["stages"])
    editor = auth_client.get(reverse("journeys:detail", args=[journey.pk]))
    assert editor.status_code == 200
    page = editor.content.decode()
    assert all(escape(stage) in page for stage in template.stages)
    pdf = render_pdf(journey)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_every_example_has_an_industry_and_a_framework_we_label():
    for template in ALL_TEMPLATES:
        assert template.lang in catalog.LANGUAGE_NAMES, template.slug
        if template.example:
            assert template.example in EXAMPLES, f"{template.slug}: add it to catalog.EXAMPLES"
            assert template.industry in INDUSTRIES and template.framework in FRAMEWORKS
        else:
            assert template.framework in FRAMEWORKS


def structure(doc):
    """What the Korean and English versions of an example share: everything but the words
    (keys renamed by position, the references between them, kinds, phases, sentiments and
    emotions, how many of each)."""
    index = {}
    for name in ("personas", "stages", "lanes", "touchpoints"):
        for i, item in enumerate(doc.get(name, [])):
            index[(name, item["id"])] = i

    def ref(name, key):
        return None if key is None else index[(name, key)]

    return {
        "kind": doc.get("kind"),
        "personas": len(doc.get("personas", [])),
        "stages": [s.get("phase", "") for s in doc["stages"]],
        "lanes": [lane["kind"] for lane in doc.get("lanes", [])],
        "cards": [
            (ref("stages", c["stage"]), ref("lanes", c["lane"]), ref("personas", c.get("persona")))
            for c in doc.get("cards", [])
        ],
        "touchpoints": [
            (
                ref("stages", t["stage"]),
                ref("lanes", t.get("lane")),
                ref("personas", t.get("persona")),
                t.get("sentiment", "neutral"),
                t.get("emotion", 0),
                len(t.get("metrics", [])),
                [ref("touchpoints", n) for n in t.get("next", [])],
            )
            for t in doc.get("touchpoints", [])
        ],
        "goals": [
            (
                g.get("kind", "business"),
                ref("stages", g.get("stage")),
                ref("touchpoints", g.get("touchpoint")),
            )
            for g in doc.get("goals", [])
        ],
    }


def example_pairs():
    by_example = {}
    for template in ALL_TEMPLATES:
        if template.example:
            by_example.setdefault(template.example, {})[template.lang] = template
    return sorted(by_example.items())


@pytest.mark.parametrize("example, versions", example_pairs(), ids=[e for e, _ in example_pairs()])
def test_the_korean_and_english_versions_of_an_example_have_the_same_structure(example, versions):
    assert set(versions) == {"ko", "en"}, f"{example}: one Korean and one English file"
    ko, en = versions["ko"].doc, versions["en"].doc
    assert structure(ko) == structure(en)
    assert ko["title"] != en["title"]  # written for each language, not a copy


def test_a_file_that_fails_the_checks_is_left_out_and_logged(tmp_path, examples_in, caplog):
    for path in FIXTURE_EXAMPLES.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    broken = json.loads((tmp_path / "online-shopping-first-purchase.en.json").read_text())
    broken["touchpoints"][0]["stage"] = "s99"  # a reference to no stage
    (tmp_path / "buying-a-car.en.json").write_text(json.dumps(broken))
    (tmp_path / "buying-a-car.ko.json").write_text("{not json")
    with caplog.at_level(logging.ERROR, logger="journeys.catalog"):
        found = examples_in(tmp_path)
    assert "online-shopping-first-purchase.en" in found
    assert "buying-a-car.en" not in found and "buying-a-car.ko" not in found
    assert 'buying-a-car.en.json left out: touchpoints[0].stage: unknown key "s99"' in caplog.text
    assert "buying-a-car.ko.json left out" in caplog.text


def test_the_frameworks_come_first_then_the_examples_in_their_order(fixture_examples):
    slugs = list(fixture_examples)
    assert slugs[:6] == [
        "cdj-4.ko",
        "cdj-5.ko",
        "purchase-journey.ko",
        "full-purchase-cycle.ko",
        "dcj.ko",
        "five-as.en",
    ]
    example = fixture_examples["online-shopping-first-purchase.ko"]
    assert (example.industry, example.framework, example.lang) == ("retail", "five-as", "ko")
    assert str(example.name) == "Online shopping: the first purchase"
    assert str(example.industry_label) == "Retail"
    assert str(example.framework_label) == "The five A's"
