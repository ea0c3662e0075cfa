// Links the report's video, transcript and timeline. Elements with data-start (seconds) seek the video.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var video = document.getElementById("video");
  var chart = document.getElementById("timeline-chart");
  var spec = document.getElementById("timeline-data");
  var panel = document.getElementById("transcript-panel");
  var lines = panel ? Array.prototype.slice.call(panel.querySelectorAll("[data-start]")) : [];
  var current = null;
  var drawn = false;

  function seek(seconds) {
    if (!video || !isFinite(seconds)) return;
    video.currentTime = seconds;
    show(seconds);
  }

  function highlight(seconds) {
    var found = null;
    for (var i = 0; i < lines.length; i++) {
      if (parseFloat(lines[i].getAttribute("data-start")) <= seconds + 0.05) found = lines[i];
      else break;
    }
    if (found && seconds > parseFloat(found.getAttribute("data-end")) + 2) found = null;
    if (found === current) return;
    if (current) current.classList.remove("now");
    if (found) {
      found.classList.add("now");
      // Scroll the panel only, never the page.
      panel.scrollTop = found.offsetTop - panel.offsetTop - panel.clientHeight / 3;
    }
    current = found;
  }

  function playhead(seconds) {
    if (!drawn) return;
    window.Plotly.relayout(chart, { "shapes[0].x0": seconds, "shapes[0].x1": seconds, "shapes[0].visible": true });
  }

  function show(seconds) {
    highlight(seconds);
    playhead(seconds);
  }

  if (video) {
    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-start]") : null;
      if (!target) return;
      event.preventDefault();
      seek(parseFloat(target.getAttribute("data-start")));
    });
    video.addEventListener("timeupdate", function () { show(video.currentTime); });
    video.addEventListener("seeked", function () { show(video.currentTime); });
  }

  function filtering() {
    var filter = document.getElementById("lane-filter");
    var count = document.getElementById("lane-count");
    var order = chart.layout.yaxis.categoryarray.slice();
    var height = chart.layout.height;
    var total = chart.data.length;
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var visible = chart.data.map(function (trace) {
        var text = (trace.meta + " " + trace.name).toLowerCase();
        return words.every(function (word) { return text.indexOf(word) >= 0; });
      });
      var kept = chart.data.filter(function (trace, i) { return visible[i]; }).map(function (t) { return t.meta; });
      var lanes = order.filter(function (title) { return kept.indexOf(title) >= 0; });
      window.Plotly.restyle(chart, { visible: visible });
      window.Plotly.relayout(chart, {
        "yaxis.categoryarray": lanes,
        "yaxis.range": [-0.5, Math.max(lanes.length, 1) - 0.5],
        height: height - 24 * (total - Math.max(lanes.length, 1))
      });
      count.textContent = lanes.length + " of " + total + " lanes";
    });
  }

  if (chart && spec && window.Plotly) {
    var timeline = JSON.parse(spec.textContent);
    window.Plotly.newPlot(chart, timeline.figure.data, timeline.figure.layout, timeline.config).then(function () {
      drawn = true;
      chart.setAttribute("data-ready", "true");
      chart.on("plotly_click", function (data) {
        var point = data && data.points && data.points[0];
        if (point && point.customdata) seek(parseFloat(point.customdata[0]));
      });
      filtering();
      if (video && video.currentTime > 0) show(video.currentTime);
    });
  }
});
