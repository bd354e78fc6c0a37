// ivr designer: the flow list, the editor (validated by the server's compiler as you type), the graph
// and the try-it call panel. Plain browser JavaScript; the editor is CodeMirror, bundled and served by the
// designer itself (editor.bundle.js, built from designer-editor/); nothing is fetched from elsewhere.
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const stats = (window.ivrStats = { validations: [], graphs: [], prompts: [], voices: {}, callStarted: null });

async function api(method, url, body, raw) {
  const headers = { "X-CSRF-Token": CSRF };
  let payload;
  if (raw !== undefined) {
    headers["Content-Type"] = "audio/wav";
    payload = raw;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(url, { method, headers, body: payload });
  let data = {};
  try { data = await response.json(); } catch (e) { data = { error: `${response.status} ${response.statusText}` }; }
  return { ok: response.ok, status: response.status, data };
}

const fileUrl = (name) => name.split("/").map(encodeURIComponent).join("/");

// -- the flow list --------------------------------------------------------------------------------

async function listPage() {
  $("#new-flow").addEventListener("submit", async (e) => {
    e.preventDefault();
    const r = await api("POST", "/api/flows", { name: $("#new-name").value.trim() });
    if (r.ok) location.href = `/edit/${fileUrl(r.data.file)}`;
    else $("#new-error").textContent = r.data.error;
  });
  const { data } = await api("GET", "/api/flows");
  const rows = (data.flows || []).map((f) => {
    const counts = f.status === "valid" ? "valid" : `${f.errors} error${f.errors === 1 ? "" : "s"}, ${f.warnings} warning${f.warnings === 1 ? "" : "s"}`;
    return `<tr data-file="${esc(f.file)}"><td><a href="/edit/${fileUrl(f.file)}">${esc(f.file)}</a></td>` +
      `<td>${esc(f.title || "")}</td><td><span class="badge ${f.status}">${esc(counts)}</span></td></tr>`;
  });
  $("#flows tbody").innerHTML = rows.join("") || '<tr><td colspan="3">No flows in this folder yet.</td></tr>';
}

// -- the editor page -------------------------------------------------------------------------------

function editPage() {
  const file = document.body.dataset.file;
  let edits = null;  // canvas-edit.js, made once the canvas is
  const editor = window.ivrEditor.create($("#editor"), {
    onChange: () => { render(); clearTimeout(timer); timer = setTimeout(validate, 200); if (edits) edits.changed(); },
    onMessage: (message) => { $("#save-message").textContent = message; },
  });
  const text = { get value() { return editor.text(); } };
  let version = null;
  let saved = "";
  let seq = 0;
  let timer = null;
  let graphText = null;
  let graphSeq = 0;
  let call = null;
  const canvas = window.ivrCanvas.create($("#graph"), { minimap: $("#minimap"), search: $("#graph-search"), found: $("#graph-found") });
  edits = window.ivrCanvasEdit.create({ pane: $("#graph"), area: $(".graph-area"), panel: $("#props"), editor, file, api, canvas, note: $("#graph-note"),
                                        addType: $("#add-node"), undo: $("#undo"), redo: $("#redo"), goToLine: (line, col) => goToLine(line, col) });

  function render() {
    const dirty = text.value !== saved;
    $("#dirty").hidden = !dirty;
    document.title = `${dirty ? "● " : ""}${file} · ivr designer`;
  }

  function goToLine(line, col) {
    editor.goTo(line, col || 1);
  }

  async function validate() {
    const mine = ++seq;
    const started = performance.now();
    const body = text.value;
    const r = await api("POST", `/api/validate/${fileUrl(file)}`, { text: body });
    if (mine !== seq) return;
    const ms = performance.now() - started;
    stats.validations.push({ roundTrip: ms, server: r.data.ms });
    $("#timing").textContent = `checked in ${Math.round(ms)} ms`;
    if (!r.ok) { $("#problems").innerHTML = `<li class="error">${esc(r.data.error)}</li>`; return; }
    showReport(r.data);
    if (r.data.status !== "errors" && body !== graphText) drawGraph(body);
  }

  function showReport(report) {
    editor.setDiagnostics(report.diagnostics.filter((d) => d.file === file));
    edits.report(report.diagnostics.filter((d) => d.file === file));
    render();
    const items = report.diagnostics.map((d) => {
      const where = d.file === file ? `${d.line}:${d.col}` : `${d.file}:${d.line}:${d.col}`;
      return `<li class="${d.severity}" data-line="${d.line}" data-col="${d.col}" data-file="${esc(d.file)}">` +
        `${esc(where)}: <span class="sev">${d.severity}[${esc(d.code)}]</span>: ${esc(d.message)}` +
        (d.hint ? `<span class="hint">hint: ${esc(d.hint)}</span>` : "") + "</li>";
    });
    $("#problems").innerHTML = items.join("") || '<li class="ok">No problems: the flow compiles and passes every check.</li>';
    const s = report.status;
    $("#summary").innerHTML = s === "valid" ? '<span class="valid">valid</span>'
      : `<span class="${s}">${report.errors} error${report.errors === 1 ? "" : "s"}, ${report.warnings} warning${report.warnings === 1 ? "" : "s"}</span>`;
    const drawn = !!$("#graph svg");
    $("#graph-note").textContent = s !== "errors" ? "" : drawn ? "showing the last flow that compiled" : "fix the errors to see the graph";
    const languages = report.languages || [];
    const select = $("#call-language");
    if (languages.length && select.dataset.languages !== languages.join(",")) {
      select.dataset.languages = languages.join(",");
      select.innerHTML = languages.map((l) => `<option>${esc(l)}</option>`).join("");
      warmVoices();
    }
  }

  async function drawGraph(body) {
    const mine = ++graphSeq;
    const started = performance.now();
    const overlay = $("#overlay").value;
    const r = await api("POST", `/api/graph/${fileUrl(file)}`, { text: body, overlay, overlay_file: $("#overlay-file").value, collapsed: collapsed() });
    if (mine !== graphSeq) return;
    const roundTrip = performance.now() - started;
    if (!r.ok) { stats.graphs.push({ roundTrip, server: r.data.ms }); $("#graph-note").textContent = r.data.error; return; }
    graphText = body;
    const kept = landmark();
    $("#graph").innerHTML = r.data.svg;
    canvas.drawn();
    if (kept) keepInPlace(kept);
    stats.graphs.push({ roundTrip, server: r.data.ms });
    $("#graph-note").textContent = r.data.overlay_error ? r.data.overlay_error
      : overlay && r.data.overlay ? `overlay: ${$("#overlay").selectedOptions[0].textContent}` : "";
    $("#graph-note").title = $("#graph-note").textContent;
    if (call) markCall(call);
  }

  // A redrawn graph is scrolled so that the node in the middle of the view stays where it was on screen:
  // the layout may slide when a node is added, the designer's place in it does not.
  function landmark() {
    const view = $("#graph").getBoundingClientRect();
    let best = null;
    for (const g of document.querySelectorAll("#graph .ivr-node")) {
      const r = g.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      const d = (x - view.left - view.width / 2) ** 2 + (y - view.top - view.height / 2) ** 2;
      if (!best || d < best.d) best = { node: g.dataset.node, x, y, d };
    }
    return best;
  }
  function keepInPlace(kept) {
    const g = canvas.node(kept.node);  // or the box its subflow was closed into, or the first node of the subflow opened
    if (!g) return;
    const r = g.getBoundingClientRect();
    canvas.panBy(kept.x - r.left - r.width / 2, kept.y - r.top - r.height / 2);
  }

  // Subflows are framed; a click on a frame closes it into one box, a click on that box opens it again.
  // The choice is remembered per flow in this browser.
  const COLLAPSED = `ivr.collapsed:${file}`;
  function collapsed() {
    try { const list = JSON.parse(localStorage.getItem(COLLAPSED) || "[]"); return Array.isArray(list) ? list.filter((g) => typeof g === "string") : []; }
    catch { return []; }
  }
  function setCollapsed(group, shut) {
    const list = collapsed().filter((g) => g !== group && !(shut && g.startsWith(`${group}.`)));
    if (shut) list.push(group);
    if (list.length) localStorage.setItem(COLLAPSED, JSON.stringify(list)); else localStorage.removeItem(COLLAPSED);
    drawGraph(text.value);
  }

  // a click on a node of this file selects it (canvas-edit.js opens its properties); a double-click shows its YAML
  $("#graph").addEventListener("click", (e) => {
    const jump = e.target.closest(".ivr-jump");
    if (jump) { canvas.focus(jump.dataset.to); return; }
    const box = e.target.closest(".ivr-node.collapsed");
    if (box) { setCollapsed(box.dataset.group, false); return; }
    const frame = e.target.closest(".ivr-group");
    if (frame && !e.target.closest(".ivr-node")) { setCollapsed(frame.dataset.group, true); return; }
    const node = e.target.closest(".ivr-node");
    if (!node) return;
    if (node.dataset.file === "<built-in>") return showHuman();
    if (node.dataset.file !== file) window.open(`/edit/${fileUrl(node.dataset.file)}#L${node.dataset.line}`, "_blank");
  });
  $("#graph").addEventListener("dblclick", (e) => {
    const node = e.target.closest(".ivr-node");
    if (node && node.dataset.file === file) goToLine(Number(node.dataset.line), 1);
  });
  // a person, voicemail and goodbye are built in: what a designer sets about them is the flow's human: section
  function showHuman() {
    const at = text.value.split("\n").findIndex((l) => /^human\s*:/.test(l));
    if (at >= 0) goToLine(at + 1, 1);
    else $("#graph-note").textContent = "a person, voicemail and goodbye are built in: add a human: section to set the queue, key and phrases";
  }
  $("#overlay").addEventListener("change", () => drawGraph(text.value));
  $("#zoom-in").addEventListener("click", () => canvas.zoomBy(1.25));
  $("#zoom-out").addEventListener("click", () => canvas.zoomBy(1 / 1.25));
  $("#zoom-fit").addEventListener("click", () => canvas.fit());

  $("#problems").addEventListener("click", (e) => {
    const li = e.target.closest("li[data-line]");
    if (li && li.dataset.file === file) goToLine(Number(li.dataset.line), Number(li.dataset.col));
  });

  window.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(false); }
  });
  window.addEventListener("beforeunload", (e) => { if (text.value !== saved) e.preventDefault(); });

  async function save(overwrite) {
    const body = text.value;
    const r = await api("PUT", `/api/flows/${fileUrl(file)}`, { text: body, version: overwrite ? $("#conflict").dataset.version : version });
    if (r.ok) {
      version = r.data.version;
      saved = body;
      $("#conflict").hidden = true;
      $("#save-message").textContent = `Saved ${new Date().toLocaleTimeString()}.`;
      render();
    } else if (r.status === 409) {
      $("#conflict").dataset.version = r.data.version;
      $("#diff").innerHTML = r.data.diff.split("\n").map((l) =>
        `<span class="${l.startsWith("+") && !l.startsWith("+++") ? "add" : l.startsWith("-") && !l.startsWith("---") ? "del" : ""}">${esc(l)}</span>`).join("\n");
      $("#conflict").hidden = false;
      $("#save-message").textContent = r.data.error;
    } else {
      $("#save-message").textContent = `Not saved: ${r.data.error}`;
    }
  }
  $("#save").addEventListener("click", () => save(false));
  $("#overwrite").addEventListener("click", () => save(true));
  $("#keep").addEventListener("click", () => { $("#conflict").hidden = true; });

  // -- try it ---------------------------------------------------------------------------------------

  let digits = "";
  let shown = 0;
  const sounds = [];
  let playing = false;

  function markCall(view) {
    const inside = (id, g) => id === g.dataset.node || (g.dataset.group !== undefined && id.startsWith(`${g.dataset.group}.`));
    document.querySelectorAll("#graph .ivr-node").forEach((g) => {
      g.classList.toggle("current", inside(view.node, g) && !view.ended);
      g.classList.toggle("visited", view.path.some((id) => inside(id, g)));
    });
    if (view.ended) {
      const last = canvas.node(view.node);
      if (last) last.classList.add("current");
    }
    canvas.reveal(view.node);
  }

  // Prompts play one after another, each fetched as soon as it is said so the next is ready when one
  // ends. The caller acting (a key, words, the microphone, silence, hanging up) or a new call stops them,
  // as a caller barging in stops a real IVR. Sound on or off is remembered in this browser.
  let speaking = null;  // the prompt playing now: an Audio, or the browser's own speech
  let fetched = Promise.resolve();
  let generation = 0;

  function speak(entry, language) {
    if (!$("#sound").checked) return;
    const mine = generation;
    const item = { text: entry.text, language, generation: mine, audio: entry.audio && !/^https?:/i.test(entry.audio) ? entry.audio : null };
    item.url = fetched = fetched.then(() => (mine === generation ? fetchSpeech(item) : null));
    sounds.push(item);
    if (!playing) playNext();
  }

  function hush() {
    generation++;
    sounds.length = 0;
    fetched = Promise.resolve();
    playing = false;
    if (speaking && speaking.pause) speaking.pause();
    if (speaking && speaking.src) URL.revokeObjectURL(speaking.src);
    speaking = null;
    if (window.speechSynthesis) speechSynthesis.cancel();
  }

  // the prompt's audio comes with the token, like every other request, and plays from a blob: URL
  // a recorded prompt plays its recording; one that can't be played (or a prompt without one) is spoken
  async function fetchSpeech(item) {
    item.entry = { text: item.text, audio: item.audio, status: null, played: false, source: null, requested: performance.now() };
    try {
      let response = null;
      if (item.audio) {
        response = await fetch(`/api/recording?${new URLSearchParams({ file, audio: item.audio })}`, { headers: { "X-CSRF-Token": CSRF } });
        item.entry.recordingStatus = response.status;
        item.entry.source = response.ok ? "recording" : null;
      }
      if (!response || !response.ok) {
        response = await fetch(`/api/speech?${new URLSearchParams({ text: item.text, language: item.language })}`,
                               { headers: { "X-CSRF-Token": CSRF } });
        item.entry.source = "speech";
      }
      item.entry.status = response.status;
      return response.ok ? URL.createObjectURL(await response.blob()) : null;
    } catch (e) {
      return null;
    }
  }

  async function playNext() {
    const next = sounds.shift();
    if (!next) { playing = false; speaking = null; return; }
    playing = true;
    const url = await next.url;
    if (next.generation !== generation) { if (url) URL.revokeObjectURL(url); return; }
    stats.prompts.push(next.entry);
    const fallback = () => {
      if (next.generation !== generation) return;
      if (!window.speechSynthesis) return playNext();
      const u = new SpeechSynthesisUtterance(next.text);
      u.lang = next.language;
      u.onend = () => { if (next.generation === generation) playNext(); };
      u.onerror = u.onend;
      speaking = u;
      speechSynthesis.speak(u);
    };
    if (!url) return fallback();
    const audio = new Audio(url);
    speaking = audio;
    const done = () => { URL.revokeObjectURL(url); if (next.generation === generation) playNext(); };
    audio.onplaying = () => { next.entry.played = true; next.entry.playing = performance.now(); };
    audio.onended = done;
    audio.onerror = () => { URL.revokeObjectURL(url); fallback(); };
    audio.play().catch(done);
  }

  const SOUND = "ivr-designer-sound";
  $("#sound").checked = localStorage.getItem(SOUND) !== "off";
  $("#sound").addEventListener("change", () => {
    localStorage.setItem(SOUND, $("#sound").checked ? "on" : "off");
    if ($("#sound").checked) warmVoices(); else hush();
  });
  window.addEventListener("pagehide", hush);

  // the voice is loaded, and the prompts a call opens with spoken, while the designer reads and edits:
  // the call's first prompt then plays at once
  const warmed = new Set();
  function warmVoices() {
    const language = $("#call-language").value;
    if (!$("#sound").checked || !language || warmed.has(language)) return;
    warmed.add(language);
    stats.voices[language] = api("POST", "/api/speech/ready", { file, text: text.value, language }).then((r) => r.ok);
  }
  $("#call-language").addEventListener("change", warmVoices);

  function showCall(view) {
    call = view;
    $("#call").hidden = false;
    const state = view.ended ? `<span class="outcome">call ended: ${esc(view.outcome)}</span>`
      : `at <strong>${esc(view.node)}</strong>, waiting for ${esc(view.awaiting || "nothing")}`;
    $("#call-state").innerHTML = state;
    const list = $("#transcript");
    for (const entry of view.transcript.slice(shown)) {
      const li = document.createElement("li");
      li.className = entry.who;
      const said = entry.who === "caller" ? (entry.input === "silence" ? "(silence)" : entry.input === "hangup" ? "(hangs up)"
        : entry.input === "speech" && !entry.text ? "(speech not understood)" : entry.text) : entry.text;
      const heard = entry.audio === "microphone" ? ` <em>(heard by ${esc(entry.asr)})</em>` : "";
      li.innerHTML = `<span class="who">${esc(entry.who === "ivr" ? "IVR" : entry.who)} · ${esc(entry.node)}${entry.language ? ` · ${esc(entry.language)}` : ""}</span>${esc(said)}${heard}`;
      list.appendChild(li);
      if (entry.who === "ivr") speak(entry, entry.language || view.language);
    }
    shown = view.transcript.length;
    list.scrollTop = list.scrollHeight;
    const listen = view.listen;
    $("#listening").innerHTML = listen ? `Listening for: ${esc(listen.phrases.slice(0, 12).join(", "))}${listen.phrases.length > 12 ? ", …" : ""}` +
      (listen.keys.length ? ` · keys ${esc(listen.keys.join(" "))}${listen.any_key ? ", any other key" : ""}` : "") + (listen.finish_key ? ` · end with ${esc(listen.finish_key)}` : "") : "";
    $("#slots").innerHTML = Object.entries(view.slots).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(JSON.stringify(v))}</td></tr>`).join("") ||
      '<tr><td colspan="2">none yet</td></tr>';
    $("#handover").hidden = !view.transfer;
    if (view.transfer) $("#handover-context").textContent = JSON.stringify(view.transfer, null, 2);
    const listening = !view.ended && view.awaiting === "input";
    document.querySelectorAll(".try .controls button, .try .controls input").forEach((b) => { b.disabled = !listening; });
    $("#hangup").disabled = view.ended;
    markCall(view);
    window.dispatchEvent(new CustomEvent("ivr:call", { detail: view }));  // scenarios.js: "Save as scenario"
  }

  async function act(action, arg) {
    if (!call) return;
    hush();
    $("#call-error").textContent = "";
    const r = await api("POST", `/api/calls/${call.id}`, { action, arg: arg || "" });
    if (r.ok) showCall(r.data);
    else $("#call-error").textContent = r.data.error;
  }

  $("#start-call").addEventListener("click", async () => {
    $("#call-error").textContent = "";
    hush();
    stats.callStarted = performance.now();
    const at = $("#call-at").value;
    const offset = -new Date().getTimezoneOffset();
    const zone = `${offset >= 0 ? "+" : "-"}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
    const r = await api("POST", "/api/calls", { file, text: text.value, language: $("#call-language").value,
                                                at: at ? `${at.length === 16 ? at + ":00" : at}${zone}` : "" });
    if (!r.ok) { $("#call").hidden = false; $("#call-error").textContent = r.data.error; return; }
    $("#transcript").innerHTML = "";
    shown = 0;
    digits = "";
    $("#digits").value = "";
    if (graphText !== text.value) await drawGraph(text.value);
    showCall(r.data);
  });

  function sendKeys() {
    const keys = digits;
    digits = "";
    $("#digits").value = "";
    if (keys) act("press", keys);
  }

  $("#keypad").addEventListener("click", (e) => {
    const key = e.target.dataset && e.target.dataset.key;
    if (!key || !call || !call.listen) return;
    hush();
    digits += key;
    $("#digits").value = digits;
    const listen = call.listen;
    const options = listen.keys;
    if (key === listen.finish_key) return sendKeys();
    if (listen.max_digits && digits.length >= listen.max_digits) return sendKeys();  // as Twilio and the microphone end at the count
    if (listen.finish_key && listen.mode === "collect") return;  // no count, or not reached: wait for the finish key
    if (listen.mode === "menu" || listen.mode === "confirm" || listen.mode === "disambiguate") {
      const longer = options.some((k) => k.length > digits.length && k.startsWith(digits));
      if (!longer) sendKeys();
    }
  });
  $("#send-keys").addEventListener("click", sendKeys);
  $("#say-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const words = $("#say").value.trim();
    if (!words) return;
    $("#say").value = "";
    act("say", words);
  });
  $("#silence").addEventListener("click", () => act("silence"));
  $("#hangup").addEventListener("click", () => act("hangup"));

  // the microphone: record in the browser, send 16 kHz mono WAV to the server's recognizer
  let recording = null;
  $("#mic").addEventListener("click", async () => {
    if (recording) return stopRecording();
    hush();
    $("#call-error").textContent = "";
    if (!navigator.mediaDevices) {
      $("#call-error").textContent = "The browser offers the microphone only to pages on localhost or https; open the designer at http://127.0.0.1.";
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true } });
      const context = new AudioContext();
      const source = context.createMediaStreamSource(stream);
      const processor = context.createScriptProcessor(4096, 1, 1);
      const chunks = [];
      processor.onaudioprocess = (ev) => chunks.push(new Float32Array(ev.inputBuffer.getChannelData(0)));
      source.connect(processor);
      processor.connect(context.destination);
      recording = { stream, context, source, processor, chunks };
      $("#mic").classList.add("recording");
      $("#mic").textContent = "■ Stop and send";
    } catch (err) {
      $("#call-error").textContent = `The microphone is not available: ${err.message || err}`;
    }
  });

  async function stopRecording() {
    const { stream, context, source, processor, chunks } = recording;
    recording = null;
    $("#mic").classList.remove("recording");
    $("#mic").textContent = "● Speak";
    $("#mic").disabled = true;  // until the server has heard it
    source.disconnect();
    processor.disconnect();
    stream.getTracks().forEach((t) => t.stop());
    const rate = context.sampleRate;
    await context.close();
    const wav = encodeWav(downsample(chunks, rate, 16000), 16000);
    const r = await api("POST", `/api/calls/${call.id}/audio`, undefined, wav);
    if (r.ok) {
      showCall(r.data);
      $("#call-error").textContent = r.data.heard ? "" : r.data.message || (r.data.heard === ""
        ? "Speech was heard, but no words were made out (the call heard speech it did not understand)."
        : "Nothing was recognized (the call heard silence).");
    } else {
      $("#mic").disabled = false;
      $("#call-error").textContent = r.data.error;
    }
  }

  function downsample(chunks, from, to) {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const all = new Float32Array(total);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    const ratio = from / to;
    const out = new Int16Array(Math.floor(total / ratio));
    for (let i = 0; i < out.length; i++) {
      const start = Math.floor(i * ratio);
      const end = Math.min(total, Math.floor((i + 1) * ratio));
      let sum = 0;
      for (let j = start; j < end; j++) sum += all[j];
      const v = sum / Math.max(1, end - start);
      out[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
    }
    return out;
  }

  function encodeWav(samples, rate) {
    const buffer = new ArrayBuffer(44 + samples.length * 2);
    const v = new DataView(buffer);
    const str = (o, s) => { for (let i = 0; i < s.length; i++) v.setUint8(o + i, s.charCodeAt(i)); };
    str(0, "RIFF"); v.setUint32(4, 36 + samples.length * 2, true); str(8, "WAVE");
    str(12, "fmt "); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
    v.setUint32(24, rate, true); v.setUint32(28, rate * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
    str(36, "data"); v.setUint32(40, samples.length * 2, true);
    for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, samples[i], true);
    return new Uint8Array(buffer);
  }

  // open the file
  (async () => {
    const r = await api("GET", `/api/flows/${fileUrl(file)}`);
    if (!r.ok) { $("#problems").innerHTML = `<li class="error">${esc(r.data.error)}</li>`; return; }
    editor.setText(r.data.text);
    saved = text.value;
    api("GET", "/api/schema").then((s) => { if (s.ok) editor.setSchema(s.data); });
    version = r.data.version;
    render();
    await validate();
    const m = /^#L(\d+)$/.exec(location.hash);
    if (m) goToLine(Number(m[1]), 1);
    document.body.dataset.ready = "true";
  })();
}

if (document.body.dataset.page === "index") listPage();
if (document.body.dataset.page === "edit") editPage();
