// diplowatch: the zoomable map (Leaflet, shipped in /static/vendor/leaflet). Without script the
// page shows its static map; with it, this one replaces it: pan and zoom, places clustered and
// sized by their events, a click listing a place's events.
(function () {
  "use strict";
  var box = document.getElementById("zoom-map");
  if (!box || !window.L || !L.markerClusterGroup) { return; }
  var places = JSON.parse(box.dataset.places || "[]");
  // Countries shaded by their events, as on the static map (0 none, 5 the most).
  var shades = JSON.parse(box.dataset.shades || "{}");
  var fills = ["#ece7db", "#f3dcc4", "#ebc09a", "#df9d70", "#c8714a", "#a9482b"];
  box.hidden = false;
  var still = document.getElementById("static-map");
  if (still) { still.hidden = true; }
  var map = L.map(box, { minZoom: 1, maxZoom: 10, worldCopyJump: true }).setView([25, 15], 2);
  map.attributionControl.setPrefix("Leaflet").addAttribution("Country shapes: Natural Earth");
  fetch(box.dataset.countries).then(function (answer) { return answer.json(); }).then(function (shapes) {
    L.geoJSON(shapes, {
      interactive: false,
      style: function (feature) {
        var shade = shades[feature.properties.code] || 0;
        return { color: "#9c968a", weight: 0.6, fillColor: fills[shade], fillOpacity: 1 };
      }
    }).addTo(map).bringToBack();
  });

  function radius(count) { return 4 + Math.sqrt(count) * 2.5; }

  function popup(place) {
    var body = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = place.name + (place.country ? " (" + place.country + ")" : "");
    body.appendChild(title);
    place.examples.forEach(function (sentence) {
      var quote = document.createElement("blockquote");
      quote.className = "evidence";
      quote.textContent = sentence;
      body.appendChild(quote);
    });
    var link = document.createElement("a");
    link.href = place.href;
    link.textContent = "All " + place.count + " event" + (place.count === 1 ? "" : "s") + " here";
    body.appendChild(link);
    return body;
  }

  var clusters = L.markerClusterGroup({
    maxClusterRadius: 45,
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      var total = 0;
      cluster.getAllChildMarkers().forEach(function (marker) { total += marker.options.count; });
      var size = Math.round(2 * radius(total));
      return L.divIcon({
        html: "<span>" + total + "</span>", className: "cluster", iconSize: [size, size]
      });
    }
  });
  places.forEach(function (place) {
    var marker = L.circleMarker([place.lat, place.lon], {
      radius: radius(place.count), count: place.count, color: "#7a2e1f", weight: 1,
      fillColor: "#a93226", fillOpacity: 0.7
    });
    marker.bindPopup(popup(place));
    marker.bindTooltip(place.name + ": " + place.count);
    clusters.addLayer(marker);
  });
  map.addLayer(clusters);
})();
