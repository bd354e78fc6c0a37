// ivr designer: the graph as a canvas a designer can move around in, at the size of real flows.
// The server's SVG is drawn once; panning and zooming only change a CSS transform on it (no redraw, no
// relayout), so a 500-node graph moves as smoothly as a small one. Ctrl+wheel or a pinch zooms around the
// pointer and a plain wheel or a drag pans, as in design tools; "fit" shows the whole graph in the pane.
// A minimap (the same SVG as an image) shows where the view is and moves it; a search box finds a node and
// flies to it; reveal() keeps a node (the current one of a Try-it call) in view. Subflows are framed, and a
// zoomed-out view leaves out the text nobody could read (a 500-node graph then pans as fast as a small one).
"use strict";

(() => {
  const MIN = 0.02, MAX = 4, MARGIN = 24, MINI = { width: 180, height: 140 }, FAR = 0.3, MANY = 150;
  const SVGNS = "http://www.w3.org/2000/svg";
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));

  function create(pane, parts) {
    const view = { x: 0, y: 0, k: 1 };
    let svg = null, width = 0, height = 0, fitted = true, animation = null, miniUrl = null, many = false;
    const mini = parts.minimap, miniImage = mini && mini.querySelector("img"), miniView = mini && mini.querySelector(".minimap-view");

    // Below FAR the text is too small to read (under about 5 px): a graph of more than MANY nodes leaves it
    // out, and a zoomed-out 500-node graph paints its shapes alone. A small graph paints fast anyway.
    function apply() {
      if (!svg) return;
      svg.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
      pane.dataset.zoom = view.k.toFixed(3);
      const far = view.k < FAR && many ? "far" : "near";
      if (pane.dataset.detail !== far) pane.dataset.detail = far;
      showViewport();
      pane.dispatchEvent(new Event("ivr:view"));  // canvas-edit.js keeps its handle on the selected node
    }

    function set(x, y, k) {
      view.k = clamp(k, MIN, MAX);
      view.x = x;
      view.y = y;
      apply();
    }

    function stop() { if (animation) cancelAnimationFrame(animation); animation = null; }

    // eased, about a third of a second: the eye follows where the view went
    function animateTo(x, y, k, ms = 320) {
      stop();
      const from = { ...view }, started = performance.now();
      const step = (now) => {
        const t = Math.min(1, (now - started) / ms), e = 1 - (1 - t) ** 3;
        set(from.x + (x - from.x) * e, from.y + (y - from.y) * e, from.k + (k - from.k) * e);
        animation = t < 1 ? requestAnimationFrame(step) : null;
      };
      animation = requestAnimationFrame(step);
    }

    function zoomAt(factor, px, py) {
      stop();
      fitted = false;
      const k = clamp(view.k * factor, MIN, MAX), r = k / view.k;
      set(px - (px - view.x) * r, py - (py - view.y) * r, k);
    }

    function zoomBy(factor) { zoomAt(factor, pane.clientWidth / 2, pane.clientHeight / 2); }

    function panBy(dx, dy) { stop(); fitted = false; set(view.x + dx, view.y + dy, view.k); }

    // the whole graph, width and height, centred in the pane
    function fit() {
      stop();
      if (!svg) return;
      const w = pane.clientWidth - 2 * 8, h = pane.clientHeight - 2 * 8;
      const k = clamp(Math.min(w / width, h / height, 1.5), MIN, MAX);
      set((pane.clientWidth - width * k) / 2, (pane.clientHeight - height * k) / 2, k);
      fitted = true;
    }

    // a node's drawing, or the collapsed subflow's box it is in; for a subflow's id, its first node drawn
    function node(id) {
      const g = pane.querySelector(`.ivr-node[data-node="${CSS.escape(id)}"]`);
      if (g || !id) return g;
      return [...pane.querySelectorAll(".ivr-node.collapsed")].find((b) => id.startsWith(`${b.dataset.group}.`))
        || pane.querySelector(`.ivr-node[data-node^="${CSS.escape(`${id}.`)}"]`);
    }

    // a node's box in the graph's own units (its geometry, not its drawn pixels: exact at any zoom)
    function box(g) {
      const b = g.getBBox(), inner = g.ownerSVGElement, vb = inner && inner !== svg && inner.viewBox.baseVal;
      if (vb && vb.width) {
        const sx = inner.width.baseVal.value / vb.width, sy = inner.height.baseVal.value / vb.height;
        return { x: inner.x.baseVal.value + (b.x - vb.x) * sx, y: inner.y.baseVal.value + (b.y - vb.y) * sy, w: b.width * sx, h: b.height * sy };
      }
      const p = pane.getBoundingClientRect(), r = g.getBoundingClientRect();
      return { x: (r.left - p.left - view.x) / view.k, y: (r.top - p.top - view.y) / view.k, w: r.width / view.k, h: r.height / view.k };
    }

    function centreOn(b, k, smooth) {
      const x = pane.clientWidth / 2 - (b.x + b.w / 2) * k, y = pane.clientHeight / 2 - (b.y + b.h / 2) * k;
      fitted = false;
      if (smooth) animateTo(x, y, k); else set(x, y, k);
    }

    // Bring a node into view if it is not (wholly) in it, smoothly; a node in view is left where it is.
    function reveal(id, smooth = true) {
      const g = node(id);
      if (!g) return false;
      const p = pane.getBoundingClientRect(), r = g.getBoundingClientRect();
      const inside = r.left >= p.left + MARGIN && r.right <= p.right - MARGIN && r.top >= p.top + MARGIN && r.bottom <= p.bottom - MARGIN;
      const fits = r.width <= p.width - 2 * MARGIN && r.height <= p.height - 2 * MARGIN;
      if (inside || (!fits && r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top)) return false;
      centreOn(box(g), view.k, smooth);
      return true;
    }

    // Fly to a node at a readable size and mark it as the one found.
    function focus(id) {
      const g = node(id);
      if (!g) return false;
      pane.querySelectorAll(".ivr-node.found").forEach((n) => n.classList.remove("found"));
      g.classList.add("found");
      centreOn(box(g), Math.max(view.k, 1), true);
      return true;
    }

    // after the page put a new SVG in the pane: the view stays as it was, or fits the graph the first time
    function drawn() {
      const first = !svg;
      svg = pane.querySelector("svg");
      if (!svg) return;
      const vb = svg.viewBox.baseVal;
      width = vb && vb.width ? vb.width : svg.getBBox().width;
      height = vb && vb.height ? vb.height : svg.getBBox().height;
      svg.style.width = `${width}px`;
      svg.style.height = `${height}px`;
      frameSubflows();
      many = svg.querySelectorAll(".ivr-node").length > MANY;
      if (first || fitted) fit(); else apply();
      drawMinimap();
      if (parts.search && parts.search.value) find(parts.search.value);
      pane.dispatchEvent(new Event("ivr:drawn"));
    }

    // Each subflow's nodes (named after its call: verify.account) framed together, behind them, where the
    // server's drawing has no frames of its own (D2's: a D2 container moved the nodes around it at each edit).
    // A click on a frame closes the subflow into one box (the page asks the server for that drawing).
    function frameSubflows() {
      if (svg.querySelector(".ivr-group:not(.ivr-node)")) return;
      const groups = new Map();
      for (const g of svg.querySelectorAll(".ivr-node[data-node*='.']")) {
        const parts = g.dataset.node.split(".");
        for (let i = 1; i < parts.length; i++) {
          const id = parts.slice(0, i).join(".");
          if (!groups.has(id)) groups.set(id, []);
          groups.get(id).push({ g, depth: parts.length - 1 - i });
        }
      }
      for (const [id, members] of groups) {
        const host = members[0].g.parentNode;
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (const { g } of members) {
          const b = g.getBBox();
          x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
        }
        const inset = 10 + 8 * Math.max(...members.map((m) => m.depth)), own = members.find((m) => m.depth === 0) || members[0];
        const frame = document.createElementNS(SVGNS, "g"), rect = document.createElementNS(SVGNS, "rect"), title = document.createElementNS(SVGNS, "text");
        frame.setAttribute("class", "ivr-group");
        frame.dataset.group = id;
        Object.entries({ x: x0 - inset, y: y0 - inset - 14, width: x1 - x0 + 2 * inset, height: y1 - y0 + 2 * inset + 14, rx: 8,
          fill: "#f5f7fb", "fill-opacity": 0.6, stroke: "#8a94a6", "stroke-dasharray": "5 3" }).forEach(([k, v]) => rect.setAttribute(k, v));
        Object.entries({ x: x0 - inset + 8, y: y0 - inset - 1, "font-size": 12, fill: "#555", "font-family": "sans-serif" }).forEach(([k, v]) => title.setAttribute(k, v));
        title.textContent = `${id} · ${own.g.dataset.file}`;
        frame.append(rect, title);
        host.insertBefore(frame, host.querySelector(":scope > g"));
      }
    }

    // -- pointer, wheel and pinch ----------------------------------------------------------------------
    const pointers = new Map();
    let drag = null, swallowClick = false;
    const local = (e) => { const p = pane.getBoundingClientRect(); return [e.clientX - p.left, e.clientY - p.top]; };

    pane.addEventListener("wheel", (e) => {
      if (!svg) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? pane.clientHeight : 1;
      if (e.ctrlKey || e.metaKey) {
        const [px, py] = local(e);
        zoomAt(Math.exp(-e.deltaY * unit * 0.0025), px, py);
      } else if (e.shiftKey && !e.deltaX) {
        panBy(-e.deltaY * unit, 0);
      } else {
        panBy(-e.deltaX * unit, -e.deltaY * unit);
      }
    }, { passive: false });

    pane.addEventListener("pointerdown", (e) => {
      if (!svg || (e.pointerType === "mouse" && e.button !== 0)) return;
      pointers.set(e.pointerId, local(e));
      drag = { id: e.pointerId, at: local(e), moved: false };
      if (pointers.size === 2) drag.pinch = pinchOf();
    });
    pane.addEventListener("pointermove", (e) => {
      if (!drag || !pointers.has(e.pointerId)) return;
      const was = pointers.get(e.pointerId), now = local(e);
      pointers.set(e.pointerId, now);
      if (pointers.size === 2 && drag.pinch) {
        const pinch = pinchOf();
        zoomAt(pinch.d / drag.pinch.d, pinch.x, pinch.y);
        panBy(pinch.x - drag.pinch.x, pinch.y - drag.pinch.y);
        drag.pinch = pinch;
        drag.moved = true;
        return;
      }
      if (!drag.moved && Math.hypot(now[0] - drag.at[0], now[1] - drag.at[1]) < 4) return;
      if (!drag.moved) { drag.moved = true; pane.setPointerCapture(e.pointerId); pane.classList.add("panning"); }
      panBy(now[0] - was[0], now[1] - was[1]);
    });
    const up = (e) => {
      pointers.delete(e.pointerId);
      if (!drag) return;
      if (drag.moved) swallowClick = true;
      if (pointers.size === 0) { drag = null; pane.classList.remove("panning"); }
      else if (drag.pinch) drag.pinch = null;
    };
    pane.addEventListener("pointerup", up);
    pane.addEventListener("pointercancel", up);
    // a drag that ends on a node is a pan, not a click on the node
    pane.addEventListener("click", (e) => {
      if (swallowClick) { swallowClick = false; e.stopImmediatePropagation(); e.preventDefault(); }
    }, true);
    function pinchOf() {
      const [a, b] = [...pointers.values()];
      return { d: Math.max(1, Math.hypot(a[0] - b[0], a[1] - b[1])), x: (a[0] + b[0]) / 2, y: (a[1] + b[1]) / 2 };
    }

    // the view is the transform alone: the pane itself never scrolls (a browser may try, to show something in it)
    pane.addEventListener("scroll", () => { pane.scrollLeft = 0; pane.scrollTop = 0; });
    new ResizeObserver(() => { if (fitted) fit(); else showViewport(); }).observe(pane);

    // -- the minimap -------------------------------------------------------------------------------------
    let miniScale = 1;
    function drawMinimap() {
      if (!mini || !svg) return;
      miniScale = Math.min(MINI.width / width, MINI.height / height);
      mini.style.width = `${Math.round(width * miniScale)}px`;
      mini.style.height = `${Math.round(height * miniScale)}px`;
      const url = URL.createObjectURL(new Blob([svg.outerHTML.replace(/ style="[^"]*"/, "")], { type: "image/svg+xml" }));
      miniImage.onload = () => { if (miniUrl && miniUrl !== url) URL.revokeObjectURL(miniUrl); miniUrl = url; };
      miniImage.src = url;
      mini.hidden = false;
      showViewport();
    }
    function showViewport() {
      if (!miniView || !svg) return;
      const x = -view.x / view.k * miniScale, y = -view.y / view.k * miniScale;
      const w = pane.clientWidth / view.k * miniScale, h = pane.clientHeight / view.k * miniScale;
      const W = width * miniScale, H = height * miniScale;
      const left = clamp(x, 0, W), top = clamp(y, 0, H);
      miniView.style.left = `${left}px`;
      miniView.style.top = `${top}px`;
      miniView.style.width = `${Math.max(2, clamp(x + w, 0, W) - left)}px`;
      miniView.style.height = `${Math.max(2, clamp(y + h, 0, H) - top)}px`;
    }
    if (mini) {
      let held = false;
      const moveTo = (e) => {
        const r = mini.getBoundingClientRect();
        const gx = (e.clientX - r.left) / miniScale, gy = (e.clientY - r.top) / miniScale;
        stop();
        fitted = false;
        set(pane.clientWidth / 2 - gx * view.k, pane.clientHeight / 2 - gy * view.k, view.k);
      };
      mini.addEventListener("pointerdown", (e) => { held = true; mini.setPointerCapture(e.pointerId); moveTo(e); e.preventDefault(); });
      mini.addEventListener("pointermove", (e) => { if (held) moveTo(e); });
      mini.addEventListener("pointerup", () => { held = false; });
      mini.addEventListener("pointercancel", () => { held = false; });
    }

    // -- search and jump -----------------------------------------------------------------------------------
    const NAMES = { _human: "a person", _voicemail: "voicemail", _goodbye: "goodbye" };
    let found = [], active = 0;
    function find(query) {
      const list = parts.found, q = query.trim().toLowerCase();
      found = [];
      if (q) {
        for (const g of pane.querySelectorAll(".ivr-node")) {
          const id = g.dataset.node, name = NAMES[id] || id, at = name.toLowerCase().indexOf(q);
          if (at >= 0) found.push({ id, name, rank: at === 0 ? 0 : 1 });
        }
        found.sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || a.name.localeCompare(b.name));
      }
      active = 0;
      if (!list) return found;
      list.replaceChildren(...found.slice(0, 12).map((f, i) => {
        const li = document.createElement("li");
        li.textContent = f.name;
        li.dataset.node = f.id;
        li.setAttribute("role", "option");
        if (i === active) li.classList.add("active");
        return li;
      }));
      if (q && !found.length) { const li = document.createElement("li"); li.className = "none"; li.textContent = "no node by that name"; list.append(li); }
      if (found.length > 12) { const li = document.createElement("li"); li.className = "none"; li.textContent = `${found.length - 12} more…`; list.append(li); }
      list.hidden = !q;
      return found;
    }
    function choose(i) {
      active = clamp(i, 0, Math.min(found.length, 12) - 1);
      parts.found.querySelectorAll("li[data-node]").forEach((li, n) => li.classList.toggle("active", n === active));
    }
    if (parts.search) {
      parts.search.addEventListener("input", () => find(parts.search.value));
      parts.search.addEventListener("keydown", (e) => {
        if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); choose(active + (e.key === "ArrowDown" ? 1 : -1)); }
        else if (e.key === "Enter") { e.preventDefault(); if (found[active]) { focus(found[active].id); parts.found.hidden = true; } }
        else if (e.key === "Escape") { parts.search.value = ""; find(""); pane.querySelectorAll(".ivr-node.found").forEach((n) => n.classList.remove("found")); }
      });
      parts.search.addEventListener("focus", () => { if (parts.search.value) find(parts.search.value); });
      parts.found.addEventListener("pointerdown", (e) => {
        const li = e.target.closest("li[data-node]");
        if (!li) return;
        e.preventDefault();
        focus(li.dataset.node);
        parts.found.hidden = true;
      });
      parts.search.addEventListener("blur", () => { parts.found.hidden = true; });
    }

    const api = { drawn, fit, zoomBy, zoomAt, panBy, reveal, focus, find, node, view, get fitted() { return fitted; }, get moving() { return !!animation; } };
    window.ivrCanvas.current = api;
    return api;
  }

  window.ivrCanvas = { create };
})();
