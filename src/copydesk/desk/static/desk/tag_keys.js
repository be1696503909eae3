/* Tags from the keyboard on the review screen, with the keys of the usual translation tools.
 *
 * F8 (or Alt+T) puts at the caret the next tag of the source that the translation lacks,
 * in source order; with words selected, the next pair the translation lacks goes around
 * them. Ctrl+Insert (or Ctrl+I) copies the source into the translation, tags included.
 * Copying from a source, a translation or a memory suggestion puts the tags on the clipboard
 * as well (text/html with data-copydesk-tag, plain text without tag names); pasting into a
 * translation turns them into badges again, but only tags of that segment's source that
 * its translation still lacks. Anything else on the clipboard goes in as plain text, never
 * as markup.
 * Every change goes through the browser's editing commands, so Ctrl+Z undoes it and the
 * autosave (desk.js) sees it as an edit.
 */
(function () {
  "use strict";

  const TAG = /^(?:<g\d+>|<\/g\d+>|<x\d+\/>)$/;
  const TAGS = /<g\d+>|<\/g\d+>|<x\d+\/>/g;
  const SPLIT = /(<g\d+>|<\/g\d+>|<x\d+\/>)/;
  const LOOKALIKE_LT = "\u02c2";  // text that reads as a tag gets this "<", as on the desk
  const MAX_CHARS = 20000;  // the desk's longest segment text (revisions.MAX_TARGET_CHARS)
  // Elements of pasted desk markup whose text is kept; anything else is left out whole.
  const TEXT_ELEMENTS = new Set(["A", "B", "DIV", "EM", "FONT", "I", "MARK", "P",
    "S", "SMALL", "SPAN", "STRONG", "SUB", "SUP", "U"]);

  const desk = () => window.copydeskTags;
  const tagsOf = (tagged) => tagged.match(TAGS) || [];
  const editorOf = (seg) => seg.querySelector(".target.editable");
  const sourceOf = (seg) => desk().serialize(seg.querySelector(".source"));

  /* The tags of ``wanted`` that ``present`` does not have (as many times as missing), in
   * the order of ``wanted``. */
  function missing(wanted, present) {
    const left = new Map();
    present.forEach((tag) => left.set(tag, (left.get(tag) || 0) + 1));
    return wanted.filter((tag) => {
      const count = left.get(tag) || 0;
      if (count > 0) { left.set(tag, count - 1); return false; }
      return true;
    });
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  /* Markup for tagged text: escaped text and the desk's chips, nothing else. */
  function markup(tagged) {
    return tagged.split(SPLIT).filter((part) => part !== "")
      .map((part) => (TAG.test(part) ? desk().chip(part).outerHTML : escapeHtml(part))).join("");
  }

  /* The caret at ``offset`` characters of the tagged text of ``editor`` (a tag counts as
   * its length, and the caret never lands inside a chip). */
  function placeCaret(editor, offset) {
    const range = document.createRange();
    let left = offset;
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          if (left <= child.nodeValue.length) { range.setStart(child, left); return true; }
          left -= child.nodeValue.length;
        } else if (child.nodeType === Node.ELEMENT_NODE && child.dataset.tag) {
          left -= child.dataset.tag.length;
          if (left <= 0) { range.setStartAfter(child); return true; }
        } else if (child.nodeType === Node.ELEMENT_NODE && walk(child)) {
          return true;
        }
      }
      return false;
    };
    if (!walk(editor)) { range.selectNodeContents(editor); range.collapse(false); }
    range.collapse(true);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }

  /* Replace the selection in ``editor`` with tagged text as one undoable edit; the caret
   * ends after it. */
  function insert(editor, tagged) {
    const selected = getSelection().getRangeAt(0);
    const before = document.createRange();
    before.setStart(editor, 0);
    before.setEnd(selected.startContainer, selected.startOffset);
    const end = desk().serialize(before.cloneContents()).length + tagged.length;
    if (tagsOf(tagged).length) document.execCommand("insertHTML", false, markup(tagged));
    else document.execCommand("insertText", false, tagged);
    placeCaret(editor, end);
  }

  /* The selection in ``editor``; without one there, the caret at the end of the text. */
  function selectionIn(editor) {
    editor.focus();
    const selection = getSelection();
    if (selection.rangeCount && editor.contains(selection.getRangeAt(0).commonAncestorContainer)) {
      return selection.getRangeAt(0);
    }
    const range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
    selection.removeAllRanges();
    selection.addRange(range);
    return range;
  }

  function insertNextTag(seg) {
    const editor = editorOf(seg);
    const lacking = missing(tagsOf(sourceOf(seg)), tagsOf(desk().serialize(editor)));
    if (!lacking.length) {
      desk().say(seg, "Every tag of the source is in the translation", "good");
      return;
    }
    const range = selectionIn(editor);
    if (!range.collapsed) {
      const open = lacking.find((tag) => /^<g\d+>$/.test(tag)
        && lacking.includes("</" + tag.slice(1)));
      if (open) {
        insert(editor, open + desk().serialize(range.cloneContents()) + "</" + open.slice(1));
        return;
      }
      range.collapse(false);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }
    insert(editor, lacking[0]);
  }

  function copySource(seg) {
    const editor = editorOf(seg);
    const range = selectionIn(editor);
    range.selectNodeContents(editor);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    insert(editor, sourceOf(seg));
  }

  /* -- the clipboard ------------------------------------------------------------------ */

  /* The selection, when it lies in one segment's source, translation, memory suggestion
   * or conflicting text. */
  function segmentSelection() {
    const selection = getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const node = range.commonAncestorContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const host = element && element.closest(".segment .source, .segment .target, "
      + ".segment .suggestion-text, .segment .conflict-text");
    return host ? { range, host } : null;
  }

  function onCopy(event) {
    const picked = segmentSelection();
    if (!picked || !event.clipboardData) return;
    const tagged = desk().serialize(picked.range.cloneContents());
    const html = tagged.split(SPLIT).filter((part) => part !== "").map((part) => (TAG.test(part)
      ? '<span class="chip" data-copydesk-tag="' + escapeHtml(part) + '">'
        + escapeHtml(part.replace(/[<>/]/g, "")) + "</span>"
      : escapeHtml(part))).join("");
    event.clipboardData.setData("text/plain", tagged.replace(TAGS, ""));
    event.clipboardData.setData("text/html", html);
    event.preventDefault();
    if (event.type === "cut" && picked.host.isContentEditable) document.execCommand("delete");
  }

  /* Plain text as tagged text: one line, and nothing in it reads as a tag. */
  function asText(text) {
    return text.normalize("NFC").replace(/\s*\n\s*/g, " ")
      .replace(/<(?=\/?g\d+>|x\d+\/>)/g, LOOKALIKE_LT);
  }

  /* Desk clipboard markup as a list of text pieces and tags; parsed in an inert document
   * (no script runs, nothing loads) and read by hand, never put in the page. */
  function deskPieces(html) {
    const pieces = [];
    const walk = (node) => node.childNodes.forEach((child) => {
      if (child.nodeType === Node.TEXT_NODE) {
        pieces.push(asText(child.nodeValue));
      } else if (child.nodeType === Node.ELEMENT_NODE && child.hasAttribute("data-copydesk-tag")) {
        const tag = child.getAttribute("data-copydesk-tag");
        pieces.push(TAG.test(tag) ? { tag } : asText(child.textContent));
      } else if (child.nodeType === Node.ELEMENT_NODE && child.tagName === "BR") {
        pieces.push(" ");
      } else if (child.nodeType === Node.ELEMENT_NODE && TEXT_ELEMENTS.has(child.tagName)) {
        walk(child);
      }
    });
    walk(new DOMParser().parseFromString(html, "text/html").body);
    return pieces;
  }

  /* The tags the translation may take from a paste: the source's, less those the text
   * keeps outside the selection that the paste replaces. */
  function welcome(seg, editor, range) {
    const outside = missing(tagsOf(desk().serialize(editor)),
      tagsOf(desk().serialize(range.cloneContents())));
    return missing(tagsOf(sourceOf(seg)), outside);
  }

  function onPaste(event) {
    const editor = event.target.closest && event.target.closest(".target.editable");
    if (!editor || !event.clipboardData) return;
    event.preventDefault();
    const seg = editor.closest(".segment");
    const html = event.clipboardData.getData("text/html") || "";
    const plain = event.clipboardData.getData("text/plain") || "";
    if (plain.length > MAX_CHARS || html.length > 20 * MAX_CHARS) {
      desk().say(seg, "Not pasted: the text is longer than " + MAX_CHARS + " characters", "bad");
      return;
    }
    const pieces = html.includes("data-copydesk-tag") ? deskPieces(html) : [asText(plain)];
    const open = welcome(seg, editor, selectionIn(editor));
    const left = [];
    const tagged = pieces.map((piece) => {
      if (typeof piece === "string") return piece;
      const at = open.indexOf(piece.tag);
      if (at < 0) { left.push(piece.tag); return ""; }
      open.splice(at, 1);
      return piece.tag;
    }).join("");
    if (tagged.length > MAX_CHARS) {
      desk().say(seg, "Not pasted: the text is longer than " + MAX_CHARS + " characters", "bad");
      return;
    }
    if (tagged) insert(editor, tagged);
    if (left.length) {
      desk().say(seg, "Pasted without " + left.join(" ") + ": not a tag this translation lacks", "bad");
    }
  }

  /* -- keys ----------------------------------------------------------------------------- */

  function segmentFor(event) {
    if (event.target.closest && event.target.closest("input, textarea, select, dialog")) return null;
    const active = document.activeElement;
    const seg = (active && active.closest && active.closest(".segment"))
      || document.querySelector(".segment.current");
    return seg && !seg.classList.contains("left-out") && editorOf(seg) ? seg : null;
  }

  function onKey(event) {
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey;
    const nextTag = (plain && event.key === "F8")
      || (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === "KeyT");
    const source = event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey
      && (event.key === "Insert" || event.code === "KeyI");
    if (!nextTag && !source) return;
    const seg = segmentFor(event);
    if (!seg) return;
    event.preventDefault();
    if (!seg.querySelector(".conflict").hidden) {
      desk().say(seg, "Conflict: choose a text first", "bad");
    } else if (nextTag) {
      insertNextTag(seg);
    } else {
      copySource(seg);
    }
  }

  if (!document.querySelector(".sheet") || !window.copydeskTags) return;
  document.addEventListener("keydown", onKey);
  document.addEventListener("copy", onCopy);
  document.addEventListener("cut", onCopy);
  document.addEventListener("paste", onPaste, true);  // before desk.js's plain-text paste
})();
