// Live updates for any page of a map (editor, projector, workshop panel).
//
// Markup: an element with hx-ext="sse", sse-connect="<events URL>", data-live-url="<fragment URL>"
// and data-live-target="<selector>", holding <span hidden hx-trigger="sse:change"></span>.
// On each change the fragment is fetched again and swapped into the target, but never while
// someone is working in a form inside it: then the refresh waits until the form is closed.
(function () {
  "use strict";

  // Reconnects that htmx makes with a new EventSource carry the last id seen, like the
  // browser's own reconnects do with the Last-Event-ID header: nothing is missed.
  const lastIds = {};
  htmx.createEventSource = function (url) {
    const address = new URL(url, window.location.href);
    const key = address.pathname;
    if (lastIds[key]) address.searchParams.set("last_event_id", lastIds[key]);
    const source = new EventSource(address.toString(), { withCredentials: true });
    source.addEventListener("change", function (e) {
      if (e.lastEventId) lastIds[key] = e.lastEventId;
    });
    return source;
  };

  // Open inline editors (the editor marks them), open <details> with a form, explicit holds,
  // a drag in progress (Sortable's chosen item), a request of the target's own in flight.
  const HOLD = "form[data-inline], .editing, details[open] form, [data-live-hold], " +
    ".sortable-chosen, .htmx-request";

  function shown(el) {
    if (el.closest("details:not([open])")) return false;
    return el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0;
  }

  function busy(target) {
    if (target.querySelector(HOLD)) return true;
    const active = document.activeElement;
    if (active && target.contains(active) && active.matches("input, textarea, select, [contenteditable]")) {
      return true;
    }
    // Typed but not sent in a form still open (shown), even if the focus has moved on.
    for (const field of target.querySelectorAll("textarea, input[type=text], input:not([type])")) {
      if (field.value !== field.defaultValue && shown(field)) return true;
    }
    return false;
  }

  function swap(target, html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const nodes = template.content.children;
    let fresh = target;
    if (nodes.length === 1 && target.id && nodes[0].id === target.id) {
      fresh = nodes[0];
      target.replaceWith(fresh); // the fragment is the target itself (editor grid)
    } else {
      target.replaceChildren(template.content); // the fragment is the target's content
    }
    htmx.process(fresh);
    return fresh;
  }

  function Live(box) {
    this.box = box;
    this.url = box.dataset.liveUrl;
    this.selector = box.dataset.liveTarget;
    this.waiting = false; // a change arrived; refresh when the target is free
    this.pending = new Set(); // ids of the changes waiting to be shown
    this.loading = false;
    this.again = false;
    this.timer = null;
    this.poll = null;
  }

  // `id`: the change's event id; without one (a retry), the refresh is never skipped.
  Live.prototype.changed = function (id) {
    this.pending.add(id || "unknown");
    this.waiting = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.refresh.bind(this), 40); // a burst of changes, one fetch
  };

  Live.prototype.refresh = function () {
    const target = document.querySelector(this.selector);
    if (!this.waiting || !target) return;
    if (this.loading) { this.again = true; return; }
    if (busy(target)) {
      this.box.setAttribute("data-live-waiting", ""); // an update is held back for the form
      // Check again when the form may have closed; a slow poll as a safety net.
      if (!this.poll) this.poll = setInterval(this.refresh.bind(this), 800);
      return;
    }
    clearInterval(this.poll);
    this.poll = null;
    this.box.removeAttribute("data-live-waiting");
    this.waiting = false;
    // The page's own edits are on it already: fetch only for someone else's.
    for (const id of this.pending) if (ownChanges.has(id)) this.pending.delete(id);
    if (this.pending.size === 0) return;
    this.pending.clear();
    this.loading = true;
    const self = this;
    fetch(this.url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        const current = document.querySelector(self.selector);
        if (!current) return;
        if (busy(current)) { self.waiting = true; self.again = true; return; } // typing started meanwhile
        const detail = {};
        current.dispatchEvent(new CustomEvent("live:before-refresh", { bubbles: true, detail: detail }));
        const scroller = current.parentElement;
        const keep = scroller ? [scroller.scrollLeft, scroller.scrollTop] : null;
        const fresh = swap(current, html);
        if (keep) { scroller.scrollLeft = keep[0]; scroller.scrollTop = keep[1]; }
        fresh.dispatchEvent(new CustomEvent("live:refreshed", { bubbles: true, detail: detail }));
      })
      .catch(function () {
        // Server busy or restarting: try again in a moment.
        self.waiting = true;
        self.again = false;
        setTimeout(self.changed.bind(self), 2000);
      })
      .finally(function () {
        self.loading = false;
        if (self.again) { self.again = false; self.changed(); }
      });
  };

  function liveOf(el) {
    const box = el.closest("[data-live-url]");
    if (!box) return null;
    if (!box._live) box._live = new Live(box);
    return box._live;
  }

  function setState(box, text, offline) {
    const state = box.querySelector("[data-live-state]") || document.querySelector("[data-live-state]");
    if (!state) return;
    state.textContent = text;
    state.classList.toggle("offline", offline);
  }

  // Changes this page made itself: their responses name them (HX-Trigger map-changed).
  const ownChanges = new Set();
  document.body.addEventListener("map-changed", function (e) {
    ((e.detail && e.detail.changes) || []).forEach(function (id) { ownChanges.add(String(id)); });
  });

  document.addEventListener("sse:change", function (e) {
    const live = liveOf(e.target);
    if (live) live.changed(e.detail && e.detail.lastEventId);
  });
  document.addEventListener("htmx:sseOpen", function (e) {
    const box = e.target.closest("[data-live-url]");
    if (box) setState(box, gettext("Live"), false);
  });
  document.addEventListener("htmx:sseError", function (e) {
    const box = e.target.closest("[data-live-url]");
    if (box) setState(box, gettext("Reconnecting…"), true);
  });
  // A form closing or losing focus may free a waiting refresh.
  ["focusout", "htmx:afterSettle", "submit", "reset"].forEach(function (name) {
    document.addEventListener(name, function () {
      setTimeout(function () {
        document.querySelectorAll("[data-live-url]").forEach(function (box) {
          if (box._live && box._live.waiting) box._live.refresh();
        });
      }, 0);
    });
  });
})();
