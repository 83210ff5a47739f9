/* sparql/index.html: a CodeMirror editor (SPARQL highlighting), the canned queries as
   examples, and the answer of the site's /sparql endpoint as a table; errors shown inline. */
(function () {
  "use strict";
  var examples = JSON.parse(document.getElementById("sparql-examples").textContent);
  var textarea = document.getElementById("sparql-query");
  var select = document.getElementById("sparql-example");
  var described = document.getElementById("sparql-example-description");
  var status = document.getElementById("sparql-status");
  var errorBox = document.getElementById("sparql-error");
  var table = document.getElementById("sparql-results");
  var offline = document.getElementById("sparql-offline");
  var editor = window.CodeMirror.fromTextArea(textarea, {
    mode: "application/sparql-query", lineNumbers: true, viewportMargin: Infinity,
    extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); } }
  });
  editor.getWrapperElement().setAttribute("aria-label", "SPARQL query editor");

  function endpoint() {
    var path = window.location.pathname;
    if (/\/sparql\/?$/.test(path)) return path.replace(/\/$/, "");
    return path.replace(/\/sparql\/(index\.html)?$/, "/sparql");
  }

  function pick(name) {
    var q = examples.filter(function (e) { return e.name === name; })[0];
    if (!q) return;
    editor.setValue(q.text);
    described.textContent = q.description;
  }
  select.addEventListener("change", function () { pick(select.value); });
  if (examples.length) described.textContent = examples[0].description;

  function showError(text) {
    errorBox.hidden = false;
    errorBox.textContent = text;
  }

  function render(json) {
    var head = table.tHead, body = table.tBodies[0];
    head.innerHTML = ""; body.innerHTML = "";
    if (typeof json.boolean === "boolean") { status.textContent = "Answer: " + json.boolean; return; }
    var vars = json.head.vars, rows = json.results.bindings;
    var tr = document.createElement("tr");
    vars.forEach(function (v) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = v; tr.appendChild(th);
    });
    head.appendChild(tr);
    rows.forEach(function (row) {
      var r = document.createElement("tr");
      vars.forEach(function (v) {
        var td = document.createElement("td"), cell = row[v];
        if (cell && cell.type === "uri") {
          var a = document.createElement("a"); a.href = cell.value; a.textContent = cell.value; td.appendChild(a);
        } else if (cell) { td.textContent = cell.value; }
        r.appendChild(td);
      });
      body.appendChild(r);
    });
    status.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
  }

  function run() {
    errorBox.hidden = true;
    if (!/^https?:$/.test(window.location.protocol)) { offline.hidden = false; return; }
    status.textContent = "Running…";
    var request = new XMLHttpRequest();
    request.open("POST", endpoint());
    request.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
    request.setRequestHeader("Accept", "application/sparql-results+json");
    request.onload = function () {
      if (request.status === 200) {
        try { render(JSON.parse(request.responseText)); }
        catch (e) { status.textContent = ""; showError("The endpoint's answer is not SPARQL JSON: " + e.message); }
      } else if (request.status === 404 || request.status === 405 || request.status === 501) {
        status.textContent = ""; offline.hidden = false;
      } else {
        status.textContent = "";
        showError("Error " + request.status + ": " + (request.responseText || request.statusText).trim());
      }
    };
    request.onerror = function () { status.textContent = ""; offline.hidden = false; };
    request.send("query=" + encodeURIComponent(editor.getValue()));
  }
  document.getElementById("sparql-form").addEventListener("submit", function (e) {
    e.preventDefault(); run();
  });
  if (!/^https?:$/.test(window.location.protocol)) offline.hidden = false;
  // Shareable: ?example=NAME picks a canned query, ?query=TEXT fills the editor, &run runs it.
  var params = new URLSearchParams(window.location.search);
  if (params.get("example")) { select.value = params.get("example"); pick(params.get("example")); }
  if (params.get("query")) editor.setValue(params.get("query"));
  if (params.has("run")) run();
})();
