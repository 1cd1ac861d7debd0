// Form behaviour every page shares, kept out of the markup: the Content-Security-Policy runs no
// inline handlers (onsubmit="…", htmx's hx-on:…), so these listen on the document instead.
//
// - <form data-confirm="Question?">: submitting asks first; "Cancel" keeps everything.
// - Escape inside an inline form (form[data-inline], form[data-escape-cancels]) or the
//   editor's dialog presses that form's own Cancel ([data-cancel]); Escape inside an open
//   <details data-escape-closes> (a menu) closes it and puts focus on its summary.
// - <a data-cancel data-remove-form data-focus-after="selector">: Cancel of a form that only
//   exists on the page (a new item's form): it removes the form and puts focus on the selector.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    const form = event.target;
    const question = form.dataset && form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    const scope = event.target.closest("form[data-inline], form[data-escape-cancels], #dialog");
    const cancel = scope && scope.querySelector("[data-cancel]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
      return;
    }
    const menu = event.target.closest("details[data-escape-closes][open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  document.addEventListener("click", function (event) {
    const cancel = event.target.closest && event.target.closest("[data-cancel][data-remove-form]");
    if (!cancel) return;
    event.preventDefault();
    const form = cancel.closest("form");
    if (form) form.remove();
    const next = cancel.dataset.focusAfter && document.querySelector(cancel.dataset.focusAfter);
    if (next) next.focus();
  });
})();
