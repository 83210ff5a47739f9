/* ccpj-graph site: the search box on every page and sortable tables. No network: the search
   index is a script shipped with the site (assets/search-index.js), loaded on first use. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var engine = null;
  var waiting = [];

  function loadScript(src, done) {
    var s = document.createElement("script");
    s.src = root + src;
    s.onload = done;
    s.onerror = function () { done(new Error("cannot load " + src)); };
    document.head.appendChild(s);
  }

  // The same cutting and folding as src/ccpj_graph/publish/search.py used to build the index.
  var OPTIONS = {
    fields: ["label", "acronym", "alt", "text"],
    storeFields: ["t", "a", "k", "u", "n"],
    tokenize: function (text) { return text.split(/[^\p{L}\p{N}]+/u); },
    processTerm: function (term) {
      return term.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }
  };

  function withEngine(callback) {
    if (engine) { callback(engine); return; }
    waiting.push(callback);
    if (waiting.length > 1) return;
    loadScript("assets/vendor/minisearch/minisearch.js", function () {
      loadScript("assets/search-index.js", function () {
        engine = window.MiniSearch.loadJS(window.CCPJ_SEARCH_INDEX, OPTIONS);
        var queue = waiting; waiting = [];
        queue.forEach(function (cb) { cb(engine); });
      });
    });
  }

  function search(ms, query) {
    var options = {
      prefix: function (term) { return term.length > 2; },
      fuzzy: function (term) { return term.length > 3 ? 0.3 : 0; },
      boost: { label: 4, acronym: 5, alt: 3, text: 1 },
      boostDocument: function (id, term, stored) {
        var weight = stored && stored.k.indexOf("Activity") === 0 ? 0.6 : 1;
        return weight * (1 + Math.log(1 + ((stored && stored.n) || 0)) / 4);
      },
      combineWith: "AND"
    };
    var hits = ms.search(query, options);
    if (!hits.length) { options.combineWith = "OR"; hits = ms.search(query, options); }
    // A page named exactly what was typed (or by that acronym) comes first.
    var fold = function (text) { return OPTIONS.tokenize(text).map(OPTIONS.processTerm).join(" ").trim(); };
    var wanted = fold(query);
    var exact = function (hit) {
      return fold(hit.t) === wanted || (hit.a && fold(hit.a) === wanted) ? 1 : 0;
    };
    return hits.map(function (h, i) { return { h: h, i: i, e: exact(h) }; })
      .sort(function (x, y) { return y.e - x.e || x.i - y.i; })
      .map(function (x) { return x.h; });
  }
  window.ccpjSearch = function (query, callback) {
    withEngine(function (ms) { callback(search(ms, query)); });
  };

  function hitLink(hit) {
    var a = document.createElement("a");
    a.href = root + hit.u;
    a.textContent = hit.t + (hit.a ? " (" + hit.a + ")" : "");
    var kind = document.createElement("span");
    kind.className = "hit-kind";
    kind.textContent = hit.k;
    a.appendChild(kind);
    return a;
  }
  window.ccpjHitLink = hitLink;

  // --- the header box: suggestions as you type, arrows and Enter to choose ---------------
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-results");
  if (input && list) {
    var selected = -1;
    var show = function () {
      var q = input.value.trim();
      if (q.length < 2) { list.hidden = true; list.innerHTML = ""; return; }
      window.ccpjSearch(q, function (hits) {
        if (input.value.trim() !== q) return;
        list.innerHTML = "";
        selected = -1;
        hits.slice(0, 8).forEach(function (hit, i) {
          var li = document.createElement("li");
          li.setAttribute("role", "option");
          li.id = "site-search-hit-" + i;
          li.appendChild(hitLink(hit));
          list.appendChild(li);
        });
        list.hidden = hits.length === 0;
      });
    };
    var mark = function () {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === selected ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", selected >= 0 ? "site-search-hit-" + selected : "");
    };
    input.addEventListener("focus", function () { withEngine(function () {}); });
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (e) {
      var n = list.children.length;
      if (e.key === "ArrowDown" && n) { selected = (selected + 1) % n; mark(); e.preventDefault(); }
      else if (e.key === "ArrowUp" && n) { selected = (selected - 1 + n) % n; mark(); e.preventDefault(); }
      else if (e.key === "Escape") { list.hidden = true; }
      else if (e.key === "Enter" && selected >= 0 && n) {
        e.preventDefault();
        window.location.href = list.children[selected].querySelector("a").href;
      }
    });
    document.addEventListener("click", function (e) {
      if (!list.contains(e.target) && e.target !== input) list.hidden = true;
    });
  }

  // --- long tables: the first rows, and a button for the rest ----------------------------
  Array.prototype.forEach.call(document.querySelectorAll("table[data-collapse]"), function (table) {
    var keep = parseInt(table.getAttribute("data-collapse"), 10);
    var rows = table.tBodies[0].rows;
    if (rows.length <= keep) return;
    var hide = function (hidden) {
      Array.prototype.forEach.call(rows, function (r, i) { r.hidden = hidden && i >= keep; });
      table.setAttribute("data-collapsed", hidden ? "true" : "false");
    };
    table.ccpjCollapse = hide;  // sorting re-applies it to the new first rows
    hide(true);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "more";
    button.textContent = "Show all " + rows.length;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      hide(!open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "Show the first " + keep : "Show all " + rows.length;
    });
    table.parentNode.insertBefore(button, table.nextSibling);
  });

  // --- sortable tables: click or Enter on a column heading --------------------------------
  function cellValue(row, i) {
    var cell = row.children[i];
    var text = cell ? cell.textContent.trim() : "";
    var number = text.replace(/[, ]/g, "");
    return /^-?\d+(\.\d+)?$/.test(number) ? parseFloat(number) : text.toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, i) {
      th.tabIndex = 0;
      var sort = function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i);
          var c = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        if (table.ccpjCollapse) table.ccpjCollapse(table.getAttribute("data-collapsed") === "true");
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
})();
