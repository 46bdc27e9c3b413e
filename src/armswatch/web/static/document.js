// Document page: link highlighted evidence in the text with the claim and role-check cards.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const marks = document.querySelectorAll("#doc-text mark[data-refs]");
  const cards = document.querySelectorAll("[data-ref]");
  const highlight = (ref, on) => {
    marks.forEach((m) => { if (m.dataset.refs.split(" ").includes(ref)) m.classList.toggle("hl", on); });
    const card = document.getElementById(ref);
    if (card) card.classList.toggle("hl", on);
  };
  marks.forEach((m) => {
    const refs = m.dataset.refs.split(" ");
    m.addEventListener("mouseenter", () => refs.forEach((r) => highlight(r, true)));
    m.addEventListener("mouseleave", () => refs.forEach((r) => highlight(r, false)));
    m.addEventListener("click", () => {
      const card = document.getElementById(refs[0]);
      if (card) card.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });
  cards.forEach((c) => {
    c.addEventListener("mouseenter", () => highlight(c.dataset.ref, true));
    c.addEventListener("mouseleave", () => highlight(c.dataset.ref, false));
  });
});
