"""Static checks on a compiled flow (``ivr check``).

Each check has a stable code and a default severity; any can be switched off, and warnings can be
promoted to errors. Pure: the only outside knowledge, whether an audio file exists and what a
recording holds (:class:`RecordingFacts`, measured by :mod:`ivr.speech.recordings`), comes in as functions.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
import statistics
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jellyfish

from ivr.errors import Diagnostic, Hints, Severity, did_you_mean
from ivr.flow import text as words
from ivr.flow.expr import Expr
from ivr.flow.machine import (
    BUILTIN,
    Assign,
    Branch,
    Collect,
    Flow,
    Hangup,
    Http,
    Listening,
    Menu,
    Node,
    Prompt,
    Record,
    Say,
    Span,
    Text,
    Transfer,
)
from ivr.flow.source import gc_paused
from ivr.flow.terms import CONTENT

CHECKS: dict[str, tuple[Severity, str]] = {
    "unreachable": ("warning", "a node no call can reach"),
    "dead-end": ("error", "a node after which the call has nowhere to go"),
    "endless-loop": ("error", "a loop of nodes that never waits for the caller and never leaves"),
    "trap-loop": ("warning", "a loop callers can leave only by asking for a person or hanging up"),
    "duplicate-dtmf": ("error", "two options of a menu share a key"),
    "dtmf-conflict": ("error", "an option uses the human escape key"),
    "dtmf-prefix": ("error", "one option's keys start another's, so the shorter can never be told apart"),
    "phrase-overlap": ("error", "two options (or an option and the human escape) share a phrase"),
    "sound-alike": ("warning", "phrases of two options sound alike; a recognizer would confuse them"),
    "thin-phrases": ("warning", "an option's phrases give the understanding little to generalize from"),
    "too-many-options": ("warning", "a menu with more options than callers can keep in mind"),
    "long-prompt": ("warning", "a prompt longer than the limit, in seconds of speech"),
    "missing-audio": ("error", "an audio prompt whose file does not exist"),
    "unplayable-audio": ("warning", "a recorded prompt that cannot be played (its text is spoken instead)"),
    "silent-audio": ("warning", "a recorded prompt with no sound in it"),
    "clipped-audio": ("warning", "a recorded prompt whose loudest parts were cut off (clipped)"),
    "audio-loudness": ("warning", "a recorded prompt far quieter or louder than the flow's other recordings"),
    "low-sample-rate": ("warning", "a recorded prompt sampled below telephone quality (8 kHz)"),
    "slot-unset": ("error", "a slot or variable used but never set anywhere"),
    "slot-maybe-unset": ("warning", "a slot or variable used where some paths have not set it"),
    "slot-reasked": ("warning", "the caller is asked again for something they already gave"),
    "sensitive-confirm": ("warning", "a sensitive slot is read back for confirmation (it is masked)"),
    "slow-to-human": ("warning", "a state from which reaching a person takes longer than the limit"),
    "unknown-allow": ("warning", "a node allows a check code that does not exist"),
    "unknown-word": ("warning", "a phrase has a word a recognizer's dictionary lacks, so that recognizer never hears it"),
}
MIN_CONTENT_WORDS = 3
"""An option none of whose words are in the understanding's lists needs at least this many words, in two
phrases or more, for callers' own wording to meet them."""
COMPILER_WARNINGS = {"missing-translation", "missing-human-phrases", "subflow-languages", "subflow-settings", "unknown-voice", "voice-language"}
BUILTIN_NAMES = {"language", "caller", "value"}


@dataclass
class Options:
    """What ``ivr check`` was asked for."""

    disabled: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)  # warning codes promoted to errors
    all_errors: bool = False  # every warning is an error (-W error)
    max_options: int = 5
    max_prompt_seconds: float = 15.0
    max_human_seconds: float = 60.0
    audio_exists: Callable[[str, str], bool] | None = None  # (flow file, path) -> exists
    # recognizer name -> (language, phrase) -> the phrase's words (as written) that recognizer can never
    # hear, or None when it has no model for that language; computed from the installed recognizers
    unheard: Mapping[str, Callable[[str, str], Sequence[str] | None]] = field(default_factory=dict)
    # (flow file, path) -> what the recording holds, a one-line reason it cannot be played, or None (a URL, or no file)
    recording: Callable[[str, str], RecordingFacts | str | None] | None = None


SILENT_DBFS = -50.0  # a recording whose loudest sample is quieter than this holds no speech
CLIPPED_SHARE = 0.001  # more of a recording's samples than this at full scale: it was clipped
LOUDNESS_SPREAD = 6.0  # LU from the median of the flow's recordings before a recording stands out
QUIETEST_LUFS = -36.0  # quieter than this a caller strains to hear it on any line
PHONE_RATE = 8_000


@dataclass(frozen=True)
class RecordingFacts:
    """What a recorded prompt holds: its real length, shape, level and loudness (None: silent or too short to measure)."""

    seconds: float
    rate: int
    channels: int
    peak_dbfs: float
    clipped: float  # share of samples at full scale
    lufs: float | None

    @property
    def silent(self) -> bool:
        return self.peak_dbfs < SILENT_DBFS


@dataclass(frozen=True)
class HumanReach:
    """How a caller at ``node`` gets to a person, worst case.

    In a flow whose branches test opening hours (``open('name')``), these are the numbers while open,
    and ``closed`` holds them while closed where that differs."""

    node: str
    kind: str
    actions: float  # caller actions, knowing the escape
    seconds: float  # seconds of prompts heard before that
    silent_seconds: float  # seconds until a caller who says nothing is with a person
    closed: HumanReach | None = None

    def cases(self) -> list[tuple[str, HumanReach]]:
        """("", self) alone, or ("open", self) and ("closed", the closed numbers)."""
        return [("open", self), ("closed", self.closed)] if self.closed is not None else [("", self)]


