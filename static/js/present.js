// Projector view: fit the map to the screen, step the focus from stage to stage, show the QR.
(function () {
  "use strict";
  const root = document.documentElement;
  let focus = null; // index of the focused stage, or null for the whole map

  function stages() {
    return Array.from(document.querySelectorAll(".p-stage"));
  }

  // Largest type that still fits the screen: a bounded binary search around a size from the
  // screen's dimensions. A map too big even at the smallest size scrolls down, never sideways.
  function setSize(px) {
    root.style.setProperty("--fs", px + "px");
  }
  function fits() {
    return root.scrollHeight <= window.innerHeight + 1 && root.scrollWidth <= window.innerWidth + 1;
  }
  function fit() {
    const base = Math.min(window.innerWidth / 88, window.innerHeight / 46);
    let low = base * 0.45;
    let high = base * 1.7;
    setSize(high);
    if (fits()) return;
    for (let i = 0; i < 12; i++) {
      const mid = (low + high) / 2;
      setSize(mid);
      if (fits()) low = mid;
      else high = mid;
    }
    setSize(low);
  }

  function applyFocus(announce) {
    const box = document.getElementById("present");
    const all = stages();
    if (focus !== null && focus >= all.length) focus = all.length ? all.length - 1 : null;
    box.classList.toggle("focusing", focus !== null);
    box.dataset.focus = focus === null ? "" : String(focus);
    box.style.setProperty("--focus-index", focus === null ? 0 : focus);
    document.querySelectorAll(".p-stage, .p-cell").forEach(function (el) {
      el.classList.toggle("is-focus", focus !== null && el.dataset.stage === String(focus));
    });
    if (announce) {
      const text = focus === null ? gettext("Whole map") : interpolate(
        gettext("Stage %(number)s of %(count)s: %(name)s"),
        { number: focus + 1, count: all.length, name: all[focus].dataset.name },
        true
      );
      document.getElementById("p-announce").textContent = text;
    }
  }

  function step(delta) {
    const count = stages().length;
    if (!count) return;
    if (focus === null) focus = delta > 0 ? 0 : count - 1;
    else focus = Math.min(count - 1, Math.max(0, focus + delta));
    applyFocus(true);
  }

  function showAll() {
    focus = null;
    applyFocus(true);
  }

  function toggleQr(force) {
    const big = document.getElementById("p-qr-big");
    if (!big) return;
    big.hidden = force === undefined ? !big.hidden : !force;
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") { step(1); e.preventDefault(); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { step(-1); e.preventDefault(); }
    else if (e.key === "Escape" || e.key === "0") { toggleQr(false); showAll(); }
    else if (e.key === "q" || e.key === "Q") toggleQr();
    else if (/^[1-9]$/.test(e.key) && Number(e.key) <= stages().length) { focus = Number(e.key) - 1; applyFocus(true); }
  });

  document.addEventListener("click", function (e) {
    const button = e.target.closest("[data-action]");
    if (button) {
      const action = button.dataset.action;
      if (action === "next") step(1);
      else if (action === "prev") step(-1);
      else if (action === "all") showAll();
      else if (action === "qr") toggleQr();
      return;
    }
    if (e.target.closest(".p-qr-big")) toggleQr(false);
    else if (e.target.closest(".p-qr")) toggleQr(true);
  });

  function cardTexts() {
    const texts = {};
    document.querySelectorAll(".p-card").forEach(function (card) { texts[card.id] = card.textContent; });
    return texts;
  }

  // After a live refresh: keep the focus and the QR overlay as they were, flash what is new.
  document.addEventListener("live:before-refresh", function (e) {
    const big = document.getElementById("p-qr-big");
    e.detail.qrWasOpen = !!(big && !big.hidden);
    e.detail.cards = cardTexts();
  });
  document.addEventListener("live:refreshed", function (e) {
    if (e.detail.qrWasOpen) toggleQr(true);
    const before = e.detail.cards || {};
    document.querySelectorAll(".p-card").forEach(function (card) {
      if (before[card.id] !== card.textContent) card.classList.add("just-changed");
    });
    applyFocus(false);
    fit();
  });

  let resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fit, 100);
  });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);
  fit();
  applyFocus(false);
})();
