/* browse/index.html: filter activities by facets, counts per value, state in the URL, CSV. */
(function () {
  "use strict";
  var D = window.CCPJ_ACTIVITIES;
  var facets = D.facets;
  var acts = D.activities;
  var byKey = {};
  facets.forEach(function (f) {
    byKey[f.key] = f;
    f.index = {};
    f.values.forEach(function (v, i) { f.index[v.key] = i; });
  });
  var state = {};
  var problems = [];
  var shown = 100;
  var csvUrl = null;

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    problems = [];
    facets.forEach(function (f) {
      state[f.key] = new Set();
      params.getAll(f.key).forEach(function (raw) {
        raw.split(",").forEach(function (value) {
          value = value.trim();
          if (!value) return;
          if (Object.prototype.hasOwnProperty.call(f.index, value)) state[f.key].add(f.index[value]);
          else problems.push(f.label + ": no value “" + value + "”");
        });
      });
    });
    params.forEach(function (_, name) {
      if (!byKey[name]) problems.push("unknown filter “" + name + "”");
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    facets.forEach(function (f) {
      Array.from(state[f.key]).sort(function (a, b) { return a - b; }).forEach(function (i) {
        params.append(f.key, f.values[i].key);
      });
    });
    var text = params.toString();
    try {
      history.replaceState(null, "", text ? "?" + text : window.location.pathname);
    } catch (e) { /* some browsers refuse for pages read from disk: the filters still work */ }
  }

  function valuesOf(a, key) {
    if (key === "org") {
      var roles = state.role;
      return a.partners.filter(function (p) { return !roles.size || roles.has(p[1]); })
        .map(function (p) { return p[0]; });
    }
    if (key === "role") {
      var orgs = state.org;
      return a.partners.filter(function (p) { return p[1] >= 0 && (!orgs.size || orgs.has(p[0])); })
        .map(function (p) { return p[1]; });
    }
    return a[key];
  }

  function matches(a, key) {
    var selected = state[key];
    if (!selected.size) return true;
    return valuesOf(a, key).some(function (v) { return selected.has(v); });
  }

  function filtered(except) {
    if (problems.length) return [];
    return acts.filter(function (a) {
      return facets.every(function (f) { return f.key === except || matches(a, f.key); });
    });
  }

  function label(facet, i) { return i >= 0 ? byKey[facet].values[i].label : ""; }

  function renderFacets() {
    facets.forEach(function (f) {
      var works = {};  // value -> the distinct work (same-work representatives) it covers
      filtered(f.key).forEach(function (a) {
        valuesOf(a, f.key).forEach(function (v) { (works[v] = works[v] || new Set()).add(a.w); });
      });
      var counts = {};
      Object.keys(works).forEach(function (v) { counts[v] = works[v].size; });
      var items = f.values.map(function (v, i) { return i; }).filter(function (i) {
        return counts[i] || state[f.key].has(i);
      });
      items.sort(function (x, y) {
        var sx = state[f.key].has(x) ? 0 : 1, sy = state[f.key].has(y) ? 0 : 1;
        if (sx !== sy) return sx - sy;
        if (f.key === "year") return f.values[y].key.localeCompare(f.values[x].key);
        return (counts[y] || 0) - (counts[x] || 0) ||
          f.values[x].label.localeCompare(f.values[y].label);
      });
      var box = document.querySelector('fieldset[data-facet="' + f.key + '"]');
      var legend = box.querySelector("legend");
      box.innerHTML = "";
      box.appendChild(legend);
      if (!items.length) {
        var none = document.createElement("p");
        none.className = "empty";
        none.textContent = "none";
        box.appendChild(none);
      }
      items.forEach(function (i) {
        var id = "f-" + f.key + "-" + i;
        var input = document.createElement("input");
        input.type = "checkbox";
        input.id = id;
        input.value = f.values[i].key;
        input.checked = state[f.key].has(i);
        input.addEventListener("change", function () {
          if (input.checked) state[f.key].add(i); else state[f.key].delete(i);
          shown = 100;
          update(f.key + "-" + i);
        });
        var lab = document.createElement("label");
        lab.htmlFor = id;
        lab.setAttribute("data-key", f.values[i].key);
        lab.appendChild(input);
        lab.appendChild(document.createTextNode(" " + f.values[i].label + " "));
        var n = document.createElement("span");
        n.className = "n";
        n.textContent = "(" + (counts[i] || 0) + ")";
        lab.appendChild(n);
        box.appendChild(lab);
      });
    });
  }

  function cell(tr, content) {
    var td = document.createElement("td");
    if (typeof content === "string") td.textContent = content; else td.appendChild(content);
    tr.appendChild(td);
  }

  function link(text, href) {
    var a = document.createElement("a");
    a.textContent = text;
    a.href = href;
    return a;
  }

  function partnersText(a) {
    return a.partners.map(function (p) {
      return label("org", p[0]) + (p[1] >= 0 ? " (" + label("role", p[1]) + ")" : "");
    }).join("; ");
  }

  function renderRows(rows) {
    var body = document.querySelector("#browse-results tbody");
    body.innerHTML = "";
    rows.slice(0, shown).forEach(function (a) {
      var tr = document.createElement("tr");
      cell(tr, a.year.map(function (i) { return label("year", i); }).join(""));
      cell(tr, a.type.map(function (i) { return label("type", i); }).join(""));
      var what = document.createElement("div");
      what.appendChild(link(a.q.length > 160 ? a.q.slice(0, 157) + "…" : a.q, a.u));
      cell(tr, what);
      cell(tr, a.country.map(function (i) { return label("country", i); }).join(", "));
      cell(tr, partnersText(a));
      cell(tr, a.src);
      body.appendChild(tr);
    });
    var more = document.getElementById("browse-more");
    more.hidden = rows.length <= shown;
    more.textContent = "Show more (" + (rows.length - Math.min(shown, rows.length)) + " left)";
  }

  // Cells a spreadsheet would run as formulas start with = + - @ (or tab, return): quote them.
  function csvCell(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(rows) {
    var header = ["id", "year", "type", "themes", "countries", "regions", "partners", "standards",
      "report", "paragraph", "citation", "quote", "page"];
    var lines = [header.join(",")];
    rows.forEach(function (a) {
      lines.push([
        a.id,
        a.year.map(function (i) { return label("year", i); }).join(""),
        a.type.map(function (i) { return label("type", i); }).join(""),
        a.themes.map(function (i) { return label("theme", i); }).join("; "),
        a.country.map(function (i) { return label("country", i); }).join("; "),
        a.region.map(function (i) { return label("region", i); }).join("; "),
        partnersText(a),
        a.standard.map(function (i) { return label("standard", i); }).join("; "),
        a.report.map(function (i) { return label("report", i); }).join(""),
        a.para,
        a.cite,
        a.q,
        a.u.replace(/^\.\.\//, "")
      ].map(csvCell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function update(focusKey) {
    writeUrl();
    var rows = filtered(null);
    renderFacets();
    renderRows(rows);
    var status = document.getElementById("browse-status");
    status.textContent = rows.length + " of " + acts.length + " activities";
    var problem = document.getElementById("browse-problem");
    problem.hidden = !problems.length;
    problem.textContent = problems.length
      ? "No activities to show: this address asks for what the data does not have (" +
        problems.join("; ") + "). Clear the filters to start again."
      : "";
    if (csvUrl) URL.revokeObjectURL(csvUrl);
    csvUrl = URL.createObjectURL(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }));
    document.getElementById("browse-csv").href = csvUrl;
    document.getElementById("browse-csv").setAttribute("data-rows", String(rows.length));
    if (focusKey) {
      var again = document.getElementById("f-" + focusKey);
      if (again) again.focus();
    }
  }

  window.ccpjBrowse = {
    csv: function () { return csv(filtered(null)); },
    counts: function (key) {
      var works = {};
      filtered(key).forEach(function (a) {
        valuesOf(a, key).forEach(function (v) {
          var k = byKey[key].values[v].key;
          (works[k] = works[k] || new Set()).add(a.w);
        });
      });
      var out = {};
      Object.keys(works).forEach(function (k) { out[k] = works[k].size; });
      return out;
    }
  };

  document.getElementById("browse-clear").addEventListener("click", function () {
    facets.forEach(function (f) { state[f.key] = new Set(); });
    problems = [];
    shown = 100;
    update();
  });
  document.getElementById("browse-more").addEventListener("click", function () {
    shown += 100;
    renderRows(filtered(null));
  });
  readUrl();
  update();
})();
