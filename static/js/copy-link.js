/* "Copy" buttons: progressive enhancement of a readonly input that already shows the text.
   A button `<button type="button" data-copy="INPUT_ID" data-status="STATUS_ID" hidden>` is
   shown only when the browser can copy; without JavaScript the input stays selectable. */
(function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.status);
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = "Copied. Paste it into your calendar app."; }
      }, function () {
        input.select();
        if (status) { status.textContent = "Could not copy: the address is selected, copy it with your keyboard."; }
      });
    });
  });
})();
