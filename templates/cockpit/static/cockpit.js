// The cockpit works without this script; it only adds drag and drop and a progress bar to the
// upload, and a "busy" state to forms that take a while. No inline script: the page's
// Content-Security-Policy allows scripts from the cockpit itself only.
"use strict";

function enhanceUpload(form) {
  const input = form.querySelector('input[type="file"]');
  const zone = form.querySelector("[data-sleepvak]");
  const bar = form.querySelector("[data-voortgang]");
  const button = form.querySelector('button[type="submit"]');
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
