// Messages: copy the text, and keep the mailto: link in step with what is typed.
// (The findings as you type are htmx's, from the textarea's hx-* attributes.)
(function () {
  "use strict";
  var body = document.getElementById("body");
  var subject = document.getElementById("subject");
  var mailto = document.getElementById("mailto");
  var copy = document.getElementById("copy");
  var copied = document.getElementById("copied");

  // RFC 6068: every field percent-encoded as UTF-8, line breaks as CRLF.
  function encode(text) {
    return encodeURIComponent(text.replace(/\r?\n/g, "\r\n"));
  }

  function updateMailto() {
    if (!mailto || !body || !subject) { return; }
    var to = mailto.getAttribute("data-to") || "";
    mailto.href = "mailto:" + encode(to).replace(/%40/g, "@") +
      "?subject=" + encode(subject.value) + "&body=" + encode(body.value);
  }

  function say(text) {
    if (!copied) { return; }
    copied.textContent = text;
    copied.hidden = false;
  }

  if (body && subject) {
    body.addEventListener("input", updateMailto);
    subject.addEventListener("input", updateMailto);
  }
  if (copy && body && navigator.clipboard) {
    copy.hidden = false;  // without script (or a clipboard) there is nothing to press
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(body.value).then(
        function () { say("Copied: paste it into your message."); },
        function () { say("Could not copy: select the text and copy it yourself."); }
      );
    });
  }
})();
