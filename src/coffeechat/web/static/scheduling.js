// Scheduling: "Copy the text" puts the e-mail on the clipboard. The button shows only
// where script runs; without it, select the text or use the other buttons. htmx swaps
// the page's middle in after a new proposal, so the buttons are set up again then.
function coffeechatCopyButtons() {
  document.querySelectorAll("button.copy[data-copy]:not([data-ready])").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    button.setAttribute("data-ready", "");
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.querySelector(".copied");
      navigator.clipboard.writeText(source.textContent).then(
        function () { if (status) { status.textContent = "Copied: paste it into your e-mail."; } },
        function () { if (status) { status.textContent = "Could not copy: select the text instead."; } }
      );
    });
  });
}
document.addEventListener("DOMContentLoaded", coffeechatCopyButtons);
document.addEventListener("htmx:afterSettle", coffeechatCopyButtons);
