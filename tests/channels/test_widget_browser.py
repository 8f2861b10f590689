"""The web chat widget in a real browser (Debian's headless Chromium driven by Playwright) against the real
servers started by scripts/run.sh: the demo page and the widget served by the Rasa server's webchat channel, Rasa
and the action server.

Every request the page makes to a host other than loopback is blocked and counted: the count must stay zero.
Screenshots of the open widget (desktop 1280x800, phone 360x740) go to results/screenshots/ and docs/screenshots/.
axe-core (npm, the version package-lock.json pins, installed into node_modules/ by `make test`) checks the page in
the same browser, widget closed and open, at both sizes: zero violations of any impact (results/axe.json).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import sync_playwright

from baclofen.answers import compose
from baclofen.dosing.lookup import DoseQuery, lookup
from baclofen.render.text import render as written
from tests.servers import ROOT, free_port, running_assistant, stop_process_groups

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SCREENSHOT_DIRS = [ROOT / "results" / "screenshots", ROOT / "docs" / "screenshots"]
ANSWER_TIMEOUT_MS = 30_000
XSS = "<img src=x onerror=alert(1)>"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RESULTS = ROOT / "results" / "axe.json"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 667}}
TAP_TARGET_PX = 44  # the least height of a control on a phone (WCAG 2.5.5, Apple's and Android's guidance)
HOSPITAL_ORIGIN = "https://www.hospital.example"  # a page on another origin allowed to embed the widget
CHAT_ICON, CLOSE_ICON = "M4 4h16", "M6.4 5"  # the start of each icon's path (widget.js)


def expected_dose_text(age_years: float, route: str, weight_kg: float | None) -> str:
    """The answer the core gives for this person: the widget must show these lines, figure for figure."""
    return written(compose.dose(lookup(DoseQuery(route=route, age_years=age_years, weight_kg=weight_kg))))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("widget"), BACLOFEN_EMERGENCY_NUMBER="115",
                           BACLOFEN_HOTLINE="1900 1234", BACLOFEN_WIDGET_ORIGINS=HOSPITAL_ORIGIN) as running:
        yield running


class Browser:
    """One headless Chromium page with outside requests blocked and counted, dialogs and console errors recorded.
    `axe`: axe-core from node_modules is added to every page as an init script (Playwright injects it through the
    DevTools protocol, so the page's strict Content-Security-Policy stays in force)."""

    def __init__(self, playwright, viewport=None, axe=False):
        if not CHROMIUM.exists():
            pytest.fail("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
        self.browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        self.context = self.browser.new_context(viewport=viewport or SIZES["desktop"])
        if axe:
            if not AXE.exists():
                pytest.fail("axe-core is not installed: run `npm ci` (make test does it)")
            self.context.add_init_script(path=str(AXE))
        self.outside_requests: list[str] = []
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._only_loopback)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _only_loopback(self, route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self):
        self.context.close()
        self.browser.close()


@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright):
    opened = Browser(playwright)
    yield opened
    opened.close()


def bot_messages(page):
    return page.locator("#baclofen-chat .bcw-msg.bcw-bot")


def user_messages(page):
    return page.locator("#baclofen-chat .bcw-msg.bcw-user")


def wait_for_answers(page, before: int, count: int = 1):
    """Wait until `count` more bot messages than `before` are shown and the typing indicator is gone."""
    page.wait_for_function(
        """([before, count]) => {
             const root = document.querySelector('#baclofen-chat').shadowRoot;
             return root.querySelectorAll('.bcw-msg.bcw-bot').length >= before + count
                    && root.querySelector('.bcw-dots').hidden;
           }""", arg=[before, count], timeout=ANSWER_TIMEOUT_MS)


def ask(page, text: str):
    before = bot_messages(page).count()
    field = page.get_by_role("textbox", name="Your question")
    field.fill(text)
    field.press("Enter")
    wait_for_answers(page, before)
    return bot_messages(page).nth(before)


def click_reply(page, title: str):
    before = bot_messages(page).count()
    page.locator("#baclofen-chat .bcw-replies").get_by_role("button", name=title, exact=True).click()
    wait_for_answers(page, before)
    return bot_messages(page).nth(before)


