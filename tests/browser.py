"""What the browser tests share: loading pages, waiting for htmx, finding cells and forms, page
checks.

Fixtures that open pages (logged in or not, screenshots on failure) are in conftest.py; these
are plain functions of a Playwright page, imported by the test files that use them.

Every whole page a test loads goes through `goto` or `follow` (or a fixture that uses them):
they wait until the page is ready (static/js/ready.js marks <html data-ready> once htmx has
processed the body and the page's scripts have bound). A click that comes earlier follows the
plain link: on a busy machine, the page without JavaScript.
"""

from playwright.sync_api import expect


def ready(page):
    """Wait until the page in `page` is ready for clicks and keys (static/js/ready.js)."""
    page.locator("html[data-ready]").wait_for(state="attached")


def goto(page, url):
    """Load `url` (also to reload: `goto(page, page.url)`) and wait until it is ready."""
    page.goto(url)
    ready(page)
    return page


def follow(page, control):
    """Click `control`, a link or a button that loads a whole page (a plain link, a form
    posted without htmx), and wait until the new page is ready: waiting only for something on
    the new page could let the next click land before htmx has taken it over."""
    with page.expect_navigation():
        control.click()
    ready(page)
    return page


def settled(page):
    """No htmx request under way and new content wired up: htmx settles ~20 ms after a swap,
    and until then keys and buttons are not htmx's yet. The editor also marks itself
    aria-busy while a request of its own is out (static/js/editor.js)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-added, .htmx-settling')"
        " && !document.getElementById('editor')?.hasAttribute('aria-busy')"
    )


def open_inline(page, control):
    """Click `control` and wait until the inline form it opens is wired up and has taken the
    focus (htmx focuses [autofocus] as it settles; typing before that could land elsewhere)."""
    control.click()
    settled(page)


def open_form(page, name):
    """The inline form `name`, ready to use."""
    settled(page)
    form = page.get_by_role("form", name=name)
    expect(form).to_be_visible()
    return form


def cell(page, lane_title, stage_name):
    """A cell of the editor's grid, by the name a screen reader gives it."""
    return page.get_by_role("group", name=f"{lane_title} · {stage_name}")


def drag(page, source, target, at=0.5):
    """Drag with the mouse in small steps (SortableJS runs in its mouse-event mode) to `at`
    of the target's height."""
    source.scroll_into_view_if_needed()
    box = source.bounding_box()
    goal = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 8, box["y"] + box["height"] / 2 + 8, steps=4)
    y = goal["y"] + goal["height"] * at
    page.mouse.move(goal["x"] + goal["width"] / 2, y, steps=12)
    page.mouse.move(goal["x"] + goal["width"] / 2, y + 2, steps=2)
    page.mouse.up()


# --- page checks ----------------------------------------------------------------------------

# The accessible name a screen reader would announce, roughly (aria-labelledby, aria-label, a
# <label>, then the text that is not aria-hidden, then title): controls where it comes out empty.
UNNAMED_CONTROLS = """() => {
  const text = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll("[aria-hidden=true]").forEach((hidden) => hidden.remove());
    return copy.textContent;
  };
  const name = (el) => {
    const ids = el.getAttribute("aria-labelledby");
    if (ids) return ids.split(" ").map((id) => text(document.getElementById(id) || el)).join(" ");
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
    if (el.labels && el.labels.length) return Array.from(el.labels).map(text).join(" ");
    if (el.matches("input[type=submit], input[type=button]")) return el.value;
    return text(el) || el.title || "";
  };
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  return Array.from(document.querySelectorAll(selector))
    .filter((el) => !el.closest("[aria-hidden=true]") && el.getClientRects().length)
    .filter((el) => !name(el).trim() || el.tabIndex < 0)
    .map((el) => el.outerHTML.slice(0, 160));
}"""

# References to ids that are not on the page: a description or label a screen reader never reads.
DANGLING_REFERENCES = """() => {
  const refs = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "for"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) refs.push(`${attr}="${id}"`);
      }
    }
  }
  return refs;
}"""

# Ids that stand more than once on the page (two open forms whose fields collide, say).
DUPLICATE_IDS = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return Array.from(seen).filter(([, count]) => count > 1).map(([id]) => id);
}"""


def assert_every_control_named(page):
    """Every visible control of the page has a name and takes focus; every reference resolves."""
    assert page.evaluate(UNNAMED_CONTROLS) == [], page.url
    assert page.evaluate(DANGLING_REFERENCES) == [], page.url


def assert_no_duplicate_ids(page):
    assert page.evaluate(DUPLICATE_IDS) == []
