// faro serve: live reload for the preview.
// Served only by `faro serve` at /__faro/reload.js and injected into the HTML
// it serves; it is never part of a `faro build`.
(function () {
  "use strict";
  var me = document.currentScript;
  // The build this page came from; a different one announced on (re)connect
  // means we missed a rebuild while disconnected.
  var generation = me ? me.getAttribute("data-generation") : null;
  // The output file this page was served from (`informes/2024/01/index.html`,
  // or `404.html` for a missing page), as build events name changed files.
  var served = me ? me.getAttribute("data-output") : null;
  var overlay = null;
  var panel = null;
  var source = null;

  // Tell the server the page (and this script) loaded, or that it heard of
  // a build and stayed: tests and benchmarks count page loads this way, and
  // know that a page stayed without waiting to see that it did not reload.
  function ping(what) {
    try {
      fetch("/__faro/ping?" + (what || "loaded") + "=" + Date.now() + "&path=" +
        encodeURIComponent(location.pathname), { cache: "no-store" });
    } catch (e) { /* a preview without pings still works */ }
  }

  function reload() {
    location.reload();
  }

  // A same-origin URL as the output file it serves: `/a/b/` → `a/b/index.html`.
  function outputOf(href) {
    var url;
    try {
      url = new URL(href, location.href);
    } catch (e) {
      return null;
    }
    if (url.origin !== location.origin) return null;
    var path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch (e) {
      path = url.pathname;
    }
    path = path.replace(/^\/+/, "");
    return path === "" || path.charAt(path.length - 1) === "/" ? path + "index.html" : path;
  }

  // The files this page is made of: its own (what it was served from, and
  // what its address names, which differ on a 404 page), and the files its
  // elements load, stylesheets apart.
  function pageFiles() {
    var own = [outputOf(location.href)];
    if (served) own.push(served);
    var uses = [], styles = [];
    var attributes = ["src", "href", "data", "poster"];
    var elements = document.querySelectorAll(
      "script[src],img,picture source,video,audio,object[data],embed[src],iframe[src]," +
      "link[href],image,use");
    Array.prototype.forEach.call(elements, function (el) {
      var rel = (el.getAttribute("rel") || "").toLowerCase().split(/\s+/);
      if (el.localName === "link" && rel.indexOf("stylesheet") < 0 &&
          rel.indexOf("icon") < 0 && rel.indexOf("preload") < 0 &&
          rel.indexOf("modulepreload") < 0) {
        return; // alternate, canonical, next…: other documents, not parts of this one
      }
      var into = rel.indexOf("stylesheet") >= 0 ? styles : uses;
      attributes.forEach(function (name) {
        var value = el.getAttribute(name) || el.getAttribute("xlink:" + name);
        if (value) into.push(outputOf(value));
      });
      (el.getAttribute("srcset") || "").split(",").forEach(function (candidate) {
        var url = candidate.trim().split(/\s+/)[0];
        if (url) uses.push(outputOf(url));
      });
    });
    return { own: own, uses: uses, styles: styles };
  }

  // What a successful build means for a page made of `files`: "reload" when
  // its own file or one it loads changed (or the build could not list what
  // changed), "css" when only its stylesheets did, else "stay".
  function decide(event, files) {
    if (event.all || !Array.isArray(event.changed)) return "reload";
    var changed = Object.create(null);
    event.changed.forEach(function (path) { changed[path] = true; });
    var hit = function (path) { return path !== null && changed[path] === true; };
    if (files.own.some(hit) || files.uses.some(hit)) return "reload";
    return files.styles.some(hit) ? "css" : "stay";
  }

  function rebuilt(event) {
    var d = data(event);
    var action = decide(d, pageFiles());
    if (action === "reload") {
      reload();
      return;
    }
    // Still up to date: a later reconnect must not count this build as missed.
    if (d.generation) generation = d.generation;
    hideErrors();
    if (action === "css") swapStylesheets();
    ping("stayed");
  }

  // Swaps every same-origin stylesheet for a fresh copy. The new <link> is
  // added before the old one is removed so the page never flashes unstyled.
  function swapStylesheets() {
    var stamp = String(Date.now());
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("__faro", stamp);
      var next = link.cloneNode(false);
      next.href = url.href;
      var done = false;
      next.onload = next.onerror = function () {
        if (done) return;
        done = true;
        link.remove();
      };
      link.after(next);
    });
  }

  function hideErrors() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function hideWarnings() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  // Each problem: its `path:line:col: message` (wrapped to the screen),
  // then the line of the file with a marker under the column, never
  // wrapped (it scrolls sideways instead) so the marker stays under it.
  // The words (title, note, button) come from the server, in the editor's
  // language.
  function problemList(problems, accent) {
    var list = document.createElement("div");
    list.style.cssText =
      "margin:0 0 1rem;padding:1rem;background:#000000;color:#ffffff;" +
      "border-left:4px solid " + accent + ";" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
    problems.forEach(function (p) {
      var text = document.createElement("p");
      text.textContent = p.text;
      text.style.cssText = "margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;";
      list.appendChild(text);
      if (p.excerpt) {
        var excerpt = document.createElement("pre");
        excerpt.textContent = p.excerpt;
        excerpt.style.cssText =
          "margin:0 0 .75rem;white-space:pre;overflow-x:auto;font:inherit;color:#ffffff;";
        list.appendChild(excerpt);
      }
    });
    return list;
  }

  // On a narrow screen, scrolls an excerpt sideways so its marker shows.
  function showMarker(pre) {
    var lines = pre.textContent.split("\n");
    var longest = Math.max.apply(null, lines.map(function (l) { return l.length; }));
    var marker = lines.filter(function (l) { return l.indexOf("^") >= 0; }).pop();
    if (!marker || !longest || pre.scrollWidth <= pre.clientWidth) return;
    var perChar = pre.scrollWidth / longest;
    pre.scrollLeft = Math.max(0, marker.indexOf("^") * perChar - pre.clientWidth / 2);
  }

  // A box with a title, a note, the problems and a button that hides it.
  // Styles are inline and explicit so the page's own CSS cannot make it
  // unreadable: white on near-black is above 15:1.
  function box(report, id, position, colors, onHide) {
    var el = document.createElement("div");
    el.id = id;
    el.setAttribute("lang", report.lang || "es");
    el.style.cssText = position + "z-index:2147483647;overflow:auto;box-sizing:border-box;" +
      "margin:0;background:#16161a;color:#ffffff;" +
      "font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left;";
    var title = document.createElement("h2");
    title.textContent = report.title || "";
    title.style.cssText = "margin:0 0 .5rem;font-size:1.5rem;line-height:1.3;font-weight:700;color:" +
      colors.title + ";";
    var note = document.createElement("p");
    note.textContent = report.note || "";
    note.style.cssText = "margin:0 0 1rem;color:#ffffff;";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = report.hide || "×";
    close.style.cssText =
      "font:inherit;padding:.4rem 1rem;color:#16161a;background:#ffffff;" +
      "border:2px solid #ffffff;border-radius:4px;cursor:pointer;";
    close.addEventListener("click", onHide);
    el.appendChild(title);
    el.appendChild(note);
    el.appendChild(problemList(report.problems || [], colors.accent));
    el.appendChild(close);
    (document.body || document.documentElement).appendChild(el);
    Array.prototype.forEach.call(el.querySelectorAll("pre"), showMarker);
    return el;
  }

  // A failed build covers the page: what is below is out of date.
  function showErrors(report) {
    hideErrors();
    hideWarnings();
    overlay = box(report, "faro-errors", "position:fixed;inset:0;padding:2rem;",
      { title: "#ffd0d0", accent: "#ff6b6b" }, hideErrors);
    overlay.setAttribute("role", "alert");
  }

  // Warnings do not block the preview: a panel at the bottom, over at most
  // a third of the screen, that the page can be read and scrolled around.
  function showWarnings(report) {
    hideWarnings();
    if (!report.problems || report.problems.length === 0) return;
    panel = box(report, "faro-warnings",
      "position:fixed;left:0;right:0;bottom:0;max-height:33vh;padding:1rem 2rem;" +
      "border-top:4px solid #ffd166;",
      { title: "#ffe7a8", accent: "#ffd166" }, hideWarnings);
    panel.setAttribute("role", "status");
  }

  function data(event) {
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return {};
    }
  }

  function connect() {
    source = new EventSource("/__faro/events");
    source.addEventListener("hello", function (e) {
      var d = data(e);
      if (generation !== null && d.generation && d.generation !== generation) {
        reload();
      } else if (d.generation) {
        generation = d.generation;
      }
    });
    source.addEventListener("reload", rebuilt);
    source.addEventListener("css", function (e) {
      var d = data(e);
      if (d.generation) generation = d.generation;
      swapStylesheets();
      ping("stayed");
    });
    source.addEventListener("build-error", function (e) {
      showErrors(data(e));
    });
    source.addEventListener("build-warnings", function (e) {
      showWarnings(data(e));
    });
    source.onerror = function () {
      // EventSource retries by itself unless the server answered with an
      // error; then it gives up (CLOSED) and we start over a little later.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    };
  }

  ping();
  connect();
})();