def check(flow: Flow, options: Options | None = None) -> list[Diagnostic]:
    """Every finding, compiler warnings included, with severities as ``options`` ask, sorted."""
    options = options or Options()
    with gc_paused():
        found = list(flow.diagnostics) + list(_Checker(flow, options).run())
    owners = _owners(flow) if flow.allowed else {}
    out = []
    for d in found:
        if d.code in options.disabled:
            continue
        owner = owners.get(Span(d.file, d.line, d.col)) if owners else None
        if owner is not None and d.code in flow.allowed.get(owner, ()):
            continue
        if d.severity == "warning" and (options.all_errors or d.code in options.errors):
            d = Diagnostic(d.file, d.line, d.col, "error", d.code, d.message, d.hint)
        out.append(d)
    unique = {(d.file, d.line, d.col, d.code, d.message): d for d in out}
    return sorted(unique.values(), key=lambda d: (d.file, d.line, d.col, d.code, d.message))


def _owners(flow: Flow) -> dict[Span, str]:
    """Which node each written position belongs to (for a node's ``allow`` list)."""
    owners: dict[Span, str] = {}
    for key, span in flow.locations.items():
        nid = key
        while nid not in flow.nodes and "." in nid:
            nid = nid.rpartition(".")[0]
        if nid in flow.nodes:
            owners.setdefault(span, nid)
    return owners


