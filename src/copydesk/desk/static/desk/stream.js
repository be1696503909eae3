/* The review screen while a first draft streams in: segments put in place as they arrive.
 *
 * Every second the page asks which of its "translating…" placeholders have their
 * machine text by now, and swaps each one that has for the segment as the sheet
 * renders it; desk.js then binds it like the others. Nothing else on the page is
 * touched, so an editor typing in a segment keeps the caret and the focus. The
 * progress line is told not to reload the page when the draft is done (the header
 * below); the page reloads itself then, unless the editor is in a segment.
 */
(function () {
  "use strict";

  const POLL_MS = 1000;
  const stream = document.getElementById("stream");
  if (!stream) return;

  document.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-Review-Streaming"] = "1";
  });

  const pending = () => Array.from(document.querySelectorAll("[data-pending]"));
  const editing = () => {
    const active = document.activeElement;
    return Boolean(active && active.closest && active.closest(".segment"));
  };

  function place(placeholder, html) {
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const segment = holder.firstElementChild;
    placeholder.replaceWith(segment);
    if (window.htmx) window.htmx.process(segment);
    segment.dispatchEvent(new CustomEvent("desk:segment-arrived", { bubbles: true }));
  }

  function finished() {
    if (!editing()) { window.location.reload(); return; }
    document.addEventListener("focusout", () => {
      setTimeout(() => { if (!editing()) window.location.reload(); }, POLL_MS);
    });
  }

  async function poll() {
    const waiting = pending();
    const keys = waiting.map((el) => el.dataset.pending).slice(0, 2000);
    try {
      const url = `${stream.dataset.arrivalsUrl}?keys=${encodeURIComponent(keys.join(","))}`;
      const answer = await fetch(url, { headers: { Accept: "application/json" } });
      if (answer.ok) {
        const data = await answer.json();
        waiting.forEach((el) => {
          const html = data.segments[el.dataset.pending];
          if (html) place(el, html);
        });
        if (data.state !== "translating") { stream.dataset.done = "1"; finished(); return; }
      }
    } catch (error) {
      /* the desk is restarting or the network dropped: ask again on the next round */
    }
    setTimeout(poll, POLL_MS);
  }

  setTimeout(poll, POLL_MS);
})();
