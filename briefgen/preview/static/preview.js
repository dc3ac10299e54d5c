// briefgen preview: reload the page when the server says a new build is there (server-sent events).
"use strict";
(function () {
  const shown = document.body.dataset.generation;
  const events = new EventSource("/events");
  events.addEventListener("build", function (event) {
    if (event.data !== shown) {
      events.close();
      location.reload();
    }
  });
})();
