/* Filter forms: a box that narrows a long list of checkboxes as one types (participants,
   documents, parts). Served from this host under the Content-Security-Policy (no inline script);
   without it, the lists still scroll and tick (review/filters.py, CheckboxList). The search box has
   no name: it is never sent with the form. Accents and case are ignored, as the server's search
   ignores them. Its words come from the form's data-* attributes, which the template translates
   (templates/includes/_filter_form.html): "{list}" and the like are filled in here. */
(function () {
  "use strict";

  function fill(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(list, number) {
    var choices = Array.prototype.slice.call(list.querySelectorAll(".choice"));
    var groups = Array.prototype.slice.call(list.querySelectorAll(".choice-group"));
    var texts = choices.map(function (choice) { return fold(choice.textContent); });
    var fieldset = list.closest("fieldset:not(.choice-group)");
    var legend = fieldset && fieldset.querySelector("legend");
    var phrases = (list.closest("form") || document.body).dataset;
    var name = legend ? legend.textContent.replace(/:\s*$/, "") : phrases.unnamedList;

    var finder = document.createElement("div");
    finder.className = "choice-finder";
    var label = document.createElement("label");
    var id = list.id + "_find";
    label.setAttribute("for", id);
    label.textContent = fill(phrases.findLabel, { list: (name || "").toLowerCase() });
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id);
    var status = document.createElement("p");
    status.className = "choice-count";
    status.id = list.id + "_count";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    finder.appendChild(label);
    finder.appendChild(input);
    finder.appendChild(status);
    list.parentNode.insertBefore(finder, list);

    function narrow() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      choices.forEach(function (choice, index) {
        var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
        choice.hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".choice:not([hidden])");
      });
      status.textContent = words.length ? fill(phrases.countText, { shown: shown, total: choices.length }) : "";
    }

    function summarise() {
      var chosen = document.getElementById(list.id + "_chosen");
      if (!chosen) { return; }
      var names = choices.filter(function (choice) {
        return choice.querySelector("input").checked;
      }).map(function (choice) {
        var group = choice.closest(".choice-group");
        var text = choice.textContent.trim();
        return group ? group.querySelector("legend").textContent + ", " + text : text;
      });
      chosen.textContent = names.length ? fill(phrases.chosenText, { names: names.join("; ") }) : phrases.noneChosen || "";
    }

    input.addEventListener("input", narrow);
    // Enter in the search box narrows the list; it does not send the form half filled in.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    list.addEventListener("change", summarise);
  }

  // The lists' filters fold behind their button on a phone; where the screen has room for them
  // beside the table's columns, they open by themselves (the page without scripts keeps them folded).
  function openWhereWide() {
    if (!window.matchMedia("(min-width: 64em)").matches) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("details[data-open-wide]"), function (details) {
      details.open = true;
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-choice-list]"), enhance);
    openWhereWide();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
