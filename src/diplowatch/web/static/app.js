// diplowatch: small enhancements of pages that work without this script.
// No inline script anywhere: the Content-Security-Policy allows only this file.
(function () {
  "use strict";

  // Filters apply as soon as a list or date changes (the button still works without script).
  var form = document.getElementById("filters");
  if (form) {
    form.querySelectorAll("select, input[type=date]").forEach(function (field) {
      field.addEventListener("change", function () { form.submit(); });
    });
  }

  // Map: pointing at a place names it and its count below the map; countries light up.
  var map = document.getElementById("map");
  var detail = document.getElementById("map-detail");
  if (map && detail) {
    map.addEventListener("mouseover", function (event) {
      var target = event.target;
      if (target.classList.contains("spot")) {
        target.classList.add("hover");
        detail.textContent = target.dataset.name + ": " + target.dataset.count + " event(s). Click for them.";
      } else if (target.classList.contains("land")) {
        target.classList.add("hover");
      }
    });
    map.addEventListener("mouseout", function (event) {
      event.target.classList.remove("hover");
    });
  }

  // Weekly chart: the bar under the pointer is described below the chart.
  var chart = document.getElementById("weekly-chart");
  if (chart) {
    var caption = document.createElement("p");
    caption.className = "note";
    caption.setAttribute("aria-live", "polite");
    chart.parentNode.appendChild(caption);
    chart.addEventListener("mouseover", function (event) {
      var title = event.target.querySelector && event.target.querySelector("title");
      if (title) {
        event.target.classList.add("active");
        caption.textContent = title.textContent;
      }
    });
    chart.addEventListener("mouseout", function (event) { event.target.classList.remove("active"); });
  }
})();
