// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // After "Record verdict", move focus to the history so keyboard users land on the result.
  if (window.location.hash === "#history") {
    var history = document.getElementById("history");
    if (history) {
      history.setAttribute("tabindex", "-1");
      history.focus();
    }
  }
})();
