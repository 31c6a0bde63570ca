// Upload page: drop or pick files; each file is posted on its own with a progress bar (B2).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var list = document.getElementById("upload-list");
  var rowTpl = document.getElementById("upload-row");
  var msg = document.getElementById("upload-messages").dataset;
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("file-input");
  var mailbox = form.querySelector("[name=mailbox]");
  var docType = form.querySelector("[name=doc_type]");
  var types = JSON.parse(form.dataset.types || "{}");
  var queue = [];
  var running = 0;
  // One at a time: the bandwidth is shared anyway, and SQLite has a single writer.
  var PARALLEL = 1;

  function filterTypes() {
    var allowed = types[mailbox.value] || [];
    Array.prototype.forEach.call(docType.options, function (o) {
      o.hidden = o.value !== "" && allowed.indexOf(o.value) === -1;
    });
    if (docType.value && allowed.indexOf(docType.value) === -1) docType.value = allowed[0] || "";
  }
  mailbox.addEventListener("change", filterTypes);
  filterTypes();

  function addFiles(files) {
    if (!docType.value) {
      docType.classList.add("is-invalid");
      alert(msg.chooseType);
      return;
    }
    docType.classList.remove("is-invalid");
    Array.prototype.forEach.call(files, function (file) {
      var row = rowTpl.content.firstElementChild.cloneNode(true);
      row.querySelector(".upload-name").textContent = file.name;
      row.dataset.file = file.name;
      list.appendChild(row);
      queue.push({ file: file, row: row });
    });
    pump();
  }

  function pump() {
    while (running < PARALLEL && queue.length) {
      running++;
      send(queue.shift());
    }
  }

  function send(item) {
    var data = new FormData(form);
    data.delete("file");
    data.append("file", item.file, item.file.name);
    var xhr = new XMLHttpRequest();
    var bar = item.row.querySelector(".progress-bar");
    var state = item.row.querySelector(".upload-state");
    xhr.open("POST", form.action || window.location.pathname);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("X-CSRFToken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.style.width = pct + "%";
        bar.parentNode.setAttribute("aria-valuenow", pct);
      }
    });
    xhr.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
      var result = (body.results || [])[0] || {};
      bar.style.width = "100%";
      if (xhr.status === 200 && result.ok) {
        bar.classList.add("bg-success");
        item.row.dataset.state = "done";
        state.textContent = msg.done + " ";
        (result.documents || []).forEach(function (d) {
          var a = document.createElement("a");
          a.href = d.url;
          a.textContent = msg.open;
          state.appendChild(a);
          if (d.duplicate_of) {
            var b = document.createElement("span");
            b.className = "badge text-bg-warning ms-1";
            b.textContent = msg.duplicate;
            state.appendChild(b);
          }
        });
      } else {
        bar.classList.add("bg-danger");
        item.row.dataset.state = "failed";
        var errors = result.error || Object.values(body.errors || {}).join(" ") || msg.failed;
        state.textContent = msg.failed + ": " + errors;
      }
      done();
    });
    xhr.addEventListener("error", function () {
      bar.classList.add("bg-danger");
      item.row.dataset.state = "failed";
      state.textContent = msg.network;
      done();
    });
    xhr.send(data);
  }

  function done() {
    running--;
    pump();
  }

  input.addEventListener("change", function () {
    addFiles(input.files);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) {
      e.preventDefault();
      zone.classList.add("fidu-dropzone-over");
    });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) {
      e.preventDefault();
      zone.classList.remove("fidu-dropzone-over");
    });
  });
  zone.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files) addFiles(e.dataTransfer.files);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
  });
})();
