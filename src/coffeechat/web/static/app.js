// coffeechat: the only script of the pages (the CSP allows no inline script).
// htmx sends the session's CSRF token, read from <meta name="csrf-token">, with every
// request it makes; plain forms carry it in a hidden field instead.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  }
});

// After htmx swaps part of the page in, the button just pressed may be gone, and the
// keyboard focus with it (back to the top of the page). The focus goes to what changed
// instead: the field in error, else the message saying what happened, so keyboard and
// screen reader users carry on from there. A focus still in place is left alone.
document.addEventListener("htmx:afterSettle", function (event) {
  var active = document.activeElement;
  if (active && active !== document.body && active.isConnected) {
    return;
  }
  var scope = event.target instanceof Element && event.target.isConnected
    ? event.target : document.querySelector("main");
  if (!scope) {
    return;
  }
  var next = scope.querySelector('[aria-invalid="true"]') ||
    scope.querySelector('[role="alert"], [role="status"]');
  if (!next) {
    return;
  }
  if (!next.matches("a[href], button, input, select, textarea")) {
    next.setAttribute("tabindex", "-1");
  }
  next.focus();
});
