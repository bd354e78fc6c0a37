// ivr designer: from trying to testing. "Save as scenario" writes the Try-it call into the flow's
// tests/<flow>.tests.yaml; the flow's scenarios are listed with pass or fail (run by the server, as
// 'ivr test' runs them) and run again on demand; the overlay "from a file" lists the saved
// 'ivr simulate-many --json' reports in the folder. designer.js tells this file about calls ("ivr:call").
"use strict";

(() => {
  if (document.body.dataset.page !== "edit") return;
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (sel) => document.querySelector(sel);
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const file = document.body.dataset.file;
  const url = (name) => name.split("/").map(encodeURIComponent).join("/");
  const text = () => window.ivrEditor.current.text();
  let call = null;
  let version = null;  // the scenario file's version the list was read from: a save names it
  let running = 0;

  async function api(method, path, body) {
    const response = await fetch(path, { method, headers: { "X-CSRF-Token": CSRF, "Content-Type": "application/json" },
                                         body: body === undefined ? undefined : JSON.stringify(body) });
    let data = {};
    try { data = await response.json(); } catch (e) { data = { error: `${response.status} ${response.statusText}` }; }
    return { ok: response.ok, status: response.status, data };
  }

  function show(found) {
    version = found.version;
    $("#scenario-file").textContent = found.file;
    const list = $("#scenario-list");
    list.innerHTML = found.scenarios.map((s) => `<li class="${s.ok ? "pass" : "fail"}" data-name="${esc(s.name)}">` +
      `<span class="verdict">${s.ok ? "✔ pass" : "✖ fail"}</span> ${esc(s.name)}` +
      (s.ok ? "" : `<div class="failure">${s.failures.map(esc).join("<br>")}</div>`) + "</li>").join("");
    const failed = found.scenarios.filter((s) => !s.ok).length;
    const cov = found.coverage;
    $("#scenario-summary").textContent = found.error ? "" : !found.version ? "no scenarios yet: save a Try-it call as one"
      : `${found.scenarios.length - failed} passed, ${failed} failed` +
        (cov ? ` · covers ${cov.states.percent}% of states, ${cov.edges.percent}% of edges` : "");
    $("#scenario-error").textContent = found.error || "";
    document.body.dataset.scenarios = String(++running);
  }

  async function run() {
    $("#run-scenarios").disabled = true;
    const r = await api("POST", `/api/scenarios/${url(file)}`, { text: text() });
    $("#run-scenarios").disabled = false;
    if (!r.ok) { $("#scenario-error").textContent = r.data.error; document.body.dataset.scenarios = String(++running); return; }
    show(r.data);
    if ($("#overlay").value === "coverage") $("#overlay").dispatchEvent(new Event("change"));
  }
  $("#run-scenarios").addEventListener("click", run);

  function defaultName(view) {
    const path = view.path.filter((n) => !n.startsWith("_") || n === "_human");
    const end = view.ended ? ` (${view.outcome})` : "";
    return `${path.slice(1).join(" → ") || path[0] || "call"}${end}`;
  }

  window.addEventListener("ivr:call", (e) => {
    const fresh = !call || call.id !== e.detail.id;
    call = e.detail;
    const acted = call.transcript.some((t) => t.who === "caller");
    $("#save-scenario").disabled = !acted;
    if (fresh) { $("#scenario-form").hidden = true; $("#scenario-saved").textContent = ""; }
    if (!$("#scenario-form").hidden) $("#scenario-name").value = defaultName(call);
  });

  $("#save-scenario").addEventListener("click", () => {
    if (!call) return;
    $("#scenario-form").hidden = false;
    $("#scenario-name").value = defaultName(call);
    $("#scenario-name").select();
    $("#scenario-name").focus();
  });
  $("#scenario-cancel").addEventListener("click", () => { $("#scenario-form").hidden = true; });

  $("#scenario-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("#scenario-name").value.trim();
    if (!call || !name) return;
    const r = await api("POST", `/api/scenarios/${url(file)}/save`, { text: text(), call: call.id, name, version });
    if (r.status === 409) {
      $("#scenario-saved").textContent = `${r.data.error}. The list is read again; save once more to add it.`;
      await run();
      return;
    }
    if (!r.ok) { $("#scenario-saved").textContent = r.data.error; return; }
    $("#scenario-form").hidden = true;
    $("#scenario-saved").textContent = `saved to ${r.data.file}`;
    if (r.data.run) show(r.data.run);
    if ($("#overlay").value === "coverage") $("#overlay").dispatchEvent(new Event("change"));
  });

  // the overlay "from a file": the folder's .json files, read when it is chosen
  $("#overlay").addEventListener("change", async () => {
    const choose = $("#overlay").value === "file";
    $("#overlay-file").hidden = !choose;
    if (!choose || $("#overlay-file").options.length) return;
    const r = await api("GET", "/api/overlay-files");
    const files = r.ok ? r.data.files : [];
    $("#overlay-file").innerHTML = files.length ? files.map((f) => `<option value="${esc(f)}">${esc(f)}</option>`).join("")
      : '<option value="">no .json in the folder (ivr simulate-many FLOW --json > FILE.json)</option>';
    $("#overlay").dispatchEvent(new Event("change"));
  }, true);
  $("#overlay-file").addEventListener("change", () => $("#overlay").dispatchEvent(new Event("change")));

  const started = setInterval(() => {
    if (document.body.dataset.ready !== "true") return;
    clearInterval(started);
    run();
  }, 100);
})();
