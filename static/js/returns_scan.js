/* Receipt and inspection of a customer return: a scanned barcode (or SKU) finds its line and focuses the
   line's quantity; every further scan of the same product adds one when receiving. No dependencies. */
(function () {
  "use strict";
  var input = document.getElementById("barcode-scan");
  if (!input) { return; }
  var message = document.getElementById("scan-message");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#receive-lines tbody tr[data-line]"));
  var lastRow = null;

  function find(code) {
    code = code.trim();
    if (!code) { return null; }
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      if (row.dataset.barcode === code || row.dataset.sku.toLowerCase() === code.toLowerCase()) { return row; }
    }
    return null;
  }

  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    event.preventDefault();
    var row = find(input.value);
    rows.forEach(function (r) { r.classList.remove("table-success"); });
    if (!row) {
      message.textContent = input.dataset.notFound + " (" + input.value + ")";
      message.className = "small mt-1 text-danger";
      input.select();
      return;
    }
    row.classList.add("table-success");
    var quantity = row.querySelector(".scan-quantity");
    message.textContent = row.cells[0].textContent;
    message.className = "small mt-1 text-success";
    if (quantity) {
      quantity.focus();
      quantity.select();
    }
    lastRow = row;
    input.value = "";
  });

  // Enter in a quantity goes back to the scan box instead of submitting the form.
  rows.forEach(function (row) {
    var quantity = row.querySelector(".scan-quantity");
    if (!quantity) { return; }
    quantity.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        input.focus();
      }
    });
  });

  // The customer picker of the new-request form reloads the page for that customer's deliveries.
  window.returnsLastRow = function () { return lastRow; };
})();

(function () {
  "use strict";
  var select = document.getElementById("id_h-customer");
  if (!select || document.querySelector("input[name=order]")) { return; }
  select.addEventListener("change", function () {
    if (select.value) { window.location.search = "?customer=" + encodeURIComponent(select.value); }
  });
})();
