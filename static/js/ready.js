// Marks the page ready (<html data-ready>) once htmx has processed the body and every script of
// the page has bound its handlers. Before that, a click on an htmx link follows the plain link
// (the page without JavaScript): browser tests wait for this mark (tests/browser.py), and so
// can anything else that drives the page. Load it after htmx, deferred, on every page.
(function () {
  "use strict";

  function mark() {
    document.documentElement.setAttribute("data-ready", "");
  }

  if (typeof htmx === "undefined") {
    // No htmx on this page: ready once every deferred script has run its DOMContentLoaded work.
    document.addEventListener("DOMContentLoaded", function () {
      setTimeout(mark, 0);
    });
    return;
  }
  // htmx processes the body on DOMContentLoaded, then fires htmx:load on it in a task of its
  // own: by then every page script's DOMContentLoaded handler has run too.
  document.addEventListener("htmx:load", function first(event) {
    if (event.target !== document.body) return;
    document.removeEventListener("htmx:load", first);
    mark();
  });
})();
