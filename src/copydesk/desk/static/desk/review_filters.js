/* The review screen's filters: show only the unconfirmed segments, those with open issues
 * (any, or of one severity), those changed in source, with open comments, or by where the
 * draft came from; each button counts its segments.
 *
 * The server renders the page with ?show= already applied (review_filters.py); this script
 * filters again at once when a button is pressed, keeps ?show= in the address, and counts
 * again when a segment changes (desk.js "desk:segment-changed", an override or comment
 * swapped in by htmx, a streamed segment arriving). A segment that stops matching while the
 * editor is in it stays shown until the editor moves on, so nothing vanishes under the caret.
 * Alt+F goes to the buttons; arrows move between them, Esc goes back to the segment.
 */
(function () {
  "use strict";

  const bar = document.querySelector(".review-filters");
  const sheet = document.querySelector(".sheet");
  if (!bar || !sheet) return;
  const SEVERITIES = ["blocker", "major", "minor"];

  const severities = (seg) => (seg.dataset.issues || "").split(" ").filter(Boolean);
  const match = (kind) => (seg) => seg.dataset.match === kind;
  const KEEPS = {
    all: () => true,
    unconfirmed: (seg) => !seg.classList.contains("confirmed"),
    issues: (seg) => severities(seg).length > 0,
    changed: (seg) => seg.classList.contains("needs-work"),
    comments: (seg) => Number(seg.dataset.comments || 0) > 0,
    blocker: (seg) => severities(seg).includes("blocker"),
    major: (seg) => severities(seg).includes("major"),
    minor: (seg) => severities(seg).includes("minor"),
    "in-context": match("in-context"),
    exact: match("exact"),
    fuzzy: match("fuzzy"),
    machine: match("machine"),
  };

  const buttons = () => Array.from(bar.querySelectorAll("button.filter"));
  // The segments that need review: what the counts count (as the server does).
  const reviewed = () => Array.from(sheet.querySelectorAll(".segment:not(.left-out)"));
  const cards = () => Array.from(sheet.querySelectorAll(".segment, .segment-pending"));
  const current = () => (document.activeElement && document.activeElement.closest
    && document.activeElement.closest(".sheet .segment")) || sheet.querySelector(".segment.current");
  let chosen = KEEPS[bar.dataset.chosen] ? bar.dataset.chosen : "all";
  let kept = null;  // a segment shown although it no longer matches: the editor is in it

  /* The open issues and comments as the segment now shows them (after an edit, an override,
   * a comment), into the data attributes the filters read. */
  function refresh(seg) {
    const open = Array.from(seg.querySelectorAll(".issues .issue-item:not(.overridden)"));
    seg.dataset.issues = SEVERITIES.filter((s) => open.some((i) => i.classList.contains(s))).join(" ");
    const box = seg.querySelector(".comments-box .comments");
    if (box) seg.dataset.comments = String(box.querySelectorAll(".comment:not(.resolved)").length);
  }

  function recount() {
    const all = reviewed();
    buttons().forEach((button) => {
      const keeps = KEEPS[button.dataset.show];
      if (!keeps) return;
      const n = all.filter(keeps).length;
      button.querySelector(".count").textContent = String(n);
      button.querySelector(".visually-hidden").textContent = n === 1 ? " segment" : " segments";
    });
  }

  /* Hide what the chosen filter does not keep (``keep`` stays), and blocks left empty. */
  function apply(keep) {
    const keeps = KEEPS[chosen];
    kept = null;
    let matching = 0;
    cards().forEach((card) => {
      const wanted = chosen === "all" || (card.matches(".segment:not(.left-out)") && keeps(card));
      if (wanted && chosen !== "all") matching += 1;
      if (!wanted && card === keep) kept = card;
      card.hidden = !wanted && card !== keep;
    });
    sheet.querySelectorAll(".block").forEach((block) => {
      block.hidden = chosen !== "all" && !block.querySelector(".segment:not([hidden]), .segment-pending:not([hidden])");
    });
    const empty = bar.querySelector(".filter-empty");
    const pressed = buttons().find((b) => b.dataset.show === chosen);
    empty.querySelector(".filter-empty-text").textContent = pressed ? pressed.dataset.empty : "";
    empty.hidden = chosen === "all" || matching > 0;
    return matching;
  }

  function address() {
    const url = new URL(location.href);
    if (chosen === "all") url.searchParams.delete("show"); else url.searchParams.set("show", chosen);
    history.replaceState(history.state, "", url);
    document.querySelectorAll(".toolbar a[data-order]").forEach((link) => {
      const params = new URLSearchParams({ order: link.dataset.order });
      if (chosen !== "all") params.set("show", chosen);
      link.search = "?" + params.toString();
    });
  }

  function choose(value) {
    chosen = KEEPS[value] ? value : "all";
    bar.dataset.chosen = chosen;
    buttons().forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.show === chosen)));
    const shown = apply(null);
    address();
    const pressed = buttons().find((b) => b.dataset.show === chosen);
    const label = pressed ? pressed.firstChild.textContent.trim() : "All";
    bar.querySelector(".filter-status").textContent = chosen === "all"
      ? "Showing all " + reviewed().length + " segments"
      : "Showing " + shown + " of " + reviewed().length + " segments: " + label;
  }

  function changed(seg) {
    if (seg) refresh(seg);
    recount();
    apply(current());
  }

  function onKey(event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyF") {
      event.preventDefault();
      (buttons().find((b) => b.getAttribute("aria-pressed") === "true") || buttons()[0]).focus();
      return;
    }
    const here = buttons().indexOf(document.activeElement);
    if (here < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      const all = buttons();
      all[(here + (event.key === "ArrowRight" ? 1 : all.length - 1)) % all.length].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      const seg = [current(), ...reviewed()].find((s) => s && !s.hidden);
      if (seg) (seg.querySelector(".target.editable") || seg).focus();
    }
  }

  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button.filter");
    const all = event.target.closest("[data-show-link]");
    if (!button && !all) return;
    event.preventDefault();
    choose(button ? button.dataset.show : "all");
    if (all) buttons()[0].focus();
  });
  document.addEventListener("desk:segment-changed", (event) => changed(event.target));
  document.addEventListener("desk:segment-arrived", () => changed(null));
  document.addEventListener("htmx:afterSwap", (event) => {
    const seg = event.target.closest && event.target.closest(".sheet .segment");
    if (seg) changed(seg);
  });
  document.addEventListener("focusin", (event) => {
    const seg = event.target.closest && event.target.closest(".sheet .segment");
    if (kept && seg && seg !== kept) apply(seg);
  });
  document.addEventListener("keydown", onKey);
  recount();
  apply(null);
  address();  // a ?show= the desk did not follow leaves the address
})();
