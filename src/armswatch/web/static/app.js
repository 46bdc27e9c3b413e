// armswatch dashboard: shared behaviour. No inline scripts (the CSP forbids them); no innerHTML.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Flows: hovering a pair row highlights its edge on the map, and the other way round.
  const rows = document.querySelectorAll("#pairs-table tr[data-pair]");
  const edges = document.querySelectorAll("#flowmap .edge-link");
  const setHl = (pair, on) => {
    document.querySelectorAll('[data-pair="' + CSS.escape(pair) + '"]').forEach((el) => {
      el.classList.toggle("hl", on);
      const path = el.querySelector && el.querySelector("path.edge");
      if (path) path.classList.toggle("hl", on);
    });
  };
  [...rows, ...edges].forEach((el) => {
    el.addEventListener("mouseenter", () => setHl(el.dataset.pair, true));
    el.addEventListener("mouseleave", () => setHl(el.dataset.pair, false));
  });
  // Filter forms: drop empty fields so shared links stay short.
  document.querySelectorAll("form.filters").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("input, select").forEach((f) => { if (!f.value) f.disabled = true; });
    });
  });
});
