/* search.html: the results of ?q=... as a list of links. */
(function () {
  "use strict";
  var q = new URLSearchParams(window.location.search).get("q") || "";
  var field = document.getElementById("search-page-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-hits");
  field.value = q;
  if (!q.trim()) { status.textContent = "Type a name, an acronym or words from a report."; return; }
  status.textContent = "Searching…";
  window.ccpjSearch(q, function (hits) {
    status.textContent = hits.length ? hits.length + " results for “" + q + "”" : "Nothing found for “" + q + "”.";
    hits.slice(0, 100).forEach(function (hit) {
      var li = document.createElement("li");
      li.appendChild(window.ccpjHitLink(hit));
      list.appendChild(li);
    });
  });
})();
