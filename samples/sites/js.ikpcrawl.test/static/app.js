/* JS Demo News: every listing and article is built here, after a delay, from a JSON API.
   The served HTML holds empty containers only, so a crawler must render and wait. */
(function () {
  "use strict";
  var DELAY_MS = 300;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function renderListing(data) {
    var list = document.getElementById("article-list");
    data.articles.forEach(function (article) {
      var item = el("li", { "class": "card" });
      item.appendChild(el("a", { "class": "card-link", "href": article.url }, article.title));
      list.appendChild(item);
    });
    if (data.next) {
      document.getElementById("pager").appendChild(
        el("a", { "rel": "next", "class": "next", "href": data.next }, "Berikutnya"));
    }
  }

  function renderArticle(data) {
    document.title = data.title + " - JS Demo News";
    document.getElementById("section").appendChild(
      el("a", { "class": "section", "href": "/kanal/" + data.section.toLowerCase() }, data.section));
    document.getElementById("headline").textContent = data.title;
    var meta = document.getElementById("meta");
    meta.appendChild(el("span", { "class": "author-name" }, data.author));
    meta.appendChild(el("time", { "class": "published", "datetime": data.published_at },
                        data.date_text));
    var body = document.getElementById("article-body");
    data.paragraphs.forEach(function (text) { body.appendChild(el("p", {}, text)); });
  }

  var page = document.body.getAttribute("data-page");
  var api = document.body.getAttribute("data-api");
  setTimeout(function () {
    fetch(api, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(page === "listing" ? renderListing : renderArticle);
  }, DELAY_MS);
})();
