/* 服务知识库: the counter card. On a script page with three things to remember, a control
 * prints the script as one sheet: title, the situation in one line (the summary), the good
 * dialogue with speaker and stage, and the three things, in black and white and without the
 * site around it (kb.css, `.kb-card-print`). The wrong way is left out unless asked for.
 * Words from docs/_data/ui.yml (`card-*`) in #kb-ui; without JavaScript the page prints
 * whole, as any page does. */
(function () {
  "use strict";
  var data = document.getElementById("kb-ui");
  var remember = document.querySelector("article .kb-remember");
  if (!data || !remember) return;
  var ui = JSON.parse(data.textContent);
  if (!ui["card-print"]) return;

  var bar = document.createElement("div");
  bar.className = "kb-card-control";
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-button kb-card-control__print";
  button.textContent = ui["card-print"];
  var label = document.createElement("label");
  label.className = "kb-card-control__option";
  var withBad = document.createElement("input");
  withBad.type = "checkbox";
  label.appendChild(withBad);
  label.appendChild(document.createTextNode(" " + ui["card-with-bad"]));
  bar.appendChild(button);
  bar.appendChild(label);
  var lead = document.querySelector("article .kb-lead") || document.querySelector("article h1");
  lead.parentNode.insertBefore(bar, lead.nextSibling);

  var root = document.documentElement;
  button.addEventListener("click", function () {
    root.classList.add("kb-card-print");
    root.classList.toggle("kb-card-print--with-bad", withBad.checked);
    window.print();
  });
  // the next ordinary print (Ctrl+P) prints the whole page again
  window.addEventListener("afterprint", function () {
    root.classList.remove("kb-card-print", "kb-card-print--with-bad");
  });
})();
