/* A wide table's hint ("rul vandret ...") is shown while its scroll box is
   narrower than the table, and hidden when everything fits. Without script
   the hint stays (it is then merely unneeded on a wide screen). */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-scroll-hint]");
  var update = function () {
    boxes.forEach(function (box) {
      var hint = document.getElementById(box.dataset.scrollHint);
      if (hint) {
        hint.hidden = box.scrollWidth <= box.clientWidth + 1;
      }
    });
  };
  update();
  window.addEventListener("resize", update);
})();
