// Small enhancements; every page works without them. The size preview follows the
// size typed; a job's page follows its progress, then shows the result in place and
// moves focus to it, so a screen-reader user hears that it is ready.
(function () {
  "use strict";

  function followSize() {
    var input = document.getElementById("size");
    var text = document.querySelector("[data-preview-text]");
    if (!input || !text) return;
    input.addEventListener("input", function () {
      var size = parseInt(input.value, 10);
      if (size >= 16 && size <= 48 && String(size) === input.value.trim()) {
        text.style.fontSize = size + "pt";
        text.textContent = "This line is " + size + " point.";
      }
    });
  }

  function followJob() {
    var box = document.querySelector("[data-progress]");
    if (!box) return;
    var summary = box.querySelector("[data-progress-summary]");
    var lines = box.querySelector("[data-progress-lines]");
    function poll() {
      fetch(box.getAttribute("data-progress"), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (progress) {
          if (progress.state === "done" || progress.state === "failed") return showResult();
          summary.textContent = progress.summary;
          while (lines.children.length < progress.lines.length) {
            var item = document.createElement("li");
            item.textContent = progress.lines[lines.children.length];
            lines.appendChild(item);
          }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 1000);
  }

  function showResult() {
    fetch(window.location.href)
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        document.title = page.title;
        document.getElementById("main").innerHTML = page.getElementById("main").innerHTML;
        var heading = document.querySelector("#result-heading, .error-summary");
        if (heading) heading.focus();
      });
  }

  followSize();
  followJob();
})();
