// The header stays at the top of the window while the page scrolls, and its height depends on
// the edition and the width (the Spanish menu wraps to two rows below 1280 px). A link to a
// heading or a glossary term must land below it, so --header-offset follows the header's height
// (the theme assumes a fixed 4rem) and every element of the article keeps that much room above
// it when scrolled into view (scroll-margin-top in _static/reader.css). When the window is resized after such a
// jump, and the reader has not scrolled since, the page reflows and the target is brought back
// below the header. Without JavaScript the header scrolls away (_static/noscript.css).
(() => {
  const GAP = 16; // px between the header and the heading it uncovers
  const header = () => document.querySelector(".bd-header");
  const linked = () => location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  let target = null; // the element the reader jumped to, until they scroll by hand
  const fit = () => {
    const bar = header();
    if (!bar) return;
    const height = getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().height : 0;
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
    // the browser may have jumped to the link's target before the padding was set
    target = linked() || null;
    if (target) target.scrollIntoView({ block: "start", behavior: "instant" });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
