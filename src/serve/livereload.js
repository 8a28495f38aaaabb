// supportmap serve: reloads this page when it changes. Added to pages by the preview server
// only; never part of a published site.
(function () {
  "use strict";
  var version = null;
  var page = location.pathname;
  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }
  async function loop() {
    for (;;) {
      try {
        var query = "page=" + encodeURIComponent(page) + (version === null ? "" : "&since=" + version);
        var response = await fetch("/__supportmap/poll?" + query, { cache: "no-store" });
        var answer = await response.json();
        if (answer.reload) {
          location.reload();
          return;
        }
        version = answer.version;
      } catch (e) {
        // The server is restarting or stopped: try again shortly.
        await wait(1000);
      }
    }
  }
  loop();
})();
