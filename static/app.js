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

  // A button that cannot be undone asks first (without this file it acts at once, as
  // its label says).
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
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

  // The agenda from the keyboard: n calls the next (its lead's log-call form), x marks
  // the next task done.
  if (document.getElementById("agenda")) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) { return; }
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var key = event.key.toLowerCase();
      var call = document.querySelector("#agenda [data-next-call]");
      var done = document.querySelector("#agenda form[data-next-done]");
      if (key === "n" && call) { event.preventDefault(); call.click(); }
      if (key === "x" && done) { event.preventDefault(); done.requestSubmit(); }
    });
  }

  // Notifications arrive while a page is open (server-sent events): the header's count
  // follows, and new ones show in the corner until opened or for a minute. Without
  // this, the count is as of the page's loading.
  var notices = document.getElementById("notices");
  if (notices && window.EventSource) {
    var unreadCount = document.getElementById("notices-count");
    var unreadLabel = document.getElementById("notices-label");
    var toast = document.getElementById("notices-live");
    var signOut = document.querySelector("form.signout input[name=csrf]");
    var hideToast = null;
    var source = new EventSource(notices.getAttribute("data-live"));
    source.addEventListener("notices", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      unreadCount.textContent = String(data.unread);
      unreadCount.hidden = data.unread === 0;
      unreadLabel.textContent = data.label;
      notices.title = data.label;
      notices.classList.toggle("unread", data.unread > 0);
      if (!data.notices.length) { return; }
      data.notices.forEach(function (notice) {
        var open = document.createElement("form");
        open.method = "post";
        open.action = "/notifications/" + notice.id + "/open";
        open.className = "notice";
        open.setAttribute("data-notice", String(notice.id));
        var csrf = document.createElement("input");
        csrf.type = "hidden";
        csrf.name = "csrf";
        csrf.value = signOut ? signOut.value : "";
        var button = document.createElement("button");
        button.type = "submit";
        button.className = "link";
        button.textContent = notice.text;
        open.appendChild(csrf);
        open.appendChild(button);
        toast.insertBefore(open, toast.firstChild);
      });
      while (toast.querySelectorAll("form.notice").length > 3) {
        var forms = toast.querySelectorAll("form.notice");
        toast.removeChild(forms[forms.length - 1]);
      }
      if (!toast.querySelector("button.dismiss")) {
        var dismiss = document.createElement("button");
        dismiss.type = "button";
        dismiss.className = "link dismiss";
        dismiss.textContent = toast.getAttribute("data-dismiss") || "×";
        dismiss.addEventListener("click", function () { toast.hidden = true; toast.textContent = ""; });
        toast.appendChild(dismiss);
      }
      toast.hidden = false;
      clearTimeout(hideToast);
      hideToast = setTimeout(function () { toast.hidden = true; toast.textContent = ""; }, 60000);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // Bulk changes on the leads list: one box ticks the page, the form shows the fields
  // its action needs, and changing every matching lead asks first.
  var bulk = document.getElementById("bulk-form");
  if (bulk) {
    var selectAll = document.getElementById("select-all");
    var boxes = document.querySelectorAll("input[name=ids][form=bulk-form]");
    if (selectAll) {
      selectAll.hidden = false;
      selectAll.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = selectAll.checked; });
      });
    }
    var action = bulk.querySelector("select[name=action]");
    var showFields = function () {
      bulk.querySelectorAll("[data-for-action]").forEach(function (label) {
        label.hidden = label.getAttribute("data-for-action").split(" ").indexOf(action.value) < 0;
      });
    };
    action.addEventListener("change", showFields);
    showFields();
    bulk.addEventListener("submit", function (event) {
      var target = bulk.querySelector("input[name=target]:checked");
      if (target && target.value === "matching" && !window.confirm(bulk.getAttribute("data-confirm-matching"))) {
        event.preventDefault();
      }
    });
  }

  // The board: a card dragged to another column moves there through its own Move form
  // (the same request as without this file); a move back, or to decide, opens that form
  // at the field the rules ask for instead.
  var board = document.getElementById("board");
  if (board) {
    var dragged = null;
    var startX = 0;
    var startY = 0;
    var moving = false;
    var columnAt = function (x, y) {
      var under = document.elementFromPoint(x, y);
      return under && under.closest ? under.closest(".column") : null;
    };
    var clearTargets = function () {
      board.querySelectorAll(".column.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    };
    var drop = function (card, column) {
      var form = card.querySelector(".move-form");
      var to = column.getAttribute("data-stage");
      var offered = Array.prototype.some.call(form.elements.to.options, function (o) { return o.value === to; });
      if (!offered) { return; }
      form.elements.to.value = to;
      var back = Number(column.getAttribute("data-index")) < Number(card.getAttribute("data-index"));
      var needs = back ? form.elements.reason : (to === "decide" ? form.elements.deal_value : null);
      if (needs && !needs.value.trim()) {
        card.querySelector("details.move").open = true;
        card.classList.add("asks");
        needs.focus();
        return;
      }
      form.submit();
    };
    board.addEventListener("pointerdown", function (event) {
      var card = event.target.closest(".card");
      if (!card || event.button !== 0 || event.target.closest("a, button, input, select, textarea, summary, form")) { return; }
      // A finger scrolls the board; it drags a card by its handle.
      if (event.pointerType === "touch" && !event.target.closest(".grip")) { return; }
      dragged = card;
      startX = event.clientX;
      startY = event.clientY;
      moving = false;
      event.preventDefault();
    });
    document.addEventListener("pointermove", function (event) {
      if (!dragged) { return; }
      var dx = event.clientX - startX;
      var dy = event.clientY - startY;
      if (!moving && Math.abs(dx) + Math.abs(dy) < 6) { return; }
      moving = true;
      dragged.classList.add("dragging");
      dragged.style.transform = "translate(" + dx + "px, " + dy + "px)";
      clearTargets();
      var over = columnAt(event.clientX, event.clientY);
      if (over) { over.classList.add("drop-target"); }
    });
    document.addEventListener("pointerup", function (event) {
      if (!dragged) { return; }
      var card = dragged;
      dragged = null;
      clearTargets();
      card.classList.remove("dragging");
      card.style.transform = "";
      if (!moving) { return; }
      var column = columnAt(event.clientX, event.clientY);
      if (column) { drop(card, column); }
    });
  }

  // The log-call form from the keyboard: 1-9 pick the outcome, c/u/n the intent, o/i
  // the direction, d and b tick do-not-call and bad number, Ctrl+Enter saves.
  // (Last in this file: a page without the form stops here.)
  var form = document.getElementById("log-call");
  if (!form) { return; }
  var typing = function (target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox"));
  };
  document.addEventListener("keydown", function (event) {
    // Another form of the page (a lead's edit form) keeps its own Ctrl+Enter.
    var elsewhere = event.target && event.target.form && event.target.form !== form;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      if (elsewhere) { return; }
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (elsewhere || typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key.toLowerCase();
    var pick = function (group) { return form.querySelector("#" + group + ' input[data-key="' + key + '"]'); };
    var flag = pick("flags");
    if (flag) {
      event.preventDefault();
      flag.checked = !flag.checked;
      flag.focus();
      return;
    }
    var direction = pick("directions");
    if (direction) {
      event.preventDefault();
      direction.checked = true;
      direction.focus();
      return;
    }
    var outcome = pick("outcomes");
    var intent = pick("intents");
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
