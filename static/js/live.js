// Live updates for any page of a map (editor, projector, workshop panel).
//
// Markup: an element with hx-ext="sse", sse-connect="<events URL>", data-live-url="<fragment URL>"
// and data-live-target="<selector>", holding <span hidden hx-trigger="sse:change"></span>.
// A change whose event carries the pieces it touched ("ops": elements by id with their fresh
// HTML, journeys/pieces.py) is shown by swapping those in; any other change (or a piece that
// cannot go in now) fetches the fragment again and swaps it into the target. Neither happens
// over someone working in a form: then the refresh waits until the form is closed.
(function () {
  "use strict";

  // Reconnects that htmx makes with a new EventSource carry the last id seen, like the
  // browser's own reconnects do with the Last-Event-ID header: nothing is missed.
  const lastIds = {};
  htmx.createEventSource = function (url) {
    const address = new URL(url, window.location.href);
    const key = address.pathname;
    if (lastIds[key]) address.searchParams.set("last_event_id", lastIds[key]);
    const shared = sharedStreams();
    const source = shared
      ? new SharedSource(shared, address.pathname + address.search)
      : new EventSource(address.toString(), { withCredentials: true });
    source.addEventListener("change", function (e) {
      if (e.lastEventId) lastIds[key] = e.lastEventId;
    });
    return source;
  };

  // One stream for all the tabs of the browser (static/js/live-worker.js), where the page
  // offers it (data-live-shared: the shared endpoint; data-live-worker: the worker script)
  // and the browser can (SharedWorker; not on Android, where a phone has one tab anyway).
  let worker = null;
  let nextId = 0;
  const sources = {};
  function sharedStreams() {
    const box = document.querySelector("[data-live-shared][data-live-worker]");
    if (!box || typeof SharedWorker === "undefined") return null;
    if (!worker) {
      try {
        worker = new SharedWorker(box.dataset.liveWorker, { name: "live" });
      } catch (error) {
        return null;
      }
      worker.port.onmessage = function (message) {
        const source = sources[message.data.id];
        if (source) source.receive(message.data);
      };
      worker.port.start();
      window.addEventListener("pagehide", function () { worker.port.postMessage({ type: "bye" }); });
      window.addEventListener("pageshow", function (event) {
        if (!event.persisted) return; // back from the back-forward cache: ask again
        Object.keys(sources).forEach(function (id) { sources[id].ask(); });
      });
    }
    return { endpoint: box.dataset.liveShared, port: worker.port };
  }

  // What htmx's SSE extension needs of an EventSource, fed by the worker.
  function SharedSource(shared, url) {
    this.id = ++nextId;
    this.url = url;
    this.shared = shared;
    this.readyState = 0; // CONNECTING
    this.onopen = null;
    this.onerror = null;
    this.listeners = {};
    sources[this.id] = this;
    this.ask();
  }
  SharedSource.prototype.ask = function () {
    this.shared.port.postMessage({ type: "open", id: this.id, url: this.url, endpoint: this.shared.endpoint });
  };
  SharedSource.prototype.addEventListener = function (name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
  };
  SharedSource.prototype.removeEventListener = function (name, listener) {
    this.listeners[name] = (this.listeners[name] || []).filter(function (l) { return l !== listener; });
  };
  SharedSource.prototype.close = function () {
    if (this.readyState === 2) return;
    this.readyState = 2; // CLOSED
    delete sources[this.id];
    this.shared.port.postMessage({ type: "close", id: this.id });
  };
  SharedSource.prototype.receive = function (message) {
    if (message.type === "open") {
      this.readyState = 1;
      if (this.onopen) this.onopen({ type: "open" });
    } else if (message.type === "change") {
      const event = { type: "change", data: message.data, lastEventId: message.lastEventId };
      (this.listeners.change || []).forEach(function (listener) { listener(event); });
    } else if (message.type === "error") {
      this.readyState = 0; // the worker reconnects
      if (this.onerror) this.onerror({ type: "error" });
    } else if (message.type === "gone") {
      this.close(); // htmx's extension opens it again later, or gives up with the page
      if (this.onerror) this.onerror({ type: "error" });
    }
  };

  // Open inline editors (the editor marks them), open <details> with a form, explicit holds,
  // a drag in progress (Sortable's chosen item), a request of the target's own in flight.
  // (A form marked data-live-free holds only buttons: a phone's vote buttons.)
  const HOLD = "form[data-inline], .editing, details[open] form:not([data-live-free]), [data-live-hold], " +
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
    // <details> someone opened or closed stay so (by id).
    const opened = {};
    target.querySelectorAll("details[id]").forEach(function (d) { opened[d.id] = d.open; });
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    template.content.querySelectorAll("details[id]").forEach(function (d) {
      if (d.id in opened) d.open = opened[d.id];
    });
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

  // The page's CSRF token (base.html sends it with every htmx request): pieces are drawn for
  // every viewer alike, with an empty token field, and get the page's own here.
  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // Holds for the whole target: a drag, or a request of the page's own that will swap in
  // a part of it (its answer may be older than a piece; the curve redraw is not such).
  function held(target) {
    if (target.querySelector(".sortable-chosen")) return true;
    for (const el of target.querySelectorAll(".htmx-request")) if (el.id !== "curve") return true;
    return false;
  }

  // Swap one piece in; false when it cannot go in now (busy, or not on this page).
  function applyPiece(op) {
    const old = document.getElementById(op.id);
    if (!op.html) {
      if (old && busy(old)) return false;
      if (old) old.remove();
      return true;
    }
    if (!old || busy(old)) return false;
    const template = document.createElement("template");
    template.innerHTML = op.html.trim();
    const fresh = template.content.firstElementChild;
    // What the piece holds that is elsewhere on the page now (a card dragged in from another
    // cell) goes from there.
    const moved = [];
    for (const node of fresh.querySelectorAll("[id]")) {
      const other = document.getElementById(node.id);
      if (other && !old.contains(other)) {
        if (busy(other)) return false;
        moved.push(other.closest(".tp-item") || other);
      }
    }
    const token = csrfToken();
    fresh.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) { input.value = token; });
    const detail = {};
    old.dispatchEvent(new CustomEvent("live:before-refresh", { bubbles: true, detail: detail }));
    moved.forEach(function (el) { el.remove(); });
    old.replaceWith(fresh);
    htmx.process(fresh);
    fresh.dispatchEvent(new CustomEvent("live:refreshed", { bubbles: true, detail: detail }));
    return true;
  }

  function Live(box) {
    this.box = box;
    this.url = box.dataset.liveUrl;
    this.selector = box.dataset.liveTarget;
    this.waiting = false; // a change arrived; refresh when the target is free
    this.pending = new Set(); // ids of the changes waiting to be shown
    this.pieces = []; // [change id, ops] of changes that came with their pieces
    this.loading = false;
    this.again = false;
    this.timer = null;
    this.poll = null;
  }

  // `id`: the change's event id; without one (a retry), the refresh is never skipped.
  // `ops`: the pieces the change touched, when its event carries them.
  Live.prototype.changed = function (id, ops) {
    if (id && Array.isArray(ops)) {
      this.pieces.push([id, ops]);
    } else {
      this.pending.add(id || "unknown");
      this.waiting = true;
    }
    // A burst of changes, one fetch: the first change sets the timer, the rest join it. A page
    // may wait longer (data-live-delay, ms): a phone fetches at most that often.
    if (this.timer) return;
    const self = this;
    this.timer = setTimeout(function () {
      self.timer = null;
      self.refresh();
    }, Number(this.box.dataset.liveDelay) || 40);
  };

  // Swap in the pieces of others' changes; a change whose pieces cannot all go in now is
  // left to a whole refresh (when the target is free: the refresh reads what is current).
  Live.prototype.showPieces = function (target) {
    const waiting = this.pieces;
    this.pieces = [];
    for (const [id, ops] of waiting) {
      if (ownChanges.has(id)) continue;
      if (this.waiting || this.loading || held(target) || !ops.every(applyPiece)) {
        this.pending.add(id);
        this.waiting = true;
      }
    }
  };

  Live.prototype.refresh = function () {
    const target = document.querySelector(this.selector);
    if (!target) return;
    if (this.pieces.length) this.showPieces(target);
    if (!this.waiting) return;
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
        // Gone (a workshop that ended) or no longer allowed (a removed participant): the page
        // itself says why.
        if (response.status === 410 || response.status === 403) window.location.reload();
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
    if (!live) return;
    let ops = null;
    try {
      ops = JSON.parse(e.detail.data).ops;
    } catch (error) {
      ops = null;
    }
    live.changed(e.detail && e.detail.lastEventId, ops);
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