class _Checker:
    def __init__(self, flow: Flow, options: Options) -> None:
        self.flow = flow
        self.options = options
        self.nodes = {k: v for k, v in flow.nodes.items() if k not in BUILTIN}
        self.comparisons = _Budget(_COMPARISONS)
        self.asks_for_person: dict[str, _Containment] = {}
        self._components: tuple[dict[str, list[str]], list[list[str]]] | None = None
        self.measured: dict[tuple[str, str], RecordingFacts | str | None] = {}

    def diag(self, span: Span, code: str, message: str, hint: str | None = None) -> Diagnostic:
        severity = CHECKS[code][0]
        return Diagnostic(span.file, span.line, span.col, severity, code, message, hint)

    def run(self) -> Iterator[Diagnostic]:
        known = set(CHECKS) | COMPILER_WARNINGS
        for nid, codes in self.flow.allowed.items():
            for code in sorted(codes - known):
                yield self.diag(self.flow.where(nid, "allow"), "unknown-allow", f"no check is called {code!r}",
                                did_you_mean(code, known) or "see 'ivr check --list'")
        yield from self.reachability()
        yield from self.dead_ends()
        yield from self.loops()
        for node in self.nodes.values():
            if isinstance(node, Menu):
                yield from self.menu(node)
            yield from self.prompts(node)
        yield from self.recordings()
        yield from self.slots()
        yield from self.time_to_human()
        yield from _unknown_words(self.flow, self.options.unheard, self.diag)

    # -- graph -----------------------------------------------------------------------------------

    def edges(self, node: Node, *, human: bool = True) -> list[str]:
        return [t for t, kind in node.edges() if human or kind != "human"]

    def reachable(self) -> set[str]:
        seen, todo = {self.flow.start}, [self.flow.start]
        while todo:
            for t in self.edges(self.flow.nodes[todo.pop()]):
                if t not in seen and t in self.flow.nodes:
                    seen.add(t)
                    todo.append(t)
        return seen

    def reachability(self) -> Iterator[Diagnostic]:
        reached = self.reachable()
        for nid, node in self.nodes.items():
            if nid not in reached:
                yield self.diag(node.span, "unreachable", f"node {nid!r} is never reached", "remove it or lead an option to it")

    def dead_ends(self) -> Iterator[Diagnostic]:
        for nid, node in self.nodes.items():
            if isinstance(node, (Say, Assign, Collect, Record)) and node.next is None:
                yield self.diag(node.span, "dead-end", f"the call has nowhere to go after {nid!r}",
                                "add 'next', or end the call with a 'hangup' node")
            elif isinstance(node, Http) and node.next is None:
                yield self.diag(node.span, "dead-end", f"the call has nowhere to go after a successful request in {nid!r}",
                                "add 'next'")
            elif isinstance(node, Branch) and node.otherwise is None:
                yield self.diag(node.span, "dead-end", f"when no condition of {nid!r} holds, the call has nowhere to go",
                                "add 'else'")

    def components(self) -> tuple[dict[str, list[str]], list[list[str]]]:
        """The graph without human edges, and its strongly connected components (computed once)."""
        if self._components is None:
            graph = {nid: [t for t in self.edges(n, human=False) if t in self.flow.nodes] for nid, n in self.flow.nodes.items()}
            self._components = graph, _sccs(graph)
        return self._components

    def loops(self) -> Iterator[Diagnostic]:
        graph, sccs = self.components()
        for scc in sccs:
            cyclic = len(scc) > 1 or any(n in graph[n] for n in scc)
            if not cyclic:
                continue
            members = set(scc)
            exits = any(t not in members for n in scc for t in graph[n])
            if exits or any(isinstance(self.flow.nodes[n], (Transfer, Hangup)) for n in scc):
                continue
            first = min((self.flow.nodes[n] for n in scc), key=lambda n: (n.span.file, n.span.line, n.span.col))
            order = [first.id]
            placed = {first.id}
            while len(order) < len(scc):
                nxt = next((t for t in graph[order[-1]] if t in members and t not in placed), None)
                if nxt is None:
                    order += sorted(members - placed)
                    break
                order.append(nxt)
                placed.add(nxt)
            names = " -> ".join([*order, order[0]])
            if any(isinstance(self.flow.nodes[n], Listening) for n in scc):
                yield self.diag(first.span, "trap-loop", f"callers can leave the loop {names} only by asking for a person "
                                "or hanging up", "give one of its menus a way out (a goodbye, or a transfer)")
            else:
                yield self.diag(first.span, "endless-loop", f"the call loops {names} forever without waiting for the caller",
                                "give one of these nodes a way out, or ask the caller something inside the loop")

    # -- menus -----------------------------------------------------------------------------------

    def menu(self, node: Menu) -> Iterator[Diagnostic]:
        human = self.flow.human
        keys: dict[str, int] = {}
        for i, c in enumerate(node.choices):
            where = self.flow.where(node.id, "options", i, "dtmf")
            for k in c.dtmf:
                if k == human.dtmf:
                    yield self.diag(where, "dtmf-conflict", f"key {k!r} is the human escape key in every menu",
                                    "use another key for this option")
                elif k in keys:
                    yield self.diag(where, "duplicate-dtmf", f"key {k!r} is already used by option {keys[k] + 1}")
                else:
                    keys[k] = i
        for a, b in _prefixes(keys):
            where = self.flow.where(node.id, "options", keys[b], "dtmf")
            yield self.diag(where, "dtmf-prefix", f"key {b!r} starts with {a!r}, another option's key")
        said = [c for c in node.choices if not c.other or c.phrases]  # a keys-only catch-all is not a choice to remember
        if len(said) > self.options.max_options:
            yield self.diag(self.flow.where(node.id, "options"), "too-many-options",
                            f"menu {node.id!r} has {len(said)} options; callers keep about {self.options.max_options} in mind",
                            "split it, or put the most likely options first")
        yield from self.phrases(node)
        yield from self.thin_phrases(node)

    def thin_phrases(self, node: Menu) -> Iterator[Diagnostic]:
        """Options whose phrases are one word the understanding knows nothing about, or a few that share
        no word with its word lists: callers' own words ("a question about my bill") will miss them."""
        seen: set[tuple[int, tuple[tuple[str, float], ...]]] = set()
        for i, c in enumerate(node.choices):
            for lang in self.flow.languages:
                phrases = c.terms.get(lang, ())
                if not phrases or any((i, p) in seen for p in phrases):
                    continue
                seen.update((i, p) for p in phrases)
                content = {term for p in phrases for term, weight in p if weight >= CONTENT}
                if any(term.startswith("=") for term in content) or (len(phrases) > 1 and len(content) >= MIN_CONTENT_WORDS):
                    continue
                raw = (*c.phrases.get(lang, ()), *c.phrases.get("*", ()))
                shown = ", ".join(repr(p) for p in raw[:4]) + (", ..." if len(raw) > 4 else "")
                where = " (" + lang + ")" if len(self.flow.languages) > 1 else ""
                yield self.diag(self.flow.where(node.id, "options", i, "phrases"), "thin-phrases",
                                f"option {i + 1}'s phrases ({shown}) give the understanding little to go on{where}",
                                "add the ways callers say it, like \"a question about my bill\" or \"I can't get online\"")

    def phrases(self, node: Menu) -> Iterator[Diagnostic]:
        human = self.flow.human
        wheres = [self.flow.where(node.id, "options", i, "phrases") for i in range(len(node.choices))]
        compared: set[tuple[tuple[int, tuple[str, ...]], ...]] = set()
        for lang in self.flow.languages:
            if lang not in self.asks_for_person:
                self.asks_for_person[lang] = _Containment(human.words[lang])
            asks_for_person = self.asks_for_person[lang]
            owners: dict[tuple[str, ...], int] = {}
            spoken: list[tuple[int, str, tuple[str, ...]]] = []
            for i, c in enumerate(node.choices):
                where = wheres[i]
                raw = (*c.phrases.get(lang, ()), *c.phrases.get("*", ()))
                toks = c.words.get(lang, ())
                for phrase, tok in zip(raw, toks, strict=True):
                    if asks_for_person.within(tok):
                        yield self.diag(where, "phrase-overlap", f"{phrase!r} contains a phrase that asks for a person",
                                        "callers saying it would be sent to a person; reword it")
                    if tok in owners and owners[tok] != i:
                        yield self.diag(where, "phrase-overlap",
                                        f"{phrase!r} is also a phrase of option {owners[tok] + 1}" + (f" ({lang})" if len(self.flow.languages) > 1 else ""))
                    owners.setdefault(tok, i)
                    spoken.append((i, phrase, tok))
            seen = tuple((i, tok) for i, _, tok in spoken)
            if seen in compared:  # the same words as in a language already compared (text for every language)
                continue
            compared.add(seen)
            exhausted = self.comparisons.left < 0
            for i, p, j, q in _sound_alikes(spoken, self.comparisons):
                yield self.diag(wheres[j], "sound-alike", f"{q!r} sounds like {p!r} (option {i + 1}); a recognizer may confuse them",
                                "choose more distinct words")
            if self.comparisons.left < 0 and not exhausted:
                yield self.diag(self.flow.where(node.id, "options"), "sound-alike",
                                f"menu {node.id!r} has too many phrases to compare them all; some that sound alike may go unreported",
                                "split it into smaller menus")

    # -- prompts ---------------------------------------------------------------------------------

    def node_prompts(self, node: Node) -> Iterator[tuple[tuple[str | int, ...], Prompt]]:
        fields: list[tuple[str, Any]] = []
        for name in ("prompt", "announce", "confirm"):
            value = getattr(node, name, None)
            if isinstance(value, Prompt):
                fields.append((name, value))
        for name in ("no_input", "no_match", "invalid"):
            for i, p in enumerate(getattr(node, name, ()) or ()):
                fields.append((f"{name}.{i}", p))
        for name, p in fields:
            yield tuple(name.split(".")), p

    def prompts(self, node: Node) -> Iterator[Diagnostic]:
        for path, whole in self.node_prompts(node):
            where = self.flow.where(node.id, *path)
            for lang in self.flow.languages:
                spoken = [p for p in whole.pieces() if p.text is not None and (p.language or lang in p.text.by_lang or "*" in p.text.by_lang)]
                if not spoken:
                    continue
                # a recording is as long as it is, whatever its text: the recordings pass measures it
                spoken = [p for p in spoken if p.audio is None
                          or not isinstance(self.facts(where.file, p.audio.get(p.language or lang, self.flow.language)), RecordingFacts)]
                seconds = sum(p.seconds(lang, self.flow.language, self.flow.hours) for p in spoken)  # hours read out count
                if spoken and seconds > self.options.max_prompt_seconds:
                    yield self.diag(where, "long-prompt", f"prompt takes about {seconds:.0f} s to say"
                                    + (f" in {lang!r}" if len(self.flow.languages) > 1 else "")
                                    + f"; keep prompts under {self.options.max_prompt_seconds:.0f} s", "say less, or split it")
            for j, prompt in enumerate(whole.pieces()):
                if prompt.audio is not None and self.options.audio_exists is not None:
                    for path_ in dict.fromkeys(prompt.audio.by_lang.values()):
                        if not self.options.audio_exists(where.file, path_):
                            yield self.diag(self.flow.where(node.id, *path, *((j,) if whole.parts else ()), "audio"), "missing-audio",
                                            f"audio file {path_!r} does not exist", "render it with 'ivr audio render', or fix the path")
        if isinstance(node, Collect) and node.sensitive and node.confirm is not None:
            yield self.diag(self.flow.where(node.id, "confirm"), "sensitive-confirm",
                            f"slot {node.slot!r} is sensitive, so reading it back says only '{words.MASK}'")

    # -- recordings ------------------------------------------------------------------------------

    def facts(self, file: str, path: str) -> RecordingFacts | str | None:
        """What the recording ``path`` (written in ``file``) holds, measured once per check."""
        if self.options.recording is None:
            return None
        key = (file, path)
        if key not in self.measured:
            self.measured[key] = self.options.recording(file, path)
        return self.measured[key]

    def recorded(self) -> Iterator[tuple[Span, str, RecordingFacts | str]]:
        """Each recording the flow plays, once, with where it is first written."""
        seen: set[tuple[str, str]] = set()
        for node in self.nodes.values():
            for path, whole in self.node_prompts(node):
              for j, prompt in enumerate(whole.pieces()):
                if prompt.audio is None:
                    continue
                where = self.flow.where(node.id, *path, *((j,) if whole.parts else ()), "audio")
                for file in dict.fromkeys(prompt.audio.by_lang.values()):
                    facts = self.facts(where.file, file)
                    if facts is not None and (where.file, file) not in seen:
                        seen.add((where.file, file))
                        yield where, file, facts

    def recordings(self) -> Iterator[Diagnostic]:
        found = list(self.recorded())
        levels = {(where, file): f.lufs for where, file, f in found if isinstance(f, RecordingFacts) and f.lufs is not None and not f.silent}
        for where, file, facts in found:
            if isinstance(facts, str):
                yield self.diag(where, "unplayable-audio", f"{facts}; callers hear the prompt's text spoken instead",
                                "export it again (WAV, MP3, OGG or M4A), or fix the path")
                continue
            if facts.silent:
                yield self.diag(where, "silent-audio", f"audio file {file!r} is silent (its loudest sample is "
                                + ("digital silence" if facts.peak_dbfs == -math.inf else f"{facts.peak_dbfs:.0f} dBFS") + ")",
                                "record it again, or check that the right file is named")
                continue
            if facts.clipped > CLIPPED_SHARE:
                yield self.diag(where, "clipped-audio", f"audio file {file!r} is clipped: {facts.clipped:.1%} of its samples are at full scale",
                                "record it again at a lower input level; turning it down afterwards does not undo clipping")
            if facts.rate < PHONE_RATE:
                yield self.diag(where, "low-sample-rate", f"audio file {file!r} is sampled at {facts.rate:,} Hz, below telephone quality "
                                f"({PHONE_RATE:,} Hz)", "export it at 8 kHz or more")
            if facts.lufs is not None:
                others = [level for key, level in levels.items() if key != (where, file)]
                median = statistics.median(others) if others else None
                if median is not None and abs(facts.lufs - median) > LOUDNESS_SPREAD:
                    louder = facts.lufs > median
                    yield self.diag(where, "audio-loudness", f"audio file {file!r} is too {'loud' if louder else 'quiet'}: {facts.lufs:.1f} LUFS, "
                                    f"{abs(facts.lufs - median):.0f} LU {'above' if louder else 'below'} the flow's other recordings ({median:.1f} LUFS)",
                                    "match them with 'ivr audio normalize'")
                elif facts.lufs < QUIETEST_LUFS:
                    yield self.diag(where, "audio-loudness", f"audio file {file!r} is too quiet: {facts.lufs:.1f} LUFS (callers strain below "
                                    f"{QUIETEST_LUFS:.0f})", "raise it with 'ivr audio normalize'")
            if facts.seconds > self.options.max_prompt_seconds:
                yield self.diag(where, "long-prompt", f"audio file {file!r} is {facts.seconds:.1f} s long; keep prompts under "
                                f"{self.options.max_prompt_seconds:.0f} s", "say less, or split it")

    def recorded_seconds(self) -> dict[str, float]:
        return {file: facts.seconds for _, file, facts in self.recorded() if isinstance(facts, RecordingFacts)}

    # -- slots -----------------------------------------------------------------------------------

    def uses(self, node: Node) -> Iterator[tuple[str, Span]]:
        def texts(t: Text | None) -> Iterable[str]:
            return t.by_lang.values() if t is not None else ()

        for path, whole in self.node_prompts(node):
            for prompt in whole.pieces():
                for template in texts(prompt.text):
                    for name in words.template_names(template):
                        if name.split(".")[0] == "hours" and name.split(".")[1:2] and name.split(".")[1] in self.flow.hours:
                            continue  # {hours.NAME} reads the flow's own hours block, not a slot
                        yield name.split(".")[0], self.flow.where(node.id, *path)
        exprs: list[tuple[Expr, tuple[str | int, ...]]] = []
        templates: list[tuple[str, tuple[str | int, ...]]] = []
        if isinstance(node, Branch):
            exprs += [(e, ("when", i, "if")) for i, (e, _) in enumerate(node.cases)]
        if isinstance(node, Collect) and node.valid is not None:
            exprs.append((node.valid, ("valid",)))
        values: dict[str, Any] = {}
        if isinstance(node, Assign):
            values = dict(node.values)
        for name, v in values.items():
            if isinstance(v, Expr):
                exprs.append((v, ("set", name)))
            elif isinstance(v, str):
                templates.append((v, ("set", name)))
        if isinstance(node, Menu):
            for i, c in enumerate(node.choices):
                for name, v in c.set.items():
                    if isinstance(v, Expr):
                        exprs.append((v, ("options", i, "set", name)))
                    elif isinstance(v, str):
                        templates.append((v, ("options", i, "set", name)))
                for label in c.label.by_lang.values():
                    templates.append((label, ("options", i, "label")))
        if isinstance(node, Http):
            templates.append((node.url, ("url",)))
            templates += [(v, ("headers", k)) for k, v in node.headers.items()]
            templates += [(s, ("body",)) for s in _strings(node.body)]
        for e, path in exprs:
            for name in e.names:
                yield name, self.flow.where(node.id, *path)
        for t, path in templates:
            for name in words.template_names(t):
                yield name.split(".")[0], self.flow.where(node.id, *path)

    def gens(self, node: Node) -> dict[str, set[str]]:
        """Names set when leaving ``node`` towards each successor."""
        out: dict[str, set[str]] = {}
        chosen: dict[str, set[str]] = {}
        if isinstance(node, Menu):
            for c in node.choices:
                chosen.setdefault(c.target, set()).update(c.set)
        for target, kind in node.edges():
            g: set[str] = set()
            if isinstance(node, Collect) and kind == "next" or isinstance(node, Record) and kind == "next":
                g.add(node.slot)
            elif isinstance(node, Http):
                g |= set(node.save) if kind == "next" else {"http_error"}
            elif isinstance(node, Transfer):
                g.add("transfer_status")
            elif isinstance(node, Assign):
                g |= set(node.values)
            elif isinstance(node, Menu) and kind == "option":
                g |= chosen.get(target, set())
            out[target] = out.get(target, g) & g if target in out else g
        return out

    def slots(self) -> Iterator[Diagnostic]:
        flow = self.flow
        gens = {nid: self.gens(node) for nid, node in flow.nodes.items()}
        everything = set(BUILTIN_NAMES)
        for out in gens.values():
            for names in out.values():
                everything |= names
        # must-analysis: names set on every path into each node, as bit masks, to a fixed point
        bits = {name: 1 << i for i, name in enumerate(sorted(everything))}
        builtin = sum(bits[n] for n in BUILTIN_NAMES)
        edges = {nid: [(t, sum(bits[n] for n in g)) for t, g in out.items() if t in flow.nodes] for nid, out in gens.items()}
        into: dict[str, int | None] = {nid: None for nid in flow.nodes}
        into[flow.start] = builtin
        rank = {nid: i for i, nid in enumerate(_reverse_postorder(flow.start, {n: [t for t, _ in e] for n, e in edges.items()}))}
        todo = [(rank[flow.start], flow.start)]
        queued = {flow.start}
        while todo:
            _, nid = heapq.heappop(todo)
            queued.discard(nid)
            have = into[nid]
            assert have is not None
            for target, g in edges[nid]:
                new = have | g
                old = into[target]
                merged = new if old is None else old & new
                if target == flow.start:
                    merged &= builtin | (old or 0)
                if merged != old:
                    into[target] = merged
                    if target not in queued:
                        queued.add(target)
                        heapq.heappush(todo, (rank[target], target))
        in_cycle = self.cyclic_nodes()
        hint = Hints()
        for nid, node in self.nodes.items():
            have = into[nid]
            if have is None:
                continue
            for name, where in self.uses(node):
                if name not in everything:
                    yield self.diag(where, "slot-unset", f"{name!r} is never collected or set in this flow",
                                    hint(name, everything - BUILTIN_NAMES))
                elif not have & bits[name] and not (isinstance(node, Collect) and name == node.slot):
                    yield self.diag(where, "slot-maybe-unset", f"{name!r} may not be set yet when the call reaches {nid!r}")
            if isinstance(node, Collect) and have & bits.get(node.slot, 0) and nid not in in_cycle:
                yield self.diag(node.span, "slot-reasked", f"the caller already gave {node.slot!r} before {nid!r} asks for it again",
                                "use the value they gave, or collect it into another slot")

    def cyclic_nodes(self) -> set[str]:
        graph, sccs = self.components()
        out: set[str] = set()
        for scc in sccs:
            if len(scc) > 1 or any(n in graph[n] for n in scc):
                out |= set(scc)
        return out

    # -- time to a person ------------------------------------------------------------------------

    def time_to_human(self) -> Iterator[Diagnostic]:
        for reach in human_reach(self.flow, self.recorded_seconds()):
            node = self.flow.nodes[reach.node]
            if reach.node in BUILTIN or not isinstance(node, Listening):
                continue  # reported where the caller waits, not at every node on the way there
            waits = [(max(r.seconds, r.silent_seconds), when) for when, r in reach.cases()]
            finite = [(w, when) for w, when in waits if math.isfinite(w)]
            if not finite:
                continue
            worst, when = max(finite, key=lambda x: x[0])
            if worst > self.options.max_human_seconds:
                other = next((f"; {w:.0f} s when {o}" if math.isfinite(w) else f"; no person when {o}")
                             for w, o in waits if o != when) if when else ""
                yield self.diag(node.span, "slow-to-human",
                                f"from {reach.node!r} a caller may wait {worst:.0f} s of prompts before reaching a person"
                                f"{f' when {when}' if when else ''} (limit {self.options.max_human_seconds:.0f} s{other})",
                                "shorten prompts, or lower 'retries' or 'timeout'")


