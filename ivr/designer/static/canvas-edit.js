// ivr designer: editing on the canvas. A click selects a node and opens its property panel, a form generated
// from the node type's JSON Schema (as /api/node returns it), not written per type. Adding a node or an option,
// connecting by dragging from a node's handle (or an option's) onto another node, deleting and renaming: each is
// an op posted to /api/edit, whose answer is a minimal change of the YAML text, applied to the editor as one step
// of its undo history. The text pane shows it at once and the usual validation and redraw follow, through the
// same compiler as typing. Ctrl+Z / Ctrl+Shift+Z on the canvas undo and redo the editor's history, so canvas and
// typed edits undo in order from either pane. designer.js creates it (window.ivrCanvasEdit.create).
"use strict";

(() => {
  const NODE_NAME = "^[A-Za-z][A-Za-z0-9_-]*$";
  const TYPING = 400;  // ms of quiet in a field before its value goes to the text

  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  function create(o) {
    const { pane, area, panel, editor, file, api } = o;
    let selected = null;   // the selected node's name
    let info = null;       // /api/node's answer for it
    let values = null;     // its values, kept up to date with the panel's own edits
    let flowSchema = null; // the whole flow's schema: node types, and $defs the node's schema may point into
    let queue = Promise.resolve();
    let pending = 0;
    let stale = false;
    let shownFor = null;   // the text the panel's contents were read from (or, after its own edits, agree with)
    let reload = null;
    const timers = new Map();
    const stats = { edits: [] };

    api("GET", "/api/schema").then((r) => { if (r.ok) { flowSchema = r.data; fillTypes(); } });

    // -- edits: one at a time, each against the text as it is when it goes --------------------------------------

    function edit(op, where) {
      pending++;
      const run = async () => {
        for (let attempt = 0; attempt < 3; attempt++) {
          const text = editor.text();
          const started = performance.now();
          const r = await api("POST", "/api/edit", { text, op });
          if (!r.ok) { problem(r.data.error || "the edit was refused", where); return null; }
          if (editor.text() !== text) continue;  // typed meanwhile: make the edit again on the text as it is now
          const current = shownFor === text;
          editor.applyChanges(r.data.changes);
          if (current && op.op === "set") shownFor = editor.text();  // the panel already shows what this edit wrote
          stats.edits.push({ op: op.op, ms: performance.now() - started });
          problem((r.data.warnings || []).join(" · "), where, "warning");
          return r.data;
        }
        problem("the text kept changing while the edit was made: try again", where);
        return null;
      };
      const done = queue.then(run).finally(() => { pending--; syncHistory(); });
      queue = done.catch(() => null);
      return done;
    }

    function problem(message, where, kind = "error") {
      const line = (where && where.querySelector(":scope > .field-error")) || panel.querySelector(".props-error");
      if (line) { line.textContent = message; line.className = `${line.classList.contains("props-error") ? "props-error" : "field-error"} ${message ? kind : ""}`; }
      if (!line && message && o.note) o.note.textContent = message;
    }

    // -- selection --------------------------------------------------------------------------------------------

    const own = (g) => g && g.dataset.file === file && !g.dataset.node.startsWith("_");
    const group = (name) => pane.querySelector(`.ivr-node[data-node="${CSS.escape(name)}"]`);

    pane.addEventListener("click", (e) => {
      const g = e.target.closest(".ivr-node");
      if (g && g.classList.contains("collapsed")) return;  // that click opens the subflow (designer.js)
      if (g && own(g)) select(g.dataset.node);
      else if (!g) select(null);
    });

    let loading = Promise.resolve();
    async function select(name) {
      selected = name;
      info = null;
      pane.querySelectorAll(".ivr-node.selected").forEach((g) => g.classList.remove("selected"));
      if (!name) { panel.hidden = true; info = null; delete document.body.dataset.props; placeHandle(); return; }
      const g = group(name);
      if (g) g.classList.add("selected");
      placeHandle();
      loading = load();
      await loading;
    }

    async function load() {
      const name = selected, text = editor.text();
      if (!name) return;
      const r = await api("POST", "/api/node", { text, node: name });
      if (name !== selected) return;
      if (editor.text() !== text) return load();
      stale = false;
      shownFor = text;
      if (!r.ok) {
        panel.hidden = false;
        panel.dataset.node = name;
        document.body.dataset.props = name;
        panel.replaceChildren(h("div", { class: "props-head" }, h("strong", {}, name), closeButton()), h("div", { class: "props-error error" }, r.data.error));
        return;
      }
      info = r.data;
      values = JSON.parse(JSON.stringify(info.values || {}));
      render();
    }

    // the text changed (typed, undone, or by an edit): the panel follows, unless the designer is in one of its fields
    function changed() {
      syncHistory();
      clearTimeout(reload);
      if (!selected) return;
      reload = setTimeout(() => {
        if (!selected || editor.text() === shownFor) return;
        if (panel.contains(document.activeElement) && document.activeElement.matches("input, textarea, select")) { stale = true; return; }
        load();
      }, 250);
    }
    panel.addEventListener("focusout", () => setTimeout(() => { if (stale && !panel.contains(document.activeElement)) load(); }, 0));

    // after a redraw: the selection is marked again and the handle put back on it
    pane.addEventListener("ivr:drawn", () => {
      if (selected && group(selected)) group(selected).classList.add("selected");
      placeHandle();
    });
    pane.addEventListener("ivr:view", placeHandle);

    // the compiler's diagnostics of the selected node (those written between its name and the next node's), in its panel
    let diagnostics = [];
    function report(list) { diagnostics = list; showProblems(); }
    function showProblems() {
      const box = panel.querySelector(".props-problems");
      if (!box || !selected) return;
      const nodes = editor.nodes().sort((a, b) => a.line - b.line);
      const at = nodes.findIndex((n) => n.name === selected);
      const first = at >= 0 ? nodes[at].line : -1, last = at >= 0 && at + 1 < nodes.length ? nodes[at + 1].line - 1 : Infinity;
      box.replaceChildren(...diagnostics.filter((d) => d.line >= first && d.line <= last).map((d) =>
        h("li", { class: d.severity }, h("span", { class: "sev" }, `${d.severity}[${d.code}]`), " ", d.message, d.hint ? h("span", { class: "hint" }, `hint: ${d.hint}`) : null)));
    }

    // -- the schema, read generically --------------------------------------------------------------------------

    function deref(s) {
      for (let i = 0; s && s.$ref && i < 20; i++) {
        const name = s.$ref.replace(/^#\/\$defs\//, "");
        s = (info && info.schema && info.schema.$defs && info.schema.$defs[name]) || (flowSchema && flowSchema.$defs && flowSchema.$defs[name]) || {};
      }
      return s || {};
    }

    const variants = (s) => { s = deref(s); return (s.anyOf || s.oneOf || [s]).map(deref); };
    const nonNull = (s) => variants(s).filter((v) => v.type !== "null");
    const types = (v) => [].concat(v.type || []);
    const isText = (v) => types(v).includes("string") && !v.pattern && !v.enum && !v.const;
    const isLocalized = (v) => types(v).includes("object") && v.additionalProperties && deref(v.additionalProperties).type === "string";
    const isStringList = (v) => types(v).includes("array") && v.items && types(deref(v.items)).includes("string");

    /** What widget a property gets, from its schema alone. */
    function kindOf(prop) {
      const s = deref(prop);
      if (s.const !== undefined) return "const";
      const vs = nonNull(s);
      const flat = vs.flatMap((v) => (v.anyOf || v.oneOf ? nonNull(v) : [v]));
      if (flat.some((v) => v.pattern === NODE_NAME)) return "ref";
      if (flat.some((v) => v.pattern && /\[0-9\*#\]/.test(v.pattern) && types(v).includes("string"))) return "keys";
      if (vs.some(isStringList) && vs.some(isText)) return "list";
      if (vs.some(isText) && vs.some(isLocalized)) return "text";
      if (vs.length === 1) {
        const v = vs[0];
        if (v.enum) return "enum";
        if (types(v).includes("boolean")) return vs.length < variants(s).length ? "maybe" : "bool";
        if (types(v).includes("integer") || types(v).includes("number")) return "number";
        if (types(v).includes("array") && v.items && deref(v.items).properties) return "items";
        if (isStringList(v)) return "list";
        if (types(v).includes("string")) return "string";
      }
      return "yaml";
    }

    function refFields(schema) {
      return Object.entries(deref(schema).properties || {}).filter(([, p]) => kindOf(p) === "ref").map(([k]) => k);
    }

    // -- the property panel -------------------------------------------------------------------------------------

    const closeButton = () => h("button", { type: "button", class: "props-close", title: "Close (Esc)", "aria-label": "Close", onclick: () => select(null) }, "×");

    function render() {
      const focused = panel.contains(document.activeElement) ? document.activeElement : null;
      const keep = focused && focused.closest(".prop") && { path: focused.closest(".prop").dataset.path, cls: focused.className, lang: focused.dataset.lang,
                                                           value: focused.value, at: focused.selectionStart };
      build();
      if (!keep) return;
      const again = [...panel.querySelectorAll(".prop")].find((p) => p.dataset.path === keep.path);
      const el = again && [...again.querySelectorAll("input, textarea, select")].find((e) => e.className === keep.cls && e.dataset.lang === keep.lang);
      if (!el) return;
      el.focus();
      if (el.classList.contains("chip-add")) el.value = keep.value;
      if (typeof keep.at === "number" && el.setSelectionRange) try { el.setSelectionRange(keep.at, keep.at); } catch (e) { /* not a text field */ }
    }

    function build() {
      const schema = deref(info.schema);
      const props = schema.properties || {};
      const required = new Set(schema.required || []);
      const main = [], more = [];
      for (const [key, prop] of Object.entries(props)) {
        const kind = kindOf(prop);
        if (kind === "const") continue;
        const shown = required.has(key) || key in values || kind === "ref" || key === "retries";
        (shown ? main : more).push(field([key], key, prop, values[key], required.has(key)));
      }
      const g = group(selected);
      const name = h("input", { class: "props-name", value: selected, "aria-label": "Node name", spellcheck: "false",
        onchange: async (e) => {
          const to = e.target.value.trim();
          if (!to || to === selected) return;
          const r = await edit({ op: "rename_node", node: selected, to }, null);
          if (r) { selected = r.node || to; await load(); } else e.target.value = selected;
        } });
      panel.replaceChildren(
        h("div", { class: "props-head" }, name, h("span", { class: "props-type" }, info.type),
          h("button", { type: "button", title: "Show this node's YAML", onclick: () => g && o.goToLine(Number(g.dataset.line), 1) }, "YAML"),
          h("button", { type: "button", class: "danger", id: "delete-node", title: "Delete this node (Delete)", onclick: deleteNode }, "Delete"),
          closeButton()),
        h("div", { class: "props-error" }),
        h("ul", { class: "props-problems", "aria-label": "Problems of this node" }),
        h("div", { class: "props-fields" }, main),
        more.length ? h("details", { class: "props-more" }, h("summary", {}, `more fields (${more.length})`), more) : null,
      );
      showProblems();
      const opening = panel.hidden;
      panel.hidden = false;
      panel.dataset.node = selected;
      document.body.dataset.props = selected;
      // the graph's pane just changed its size: the selected node is brought back into view if it left it
      if (opening && o.canvas) requestAnimationFrame(() => { if (selected) o.canvas.reveal(selected, false); placeHandle(); });
    }

    function label(key, prop, required) {
      const s = deref(prop);
      return h("label", { title: s.description || "" }, key.replace(/_/g, " "), required ? h("span", { class: "req", title: "required" }, " *") : null);
    }

    function field(path, key, prop, value, required) {
      const kind = kindOf(prop);
      const wrap = h("div", { class: `prop prop-${kind}`, dataset: { path: JSON.stringify(path) } }, label(key, prop, required));
      const widget = (widgets[kind] || widgets.yaml)(path, prop, value, wrap, required);
      wrap.append(widget || widgets.yaml(path, prop, value, wrap), h("div", { class: "field-error" }));
      return wrap;
    }

    // a value goes into the text when the designer stops typing, or at once (a select, a checkbox, a button)
    function put(path, value, where, now) {
      let target = values;
      for (const p of path.slice(0, -1)) target = target[p] === undefined || target[p] === null ? (target[p] = typeof p === "number" ? [] : {}) : target[p];
      if (value === null) delete target[path.at(-1)]; else target[path.at(-1)] = value;
      const id = JSON.stringify(path);
      clearTimeout(timers.get(id));
      const go = () => { timers.delete(id); edit({ op: "set", node: selected, path, value }, where); };
      if (now) go(); else timers.set(id, setTimeout(go, TYPING));
    }
    const valueAt = (path) => path.reduce((v, p) => (v === undefined || v === null ? undefined : v[p]), values);

    const widgets = {
      string(path, prop, value, wrap) {
        if (value !== undefined && value !== null && typeof value !== "string") return null;
        return h("input", { value: value || "", oninput: (e) => put(path, e.target.value === "" ? null : e.target.value, wrap) });
      },
      number(path, prop, value, wrap) {
        if (value !== undefined && value !== null && typeof value !== "number") return null;
        const s = nonNull(prop)[0];
        return h("input", { type: "number", value: value ?? "", min: s.minimum, max: s.maximum, step: types(s).includes("integer") ? 1 : "any",
          placeholder: deref(prop).default ?? "", oninput: (e) => put(path, e.target.value === "" ? null : Number(e.target.value), wrap) });
      },
      bool(path, prop, value, wrap) {
        const box = h("input", { type: "checkbox", onchange: (e) => put(path, e.target.checked, wrap, true) });
        box.checked = value === undefined ? !!deref(prop).default : !!value;
        return box;
      },
      maybe(path, prop, value, wrap) {
        const sel = h("select", { onchange: (e) => put(path, e.target.value === "" ? null : e.target.value === "yes", wrap, true) },
          h("option", { value: "" }, "default"), h("option", { value: "yes" }, "yes"), h("option", { value: "no" }, "no"));
        sel.value = value === true ? "yes" : value === false ? "no" : "";
        return sel;
      },
      enum(path, prop, value, wrap) {
        const s = nonNull(prop)[0];
        const sel = h("select", { onchange: (e) => put(path, e.target.value === "" ? null : e.target.value, wrap, true) },
          h("option", { value: "" }, s.default !== undefined ? `default (${s.default})` : "—"), s.enum.map((v) => h("option", { value: v }, v)));
        sel.value = value ?? "";
        return sel;
      },
      keys(path, prop, value, wrap) {
        if (value !== undefined && value !== null && !["string", "number"].includes(typeof value) && !Array.isArray(value)) return null;
        const shown = Array.isArray(value) ? value.join(" ") : value ?? "";
        return h("input", { class: "keys", value: shown, placeholder: "a key, like 1", oninput: (e) => {
          const keys = e.target.value.split(/[\s,]+/).filter(Boolean);
          put(path, keys.length === 0 ? null : keys.length === 1 ? keys[0] : keys, wrap);
        } });
      },
      ref(path, prop, value, wrap, required) {
        const names = [...(info.nodes || [])];
        if (value && !names.includes(value)) names.push(value);
        const sel = h("select", { class: "ref", onchange: (e) => {
          const target = e.target.value;
          if (target === "") return put(path, null, wrap, true);
          const edge = path.length === 1 ? path[0] : path.length === 3 && path[0] === "options" && path[2] === "next" ? `option:${path[1]}` : null;
          if (edge) { setLocal(path, target); edit({ op: "connect", node: selected, edge, target }, wrap); } else put(path, target, wrap, true);
        } }, required ? null : h("option", { value: "" }, "—"), names.map((n) => h("option", { value: n }, n)));
        sel.value = value ?? "";
        return sel;
      },
      text(path, prop, value, wrap) {
        const languages = info.languages && info.languages.length ? info.languages : ["en"];
        if (value !== undefined && value !== null && typeof value !== "string" && !(typeof value === "object" && !Array.isArray(value)
            && Object.values(value).every((v) => typeof v === "string") && !("text" in value || "audio" in value))) return null;
        const box = h("div", { class: "langs" });
        for (const [i, lang] of languages.entries()) {
          const now = valueAt(path);
          const shown = typeof now === "string" ? (i === 0 ? now : "") : now ? now[lang] || "" : "";
          const area = h("textarea", { rows: 2, lang, dataset: { lang }, "aria-label": `${path.at(-1)} (${lang})`, oninput: (e) => {
            const current = valueAt(path), text = e.target.value;
            if (languages.length === 1) return put(path, text === "" ? null : text, wrap);
            if (current === undefined || current === null) return put(path, text === "" ? null : { [lang]: text }, wrap);
            if (typeof current === "string") {
              if (lang === languages[0]) return put(path, text === "" ? null : text, wrap);
              return put(path, { [languages[0]]: current, [lang]: text }, wrap);
            }
            put([...path, lang], text === "" ? null : text, wrap);
          } });
          area.value = shown;
          box.append(languages.length > 1 ? h("div", { class: "lang" }, h("span", { class: "lang-code" }, lang), area) : area);
        }
        return box;
      },
      list(path, prop, value, wrap) {
        if (value !== undefined && value !== null && typeof value !== "string" && !Array.isArray(value)) return null;
        const items = value === undefined || value === null ? [] : [].concat(value).map(String);
        const box = h("div", { class: "chips" });
        const draw = () => {
          const input = h("input", { class: "chip-add", placeholder: "add, then Enter", "aria-label": `add to ${path.at(-1)}`, onkeydown: (e) => {
            if (e.key !== "Enter" && e.key !== ",") return;
            e.preventDefault();
            const words = e.target.value.trim();
            if (!words || items.includes(words)) { e.target.value = ""; return; }
            items.push(words);
            put(path, [...items], wrap, true);
            draw();
            box.querySelector(".chip-add").focus();
          } });
          box.replaceChildren(...items.map((t, i) => h("span", { class: "chip" }, t,
            h("button", { type: "button", title: `remove '${t}'`, "aria-label": `remove ${t}`, onclick: () => {
              items.splice(i, 1);
              put(path, items.length ? [...items] : null, wrap, true);
              draw();
            } }, "×"))), input);
        };
        draw();
        return box;
      },
      items(path, prop, value, wrap) {
        const s = nonNull(prop)[0], item = deref(s.items), list = Array.isArray(value) ? value : [];
        const required = new Set(item.required || []);
        const box = h("div", { class: "items" });
        list.forEach((entry, i) => {
          const title = path[0] === "options" ? `option ${i + 1}` : `${path.at(-1)} ${i + 1}`;
          const fields = Object.entries(item.properties || {}).filter(([k, p]) => kindOf(p) !== "yaml" || (entry && k in entry))
            .map(([k, p]) => field([...path, i, k], k, p, entry ? entry[k] : undefined, required.has(k)));
          const head = h("div", { class: "item-head" }, h("strong", {}, title),
            path[0] === "options" ? h("span", { class: "edge-handle", title: "Drag onto a node to send this option there", dataset: { edge: `option:${i}` },
              onpointerdown: (e) => startDrag(e, `option:${i}`) }, "⤳") : null,
            h("button", { type: "button", class: "danger", title: `Delete ${title}`, onclick: () => deleteItem(path, i) }, "Delete"));
          box.append(h("fieldset", { class: "item", dataset: { index: i } }, head, fields));
        });
        if (path.length === 1 && path[0] === "options") box.append(h("button", { type: "button", id: "add-option", onclick: () => addOption() }, "+ option"));
        return box;
      },
      yaml(path) {
        const g = group(selected);
        return h("button", { type: "button", class: "link", title: "This field is set in the YAML text", onclick: () => g && o.goToLine(Number(g.dataset.line), 1) },
          `edit ${path.at(-1)} in the YAML`);
      },
    };

    function setLocal(path, value) {
      let target = values;
      for (const p of path.slice(0, -1)) target = target[p];
      target[path.at(-1)] = value;
    }

    async function addOption(option = {}) {
      const r = await edit({ op: "add_option", node: selected, option }, null);
      if (r) await load();
      return r;
    }

    async function deleteItem(path, i) {
      const op = path.length === 1 && path[0] === "options" ? { op: "delete_option", node: selected, option: i }
        : { op: "set", node: selected, path: [...path, i], value: null };
      if (await edit(op, null)) await load();
    }

    async function deleteNode() {
      if (!selected) return;
      const name = selected;
      if (await edit({ op: "delete_node", node: name }, null)) select(null);
    }

    // -- edges: which ones a node has, for connecting and for adding a node after it ----------------------------

    function edgesOf() {
      if (!info) return [];
      const schema = deref(info.schema);
      let found;
      if (Array.isArray(info.edges)) {  // the server's list: every edge the node's type has, set or not
        found = info.edges.map((e) => {
          const m = /^(option|case):(\d+)$/.exec(e.edge);
          const name = m ? `${m[1]} ${Number(m[2]) + 1}` : e.edge.replace(/_/g, " ");
          return { edge: e.edge, label: e.label && e.label !== e.edge ? `${name} (${e.label})` : name, target: e.target };
        });
      } else {
        found = refFields(schema).map((key) => ({ edge: key, label: key.replace(/_/g, " "), target: values[key] }));
      }
      if (Array.isArray(values.options)) found.push({ edge: "option:new", label: "a new option" });
      return found;
    }

    /** Ask which edge, at the pointer, when there is more than one; resolves to the chosen edge or null. */
    function chooseEdge(edges, x, y, verb) {
      if (edges.length === 1) return Promise.resolve(edges[0].edge);
      if (!edges.length) return Promise.resolve(null);
      return new Promise((resolve) => {
        const box = area.getBoundingClientRect();
        const menu = h("div", { class: "edge-chooser", role: "menu", style: `left:${Math.round(x - box.left)}px;top:${Math.round(y - box.top)}px` },
          h("div", { class: "chooser-title" }, verb),
          edges.map((e) => h("button", { type: "button", role: "menuitem", dataset: { edge: e.edge }, onclick: () => done(e.edge) },
            e.label, e.target ? h("span", { class: "now" }, ` → ${e.target}`) : null)),
          h("button", { type: "button", class: "cancel", onclick: () => done(null) }, "cancel"));
        const keys = (ev) => { if (ev.key === "Escape") done(null); };
        function done(edge) { menu.remove(); window.removeEventListener("keydown", keys, true); resolve(edge); }
        window.addEventListener("keydown", keys, true);
        area.querySelectorAll(".edge-chooser").forEach((m) => m.remove());
        area.append(menu);
        const r = menu.getBoundingClientRect();
        if (r.bottom > box.bottom) menu.style.top = `${Math.max(0, box.bottom - box.top - r.height - 4)}px`;
        if (r.right > box.right) menu.style.left = `${Math.max(0, box.right - box.left - r.width - 4)}px`;
      });
    }

    async function connect(edge, target) {
      const source = selected;
      if (edge === "option:new") return addOption({ next: target });
      const r = await edit({ op: "connect", node: source, edge, target }, null);
      if (r && selected === source) await load();
      return r;
    }

    // -- dragging from a node's handle (or an option's) onto another node ---------------------------------------

    const handle = h("div", { class: "connect-handle", title: "Drag onto a node to connect to it", hidden: true, onpointerdown: (e) => startDrag(e, null) }, "⤳");
    const rubber = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    rubber.setAttribute("class", "rubber-band");
    rubber.innerHTML = '<line x1="0" y1="0" x2="0" y2="0"/>';
    rubber.style.display = "none";
    area.append(handle, rubber);

    function placeHandle() {
      const g = selected && group(selected);
      if (!g) { handle.hidden = true; return; }
      const a = area.getBoundingClientRect(), r = g.getBoundingClientRect(), p = pane.getBoundingClientRect();
      const x = r.right - a.left, y = r.top + r.height / 2 - a.top;
      handle.hidden = r.right < p.left || r.left > p.right || r.bottom < p.top || r.top > p.bottom;
      handle.style.left = `${Math.round(x - 2)}px`;
      handle.style.top = `${Math.round(y - 11)}px`;
    }

    function nodeAt(x, y) {
      const under = document.elementsFromPoint(x, y).find((el) => el.closest && el.closest("#graph .ivr-node"));
      return under ? under.closest(".ivr-node") : null;
    }

    function startDrag(e, edge) {
      if (e.button !== 0 || !selected) return;
      e.preventDefault();
      e.stopPropagation();
      const from = e.currentTarget, a = area.getBoundingClientRect(), s = from.getBoundingClientRect();
      const line = rubber.querySelector("line"), x0 = s.left + s.width / 2 - a.left, y0 = s.top + s.height / 2 - a.top;
      from.setPointerCapture(e.pointerId);
      line.setAttribute("x1", x0); line.setAttribute("y1", y0); line.setAttribute("x2", x0); line.setAttribute("y2", y0);
      rubber.style.display = "";
      let over = null;
      const move = (ev) => {
        line.setAttribute("x2", ev.clientX - a.left);
        line.setAttribute("y2", ev.clientY - a.top);
        const g = nodeAt(ev.clientX, ev.clientY);
        if (g !== over) { if (over) over.classList.remove("drop-target"); over = g; if (over) over.classList.add("drop-target"); }
      };
      const up = async (ev) => {
        from.removeEventListener("pointermove", move);
        from.removeEventListener("pointerup", up);
        from.removeEventListener("pointercancel", up);
        rubber.style.display = "none";
        if (over) over.classList.remove("drop-target");
        const g = ev.type === "pointerup" ? nodeAt(ev.clientX, ev.clientY) : null;
        if (!g) return;
        const target = g.dataset.node;
        await loading;  // the node's edges, if the panel was still being read
        const chosen = edge || await chooseEdge(edgesOf(), ev.clientX, ev.clientY, `connect ${selected} to ${target} by`);
        if (chosen) await connect(chosen, target);
      };
      from.addEventListener("pointermove", move);
      from.addEventListener("pointerup", up);
      from.addEventListener("pointercancel", up);
    }

    // -- adding a node of a type chosen from the schema ---------------------------------------------------------

    function fillTypes() {
      if (!o.addType || !flowSchema) return;
      const union = deref(Object.values(flowSchema.properties.nodes.patternProperties || {})[0] || {});
      const kinds = Object.keys((union.discriminator && union.discriminator.mapping) || {}).sort();
      o.addType.replaceChildren(h("option", { value: "" }, "+ node…"), ...kinds.map((k) => h("option", { value: k }, k)));
      o.addType.disabled = false;
    }

    async function addNode(type) {
      const op = { op: "add_node", type };
      if (selected && info) {
        const r = group(selected) ? group(selected).getBoundingClientRect() : o.addType.getBoundingClientRect();
        const edges = edgesOf();
        const edge = await chooseEdge(edges, r.right, r.top + r.height / 2, `add a ${type} after ${selected}, from`);
        if (edge === null && edges.length) return null;  // the designer cancelled
        if (edge === "option:new") {
          const made = await edit(op, null);
          if (!made) return null;
          await edit({ op: "add_option", node: selected, option: { next: made.node } }, null);
          await select(made.node);
          return made;
        }
        if (edge) op.from = { node: selected, edge };
      }
      const made = await edit(op, null);
      if (made && made.node) await select(made.node);
      return made;
    }
    if (o.addType) {
      o.addType.disabled = true;
      o.addType.addEventListener("change", () => { const t = o.addType.value; o.addType.value = ""; if (t) addNode(t); });
    }

    // -- undo, redo and the keys of the canvas -----------------------------------------------------------------

    function syncHistory() {
      const depth = editor.history();
      if (o.undo) o.undo.disabled = !depth.undo;
      if (o.redo) o.redo.disabled = !depth.redo;
    }
    if (o.undo) o.undo.addEventListener("click", () => { editor.undo(); });
    if (o.redo) o.redo.addEventListener("click", () => { editor.redo(); });

    window.addEventListener("keydown", (e) => {
      const t = e.target;
      if (t.closest && (t.closest(".cm-editor") || t.matches("input, textarea, select, [contenteditable]"))) return;
      if ((e.key === "Delete" || e.key === "Backspace") && t.closest && t.closest("#props, .edge-chooser, .canvas-tools")) return;  // a focused button there
      const mod = e.ctrlKey || e.metaKey;
      if (mod && (e.key === "z" || e.key === "Z")) { e.preventDefault(); if (e.shiftKey) editor.redo(); else editor.undo(); }
      else if (mod && e.key === "y") { e.preventDefault(); editor.redo(); }
      else if ((e.key === "Delete" || e.key === "Backspace") && selected && !mod) { e.preventDefault(); deleteNode(); }
      else if (e.key === "Escape" && selected) select(null);
    });

    syncHistory();
    const handleApi = {
      select, changed, report, edit, addNode, addOption, connect, stats,
      get selected() { return selected; },
      get idle() { return pending === 0 && timers.size === 0; },
    };
    window.ivrCanvasEdit.current = handleApi;
    return handleApi;
  }

  window.ivrCanvasEdit = { create, current: null };
})();
