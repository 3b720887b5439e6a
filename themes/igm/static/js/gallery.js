// Optional lightbox for photo galleries. Without this script every thumbnail
// is a plain link to its large image. With it, a thumbnail opens a modal
// <dialog>: arrows move between photos, Esc closes, focus returns to the
// thumbnail, and the caption and credit stay visible.
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function") return;
  var galleries = document.querySelectorAll("[data-gallery]");
  if (!galleries.length) return;

  var dialog = document.createElement("dialog");
  dialog.className = "lightbox";
  dialog.setAttribute("aria-label", "Foto ampliada");
  dialog.innerHTML =
    '<figure><img alt=""><figcaption></figcaption></figure>' +
    '<p class="lightbox-count" aria-live="polite"></p>' +
    '<div class="lightbox-nav">' +
    '<button type="button" data-step="-1">← Anterior</button>' +
    '<button type="button" data-step="1">Siguiente →</button>' +
    '<button type="button" data-close>Cerrar (Esc)</button></div>';
  document.body.appendChild(dialog);
  var img = dialog.querySelector("img");
  var caption = dialog.querySelector("figcaption");
  var count = dialog.querySelector(".lightbox-count");
  var links = [];
  var current = 0;
  var opener = null;

  function show(i) {
    current = (i + links.length) % links.length;
    var a = links[current];
    var thumb = a.querySelector("img");
    img.src = a.getAttribute("data-large") || a.href;
    img.alt = thumb ? thumb.alt : "";
    img.width = +a.getAttribute("data-width") || 0;
    img.height = +a.getAttribute("data-height") || 0;
    var cap = a.parentNode.querySelector("figcaption");
    caption.textContent = cap ? cap.textContent : "";
    count.textContent = "Foto " + (current + 1) + " de " + links.length;
  }

  galleries.forEach(function (g) {
    g.querySelectorAll("a").forEach(function (a) {
      var index = links.length;
      links.push(a);
      a.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        opener = a;
        show(index);
        dialog.showModal();
        dialog.querySelector("[data-close]").focus();
      });
    });
  });

  dialog.addEventListener("click", function (e) {
    var t = e.target;
    if (t === dialog || t.hasAttribute("data-close")) dialog.close();
    else if (t.hasAttribute("data-step")) show(current + +t.getAttribute("data-step"));
  });
  dialog.addEventListener("keydown", function (e) {
    if (e.key === "ArrowRight") show(current + 1);
    else if (e.key === "ArrowLeft") show(current - 1);
  });
  dialog.addEventListener("close", function () {
    img.removeAttribute("src");
    if (opener) opener.focus();
  });
})();
