// The graph view: draws the neighbourhood JSON with vis-network; a click opens the node's page.
(function () {
  "use strict";
  var container = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!container) { return; }
  document.querySelectorAll(".swatch[data-color]").forEach(function (el) {
    el.style.backgroundColor = el.getAttribute("data-color");
  });
  fetch(container.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
    .then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    })
    .then(function (data) {
      var nodes = new vis.DataSet(data.nodes);
      var edges = new vis.DataSet(data.edges);
      var big = data.nodes.length > 300;
      var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
        groups: data.groups,
        nodes: { font: { size: 14, face: "Noto Sans CJK SC, sans-serif" }, size: 16 },
        edges: { arrows: { to: { enabled: false } }, font: { size: 10, align: "middle", color: "#555" },
                 color: { color: "#a0aec0", highlight: "#2d3748" }, smooth: !big },
        interaction: { hover: true, tooltipDelay: 150 },
        physics: { solver: "forceAtlas2Based", stabilization: { enabled: true, iterations: big ? 150 : 400, fit: true },
                   forceAtlas2Based: { gravitationalConstant: -60, springLength: 110 } },
        layout: { improvedLayout: !big }
      });
      window.govkgNodes = nodes;
      window.govkgEdges = edges;
      window.govkgNetwork = network;
      window.govkgStabilized = false;
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: false });   // stop once the layout settles
        window.govkgStabilized = true;
        status.textContent = data.nodes.length + " nodes, " + data.edges.length + " edges." +
          (data.left_out ? " " + data.left_out + " left out." : "");
      });
      network.on("click", function (params) {
        if (params.nodes.length) {
          var node = nodes.get(params.nodes[0]);
          if (node && node.url) { window.location.assign(node.url); }
        }
      });
      status.textContent = "Laying out " + data.nodes.length + " nodes…";
    })
    .catch(function (err) {
      status.textContent = "Could not draw the graph: " + err.message;
    });
}());
