/*
 * Baclofen assistant: web chat widget. Plain JavaScript, no dependency, no request to any host but the server.
 *
 * Embed with one tag (every data- option is optional):
 *   <script src="https://chat.hospital.example/widget.js" defer
 *           data-server="https://chat.hospital.example" data-title="Baclofen questions" data-lang="en"
 *           data-accent="#005eb8" data-accent-text="#ffffff" data-emergency-number="115"></script>
 *
 * Language: the widget's own words (labels, placeholder, errors, status) come from STRINGS. Its language is, in this
 * order: the one chosen with the header's switch (EN / VI), the one of the first message when that message is
 * clearly Vietnamese (its letters), data-lang, the page's <html lang>, English. The assistant is told it as metadata
 * {"language": "en" | "vi"}, the hint its language detector honours: with every message once the user chose it with
 * the switch (the answers follow it where a message does not tell its own language); otherwise with the greeting and
 * with a first message that decided it (written in Vietnamese), so that later messages are read for the language
 * they are written in.
 *
 * Transport: POST {server}/webhooks/webchat/webhook {"sender", "message", "message_id", "metadata"} (channels/webchat.py, served by the Rasa
 * server with this file; without data-server, the "webhook" next to this script). The sender id is 128 random bits from crypto.getRandomValues. The conversation (sender id
 * and the messages shown) is kept in sessionStorage: it survives reloads and navigation in the same tab, and ends
 * with the tab or on "New conversation".
 *
 * Safety of rendering: every text goes into the page through textContent / createTextNode; links are built as
 * elements with an http(s) href checked by the URL parser. No innerHTML, no eval, no inline style: it runs under
 * script-src 'self'; style-src 'self'.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__baclofenWidget) { return; }
  window.__baclofenWidget = true;

  var STRINGS = {
    en: {
      title: "Baclofen questions",
      open: "Open chat", close: "Close chat", newConversation: "New conversation",
      disclaimer: "Automated assistant answering from the hospital's baclofen leaflet. Not a doctor.",
      about: "About & disclaimer", hotline: "Talk to the hotline",
      inputLabel: "Your question", placeholder: "Ask about baclofen…", send: "Send",
      you: "You said:", bot: "Assistant:", typing: "The assistant is typing…",
      suggestions: "Suggested replies",
      unreachable: "The assistant cannot be reached right now. Check your connection and try again.",
      noAnswer: "No answer came back from the assistant. Try again, or call the hotline.",
      emergency: "If this is an emergency, call {number} now.", emergencyDefault: "your emergency number",
      retry: "Retry", notSent: "Not sent", language: "Language"
    },
    vi: {
      title: "Hỏi đáp về baclofen",
      open: "Mở trò chuyện", close: "Đóng trò chuyện", newConversation: "Cuộc trò chuyện mới",
      disclaimer: "Trợ lý tự động trả lời theo tờ hướng dẫn sử dụng baclofen của bệnh viện. Không phải bác sĩ.",
      about: "Giới thiệu và lưu ý", hotline: "Gọi đường dây nóng",
      inputLabel: "Câu hỏi của bạn", placeholder: "Hỏi về baclofen…", send: "Gửi",
      you: "Bạn:", bot: "Trợ lý:", typing: "Trợ lý đang trả lời…",
      suggestions: "Gợi ý trả lời",
      unreachable: "Hiện không kết nối được với trợ lý. Hãy kiểm tra kết nối mạng và thử lại.",
      noAnswer: "Trợ lý không trả lời. Hãy thử lại, hoặc gọi đường dây nóng.",
      emergency: "Nếu là trường hợp cấp cứu, hãy gọi {number} ngay.", emergencyDefault: "số cấp cứu",
      retry: "Thử lại", notSent: "Chưa gửi", language: "Ngôn ngữ"
    },
    fr: {
      title: "Questions sur le baclofène",
      open: "Ouvrir la discussion", close: "Fermer la discussion", newConversation: "Nouvelle conversation",
      disclaimer: "Assistant automatique qui répond d'après la notice du baclofène de l'hôpital. Ce n'est pas un médecin.",
      about: "À propos et avertissement", hotline: "Parler à la ligne d'assistance",
      inputLabel: "Votre question", placeholder: "Posez votre question…", send: "Envoyer",
      you: "Vous :", bot: "Assistant :", typing: "L'assistant écrit…",
      suggestions: "Réponses proposées",
      unreachable: "L'assistant est injoignable pour le moment. Vérifiez votre connexion et réessayez.",
      noAnswer: "L'assistant n'a pas répondu. Réessayez, ou appelez la ligne d'assistance.",
      emergency: "En cas d'urgence, appelez le {number} maintenant.", emergencyDefault: "numéro d'urgence",
      retry: "Réessayer", notSent: "Non envoyé", language: "Langue"
    }
  };
  // The header's switch: each language by its code and its own name (said in that language: lang attribute).
  var SWITCH = [{ code: "en", short: "EN", name: "English" }, { code: "vi", short: "VI", name: "Tiếng Việt" }];
  // The languages the assistant answers in: the only values of the metadata hint (channels/webchat.py keeps these).
  var HINTS = { en: true, vi: true };
  // Letters only Vietnamese writes (not French, not English): a first message with one is Vietnamese.
  var VIETNAMESE_LETTERS = /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]/i;
  // Payloads of the always-visible buttons: intents of the assistant (Rasa's "/intent" syntax).
  var ABOUT_PAYLOAD = "/help";
  var HOTLINE_PAYLOAD = "/ask_human";
  var GREET_PAYLOAD = "/greet";
  var MAX_STORED = 200;
  var TIMEOUT_MS = 45000;

  // ----- options
  var data = script.dataset;
  function supported(code) {
    var primary = String(code || "").trim().toLowerCase().split("-")[0];
    return STRINGS[primary] ? primary : null;
  }
  // The page's choice: the script's data-lang, else the page's own <html lang>.
  var pageLang = supported(data.lang) || supported(document.documentElement.getAttribute("lang"));
  var base = new URL(".", script.src);
  var webhook = data.server
    ? new URL(data.server, document.baseURI).href.replace(/\/+$/, "") + "/webhooks/webchat/webhook"
    : new URL("webhook", base).href;
  var storageKey = "baclofen-chat:" + webhook;

  // ----- state (sessionStorage: this tab only)
  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "null");
      if (saved && /^[0-9a-f]{32}$/.test(saved.sender) && Array.isArray(saved.messages)) { return saved; }
    } catch (e) { /* storage unavailable or corrupt: start afresh */ }
    return null;
  }
  function save() {
    try {
      state.messages = state.messages.slice(-MAX_STORED);
      window.sessionStorage.setItem(storageKey, JSON.stringify(state));
    } catch (e) { /* private mode or full: the conversation just won't survive a reload */ }
  }
  function newSender() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  var state = load() || { sender: newSender(), messages: [], open: false };
  // state.lang: the widget's language; state.langBy: what decided it ("switch", "message", "page"; none: the
  // English fallback, which is not sent as a hint, so that the assistant's detector reads the first message).
  // A language the user chose (switch, first message) follows the conversation from page to page; otherwise each
  // page's own language decides.
  if (!supported(state.lang) || (state.langBy !== "switch" && state.langBy !== "message")) {
    state.lang = pageLang || "en";
    state.langBy = pageLang ? "page" : null;
  }
  var lang = state.lang;
  var t = STRINGS[lang];
  // data-title is written in the page's language: in another language the widget's own title.
  function title() { return data.title && lang === pageLang ? data.title : t.title; }
  // Each message's own id, sent again with it on Retry: a message the server already answered is not stored twice
  // (stores/resends.py) and its stored reply comes back.
  function newMessageId() { return newSender(); }

  // ----- DOM helpers (no innerHTML anywhere)
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function button(className, label, onClick) {
    var b = el("button", className, label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function srOnly(text) { return el("span", "bcw-sr", text); }
  function icon(kind) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", kind === "close"
      ? "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12 19 6.4 17.6 5 12 10.6z"
      : "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 6v2h2v-2zm4 0v2h2v-2zm4 0v2h2v-2z");
    svg.appendChild(path);
    return svg;
  }

  // Text with URLs: text nodes and <a> elements. Only http(s) URLs become links.
  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;
  function appendLinkified(parent, text) {
    var last = 0, match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?)\]]+$/, "");
      var href = null;
      try {
        var parsed = new URL(raw);
        if (parsed.protocol === "http:" || parsed.protocol === "https:") { href = parsed.href; }
      } catch (e) { href = null; }
      if (!href) { continue; }
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = el("a", null, raw);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      parent.appendChild(a);
      last = match.index + raw.length;
      URL_RE.lastIndex = last;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // An answer: paragraphs with line breaks, "- " lines as a list, the final "Source: ..." line apart (quieter).
  function renderBotText(container, text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var source = null;
    while (lines.length && !lines[lines.length - 1].trim()) { lines.pop(); }
    if (lines.length && /^Source:/.test(lines[lines.length - 1].trim())) { source = lines.pop().trim(); }
    var paragraph = null, list = null;
    lines.forEach(function (line) {
      if (/^\s*[-•]\s+/.test(line)) {
        paragraph = null;
        if (!list) { list = container.appendChild(el("ul", "bcw-list")); }
        var item = list.appendChild(el("li"));
        appendLinkified(item, line.replace(/^\s*[-•]\s+/, ""));
      } else if (!line.trim()) {
        paragraph = null; list = null;
      } else {
        list = null;
        if (paragraph) { paragraph.appendChild(el("br")); } else { paragraph = container.appendChild(el("p")); }
        appendLinkified(paragraph, line);
      }
    });
    if (source) { container.appendChild(el("p", "bcw-source", source)); }
  }

  // ----- the widget's DOM, inside a shadow root so the host page's CSS and ours do not mix
  var host = el("div");
  host.id = "baclofen-chat";
  host.hidden = true; // until our stylesheet has loaded
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var sheet = el("link");
  sheet.rel = "stylesheet";
  sheet.href = new URL("widget.css", base).href;
  sheet.addEventListener("load", function () { host.hidden = false; });
  sheet.addEventListener("error", function () { host.hidden = false; });
  root.appendChild(sheet);

  var frame = root.appendChild(el("div", "bcw"));
  frame.setAttribute("lang", lang);
  [["accent", "--bcw-accent"], ["accentText", "--bcw-accent-text"]].forEach(function (option) {
    var value = data[option[0]];
    if (value && window.CSS && CSS.supports("color", value)) { frame.style.setProperty(option[1], value); }
  });

  var panelId = "bcw-panel";
  var launcher = frame.appendChild(button("bcw-launcher", "", function () { setOpen(!state.open); }));
  launcher.setAttribute("aria-controls", panelId);
  // The launcher's icon says what a click does, like its label: a chat bubble to open, a cross to close.
  function showLauncher(open) {
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.setAttribute("aria-label", open ? t.close : t.open + ": " + title());
    while (launcher.firstChild) { launcher.removeChild(launcher.firstChild); }
    launcher.appendChild(icon(open ? "close" : "chat"));
  }

  var panel = frame.appendChild(el("section", "bcw-panel"));
  panel.id = panelId;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", "bcw-title");

  // A plain div, not <header>: inside the dialog a <header> is read as a second banner landmark of the page.
  var header = panel.appendChild(el("div", "bcw-header"));
  var heading = header.appendChild(el("h2", "bcw-title", title()));
  heading.id = "bcw-title";
  // EN / VI: toggle buttons (aria-pressed) in a labelled group; each says its language's name in that language.
  var switcher = header.appendChild(el("div", "bcw-lang"));
  switcher.setAttribute("role", "group");
  var switchButtons = SWITCH.map(function (option) {
    var b = switcher.appendChild(button("bcw-lang-option", option.short, function () { setLanguage(option.code, "switch"); }));
    b.setAttribute("lang", option.code);
    b.setAttribute("data-lang", option.code);
    b.appendChild(srOnly(" " + option.name));
    return b;
  });
  var restart = header.appendChild(button("bcw-restart", t.newConversation, function () { newConversation(); }));
  var closer = header.appendChild(button("bcw-close", "", function () { setOpen(false); }));
  closer.setAttribute("aria-label", t.close);
  closer.appendChild(icon("close"));

  var notice = panel.appendChild(el("div", "bcw-notice"));
  notice.appendChild(el("p", "bcw-disclaimer", t.disclaimer));
  var noticeActions = notice.appendChild(el("div", "bcw-notice-actions"));
  var aboutButton = noticeActions.appendChild(button("bcw-link", t.about, function () {
    send(ABOUT_PAYLOAD, t.about);
  }));
  var hotlineButton = noticeActions.appendChild(button("bcw-link bcw-hotline", t.hotline, function () {
    send(HOTLINE_PAYLOAD, t.hotline);
  }));

  var log = panel.appendChild(el("div", "bcw-log"));
  log.tabIndex = 0;
  log.setAttribute("aria-label", title());

  var typing = panel.appendChild(el("div", "bcw-typing"));
  typing.setAttribute("role", "status");
  var dots = typing.appendChild(el("span", "bcw-dots"));
  dots.setAttribute("aria-hidden", "true");
  dots.appendChild(el("span")); dots.appendChild(el("span")); dots.appendChild(el("span"));
  var typingText = typing.appendChild(el("span", "bcw-sr"));

  var problem = panel.appendChild(el("div", "bcw-problem"));
  problem.setAttribute("role", "alert");
  var problemText = problem.appendChild(el("p"));
  var retryButton = problem.appendChild(button("bcw-retry", t.retry, function () { retry(); }));
  problem.hidden = true;

  var replies = panel.appendChild(el("div", "bcw-replies"));
  replies.setAttribute("role", "group");
  replies.setAttribute("aria-label", t.suggestions);

  var form = panel.appendChild(el("form", "bcw-form"));
  form.noValidate = true;
  var inputLabel = form.appendChild(el("label", "bcw-sr", t.inputLabel));
  inputLabel.htmlFor = "bcw-input";
  var input = form.appendChild(el("textarea", "bcw-input"));
  input.id = "bcw-input";
  input.rows = 1;
  input.maxLength = 1000;
  input.placeholder = t.placeholder;
  input.setAttribute("autocomplete", "off");
  var sendButton = form.appendChild(el("button", "bcw-send", t.send));
  sendButton.type = "submit";

  // ----- rendering
  function renderMessage(message) {
    var bubble = el("div", "bcw-msg bcw-" + message.from);
    bubble.appendChild(srOnly(message.from === "user" ? t.you + " " : t.bot + " ")).classList.add("bcw-who");
    var body = bubble.appendChild(el("div", "bcw-body"));
    if (message.from === "user") {
      body.textContent = message.text; // shown as typed, never parsed
    } else {
      renderBotText(body, message.text);
    }
    log.appendChild(bubble);
    return bubble;
  }
  function renderReplies() {
    while (replies.firstChild) { replies.removeChild(replies.firstChild); }
    var last = state.messages[state.messages.length - 1];
    var choices = last && last.from === "bot" && Array.isArray(last.buttons) ? last.buttons : [];
    choices.forEach(function (choice) {
      if (!choice || typeof choice.title !== "string" || typeof choice.payload !== "string") { return; }
      replies.appendChild(button("bcw-reply", choice.title, function () {
        send(choice.payload, choice.title);
        input.focus();
      }));
    });
    replies.hidden = !replies.firstChild;
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  // A new answer is read from its first line: a long one is scrolled to its start, not to its end (its notes and
  // source), so that the starting dose is what the reader sees first. A short one ends up at the bottom anyway.
  function scrollToStart(bubble) {
    var gap = parseFloat(getComputedStyle(log).paddingTop) || 0;
    log.scrollTop = Math.min(bubble.offsetTop - gap, log.scrollHeight - log.clientHeight);
  }
  function renderAll() {
    while (log.firstChild) { log.removeChild(log.firstChild); }
    state.messages.forEach(renderMessage);
    renderReplies();
    scrollDown();
  }

  // ----- talking to the server
  var pending = null; // {message, shown, bubble} while a request is in flight or failed
  function setBusy(busy) {
    dots.hidden = !busy;
    typingText.textContent = busy ? t.typing : "";
    sendButton.disabled = busy;
    aboutButton.disabled = hotlineButton.disabled = restart.disabled = busy;
    Array.prototype.forEach.call(replies.querySelectorAll("button"), function (b) { b.disabled = busy; });
    log.setAttribute("aria-busy", busy ? "true" : "false");
  }
  var problemKind = null; // "unreachable" or "noAnswer": said again in the new language after a switch
  function showProblem(kind) {
    problemKind = kind;
    var number = data.emergencyNumber || t.emergencyDefault;
    problemText.textContent = t[kind] + " " + t.emergency.replace("{number}", number);
    problem.hidden = false;
  }

  // ----- language
  // Every word of the widget's own, in the current language (the messages themselves are not translated).
  function applyLanguage() {
    t = STRINGS[lang];
    frame.setAttribute("lang", lang);
    heading.textContent = title();
    log.setAttribute("aria-label", title());
    switcher.setAttribute("aria-label", t.language);
    switchButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === lang ? "true" : "false");
    });
    restart.textContent = t.newConversation;
    closer.setAttribute("aria-label", t.close);
    notice.querySelector(".bcw-disclaimer").textContent = t.disclaimer;
    aboutButton.textContent = t.about;
    hotlineButton.textContent = t.hotline;
    retryButton.textContent = t.retry;
    replies.setAttribute("aria-label", t.suggestions);
    inputLabel.textContent = t.inputLabel;
    input.placeholder = t.placeholder;
    sendButton.textContent = t.send;
    if (typingText.textContent) { typingText.textContent = t.typing; }
    if (!problem.hidden && problemKind) { showProblem(problemKind); }
    Array.prototype.forEach.call(log.querySelectorAll(".bcw-msg"), function (bubble) {
      var who = bubble.querySelector(".bcw-who");
      if (who) { who.textContent = (bubble.classList.contains("bcw-user") ? t.you : t.bot) + " "; }
      var note = bubble.querySelector(".bcw-failed-note");
      if (note) { note.textContent = t.notSent; }
    });
    if (launcher.hasAttribute("aria-expanded")) { showLauncher(state.open); }
  }
  function setLanguage(code, by) {
    if (!STRINGS[code]) { return; }
    lang = state.lang = code;
    state.langBy = by;
    save();
    applyLanguage();
  }
  // What the assistant is told of the language with `message` (see the top of this file).
  function languageHint(message, decidedByIt) {
    if (!HINTS[lang]) { return undefined; }
    // The greeting is the widget's first words: in the widget's language, whatever decided it.
    var told = state.langBy === "switch" || decidedByIt || (Boolean(state.langBy) && message === GREET_PAYLOAD);
    return told ? { language: lang } : undefined;
  }

  function send(message, shown, decidedByIt) {
    if (pending) { return; } // one message at a time; a failed one waits for Retry
    var bubble = null;
    if (shown !== null) {
      var entry = { from: "user", text: shown };
      state.messages.push(entry);
      save();
      bubble = renderMessage(entry);
    }
    replies.hidden = true;
    pending = { message: message, bubble: bubble, id: newMessageId(), metadata: languageHint(message, decidedByIt) };
    deliver();
  }
  function retry() {
    if (!pending) { return; }
    deliver();
  }
  function deliver() {
    var current = pending;
    problem.hidden = true;
    if (current.bubble) { current.bubble.classList.remove("bcw-failed"); }
    setBusy(true);
    scrollDown();
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, TIMEOUT_MS);
    fetch(webhook, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: current.message, message_id: current.id,
                             metadata: current.metadata }),
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (answers) {
      clearTimeout(timer);
      var texts = (Array.isArray(answers) ? answers : []).filter(function (a) {
        return a && typeof a.text === "string";
      });
      if (!texts.length) { throw new Error("empty"); }
      pending = null;
      setBusy(false);
      var first = null;
      texts.forEach(function (a) {
        var entry = { from: "bot", text: a.text };
        if (Array.isArray(a.buttons) && a.buttons.length) {
          entry.buttons = a.buttons.map(function (b) { return { title: String(b.title), payload: String(b.payload) }; });
        }
        state.messages.push(entry);
        var bubble = renderMessage(entry);
        first = first || bubble;
      });
      save();
      renderReplies();
      scrollToStart(first);
    }).catch(function (error) {
      clearTimeout(timer);
      setBusy(false);
      if (current.bubble) {
        current.bubble.classList.add("bcw-failed");
        if (!current.bubble.querySelector(".bcw-failed-note")) {
          current.bubble.appendChild(el("span", "bcw-failed-note", t.notSent));
        }
      }
      showProblem(error && error.message === "empty" ? "noAnswer" : "unreachable");
      retryButton.focus();
    });
  }

  // ----- opening, closing, new conversation
  function setOpen(open) {
    state.open = open;
    save();
    frame.classList.toggle("bcw-is-open", open);
    panel.hidden = !open;
    showLauncher(open);
    if (open) {
      if (!state.messages.length && !pending) { send(GREET_PAYLOAD, null); }
      scrollDown();
      input.focus();
    } else {
      launcher.focus();
    }
  }
  function newConversation() {
    if (pending) { pending = null; problem.hidden = true; }
    state = { sender: newSender(), messages: [], open: true, lang: lang, langBy: state.langBy };
    save();
    renderAll();
    send(GREET_PAYLOAD, null);
    input.focus();
  }

  // ----- events
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || pending) { return; }
    input.value = "";
    // The first message decides, unless the switch did: one written with Vietnamese letters makes the widget
    // Vietnamese before it is sent (so it carries the hint).
    var first = !state.messages.some(function (m) { return m.from === "user"; });
    var decides = first && state.langBy !== "switch" &&
      VIETNAMESE_LETTERS.test(text.normalize ? text.normalize("NFC") : text);
    if (decides) { setLanguage("vi", "message"); }
    send(text, text, decides);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { sendButton.click(); }
    }
  });
  frame.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && state.open) { event.stopPropagation(); setOpen(false); }
  });

  // ----- start: restore what this tab already said, then make the log live (so restoring is not re-announced)
  function start() {
    document.body.appendChild(host);
    applyLanguage();
    renderAll();
    dots.hidden = true;
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    var wasOpen = state.open;
    frame.classList.toggle("bcw-is-open", wasOpen);
    panel.hidden = !wasOpen;
    showLauncher(wasOpen);
    if (wasOpen && !state.messages.length) { send(GREET_PAYLOAD, null); }
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
}());
