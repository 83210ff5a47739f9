"""The activity browser's CSV download, in Chromium: filtered rows only, and cells that a
spreadsheet would run as formulas (= + - @) neutralised with a leading quote."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from site_support import dump_dom

from publish_support import publish_fixture

pytestmark = pytest.mark.slow

_PREFIX = "window.CCPJ_ACTIVITIES="


def test_csv_has_the_filtered_rows_and_neutralises_formula_cells(tmp_path):
    site = tmp_path / "site"
    publish_fixture(site)
    data_file = site / "assets/activities.js"
    data = json.loads(data_file.read_text().removeprefix(_PREFIX).rstrip(";\n"))
    risky = ['=HYPERLINK("http://example.org")', "+1+2", "-3", "@SUM(A1)"]
    for activity, quote in zip(data["activities"], risky, strict=False):
        activity["q"] = quote
    data_file.write_text(_PREFIX + json.dumps(data) + ";\n")
    page = site / "browse/index.html"
    probe = (
        "<script>var pre = document.createElement('pre'); pre.id = 'csv-out';"
        "pre.textContent = window.ccpjBrowse.csv(); document.body.appendChild(pre);</script>"
    )
    page.write_text(page.read_text().replace("</body>", probe + "</body>"))
    total = len(data["activities"])

    dom = dump_dom(page.as_uri(), tmp_path / "all")
    text = html.unescape(re.search(r'<pre id="csv-out">(.*?)</pre>', dom, re.S).group(1))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == total
    quotes = {row["quote"] for row in rows}
    for quote in risky[:total]:
        assert "'" + quote in quotes, quote

    year = data["facets"][0]["values"][0]["key"]
    dom = dump_dom(f"{page.as_uri()}?year={year}", tmp_path / "year")
    text = html.unescape(re.search(r'<pre id="csv-out">(.*?)</pre>', dom, re.S).group(1))
    filtered = list(csv.DictReader(io.StringIO(text)))
    expected = sum(1 for a in data["activities"] if 0 in a["year"])
    assert len(filtered) == expected and all(row["year"] == year for row in filtered)
