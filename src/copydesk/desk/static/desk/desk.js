/* The review screen: edit segments with protected tags, autosave, conflicts, keyboard.
 *
 * A segment's text is shown with its tags as non-editable chips
 * (<span data-tag="<g1>">); serialize() turns the edited element back into the
 * tagged string the server stores. Every save carries the version the editor
 * started from, so a save on top of someone else's change comes back as a
 * conflict (HTTP 409) with both texts, and the editor chooses.
 */
(function () {
  "use strict";

  const SAVE_DELAY_MS = 800;
  const TAG_SPLIT = /(<g\d+>|<\/g\d+>|<x\d+\/>)/;

  const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;
  // Segments of a block left out of the translation are shown, but need no review.
  const segments = () => Array.from(document.querySelectorAll(".segment:not(.left-out)"));
  const editorOf = (seg) => seg.querySelector(".target.editable");
  const current = () => (document.activeElement && document.activeElement.closest(".segment"))
    || document.querySelector(".segment.current");

  function serialize(node) {
    let out = "";
    node.childNodes.forEach((child) => {
      if (child.nodeType === Node.TEXT_NODE) {
        out += child.nodeValue;
      } else if (child.nodeType === Node.ELEMENT_NODE && child.dataset.tag) {
        out += child.dataset.tag;
      } else if (child.nodeType === Node.ELEMENT_NODE && child.tagName !== "BR") {
        out += serialize(child);
      }
    });
    return out;
  }

  function chip(tag) {
    const span = document.createElement("span");
    span.className = "chip";
    span.contentEditable = "false";
    span.dataset.tag = tag;
    span.textContent = tag.replace(/[<>]/g, "").replace(/\/$/, "");
    return span;
  }

  function fill(element, tagged) {
    element.replaceChildren(...tagged.split(TAG_SPLIT).filter((part) => part !== "")
      .map((part) => (TAG_SPLIT.test(part) ? chip(part) : document.createTextNode(part))));
  }

  function say(seg, text, kind) {
    const place = seg.querySelector(".save-state");
    place.textContent = text;
    place.className = "save-state " + (kind || "");
  }

  async function post(seg, url, text) {
    const body = new URLSearchParams({ version: seg.dataset.version });
    if (text !== null) body.set("text", text);
    const response = await fetch(url, {
      method: "POST", body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    });
    let data = {};
    try { data = await response.json(); } catch (err) { data = { error: "The desk did not answer properly; reload the page." }; }
    return { ok: response.ok, status: response.status, data };
  }

  function applied(seg, data) {
    seg.dataset.version = data.version;
    seg.dataset.saved = data.target;
    seg.classList.toggle("confirmed", data.state === "confirmed");
    seg.classList.toggle("draft", data.state !== "confirmed");
    if (data.state === "confirmed") {  // confirming settles a change in the source
      seg.classList.remove("needs-work");
      seg.querySelectorAll(".badge.needs-work").forEach((badge) => badge.remove());
    }
    const badge = seg.querySelector(".seg-state");
    badge.textContent = data.state === "confirmed" ? "Confirmed" : "Draft";
    badge.className = "badge seg-state " + data.state;
    const issues = seg.querySelector(".issues");
    issues.innerHTML = data.issues_html;  // rendered and escaped by the server
    seg.classList.toggle("has-issues", issues.querySelector(".issue-item") !== null);
    window.htmx.process(issues);
    document.getElementById("progress").innerHTML = data.progress_html;
    recount(seg.closest(".block"));
    // The review filters (review_filters.js) count again and may hide the segment later.
    seg.dispatchEvent(new CustomEvent("desk:segment-changed", { bubbles: true }));
  }

  function showConflict(seg, data) {
    const box = seg.querySelector(".conflict");
    box.replaceChildren();
    const note = document.createElement("p");
    note.textContent = data.error;
    box.append(note);
    const theirs = data.editor ? "Text saved by " + data.editor : "Their text (saved)";
    for (const [label, text, choice] of [[theirs, data.theirs, "theirs"],
                                         ["Your text (not saved)", data.yours, "mine"]]) {
      const column = document.createElement("div");
      const heading = document.createElement("strong");
      heading.textContent = label;
      const body = document.createElement("p");
      body.className = "conflict-text";
      fill(body, text);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice === "theirs" ? "Use their text" : "Keep my text";
      button.addEventListener("click", () => resolveConflict(seg, data, choice));
      column.append(heading, body, button);
      box.append(column);
    }
    box.hidden = false;
    say(seg, "Conflict: choose a text", "bad");
  }

  function resolveConflict(seg, data, choice) {
    seg.dataset.version = data.version;
    seg.dataset.saved = data.theirs;
    seg.querySelector(".conflict").hidden = true;
    if (choice === "theirs") {
      fill(editorOf(seg), data.theirs);
      say(seg, "Their text kept", "good");
    } else {
      fill(editorOf(seg), data.yours);
      queue(seg, save);
    }
  }

  function failed(seg, result) {
    if (result.status === 409 && result.data.code === "edit_conflict") {
      showConflict(seg, result.data);
    } else {
      say(seg, result.data.error || "Not saved", "bad");
    }
  }

  async function save(seg) {
    const editor = editorOf(seg);
    if (!editor || !seg.querySelector(".conflict").hidden) return false;
    const text = serialize(editor);
    if (text === seg.dataset.saved) {  // an edit undone: nothing to send
      if (seg.querySelector(".save-state").textContent === "Editing…") say(seg, "Saved", "good");
      return true;
    }
    say(seg, "Saving…");
    const result = await post(seg, seg.dataset.saveUrl, text);
    if (!result.ok) { failed(seg, result); return false; }
    applied(seg, result.data);
    say(seg, "Saved", "good");
    return true;
  }

  async function confirmSegment(seg) {
    const editor = editorOf(seg);
    if (!editor || !seg.querySelector(".conflict").hidden) return false;
    say(seg, "Confirming…");
    const result = await post(seg, seg.dataset.confirmUrl, serialize(editor));
    if (!result.ok) { failed(seg, result); return false; }
    applied(seg, result.data);
    say(seg, "Confirmed", "good");
    return true;
  }

  /* A translation memory suggestion replaces the editor's text and is saved like an edit. */
  function useSuggestion(seg, text) {
    const editor = editorOf(seg);
    if (!editor) return;
    fill(editor, text);
    editor.focus();
    queue(seg, save);
  }

  /* One request at a time per segment, so each save starts from the last saved version. */
  function queue(seg, step) {
    seg.pending = (seg.pending || Promise.resolve()).then(() => step(seg));
    return seg.pending;
  }

  function focusSegment(seg) {
    if (!seg) return;
    document.querySelectorAll(".segment.current").forEach((s) => s.classList.remove("current"));
    seg.classList.add("current");
    (editorOf(seg) || seg).focus();
    seg.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  /* The next (step 1) or previous (-1) segment the review filter shows (the others are
   * hidden). */
  function move(step) {
    const all = segments();
    const at = all.indexOf(current());
    for (let i = at + step; i >= 0 && i < all.length; i += step) {
      if (!all[i].hidden) return focusSegment(all[i]);
    }
  }

  /* The next segment the filter shows that is ``wanted``, from the top again after the last
   * one; false when there is none. */
  function nextWhere(wanted) {
    const all = segments();
    const at = all.indexOf(current());
    const found = all.map((seg, index) => [seg, index])
      .filter(([seg]) => !seg.hidden && wanted(seg));
    if (!found.length) return false;
    focusSegment((found.find(([, index]) => index > at) || found[0])[0]);
    return true;
  }

  const changedInSource = (seg) => seg.classList.contains("needs-work");
  // An issue is open until it is fixed or (a blocker) overridden; confirmed segments are done.
  const openIssue = (seg) => !seg.classList.contains("confirmed")
    && seg.querySelector(".issues .issue-item:not(.overridden)") !== null;
  const nextChanged = () => nextWhere(changedInSource);

  function nextIssue(seg) {
    if (!nextWhere(openIssue) && seg) say(seg, "No unconfirmed segment with an open issue is shown");
  }

  function onKey(event) {
    const seg = current();
    const inField = event.target.closest && event.target.closest("input, textarea, select, [contenteditable='true']");
    if (event.ctrlKey && event.key === "Enter" && seg) {
      event.preventDefault();
      queue(seg, confirmSegment).then((done) => { if (done) move(1); });
    } else if (event.altKey && event.key === "ArrowDown") {
      event.preventDefault(); move(1);
    } else if (event.altKey && event.key === "ArrowUp") {
      event.preventDefault(); move(-1);
    } else if (event.altKey && event.code === "KeyN") {
      event.preventDefault(); nextIssue(seg);
    } else if (event.altKey && event.code === "KeyC") {
      event.preventDefault(); nextChanged();
    } else if (event.altKey && event.code === "KeyD" && seg) {
      event.preventDefault(); seg.querySelector(".diff-toggle").click();
    } else if (!inField && !event.ctrlKey && !event.altKey && !event.metaKey && (event.key === "j" || event.key === "k")) {
      event.preventDefault(); move(event.key === "j" ? 1 : -1);
    } else if (event.key === "Enter" && event.target.classList.contains("editable")) {
      event.preventDefault();  // a segment is one line of text
    }
  }

  /* Review evidence: active time per segment, keystrokes and focus, reported every few
   * seconds. Time counts only while the page is visible and the editor did something
   * (typed, clicked, scrolled, moved the mouse) within the last IDLE_MS; the desk
   * credits no more than the time that passed on its own clock. */
  const IDLE_MS = 60000;
  const TICK_MS = 1000;
  const REPORT_MS = 15000;

  function activityTracker(sheet) {
    const url = sheet.dataset.activityUrl;
    const counts = new Map();
    let lastInput = Date.now();
    let lastTick = Date.now();
    const entry = (seg) => {
      const id = Number(seg.dataset.id);
      if (!counts.has(id)) counts.set(id, { segment: id, active_ms: 0, keystrokes: 0, focuses: 0 });
      return counts.get(id);
    };
    const touched = () => { lastInput = Date.now(); };
    ["mousemove", "pointerdown", "wheel", "scroll", "keydown", "focusin"].forEach((name) =>
      document.addEventListener(name, touched, { passive: true, capture: true }));
    document.addEventListener("keydown", (event) => {
      const seg = event.target.closest && event.target.closest(".segment");
      if (seg) entry(seg).keystrokes += 1;
    }, true);
    document.addEventListener("focusin", (event) => {
      const seg = event.target.closest && event.target.closest(".segment");
      if (seg) entry(seg).focuses += 1;
    });
    setInterval(() => {
      const now = Date.now();
      const step = Math.min(now - lastTick, 2 * TICK_MS);
      lastTick = now;
      const seg = current();
      if (seg && document.visibilityState === "visible" && now - lastInput <= IDLE_MS) {
        entry(seg).active_ms += step;
      }
    }, TICK_MS);

    async function report(keepalive) {
      if (!counts.size) return;
      const body = JSON.stringify({ segments: Array.from(counts.values()) });
      counts.clear();
      try {
        const response = await fetch(url, {
          method: "POST", body, keepalive, credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json", Accept: "application/json" },
        });
        const data = await response.json();
        const box = document.getElementById("evidence");
        if (response.ok && box && data.evidence_html) box.outerHTML = data.evidence_html;
        const here = document.getElementById("presence");
        if (response.ok && here && data.presence_html) here.outerHTML = data.presence_html;
      } catch (err) { /* the next report carries on; time not credited is simply lost */ }
    }
    setInterval(() => report(false), REPORT_MS);
    window.addEventListener("pagehide", () => report(true));
    return report;
  }

  /* The headline's and standfirst's counters: characters a reader sees (tags left out,
   * NFC, code points), as the server counts them; the text says when it is over. */
  function recount(block) {
    const box = block && block.querySelector(".char-count");
    if (!box) return;
    const limit = Number(box.dataset.limit);
    const count = Array.from(block.querySelectorAll(".segment")).reduce((sum, seg) => {
      const target = seg.querySelector(".target");
      const text = target ? serialize(target).replace(/<\/?g\d+>|<x\d+\/>/g, "") : "";
      return sum + Array.from(text.normalize("NFC")).length;
    }, 0);
    box.querySelector(".count").textContent = count + "/" + limit;
    box.querySelector(".over-note").textContent = count > limit
      ? ": " + (count - limit) + " over the " + box.dataset.label + " limit" : "";
    box.classList.toggle("over", count > limit);
  }

  function prepare(seg) {
    const editor = editorOf(seg);
    if (!editor) return;
    seg.dataset.saved = serialize(editor);
    let timer = null;
    editor.addEventListener("input", () => {
      recount(seg.closest(".block"));
      say(seg, "Editing…");
      clearTimeout(timer);
      timer = setTimeout(() => queue(seg, save), SAVE_DELAY_MS);
    });
    editor.addEventListener("focusout", () => { clearTimeout(timer); queue(seg, save); });
    editor.addEventListener("paste", (event) => {
      if (event.defaultPrevented) return;  // pasted with its tags (tag_keys.js)
      event.preventDefault();
      const text = (event.clipboardData.getData("text/plain") || "").replace(/\s*\n\s*/g, " ");
      document.execCommand("insertText", false, text);
    });
  }

  /* A segment's diff against the machine draft is a toggle (its button, Alt+D): a second
   * press hides it, and the button's aria-expanded says which. A comment posted or resolved
   * replaces the comment box; the focus goes back to its field (or the segment), not to the
   * page's body, and the segment's Comments button counts the comments the box now shows. */
  function keepDiffAndCommentFocus() {
    document.addEventListener("htmx:beforeRequest", (event) => {
      const button = event.detail.elt;
      if (!button.matches || !button.matches(".diff-toggle[aria-expanded='true']")) return;
      event.preventDefault();
      document.getElementById(button.getAttribute("aria-controls")).replaceChildren();
      button.setAttribute("aria-expanded", "false");
    });
    document.addEventListener("htmx:afterRequest", (event) => {
      const button = event.detail.elt;
      if (button.matches && button.matches(".diff-toggle") && event.detail.successful) {
        button.setAttribute("aria-expanded", "true");
      }
    });
    document.addEventListener("htmx:afterSwap", (event) => {
      const box = event.detail.target;
      if (!box.matches || !box.matches(".comments-box")) return;
      const toggle = document.querySelector(`.comments-toggle[aria-controls="${box.id}"]`);
      const count = box.querySelectorAll(".comment").length;
      if (toggle) toggle.textContent = count ? `Comments (${count})` : "Comments";
      const lost = !document.activeElement || document.activeElement === document.body;
      const field = box.querySelector("input[name=text]");
      if (lost) (field || box.closest(".segment")).focus();
    });
  }

  function setUp() {
    segments().forEach(prepare);
    // A segment of a streaming draft put in place (stream.js) gets the same handlers.
    document.addEventListener("desk:segment-arrived", (event) => {
      prepare(event.target);
      recount(event.target.closest(".block"));
    });
    // A segment saved by the review tools (find and replace) is shown as saved.
    document.addEventListener("desk:segment-saved", (event) => {
      const seg = event.target;
      const editor = editorOf(seg);
      // A re-check leaves the text as saved: keep whatever the editor is typing. A new text
      // is not put over unsaved typing either: the segment keeps its version, so the
      // editor's save meets the new text as a conflict and shows both.
      if (editor && event.detail.target !== seg.dataset.saved) {
        if (serialize(editor) !== seg.dataset.saved) return;
        fill(editor, event.detail.target);
      }
      applied(seg, event.detail);
      say(seg, event.detail.note || "Replaced", "good");
    });
    document.addEventListener("focusin", (event) => {
      const seg = event.target.closest && event.target.closest(".segment");
      if (seg) {
        document.querySelectorAll(".segment.current").forEach((s) => s.classList.remove("current"));
        seg.classList.add("current");
      }
    });
    document.addEventListener("click", (event) => {
      const button = event.target.closest("[data-action='confirm']");
      if (button) queue(button.closest(".segment"), confirmSegment);
      const suggestion = event.target.closest("[data-action='use-suggestion']");
      if (suggestion) useSuggestion(suggestion.closest(".segment"), suggestion.dataset.text);
      if (event.target.closest("[data-action='next-changed']")) nextChanged();
    });
    const next = document.querySelector("[data-action='next-changed']");
    if (next && !document.querySelector(".segment.needs-work")) {
      next.disabled = true;
      next.textContent = "No segment changed in source";
    }
    const linked = /^#seg-\d+$/.test(location.hash) && document.querySelector(location.hash);
    if (linked) focusSegment(linked);  // a link from the comparison of source versions
    document.addEventListener("keydown", onKey);
    keepDiffAndCommentFocus();
    const sheet = document.querySelector(".sheet");
    if (sheet.dataset.activityUrl && !("readOnly" in sheet.dataset)) {
      const report = activityTracker(sheet);
      const approve = document.getElementById("approve");
      if (approve) {
        approve.addEventListener("submit", (event) => {
          event.preventDefault();
          report(false).finally(() => approve.submit());
        });
      }
    }
  }

  /* Polling (the inbox's lists, a translating row, the translation's progress): an element
   * marked data-poll is fetched again every few seconds, except while the page is hidden or
   * the person is typing in it (a reason, an editor's name), which the new copy would wipe. */
  function typingIn(element) {
    const active = document.activeElement;
    if (active && element.contains(active) && active.matches("input, select, textarea")) return true;
    return Array.from(element.querySelectorAll("input:not([type=hidden]), textarea"))
      .some((field) => field.value !== field.defaultValue);
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const element = event.detail.elt;
    if (!element || !element.hasAttribute || !element.hasAttribute("data-poll")) return;
    if (document.visibilityState === "hidden" || typingIn(element)) event.preventDefault();
  });

  /* A table too wide for the screen scrolls in its own box (.table-scroll); while it does, the
   * box is a named region the keyboard can reach and scroll. */
  function markScrollingTables() {
    document.querySelectorAll(".table-scroll").forEach((box) => {
      if (box.scrollWidth > box.clientWidth + 1) {
        const section = box.closest("section");
        const heading = section && section.querySelector("h1, h2, h3");
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (heading ? heading.textContent.trim() : "Table") + " (scrolls sideways)");
      } else if (box.hasAttribute("tabindex")) {
        ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
      }
    });
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
  document.addEventListener("htmx:afterSettle", markScrollingTables);

  // What the tag keys (tag_keys.js) build on: the same chips and tagged text as here.
  window.copydeskTags = { chip, serialize, fill, say };
  if (document.querySelector(".sheet")) setUp();
})();
