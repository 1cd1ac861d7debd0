"""The Korean catalogue is complete, and every string meant for users goes through it.

Two checks: `makemessages` run on a copy of the sources leaves no untranslated or fuzzy entry
in the Korean catalogues (so a newly marked string fails until it is translated), and a scan of
templates and Python finds no text meant for users that is not marked for translation.
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "config",
    "gallery",
    "history",
    "insights",
    "journeys",
    "personas",
    "sharing",
    "touchpoints",
    "workshops",
    "workspaces",
]
SOURCES = [*APPS, "templates", "static", "locale", "manage.py"]

# Text that reads the same in every language (names, formats, symbols).
SAME_IN_EVERY_LANGUAGE = {
    "Journey Map Studio",
    "PDF",
    "CSV",
    "JSON",
    "A4",
    "A3",
    "QR",
    "SVG",
    "PNG",
}


def msgfmt_available():
    return shutil.which("msgfmt") and shutil.which("msgattrib")


@pytest.fixture(scope="module")
def regenerated_catalogues(tmp_path_factory):
    """The Korean catalogues as `make messages` would leave them, made in a copy of the tree."""
    if not msgfmt_available():
        pytest.fail("gettext (msgfmt, msgattrib) is needed: apt-get install gettext")
    copy = tmp_path_factory.mktemp("tree")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "ko", "-d", domain],
            cwd=copy,
            env={
                "DEBUG": "1",
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "config.settings",
            },
            check=True,
            capture_output=True,
        )
    return copy / "locale" / "ko" / "LC_MESSAGES"


def entries(po_file, *flags):
    """msgids of the entries msgattrib selects with the given flags."""
    if not po_file.exists():
        return []
    out = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(po_file)], capture_output=True, text=True, check=True
    ).stdout
    return [m for m in re.findall(r'^msgid "(.*)"$', out, re.M) if m]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_marked_string_has_a_korean_translation(regenerated_catalogues, domain):
    po = regenerated_catalogues / f"{domain}.po"
    missing = entries(po, "--untranslated")
    assert not missing, (
        f"{len(missing)} strings without Korean (run `make messages`): {missing[:20]}"
    )
    fuzzy = entries(po, "--only-fuzzy")
    assert not fuzzy, f"fuzzy Korean entries (check and clear the flag): {fuzzy[:20]}"


def test_the_committed_catalogue_compiles():
    if not msgfmt_available():
        pytest.fail("gettext (msgfmt) is needed: apt-get install gettext")
    for po in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
        subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True, capture_output=True
        )


# --- unmarked text ------------------------------------------------------------------------

TEMPLATE_NOISE = [
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"<script\b.*?</script>", re.S),
    re.compile(r"<style\b.*?</style>", re.S),
    # Blocks that fill in class names (main_class, body_class), not text.
    re.compile(r"{%\s*block\s+\w*class\s*%}.*?{%\s*endblock\s*%}", re.S),
]
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
# Attributes people read or hear (screen readers): their literal text must be translated.
READ_ATTRIBUTES = re.compile(
    r'\b(?:title|placeholder|aria-label|aria-description|alt|data-confirm)="([^"]*)"'
)
HTML_TAG = re.compile(r"<[^>]*>", re.S)
WORD = re.compile(r"[A-Za-z]{2,}")


def readable(text):
    text = TEMPLATE_TAG.sub(" ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    for same in SAME_IN_EVERY_LANGUAGE:
        text = text.replace(same, " ")
    return " ".join(text.split()) if WORD.search(text) else ""


def unmarked_template_text(path):
    source = path.read_text()
    for pattern in TEMPLATE_NOISE:
        source = pattern.sub(" ", source)
    found = [readable(value) for value in READ_ATTRIBUTES.findall(source)]
    found += [readable(text) for text in HTML_TAG.split(source)]
    return [text for text in found if text]


def template_files(area):
    folder = ROOT / area / "templates" if area != "templates" else ROOT / "templates"
    return sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".txt"})


@pytest.mark.parametrize("area", [*APPS, "templates"])
def test_template_text_is_marked_for_translation(area):
    problems = {
        str(path.relative_to(ROOT)): texts
        for path in template_files(area)
        if (texts := unmarked_template_text(path))
    }
    assert not problems, problems


# Calls and keywords whose string arguments reach users.
MESSAGE_CALLS = {
    "ValidationError",
    "HttpResponseBadRequest",
    "HttpResponseForbidden",
    "HttpResponseNotFound",
    "Http404",
    "PermissionDenied",
    "add_error",
    "error",
    "warning",
    "info",
    "success",
    "refuse",
}
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "pgettext_lazy"}
LOGGERS = {"log", "logger", "logging"}  # log lines are for operators, in English
MESSAGE_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
MESSAGE_KEYS = {"placeholder", "aria-label", "title"}


def is_text(node):
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and WORD.search(v.value) for v in node.values)
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(readable(node.value))
    )


def unmarked_python_text(path):
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and any(
            isinstance(call, ast.Call) and getattr(call.func, "id", "") in GETTEXT
            for call in ast.walk(node.value)
        ):
            found.append(node)  # xgettext cannot read a call inside an f-string
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            receiver = getattr(getattr(node.func, "value", None), "id", "")
            if name in MESSAGE_CALLS and receiver not in LOGGERS:
                # add_error(field, error): the field's name is not a message.
                args = node.args[1:] if name == "add_error" else node.args
                found += [arg for arg in args if is_text(arg)]
            found += [
                k.value for k in node.keywords if k.arg in MESSAGE_KEYWORDS and is_text(k.value)
            ]
        elif isinstance(node, ast.Dict):
            found += [
                value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in MESSAGE_KEYS and is_text(value)
            ]
    return [f"line {n.lineno}: {ast.unparse(n)[:80]}" for n in found]


@pytest.mark.parametrize("app", APPS)
def test_python_messages_are_marked_for_translation(app):
    problems = {
        str(path.relative_to(ROOT)): texts
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and (texts := unmarked_python_text(path))
    }
    assert not problems, problems
