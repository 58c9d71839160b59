// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="Question?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // <button data-print> prints the page (kits and packets are made for paper too).
  document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-print]")) { window.print(); }
  });

  // Close an open dropdown menu when clicking elsewhere or pressing Escape.
  function closeMenus(except) {
    document.querySelectorAll("details.dropdown[open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target instanceof Element ? event.target.closest("details.dropdown") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeMenus(null); }
  });

  // A table wider than the screen scrolls inside its .table-wrap: make the wrap focusable then,
  // so keyboard users can scroll it too (WCAG 2.1.1); it stays out of the tab order otherwise.
  function markScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) { wrap.setAttribute("tabindex", "0"); }
      else { wrap.removeAttribute("tabindex"); }
    });
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);

  // Live question lint: <div data-lint-for="field_id" data-lint-url="..."> shows findings
  // (only risky topics with data-lint-risks-only: labels are about the question itself).
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  document.querySelectorAll("[data-lint-for]").forEach(function (box) {
    var input = document.getElementById(box.dataset.lintFor);
    if (!input || !window.fetch) { return; }
    var timer = null;
    var risksOnly = box.hasAttribute("data-lint-risks-only");
    function render(findings) {
      box.textContent = "";
      findings.forEach(function (finding) {
        if (risksOnly && finding.severity !== "risk") { return; }
        var line = document.createElement("p");
        line.className = "lint lint-" + finding.severity;
        var title = document.createElement("strong");
        title.textContent = (finding.severity === "risk" ? "Risky topic: " : "Label: ") + finding.topic +
          (finding.matched ? " (“" + finding.matched + "”)" : "") + ". ";
        line.appendChild(title);
        line.appendChild(document.createTextNode(finding.why + (finding.suggestion ? " Try: " + finding.suggestion : "")));
        box.appendChild(line);
      });
    }
    function check() {
      fetch(box.dataset.lintUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrfMeta ? csrfMeta.content : ""},
        body: JSON.stringify({text: input.value, field: box.dataset.lintField || "text"})
      }).then(function (response) { return response.ok ? response.json() : {findings: []}; })
        .then(function (data) { render(data.findings || []); })
        .catch(function () { /* offline: the server checks again on submit */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    });
    if (input.value) { check(); }
  });
})();