_last_reach: tuple[weakref.ref[Flow], tuple[tuple[str, float], ...], list[HumanReach]] | None = None


def recorded_seconds(flow: Flow, options: Options) -> dict[str, float]:
    """The real length of each recording the flow plays (its path as written -> seconds), for the time to a person."""
    if options.recording is None:
        return {}
    return _Checker(flow, options).recorded_seconds()


def _unknown_words(flow: Flow, unheard: Mapping[str, Callable[[str, str], Sequence[str] | None]],
                   diag: Callable[[Span, str, str, str | None], Diagnostic]) -> Iterator[Diagnostic]:
    """Phrases with a word some installed recognizer's dictionary lacks: that recognizer can never hear them."""
    if not unheard:
        return
    given: list[tuple[str, str, Span]] = []  # (language or "*", phrase, where it is written)
    for node in flow.nodes.values():
        if isinstance(node, Menu):
            for i, choice in enumerate(node.choices):
                for lang, phrases in choice.phrases.items():
                    for j, phrase in enumerate(phrases):
                        path: tuple[str | int, ...] = ("options", i, "phrases", j) if lang == "*" else ("options", i, "phrases", lang, j)
                        given.append((lang, phrase, flow.where(node.id, *path)))
    human = flow.where("@human", "target")
    for lang, phrases in flow.human.phrases.items():
        built_in = set(words.HUMAN_PHRASES.get(lang, ())) | set(words.HUMAN_PHRASES["en"])
        given += [(lang, p, human) for p in phrases if p not in built_in]
    for name, lookup in sorted(unheard.items()):
        for lang, phrase, where in given:
            for language in flow.languages if lang == "*" else (lang,):
                missing = lookup(language, phrase)
                if not missing:
                    continue
                for word in dict.fromkeys(missing):
                    split = [w for w in word.replace("-", " ").replace("'", " ").split() if w]
                    spelled = f"\"{''.join(split)}\" or \"{' '.join(split)}\"" if len(split) > 1 else "in words it knows"
                    yield diag(where, "unknown-word",
                               f"{name} has no word {word!r} (in {phrase!r}" + (f", {language}" if len(flow.languages) > 1 else "")
                               + "), so it never hears this phrase",
                               f"spell it as callers say it ({spelled}), or add a pronunciation to {name}'s dictionary")
                break


