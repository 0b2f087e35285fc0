"""A journey through the academy in a browser tab, checking every page it reaches.

On each page: WCAG 2.1 A/AA rules with axe-core, no sideways scrolling, no script or
Content-Security-Policy errors in the console, and a full-page screenshot. The HTML the
server sent is saved too, and the Nu Html Checker validates every saved page in one run at
the end of the browser tests (tests/e2e/conftest.py, `html_pages`).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from flask_babel import force_locale, gettext

# Violations in templates this suite may not change yet, by (path, axe rule): where the fix
# goes. They are reported as warnings until the owner fixes them and deletes the entry.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary,
                                html: n.html.slice(0, 160)})),
  }));
}"""
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .filter((el) => !el.closest(".table-scroll, .visually-hidden, .skip-link"))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


@dataclass
class Tour:
    app: object
    page: object
    name: str
    viewport: str
    lang: str
    axe_source: str
    screenshots: Path
    html: dict[str, str] | None = None  # saved file name -> address, for the vnu report
    html_dir: Path | None = None
    visited: list[str] = field(default_factory=list)
    checked: int = 0
    shots: int = 0
    console: list[str] = field(default_factory=list)
    document: object = None  # the main frame's last HTML answer

    def __post_init__(self) -> None:
        self.page.on("response", self._response)
        self.page.on("framenavigated", self._navigated)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    # -- what the journeys call ------------------------------------------------------------

    def t(self, msgid: str, **variables) -> str:
        """A message as the app shows it in this tour's language."""
        with self.app.test_request_context(), force_locale(self.lang):
            return gettext(msgid, **variables)

    def menu(self):
        """The main navigation, unfolded first where it is folded under "Menu" (a phone)."""
        menu = self.page.locator("details.site-menu")
        if not menu.evaluate("menu => menu.open"):
            menu.locator("summary").click()
        return menu.get_by_role("navigation")  # whichever language the page is in yet

    def open(self, path: str, label: str | None = None) -> None:
        """Go to a path (as from a link in an e-mail or a typed address) and check the page."""
        self.page.goto(path)
        self.check(label)

    def follow(self, locator, label: str | None = None) -> None:
        """Click a link or button that loads a page, and check that page."""
        with self.page.expect_navigation():
            locator.click()
        self.check(label)

    def check(self, label: str | None = None) -> None:
        """Check the page now shown; fail with every problem found on it."""
        page = self.page
        page.wait_for_load_state("load")
        url = page.url
        problems = [f"visited but not checked: {u}" for u in self.visited[self.checked : -1]]
        self.checked = len(self.visited)
        problems += [f"console: {line}" for line in self.console]
        self.console.clear()
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            problems.append(
                f"scrolls sideways: {overflow['scrollWidth']}px wide in a "
                f"{overflow['clientWidth']}px window; widest: {', '.join(overflow['wide'])}"
            )
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.axe_source)
        path = urlsplit(url).path
        for violation in page.evaluate(AXE_RUN, AXE_TAGS):
            known = KNOWN_VIOLATIONS.get((path, violation["id"]))
            if known:
                message = f"known, not yet fixed: {violation['id']} on {path}: {known}"
                warnings.warn(message, stacklevel=2)
                continue
            problems.append(
                f"axe {violation['id']} ({violation['impact']}): {violation['help']}"
                + "".join(
                    f"\n      at {n['target']}: {n['html']}\n        {_indent(n['summary'])}"
                    for n in violation["nodes"]
                )
            )
        shot = self._shot_path(label or path)
        page.screenshot(path=str(shot), full_page=True)
        self._save_html(shot.stem, url, problems)
        assert not problems, (
            f"{len(problems)} problem(s) on {url} at {self.viewport} width "
            f"(screenshot {shot}):\n  - " + "\n  - ".join(problems)
        )

    def assert_every_page_checked(self) -> None:
        missed = self.visited[self.checked :]
        assert not missed, f"pages visited but not checked: {missed}"

    # -- internals -----------------------------------------------------------------------------

    def _navigated(self, frame) -> None:
        if frame.parent_frame is not None:
            return
        url = urldefrag(frame.url).url
        if self.visited and self.visited[-1] == url:  # same document, e.g. the skip link
            return
        self.visited.append(url)

    def _response(self, response) -> None:
        if response.frame == self.page.main_frame and response.request.resource_type == "document":
            self.document = response

    def _save_html(self, stem: str, url: str, problems: list[str]) -> None:
        """Keep the HTML the server sent for this page (not the DOM scripts made of it)."""
        if self.html_dir is None or self.html is None:
            return
        document = self.document
        if document is None or urldefrag(document.url).url != urldefrag(url).url:
            problems.append(f"no HTML answer recorded for {url}")
            return
        if "text/html" not in (document.headers.get("content-type") or ""):
            return  # e.g. a PDF shown by the browser
        (self.html_dir / f"{stem}.html").write_bytes(document.body())
        self.html[f"{stem}.html"] = f"{self.name} {urlsplit(url).path}"

    def _console(self, message) -> None:
        if message.type == "error":
            self.console.append(message.text)

    def _shot_path(self, label: str) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "home"
        self.shots += 1
        return self.screenshots / f"{self.name}-{self.shots:02d}-{slug}.png"


def _indent(text: str) -> str:
    return (text or "").replace("\n", "\n        ")
