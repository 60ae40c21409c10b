// A display formula or a figure box is a tab stop so that a keyboard reader can scroll it
// where it is wider than the screen (_ext/scroll_regions.py writes the stop into the HTML, for
// readers without JavaScript). With JavaScript, a box that does not scroll at the current
// width is no tab stop; it becomes one again when the window narrows and it scrolls.
(() => {
  const boxes = () => document.querySelectorAll('div.math[role="region"], div.figure-scroll[role="region"]');
  const update = () => {
    for (const box of boxes()) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    }
  };
  let pending = false;
  const soon = () => {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; update(); }); }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  addEventListener("load", update);
  addEventListener("resize", soon);
})();
