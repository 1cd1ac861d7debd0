// Layout numbers the markup carries as data- attributes, set as CSS custom properties: the
// Content-Security-Policy allows no style="" attributes, but it does allow styles set from a
// script (CSSOM). data-stages="5" gives the element --stages: 5 (the editor's and the
// projector's grids size their columns by it).
//
// Loaded in <head> without defer, so the observer sees every element as the parser adds it and
// every element a swap adds later (htmx, live updates): the value is there before the first paint.
(function () {
  "use strict";
  const VARS = { stages: "--stages" };
  const selector = Object.keys(VARS)
    .map(function (name) {
      return "[data-" + name + "]";
    })
    .join(",");

  function apply(el) {
    Object.keys(VARS).forEach(function (name) {
      const value = el.dataset[name];
      if (value !== undefined) el.style.setProperty(VARS[name], value);
    });
  }

  function applyWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(selector)) apply(node);
    node.querySelectorAll(selector).forEach(apply);
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") apply(record.target);
      else record.addedNodes.forEach(applyWithin);
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: Object.keys(VARS).map(function (name) {
      return "data-" + name;
    }),
  });
})();