def human_reach(flow: Flow, recorded: Mapping[str, float] | None = None) -> list[HumanReach]:
    """For every state, the worst case to reach a person: actions and seconds of prompts, a recorded
    prompt counted by its real length (``recorded``: its path as written -> seconds) where it was measured.

    The last flow's answer is kept: ``ivr check`` and the designer ask again for the table right
    after the checks asked for ``slow-to-human``."""
    global _last_reach
    last = _last_reach
    key = tuple(sorted((recorded or {}).items()))
    if last is not None and last[0]() is flow and last[1] == key:
        return list(last[2])
    out = _human_reach(flow, recorded or {})
    _last_reach = (weakref.ref(flow), key, out)
    return list(out)


def _human_reach(flow: Flow, recorded: Mapping[str, float]) -> list[HumanReach]:
    """:func:`human_reach`, worked out: once, or, when branches test opening hours, once with every
    hours block open and once with every one closed."""
    if not any(isinstance(n, Branch) and any(e.hours for e, _ in n.cases) for n in flow.nodes.values()):
        return _reach_when(flow, None, recorded)
    opened, closed = _reach_when(flow, True, recorded), _reach_when(flow, False, recorded)
    return [dataclasses.replace(o, closed=c) if (o.actions, o.seconds, o.silent_seconds) != (c.actions, c.seconds, c.silent_seconds)
            else o for o, c in zip(opened, closed, strict=True)]


