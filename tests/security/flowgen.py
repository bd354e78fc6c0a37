"""Large generated flows, for the compile-cost probes (tests/security/test_compile.py) and bench/compile.py.

Each function returns the YAML text of a valid flow (``subflow_chain`` writes its files and returns
the top one's path). The shapes are the ones that used to cost time with the square of their size:
long chains, wide menus, many phrases, deep subflow nesting and many languages; ``mixed`` uses every
node type and is what a big real flow looks like. Seeded, so two runs compare the same text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

_ONSETS = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "ch", "sh", "th", "br", "st", "pl")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ee")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def word(rng: random.Random, syllables: int = 3) -> str:
    """A pronounceable made-up word, so metaphone and Jaro-Winkler have something real to chew on."""
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))


def chain(n: int) -> str:
    """``n`` say nodes one after another, then a transfer to a person: the deepest a flow's graph can be."""
    lines = ["name: chain", "nodes:"]
    for i in range(n):
        lines.append(f"  s{i}: {{type: say, prompt: Step {i} of the chain., next: {f's{i + 1}' if i + 1 < n else 'end'}}}")
    lines.append("  end: {type: transfer, queue: agents}")
    return "\n".join(lines) + "\n"


def mixed(n: int, *, seed: int = 1) -> str:
    """About ``n`` nodes of every type in a long line, each listening state with options, retries and prompts."""
    rng = random.Random(seed)
    lines = ["name: mixed", "languages: [en]", "hours:", "  office: {timezone: America/New_York, open: {mon-fri: \"09:00-17:00\"}}",
             "human: {queue: agents}", "nodes:"]
    kinds = ("menu", "say", "collect", "set", "branch", "http")
    for i in range(n):
        nxt = f"n{i + 1}" if i + 1 < n else "bye"
        kind = kinds[i % len(kinds)]
        if kind == "menu":
            a, b = word(rng), word(rng)
            lines += [f"  n{i}:", "    type: menu", f"    prompt: For {a} press 1, for {b} press 2.",
                      "    no_match: [Sorry., Sorry again.]", "    options:",
                      f"      - {{dtmf: \"1\", phrases: [{a}, {a} please], set: {{choice{i}: {a}}}, next: {nxt}}}",
                      f"      - {{dtmf: \"2\", phrases: [{b}], next: {nxt}}}"]
        elif kind == "say":
            lines.append(f"  n{i}: {{type: say, prompt: \"You chose {{choice{i - 1}}}.\", next: {nxt}}}")
        elif kind == "collect":
            lines.append(f"  n{i}: {{type: collect, prompt: Enter the code., kind: digits, max_length: 6, slot: code{i}, next: {nxt}}}")
        elif kind == "set":
            lines.append(f"  n{i}: {{type: set, set: {{v{i}: \"=code{i - 1}\"}}, next: {nxt}}}")
        elif kind == "branch":
            lines.append(f"  n{i}: {{type: branch, when: [{{if: \"v{i - 1} and open('office')\", next: {nxt}}}], else: {nxt}}}")
        else:
            lines.append(f"  n{i}: {{type: http, url: \"https://api.example.com/x/{{code{i - 3}}}\", save: {{r{i}: data.r}}, next: {nxt}}}")
    lines.append("  bye: {type: hangup, prompt: Goodbye.}")
    return "\n".join(lines) + "\n"


def wide_menu(n: int, *, sound_alike: bool = False, seed: int = 1) -> str:
    """One menu with ``n`` options, each with its own key (all the same length), a name and a say node behind it.
    With ``sound_alike`` the names are "extension 1", "extension 2"... which all sound alike (digits have no sound)."""
    rng = random.Random(seed)
    width = len(str(n))
    lines = ["name: wide", "nodes:", "  main:", "    type: menu", "    prompt: Enter the extension.", "    options:"]
    for i in range(n):
        name = f"extension {i + 1}" if sound_alike else f"{word(rng, 2)} {word(rng, 2)}"
        lines.append(f"      - {{dtmf: \"{i + 1:0{width}d}\", phrases: [{name}], next: x{i}}}")
    for i in range(n):
        lines.append(f"  x{i}: {{type: say, prompt: Extension {i + 1}., next: bye}}")
    lines.append("  bye: {type: hangup}")
    return "\n".join(lines) + "\n"


def many_phrases(n: int, *, seed: int = 1) -> str:
    """A menu of ``n`` options, each called by one made-up word: every pair is a sound-alike candidate."""
    rng = random.Random(seed)
    seen: set[str] = set()
    lines = ["name: phrases", "nodes:", "  main:", "    type: menu", "    prompt: Say a name.", "    options:"]
    while len(seen) < n:
        w = word(rng)
        if w not in seen:
            seen.add(w)
            lines.append(f"      - {{phrases: [{w}], next: bye}}")
    lines.append("  bye: {type: hangup}")
    return "\n".join(lines) + "\n"


def languages(count: int, n: int) -> str:
    """``n`` menus and says in ``count`` languages, every prompt and phrase given in each."""
    codes = [a + b for a in "abcdefghijklmnopqrstuvwxyz" for b in "abcdefghijklmnopqrstuvwxyz"][:count]
    lines = [f"name: languages\nlanguages: [{', '.join(codes)}]", "nodes:"]
    for i in range(n):
        nxt = f"n{i + 1}" if i + 1 < n else "bye"
        if i % 2:
            lines.append(f"  n{i}: {{type: say, prompt: {{{', '.join(f'{c}: {c} step {i}' for c in codes)}}}, next: {nxt}}}")
        else:
            lines += [f"  n{i}:", "    type: menu", f"    prompt: {{{', '.join(f'{c}: {c} press 1' for c in codes)}}}",
                      f"    options: [{{dtmf: \"1\", phrases: {{{', '.join(f'{c}: [{c} next]' for c in codes)}}}, next: {nxt}}}]"]
    lines.append("  bye: {type: hangup}")
    return "\n".join(lines) + "\n"


