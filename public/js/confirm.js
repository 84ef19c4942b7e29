// confirm.js asks the confirmation question of a destructive or irreversible action in the
// page's <dialog id="confirm-dialog"> (views/layouts/bottom.html) instead of the browser's
// confirm(): for htmx requests (hx-confirm, via the htmx:confirm event) and for plain forms
// that carry the hidden field _confirm. Without JavaScript the server asks on a page of its
// own (app/confirm.go).
(function () {
  "use strict";

  // ask shows question in the dialog and calls ok when 确定 is chosen.
  function ask(question, ok) {
    var d = document.getElementById("confirm-dialog");
    if (!d || typeof d.showModal !== "function") {
      if (window.confirm(question)) ok();
      return;
    }
    d.querySelector(".question").textContent = question;
    d.returnValue = "";
    d.addEventListener("close", function onClose() {
      d.removeEventListener("close", onClose);
      if (d.returnValue === "ok") ok();
    });
    d.showModal();
    var cancel = d.querySelector("button[value=cancel]");
    if (cancel) cancel.focus();
  }

  document.addEventListener("htmx:confirm", function (evt) {
    var q = evt.detail && evt.detail.question;
    if (!q) return;
    evt.preventDefault();
    ask(q, function () { evt.detail.issueRequest(true); });
  });

  // A plain form (not posted by htmx) that carries a question: ask, then submit it again,
  // marked as confirmed so the server's own step lets it through.
  document.addEventListener("submit", function (evt) {
    var f = evt.target;
    if (evt.defaultPrevented || !(f instanceof HTMLFormElement)) return;
    var q = f.querySelector("input[name=_confirm]");
    if (!q || !q.value || f.dataset.confirmed === "1") return;
    evt.preventDefault();
    var submitter = evt.submitter || null;
    ask(q.value, function () {
      var mark = f.querySelector("input[name=_confirmed]");
      if (!mark) {
        mark = document.createElement("input");
        mark.type = "hidden";
        mark.name = "_confirmed";
        f.appendChild(mark);
      }
      mark.value = "1";
      f.dataset.confirmed = "1";
      if (typeof f.requestSubmit === "function") f.requestSubmit(submitter); else f.submit();
    });
  });
})();
