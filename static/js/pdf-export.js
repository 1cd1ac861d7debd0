// PDF export with a busy state: a link or form marked data-pdf-export fetches the PDF itself,
// says "Preparing PDF…" (its data-busy-label) when the export takes more than a second, then
// hands the file to the browser as a download. Without JavaScript the link or form is a plain
// download. An answer that is not a PDF (too large, busy, bad option) is opened as a page, so
// the server's message and what to do instead show as they would without JavaScript.
(function () {
  "use strict";

  var BUSY_AFTER_MS = 1000;

  function announce(text) {
    var el = document.querySelector("[data-pdf-export-status]");
    if (el) el.textContent = text;
  }

  function setBusy(control, label, on) {
    if (on) {
      control.dataset.idleLabel = control.textContent;
      control.textContent = label;
      control.classList.add("pdf-busy");
      control.setAttribute("aria-busy", "true");
      announce(label);
    } else if (control.classList.contains("pdf-busy")) {
      control.textContent = control.dataset.idleLabel;
      control.classList.remove("pdf-busy");
      control.removeAttribute("aria-busy");
      announce("");
    }
  }

  // The file name the server gave (Content-Disposition), else the last part of the URL.
  function fileName(response, url) {
    var header = response.headers.get("Content-Disposition") || "";
    var encoded = /filename\*=utf-8''([^;]+)/i.exec(header);
    if (encoded) return decodeURIComponent(encoded[1]);
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : new URL(url).pathname.split("/").pop();
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 60000);
  }

  function exportPdf(url, control, label) {
    if (control.dataset.exporting) return; // one export per control at a time
    control.dataset.exporting = "1";
    var timer = setTimeout(function () {
      setBusy(control, label, true);
    }, BUSY_AFTER_MS);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/pdf") !== 0) {
          window.location.assign(url);
          return;
        }
        return response.blob().then(function (blob) {
          save(blob, fileName(response, url));
        });
      })
      .catch(function () {
        window.location.assign(url);
      })
      .finally(function () {
        clearTimeout(timer);
        setBusy(control, label, false);
        delete control.dataset.exporting;
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-pdf-export]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // new tab
    event.preventDefault();
    exportPdf(link.href, link, link.dataset.busyLabel);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-pdf-export]");
    if (!form || event.defaultPrevented) return;
    event.preventDefault();
    var url = new URL(form.action, window.location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    var button = form.querySelector("[type=submit]") || form;
    exportPdf(url.href, button, form.dataset.busyLabel);
  });
})();
