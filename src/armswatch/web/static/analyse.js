// Paste box: POST the report to /api/v1/documents with the bearer token the user typed.
// The token lives in sessionStorage (this tab only). Results are built with textContent: never innerHTML.
"use strict";
const TOKEN_KEY = "armswatch.apiToken";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
}

function renderResult(box, body) {
  box.replaceChildren();
  const doc = body.document;
  const link = el("a", { href: "/documents/" + encodeURIComponent(doc.id), id: "result-document-link" },
    doc.title || doc.id);
  box.append(el("p", {}, body.created ? "Stored new document " : "Already stored: ", link,
    " — " + body.claims.length + " claim(s), " + body.stories.length + " story update(s)."));
  const table = el("table", { id: "result-claims" });
  table.append(el("thead", {}, el("tr", {}, el("th", {}, "Pair"), el("th", {}, "Status"),
    el("th", {}, "Categories"), el("th", {}, "Systems"), el("th", {}, "Evidence"))));
  const tbody = el("tbody");
  for (const c of body.claims) {
    tbody.append(el("tr", {}, el("td", {}, c.supplier + " → " + c.recipient),
      el("td", {}, el("span", { class: "badge status-" + c.status.replace(/[^a-z]/g, "") }, c.status)),
      el("td", {}, c.categories.join(", ")), el("td", {}, c.systems.join(", ")),
      el("td", { class: "evidence" }, c.evidence)));
  }
  table.append(tbody);
  box.append(table);
  if (body.stories.length) {
    const ul = el("ul", { id: "result-stories" });
    for (const s of body.stories) {
      ul.append(el("li", {}, el("a", { href: "/stories/" + encodeURIComponent(s) }, "story " + s)));
    }
    box.append(ul);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("analyse-form");
  const token = document.getElementById("token");
  const status = document.getElementById("analyse-status");
  const result = document.getElementById("analyse-result");
  token.value = sessionStorage.getItem(TOKEN_KEY) || "";
  token.addEventListener("change", () => sessionStorage.setItem(TOKEN_KEY, token.value));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, token.value);
    const payload = {};
    const text = document.getElementById("text").value;
    const url = document.getElementById("url").value.trim();
    const title = document.getElementById("doc-title-input").value.trim();
    const published = document.getElementById("published").value;
    if (text.trim()) payload.text = text;
    if (url) payload.url = url;
    if (title) payload.title = title;
    if (published) payload.published = published;
    status.className = "";
    status.textContent = "Analysing…";
    result.replaceChildren();
    try {
      const resp = await fetch("/api/v1/documents", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token.value },
        body: JSON.stringify(payload),
        credentials: "omit",
      });
      const body = await resp.json().catch(() => null);
      if (!resp.ok) {
        status.className = "error";
        const err = body && body.error ? body.error.code + " " + body.error.message : "HTTP " + resp.status;
        status.textContent = "Failed (" + resp.status + "): " + err;
        return;
      }
      status.textContent = "Done.";
      renderResult(result, body);
    } catch (e) {
      status.className = "error";
      status.textContent = "Request failed: " + e;
    }
  });
});
