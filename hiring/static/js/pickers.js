// People pickers (the people_picker macro in templates/_macros/forms.html) and a form's
// defaults that follow a select.
// Progressive enhancement: without JavaScript the search box and count stay hidden, every
// checkbox works, and the server's defaults apply.
(function () {
  "use strict";

  // Words of a search; each must appear in a person's name, role or e-mail.
  function words(text) {
    return text.toLowerCase().trim().split(/\s+/).filter(function (word) { return word; });
  }

  function rows(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll("li[data-search]"));
  }

  // Show who matches the search. The ticked always stay in view, so a search never hides
  // who is already chosen.
  function filter(picker) {
    var search = picker.querySelector("input[type=search]");
    var wanted = words(search.value);
    var others = 0;
    rows(picker).forEach(function (row) {
      var ticked = row.querySelector("input[type=checkbox]").checked;
      var match = wanted.every(function (word) { return row.dataset.search.indexOf(word) !== -1; });
      row.hidden = !(ticked || match);
      if (match && !ticked) { others += 1; }
    });
    picker.querySelector("[data-picker-none]").hidden = !wanted.length || others > 0;
  }

  function count(picker) {
    var ticked = picker.querySelectorAll("li[data-search] input[type=checkbox]:checked").length;
    picker.querySelector(".picker-count").textContent = ticked + " selected";
  }

  // The ticked first, then everyone else, each group in the order offered (by name).
  function sort(picker) {
    var list = picker.querySelector(".picker-list");
    rows(picker).map(function (row) {
      var ticked = row.querySelector("input[type=checkbox]").checked;
      return {row: row, key: (ticked ? 0 : 1e6) + Number(row.dataset.order)};
    }).sort(function (a, b) { return a.key - b.key; }).forEach(function (item) {
      list.appendChild(item.row);
    });
  }

  // Tick exactly the people whose ids are given (a stage's default interviewers).
  function choose(picker, ids) {
    picker.querySelectorAll("li[data-search] input[type=checkbox]").forEach(function (box) {
      box.checked = ids.indexOf(box.value) !== -1;
    });
    sort(picker);
    filter(picker);
    count(picker);
  }

  document.querySelectorAll("[data-people-picker]").forEach(function (picker) {
    var search = picker.querySelector("input[type=search]");
    picker.querySelector("[data-picker-tools]").hidden = false;
    search.addEventListener("input", function () { filter(picker); });
    search.addEventListener("keydown", function (event) {
      // Enter in the search box must not submit the whole form.
      if (event.key === "Enter") { event.preventDefault(); }
    });
    picker.addEventListener("change", function (event) {
      if (event.target instanceof HTMLInputElement && event.target.type === "checkbox") {
        count(picker);
      }
    });
  });

  // <select data-stage-defaults data-minutes-field="id" data-people-field="id">: each option's
  // data-minutes and data-people (ids separated by spaces) fill those fields when it is chosen.
  document.querySelectorAll("select[data-stage-defaults]").forEach(function (select) {
    var minutes = document.getElementById(select.dataset.minutesField || "");
    var picker = document.getElementById(select.dataset.peopleField || "");
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (!option) { return; }
      if (minutes && option.dataset.minutes) { minutes.value = option.dataset.minutes; }
      if (picker && picker.hasAttribute("data-people-picker")) {
        choose(picker, words(option.dataset.people || ""));
      }
    });
  });
})();
