"""Moving through pages with the keyboard alone, checking at every stop that focus is visible."""

from __future__ import annotations

from collections.abc import Callable

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const name = label || el.getAttribute("aria-label") || el.innerText || el.value || "";
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute("type"),
    name: name.trim().replace(/\\s+/g, " "),
    checked: !!el.checked,
    html: el.outerHTML.slice(0, 140),
    focusVisible: el.matches(":focus-visible"),
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
          || style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
              && box.top < innerHeight && box.left < innerWidth,
  };
}"""


class Keyboard:
    """Tab, Shift+Tab, arrows, Enter and Space; never the mouse."""

    def __init__(self, tour, max_stops: int = 60) -> None:
        self.tour, self.page, self.max_stops = tour, tour.page, max_stops

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict:
        """Press a key that moves focus or changes a control; the focus must stay visible."""
        self.page.keyboard.press(key)
        focused = self.focused()
        where = f" after {key} on {self.page.url}"
        assert focused is not None, "focus was lost" + where
        assert focused["focusVisible"] and focused["ring"], (
            f"focus is not visible{where}: {focused['html']}"
        )
        assert focused["onScreen"], f"the focused element is off screen{where}: {focused['html']}"
        return focused

    def tab_until(self, wanted: Callable[[dict], bool], what: str) -> dict:
        passed = []
        for _ in range(self.max_stops):
            focused = self.press("Tab")
            if wanted(focused):
                return focused
            passed.append(focused["name"] or focused["html"])
        raise AssertionError(f"Tab never reached {what} on {self.page.url}; passed {passed}")

    def tab_to(self, name: str) -> dict:
        """Tab to the link, button or field of this accessible name."""
        return self.tab_until(lambda f: f["name"] == name, repr(name))

    def activate(self, key: str, label: str) -> None:
        """Press Enter or Space on the focused link or button; the page it loads is checked."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.tour.check(label)

    def choose(self, option: str) -> None:
        """In the focused radio group, move with the arrows to the option and select it."""
        for _ in range(10):
            focused = self.focused()
            if focused["name"] == option:
                if not focused["checked"]:
                    self.press("Space")
                return
            self.press("ArrowDown")
        raise AssertionError(f"no option {option!r} in the radio group")

    def tick(self, options: set[str], count: int) -> None:
        """Walk the focused group of `count` checkboxes, ticking those named in `options`."""
        for index in range(count):
            focused = self.focused()
            assert focused["type"] == "checkbox", focused["html"]
            if (focused["name"] in options) != focused["checked"]:
                self.press("Space")
            if index + 1 < count:
                self.press("Tab")
