/* Minsheng portal: the before/after slider of a photo story (图说民生), a progressive enhancement. Without
   JavaScript each pair is two figures side by side (前/后, captions, dates) and the page is complete; where
   JavaScript runs, a slider is added above them: the "after" photo with the "before" photo laid over it and
   clipped at the slider's position. Same-origin, no inline code, no eval (the portal's CSP); positions are set
   through the CSSOM (a custom property), never a style attribute in markup. */
(function () {
  "use strict";
  if (!document.querySelector || !window.addEventListener) return;

  function photo(side) {
    var link = side && side.querySelector("a[href]");
    var img = side && side.querySelector("img");
    if (!link || !img) return null;
    return { src: link.getAttribute("href"), w: img.getAttribute("width"), h: img.getAttribute("height") };
  }

  function image(src, cls) {
    var img = document.createElement("img");
    img.src = src;
    img.alt = "";
    img.className = cls;
    img.decoding = "async";
    return img;
  }

  function enhance(pair) {
    var before = photo(pair.querySelector(".pair-side.before"));
    var after = photo(pair.querySelector(".pair-side.after"));
    var figures = pair.querySelector(".pair-figures");
    if (!before || !after || !figures) return;

    var box = document.createElement("div");
    box.className = "compare";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "前后对比滑块");

    var view = document.createElement("div");
    view.className = "compare-view";
    var w = parseInt(after.w, 10), h = parseInt(after.h, 10);
    if (w > 0 && h > 0 && view.style.setProperty) view.style.setProperty("--ratio", w + " / " + h);
    view.appendChild(image(after.src, "compare-after"));
    var top = document.createElement("div");
    top.className = "compare-before";
    top.appendChild(image(before.src, "compare-img"));
    view.appendChild(top);
    var tagBefore = document.createElement("span");
    tagBefore.className = "compare-tag compare-tag-before";
    tagBefore.textContent = "前";
    var tagAfter = document.createElement("span");
    tagAfter.className = "compare-tag compare-tag-after";
    tagAfter.textContent = "后";
    view.appendChild(tagBefore);
    view.appendChild(tagAfter);

    var label = document.createElement("label");
    label.className = "compare-label";
    var text = document.createElement("span");
    text.textContent = "拖动滑块比较前后照片";
    var range = document.createElement("input");
    range.type = "range";
    range.min = "0";
    range.max = "100";
    range.step = "1";
    range.value = "50";
    range.className = "compare-range";
    label.appendChild(text);
    label.appendChild(range);

    function update() {
      var v = Math.max(0, Math.min(100, parseInt(range.value, 10) || 0));
      if (view.style.setProperty) view.style.setProperty("--pos", v + "%");
      range.setAttribute("aria-valuetext", "前 " + v + "%，后 " + (100 - v) + "%");
    }
    range.addEventListener("input", update);
    range.addEventListener("change", update);
    update();

    box.appendChild(view);
    box.appendChild(label);
    figures.parentNode.insertBefore(box, figures);
    pair.className += " compare-on";
  }

  function init() {
    var pairs = document.querySelectorAll(".pair");
    for (var i = 0; i < pairs.length; i++) enhance(pairs[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
