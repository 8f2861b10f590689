"""The web chat widget in a real browser (Debian's headless Chromium driven by Playwright) against the real
servers started by scripts/run.sh: the demo page, the widget, the webhook proxy, Rasa and the action server.

Every request the page makes to a host other than loopback is blocked and counted: the count must stay zero.
Screenshots of the open widget (desktop 1280x800, phone 360x740) go to results/screenshots/ and docs/screenshots/.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import sync_playwright

from baclofen.answers import compose
from baclofen.dosing.lookup import DoseQuery, lookup
from baclofen.render.text import render as written
from tests.servers import ROOT, running_assistant

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SCREENSHOT_DIRS = [ROOT / "results" / "screenshots", ROOT / "docs" / "screenshots"]
ANSWER_TIMEOUT_MS = 30_000
XSS = "<img src=x onerror=alert(1)>"


def expected_dose_text(age_years: float, route: str, weight_kg: float | None) -> str:
    """The answer the core gives for this person: the widget must show these lines, figure for figure."""
    return written(compose.dose(lookup(DoseQuery(route=route, age_years=age_years, weight_kg=weight_kg))))


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("widget"), BACLOFEN_EMERGENCY_NUMBER="115",
                           BACLOFEN_HOTLINE="1900 1234") as running:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(running.widget_url + "/", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"widget server not up; log:\n{running.log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield running


class Browser:
    """One headless Chromium page with outside requests blocked and counted, dialogs and console errors recorded."""

    def __init__(self, playwright):
        if not CHROMIUM.exists():
            pytest.fail("Debian's chromium is not installed (scripts/system-deps.sh installs it)")
        self.browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 800})
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
def browser():
    with sync_playwright() as playwright:
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


def test_widget_conversation_in_a_real_browser(assistant, browser):
    page = browser.page
    response = page.goto(assistant.widget_url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    # Launcher bubble, keyboard: Tab reaches it, Enter opens the panel and puts the cursor in the question field.
    launcher = page.get_by_role("button", name="Open chat: Baclofen questions")
    launcher.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog", name="Baclofen questions")
    panel.wait_for(state="visible")
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

    # Escape closes the panel and gives the focus back to the launcher.
    page.get_by_role("textbox", name="Your question").press("Escape")
    panel.wait_for(state="hidden")
    assert page.get_by_role("button", name="Open chat: Baclofen questions").is_visible()

    assert browser.outside_requests == []
    assert [e for e in browser.console_errors if "Content Security Policy" in e or "Refused" in e] == []
    assert browser.console_errors == []


def test_server_unreachable_message_and_retry(assistant, browser):
    page = browser.page
    page.goto(assistant.widget_url + "/")
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


def test_proxy_exposes_only_the_widget_webhook(assistant):
    """The demo server forwards the webchat webhook and nothing else of Rasa (no HTTP API, no other channel)."""
    for path in ("/conversations/x/tracker", "/status", "/webhooks/rest/webhook", "/../channels/webchat.py"):
        assert requests.get(assistant.widget_url + path, timeout=5).status_code == 404
    assert requests.post(assistant.widget_url + "/webhooks/rest/webhook", json={}, timeout=5).status_code == 404
    weak = requests.post(assistant.widget_url + "/webhooks/webchat/webhook",
                         json={"sender": "demo-1", "message": "hi"}, timeout=10)
    assert weak.status_code == 400, "a guessable sender id is refused"
    # No CORS for a page on another origin unless BACLOFEN_WIDGET_ORIGINS lists it.
    other = requests.options(assistant.widget_url + "/webhooks/webchat/webhook",
                             headers={"Origin": "https://elsewhere.example"}, timeout=5)
    assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other.headers
