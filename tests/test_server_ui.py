"""The web UI end to end: `wirecoder serve` over a store of the bundled examples, driven in Debian's Chromium.

Needs Chromium at /usr/bin/chromium (`make browser`) and the npm libraries in build/ui/node_modules (`make ui`);
skipped with the reason when either is missing. Playwright drives the system Chromium (`executable_path`): it
never downloads a browser of its own. The screenshot is saved to build/ui-screenshot.png and /tmp/wirecoder-ui.png.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("WIRECODER_CHROMIUM", "/usr/bin/chromium"))
VENDOR = Path(os.environ.get("WIRECODER_VENDOR_DIR") or ROOT / "build" / "ui" / "node_modules")
SCREENSHOT = ROOT / "build" / "ui-screenshot.png"
SCREENSHOT_COPY = Path("/tmp/wirecoder-ui.png")
# Without the background-networking flags Chromium phones home at start-up, which a closed network refuses.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
EXPLOSIONS = "Explosions/Remote violence"
SERVER_START_SECONDS = 90
TIMEOUT_MS = 20_000


def _why_not_runnable() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}: run `make browser` (apt-get install chromium)"
    if not (VENDOR / "leaflet" / "dist" / "leaflet.js").exists():
        return f"UI libraries not found in {VENDOR}: run `make ui` (npm ci of ui/package-lock.json)"
    return None


@pytest.fixture(scope="module")
def runnable():
    reason = _why_not_runnable()
    if reason:
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


@pytest.fixture(scope="module")
def examples_db(runnable, tmp_path_factory, pipeline) -> Path:
    """A store of the bundled example dispatches, closed so that the server can open it."""
    from wirecoder.api import examples_dir, ingest
    from wirecoder.store import Store

    path = tmp_path_factory.mktemp("ui") / "examples.duckdb"
    store = Store(path)
    try:
        ingest([str(examples_dir())], store, pipeline=pipeline)
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def server(examples_db, tmp_path_factory):
    """`wirecoder serve` on a free loopback port; yields its base URL and stops it at the end."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("ui-server") / "serve.log"
    cmd = [sys.executable, "-c", "import sys; from wirecoder.cli import main; sys.exit(main())",
           "serve", "--db", str(examples_db), "--host", "127.0.0.1", "--port", str(port)]
    env = dict(os.environ, WIRECODER_VENDOR_DIR=str(VENDOR))
    env.pop("WIRECODER_TOKEN", None)
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"wirecoder serve exited with {proc.returncode}:\n{log_path.read_text()}")
                try:
                    _get_json(f"{base}/api/stats")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        pytest.fail(f"wirecoder serve did not answer in {SERVER_START_SECONDS} s:\n"
                                    f"{log_path.read_text()}")
                    time.sleep(0.25)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser_page(runnable, tmp_path_factory):
    """A page in headless Chromium with a fresh profile, with every request it makes and every script error."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        # bypass_csp: the test's own probes (wait_for_function) are evaluated strings, which the server's
        # Content-Security-Policy forbids; test_server_ui_runs_under_its_content_security_policy loads the page
        # with the policy enforced
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1440, "height": 1000}, bypass_csp=True)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            seen = SimpleNamespace(page=page, requests=[], errors=[], playwright=pw)
            context.on("request", lambda request: seen.requests.append(request.url))
            page.on("pageerror", lambda error: seen.errors.append(str(error)))
            yield seen
        finally:
            context.close()


# The event id of a marker drawn inside the map's visible area, other than the selected one (or null).
VISIBLE_UNSELECTED_MARKER = """() => {
  const box = document.getElementById('map').getBoundingClientRect();
  for (const icon of document.querySelectorAll('#map .ev-marker:not(.selected)')) {
    const r = icon.getBoundingClientRect();
    if (r.left > box.left + 60 && r.right < box.right - 60 && r.top > box.top + 60 && r.bottom < box.bottom - 40) {
      return icon.querySelector('.ev-dot').dataset.eventId;
    }
  }
  return null;
}"""


def _rows(page) -> int:
    return page.locator("#events-table tbody tr[data-id]").count()


def test_server_ui_filters_links_and_highlights_offline(server, browser_page, capsys):
    page = browser_page.page
    everything = _get_json(f"{server}/api/events?limit=5000")
    explosions = _get_json(f"{server}/api/events?limit=5000&type={urllib.parse.quote(EXPLOSIONS)}")
    assert 0 < explosions["total"] < everything["total"], "the examples should hold explosions and other events"

    # The page loads every event: markers (single or clustered) on the map, one table row each.
    page.goto(f"{server}/")
    page.wait_for_selector("body[data-state=ready]")
    page.wait_for_selector("#map .ev-marker, #map .ev-cluster")
    assert page.locator("#map .ev-marker, #map .ev-cluster").count() > 0
    assert _rows(page) == everything["total"]
    page.wait_for_function("document.querySelectorAll('#map path.country-outline').length > 100")

    # Filtering by type reloads from the API: the table shrinks to exactly those events.
    page.select_option("#f-type", EXPLOSIONS)
    page.wait_for_function(f"document.querySelectorAll('#events-table tbody tr[data-id]').length === "
                           f"{explosions['total']}")
    page.wait_for_selector("body[data-state=ready]")
    types = page.locator("#events-table tbody tr[data-id] td:nth-child(2)").all_inner_texts()
    assert types and {t.strip() for t in types} == {EXPLOSIONS}

    # Clicking a row opens the panel, selects the row and the marker; the evidence is highlighted by field.
    row = page.locator("#events-table tbody tr[data-id]").first
    event_id = row.get_attribute("data-id")
    detail = _get_json(f"{server}/api/events/{urllib.parse.quote(event_id)}")
    trigger = detail["mentions"][0]["evidence"]["trigger"]["text"]
    row.click()
    page.wait_for_selector("#panel[data-state=ready]")
    assert "selected" in (row.get_attribute("class") or "")
    page.wait_for_selector(f'#map .ev-marker.selected .ev-dot[data-event-id="{event_id}"]')
    marked = page.locator("#panel .doc-text mark.hl-trigger").all_inner_texts()
    assert any(trigger in text for text in marked), (trigger, marked)
    assert page.locator("#panel .hl-legend .hl").count() >= 7
    assert page.locator("#panel .mention").count() == len(detail["mentions"])
    for field in ("actor1", "location"):
        if field in detail["mentions"][0]["evidence"]:
            assert page.locator(f"#panel .doc-text mark.hl-{field}").count() > 0, field

    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(800)  # let the map's pan and zoom animations settle before the picture
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    shutil.copyfile(SCREENSHOT, SCREENSHOT_COPY)
    with capsys.disabled():
        print(f"\nUI screenshot: {SCREENSHOT} (copy: {SCREENSHOT_COPY})")

    # A click on another marker opens that event in the panel and selects its row.
    other_id = page.evaluate(VISIBLE_UNSELECTED_MARKER)
    assert other_id, "another explosion should be drawn on its own in the map's view"
    page.locator(f'#map .ev-dot[data-event-id="{other_id}"]').click()
    page.wait_for_selector(f'#panel[data-state=ready][data-event-id="{other_id}"]')
    assert page.locator(f'#events-table tbody tr.selected[data-id="{other_id}"]').count() == 1
    event_id = other_id
    detail = _get_json(f"{server}/api/events/{urllib.parse.quote(event_id)}")

    # The timeline links too: a click on the selected event's month keeps only that month in the table.
    month = (detail["date"] or "")[:7]
    in_month = [e for e in explosions["events"] if (e["date"] or "")[:7] == month]
    page.locator(f'#timeline g.month[data-month="{month}"] rect.bar-hit').click()
    page.wait_for_function(f"document.querySelectorAll('#events-table tbody tr[data-id]').length === {len(in_month)}")
    assert page.locator(f'#panel[data-state=ready][data-event-id="{event_id}"]').count() == 1

    # Nothing left the machine: every request went to the local server.
    outside = [u for u in browser_page.requests
               if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss")
               and urllib.parse.urlsplit(u).hostname not in LOCAL_HOSTS]
    assert not outside, outside
    assert not browser_page.errors, browser_page.errors


def test_server_ui_runs_under_its_content_security_policy(server, browser_page, tmp_path):
    """The page, with the server's policy enforced: the map and the table fill, and no script, style or request
    is refused. (A second browser context of the module's Playwright: one Playwright per thread.)"""
    context = browser_page.playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
        viewport={"width": 1440, "height": 1000})
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        refused, errors = [], []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(f"{server}/")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        page.locator("#events-table tbody tr[data-id]").first.wait_for()
        page.locator("#map path.country-outline").first.wait_for(state="attached")
        assert page.locator("#events-table tbody tr[data-id]").count() > 0
        assert not refused and not errors, (refused, errors)
    finally:
        context.close()
