// Behaviour that pages declare with data- attributes, so that the Content-Security-Policy needs no
// inline event handlers:
//   <form data-confirm="Question?">      asks before the form is sent
//   <button data-confirm="Question?">    asks before the click submits
//   <select data-autosubmit>             sends its form when the choice changes
//   <button data-print>                  prints the page
//   <input type=checkbox data-check-all="name">  ticks or clears every checkbox called "name"
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm], [data-print]") : null;
    if (!target || target.tagName === "FORM") return;
    if (target.hasAttribute("data-print")) {
      event.preventDefault();
      window.print();
      return;
    }
    if (!window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
    var group = field.getAttribute && field.getAttribute("data-check-all");
    if (group) {
      document.querySelectorAll('input[type=checkbox][name="' + group + '"]').forEach(function (box) {
        box.checked = field.checked;
      });
    }
  });
})();
