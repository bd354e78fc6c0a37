// The designer's YAML editor: CodeMirror 6 with the YAML language, the server's diagnostics as lint
// markers, completion and hover docs from the flow's JSON Schema, node-name completion after reference
// fields (next:, else:, on_error:, ...) and renaming a node everywhere. Built into
// ivr/designer/static/editor.bundle.js by scripts/build-editor; designer.js calls window.ivrEditor.create.

import { Annotation, EditorState, EditorSelection, Prec, StateEffect, StateField, Transaction } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  dropCursor, highlightSpecialChars, hoverTooltip, Decoration,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentLess, indentMore, isolateHistory, redo, redoDepth, undo, undoDepth } from "@codemirror/commands";
import { indentUnit, syntaxHighlighting, defaultHighlightStyle, bracketMatching, foldGutter, foldKeymap } from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics, lintGutter, lintKeymap } from "@codemirror/lint";
import { autocompletion, completionKeymap, startCompletion } from "@codemirror/autocomplete";
import { search, searchKeymap, highlightSelectionMatches } from "@codemirror/search";

const NODE_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const LINE = /^( *)((?:- +)*)(?:("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}\[\],:&*!|>-][^#:]*?|-[^\s#:][^#:]*?)\s*:(?=\s|$))?(.*)$/;

// -- reading the YAML around a position: a line-based outline, fast and forgiving of half-typed text -------------

/** What a line holds: its indentation, whether it starts list items, its key (if any) and the column the key starts at. */
function parseLine(text) {
  const m = LINE.exec(text);
  const indent = m[1].length;
  const dashes = m[2];
  const rest = text.slice(indent + dashes.length);
  const blank = rest.trim() === "" || rest.trimStart().startsWith("#");
  let key = m[3];
  if (key && /^["']/.test(key)) key = key.slice(1, -1);
  return { indent, dash: dashes.length > 0, dashIndent: indent, keyCol: indent + dashes.length, key: key ? key.trim() : null, blank: blank && !dashes, value: m[4] };
}

/** The column of the last "-" that starts a list item on a line, or null. */
function lastDash(text) {
  const m = /^( *)((?:- +)*)/.exec(text);
  return m[2] ? m[1].length + m[2].trimEnd().length - 1 : null;
}

/**
 * The keys leading to line ``lineNo`` where the text at ``col`` sits, outermost first: "[]" stands for a list item,
 * and each key carries the line it is on (to find a node's type). ``col`` is where the key (or value) starts.
 */
function pathAt(doc, lineNo, col, dashHere) {
  const path = [];
  let target = col;
  let inSeq = false;
  if (dashHere !== null) { path.push({ key: "[]" }); target = dashHere; inSeq = true; }
  for (let n = lineNo - 1; n >= 1 && (target > 0 || inSeq); n--) {
    const L = parseLine(doc.line(n).text);
    if (L.blank) continue;
    if (inSeq) {
      if (L.indent > target) continue;
      if (L.dash && L.indent === target) continue;  // an earlier item of the same list
      if (!L.key) continue;
      path.push({ key: L.key, line: n });
      if (L.dash) { path.push({ key: "[]" }); target = L.indent; inSeq = true; } else { target = L.keyCol; inSeq = false; }
      continue;
    }
    if (L.dash && L.keyCol === target) { path.push({ key: "[]" }); target = L.indent; inSeq = true; continue; }
    if (L.keyCol >= target) continue;
    if (!L.key) continue;
    path.push({ key: L.key, line: n });
    if (L.dash) { path.push({ key: "[]" }); target = L.indent; inSeq = true; } else target = L.keyCol;
  }
  return path.reverse();
}

/** The value of ``key`` among the direct children of the mapping opened by the key on line ``lineNo``. */
function childValue(doc, lineNo, key) {
  const parent = parseLine(doc.line(lineNo).text);
  let childCol = null;
  for (let n = lineNo + 1; n <= doc.lines; n++) {
    const L = parseLine(doc.line(n).text);
    if (L.blank) continue;
    if (L.indent < parent.keyCol || (L.indent === parent.keyCol && !L.dash)) break;
    if (childCol === null) childCol = L.keyCol;
    if (L.keyCol === childCol && L.key === key) return L.value.replace(/#.*$/, "").trim().replace(/^["']|["']$/g, "");
  }
  return null;
}

/** The flow's nodes: each name with the line and offsets of its key under ``nodes:``. */
function nodeList(doc) {
  const nodes = [];
  let n = 1;
  for (; n <= doc.lines; n++) if (/^nodes\s*:\s*(#.*)?$/.test(doc.line(n).text)) break;
  let col = null;
  for (n++; n <= doc.lines; n++) {
    const line = doc.line(n);
    const L = parseLine(line.text);
    if (L.blank) continue;
    if (L.indent === 0) break;
    if (col === null) col = L.keyCol;
    if (L.keyCol === col && L.key && !L.dash) {
      const at = line.text.indexOf(L.key, L.indent);
      nodes.push({ name: L.key, line: n, from: line.from + at, to: line.from + at + L.key.length });
    }
  }
  return nodes;
}

// -- the schema ------------------------------------------------------------------------------------------------

function deref(schema, root) {
  let s = schema;
  for (let i = 0; s && s.$ref && i < 20; i++) s = s.$ref.split("/").slice(1).reduce((o, k) => (o ? o[k] : undefined), root);
  return s || {};
}

/** The alternatives a schema allows (anyOf/oneOf flattened), $refs resolved, nulls left out. */
function variants(schema, root) {
  const s = deref(schema, root);
  const alts = s.anyOf || s.oneOf;
  if (!alts) return [s];
  return alts.flatMap((a) => variants(a, root)).filter((a) => a.type !== "null");
}

/** The schema of the mapping (or list) reached by ``path``; a node's type picks its kind by the discriminator. */
function schemaAt(root, path, doc) {
  let here = [root];
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const next = [];
    for (const v of here.flatMap((s) => variants(s, root))) {
      if (step.key === "[]") { if (v.items) next.push(v.items); continue; }
      if (v.properties && v.properties[step.key]) { next.push(v.properties[step.key]); continue; }
      if (v.patternProperties) next.push(...Object.values(v.patternProperties));
      else if (v.additionalProperties && typeof v.additionalProperties === "object") next.push(v.additionalProperties);
    }
    here = next.flatMap((s) => pickKind(s, root, doc, step.line));
    if (!here.length) return [];
  }
  return here.flatMap((s) => variants(s, root));
}

function pickKind(schema, root, doc, line) {
  const s = deref(schema, root);
  if (!s.discriminator || line === undefined) return [s];
  const kind = childValue(doc, line, s.discriminator.propertyName);
  const ref = kind && s.discriminator.mapping[kind];
  return ref ? [deref({ $ref: ref }, root)] : [s];
}

function properties(schemas) {
  const out = new Map();
  for (const s of schemas) for (const [k, v] of Object.entries(s.properties || {})) if (!out.has(k)) out.set(k, v);
  return out;
}

function describe(schema, root) {
  const s = deref(schema, root);
  if (s.description) return s.description;
  for (const v of variants(s, root)) if (v.description) return v.description;
  return "";
}

function typeSummary(schema, root) {
  const kinds = new Set();
  for (const v of variants(schema, root)) {
    if (v.const !== undefined) kinds.add(JSON.stringify(v.const));
    else if (v.enum) kinds.add(v.enum.map((e) => JSON.stringify(e)).join(" | "));
    else if (v.type) kinds.add(v.type === "object" ? "mapping" : v.type === "array" ? "list" : v.type);
    else if (v.discriminator) kinds.add("node");
  }
  return [...kinds].join(" or ");
}

/** Whether a property names a node: its schema (or a variant of it) is the node-name pattern. */
function isReference(schema, root) {
  return variants(schema, root).some((v) => v.pattern === NODE_ID.source && v.type === "string");
}

function valuesOf(schema, root) {
  const out = [];
  for (const v of variants(schema, root)) {
    if (v.const !== undefined) out.push(String(v.const));
    if (v.enum) out.push(...v.enum.map(String));
    if (v.type === "boolean") out.push("true", "false");
  }
  return [...new Set(out)];
}

// -- the parts of the editor that know the flow format -------------------------------------------------------

/** Where the cursor is in terms of the flow: editing a key, or the value of ``key``; and the path of the mapping. */
function contextAt(state, pos) {
  const doc = state.doc;
  const line = doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  const m = /^( *)((?:- +)*)(.*)$/.exec(before);
  const col = m[1].length + m[2].length;
  const rest = m[3];
  const value = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}\[\],:][^#:]*?)\s*:\s+(.*)$/.exec(rest);
  const path = pathAt(doc, line.number, col, lastDash(before));
  if (value) return { kind: "value", key: value[1].replace(/^["']|["']$/g, ""), typed: value[2], path, from: pos - value[2].length };
  if (/^[A-Za-z_][\w-]*$|^$/.test(rest)) return { kind: "key", typed: rest, path, from: pos - rest.length };
  return { kind: "other", path };
}

function flowCompletions(getSchema) {
  return (context) => {
    const schema = getSchema();
    const here = contextAt(context.state, context.pos);
    const doc = context.state.doc;
    if (here.kind === "key") {
      if (!schema || (!here.typed && !context.explicit)) return null;
      const props = properties(schemaAt(schema, here.path, doc));
      if (!props.size) return null;
      const options = [...props].map(([name, s]) => ({
        label: name, type: "property", detail: typeSummary(s, schema), info: describe(s, schema) || undefined,
        apply: name + ": ", boost: name === "type" ? 1 : 0,
      }));
      return { from: here.from, options, validFor: /^[\w-]*$/ };
    }
    if (here.kind !== "value" || !/^[\w.-]*$/.test(here.typed)) return null;
    const parent = schema ? schemaAt(schema, here.path, doc) : [];
    const prop = properties(parent).get(here.key);
    if ((prop && isReference(prop, schema)) || (!prop && REFERENCE_KEYS.has(here.key))) {
      const options = nodeList(doc).map((n) => ({ label: n.name, type: "variable", detail: `node, line ${n.line}` }));
      return { from: here.from, options, validFor: /^[\w-]*$/ };
    }
    if (here.key === "type" && schema && here.path.length === 2 && here.path[0].key === "nodes") {
      const union = deref(Object.values(schema.properties.nodes.patternProperties)[0], schema);
      const options = Object.entries(union.discriminator.mapping).map(([kind, ref]) => ({
        label: kind, type: "enum", info: deref({ $ref: ref }, schema).description || undefined,
      }));
      return { from: here.from, options, validFor: /^[\w-]*$/ };
    }
    if (!prop) return null;
    const values = valuesOf(prop, schema);
    if (!values.length) return null;
    return { from: here.from, options: values.map((v) => ({ label: v, type: "enum" })), validFor: /^[\w.-]*$/ };
  };
}

const REFERENCE_KEYS = new Set(["next", "else", "on_error", "on_failure", "start"]);

function flowHover(getSchema) {
  return hoverTooltip((view, pos) => {
    const schema = getSchema();
    if (!schema) return null;
    const line = view.state.doc.lineAt(pos);
    const L = parseLine(line.text);
    const keyAt = L.key ? line.text.indexOf(L.key, L.keyCol) : -1;
    const offset = pos - line.from;
    let title = null;
    let body = "";
    let from = pos;
    let to = pos;
    if (L.key && offset >= keyAt && offset <= keyAt + L.key.length) {
      const path = pathAt(view.state.doc, line.number, L.keyCol, lastDash(line.text));
      const prop = properties(schemaAt(schema, path, view.state.doc)).get(L.key);
      if (!prop) return null;
      title = `${L.key}: ${typeSummary(prop, schema)}`;
      body = describe(prop, schema);
      from = line.from + keyAt;
      to = from + L.key.length;
    } else if (L.key) {
      const word = /[\w-]+/.exec(L.value.trim());
      const valueAt = line.text.indexOf(L.value.trim(), keyAt + L.key.length);
      if (!word || offset < valueAt) return null;
      const path = pathAt(view.state.doc, line.number, L.keyCol, lastDash(line.text));
      if (L.key === "type" && path.length === 2 && path[0].key === "nodes") {
        const union = deref(Object.values(schema.properties.nodes.patternProperties)[0], schema);
        const ref = union.discriminator.mapping[word[0]];
        if (!ref) return null;
        title = `type: ${word[0]}`;
        body = deref({ $ref: ref }, schema).description || "";
      } else {
        const node = nodeList(view.state.doc).find((n) => n.name === word[0]);
        const prop = properties(schemaAt(schema, path, view.state.doc)).get(L.key);
        if (!node || !(prop ? isReference(prop, schema) : REFERENCE_KEYS.has(L.key))) return null;
        title = `node ${node.name} (line ${node.line})`;
        body = [childValue(view.state.doc, node.line, "type"), childValue(view.state.doc, node.line, "description")].filter(Boolean).join(": ");
      }
      from = line.from + valueAt;
      to = from + word[0].length;
    } else return null;
    return {
      pos: from, end: to, above: true,
      create() {
        const dom = document.createElement("div");
        dom.className = "cm-ivr-doc";
        const head = document.createElement("strong");
        head.textContent = title;
        dom.appendChild(head);
        if (body) { const p = document.createElement("div"); p.textContent = body; dom.appendChild(p); }
        return { dom };
      },
    };
  });
}

// -- typing: Enter keeps the indentation (one step more after "key:"), Tab and Shift+Tab move blocks -----------

/** The indentation a new line after ``before`` (the text left of the cursor) starts with. */
function nextIndent(before) {
  const m = /^( *)((?:- +)*)/.exec(before);
  let indent = m[1].length + m[2].length;
  const code = before.replace(/\s+#.*$/, "").trimEnd();
  if (code.trim() === "") return before.length - before.trimStart().length;
  if (/:$/.test(code) || /:\s*[|>][-+]?\d*$/.test(code) || /^\s*-$/.test(code)) indent += 2;
  return indent;
}

function newlineKeepingIndent(view) {
  const { state } = view;
  const changes = state.changeByRange((range) => {
    const line = state.doc.lineAt(range.from);
    const before = line.text.slice(0, range.from - line.from);
    if (range.empty && before.trim() === "") {  // in the indentation: open a line above and leave this one as it is
      return { changes: { from: line.from, insert: "\n" + before }, range: EditorSelection.cursor(range.from + 1 + before.length) };
    }
    const after = state.doc.sliceString(range.to, line.to);
    const skip = after.length - after.trimStart().length;  // the new line's text starts at its indentation
    const insert = "\n" + " ".repeat(nextIndent(before));
    const from = range.from - (before.length - before.trimEnd().length);
    return { changes: { from, to: range.to + skip, insert }, range: EditorSelection.cursor(from + insert.length) };
  });
  view.dispatch(state.update(changes, { scrollIntoView: true, userEvent: "input" }));
  return true;
}

function tab(view) {
  if (view.state.selection.ranges.some((r) => !r.empty)) return indentMore(view);
  view.dispatch(view.state.update(view.state.replaceSelection("  "), { scrollIntoView: true, userEvent: "input" }));
  return true;
}

// -- renaming a node ---------------------------------------------------------------------------------------

/**
 * Rename node ``from`` to ``to``: its key under ``nodes:`` and every reference field that names it as a whole
 * word (next, else, on_error, on_failure, target, start, in block or flow style). Returns how many places changed,
 * or a message saying why nothing did.
 */
function renameNode(view, from, to, referenceKeys) {
  const doc = view.state.doc;
  if (!NODE_ID.test(to)) return `'${to}' is not a node name: letters, digits, _ and -, starting with a letter`;
  const nodes = nodeList(doc);
  const node = nodes.find((n) => n.name === from);
  if (!node) return `there is no node '${from}'`;
  if (from === to) return 0;
  if (nodes.some((n) => n.name === to)) return `there already is a node '${to}'`;
  const changes = [{ from: node.from, to: node.to, insert: to }];
  const keys = [...referenceKeys].join("|");
  const escaped = from.replace(/[-]/g, "\\-");
  const ref = new RegExp(`(^|[\\s{,])(?:- +)?(${keys})\\s*:\\s*(["']?)(${escaped})\\3(?=\\s*(?:[,}#]|$))`, "g");
  for (let n = 1; n <= doc.lines; n++) {
    const line = doc.line(n);
    if (!line.text.includes(from)) continue;
    for (let m; (m = ref.exec(line.text)); ) {
      const at = m.index + m[0].length - m[4].length - m[3].length;
      changes.push({ from: line.from + at, to: line.from + at + from.length, insert: to });
    }
    ref.lastIndex = 0;
  }
  view.dispatch({ changes, userEvent: "rename" });
  return changes.length;
}

function wordAt(state, pos) {
  const line = state.doc.lineAt(pos);
  const offset = pos - line.from;
  let a = offset;
  let b = offset;
  while (a > 0 && /[\w-]/.test(line.text[a - 1])) a--;
  while (b < line.text.length && /[\w-]/.test(line.text[b])) b++;
  return line.text.slice(a, b);
}

// -- diagnostics -------------------------------------------------------------------------------------------

/** An offset from a 1-based line and a 1-based column counted in characters (code points), as the server counts. */
function offsetOf(doc, line, col) {
  const l = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  let units = 0;
  let chars = 1;
  for (const ch of l.text) {
    if (chars >= (col || 1)) break;
    units += ch.length;
    chars++;
  }
  return l.from + units;
}

function toLint(doc, diagnostics) {
  return diagnostics.map((d) => {
    const from = offsetOf(doc, d.line, d.col);
    const line = doc.lineAt(from);
    const word = /^[^\s,\]}#]+/.exec(line.text.slice(from - line.from));
    const to = word ? from + word[0].length : line.to > from ? line.to : from;
    return {
      from, to, severity: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "info",
      source: d.code, message: d.message + (d.hint ? `\nhint: ${d.hint}` : ""),
    };
  });
}

const flash = StateEffect.define();
const opening = Annotation.define();
const flashField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = tr.docChanged || tr.selection ? Decoration.none : deco;
    for (const e of tr.effects) if (e.is(flash)) deco = e.value === null ? Decoration.none : Decoration.set([Decoration.line({ class: "cm-target" }).range(e.value)]);
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13px" },
  ".cm-scroller": { fontFamily: "var(--mono, monospace)", lineHeight: "19px" },
  ".cm-target": { outline: "2px solid #3563c9" },
  ".cm-ivr-doc": { maxWidth: "420px", padding: "4px 8px", fontFamily: "var(--sans, sans-serif)", fontSize: "12px" },
  ".cm-ivr-doc strong": { fontFamily: "var(--mono, monospace)", display: "block", marginBottom: "2px" },
});

// -- the editor --------------------------------------------------------------------------------------------

/**
 * Make an editor in ``parent``. Options: ``text``; ``onChange()`` after each edit; ``onMessage(text)`` for a refused rename;
 * ``schema``: the flow's JSON Schema (or set it later with ``setSchema``). Returns the designer's handle on it.
 */
function create(parent, options = {}) {
  let schema = options.schema || null;
  const getSchema = () => schema;
  const referenceKeys = new Set(REFERENCE_KEYS);
  const api = {};
  const rename = (view) => {
    const pos = view.state.selection.main.head;
    const name = wordAt(view.state, pos);
    if (!nodeList(view.state.doc).some((n) => n.name === name)) return false;
    const to = window.prompt(`Rename node '${name}' to:`, name);
    if (to === null) return true;
    const result = renameNode(view, name, to.trim(), referenceKeys);
    if (typeof result === "string" && options.onMessage) options.onMessage(result);
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text || "",
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), foldGutter(), lintGutter(), highlightSpecialChars(), history(),
        drawSelection(), dropCursor(), EditorState.allowMultipleSelections.of(true), indentUnit.of("  "), EditorState.tabSize.of(2),
        yaml(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }), bracketMatching(), highlightActiveLine(),
        highlightSelectionMatches(), search({ top: true }), flashField, theme,
        autocompletion({ override: [flowCompletions(getSchema)], activateOnTyping: true, icons: false }),
        flowHover(getSchema),
        Prec.high(keymap.of([
          { key: "Enter", run: newlineKeepingIndent },
          { key: "Tab", run: tab, shift: indentLess },
          { key: "F2", run: rename },
          { key: "Ctrl-Space", run: startCompletion },
        ])),
        keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...searchKeymap, ...completionKeymap, ...lintKeymap]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && options.onChange && !u.transactions.some((t) => t.annotation(opening))) options.onChange();
        }),
        EditorView.contentAttributes.of({ "aria-label": "Flow YAML", spellcheck: "false", autocapitalize: "off", autocorrect: "off" }),
      ],
    }),
  });
  Object.assign(api, {
    view,
    text: () => view.state.doc.toString(),
    /** Replace the whole text (opening a file): not an undoable edit. */
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: [Transaction.addToHistory.of(false), opening.of(true)] });
    },
    setSchema(s) {
      schema = s;
      for (const def of Object.values(s.$defs || {})) {
        for (const [k, v] of Object.entries(def.properties || {})) if (isReference(v, s)) referenceKeys.add(k);
      }
      for (const [k, v] of Object.entries(s.properties || {})) if (isReference(v, s)) referenceKeys.add(k);
    },
    /** Show the server's diagnostics (each with line, col, severity, code, message, hint) as lint markers. */
    setDiagnostics(diagnostics) {
      view.dispatch(setDiagnostics(view.state, toLint(view.state.doc, diagnostics)));
    },
    /** Put the cursor at a 1-based line and column, scroll it to the middle and outline the line. */
    goTo(line, col) {
      const pos = offsetOf(view.state.doc, line, col);
      const start = view.state.doc.lineAt(pos).from;
      view.dispatch({ selection: { anchor: pos }, effects: [EditorView.scrollIntoView(pos, { y: "center" }), flash.of(start)] });
      view.focus();
    },
    select(anchor, head) { view.dispatch({ selection: { anchor, head: head === undefined ? anchor : head }, scrollIntoView: true }); },
    focus: () => view.focus(),
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
    nodes: () => nodeList(view.state.doc).map((n) => ({ name: n.name, line: n.line })),
    renameNode: (from, to) => renameNode(view, from, to, referenceKeys),
    /**
     * Apply a canvas edit: ``changes`` ([{from, to, insert}] against the current text, in UTF-16 offsets) as one
     * transaction, one step of the same undo history as typing, so undo and redo walk both panes' edits in order.
     */
    applyChanges(changes) {
      view.dispatch({ changes, userEvent: "canvas", annotations: isolateHistory.of("full") });
    },
    /** Undo or redo the last edit, typed or made on the canvas; false if there was none. */
    undo: () => undo(view),
    redo: () => redo(view),
    history: () => ({ undo: undoDepth(view.state), redo: redoDepth(view.state) }),
  });
  if (schema) api.setSchema(schema);
  window.ivrEditor.current = api;
  return api;
}

window.ivrEditor = { create, current: null };
