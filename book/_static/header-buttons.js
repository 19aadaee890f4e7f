// 머리말 단추 / Header buttons: the sidebar toggles in the article header must work.
// pydata-sphinx-theme and sphinx-book-theme wire only the first ".primary-toggle" / ".secondary-toggle" of
// the page, the (hidden) one in the top navbar, so the visible ones in the article header did nothing: on a
// phone neither the chapters nor the page's contents could be opened. The visible ones pass the click on.
(function () {
  function forward() {
    ["primary", "secondary"].forEach(function (side) {
      var wired = document.querySelector("." + side + "-toggle");
      document.querySelectorAll(".bd-header-article ." + side + "-toggle").forEach(function (button) {
        if (button === wired || !wired) { return; }
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          button.blur();
          wired.click();
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", forward);
  } else {
    forward();
  }
})();
