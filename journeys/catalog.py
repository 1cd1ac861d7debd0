"""Map templates: interchange documents shipped in journeys/map_templates/."""

import json
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "map_templates"
DEMO_MAP = Path(__file__).resolve().parent / "demo" / "guitar-purchase.ko.json"


@cache
def templates():
    """{slug: document}, in the order of their file names (1-..., 2-...)."""
    return {
        path.stem.split("-", 1)[1]: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(TEMPLATES_DIR.glob("*.json"))
    }