def assert_shows_answer(bubble, expected: str):
    """Every line of the logic layer's answer is in the bubble; the citation line is in the quieter element."""
    shown = bubble.inner_text()
    *lines, citation = expected.strip().splitlines()
    assert citation.startswith("Source:")
    for line in lines:
        assert line.removeprefix("- ").strip() in shown, f"missing line {line!r} in:\n{shown}"
    assert bubble.locator(".bcw-source").inner_text().strip() == citation
    body_style, source_style = (bubble.locator(sel).first.evaluate(
        "e => { const s = getComputedStyle(e); return [parseFloat(s.fontSize), s.color]; }")
        for sel in ("p:not(.bcw-source), li", ".bcw-source"))
    assert source_style[0] < body_style[0] and source_style[1] != body_style[1], "citation not in a quieter style"


def screenshot(page, name: str, showing=None):
    """Save a screenshot with `showing` (a message) scrolled so that its end, the citation, is in view."""
    if showing is not None:
        showing.evaluate("e => e.scrollIntoView({block: 'end'})")
    page.mouse.move(1, 1)
    path = SCREENSHOT_DIRS[0] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    for other in SCREENSHOT_DIRS[1:]:
        other.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, other / name)


def launcher_icon(page) -> str:
    return page.locator("#baclofen-chat .bcw-launcher path").get_attribute("d")


def test_widget_conversation_in_a_real_browser(assistant, browser):
    page = browser.page
    response = page.goto(assistant.widget_url)
    assert "script-src 'self'" in response.headers["content-security-policy"]

    # Launcher bubble, keyboard: Tab reaches it, Enter opens the panel and puts the cursor in the question field.
    launcher = page.get_by_role("button", name="Open chat: Baclofen questions")
    assert launcher_icon(page).startswith(CHAT_ICON)
    launcher.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog", name="Baclofen questions")
    panel.wait_for(state="visible")
    # The open panel's launcher says "Close chat" and shows a cross, not the chat bubble.
    assert page.get_by_role("button", name="Close chat").first.is_visible()
    assert launcher_icon(page).startswith(CLOSE_ICON)
    wait_for_answers(page, 0)
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.id") == "bcw-input"
    greeting = bot_messages(page).first.inner_text()
    assert "not a doctor" in greeting
    replies = page.locator("#baclofen-chat .bcw-replies")
    for title in ("What is it used for?", "Dosing", "Side effects", "Interactions"):
        assert replies.get_by_role("button", name=title, exact=True).is_visible()
    # Disclaimer and hotline always on screen; the log is a live region; the question field is labelled.
    assert panel.get_by_role("button", name="About & disclaimer").is_visible()
    assert panel.get_by_role("button", name="Talk to the hotline").is_visible()
    assert page.locator("#baclofen-chat .bcw-log").get_attribute("aria-live") == "polite"

    # A dosing question by clicking a quick reply: every group's doses at once, with an offer to work out one
    # person's; then through the dose form (a button, then typing).
    overview = click_reply(page, "Dosing")
    assert "for each group" in overview.inner_text()
    offer_buttons = replies.get_by_role("button")
    assert offer_buttons.all_inner_texts() == ["Work out a child's dose", "An adult's dose", "Talk to the pharmacist"]
    asked_age = click_reply(page, "Work out a child's dose")
    assert "How old" in asked_age.inner_text()
    asked_weight = ask(page, "7 years")
    assert "weigh" in asked_weight.inner_text() and "30-40 mg a day" in asked_weight.inner_text()
    form_answer = ask(page, "22 kg")
    assert_shows_answer(form_answer, expected_dose_text(7, "oral", 22))
    assert form_answer.locator("li").count() >= 3, "the answer's '- ' lines are shown as a list"
    assert user_messages(page).all_inner_texts()[-3].endswith("Work out a child's dose"), "the button's title is shown"

    # A dosing question by typing, all in one message.
    typed_answer = ask(page, "dose for a 3 year old of 14 kg, tablets")
    assert_shows_answer(typed_answer, expected_dose_text(3, "oral", 14))
    assert re.search(r"\d mg a day", typed_answer.inner_text())
    # On the web channel an answer brings the common questions back as quick replies.
    assert replies.get_by_role("button", name="Side effects", exact=True).is_visible()

    # Another common question by quick reply: the section citation shows under it.
    side_effects = click_reply(page, "Side effects")
    assert side_effects.locator(".bcw-source").inner_text().startswith("Source: baclofen leaflet, section 3")

    # Desktop screenshot of the open widget, the dose answer and its citation in view.
    screenshot(page, "widget-desktop.png", showing=typed_answer)

    # Reload, and navigation to another page of the site in the same tab: the conversation is still there.
    shown_before = bot_messages(page).all_inner_texts()
    page.reload()
    panel.wait_for(state="visible")
    assert bot_messages(page).all_inner_texts() == shown_before
    page.get_by_role("link", name="Visiting").click()
    page.wait_for_url("**/visiting.html")
    panel.wait_for(state="visible")
    assert bot_messages(page).all_inner_texts() == shown_before

    # User text is never HTML: shown exactly as typed, no element made from it, no dialog.
    ask(page, XSS)
    assert user_messages(page).last.locator(".bcw-body").inner_text() == XSS
    assert page.locator("#baclofen-chat img").count() == 0
    page.wait_for_timeout(300)
    assert browser.dialogs == []

    # The hotline is one click away.
    hotline = panel.get_by_role("button", name="Talk to the hotline")
    before = bot_messages(page).count()
    hotline.click()
    wait_for_answers(page, before)
    assert "1900 1234" in bot_messages(page).last.inner_text()

    # Phone, 360 px wide: the panel fits the screen, nothing scrolls sideways, the question field is usable.
    page.set_viewport_size({"width": 360, "height": 740})
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    assert page.get_by_role("textbox", name="Your question").is_visible()
    screenshot(page, "widget-phone.png", showing=bot_messages(page).filter(has_text="3 years").first)
    page.set_viewport_size({"width": 1280, "height": 800})

    # Escape closes the panel and gives the focus back to the launcher, the chat bubble again.
    page.get_by_role("textbox", name="Your question").press("Escape")
    panel.wait_for(state="hidden")
    assert page.get_by_role("button", name="Open chat: Baclofen questions").is_visible()
    assert launcher_icon(page).startswith(CHAT_ICON)

    assert browser.outside_requests == []
    assert [e for e in browser.console_errors if "Content Security Policy" in e or "Refused" in e] == []
    assert browser.console_errors == []


