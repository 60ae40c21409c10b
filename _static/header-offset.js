// The header stays at the top of the window while the page scrolls, and its height depends on
// the edition and the width (the Spanish menu takes two rows at 1024 and 1280 px). A link to
// a heading or a glossary term must land below it, so --header-offset follows the header's
// height (the theme assumes a fixed 4rem) and the article's column keeps that much room above
// each element scrolled into view (scroll-margin-top in _static/reader.css); the sticky
// sidebars start at --header-height. When the window is resized after such a jump, and the
// reader has not scrolled since, the page reflows and the target is brought back below the
// header. Without JavaScript the header scrolls away (_static/noscript.css).
(() => {
  const GAP = 16; // px between the header and the heading it uncovers
  const header = () => document.querySelector(".bd-header");
  const linked = () => location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  let target = null; // the element the reader jumped to, until they scroll by hand
  const fit = () => {
    const bar = header();
    if (!bar) return;
    const height = getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().height : 0;
    document.documentElement.style.setProperty("--header-height", `${Math.ceil(height)}px`);
    document.documentElement.style.setProperty("--header-offset", `${Math.ceil(height) + GAP}px`);
  };
  const refit = () => requestAnimationFrame(() => {
    fit();
    if (target) target.scrollIntoView({ block: "start", behavior: "instant" });
  });
  const start = () => {
    fit();
    if (header()) new ResizeObserver(refit).observe(header());
    addEventListener("resize", refit);
    addEventListener("hashchange", () => { target = linked() || null; });
    for (const event of ["wheel", "touchmove", "keydown", "mousedown"]) {
      addEventListener(event, () => { target = null; }, { passive: true });
    }
    // The browser may have jumped to the link's target before the room was set. Not on a
    // reload or a return (Back, Forward): there the browser puts the reader back where they were.
    const arrival = performance.getEntriesByType("navigation")[0];
    if (arrival && arrival.type !== "navigate") return;
    target = linked() || null;
    if (target) target.scrollIntoView({ block: "start", behavior: "instant" });
  };
  // A link to this page chosen in a drawer ("On this page" below 1200 px) closes the drawer,
  // which would otherwise stay over the target (the theme closes it on Escape or on a click
  // beside it).
  document.addEventListener("click", (event) => {
    const link = event.target.closest("dialog[open] a[href]");
    if (link && link.pathname === location.pathname && link.hash) link.closest("dialog").close();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
