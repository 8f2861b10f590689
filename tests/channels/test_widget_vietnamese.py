"""The web chat widget in Vietnamese, in a real browser (Debian's headless Chromium driven by Playwright, as
tests/channels/test_widget_browser.py) against the real servers.

What is checked is the mechanics, not the answers' wording (that comes from baclofen/answers/): the widget's own
words (title, placeholder, send, labels, status, errors) come from its Vietnamese table; the page's <html lang>,
the header's EN / VI switch or a first message in Vietnamese decide them; every message then carries
metadata {"language": ...}, which the webchat channel keeps (and nothing else of the client's metadata), so the
language reaches Rasa; axe-core finds no violation in Vietnamese, and every control is 44 px tall on a phone."""
import json

import pytest
import requests

from tests.channels.test_widget_browser import (
    AXE_RUN, CONTROL_HEIGHTS, SIZES, TAP_TARGET_PX, Browser, ANSWER_TIMEOUT_MS, bot_messages, wait_for_answers,
)
from tests.servers import running_assistant

pytestmark = pytest.mark.e2e

VIETNAMESE_PAGE = "vi.html"  # widget/demo/vi.html: <html lang="vi">, no data-lang
CONTROLS_OUTSIDE = """width => {
  const root = document.querySelector('#baclofen-chat').shadowRoot;
  return [...root.querySelectorAll('button, textarea')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > width; })
    .map(e => e.getAttribute('aria-label') || e.textContent.trim());
}"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("widget-vi"), BACLOFEN_EMERGENCY_NUMBER="115",
                           BACLOFEN_HOTLINE="1900 1234") as running:
        yield running


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as running:
        yield running


def sent_bodies(page) -> list:
    """Every body the page posts to the webhook, as JSON, in order."""
    bodies = []
    page.on("request", lambda r: r.method == "POST" and r.url.endswith("/webhooks/webchat/webhook")
            and bodies.append(json.loads(r.post_data)))
    return bodies


def ask(page, field_name: str, text: str):
    before = bot_messages(page).count()
    field = page.get_by_role("textbox", name=field_name)
    field.fill(text)
    field.press("Enter")
    wait_for_answers(page, before)
    return bot_messages(page).nth(before)


def sender_of(page) -> str:
    return page.evaluate("""() => JSON.parse(Object.values(
        Object.fromEntries(Object.keys(sessionStorage).filter(k => k.startsWith('baclofen-chat:'))
          .map(k => [k, sessionStorage.getItem(k)])))[0]).sender""")


def stored_languages(assistant, sender: str) -> list:
    """metadata.language of every message of the conversation, as the tracker store has it."""
    events = assistant.tracker(sender, channel="webchat")["events"]
    return [(e.get("metadata") or {}).get("language") for e in events if e["event"] == "user"]


def assert_vietnamese_widget(page):
    panel = page.get_by_role("dialog", name="Hỏi đáp về baclofen")
    assert panel.is_visible()
    for name in ("Cuộc trò chuyện mới", "Đóng trò chuyện", "Giới thiệu và lưu ý", "Gọi đường dây nóng", "Gửi"):
        assert panel.get_by_role("button", name=name, exact=True).first.is_visible(), name
    field = page.get_by_role("textbox", name="Câu hỏi của bạn")
    assert field.get_attribute("placeholder") == "Hỏi về baclofen…"
    assert "Không phải bác sĩ" in page.locator("#baclofen-chat .bcw-disclaimer").inner_text()
    assert page.locator("#baclofen-chat .bcw").get_attribute("lang") == "vi"
    switch = page.get_by_role("group", name="Ngôn ngữ")
    assert switch.get_by_role("button", name="VI Tiếng Việt").get_attribute("aria-pressed") == "true"
    assert switch.get_by_role("button", name="EN English").get_attribute("aria-pressed") == "false"


def test_the_switch_changes_the_widgets_words_and_every_message_carries_the_language(assistant, playwright):
    opened = Browser(playwright)
    page = opened.page
    try:
        bodies = sent_bodies(page)
        page.goto(assistant.widget_url)  # the English demo page: <html lang="en">, data-lang="en"
        page.get_by_role("button", name="Open chat: Baclofen questions").click()
        wait_for_answers(page, 0)
        assert bodies[-1]["metadata"] == {"language": "en"}  # the page decided: the greeting carries it

        page.get_by_role("group", name="Language").get_by_role("button", name="VI Tiếng Việt").click()
        assert_vietnamese_widget(page)
        ask(page, "Câu hỏi của bạn", "baclofen dùng để làm gì?")
        assert bodies[-1]["metadata"] == {"language": "vi"}

        # The choice follows the conversation: a reload keeps it (sessionStorage), a page in English too.
        page.reload()
        page.get_by_role("dialog", name="Hỏi đáp về baclofen").wait_for(state="visible")
        assert_vietnamese_widget(page)
        assert bot_messages(page).first.locator(".bcw-sr").inner_text().strip() == "Trợ lý:"

        page.get_by_role("group", name="Ngôn ngữ").get_by_role("button", name="EN English").click()
        assert page.get_by_role("textbox", name="Your question").get_attribute("placeholder") == "Ask about baclofen…"
        assert page.get_by_role("dialog", name="Baclofen questions").is_visible()
        ask(page, "Your question", "what are the side effects?")
        assert bodies[-1]["metadata"] == {"language": "en"}
        # Rasa got each message with its language (the channel keeps that hint of the client's metadata).
        assert stored_languages(assistant, sender_of(page)) == ["en", "vi", "en"]
        assert opened.outside_requests == [] and opened.console_errors == []
    finally:
        opened.close()


def test_a_vietnamese_page_opens_the_widget_in_vietnamese(assistant, playwright):
    opened = Browser(playwright)
    page = opened.page
    try:
        bodies = sent_bodies(page)
        page.goto(assistant.widget_url + VIETNAMESE_PAGE)
        page.get_by_role("button", name="Mở trò chuyện: Hỏi đáp về baclofen").click()
        wait_for_answers(page, 0)
        assert_vietnamese_widget(page)
        assert bodies[-1]["metadata"] == {"language": "vi"}
        # The status while waiting, and the error and Retry when the server cannot be reached, in Vietnamese.
        page.route("**/webhooks/webchat/webhook", lambda route: route.abort("connectionrefused"))
        field = page.get_by_role("textbox", name="Câu hỏi của bạn")
        field.fill("tác dụng phụ")
        field.press("Enter")
        alert = page.get_by_role("alert")
        alert.wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
        assert "Hiện không kết nối được với trợ lý" in alert.inner_text() and "115" in alert.inner_text()
        assert alert.get_by_role("button", name="Thử lại").is_visible()
        assert page.locator("#baclofen-chat .bcw-failed-note").inner_text() == "Chưa gửi"
        # Switching now says the error again in English, without losing the message waiting for Retry.
        page.get_by_role("group", name="Ngôn ngữ").get_by_role("button", name="EN English").click()
        assert "cannot be reached" in alert.inner_text()
        assert page.locator("#baclofen-chat .bcw-failed-note").inner_text() == "Not sent"
        page.unroute("**/webhooks/webchat/webhook")
        held = []
        page.route("**/webhooks/webchat/webhook", lambda route: held.append(route))
        before = bot_messages(page).count()
        alert.get_by_role("button", name="Retry").click()
        assert page.get_by_role("status").inner_text().strip() == "The assistant is typing…"
        while not held:
            page.wait_for_timeout(50)
        held[0].continue_()
        wait_for_answers(page, before)
        # The retry is the same message: the same id, and the language it was first sent in
        assert bodies[-1]["metadata"] == {"language": "vi"} and bodies[-1]["message_id"] == bodies[-2]["message_id"]
        assert opened.outside_requests == []
        assert [e for e in opened.console_errors if "ERR_CONNECTION_REFUSED" not in e] == []  # only the cut one
    finally:
        opened.close()


def test_without_the_switch_only_the_deciding_message_carries_the_language(assistant, playwright):
    """The widget's language goes with the greeting, a first message's with that message; the messages after them
    carry no hint, so that the assistant reads their language from them (the switch is the user's explicit
    choice, and goes with every message)."""
    opened = Browser(playwright)
    page = opened.page
    try:
        bodies = sent_bodies(page)
        page.goto(assistant.widget_url)
        page.get_by_role("button", name="Open chat: Baclofen questions").click()
        wait_for_answers(page, 0)
        assert bodies[-1]["metadata"] == {"language": "en"}
        ask(page, "Your question", "what is baclofen used for?")
        assert "metadata" not in bodies[-1]  # the page decided the greeting's language only: this one is detected
    finally:
        opened.close()
    opened = Browser(playwright)
    page = opened.page
    try:
        bodies = sent_bodies(page)
        page.goto(assistant.widget_url)
        page.get_by_role("button", name="Open chat: Baclofen questions").click()
        wait_for_answers(page, 0)
        ask(page, "Your question", "liều dùng cho trẻ 3 tuổi")
        assert_vietnamese_widget(page)
        assert bodies[-1]["metadata"] == {"language": "vi"}
        # Only the first message decides, and only its own language: a second message in English does not switch
        # the widget back, and goes without a hint (the assistant reads its language from it).
        ask(page, "Câu hỏi của bạn", "what are the side effects?")
        assert page.locator("#baclofen-chat .bcw").get_attribute("lang") == "vi"
        assert "metadata" not in bodies[-1]
        # A new conversation's greeting is the widget's first words: in the widget's language.
        page.get_by_role("button", name="Cuộc trò chuyện mới").click()
        wait_for_answers(page, 0)
        assert bodies[-1]["message"] == "/greet" and bodies[-1]["metadata"] == {"language": "vi"}
    finally:
        opened.close()


def test_no_accessibility_violations_in_vietnamese_and_44_px_controls_on_a_phone(assistant, playwright):
    """axe-core in Chromium, every rule it runs by default: zero violations on the Vietnamese page with the widget
    closed, open, with an answer, and after switching to English and back, at desktop and phone size."""
    report = {}
    for size, viewport in SIZES.items():
        opened = Browser(playwright, viewport=viewport, axe=True)
        page = opened.page
        try:
            page.goto(assistant.widget_url + VIETNAMESE_PAGE)
            launcher = page.get_by_role("button", name="Mở trò chuyện: Hỏi đáp về baclofen")
            launcher.wait_for(state="visible")
            states = {"closed": page.evaluate(AXE_RUN)}
            launcher.click()
            wait_for_answers(page, 0)
            states["open"] = page.evaluate(AXE_RUN)
            ask(page, "Câu hỏi của bạn", "liều cho người lớn")
            states["open, answer"] = page.evaluate(AXE_RUN)
            switch = page.get_by_role("group", name="Ngôn ngữ")
            switch.get_by_role("button", name="EN English").click()
            states["switched to English"] = page.evaluate(AXE_RUN)
            page.get_by_role("group", name="Language").get_by_role("button", name="VI Tiếng Việt").click()
            states["back to Vietnamese"] = page.evaluate(AXE_RUN)
            if size == "phone":
                heights = page.evaluate(CONTROL_HEIGHTS)
                assert [h for h in heights if h["height"] < TAP_TARGET_PX] == []
                assert {h["control"] for h in heights} >= {"EN English", "VI Tiếng Việt", "Gửi", "Đóng trò chuyện"}
                # The header's four controls fit the narrowest phone, in both languages (the panel hides overflow:
                # a close button pushed past the edge would be cut, not scrolled to).
                page.set_viewport_size({"width": 360, "height": 740})
                for language in ("EN English", "VI Tiếng Việt"):
                    page.locator("#baclofen-chat .bcw-lang").get_by_role("button", name=language).click()
                    outside = page.evaluate(CONTROLS_OUTSIDE, 360)
                    assert outside == [], (language, outside)
            assert opened.outside_requests == []
        finally:
            opened.close()
        report[size] = states
    for size, states in report.items():
        assert states["open"]["widget_nodes_checked"] > 20, "axe did not look inside the widget's shadow root"
        for state, result in states.items():
            assert result["violations"] == [], (size, state, result["violations"])


def test_the_channel_keeps_only_the_language_hint_of_the_clients_metadata(assistant):
    webhook = f"{assistant.url}/webhooks/webchat/webhook"
    for sender, metadata, kept in (("a" * 32, {"language": "vi", "page": "dosing"}, "vi"),
                                   ("b" * 32, {"language": "fr"}, None),  # not a language the assistant answers in
                                   ("c" * 32, {"language": ["vi"]}, None),
                                   ("d" * 32, None, None)):
        body = {"sender": sender, "message": "hello", **({"metadata": metadata} if metadata is not None else {})}
        assert requests.post(webhook, json=body, timeout=30).ok
        events = [e for e in assistant.tracker(sender, channel="webchat")["events"] if e["event"] == "user"]
        # Rasa adds its own keys (model_id, assistant_id); of the client's, only a valid language hint is stored.
        stored = [{k: v for k, v in (e.get("metadata") or {}).items() if k not in ("model_id", "assistant_id")}
                  for e in events]
        assert stored == [{"language": kept} if kept else {}], sender
