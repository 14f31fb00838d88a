"""A real headless Chromium (Debian's `chromium`, installed by `make browser`), driven by
Playwright, that opens pages from file:// with the network off and records every
request and every console error. Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@dataclass
class Visit:
    page: object  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions

    @property
    def outside(self) -> list[str]:
        """Requests for anything but the page's own file (and inline data: URLs)."""
        return [u for u in self.requests if not u.startswith("data:") and u != self.page.url]


def available() -> bool:
    return Path(CHROMIUM).exists()


@contextmanager
def browser(width: int = 1280, height: int = 800) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
            offline=True, viewport={"width": width, "height": height},
        )
        try:
            yield context
        finally:
            context.close()


@contextmanager
def visit(context, path: Path, *, timeout_ms: int = 60_000) -> Iterator[Visit]:
    """Open `path` and wait until the graph has laid itself out (window.kgRender is set)."""
    page = context.new_page()
    seen = Visit(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    # anything that is not the file itself is refused, and recorded above
    page.route(lambda url: not url.startswith("file://"), lambda route: route.abort())
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.kgRender !== undefined", timeout=timeout_ms)
        yield seen
    finally:
        page.close()


def screenshot(page_path: Path, image: Path) -> None:
    """The laid-out page as an image (what `make screenshot` puts in docs/)."""
    with browser(1800, 1200) as context, visit(context, page_path) as seen:
        if seen.errors or seen.outside:
            raise SystemExit(f"the page misbehaved: errors {seen.errors}, requests {seen.outside}")
        seen.page.screenshot(path=str(image))


if __name__ == "__main__":
    import sys

    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