def subflow_chain(folder: Path, depth: int) -> Path:
    """``depth`` files, each calling the next as a subflow; returns the top one."""
    for i in range(depth):
        call = f"  deeper: {{type: subflow, flow: f{i + 1}.yaml, next: done}}\n" if i + 1 < depth else ""
        (folder / f"f{i}.yaml").write_text(
            f"name: f{i}\nnodes:\n  hello: {{type: say, prompt: Level {i}., next: {'deeper' if call else 'done'}}}\n"
            f"{call}  done: {{type: {'return' if i else 'hangup'}}}\n", encoding="utf-8")
    return folder / "f0.yaml"


def subflow_calls(folder: Path, n: int) -> Path:
    """About ``n`` nodes made of calls to a 10-node subflow, which itself calls a 5-node one: each call a
    copy of both. Returns the top file."""
    say = "type: say, prompt: One more step."
    (folder / "inner.yaml").write_text("name: inner\nnodes:\n" + "".join(f"  i{j}: {{{say}, next: i{j + 1}}}\n" for j in range(4))
                                       + "  i4: {type: return}\n", encoding="utf-8")
    (folder / "outer.yaml").write_text("name: outer\nnodes:\n" + "".join(f"  o{j}: {{{say}, next: o{j + 1}}}\n" for j in range(4))
                                       + "  o4: {type: subflow, flow: inner.yaml, next: o5}\n  o5: {type: return}\n", encoding="utf-8")
    calls = max(1, n // 11)
    (folder / "main.yaml").write_text("name: calls\nnodes:\n" + "".join(
        f"  c{j}: {{type: subflow, flow: outer.yaml, next: {f'c{j + 1}' if j + 1 < calls else 'bye'}}}\n" for j in range(calls))
        + "  bye: {type: hangup}\n", encoding="utf-8")
    return folder / "main.yaml"


def of_size(target: int, *, seed: int = 1) -> str:
    """A ``mixed`` flow of ``target`` bytes or just under (the limit, 1,000,000, is a good size to try)."""
    low, high = 6, max(7, target // 50)
    while low < high:  # the most nodes that fit
        mid = (low + high + 1) // 2
        if len(mixed(mid, seed=seed).encode()) <= target:
            low = mid
        else:
            high = mid - 1
    text = mixed(low, seed=seed)
    return text + "#" * max(0, target - len(text.encode()) - 1) + "\n" if len(text.encode()) < target else text


def menu_tree(nodes: int) -> str:
    """A valid flow of about ``nodes`` nodes, the shape of a big real menu tree: menus, collects and says,
    each menu two menus deeper and a collect-then-say leaf, breadth first; every leaf goes back to the
    main menu or hangs up. No subflows (bench/designer_scale.py draws it in the designer)."""
    out = ["name: scale", "description: A generated flow to measure the designer at size.", "languages: [en]", "", "nodes:"]
    menus = max(1, (nodes - 1) // 3)
    body: list[str] = []
    for i in range(menus):
        menu = f"m{i}"
        children = [f"m{c}" for c in (2 * i + 1, 2 * i + 2) if c < menus]
        body += [f"  {menu}:", "    type: menu", f"    prompt: Menu {menu}. Press 1 or 2 for more, 3 to give a number.", "    options:"]
        for k, child in enumerate(children, 1):
            body += [f'      - dtmf: "{k}"', f"        phrases: [choice {k} of {menu}]", f"        next: {child}"]
        body += ['      - dtmf: "3"', f"        phrases: [number {menu}]", f"        next: c_{menu}",
                 f"  c_{menu}:", "    type: collect", "    kind: digits", "    min_length: 4", "    max_length: 4",
                 f"    prompt: Enter four digits for {menu}.", f"    next: s_{menu}",
                 f"  s_{menu}:", "    type: say", f"    prompt: Thank you, {menu} has your number.", f"    next: {'m0' if i % 2 else 'bye'}"]
    body += ["  bye:", "    type: hangup", "    prompt: Goodbye."]
    return "\n".join(out + body) + "\n"


def commented(count: int) -> str:
    """A flow of ``count`` nodes with comments (on nodes and at line ends): menus of three options and says; what
    the designer's canvas edits must keep byte for byte (tests/designer/test_edits.py, bench/canvas_edits.py)."""
    lines = ["# yaml-language-server: $schema=../schema/flow.schema.json", "name: big", "nodes:"]
    for i in range(count):
        if i % 2 == 0:
            lines += [f"  # menu {i}", f"  n{i}:", "    type: menu", f"    prompt: Menu {i}. Press 1, 2 or 3.", "    options:"]
            for k in range(1, 4):
                lines += [f'      - dtmf: "{k}"', f"        phrases: [choice {k}, option {k}]  # words", f"        next: n{min(i + k, count - 1)}"]
        else:
            lines += [f"  n{i}:", "    type: say", f"    prompt: Say {i}.", f"    next: n{(i + 1) % count}"]
        lines.append("")
    return "\n".join(lines)