def test_server_unreachable_message_and_retry(assistant, browser):
    page = browser.page
    page.goto(assistant.widget_url)
    panel = page.get_by_role("dialog", name="Baclofen questions")
    if not panel.is_visible():
        page.get_by_role("button", name="Open chat: Baclofen questions").click()
    panel.get_by_role("button", name="New conversation").click()
    wait_for_answers(page, 0)

    # The network drops the next webhook call: a clear message and a Retry button, the question kept.
    page.route("**/webhooks/webchat/webhook", lambda route: route.abort("connectionrefused"))
    field = page.get_by_role("textbox", name="Your question")
    field.fill("what is baclofen used for?")
    field.press("Enter")
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
    assert "cannot be reached" in alert.inner_text() and "115" in alert.inner_text()
    assert user_messages(page).last.locator(".bcw-body").inner_text() == "what is baclofen used for?"

    # Retry, with the answer held back for a moment: the typing indicator shows while waiting.
    page.unroute("**/webhooks/webchat/webhook")
    held = []
    page.route("**/webhooks/webchat/webhook", lambda route: held.append(route))
    before = bot_messages(page).count()
    alert.get_by_role("button", name="Retry").click()
    page.locator("#baclofen-chat .bcw-dots").wait_for(state="visible")
    assert page.get_by_role("status").inner_text().strip() == "The assistant is typing…"
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    wait_for_answers(page, before)
    assert page.locator("#baclofen-chat .bcw-dots").is_hidden()
    assert alert.is_hidden()
    assert "section 1 (Uses)" in bot_messages(page).last.locator(".bcw-source").inner_text()
    assert browser.outside_requests == []


FIRST_LINE_IN_VIEW = """bubble => {
  const log = bubble.closest('.bcw-log').getBoundingClientRect();
  const first = bubble.querySelector('.bcw-body > *').getBoundingClientRect();
  return {log_top: log.top, log_bottom: log.bottom, first_top: first.top, first_bottom: first.bottom,
          bubble_bottom: bubble.getBoundingClientRect().bottom};
}"""
CONTROL_HEIGHTS = """() => {
  const root = document.querySelector('#baclofen-chat').shadowRoot;
  return [...root.querySelectorAll('button, textarea')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map(e => ({control: e.getAttribute('aria-label') || e.textContent.trim() || e.id,
                height: Math.round(e.getBoundingClientRect().height * 10) / 10}));
}"""


