// briefgen preview: reload the page when the server says a new build is there (server-sent events).
"use strict";
(function () {
  const shown = document.body.dataset.generation;
  const brief = document.body.dataset.brief;  // this brief is built before the others while the page is open
  const events = new EventSource(brief === undefined ? "/events" : "/events?brief=" + encodeURIComponent(brief));
  events.addEventListener("build", function (event) {
    if (event.data !== shown) {
      events.close();
      location.reload();
    }
  });
})();
