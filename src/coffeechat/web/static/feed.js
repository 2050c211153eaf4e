// coffeechat: the copy buttons of the agenda feed's address (Today and Settings).
// Without script the address stays in a read-only field to select and copy by hand.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var said = button.closest(".feed") && button.closest(".feed").querySelector(".copied");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function (text) { if (said) { said.textContent = text; } };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(
          function () { done("Copied."); },
          function () { field.select(); done("Select the address and copy it."); }
        );
      } else {
        field.select();
        done("Select the address and copy it.");
      }
    });
  });
});
