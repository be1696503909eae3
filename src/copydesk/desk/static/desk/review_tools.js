/* The review screen's tools: find and replace (Alt+R), concordance (Alt+K) and a glossary
 * term from the selected source words (Alt+G).
 *
 * Every text from the desk is put in the page with textContent; tags are shown as chips
 * like the segments show them. A replacement is sent with the segment ids and versions the
 * preview showed, so a segment changed meanwhile makes the desk refuse the whole step.
 * Saved segments are handed to the review script ("desk:segment-saved") to show them.
 */
(function () {
  "use strict";

  const TAG_SPLIT = /(<g\d+>|<\/g\d+>|<x\d+\/>)/;
  const DEBOUNCE_MS = 300;
  const RETRANSLATION_POLL_MS = 2000;
  const RETRANSLATION_WAIT_MS = 3 * 60 * 1000;
  const tools = document.querySelector(".review-tools");
  if (!tools) return;
  const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

  async function call(url, options) {
    const response = await fetch(url, Object.assign({ credentials: "same-origin" }, options));
    let data = {};
    try { data = await response.json(); } catch (err) { data = { error: "The desk did not answer properly; reload the page." }; }
    return { ok: response.ok, status: response.status, data };
  }

  function chip(tag) {
    const span = document.createElement("span");
    span.className = "chip";
    span.textContent = tag.replace(/[<>]/g, "").replace(/\/$/, "");
    return span;
  }

  /* ``text`` with its tags as chips and the (start, end) ``spans`` marked. */
  function marked(text, spans) {
    const out = document.createDocumentFragment();
    let at = 0;
    const plain = (from, to, mark) => {
      text.slice(from, to).split(TAG_SPLIT).filter((p) => p !== "").forEach((part) => {
        if (TAG_SPLIT.test(part)) { out.append(chip(part)); return; }
        if (!mark) { out.append(document.createTextNode(part)); return; }
        const m = document.createElement("mark");
        m.textContent = part;
        out.append(m);
      });
    };
    spans.forEach(([start, end]) => { plain(at, start, false); plain(start, end, true); at = end; });
    plain(at, text.length, false);
    return out;
  }

  function dialog(id) { return document.getElementById(id); }
  function status(form, text, kind) {
    const place = form.querySelector(".tool-status");
    place.textContent = text;
    place.className = "tool-status " + (kind || "");
  }

  let returnFocus = null;
  function open(id, prepare) {
    const box = dialog(id);
    if (!box) return;
    returnFocus = document.activeElement;
    if (prepare) prepare(box);
    if (!box.open) box.showModal();
    box.querySelector("input:not([disabled])").focus();
  }
  document.querySelectorAll(".tool-dialog").forEach((box) => {
    box.addEventListener("close", () => { if (returnFocus && returnFocus.focus) returnFocus.focus(); });
  });

  /* -- find and replace ------------------------------------------------------------------ */

  const findForm = document.querySelector("[data-form='find']");
  let shown = null;  // the last preview: what "Replace" applies

  function findQuery(form) {
    return { find: form.elements.find.value, replace: form.elements.replace.value,
             match_case: form.elements.match_case.checked, whole_word: form.elements.whole_word.checked };
  }

  function showHits(form, data) {
    const list = form.querySelector(".find-hits");
    list.replaceChildren();
    data.segments.forEach((seg) => {
      const item = document.createElement("li");
      const label = document.createElement("label");
      label.className = "check";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !seg.problem;
      box.disabled = Boolean(seg.problem);
      box.dataset.id = seg.id;
      box.dataset.version = seg.version;
      box.setAttribute("aria-label", `Replace in segment ${seg.key}`);
      label.append(box, document.createTextNode(` ${seg.key} (${seg.hits.length} hit${seg.hits.length === 1 ? "" : "s"}${seg.state === "confirmed" ? ", confirmed" : ""})`));
      const before = document.createElement("p");
      before.className = "hit-before";
      before.append(marked(seg.target, seg.hits));
      const after = document.createElement("p");
      after.className = "hit-after";
      after.append(marked(seg.replaced, []));
      item.append(label, before, after);
      if (seg.problem) {
        const why = document.createElement("p");
        why.className = "message warning";
        why.textContent = seg.problem;
        item.append(why);
      }
      list.append(item);
    });
    const apply = form.querySelector("[data-action='apply-replace']");
    apply.disabled = !data.segments.some((s) => !s.problem);
    status(form, data.hits ? `${data.hits} hit${data.hits === 1 ? "" : "s"} in ${data.segments.length} segment${data.segments.length === 1 ? "" : "s"}.` : "No hits.");
  }

  async function previewFind(form) {
    shown = null;
    const query = findQuery(form);
    const params = new URLSearchParams({ find: query.find, replace: query.replace,
      match_case: query.match_case ? "1" : "", whole_word: query.whole_word ? "1" : "" });
    status(form, "Searching…");
    const result = await call(`${tools.dataset.findUrl}?${params}`, { headers: { Accept: "application/json" } });
    if (!result.ok) { status(form, result.data.error || "The search failed.", "bad"); return; }
    shown = query;
    showHits(form, result.data);
  }

  async function applyReplace(form) {
    if (!shown) return;
    const chosen = Array.from(form.querySelectorAll(".find-hits input:checked"))
      .map((box) => [Number(box.dataset.id), Number(box.dataset.version)]);
    if (!chosen.length) { status(form, "Choose at least one segment.", "bad"); return; }
    status(form, "Replacing…");
    const result = await call(tools.dataset.replaceUrl, {
      method: "POST", body: JSON.stringify(Object.assign({}, shown, { segments: chosen })),
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json", Accept: "application/json" },
    });
    if (!result.ok) { status(form, result.data.error || "Nothing was replaced.", "bad"); return; }
    result.data.segments.forEach((data) => {
      const seg = document.getElementById(`seg-${data.id}`);
      if (seg) seg.dispatchEvent(new CustomEvent("desk:segment-saved", { bubbles: true,
        detail: Object.assign({ progress_html: result.data.progress_html }, data) }));
    });
    form.querySelector(".find-hits").replaceChildren();
    form.querySelector("[data-action='apply-replace']").disabled = true;
    shown = null;
    const n = result.data.segments.length;
    status(form, `Replaced in ${n} segment${n === 1 ? "" : "s"}; ${n === 1 ? "it needs" : "they need"} confirming again.`, "good");
  }

  if (findForm) {
    findForm.addEventListener("submit", (event) => { event.preventDefault(); previewFind(findForm); });
    findForm.querySelector("[data-action='apply-replace']").addEventListener("click", () => applyReplace(findForm));
    findForm.addEventListener("input", (event) => {
      if (event.target.name) { shown = null; findForm.querySelector("[data-action='apply-replace']").disabled = true; }
    });
  }

  /* -- concordance ----------------------------------------------------------------------- */

  const concordanceForm = document.querySelector("[data-form='concordance']");
  let page = 1;
  let pages = 1;
  let timer = null;
  let asked = 0;

  async function lookUp(form) {
    const q = form.elements.q.value;
    const table = form.querySelector(".concordance-results");
    if (q.trim().length < 2) { table.hidden = true; status(form, ""); return; }
    const mine = ++asked;
    const params = new URLSearchParams({ q, page: String(page) });
    const result = await call(`${tools.dataset.concordanceUrl}?${params}`, { headers: { Accept: "application/json" } });
    if (mine !== asked) return;  // a later search has been sent meanwhile
    if (!result.ok) { table.hidden = true; status(form, result.data.error || "The search failed.", "bad"); return; }
    const data = result.data;
    pages = data.pages;
    const body = table.querySelector("tbody");
    body.replaceChildren();
    data.results.forEach((row) => {
      const tr = document.createElement("tr");
      const source = document.createElement("td");
      source.append(marked(row.source, row.source_spans));
      const target = document.createElement("td");
      target.append(marked(row.target, row.target_spans));
      const where = document.createElement("td");
      where.textContent = row.kind === "memory" ? `memory${row.where ? ", " + row.where : ""}` : `published: ${row.where}`;
      tr.append(source, target, where);
      body.append(tr);
    });
    table.hidden = !data.results.length;
    form.querySelector("[data-action='concordance-previous']").disabled = page <= 1;
    form.querySelector("[data-action='concordance-next']").disabled = page >= pages;
    status(form, data.total ? `${data.total} match${data.total === 1 ? "" : "es"}, page ${data.page} of ${data.pages}.` : "No matches.");
  }

  if (concordanceForm) {
    concordanceForm.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); lookUp(concordanceForm); });
    concordanceForm.elements.q.addEventListener("input", () => {
      page = 1;
      clearTimeout(timer);
      timer = setTimeout(() => lookUp(concordanceForm), DEBOUNCE_MS);
    });
    concordanceForm.querySelector("[data-action='concordance-previous']").addEventListener("click", () => { page = Math.max(1, page - 1); lookUp(concordanceForm); });
    concordanceForm.querySelector("[data-action='concordance-next']").addEventListener("click", () => { page = Math.min(pages, page + 1); lookUp(concordanceForm); });
  }

  /* -- a glossary term from the selection -------------------------------------------------- */

  const glossaryForm = document.querySelector("[data-form='glossary']");

  function selectedSource() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) return "";
    const node = selection.anchorNode && (selection.anchorNode.nodeType === Node.ELEMENT_NODE ? selection.anchorNode : selection.anchorNode.parentElement);
    return node && node.closest(".source") ? selection.toString().trim() : "";
  }

  if (glossaryForm) {
    const target = glossaryForm.elements.target;
    glossaryForm.addEventListener("change", () => {
      target.disabled = glossaryForm.elements.type.value !== "preferred";
      target.required = !target.disabled;
    });
    glossaryForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const form = glossaryForm;
      const body = new URLSearchParams({
        source: form.elements.source.value, type: form.elements.type.value,
        target: form.elements.type.value === "preferred" ? target.value : "",
        case: form.elements.case.checked ? "sensitive" : "insensitive",
        retranslate: form.elements.retranslate.checked ? "1" : "",
      });
      status(form, "Adding…");
      const result = await call(tools.dataset.glossaryUrl, { method: "POST", body,
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" } });
      if (!result.ok) { status(form, result.data.error || "The term was not added.", "bad"); return; }
      const queued = result.data.queued.length;
      const moved = result.data.segments.length;
      result.data.segments.forEach((data) => {
        const seg = document.getElementById(`seg-${data.id}`);
        if (seg) seg.dispatchEvent(new CustomEvent("desk:segment-saved", { bubbles: true,
          detail: Object.assign({ progress_html: result.data.progress_html, note: "Checked again" }, data) }));
      });
      const added = `Added “${result.data.term.source}”; the checks ran again on ${result.data.rechecked} segments` +
        ` and the issues of ${moved} changed.`;
      status(form, added + (queued ? ` ${plural(queued, "segment is", "segments are")} being translated again…` : ""), "good");
      if (queued) followRetranslation(form, added, result.data.job_url, queued);
    });
  }

  function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

  /* The segments sent to be translated again: the worker's answer is asked for every few
   * seconds until it is there (or a few minutes have passed); then each segment shows its
   * new text, unless the editor is typing in it (their save will then show both texts). */
  async function followRetranslation(form, added, url, queued) {
    const deadline = Date.now() + RETRANSLATION_WAIT_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, RETRANSLATION_POLL_MS));
      const result = await call(url, { headers: { Accept: "application/json" } });
      if (!result.ok) break;
      if (!result.data.finished) continue;
      let same = 0;
      result.data.segments.forEach((data) => {
        const seg = document.getElementById(`seg-${data.id}`);
        if (!seg) return;
        if (Number(data.version) <= Number(seg.dataset.version)) { same += 1; return; }
        seg.dispatchEvent(new CustomEvent("desk:segment-saved", { bubbles: true,
          detail: Object.assign({ progress_html: result.data.progress_html, note: "Translated again" }, data) }));
      });
      const skipped = result.data.skipped.length;
      status(form, added + ` ${plural(result.data.saved.length, "segment", "segments")} translated again` +
        (same ? ` (${same} word for word as before)` : "") +
        (skipped ? `; ${plural(skipped, "was", "were")} left as ${skipped === 1 ? "it was" : "they were"} (changed meanwhile)` : "") +
        (result.data.error ? `: ${result.data.error}` : "") + ".", result.data.error ? "bad" : "good");
      return;
    }
    status(form, added + ` ${plural(queued, "segment is", "segments are")} still waiting for the worker; reload later to see ${queued === 1 ? "it" : "them"}.`, "bad");
  }

  /* -- opening the tools ------------------------------------------------------------------- */

  function openTool(name) {
    if (name === "find") open("find-dialog");
    if (name === "concordance") {
      const words = (window.getSelection() || "").toString().trim().slice(0, 200);
      open("concordance-dialog", (box) => {
        if (words) { box.querySelector("input[name=q]").value = words; page = 1; lookUp(concordanceForm); }
      });
    }
    if (name === "glossary") {
      const term = selectedSource();
      open("glossary-dialog", (box) => {
        if (term) box.querySelector("input[name=source]").value = term;
        status(glossaryForm, term ? "" : "Tip: select the term in the source column first.");
      });
    }
  }

  tools.addEventListener("click", (event) => {
    const button = event.target.closest("[data-tool]");
    if (button) openTool(button.dataset.tool);
  });
  document.addEventListener("click", (event) => {
    const close = event.target.closest("[data-action='close-tool']");
    if (close) close.closest("dialog").close();
  });
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const name = { KeyR: "find", KeyK: "concordance", KeyG: "glossary" }[event.code];
    if (name && tools.querySelector(`[data-tool='${name}']`)) {
      event.preventDefault();
      openTool(name);
    }
  });
})();
