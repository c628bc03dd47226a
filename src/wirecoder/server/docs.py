"""The API's documentation page: one self-contained HTML page that reads /openapi.json and renders each
endpoint (parameters, body, answers, the shapes) with a form to try it. No script or style comes from elsewhere,
so it works with the network cut (FastAPI's default page loads Swagger UI from a CDN)."""
from __future__ import annotations

import html
import json

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__ API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1050px;padding:1rem 1.5rem;color:#1d2329}
h1{margin:.2rem 0}code,pre,td.n{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.op{border:1px solid #d5dbe1;border-radius:6px;margin:1rem 0;padding:.2rem 1rem .8rem}
.m{display:inline-block;min-width:3.6rem;text-align:center;border-radius:4px;color:#fff;font-weight:600;
padding:1px 6px;margin-right:.5rem}.GET{background:#2f7d32}.POST{background:#1f5fa8}
table{border-collapse:collapse;width:100%;margin:.3rem 0}td,th{border-bottom:1px solid #eceff2;padding:3px 6px;
text-align:left;vertical-align:top}th{font-weight:600;color:#56606a}
pre{background:#f5f7f9;border-radius:4px;padding:.6rem;max-height:24rem;overflow:auto;white-space:pre-wrap}
input,textarea{font:inherit;font-size:13px;padding:2px 4px;width:100%;box-sizing:border-box}
button{font:inherit;padding:3px 12px;margin-top:.4rem;cursor:pointer}.s{color:#6b7680}
nav a{margin-right:.8rem}
</style></head><body>
<h1>__TITLE__ API</h1><p id="desc" class="s"></p><nav id="nav"></nav><div id="ops">Loading the schema...</div>
<h2>Shapes</h2><div id="schemas"></div>
<script>
"use strict";
const SPEC_URL = __SPEC_URL__;
const ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ENTITIES[c]);
const refName = r => r.split("/").pop();
function typeOf(s) {
  if (!s) return "";
  if (s.$ref) return `<a href="#schema-${esc(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`;
  if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.type === "array") return `${typeOf(s.items)}[]`;
  if (s.enum) return s.enum.map(v => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  return esc(s.type || "any");
}
function limits(s) {
  const out = [];
  for (const [k, label] of [["minimum","&ge;"],["maximum","&le;"],["pattern","pattern "]]) {
    if (s && s[k] !== undefined) out.push(`${label}${esc(s[k])}`);
  }
  if (s && s.default !== undefined && s.default !== null) out.push(`default ${esc(JSON.stringify(s.default))}`);
  return out.join(", ");
}
function params(op, id) {
  const ps = op.parameters || [];
  if (!ps.length) return "";
  const rows = ps.map(p => `<tr><td class="n">${esc(p.name)}${p.required ? " *" : ""}</td><td>${esc(p.in)}</td>
    <td>${typeOf(p.schema)}</td><td>${esc(p.description || p.schema?.description || "")}
    <span class="s">${limits(p.schema)}</span></td>
    <td><input data-op="${id}" data-in="${esc(p.in)}" data-name="${esc(p.name)}"
    aria-label="${esc(p.name)}"></td></tr>`);
  const head = "<tr><th>parameter</th><th>in</th><th>type</th><th>meaning</th><th>try with</th></tr>";
  return `<table>${head}${rows.join("")}</table>`;
}
function body(op, id) {
  const rb = op.requestBody;
  if (!rb) return "";
  const s = rb.content?.["application/json"]?.schema;
  return `<p>Body (JSON): ${typeOf(s)}</p><textarea data-op="${id}" data-in="body" rows="4"
    aria-label="request body">{"text": ""}</textarea><label class="s">token (only for writes)
    <input data-op="${id}" data-in="token" type="password"></label>`;
}
function answers(op) {
  return Object.entries(op.responses || {}).map(([code, r]) => {
    const c = r.content || {};
    const s = Object.values(c)[0]?.schema;
    return `<tr><td class="n">${esc(code)}</td><td>${esc(r.description || "")}</td><td>${typeOf(s)}</td>
      <td class="s">${esc(Object.keys(c).join(", "))}</td></tr>`;
  }).join("");
}
async function run(id, method, path) {
  let url = path, headers = {}, init = {method};
  const query = new URLSearchParams();
  for (const el of document.querySelectorAll(`[data-op="${id}"]`)) {
    const v = el.value.trim();
    if (el.dataset.in === "path") url = url.replace(`{${el.dataset.name}}`, encodeURIComponent(v));
    else if (el.dataset.in === "query" && v) query.append(el.dataset.name, v);
    else if (el.dataset.in === "body") { init.body = v; headers["Content-Type"] = "application/json"; }
    else if (el.dataset.in === "token" && v) headers["Authorization"] = "Bearer " + v;
  }
  url = url.replace(/\\{[^}]*\\}/g, "");
  if ([...query].length) url += "?" + query;
  init.headers = headers;
  const out = document.getElementById("out-" + id);
  out.textContent = `${method} ${url} ...`;
  try {
    const resp = await fetch(url, init);
    const text = await resp.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON: show as is */ }
    out.textContent = `${method} ${url}\\n${resp.status} ${resp.statusText}\\n\\n${shown.slice(0, 20000)}`;
  } catch (e) { out.textContent = `${method} ${url}\\nfailed: ${e}`; }
}
function schemas(spec) {
  return Object.entries(spec.components?.schemas || {}).map(([name, s]) => {
    const req = new Set(s.required || []);
    const rows = Object.entries(s.properties || {}).map(([k, p]) =>
      `<tr><td class="n">${esc(k)}${req.has(k) ? " *" : ""}</td>
      <td>${typeOf(p)}</td><td>${esc(p.description || "")}</td></tr>`).join("");
    return `<div class="op" id="schema-${esc(name)}"><h3>${esc(name)}</h3><p class="s">${esc(s.description || "")}</p>
      ${rows ? `<table><tr><th>field</th><th>type</th><th>meaning</th></tr>${rows}</table>` : ""}</div>`;
  }).join("");
}
async function main() {
  const spec = await (await fetch(SPEC_URL)).json();
  document.getElementById("desc").textContent = `${spec.info.description || ""} Version ${spec.info.version}.
    Schema: ${SPEC_URL}`;
  const ops = [], nav = [];
  let n = 0;
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const id = "op" + (n++), M = method.toUpperCase();
      nav.push(`<a href="#${id}">${esc(M)} ${esc(path)}</a>`);
      ops.push(`<div class="op" id="${id}"><h3><span class="m ${esc(M)}">${esc(M)}</span><code>${esc(path)}</code></h3>
        <p>${esc(op.summary || "")}</p><p class="s">${esc(op.description || "")}</p>${params(op, id)}${body(op, id)}
        <table><tr><th>status</th><th>answer</th><th>shape</th><th>type</th></tr>${answers(op)}</table>
        <button data-run="${id}" data-method="${esc(M)}" data-path="${esc(path)}">Send</button>
        <pre id="out-${id}" aria-live="polite"></pre></div>`);
    }
  }
  document.getElementById("nav").innerHTML = nav.join("");
  document.getElementById("ops").innerHTML = ops.join("");
  document.getElementById("schemas").innerHTML = schemas(spec);
  for (const b of document.querySelectorAll("button[data-run]")) {
    b.addEventListener("click", () => run(b.dataset.run, b.dataset.method, b.dataset.path));
  }
}
main().catch(e => { document.getElementById("ops").textContent = "Cannot read the schema: " + e; });
</script></body></html>
"""


def docs_page(title: str, spec_url: str) -> str:
    """The HTML of the docs page for the schema at `spec_url`."""
    return _PAGE.replace("__TITLE__", html.escape(title)).replace("__SPEC_URL__", json.dumps(spec_url))