def test_a_long_answer_is_shown_from_its_first_line_and_phone_controls_are_44_px(assistant, playwright):
    """Issue 25: a dose answer is scrolled to its first line (the starting dose), not to its end, at phone and
    desktop size; on the phone every control is at least 44 px tall. One conversation asks for a child, then an
    adult, then the child's brother, each answered without a restart."""
    measured = {}
    for size, viewport in SIZES.items():
        opened = Browser(playwright, viewport=viewport)
        page = opened.page
        try:
            page.goto(assistant.widget_url)
            page.get_by_role("button", name="Open chat: Baclofen questions").click()
            wait_for_answers(page, 0)
            child = ask(page, "dose for a 4 year old of 16 kg, tablets")
            assert_shows_answer(child, expected_dose_text(4, "oral", 16))
            box = child.evaluate(FIRST_LINE_IN_VIEW)
            assert box["log_top"] <= box["first_top"] and box["first_bottom"] <= box["log_bottom"], (size, box)
            if size == "phone":
                assert box["bubble_bottom"] > box["log_bottom"], "the phone test needs an answer longer than the view"
            adult = ask(page, "what about for an adult?")
            assert "for an adult:" in adult.inner_text() and "not plausible" not in adult.inner_text()
            assert adult.evaluate(FIRST_LINE_IN_VIEW)["first_top"] >= box["log_top"]
            assert "How old" in ask(page, "and for her brother?").inner_text()
            assert "weigh" in ask(page, "he is 6").inner_text()
            brother = ask(page, "20 kg")
            assert_shows_answer(brother, written(compose.dose(lookup(DoseQuery("oral", 6, None, 20)))))
            if size == "desktop":
                # After "New conversation" there is nobody to refer to: the question back, not "I only know about
                # baclofen"
                page.get_by_role("button", name="New conversation").click()
                wait_for_answers(page, 0)
                fresh = ask(page, "is that safe for him?").inner_text()
                assert "not sure what you are asking" in fresh and "only know about baclofen" not in fresh
            heights = page.evaluate(CONTROL_HEIGHTS)
            header = page.evaluate("""() => {
              const root = document.querySelector('#baclofen-chat').shadowRoot;
              return root.querySelector('.bcw-log').getBoundingClientRect().top; }""")
            measured[size] = {"controls": heights, "above the conversation (px)": header}
            if size == "phone":
                short = [h for h in heights if h["height"] < TAP_TARGET_PX]
                assert short == [], short
                assert {h["control"] for h in heights} >= {"New conversation", "Close chat", "About & disclaimer",
                                                           "Talk to the hotline", "Send", "Side effects"}
            assert opened.outside_requests == [] and opened.console_errors == []
        finally:
            opened.close()
    print("\nwidget controls and the room above the conversation: " + json.dumps(measured))


AXE_RUN = """async () => {
  const result = await axe.run(document);
  const nodes = (kind) => result[kind].flatMap(rule => rule.nodes);
  return {
    version: axe.version,
    violations: result.violations.map(rule => ({id: rule.id, impact: rule.impact, help: rule.help,
                                                targets: rule.nodes.map(node => JSON.stringify(node.target))})),
    // A selector that is itself a list (host, then inside) crosses a shadow root: there, inside the widget.
    widget_nodes_checked: ["passes", "violations", "incomplete"].map(nodes).flat()
                            .filter(node => node.target.some(Array.isArray)).length,
  };
}"""


