/* studywiki built-in theme: click an image in the text to see it large. Keyboard too: each such image is a
   button (Tab to it, Enter or Space opens); Escape, a click anywhere or the close button closes, and focus goes
   back to the image. Images inside links keep their link; tiny ones (icons) are left alone. Plain ES5. */
(function () {
  "use strict";
  var doc = document;
  /* Interface strings: assets/strings.js (templates/strings/LANG.yml), loaded before this file. */
  function tr(key) {
    var s = (window.swStrings || {})[key];
    return s == null ? key : String(s);
  }
  var T = { open: tr("lightbox_open"), close: tr("lightbox_close"), view: tr("lightbox_view") };
  var box = null, big = null, caption = null, opener = null;

  function build() {
    box = doc.createElement("div");
    box.className = "lightbox";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", T.view);
    box.hidden = true;
    var close = doc.createElement("button");
    close.type = "button";
    close.className = "lightbox-close";
    close.setAttribute("aria-label", T.close);
    close.textContent = "\u00d7";
    big = doc.createElement("img");
    big.className = "lightbox-img";
    big.alt = "";
    caption = doc.createElement("p");
    caption.className = "lightbox-caption";
    box.appendChild(close);
    box.appendChild(big);
    box.appendChild(caption);
    box.addEventListener("click", hide);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") { e.preventDefault(); hide(); }
      else if (e.key === "Tab") { e.preventDefault(); close.focus(); }  /* one control: focus stays inside */
    });
    doc.body.appendChild(box);
  }

  function show(img) {
    if (!box) build();
    opener = img;
    big.src = img.currentSrc || img.src;
    big.alt = img.alt || "";
    caption.textContent = img.alt || "";
    caption.hidden = !img.alt;
    box.hidden = false;
    fit(img);
    doc.documentElement.classList.add("lightbox-open");
    box.querySelector(".lightbox-close").focus();
  }

  /* As large as the window allows (a small figure up to three times its size), never cropped. */
  function fit(img) {
    var w = img.naturalWidth || img.width, h = img.naturalHeight || img.height;
    var room = big.parentNode.getBoundingClientRect();
    var s = Math.min((room.width - 32) / w, (room.height - 48 - (caption.hidden ? 0 : 40)) / h, 3);
    if (!(s > 0)) s = 1;
    big.style.width = Math.round(w * s) + "px";
    big.style.height = Math.round(h * s) + "px";
  }

  function hide() {
    if (!box || box.hidden) return;
    box.hidden = true;
    big.removeAttribute("src");
    doc.documentElement.classList.remove("lightbox-open");
    if (opener) opener.focus();
    opener = null;
  }

  function eligible(img) {
    for (var n = img.parentNode; n && n !== doc.body; n = n.parentNode) {
      if (n.nodeName === "A" || n.nodeName === "BUTTON") return false;
    }
    return true;
  }

  function arm(img) {
    if (img.getAttribute("data-lightbox") || !eligible(img)) return;
    function ready() {
      var w = img.naturalWidth, h = img.naturalHeight;
      if (w && h && w <= 48 && h <= 48) return;  /* an icon or a badge */
      img.setAttribute("data-lightbox", "1");
      img.setAttribute("tabindex", "0");
      img.setAttribute("role", "button");
      img.setAttribute("aria-label", img.alt ? T.open + ": " + img.alt : T.open);
      img.addEventListener("click", function () { show(img); });
      img.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") { e.preventDefault(); show(img); }
      });
    }
    if (img.complete && img.naturalWidth) ready();
    else img.addEventListener("load", ready);
  }

  function setup() {
    var imgs = doc.querySelectorAll(".content img");
    for (var i = 0; i < imgs.length; i++) arm(imgs[i]);
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", setup); else setup();
  doc.addEventListener("studywiki:content", setup);  /* new content in place of the old (`studywiki serve`) */
})();
