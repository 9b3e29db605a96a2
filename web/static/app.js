// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // On a phone, facet lists start closed (except ones in use) so results come into view sooner.
  if (window.matchMedia && window.matchMedia("(max-width: 56rem)").matches) {
    var facets = document.querySelectorAll("details.facet[open]");
    for (var i = 0; i < facets.length; i++) {
      if (!facets[i].querySelector("a.selected")) { facets[i].removeAttribute("open"); }
    }
  }
  // After "Record verdict", move focus to the history so keyboard users land on the result.
  if (window.location.hash === "#history") {
    var history = document.getElementById("history");
    if (history) {
      history.setAttribute("tabindex", "-1");
      history.focus();
    }
  }
})();