def test_no_accessibility_violations_widget_closed_and_open(assistant, playwright):
    """axe-core in Chromium: zero violations of any impact (every rule axe runs by default: WCAG 2.x A and AA,
    best practices), the widget closed, open with the greeting, open with a dose answer (list, citation, quick
    replies), open with the server unreachable (alert, Retry), and closed again, at desktop and phone size."""
    report = {}
    for size, viewport in SIZES.items():
        opened = Browser(playwright, viewport=viewport, axe=True)
        page = opened.page
        try:
            page.goto(assistant.widget_url)
            launcher = page.get_by_role("button", name="Open chat: Baclofen questions")
            launcher.wait_for(state="visible")  # the widget's stylesheet has loaded
            states = {"closed": page.evaluate(AXE_RUN)}
            launcher.click()
            wait_for_answers(page, 0)
            states["open"] = page.evaluate(AXE_RUN)
            ask(page, "dose for a 3 year old of 14 kg, tablets")
            states["open, dose answer"] = page.evaluate(AXE_RUN)
            page.route("**/webhooks/webchat/webhook", lambda route: route.abort("connectionrefused"))
            field = page.get_by_role("textbox", name="Your question")
            field.fill("what is baclofen used for?")
            field.press("Enter")
            page.get_by_role("alert").wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
            states["open, server unreachable"] = page.evaluate(AXE_RUN)
            page.unroute("**/webhooks/webchat/webhook")
            page.get_by_role("button", name="Close chat").first.click()
            page.get_by_role("dialog", name="Baclofen questions").wait_for(state="hidden")
            states["closed again"] = page.evaluate(AXE_RUN)
            assert opened.outside_requests == []
        finally:
            opened.close()
        report[size] = states
    AXE_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    AXE_RESULTS.write_text(json.dumps(report, indent=2))
    summary = {f"{size}, {state}": len(result["violations"]) for size, states in report.items()
               for state, result in states.items()}
    print(f"\naxe-core {report['desktop']['closed']['version']} violations: {summary}")
    for size, states in report.items():
        assert states["open"]["widget_nodes_checked"] > 20, "axe did not look inside the widget's shadow root"
        for state, result in states.items():
            assert result["violations"] == [], (size, state, result["violations"])


def test_the_rasa_server_serves_the_widget_and_nothing_else_of_its_folder(assistant):
    """The webchat channel serves the widget's files and demo page (a fixed list, each with the strict CSP) and
    its webhook; the widget's webhook takes only unguessable sender ids and small bodies."""
    base = f"{assistant.url}/webhooks/webchat"
    for path, kind in (("/widget.js", "text/javascript"), ("/widget.css", "text/css"), ("/demo/", "text/html"),
                       ("/demo/visiting.html", "text/html"), ("/demo/demo.css", "text/css")):
        served = requests.get(base + path, timeout=5)
        assert served.status_code == 200 and served.headers["content-type"].startswith(kind), path
        assert "default-src 'none'" in served.headers["content-security-policy"]
        assert served.headers["x-content-type-options"] == "nosniff"
    assert requests.get(base + "/demo", allow_redirects=False, timeout=5).headers["location"].endswith("/demo/")
    for path in ("/widget/widget.js", "/demo/../../channels/webchat.py", "/README.md", "/demo/missing.html"):
        assert requests.get(base + path, timeout=5).status_code == 404, path
    weak = requests.post(base + "/webhook", json={"sender": "demo-1", "message": "hi"}, timeout=10)
    assert weak.status_code == 400, "a guessable sender id is refused"
    large = requests.post(base + "/webhook", json={"sender": "0" * 32, "message": "a" * 20_000}, timeout=10)
    assert large.status_code == 413


def test_only_the_listed_origins_may_call_the_webhook_from_their_pages(assistant):
    """No CORS for a page on another origin unless BACLOFEN_WIDGET_ORIGINS lists it (scripts/run.sh passes the
    list to Rasa's --cors)."""
    webhook = f"{assistant.url}/webhooks/webchat/webhook"
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    other = requests.options(webhook, headers={"Origin": "https://elsewhere.example", **preflight}, timeout=5)
    assert "Access-Control-Allow-Origin" not in other.headers
    listed = requests.options(webhook, headers={"Origin": HOSPITAL_ORIGIN, **preflight}, timeout=5)
    assert listed.headers.get("Access-Control-Allow-Origin") == HOSPITAL_ORIGIN
    answered = requests.post(webhook, json={"sender": "1" * 32, "message": "hello"}, timeout=10,
                             headers={"Origin": HOSPITAL_ORIGIN})
    assert answered.ok and answered.headers.get("Access-Control-Allow-Origin") == HOSPITAL_ORIGIN


