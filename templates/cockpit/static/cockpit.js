// The cockpit works without this script; it only adds drag and drop and a progress bar to the
// upload, and a "busy" state to forms that take a while. No inline script: the page's
// Content-Security-Policy allows scripts from the cockpit itself only.
"use strict";

function enhanceUpload(form) {
  const input = form.querySelector('input[type="file"]');
  const zone = form.querySelector("[data-sleepvak]");
  const bar = form.querySelector("[data-voortgang]");
  const button = form.querySelector('button[type="submit"]');
  const buttonText = button.textContent;
  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
    event.preventDefault();
    zone.classList.add("erboven");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => {
    zone.classList.remove("erboven");
  }));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      send();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });

  function send() {
    if (!input.files.length) {
      form.submit();  // the server answers "Kies eerst één of meer bestanden."
      return;
    }
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        bar.value = Math.round((event.loaded / event.total) * 90);
      }
    });
    request.addEventListener("load", () => {
      if (request.status >= 400) {
        showRefusal(request.responseText);  // the plain form would show this page itself
        return;
      }
      bar.value = 100;
      window.location.href = request.responseURL || window.location.href;
    });
    request.addEventListener("error", () => {
      button.disabled = false;
      bar.hidden = true;
      form.submit();  // let the browser try the plain way, which shows its own error
    });
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    button.textContent = "Bezig met uploaden en controleren…";
    request.send(new FormData(form));
  }

  // A refused upload (too large, an expired form, an error) answers with a page that says why:
  // show its text above the form, as a notice, and let the AOV try again.
  function showRefusal(html) {
    // Without its style block: even an unused document may not carry inline style (CSP).
    const page = new DOMParser().parseFromString(html.replace(/<style[^]*?<\/style>/g, ""),
                                                 "text/html");
    const reason = page.querySelector("main p, body > p");
    const notice = document.createElement("div");
    notice.className = "melding fout";
    notice.setAttribute("role", "alert");
    notice.dataset.geweigerd = "";
    const text = document.createElement("p");
    text.textContent = reason ? reason.textContent : "De cockpit kon deze upload niet aannemen.";
    notice.append(text);
    form.parentNode.querySelectorAll("[data-geweigerd]").forEach((old) => old.remove());
    form.before(notice);
    bar.hidden = true;
    button.disabled = false;
    button.textContent = buttonText;
  }
}

function markBusy(form) {
  form.addEventListener("submit", () => {
    const button = form.querySelector('button[type="submit"]');
    if (button) {
      button.textContent = form.dataset.bezig;
      // Disable after the submit has started, so the button's own value is still sent.
      window.setTimeout(() => { button.disabled = true; }, 0);
    }
  });
}

document.querySelectorAll("form[data-upload]").forEach(enhanceUpload);
document.querySelectorAll("form[data-bezig]").forEach(markBusy);
