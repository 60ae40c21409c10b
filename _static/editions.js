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
  function sectionInView() {
    // The URL's #target counts only while it is still on screen: the reader may have scrolled on.
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) {
      var box = target.getBoundingClientRect();
      if (box.top >= 0 && box.top < window.innerHeight) return target.closest("section");
    }
    var best = null;
    document.querySelectorAll("article section").forEach(function (s) {
      if (s.getBoundingClientRect().top <= 120) best = s;
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