@pytest.fixture(scope="module")
def nginx_in_front(assistant, tmp_path_factory):
    """docs/nginx.conf as it is, with only its ports, certificate, file paths and upstream replaced, run by a real
    nginx on loopback in front of the real servers: the widget is reached over TLS as a hospital would serve it."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed (scripts/system-deps.sh installs it)")
    work = tmp_path_factory.mktemp("nginx")
    cert, key = work / "chat.pem", work / "chat.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
                    "-out", str(cert), "-subj", "/CN=chat.hospital.example",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:chat.hospital.example"],
                   check=True, capture_output=True, timeout=60)
    https_port, http_port = free_port(), free_port()
    config = (ROOT / "docs" / "nginx.conf").read_text()
    for old, new in (("pid /run/nginx-baclofen.pid;", f"pid {work}/nginx.pid;"),
                     ("/var/log/nginx/baclofen-error.log", str(work / "error.log")),
                     ("/var/log/nginx/baclofen-access.log", str(work / "access.log")),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
                     ("/etc/ssl/certs/chat.hospital.example.pem", str(cert)),
                     ("/etc/ssl/private/chat.hospital.example.key", str(key)),
                     ("server 127.0.0.1:5005;", f"server {assistant.url.removeprefix('http://')};"),
                     ("http {\n", "http {\n" + "".join(f"    {kind}_temp_path {work}/{kind};\n" for kind in
                                                       ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")))):
        assert old in config, old
        config = config.replace(old, new)
    if os.geteuid() == 0:
        config = "user root;\n" + config  # the test's files are root's; a hospital keeps nginx's own user
    (work / "nginx.conf").write_text(config)
    command = [nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"]
    checked = subprocess.run(command[:-2] + ["-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        base = f"https://127.0.0.1:{https_port}"
        for _ in range(100):
            try:
                requests.get(base + "/", verify=str(cert), timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield {"https": base, "http": f"http://127.0.0.1:{http_port}", "cert": str(cert), "log": work / "access.log"}
    finally:
        stop_process_groups([process])


def test_nginx_in_front_passes_the_channels_and_nothing_else(nginx_in_front):
    base, cert = nginx_in_front["https"], nginx_in_front["cert"]
    script = requests.get(base + "/webhooks/webchat/widget.js", verify=cert, timeout=10)
    assert script.status_code == 200 and "default-src 'none'" in script.headers["content-security-policy"]
    assert script.headers["strict-transport-security"].startswith("max-age=")
    answer = requests.post(base + "/webhooks/webchat/webhook", json={"sender": "2" * 32, "message": "hello"},
                           verify=cert, timeout=30)
    assert answer.status_code == 200 and "not a doctor" in answer.json()[0]["text"]
    # Everything else of the Rasa server stays behind nginx: nginx itself answers.
    by_nginx = "<center>nginx</center>"
    for path in ("/status", "/conversations/webchat:" + "2" * 32 + "/tracker", "/model/parse", "/webhooks/rest/webhook",
                 "/webhooks/webchat/demo/", "/", "/version"):
        refused = requests.get(base + path, verify=cert, timeout=10)
        assert refused.status_code == 404 and by_nginx in refused.text, path
    refused = requests.post(base + "/webhooks/rest/webhook", json={}, verify=cert, timeout=10)
    assert refused.status_code == 404 and by_nginx in refused.text
    refused = requests.get(base + "/webhooks/webchat/webhook", verify=cert, timeout=10)
    assert refused.status_code == 403 and by_nginx in refused.text
    too_large = requests.post(base + "/webhooks/webchat/webhook", data=b"x" * 20_000, verify=cert, timeout=10,
                              headers={"Content-Type": "application/json"})
    assert too_large.status_code == 413 and by_nginx in too_large.text
    # The hotline's and Slack's webhooks pass through to the Rasa server (here their channels are off: its 404).
    for path in ("/webhooks/slack/webhook", "/webhooks/twilio_voice/webhook"):
        passed = requests.post(base + path, json={}, verify=cert, timeout=10)
        assert by_nginx not in passed.text and "not found" in passed.text.lower(), path
    plain = requests.get(nginx_in_front["http"] + "/webhooks/webchat/widget.js", allow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["location"].startswith("https://")
    assert "hello" not in nginx_in_front["log"].read_text()  # nginx logs no bodies
