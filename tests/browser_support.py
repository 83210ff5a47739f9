"""Headless Chromium for the page tests (HTML network export, published entity pages).

Debian's ``chromium``, which ``make test`` installs when it is missing. The flags keep it from
reaching the network this machine does not have, and a fresh profile per run keeps runs apart.
"""

from __future__ import annotations

import shutil

__all__ = ["HEADLESS_FLAGS", "chromium"]

HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium() -> str:
    """The Chromium binary; the tests that need it fail with how to get it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is not installed: run `make test`, which installs Debian's chromium"
    return path