def _branch_targets(flow: Flow, node: Branch, is_open: bool | None) -> list[str]:
    """Where a branch may go: a case whose condition reads no slot or variable is decided (with the hours
    open or closed, as ``is_open`` says; with None, one that tests hours is not); the others may go either way."""
    out: list[str] = []
    for e, target in node.cases:
        if e.names or (e.hours and is_open is None):
            out.append(target)
        elif e.evaluate({}, lambda _: bool(is_open)):
            return [*out, target]
    out += [node.otherwise] if node.otherwise else []
    return out or [flow.human.target]


def _reach_when(flow: Flow, is_open: bool | None, recorded: Mapping[str, float]) -> list[HumanReach]:
    """The numbers with the hours open or closed (None: either, every branch may go every way).

    A depth-first walk with its own stack (a chain of thousands of nodes is deeper than Python's
    recursion limit), visiting successors in the same order as the recursive definition it replaces, so
    loops (worth infinity where they are entered) come out the same."""
    lang = flow.language
    memo: dict[str, tuple[float, float, float]] = {}
    visiting: set[str] = set()
    inf = math.inf
    never = (inf, inf, inf)

    systems: dict[str, float] = {}

    def system(name: str) -> float:
        if name not in systems:
            systems[name] = words.speech_seconds(flow.system(name, lang))
        return systems[name]

    def prompt_s(p: Prompt | None, default: str | None = None) -> float:
        if p is not None and not p.parts and p.audio is not None and p.audio.get(lang, lang) in recorded:
            return recorded[p.audio.get(lang, lang)]
        if p is None or not p.parts and (p.text is None or not p.text.by_lang):
            return system(default) if default else 0.0
        return p.seconds(lang, lang, flow.hours)

    def successors(node: Node) -> list[str]:
        if isinstance(node, (Transfer, Hangup)):
            return []
        if isinstance(node, Listening):
            return [node.human_target]
        if isinstance(node, Say):
            return [node.next or flow.human.target]
        if isinstance(node, Branch):
            return _branch_targets(flow, node, is_open)
        if isinstance(node, (Http, Assign, Record)):
            return [t for t, _ in node.edges()] or [flow.human.target]
        return []  # pragma: no cover

    def combine(node: Node, costs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
        if isinstance(node, Transfer):
            return (0.0, prompt_s(node.announce, "human"), prompt_s(node.announce, "human"))
        if isinstance(node, Listening):
            human = costs[0]
            heard = 0.0 if node.barge_in else prompt_s(node.prompt)
            attempts = node.retries + 1
            retry_s = sum(prompt_s(node.no_input[min(i, len(node.no_input)) - 1] if node.no_input else None, "no_input")
                          for i in range(1, attempts))
            silent = attempts * (prompt_s(node.prompt) + node.timeout) + retry_s + system("escalate") + human[2]
            return (1 + human[0], heard + human[1], silent)
        if isinstance(node, Say):
            s = prompt_s(node.prompt)
            return (costs[0][0], s + costs[0][1], s + costs[0][2])
        if isinstance(node, (Branch, Http, Assign, Record)):
            extra = float(node.timeout) if isinstance(node, Http) else 0.0
            return (max(c[0] for c in costs), extra + max(c[1] for c in costs), extra + max(c[2] for c in costs))
        return never  # a hangup, or a kind of node no caller waits in

    def cost(root: str) -> None:
        visiting.add(root)
        stack: list[tuple[str, Node, list[str], list[tuple[float, float, float]]]] = []
        node = flow.nodes[root]
        stack.append((root, node, successors(node), []))
        while stack:
            nid, node, succ, done = stack[-1]
            if len(done) < len(succ):
                t = succ[len(done)]
                if t in memo:
                    done.append(memo[t])
                elif t in visiting:
                    done.append(never)
                else:
                    visiting.add(t)
                    child = flow.nodes[t]
                    stack.append((t, child, successors(child), []))
                continue
            stack.pop()
            result = combine(node, done)
            visiting.discard(nid)
            memo[nid] = result
            if stack:
                stack[-1][3].append(result)

    out = []
    with gc_paused():
        for nid, node in flow.nodes.items():
            if nid not in memo:
                cost(nid)
            a, s, silent = memo[nid]
            out.append(HumanReach(nid, node.kind, a, round(s, 1), round(silent, 1)))
    return out


def _prefixes(keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(a, b) for every two keys where ``a`` is a proper prefix of ``b``, walking a trie: one step per key press."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = key
    for key in keys:
        node = trie
        for ch in key[:-1]:
            node = node[ch]
            if "" in node:
                yield node[""], key


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _sound_alike(a: str, b: str) -> bool:
    """Whether two normalised phrases are easy to confuse over a phone line."""
    if not a or not b or a.isdigit() or b.isdigit():
        return False
    if a.isascii() and b.isascii():
        ma, mb = jellyfish.metaphone(a), jellyfish.metaphone(b)
        if ma == mb:
            return True
        if min(len(ma), len(mb)) >= 3 and jellyfish.levenshtein_distance(ma, mb) <= 1 \
                and jellyfish.jaro_winkler_similarity(a, b) >= 0.8:
            return True
        return jellyfish.jaro_winkler_similarity(a, b) >= 0.9 and abs(len(a) - len(b)) <= 2
    return jellyfish.jaro_winkler_similarity(a, b) >= 0.93 and abs(len(a) - len(b)) <= 1


class _Containment:
    """Whether a phrase contains one of a set of phrases as whole consecutive words, by lookup rather
    than by comparing with each of them."""

    def __init__(self, needles: Iterable[tuple[str, ...]]) -> None:
        self.needles = {n for n in needles if n}
        self.lengths = sorted({len(n) for n in self.needles})

    def within(self, haystack: tuple[str, ...]) -> bool:
        for n in self.lengths:
            if n > len(haystack):
                break
            if any(haystack[i : i + n] in self.needles for i in range(len(haystack) - n + 1)):
                return True
        return False


# Jaro-Winkler adds at most 4 x 0.1 of what Jaro lacks, so JW >= 0.93 needs Jaro >= (0.93 - 0.4) / 0.6; and
# Jaro <= (m/|a| + m/|b| + 1) / 3, where m (matched characters) is at most the characters a and b share.
# Hence the share needed, as a factor of |a||b|/(|a|+|b|):
_SHARE = 3 * (0.93 - 0.4) / 0.6 - 1
_JAMO = ((0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF))
_JOINING = {0x0E33, 0x0EB3, 0x0D4E, 0x111C2, 0x111C3, 0x1193F, 0x11941, 0x11A3A, *range(0x11A84, 0x11A8A), 0x11D46, 0x11F02}
_SHORT_KEY = 5  # metaphone keys up to this long are indexed with each letter left out in turn; longer ones by halves


def _one_char_graphemes(text: str) -> bool:
    """Whether every character of ``text`` is a grapheme of its own (jellyfish compares graphemes): no
    marks, no Hangul jamo, none of the few letters that join their neighbour."""
    for ch in text:
        o = ord(ch)
        if o >= 0x80 and (unicodedata.category(ch)[0] == "M" or o in _JOINING or any(a <= o <= b for a, b in _JAMO)):
            return False
    return True


def _near_keys(key: str, *, query: bool) -> list[tuple[Any, ...]]:
    """Buckets such that two metaphone keys at most one edit apart share one.

    Short keys go in with each letter left out in turn. Long ones by halves: for a key of length n and
    one of length n', one edit apart, the first n'//2 letters or the last n' - n'//2 are the same in both;
    an indexed key gives its own halves, a query those of each length its partner may have."""
    out: list[tuple[Any, ...]] = []
    n = len(key)
    if n <= _SHORT_KEY + 1:
        out += [("-", key), *(("-", key[:i] + key[i + 1 :]) for i in range(n))]
    if n >= _SHORT_KEY:
        for other in (n - 1, n, n + 1) if query else (n,):
            half = other // 2
            if other >= _SHORT_KEY and other - half <= n:
                out += [("<", other, key[:half]), (">", other, key[n - (other - half) :])]
    return out


class _PrefixIndex:
    """Candidates for Jaro-Winkler >= 0.93 with lengths within 1, by prefix filtering: phrases that must
    share ``t`` characters share one among each one's ``len - t + 1`` rarest (exact for this bound)."""

    def __init__(self, rank: dict[tuple[str, int], int]) -> None:
        self.rank = rank
        self.lists: dict[tuple[str, int], list[tuple[int, str]]] = {}

    def prefix(self, text: str) -> list[tuple[str, int]]:
        seen: dict[str, int] = {}
        tokens = []
        for ch in text:
            seen[ch] = seen.get(ch, 0) + 1
            tokens.append((ch, seen[ch]))
        tokens.sort(key=lambda t: (self.rank.get(t, -1), t))
        n = len(text)
        other = max(1, n - 1)
        shared = max(1, math.ceil(_SHARE * n * other / (n + other) - 1e-9))
        return tokens[: n - shared + 1]

    def add(self, first: int, text: str) -> None:
        for token in self.prefix(text):
            self.lists.setdefault(token, []).append((first, text))

    def candidates(self, text: str) -> list[list[tuple[int, str]]]:
        return [self.lists.get(token, []) for token in self.prefix(text)]


_COMPARISONS = 1_000_000


class _Budget:
    """Comparisons the sound-alike check may still make in one ``ivr check``: a safety net for menus of
    thousands of look-alike phrases, where even the likely pairs are millions."""

    def __init__(self, comparisons: int) -> None:
        self.left = comparisons

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _sound_alikes(spoken: list[tuple[int, str, tuple[str, ...]]], budget: _Budget | None = None,
                  ) -> Iterator[tuple[int, str, int, str]]:
    """For each option that has a phrase sounding like a phrase of an earlier option: (earlier option, its
    phrase, option, phrase), the earliest such pair. One finding per option, so a menu of thousands of
    look-alike options gets thousands of warnings, not millions.

    :func:`_sound_alike` decides, for likely pairs only: English-alphabet phrases whose metaphone keys are
    the same or one edit apart, and, where another script is involved, phrases sharing enough characters
    to reach its Jaro-Winkler bound. Stops where ``budget`` runs out."""
    budget = budget or _Budget(_COMPARISONS)
    if len({i for i, _, _ in spoken}) < 2:
        return
    first: dict[str, int] = {}  # normalised phrase -> index in ``spoken`` where it first appears
    for n, (_, _, tok) in enumerate(spoken):
        first.setdefault(" ".join(tok), n)
    counts: dict[tuple[str, int], int] = {}
    for text in first:
        seen: dict[str, int] = {}
        for ch in text:
            seen[ch] = seen.get(ch, 0) + 1
            counts[(ch, seen[ch])] = counts.get((ch, seen[ch]), 0) + 1
    rank = {t: r for r, t in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}
    by_key: dict[tuple[Any, ...], list[tuple[int, str]]] = {}  # near-key bucket -> English-alphabet phrases
    others = _PrefixIndex(rank)  # phrases in one-character graphemes, for pairs with another script
    foreign = _PrefixIndex(rank)  # the same, less the English-alphabet ones: for English-alphabet phrases to look up
    by_length: dict[int, list[tuple[int, str]]] = {}  # every phrase, for phrases whose graphemes are not all single characters
    joined: dict[int, list[tuple[int, str]]] = {}  # those phrases themselves
    keys: dict[str, str] = {}

    def candidates(q: str) -> Iterator[tuple[int, str]]:
        lists: list[Iterable[tuple[int, str]]] = []
        simple = _one_char_graphemes(q)
        if q.isascii():
            if q not in keys:
                keys[q] = jellyfish.metaphone(q)
            lists += [by_key.get(b, ()) for b in _near_keys(keys[q], query=True)]
            if foreign.lists:
                lists += foreign.candidates(q)
        elif simple:
            lists += others.candidates(q)
        for n in range(len(q) - 1, len(q) + 2):
            lists.append(by_length.get(n, ()) if not simple else joined.get(n, ()))
        return heapq.merge(*lists)

    def add(n: int, t: str) -> None:
        by_length.setdefault(len(t), []).append((n, t))
        if not _one_char_graphemes(t):
            joined.setdefault(len(t), []).append((n, t))
            return
        if t.isascii():
            if t not in keys:
                keys[t] = jellyfish.metaphone(t)
            for b in _near_keys(keys[t], query=False):
                by_key.setdefault(b, []).append((n, t))
        else:
            foreign.add(n, t)
        others.add(n, t)

    def usable(text: str) -> bool:
        return bool(text) and not text.isdigit()

    start = 0
    while start < len(spoken):
        option = spoken[start][0]
        end = start
        while end < len(spoken) and spoken[end][0] == option:
            end += 1
        best: tuple[int, int] | None = None  # (index of the earlier phrase, index of this option's phrase)
        for n in range(start, end):
            q = " ".join(spoken[n][2])
            if not usable(q):
                continue
            tried: set[str] = {q}
            for m, t in candidates(q):
                if best is not None and m >= best[0]:
                    break
                if t in tried:
                    continue
                tried.add(t)
                if not budget.spend():
                    return
                if t.isascii() and q.isascii() and jellyfish.levenshtein_distance(keys[t], keys[q]) > 1:
                    continue
                if _sound_alike(t, q):
                    best = min(best or (m, n), (m, n))
                    break
        if best is not None:
            m, n = best
            yield spoken[m][0], spoken[m][1], option, spoken[n][1]
        for n in range(start, end):
            t = " ".join(spoken[n][2])
            if usable(t) and first[t] == n:
                add(n, t)
        start = end


def _reverse_postorder(root: str, graph: dict[str, list[str]]) -> list[str]:
    """The nodes reachable from ``root``, each before its successors except along loops: the order in
    which a forward data-flow analysis settles fastest."""
    order: list[str] = []
    seen = {root}
    work = [(root, iter(graph.get(root, ())))]
    while work:
        nid, it = work[-1]
        for t in it:
            if t not in seen:
                seen.add(t)
                work.append((t, iter(graph.get(t, ()))))
                break
        else:
            work.pop()
            order.append(nid)
    order.reverse()
    return order


def _sccs(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            pushed = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(graph.get(w, []))))
                    pushed = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if pushed:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out
