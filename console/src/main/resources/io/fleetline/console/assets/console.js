// Fleetline console: draws a job's progress chart from the accessible tables beside it, and adds a point each time
// a live update (htmx's SSE extension) swaps in a new counts table. No data reaches the chart any other way.
(function () {
  "use strict";
  var COLOURS = { QUEUED: "#8c959f", IN_PROGRESS: "#0b5fad", SUCCEEDED: "#1a7f37", FAILED: "#b42318",
    TIMED_OUT: "#bc4c00", REJECTED: "#8250df", REMOVED: "#57606a", CANCELED: "#24292f" };
  var chart = null;
  var data = null;
  var statuses = [];

  function countsOf(table) {
    var counts = {};
    table.querySelectorAll("tbody tr[data-status]").forEach(function (row) {
      counts[row.getAttribute("data-status")] = Number(row.querySelector("td").getAttribute("data-count"));
    });
    return counts;
  }

  function addPoint(at, counts) {
    var seconds = at / 1000;
    var last = data[0].length - 1;
    if (last >= 0 && data[0][last] === seconds) {
      return;
    }
    data[0].push(seconds);
    statuses.forEach(function (status, i) { data[i + 1].push(counts[status] || 0); });
  }

  function setUp() {
    var holder = document.getElementById("progress-chart");
    var history = document.getElementById("progress-history");
    if (!holder || !history || typeof uPlot === "undefined") {
      return;
    }
    statuses = Array.prototype.map.call(history.querySelectorAll("thead th[data-status]"), function (th) {
      return th.getAttribute("data-status");
    });
    data = [[]].concat(statuses.map(function () { return []; }));
    history.querySelectorAll("tbody tr[data-at]").forEach(function (row) {
      var counts = {};
      row.querySelectorAll("td").forEach(function (td, i) { counts[statuses[i]] = Number(td.textContent); });
      addPoint(Number(row.getAttribute("data-at")), counts);
    });
    var now = document.getElementById("progress-counts");
    if (now) {
      addPoint(Number(now.getAttribute("data-at")), countsOf(now));
    }
    var series = [{}].concat(statuses.map(function (status) {
      return { label: status.replace("_", " ").toLowerCase(), stroke: COLOURS[status] || "#000", width: 2 };
    }));
    chart = new uPlot({ width: Math.max(240, holder.clientWidth), height: 300, series: series,
      scales: { x: { time: true } }, axes: [{}, { label: "devices" }] }, data, holder);
    window.addEventListener("resize", function () {
      chart.setSize({ width: Math.max(240, holder.clientWidth), height: 300 });
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
  // the session ended (signed out elsewhere, expired, key removed): the live stream says so once
  document.addEventListener("htmx:sseMessage", function (event) {
    if (event.detail && event.detail.type === "signed-out") {
      window.location.assign("/console/sign-in");
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var table = document.getElementById("progress-counts");
    if (!chart || !table || !event.target.contains(table)) {
      return;
    }
    addPoint(Number(table.getAttribute("data-at")), countsOf(table));
    chart.setData(data);
  });
})();
