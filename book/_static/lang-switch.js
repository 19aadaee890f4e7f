// 언어 전환 / Language switch: show Korean, English or both; the choice is remembered across pages.
(function () {
  var KEY = "dlb-language";
  // [mode, label, short label for phones, full name for screen readers and the tooltip]
  var MODES = [["ko", "한국어", "한", "한국어만 / Korean only"], ["en", "English", "EN", "영어만 / English only"],
               ["both", "한/EN", "한/EN", "한국어와 영어 / Korean and English"]];

  function current() {
    try { return localStorage.getItem(KEY) || "both"; } catch (e) { return "both"; }
  }

  function apply(mode) {
    document.documentElement.setAttribute("data-dlb-lang", mode);
    try { localStorage.setItem(KEY, mode); } catch (e) { /* private mode: not remembered */ }
    document.querySelectorAll(".dlb-lang-switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
    });
  }

  function build() {
    var box = document.createElement("div");
    box.className = "dlb-lang-switch";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "언어 / Language");
    MODES.forEach(function (m) {
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.mode = m[0];
      b.title = m[3];
      b.setAttribute("aria-label", m[3]);
      var long = document.createElement("span"), short = document.createElement("span");
      long.className = "dlb-long"; long.textContent = m[1];
      short.className = "dlb-short"; short.textContent = m[2];
      short.setAttribute("aria-hidden", "true");
      b.appendChild(long); b.appendChild(short);
      b.addEventListener("click", function () { apply(m[0]); });
      box.appendChild(b);
    });
    var anchor = document.querySelector(".article-header-buttons") || document.querySelector(".bd-header-article") || document.body;
    anchor.insertBefore(box, anchor.firstChild);
    apply(current());
  }

  document.documentElement.setAttribute("data-dlb-lang", current());  // before paint: no flash
  // The theme logs a console error on a first visit when no colour mode is stored yet.
  if (!document.documentElement.dataset.mode) { document.documentElement.dataset.mode = "auto"; }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", build);
  } else {
    build();
  }
})();
