// Keep the reader's place when switching language: send the positional id (sec-N-M) of
// the section in view, which is the same in every edition of the page.
(function () {
  "use strict";
  function positionalId(section) {
    if (!section) return null;
    if (/^sec(-\d+)+$/.test(section.id)) return section.id;
    var span = section.querySelector(':scope > span[id^="sec-"]');
    return span ? span.id : null;
  }
  function headerLine() {
    // Where a heading lands after a jump or a scroll: below the sticky header, whose height
    // (with a gap) header-offset.js keeps in --header-offset.
    var offset = parseFloat(getComputedStyle(document.documentElement).getPropertyValue("--header-offset"));
    return isNaN(offset) ? 80 : offset;
  }
  function sectionInView() {
    var line = headerLine();
    // The URL's #target counts only while the reader can still see it, below the header:
    // they may have scrolled on.
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) {
      var box = target.getBoundingClientRect();
      if (box.top >= line - 20 && box.top < window.innerHeight) return target.closest("section");
    }
    var best = null;
    document.querySelectorAll("article section").forEach(function (s) {
      if (s.getBoundingClientRect().top <= line + 40) best = s;
    });
    return best;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.editions-link");
    if (!link) return;
    var id = positionalId(sectionInView());
    if (id) link.href = link.href.split("#")[0] + "#" + id;
  });
})();
