"""A page as the printer gives it: `page.pdf()` to a file, then its text page by page.

The text comes from poppler's `pdftotext` (Debian package poppler-utils; `.ci/run` installs
it) in raw mode, which keeps the order in which Chromium painted the text, so a chart's title
is followed by its own axis labels. Without pdftotext the test skips, except in CI
(CI=true), where it fails, as a missing Chromium does.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

# Each chart block on the summary, in the order its text is painted: the heading, every label
# drawn in the SVG (y axis, then x axis), the legend under it and, for a lab test, the header
# of the table of values that follows it.
CHART_TEXTS = """() => Array.from(document.querySelectorAll(".lab-trend")).map(trend => {
  const text = selector => Array.from(trend.querySelectorAll(selector), e => e.textContent);
  return {
    title: trend.querySelector("h3").innerText,
    pieces: [...text("h3"), ...text("svg.lab-chart text"), ...text("figcaption"),
             ...text("table thead th")],
  };
})"""


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext is missing: `apt-get install poppler-utils` to check printed pages."
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} CI must check them: .ci/run installs it.", pytrace=False)
        pytest.skip(message)
    return found


def print_to_pdf(page: Page, path: Path, paper: str) -> list[str]:
    """Print the page on `paper` ("A4", "Letter") to `path`; each printed page's text, its
    whitespace squeezed to single spaces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=path, format=paper)
    text = subprocess.run(
        [pdftotext(), "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends the last page with a form feed too
    return [squeeze(page_text) for page_text in pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def chart_texts(page: Page) -> list[tuple[str, str]]:
    """Each chart's title, and the whole of its block's text as it prints."""
    charts = page.evaluate(CHART_TEXTS)
    return [(squeeze(c["title"]), squeeze(" ".join(c["pieces"]))) for c in charts]
