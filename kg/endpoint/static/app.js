// The query page: a textarea, the example queries, and fetch() against the endpoint.
// No framework and nothing from a CDN: the page must work offline.
"use strict";

const endpoint = new URL("sparql", document.baseURI).href;
const $ = (id) => document.getElementById(id);
$("endpoint").textContent = endpoint;

async function loadExamples() {
  const response = await fetch(new URL("queries.json", document.baseURI));
  const examples = await response.json();
  for (const example of examples) {
    const option = document.createElement("option");
    option.value = example.name;
    option.textContent = example.title;
    option.dataset.query = example.query;
    option.dataset.description = example.description;
    $("examples").appendChild(option);
  }
}

$("examples").addEventListener("change", (event) => {
  const option = event.target.selectedOptions[0];
  if (!option.value) return;
  $("query").value = option.dataset.query;
  $("description").textContent = option.dataset.description;
});

function shorten(value) {
  const prefixes = {
    "https://w3id.org/dipkg/ontology#": "dip:",
    "https://w3id.org/dipkg/id/": "id:",
  };
  for (const [ns, prefix] of Object.entries(prefixes)) {
    if (value.startsWith(ns)) return prefix + value.slice(ns.length);
  }
  return value;
}

function renderTable(data) {
  const table = document.createElement("table");
  if ("boolean" in data) {
    table.innerHTML = "<tr><th>answer</th></tr>";
    const row = table.insertRow();
    row.insertCell().textContent = String(data.boolean);
    return table;
  }
  const head = table.createTHead().insertRow();
  for (const variable of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = "?" + variable;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const variable of data.head.vars) {
      const cell = row.insertCell();
      const term = binding[variable];
      if (!term) continue;
      cell.textContent = term.type === "uri" ? shorten(term.value) : term.value;  // textContent: never HTML
      if (term.type === "uri") cell.title = term.value;
    }
  }
  return table;
}

async function run() {
  const format = $("format").value;
  const accept = format === "table" ? "application/sparql-results+json, text/turtle;q=0.9" : format;
  $("status").textContent = "running…";
  $("status").className = "";
  $("results").replaceChildren();
  const started = performance.now();
  history.replaceState(null, "", "?query=" + encodeURIComponent($("query").value));
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: accept },
      body: $("query").value,
    });
    const text = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      $("status").textContent = `${response.status} ${response.statusText}: ${text}`;
      $("status").className = "error";
      return;
    }
    const type = response.headers.get("content-type") || "";
    if (format === "table" && type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(text);
      const count = "boolean" in data ? "" : `${data.results.bindings.length} row(s), `;
      $("status").textContent = `${count}${seconds} s`;
      $("results").appendChild(renderTable(data));
    } else {
      $("status").textContent = `${type}, ${seconds} s`;
      const pre = document.createElement("pre");
      pre.textContent = text;
      $("results").appendChild(pre);
    }
  } catch (error) {
    $("status").textContent = `request failed: ${error}`;
    $("status").className = "error";
  }
}

$("run").addEventListener("click", run);
$("query").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run();
  }
});
// A shared link (…/?query=…) opens with its query; otherwise with the first example, run at once.
loadExamples().then(() => {
  const shared = new URLSearchParams(location.search).get("query");
  if (shared) {
    $("query").value = shared;
  } else {
    $("examples").value = "who-met-whom";
    $("examples").dispatchEvent(new Event("change"));
  }
  run();
});
