// coffeechat: the only script of the pages (the CSP allows no inline script).
// htmx sends the session's CSRF token, read from <meta name="csrf-token">, with every
// request it makes; plain forms carry it in a hidden field instead.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  }
});
