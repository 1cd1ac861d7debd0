// The map editor: keyboard shortcuts of the inline forms, drag and drop, small status messages.
// Everything else is htmx attributes in the server's markup. The messages go through gettext()
// of Django's JavaScript catalog (base.html loads it first; locale/*/LC_MESSAGES/djangojs.po).
(function () {
  "use strict";

  function editor() {
    return document.getElementById("editor");
  }

  function status(text) {
    var el = document.getElementById("editor-status");
    if (el) el.textContent = text;
  }

  // Values every request from the page carries: the persona the grid is filtered to.
  function withFilter(values) {
    var ed = editor();
    if (ed && ed.dataset.personaFilter) values.persona_filter = ed.dataset.personaFilter;
    return values;
  }

  function post(url, values) {
    return htmx.ajax("POST", url, { target: "#grid", swap: "outerHTML", values: withFilter(values) });
  }

  function ids(container, selector) {
    return Array.prototype.map
      .call(container.querySelectorAll(":scope > " + selector), function (el) {
        return el.dataset.id;
      })
      .join(",");
  }

  // Enter saves (Shift+Enter is a new line in text areas); Escape cancels (static/js/forms.js).
  // Enter while an input method composes Korean text belongs to the input method.
  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form[data-inline]");
    if (
      form &&
      event.key === "Enter" &&
      !event.shiftKey &&
      !event.isComposing &&
      event.target.tagName === "TEXTAREA"
    ) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // "Keep it" in the delete dialog just closes it (a link without JavaScript) and gives focus
  // back to the delete button that asked.
  var asker = null;
  document.addEventListener("click", function (event) {
    var del = event.target.closest("button.delete");
    if (del) asker = del;
    var cancel = event.target.closest("#dialog [data-cancel]");
    if (!cancel) return;
    event.preventDefault();
    document.getElementById("dialog").innerHTML = "";
    if (asker && document.body.contains(asker)) asker.focus();
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status >= 300) return;
    // A confirmed delete closes the dialog.
    if (elt.closest && elt.closest("#dialog")) document.getElementById("dialog").innerHTML = "";
    // An add form stays open for the next card, empty.
    if (elt.matches && elt.matches("form[data-reset]") && document.body.contains(elt)) {
      elt.reset();
      var field = elt.querySelector("textarea, input:not([type=hidden])");
      if (field) field.focus();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr && event.detail.xhr.status === 409 && target && target.id !== "editor-status") {
      status(gettext("Someone else changed this map. You now see their version; nothing of yours was overwritten."));
    } else if (target && target.id === "dialog") {
      var first = target.querySelector("[autofocus], button");
      if (first) first.focus();
    }
  });

  // aria-busy while a request is out: assistive technology waits, and so can tests.
  var pending = 0;
  function busy(delta) {
    pending = Math.max(0, pending + delta);
    var ed = editor();
    if (!ed) return;
    if (pending) ed.setAttribute("aria-busy", "true");
    else ed.removeAttribute("aria-busy");
  }
  // Counted on the request itself: htmx's later events fire on elements the swap may have
  // removed, and those never reach the document.
  document.addEventListener("htmx:beforeRequest", function (event) {
    busy(1);
    event.detail.xhr.addEventListener("loadend", function () {
      setTimeout(function () {
        busy(-1);
      }, 30); // after htmx has swapped and settled the answer
    });
  });

  // Saving or cancelling an inline form puts focus on what replaced it (the item's edit link),
  // not back at the top of the page.
  var closedFormId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var inline =
      target && target.matches && (target.matches("form[data-inline]") || target.querySelector("form[data-inline]"));
    // Only set, never cleared here: the curve's redraw swaps in between.
    if (inline && target.id && target.contains(document.activeElement)) closedFormId = target.id;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var replaced = closedFormId && document.getElementById(closedFormId);
    if (!replaced || document.activeElement !== document.body) return;
    closedFormId = null;
    if (replaced.matches("form, .editing")) return; // still open (invalid input): htmx keeps its focus
    var link = replaced.querySelector('a[hx-get$="/edit/"]') || replaced.querySelector("a[href], button");
    if (link) link.focus();
  });

  // Keyboard moves redraw the grid: keep focus on the same control (ids are stable). Several
  // swaps may follow one another (grid, then curve), so remember until focus is back.
  var focusId = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    if (active && active.id && active !== document.body) focusId = active.id;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (!focusId || (active && active !== document.body)) return;
    var again = document.getElementById(focusId);
    if (again) again.focus();
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.id !== focusId) focusId = null; // the user moved on
  });

  document.addEventListener("htmx:responseError", function (event) {
    var code = event.detail.xhr ? event.detail.xhr.status : "";
    status(
      code === 404
        ? gettext("That item no longer exists; reload the page to see the map as it is now.")
        : code === 503 // busy map (journeys/middleware.py) or a database away (config/unavailable.py)
          ? gettext("Your change could not be saved just now: the map is busy or the database is briefly unavailable. Try again in a few seconds.")
          : interpolate(gettext("Could not save (error %(code)s). Reload the page and try again."), { code: code }, true)
    );
  });
  document.addEventListener("htmx:sendError", function () {
    status(gettext("No connection to the server. Your change was not saved."));
  });

  // Drag and drop. SortableJS's fallback (mouse events instead of native drag) behaves the
  // same with a mouse, a pen, a finger and a test driver.
  var common = {
    animation: 150,
    forceFallback: true,
    fallbackTolerance: 4,
    ghostClass: "drag-ghost",
    onStart: function () {
      document.body.classList.add("dragging");
    },
  };

  function sortable(el) {
    if (el._sortable) return;
    var kind = el.dataset.sortable;
    var options;
    if (kind === "stages") {
      options = {
        draggable: ".stage-head",
        handle: ".drag-handle",
        onEnd: function (evt) {
          if (evt.oldIndex !== evt.newIndex) post(el.dataset.url, { ids: ids(el, ".stage-head") });
        },
      };
    } else if (kind === "lanes") {
      options = {
        draggable: ".lane-row",
        handle: ".lane-drag",
        onEnd: function (evt) {
          if (evt.oldIndex !== evt.newIndex) post(el.dataset.url, { ids: ids(el, ".lane-row") });
        },
      };
    } else if (kind === "cards" || kind === "touchpoints") {
      var item = kind === "cards" ? ".card" : ".tp-item";
      var data = editor().dataset;
      var url = kind === "cards" ? data.cardReorderUrl : data.touchpointReorderUrl;
      options = {
        group: kind,
        draggable: item,
        filter: "input, textarea, select, button, .editing",
        preventOnFilter: false,
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) return;
          post(url, {
            stage: evt.to.dataset.stage,
            lane: evt.to.dataset.lane,
            ids: ids(evt.to, item),
          });
        },
      };
    } else {
      return;
    }
    var onEnd = options.onEnd;
    options.onEnd = function (evt) {
      document.body.classList.remove("dragging");
      onEnd(evt);
    };
    el._sortable = Sortable.create(el, Object.assign({}, common, options));
  }

  // Lists that a swap removes must stop taking drops (SortableJS keeps every instance).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.querySelectorAll) return;
    var lists = Array.prototype.slice.call(target.querySelectorAll("[data-sortable]"));
    if (target.matches("[data-sortable]")) lists.push(target);
    lists.forEach(function (el) {
      if (el._sortable) {
        el._sortable.destroy();
        el._sortable = null;
      }
    });
  });

  // The live view (static/js/live.js) swaps in a fresh grid when someone else changes the map.
  var liveFocusId = null;
  document.addEventListener("live:before-refresh", function (event) {
    var active = document.activeElement;
    liveFocusId = active && active.id && event.target.contains(active) ? active.id : null;
    event.target.querySelectorAll("[data-sortable]").forEach(function (el) {
      if (el._sortable) {
        el._sortable.destroy();
        el._sortable = null;
      }
    });
  });
  document.addEventListener("live:refreshed", function (event) {
    init(event.target);
    var again = liveFocusId && document.getElementById(liveFocusId);
    if (again) again.focus();
    liveFocusId = null;
  });

  function init(root) {
    if (typeof Sortable === "undefined") return;
    if (root.matches && root.matches("[data-sortable]")) sortable(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-sortable]").forEach(sortable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    htmx.onLoad(init);
    init(document.body);
  });

  // Undo and redo (history/): Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) press the action bar's
  // buttons, except where a field is being typed in (there they undo the typing).
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.isComposing) return;
    var key = event.key.toLowerCase();
    if (key !== "z" && key !== "y") return;
    var t = event.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    var button = document.getElementById(key === "y" || event.shiftKey ? "redo-button" : "undo-button");
    if (!button) return;
    event.preventDefault();
    button.click();
  });
  document.body.addEventListener("history-step", function (event) {
    status(event.detail.message);
  });
  // A version saved from the menu: the answer is the status line; close the menu.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("form[data-version-form]") && event.detail.successful) {
      form.reset();
      form.closest("details").removeAttribute("open");
    }
  });
})();
