// The studio's instructors page: search accounts as one types. Without JavaScript the
// same field is a plain GET form and the page lists the matches.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("account-search");
  var list = document.getElementById("account-matches");
  var none = document.getElementById("account-none");
  var status = document.getElementById("account-status");
  var token = document.querySelector("input[name=csrf_token]");
  if (!form || !list || !token || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var timer = null;
  var asked = 0;

  function item(account) {
    var li = document.createElement("li");
    li.appendChild(document.createTextNode(account.name + " "));
    var email = document.createElement("span");
    email.className = "muted";
    email.textContent = "<" + account.email + ">";
    li.appendChild(email);
    var add = document.createElement("form");
    add.method = "post";
    add.className = "inline-form";
    add.action = form.getAttribute("data-add-url");
    [["csrf_token", token.value], ["user_id", String(account.id)]].forEach(function (pair) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = pair[0];
      hidden.value = pair[1];
      add.appendChild(hidden);
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "button button-small";
    button.textContent = script.getAttribute("data-add");
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = " " + account.name;
    button.appendChild(who);
    add.appendChild(button);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(add);
    return li;
  }

  function search() {
    var query = input.value.trim();
    var mine = ++asked;
    if (query.length < 2) {
      list.replaceChildren();
      none.hidden = true;
      return;
    }
    var url = form.getAttribute("data-search") + "?q=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || mine !== asked) { return; }
        list.replaceChildren.apply(list, data.accounts.map(item));
        none.hidden = data.accounts.length > 0;
        status.textContent = script.getAttribute("data-found").replace("{n}", data.accounts.length);
      });
  }

  input.setAttribute("autocomplete", "off");
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
})();
