/* charts/index.html: colour the world map by activities under the chosen theme, year and
   standard (the same records as the activity browser), list what the map cannot show. */
(function () {
  "use strict";
  var D = window.CCPJ_ACTIVITIES;
  var facet = {};
  D.facets.forEach(function (f) { facet[f.key] = f; });
  var steps = JSON.parse(document.getElementById("map-steps").textContent);
  var form = document.getElementById("map-filters");
  var paths = {};
  Array.prototype.forEach.call(document.querySelectorAll("#world-map path[data-code]"), function (p) {
    paths[p.getAttribute("data-code")] = p;
    p.setAttribute("data-name", p.querySelector("title").textContent);
  });

  function fill(select, key) {
    var values = facet[key].values.map(function (v, i) { return { v: v, i: i }; });
    values.sort(function (a, b) {
      return key === "year" ? b.v.key.localeCompare(a.v.key) : a.v.label.localeCompare(b.v.label);
    });
    values.forEach(function (x) {
      var o = document.createElement("option");
      o.value = x.v.key; o.textContent = x.v.label;
      select.appendChild(o);
    });
  }
  ["theme", "year", "standard"].forEach(function (k) { fill(form.elements[k], k); });
  var params = new URLSearchParams(window.location.search);
  ["theme", "year", "standard"].forEach(function (k) {
    if (params.get(k)) form.elements[k].value = params.get(k);
  });

  function colour(n) {
    var c = "#e4e4e4";
    steps.forEach(function (s) { if (n >= s[0]) c = s[1]; });
    return c;
  }

  function chosen(key) {
    var value = form.elements[key].value;
    return value ? facet[key].values.map(function (v) { return v.key; }).indexOf(value) : -1;
  }

  function update() {
    var want = { theme: chosen("theme"), year: chosen("year"), standard: chosen("standard") };
    var counts = {};
    D.activities.forEach(function (a) {
      for (var k in want) { if (want[k] >= 0 && a[k].indexOf(want[k]) < 0) return; }
      a.country.forEach(function (c) { counts[c] = (counts[c] || 0) + 1; });
    });
    var byCode = {};
    var rows = [];
    var missing = [];
    Object.keys(counts).forEach(function (c) {
      var v = facet.country.values[c];
      byCode[v.code] = counts[c];
      rows.push({ v: v, n: counts[c] });
      if (!paths[v.code]) missing.push(v.label);
    });
    Object.keys(paths).forEach(function (code) {
      var n = byCode[code] || 0, p = paths[code];
      p.setAttribute("fill", colour(n));
      p.querySelector("title").textContent = p.getAttribute("data-name") + ": " + n + (n === 1 ? " activity" : " activities");
    });
    rows.sort(function (a, b) { return b.n - a.n || a.v.label.localeCompare(b.v.label); });
    var body = document.querySelector("#map-table tbody");
    body.innerHTML = "";
    rows.forEach(function (r) {
      var tr = document.createElement("tr"), td = document.createElement("td"), a = document.createElement("a");
      a.href = r.v.href; a.textContent = r.v.label; td.appendChild(a); tr.appendChild(td);
      var n = document.createElement("td"); n.className = "n"; n.textContent = String(r.n); tr.appendChild(n);
      body.appendChild(tr);
    });
    document.getElementById("map-status").textContent = rows.length + " countries";
    missing.sort();
    document.getElementById("map-missing").textContent = missing.length
      ? "Not drawn at this scale (no outline in the 1:110m atlas): " + missing.join(", ") + "."
      : "Every country with activities under these filters is drawn.";
    var q = new URLSearchParams();
    ["theme", "year", "standard"].forEach(function (k) { if (form.elements[k].value) q.set(k, form.elements[k].value); });
    try { history.replaceState(null, "", q.toString() ? "?" + q : window.location.pathname); } catch (e) { /* read from disk */ }
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  update();
})();
