// Charts as PNG (issue 29): beside each chart's "Descargar el gráfico (SVG)"
// link, a PNG link made in the reader's browser from that same SVG file
// (its styles and title inside), drawn on white at least 1600 pixels wide
// so its text stays legible in an article. Progressive enhancement: without
// JavaScript the page offers the SVG and the CSV, as before; with it, the
// PNG costs the build nothing. See docs/sharing.md.
(function () {
  "use strict";
  var WIDE = 1600;
  var canvas = document.createElement("canvas");
  if (!window.fetch || !window.URL || !URL.createObjectURL || !canvas.toBlob) return;

  // The PNG of the SVG file at `href`: a Promise of a Blob.
  function png(href) {
    return fetch(href)
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      })
      .then(function (text) {
        var svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
        var box = (svg.getAttribute("viewBox") || "").split(/[\s,]+/).map(Number);
        var w = parseFloat(svg.getAttribute("width")) || box[2];
        var h = parseFloat(svg.getAttribute("height")) || box[3];
        if (!(w > 0 && h > 0)) throw new Error("size");
        var scale = Math.min(8, Math.max(2, WIDE / w));
        var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
        return new Promise(function (resolve, reject) {
          var img = new Image();
          img.onload = function () {
            var c = document.createElement("canvas");
            c.width = Math.round(w * scale);
            c.height = Math.round(h * scale);
            var g = c.getContext("2d");
            g.fillStyle = "#ffffff";
            g.fillRect(0, 0, c.width, c.height);
            g.drawImage(img, 0, 0, c.width, c.height);
            URL.revokeObjectURL(url);
            c.toBlob(function (b) {
              if (b) resolve(b); else reject(new Error("png"));
            }, "image/png");
          };
          img.onerror = function () {
            URL.revokeObjectURL(url);
            reject(new Error("svg"));
          };
          img.src = url;
        });
      });
  }

  var links = document.querySelectorAll(".chart-links a[href]");
  Array.prototype.forEach.call(links, function (svgLink) {
    var href = svgLink.getAttribute("href");
    if (!/\.svg(\?|$)/.test(href)) return;
    var name = href.split("?")[0].split("/").pop().replace(/\.svg$/, ".png");
    var a = document.createElement("a");
    a.href = "#";
    a.className = "chart-png";
    a.setAttribute("download", name);
    a.textContent = "Descargar el gráfico (PNG)";
    var busy = false;
    a.addEventListener("click", function (e) {
      if (a.getAttribute("data-ready")) return; // the PNG itself, downloaded
      e.preventDefault();
      if (busy) return;
      busy = true;
      png(svgLink.href).then(function (blob) {
        a.href = URL.createObjectURL(blob);
        a.setAttribute("data-ready", "1");
        a.click();
      }, function () {
        a.textContent = "No se pudo crear el PNG: descargue el SVG";
      }).then(function () { busy = false; });
    });
    svgLink.parentNode.insertBefore(a, svgLink.nextSibling);
    svgLink.parentNode.insertBefore(document.createTextNode(" · "), a);
  });
})();
