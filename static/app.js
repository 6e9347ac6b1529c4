// Small enhancements; every page works without this file.
(function () {
  "use strict";

  // The browser's time zone: offered at sign-in, and a button on the account page.
  var browserZone = "";
  try { browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { browserZone = ""; }
  document.querySelectorAll("input[name=browser_zone]").forEach(function (input) { input.value = browserZone; });
  document.querySelectorAll("[data-browser-zone]").forEach(function (button) {
    var select = document.getElementById(button.getAttribute("data-browser-zone"));
    var known = select && Array.prototype.some.call(select.options, function (o) { return o.value === browserZone; });
    if (!known) { return; }
    button.hidden = false;
    button.textContent = button.textContent.replace("{zone}", browserZone);
    button.addEventListener("click", function () { select.value = browserZone; });
  });

  // A page showing work under way (the recount after a change of zone) looks again.
  document.querySelectorAll("[data-reload-every]").forEach(function (element) {
    var seconds = Number(element.getAttribute("data-reload-every")) || 5;
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
  });

  // Period presets apply at once; a custom date range waits for the Apply button.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.value !== "custom") {
        var form = select.form;
        form.querySelectorAll("input[type=date]").forEach(function (input) { input.disabled = true; });
        form.submit();
      }
    });
  });

  // Typing a date means a custom range.
  document.querySelectorAll(".filters input[type=date]").forEach(function (input) {
    input.addEventListener("change", function () {
      var period = input.form.querySelector("select[name=period]");
      if (period) { period.value = "custom"; }
    });
  });

  // The log-call form from the keyboard: 1-9 pick the outcome, c/u/n the intent, Ctrl+Enter saves.
  var form = document.getElementById("log-call");
  if (!form) { return; }
  var typing = function (target) {
    return target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type !== "radio") || target.tagName === "SELECT");
  };
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key.toLowerCase();
    var outcome = form.querySelector('#outcomes input[data-key="' + key + '"]');
    var intent = form.querySelector('#intents input[data-key="' + key + '"]');
    var choice = outcome || intent;
    if (choice) {
      event.preventDefault();
      choice.checked = true;
      choice.focus();
      if (outcome && outcome.value === "connected") {
        var first = form.querySelector("#intents input");
        if (first) { first.focus(); }
      } else {
        var talk = document.getElementById("talk");
        if (talk && (intent || (outcome && outcome.value !== "connected"))) { talk.focus(); }
      }
    }
  });
})();
