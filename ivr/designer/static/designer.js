// ivr designer: the flow list, the editor (validated by the server's compiler as you type), the graph
// and the try-it call panel. Plain browser JavaScript, no libraries, nothing fetched from elsewhere.
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
const stats = (window.ivrStats = { validations: [], graphs: [], prompts: [] });

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

// -- YAML highlighting ------------------------------------------------------------------------------

const KEY = /^(\s*(?:-\s+)*)((?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}\[\],:&*!|>][^#]*?))(\s*:)(?=\s|$)/;
const TOKEN = /("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)|(\s#.*$|^#.*$)|([[\]{},]|^\s*-(?=\s|$)|[|>][-+]?\s*$)|([&*][^\s,\]}]+)|(-?\d+(?:\.\d+)?(?=[\s,\]}]|$))|(\b(?:true|false|null)\b(?=[\s,\]}]|$))/g;

function highlightLine(line) {
  let out = "";
  let rest = line;
  const key = KEY.exec(line);
  if (key && !/^\s*#/.test(line)) {
    out += tokens(key[1]) + `<span class="t-key">${esc(key[2])}</span>${esc(key[3])}`;
    rest = line.slice(key[0].length);
    return out + tokens(rest);
  }
  return tokens(rest);
}

function tokens(text) {
  let out = "";
  let last = 0;
  TOKEN.lastIndex = 0;
  const cls = ["t-str", "t-com", "t-punct", "t-anchor", "t-num", "t-bool"];
  for (let m; (m = TOKEN.exec(text)); ) {
    if (m[0] === "") { TOKEN.lastIndex++; continue; }
    const i = m.slice(1).findIndex((g) => g !== undefined);
    out += esc(text.slice(last, m.index)) + `<span class="${cls[i]}">${esc(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return out + esc(text.slice(last));
}

// -- the editor page -------------------------------------------------------------------------------

function editPage() {
  const file = document.body.dataset.file;
  const text = $("#text");
  let version = null;
  let saved = "";
  let marks = {};
  let notes = {};
  let seq = 0;
  let timer = null;
  let graphText = null;
  let graphSeq = 0;
  let call = null;

  function render() {
    const lines = text.value.split("\n");
    $("#highlight").innerHTML = lines.map((l, i) => {
      const m = marks[i + 1];
      const lens = notes[i + 1] ? `<span class="lens ${m}">${esc(notes[i + 1][0])}</span>` : "";
      return `<div class="ln${m ? " " + m : ""}" data-line="${i + 1}">${highlightLine(l) || "\u200b"}${lens}</div>`;
    }).join("");
    $("#gutter").innerHTML = lines.map((_, i) => {
      const m = marks[i + 1];
      return `<div data-line="${i + 1}"${m ? ` class="${m}" title="${esc(notes[i + 1].join("\n"))}"` : ""}>${i + 1}</div>`;
    }).join("");
    const dirty = text.value !== saved;
    $("#dirty").hidden = !dirty;
    document.title = `${dirty ? "● " : ""}${file} · ivr designer`;
  }

  function goToLine(line, col) {
    const lines = text.value.split("\n");
    let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    pos += Math.max(0, (col || 1) - 1);
    text.focus({ preventScroll: true });
    text.setSelectionRange(pos, pos);
    const target = document.querySelector(`#highlight .ln[data-line="${line}"]`);
    document.querySelectorAll("#highlight .ln.target").forEach((n) => n.classList.remove("target"));
    if (target) {
      target.classList.add("target");
      const editor = $("#editor");
      editor.scrollTop = Math.max(0, target.offsetTop - editor.clientHeight / 2);
      editor.scrollLeft = 0;
    }
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
    marks = {};
    notes = {};
    const here = report.diagnostics.filter((d) => d.file === file);
    for (const d of here) {
      if (marks[d.line] !== "error") marks[d.line] = d.severity;
      (notes[d.line] = notes[d.line] || []).push(`${d.message}${d.hint ? ` (${d.hint})` : ""}`);
    }
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
    }
  }

  async function drawGraph(body) {
    const mine = ++graphSeq;
    const started = performance.now();
    const overlay = $("#overlay").value;
    const r = await api("POST", `/api/graph/${fileUrl(file)}`, { text: body, overlay });
    if (mine !== graphSeq) return;
    stats.graphs.push({ roundTrip: performance.now() - started, server: r.data.ms });
    if (!r.ok) { $("#graph-note").textContent = r.data.error; return; }
    graphText = body;
    $("#graph").innerHTML = r.data.svg;
    applyZoom();
    $("#graph-note").textContent = overlay && r.data.overlay ? `overlay: ${$("#overlay").selectedOptions[0].textContent}` : "";
    if (call) markCall(call);
  }

  $("#graph").addEventListener("click", (e) => {
    const node = e.target.closest(".ivr-node");
    if (!node) return;
    if (node.dataset.file === file) goToLine(Number(node.dataset.line), 1);
    else window.open(`/edit/${fileUrl(node.dataset.file)}#L${node.dataset.line}`, "_blank");
  });
  $("#overlay").addEventListener("change", () => drawGraph(text.value));
  let zoom = 0;
  function applyZoom() {
    const svg = $("#graph svg");
    $("#graph").classList.toggle("fit", zoom === 0);
    if (svg && zoom > 0) svg.style.width = `${Math.round(svg.viewBox.baseVal.width * zoom)}px`;
    else if (svg) svg.style.width = "";
  }
  $("#zoom-in").addEventListener("click", () => { zoom = (zoom || 0.5) * 1.25; applyZoom(); });
  $("#zoom-out").addEventListener("click", () => { zoom = (zoom || 0.6) / 1.25; applyZoom(); });
  $("#zoom-fit").addEventListener("click", () => { zoom = 0; applyZoom(); });

  $("#problems").addEventListener("click", (e) => {
    const li = e.target.closest("li[data-line]");
    if (li && li.dataset.file === file) goToLine(Number(li.dataset.line), Number(li.dataset.col));
  });

  text.addEventListener("scroll", () => { text.scrollTop = 0; text.scrollLeft = 0; });  // the page scrolls, not the text area
  text.addEventListener("input", () => {
    render();
    clearTimeout(timer);
    timer = setTimeout(validate, 200);
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Tab" && !e.shiftKey) {
      e.preventDefault();
      document.execCommand("insertText", false, "  ");
    } else if ((e.ctrlKey || e.metaKey) && e.key === "s") {
      e.preventDefault();
      save(false);
    }
  });
  window.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s" && e.target !== text) { e.preventDefault(); save(false); }
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
    document.querySelectorAll("#graph .ivr-node").forEach((g) => {
      g.classList.toggle("current", g.dataset.node === view.node && !view.ended);
      g.classList.toggle("visited", view.path.includes(g.dataset.node));
    });
    if (view.ended) {
      const last = document.querySelector(`#graph .ivr-node[data-node="${CSS.escape(view.node)}"]`);
      if (last) last.classList.add("current");
    }
  }

  function speak(entry, language) {
    if (!$("#sound").checked) return;
    sounds.push({ text: entry.text, language, audio: entry.audio && !/^https?:/i.test(entry.audio) ? entry.audio : null });
    if (!playing) playNext();
  }

  // the prompt's audio comes with the token, like every other request, and plays from a blob: URL
  async function playNext() {
    const next = sounds.shift();
    if (!next) { playing = false; return; }
    playing = true;
    const entry = { text: next.text, audio: next.audio, status: null, played: false, source: null };
    stats.prompts.push(entry);
    const fallback = () => {
      if (!window.speechSynthesis) return playNext();
      const u = new SpeechSynthesisUtterance(next.text);
      u.lang = next.language;
      u.onend = playNext;
      u.onerror = playNext;
      speechSynthesis.speak(u);
    };
    let url;
    try {
      // a recorded prompt plays its recording; one that can't be played (or a prompt without one) is spoken
      let response = null;
      if (next.audio) {
        response = await fetch(`/api/recording?${new URLSearchParams({ file, audio: next.audio })}`, { headers: { "X-CSRF-Token": CSRF } });
        entry.recordingStatus = response.status;
        entry.source = response.ok ? "recording" : null;
      }
      if (!response || !response.ok) {
        response = await fetch(`/api/speech?${new URLSearchParams({ text: next.text, language: next.language })}`,
                               { headers: { "X-CSRF-Token": CSRF } });
        entry.source = "speech";
      }
      entry.status = response.status;
      if (!response.ok) return fallback();
      url = URL.createObjectURL(await response.blob());
    } catch (e) {
      return fallback();
    }
    const audio = new Audio(url);
    const done = () => { URL.revokeObjectURL(url); playNext(); };
    audio.onplaying = () => { entry.played = true; };
    audio.onended = done;
    audio.onerror = () => { URL.revokeObjectURL(url); fallback(); };
    audio.play().catch(done);
  }

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
      li.innerHTML = `<span class="who">${esc(entry.who === "ivr" ? "IVR" : entry.who)} · ${esc(entry.node)}</span>${esc(said)}${heard}`;
      list.appendChild(li);
      if (entry.who === "ivr") speak(entry, view.language);
    }
    shown = view.transcript.length;
    list.scrollTop = list.scrollHeight;
    const listen = view.listen;
    $("#listening").innerHTML = listen ? `Listening for: ${esc(listen.phrases.slice(0, 12).join(", "))}${listen.phrases.length > 12 ? ", …" : ""}` +
      (listen.keys.length ? ` · keys ${esc(listen.keys.join(" "))}` : "") + (listen.finish_key ? ` · end with ${esc(listen.finish_key)}` : "") : "";
    $("#slots").innerHTML = Object.entries(view.slots).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(JSON.stringify(v))}</td></tr>`).join("") ||
      '<tr><td colspan="2">none yet</td></tr>';
    $("#handover").hidden = !view.transfer;
    if (view.transfer) $("#handover-context").textContent = JSON.stringify(view.transfer, null, 2);
    const listening = !view.ended && view.awaiting === "input";
    document.querySelectorAll(".try .controls button, .try .controls input").forEach((b) => { b.disabled = !listening; });
    $("#hangup").disabled = view.ended;
    markCall(view);
  }

  async function act(action, arg) {
    if (!call) return;
    $("#call-error").textContent = "";
    const r = await api("POST", `/api/calls/${call.id}`, { action, arg: arg || "" });
    if (r.ok) showCall(r.data);
    else $("#call-error").textContent = r.data.error;
  }

  $("#start-call").addEventListener("click", async () => {
    $("#call-error").textContent = "";
    sounds.length = 0;
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
    digits += key;
    $("#digits").value = digits;
    const listen = call.listen;
    const options = listen.keys;
    if (key === listen.finish_key) return sendKeys();
    if (listen.finish_key && listen.mode === "collect") return;  // wait for the finish key, as the prompt asks
    if (listen.max_digits && digits.length >= listen.max_digits) return sendKeys();
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
    text.value = r.data.text;
    saved = text.value;
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
