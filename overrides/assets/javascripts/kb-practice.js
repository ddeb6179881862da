/* 服务知识库: practice mode for model dialogues (kb.render's bubbles), no framework.
 *
 * Each good-version dialogue gets a "practise" control. The reader picks a side; that side's
 * turns are covered (their speaker and stage stay visible) and uncovered one at a time with
 * the "next" button (click, tap, Space or Enter), while the other side's turns appear in
 * order up to the reader's next line. At the end a summary lists the stages the dialogue
 * went through. Without JavaScript the page shows the whole dialogue, as it always does.
 * The words come from docs/_data/ui.yml (`practice-*`), which the page carries as JSON in
 * #kb-ui (overrides/main.html); the script works from file:// too (no fetch, no server). */
(function () {
  "use strict";
  var data = document.getElementById("kb-ui");
  if (!data) return;
  var ui = JSON.parse(data.textContent);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function button(cls, text) {
    var b = el("button", "md-button kb-practice__button " + cls, text);
    b.type = "button";
    return b;
  }

  function setUp(figure) {
    var turns = Array.prototype.slice.call(figure.querySelectorAll(".kb-turn"));
    if (!turns.length) return;
    var bar = el("div", "kb-practice");
    var start = button("kb-practice__start", ui["practice-start"]);
    start.setAttribute("aria-expanded", "false");
    bar.appendChild(start);
    var picker = el("div", "kb-practice__picker");
    picker.hidden = true;
    picker.setAttribute("role", "group");
    picker.setAttribute("aria-label", ui["practice-pick"]);
    picker.appendChild(el("span", "kb-practice__prompt", ui["practice-pick"]));
    var asStaff = button("kb-practice__side", ui["practice-as-staff"]);
    var asCustomer = button("kb-practice__side", ui["practice-as-customer"]);
    picker.appendChild(asStaff);
    picker.appendChild(asCustomer);
    bar.appendChild(picker);
    var controls = el("div", "kb-practice__controls");
    controls.hidden = true;
    var next = button("kb-practice__next md-button--primary", ui["practice-next"]);
    var stop = button("kb-practice__stop", ui["practice-stop"]);
    controls.appendChild(next);
    controls.appendChild(stop);
    bar.appendChild(controls);
    // what a screen reader hears: each uncovered line, then the summary
    var live = el("div", "kb-practice__live");
    live.setAttribute("aria-live", "polite");
    bar.appendChild(live);
    var summary = el("div", "kb-practice__summary");
    summary.hidden = true;
    bar.appendChild(summary);
    figure.parentNode.insertBefore(bar, figure);

    var side = null, shown = 0;

    function cover(turn) {
      turn.classList.add("kb-turn--covered");
      var text = turn.querySelector(".kb-turn__text");
      text.setAttribute("aria-hidden", "true");
      if (!turn.querySelector(".kb-turn__cue")) {
        var cue = el("p", "kb-turn__cue", ui["practice-your-line"]);
        text.parentNode.insertBefore(cue, text);
      }
    }

    function uncover(turn) {
      turn.classList.remove("kb-turn--covered", "kb-turn--later");
      var text = turn.querySelector(".kb-turn__text");
      text.removeAttribute("aria-hidden");
      var cue = turn.querySelector(".kb-turn__cue");
      if (cue) cue.parentNode.removeChild(cue);
    }

    function line(turn) {
      var role = turn.querySelector(".kb-turn__role").textContent;
      var stage = turn.querySelector(".kb-turn__stage").textContent;
      return role + " · " + stage + ": " + turn.querySelector(".kb-turn__text").textContent;
    }

    // show the other side's turns up to the reader's next line (which is covered, not hidden);
    // `heard`: the lines a screen reader announces, the one just uncovered first
    function advance(heard) {
      while (shown < turns.length && !turns[shown].classList.contains("kb-turn--" + side)) {
        uncover(turns[shown]);
        heard.push(line(turns[shown]));
        shown++;
      }
      live.textContent = heard.join(" ");
      if (shown < turns.length) {
        turns[shown].classList.remove("kb-turn--later");
        cover(turns[shown]);
        next.focus();
      } else {
        finish();
      }
    }

    function begin(which) {
      side = which;
      shown = 0;
      figure.classList.add("kb-dialogue--practising");
      turns.forEach(function (t) { t.classList.add("kb-turn--later"); });
      picker.hidden = true;
      summary.hidden = true;
      controls.hidden = false;
      next.disabled = false;
      advance([]);
    }

    function reveal() {
      if (side === null || shown >= turns.length) return;
      uncover(turns[shown]);
      var heard = [line(turns[shown])];
      shown++;
      advance(heard);
    }

    function finish() {
      next.disabled = true;
      var stages = [];
      turns.forEach(function (t) {
        var s = t.querySelector(".kb-turn__stage").textContent;
        if (stages[stages.length - 1] !== s) stages.push(s);
      });
      summary.textContent = "";
      summary.appendChild(el("p", "kb-practice__done", ui["practice-done"]));
      var list = el("ol", "kb-practice__stages");
      stages.forEach(function (s) { list.appendChild(el("li", "", s)); });
      summary.appendChild(list);
      var again = button("kb-practice__again", ui["practice-again"]);
      again.addEventListener("click", function () { begin(side); });
      summary.appendChild(again);
      summary.hidden = false;
      live.textContent = ui["practice-done"] + " " + stages.join(" → ");
      again.focus();
    }

    function end() {
      side = null;
      figure.classList.remove("kb-dialogue--practising");
      turns.forEach(uncover);
      controls.hidden = true;
      summary.hidden = true;
      picker.hidden = true;
      start.setAttribute("aria-expanded", "false");
      live.textContent = "";
      start.focus();
    }

    start.addEventListener("click", function () {
      picker.hidden = !picker.hidden;
      start.setAttribute("aria-expanded", String(!picker.hidden));
      if (!picker.hidden) asStaff.focus();
    });
    asStaff.addEventListener("click", function () { begin("staff"); });
    asCustomer.addEventListener("click", function () { begin("customer"); });
    next.addEventListener("click", reveal);  // a button: Space and Enter press it too
    stop.addEventListener("click", end);
  }

  // the bad version is there to be recognised, not rehearsed
  Array.prototype.forEach.call(document.querySelectorAll("figure.kb-dialogue:not(.kb-dialogue--bad)"), setUp);
})();
