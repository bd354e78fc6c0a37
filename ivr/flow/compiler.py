"""Compile a flow document into an immutable :class:`~ivr.flow.machine.Flow`.

One compiler serves the CLI, the servers, the designer and the tests. It collects every error it
can find before giving up, each with file:line:col, and it is pure: files (subflows) are read
through the ``read`` function the caller passes in.

What it guarantees of the result:
- every target exists, and subflows are inlined;
- each listening state's grammar (phrases and keys, per language) is derived here, in one place;
- every listening state has a "speak to a human" edge (phrases + DTMF key); a flow can retarget it,
  never remove it, and a caller who fails ``retries + 1`` times in a row is taken to it.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ValidationError

from ivr.errors import Diagnostic, FlowError, Hints, did_you_mean
from ivr.flow import expr as expressions
from ivr.flow import model as m
from ivr.flow import sayas, voices
from ivr.flow import terms as understanding
from ivr.flow import text as words
from ivr.flow.machine import (
    ANY_OTHER_KEY,
    GOODBYE,
    HUMAN,
    OTHER,
    VOICEMAIL,
    Assign,
    Branch,
    Choice,
    Collect,
    Flow,
    Grammar,
    Hangup,
    Hours,
    Http,
    HumanEscape,
    Menu,
    Node,
    Prompt,
    Record,
    Say,
    Span,
    Text,
    Transfer,
)
from ivr.flow.source import MAX_BYTES, Path, Source, TooLarge, gc_paused, load_source

Reader = Callable[[str], bytes]
"""Reads a file by path; raises OSError when it can't, :class:`~ivr.flow.source.TooLarge` over the size limit."""

MAX_SUBFLOW_DEPTH = 20
"""Subflows calling subflows: deeper than any flow needs, shallow enough for Python's recursion."""
MAX_SUBFLOW_CALLS = 1_000
MAX_INLINED_BYTES = 4 * MAX_BYTES
"""Every subflow call copies the subflow in: a file calling the next twice, 20 deep, would be a million
copies. These bound the copies made and the YAML read for them, each call counted."""

_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_DAY_GROUPS = {"daily": range(7), "weekdays": range(5), "weekends": range(5, 7), "weekend": range(5, 7)}
_RANGE = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)\s*-\s*([01]?\d|2[0-4]):([0-5]\d)$")
_CATCH_ALL_WORDS = {"any", "anything", "any key", "any other key", "default", "else", "otherwise", "others", "rest", "other"}
"""What designers write for "any other key" before they know it is spelt 'other'."""
_DATE = re.compile(r"^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def compile_flow(text: str | bytes, file: str = "<flow>", *, read: Reader | None = None) -> Flow:
    """Compile flow YAML. Raises :class:`FlowError` with every error found; warnings are kept on
    ``Flow.diagnostics``."""
    with gc_paused():
        return _Compiler(read).compile_main(text, file)


def join_path(base_file: str, relative: str) -> str:
    """``relative`` as seen from the directory of ``base_file`` (pure string work, POSIX style)."""
    if relative.startswith("/") or "/" not in base_file:
        return relative
    parts = base_file.rsplit("/", 1)[0].split("/") + relative.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out and out[-1] not in ("..", ""):
                out.pop()
            else:
                out.append(p)
        elif p not in (".", ""):
            out.append(p)
        elif p == "" and not out:
            out.append("")
    return "/".join(out)


@dataclasses.dataclass
class _Unit:
    """One flow file being compiled: its source, model and node-id prefix."""

    source: Source
    doc: m.Flow
    prefix: str
    ids: set[str]
    returns_to: str | None  # where 'return' nodes go; None in the top-level flow


class _Compiler:
    def __init__(self, read: Reader | None) -> None:
        self.read = read
        self.diags: list[Diagnostic] = []
        self.locations: dict[str, Span] = {}
        self.files: list[str] = []
        self.alias: dict[str, str | None] = {}
        self.nodes: dict[str, Node] = {}
        self.languages: tuple[str, ...] = ("en",)
        self.timeout = 5.0
        self.retries = 2
        self.barge_in = True
        self.human: HumanEscape | None = None
        self.hours_names: set[str] = set()
        self.hours: dict[str, Hours] = {}
        self.hours_used: list[tuple[Source, Path, str, str | None]] = []  # where, block name, the {hours.NAME} it is in
        self.allowed: dict[str, frozenset[str]] = {}
        self._bad_ids: set[Any] = set()
        self.hint = Hints()
        self.subflow_calls = 0
        self.inlined_bytes = 0
        self.too_big = False  # reported once; later subflows are not read
        self.normal: dict[str, str] = {}  # phrase -> normalised, for phrases given for every language
        self.texts: dict[str, str | bytes] = {}  # file -> its text, to point at a placeholder inside a prompt

    # -- diagnostics ---------------------------------------------------------------------------

    def error(self, src: Source, path: Path, code: str, message: str, hint: str | None = None, *, key: bool = False) -> None:
        self.diags.append(src.diag(path, code, message, hint=hint, key=key))

    def warn(self, src: Source, path: Path, code: str, message: str, hint: str | None = None) -> None:
        self.diags.append(src.diag(path, code, message, hint=hint, severity="warning"))

    def fail_if_errors(self) -> None:
        if any(d.severity == "error" for d in self.diags):
            raise FlowError(self.diags)

    # -- entry ---------------------------------------------------------------------------------

    def compile_main(self, text: str | bytes, file: str) -> Flow:
        source = load_source(text, file)
        self.texts[file] = text
        self.inlined_bytes = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
        self.files.append(file)
        doc = self.validate(source)
        if doc is None:
            self.fail_if_errors()
            raise FlowError(self.diags)  # pragma: no cover - validate() always reports why
        self.languages = tuple(doc.languages)
        self.timeout, self.retries, self.barge_in = doc.timeout, doc.retries, doc.barge_in
        if len(set(self.languages)) != len(self.languages):
            self.error(source, ("languages",), "duplicate-language", "a language is listed twice")
        self.hours = self.compile_hours(source, doc)
        self.hours_names = set(self.hours)
        prompts = self.system_prompts(source, doc)
        self.human = self.human_escape(source, doc)
        self.human_span = Span(file, *source.pos(("human", "target")))
        self.locations["@human.target"] = self.human_span

        unit = _Unit(source, doc, "", set(doc.nodes), None)
        start = self.compile_unit(unit, [file])
        self.add_builtins(doc.human.queue)

        nodes = _with_beyond(self.resolve())
        self.check_hours_used()
        self.check_human_targets(nodes)
        voice = self.text(source, ("voice",), doc.voice) if doc.voice is not None else None
        for lang, name in (voice.by_lang.items() if voice is not None else ()):
            self.check_voice(source, ("voice",) if lang == "*" else ("voice", lang), name, self.languages if lang == "*" else (lang,))
        self.fail_if_errors()
        assert self.human is not None
        human = dataclasses.replace(self.human, target=self.follow(self.human.target) or HUMAN)
        return Flow(
            name=doc.name or file.rsplit("/", 1)[-1].rsplit(".", 1)[0],
            file=file,
            languages=self.languages,
            voice=voice,
            start=self.follow(start) or GOODBYE,
            nodes=nodes,
            human=human,
            confidence=doc.confidence,
            max_turns=doc.max_turns,
            confirm_below=doc.confirm_below,
            asr=doc.asr,
            hours=dict(self.hours),
            prompts=prompts,
            files=tuple(self.files),
            diagnostics=tuple(sorted(self.diags)),
            locations=dict(self.locations),
            allowed=dict(self.allowed),
        )

    # -- validation against the document model ---------------------------------------------------

    def validate(self, src: Source) -> m.Flow | None:
        data = src.data
        if not isinstance(data, dict):
            self.error(src, (), "not-a-mapping", "a flow file is a mapping with at least 'nodes'")
            return None
        try:
            return m.Flow.model_validate(data)
        except ValidationError as e:
            errors = e.errors()
        self.pydantic_errors(src, errors)
        # Node errors don't stop us checking the rest: drop the bad nodes and compile what's left,
        # keeping their ids known so no one is told that a misspelt node "does not exist".
        if all(len(err["loc"]) >= 2 and err["loc"][0] == "nodes" for err in errors) and isinstance(data.get("nodes"), dict):
            bad = {err["loc"][1] for err in errors}
            good = {k: v for k, v in data["nodes"].items() if k not in bad}
            if good:
                try:
                    doc = m.Flow.model_validate({**data, "nodes": good})
                except ValidationError:
                    return None
                self._bad_ids = bad
                return doc
        return None

    def pydantic_errors(self, src: Source, errors: list[Any]) -> None:
        """Turn pydantic's errors into one clear message per problem, in the flow's own terms."""
        seen: set[Path] = set()
        unknown: dict[Path, list[str]] = {}
        for err in errors:
            if err["type"] == "extra_forbidden":
                path = self.data_path(src.data, err["loc"])
                unknown.setdefault(path[:-1], []).append(str(path[-1]))
        for err in errors:
            path = self.data_path(src.data, err["loc"])
            if path in seen:
                continue  # one message per place: a value failing every branch of a union is one problem
            seen.add(path)
            self.pydantic_error(src, err, path, unknown)

    def pydantic_error(self, src: Source, err: Any, path: Path, unknown: dict[Path, list[str]]) -> None:
        kind, ctx, loc = err["type"], err.get("ctx") or {}, err["loc"]
        value = err.get("input")
        field = next((str(p) for p in reversed(path) if isinstance(p, str)), "value")
        node = f"node {path[1]!r}: " if len(path) > 2 and path[0] == "nodes" else ""
        is_node = len(path) == 2 and path[0] == "nodes"

        def invalid(message: str, hint: str | None = None, code: str = "invalid-value", key: bool = False) -> None:
            self.error(src, path, code, node + message, hint, key=key)

        if loc and loc[-1] == "[key]":
            key = str(path[-1])
            if path[:1] == ("prompts",):
                invalid(f"unknown system prompt {key!r}", did_you_mean(key, _PROMPT_NAMES), "unknown-field", key=True)
            elif is_node:
                self.error(src, path, "bad-name", f"node id {key!r} must start with a letter and use only letters, digits, "
                           "'_' or '-'", f"try {_as_name(key, '-')!r}", key=True)
            else:
                invalid(f"{key!r} is not a valid name: start with a letter and use only letters, digits and '_'",
                        f"try {_as_name(key, '')!r}", "bad-name", key=True)
        elif kind == "extra_forbidden":
            parent = self.model_for(src.data, path[:-1])
            names = [f.alias or n for n, f in parent.model_fields.items()] if parent else []
            invalid(f"unknown field {field!r}", did_you_mean(field, names), "unknown-field", key=True)
        elif kind == "missing":
            misspelt = [u for u in unknown.get(path[:-1], []) if did_you_mean(u, [field])]
            if not misspelt:
                where = f"node {path[1]!r}" if len(path) == 3 and path[0] == "nodes" else _describe_place(path[:-1])
                self.error(src, path[:-1], "missing-field", f"{where} needs {field!r}", key=True)
        elif kind == "union_tag_invalid" and ctx.get("tag") not in (None, "None"):
            tag = str(ctx.get("tag"))
            self.error(src, (*path, "type"), "unknown-node-type", f"unknown node type {tag!r}", did_you_mean(tag, m.NODE_TYPES))
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            if isinstance(src.get(path), dict):
                self.error(src, path, "missing-field", f"node {path[-1]!r} needs a 'type': one of {', '.join(m.NODE_TYPES)}",
                           key=True)
            else:
                self.error(src, path, "invalid-value", f"node {path[-1]!r} must be a mapping like {{type: hangup}}", key=True)
        elif kind == "string_pattern_mismatch":
            pattern = ctx.get("pattern")
            if pattern == m.NODE_ID_RE.pattern:
                invalid(f"{value!r} is not a valid node id: ids start with a letter and use only letters, digits, '_' or '-'")
            elif pattern == m.LANG_RE.pattern:
                code = _LANGUAGE_CODES.get(str(value).lower())
                invalid(f"{value!r} is not a language code like 'en', 'es' or 'pt-BR'", f"did you mean {code!r}?" if code else None)
            elif pattern == m.SIP_RE:
                invalid(f"{value!r} is not a SIP address", "write it like sip:agents@pbx.example.com")
            elif "[1-9]" in str(pattern):
                invalid(f"{value!r} is not a phone number in E.164 form",
                        "write it with '+', the country code and no spaces, like +15550100199")
            else:
                invalid(f"{value!r} is not a valid {field}")
        elif kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
            invalid(f"{field!r} must be a whole number, not {_shown(value)}")
        elif kind in ("float_parsing", "float_type", "finite_number"):
            invalid(f"{field!r} must be a number, not {_shown(value)}")
        elif kind in ("bool_parsing", "bool_type"):
            invalid(f"{field!r} must be true or false, not {_shown(value)}")
        elif kind == "string_type":
            quote_it = "put it in quotes to keep it as text" if isinstance(value, (int, float)) else None
            invalid(f"{field!r} must be text, not {_shown(value)}", quote_it)
        elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            relation = {"greater_than": "more than", "greater_than_equal": "at least", "less_than": "less than",
                        "less_than_equal": "at most"}[kind]
            bound = next(iter(ctx.values()), "")
            bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
            invalid(f"{field!r} must be {relation} {bound}, not {_shown(value)}")
        elif kind == "too_long":
            invalid(f"{field!r} lists {ctx.get('actual_length')} items; at most {ctx.get('max_length')} are allowed")
        elif kind == "too_short":
            what = "node" if field == "nodes" else "option" if field == "options" else "item"
            invalid(f"{field!r} is empty; add at least one {what}")
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            if is_node:
                self.error(src, path, "invalid-value", f"node {path[-1]!r} must be a mapping like {{type: hangup}}", key=True)
            elif value is None:
                invalid(f"{_describe_place(path)} is empty" + ("; add at least one node" if path == ("nodes",) else ""))
            else:
                invalid(f"{_describe_place(path)} must be a mapping, not {_shown(value)}")
        elif kind == "list_type":
            invalid(f"{field!r} must be a list, not {_shown(value)}")
        elif kind == "literal_error":
            invalid(f"{field!r} must be {ctx.get('expected', 'one of the allowed values')}, not {_shown(value)}")
        elif kind == "dtmf" and "options" in path and any(isinstance(v, str) and v.strip().lower() in _CATCH_ALL_WORDS
                                                          for v in (value if isinstance(value, list) else [value])):
            invalid(str(err["msg"]), f"for any key no other option lists, write dtmf: {OTHER}")
        elif kind == "text" and isinstance(value, dict) and any(v is None for v in value.values()):
            # {en: Sorry, I could not}: YAML ends the text at the comma and reads "I could not" as a key
            split = next(str(k) for k, v in value.items() if v is None)
            invalid(f"a comma ended the text inside {{...}}: {split!r} became a key of its own",
                    'put text that holds a comma in quotes, like {en: "Sorry, I could not", es: "Lo siento, no pude"}')
        else:
            msg = str(err["msg"]).replace("Input should be", "expected").replace("Value error, ", "")
            invalid(msg)

    @staticmethod
    def data_path(data: Any, loc: tuple[Any, ...]) -> Path:
        """Map a pydantic error location onto the document, skipping union tags and key markers."""
        path: list[str | int] = []
        cur = data
        for i, part in enumerate(loc):
            if i == 2 and path[:1] == ["nodes"] and isinstance(cur, dict) and cur.get("type") == part:
                continue  # the union tag always follows a node id (and a 'set' node has a field 'set' too)
            if isinstance(cur, dict) and part in cur or isinstance(cur, list) and isinstance(part, int) and part < len(cur):
                path.append(part)
                cur = cur[part]
            elif isinstance(cur, dict) and cur.get("type") == part:
                continue  # discriminated-union tag
            elif part == "[key]" or not isinstance(cur, (dict, list)) or (isinstance(part, str) and "[" in part):
                continue  # key markers, union members and validator names are not places in the file
            else:
                path.append(part)
                cur = None
        return tuple(path)

    @staticmethod
    def model_for(data: Any, path: Path) -> type[BaseModel] | None:
        """The document model class that describes the mapping at ``path`` (for "did you mean")."""
        model: type[BaseModel] | None = m.Flow
        cur, i = data, 0
        while i < len(path) and model is not None:
            part = path[i]
            cur = _child(cur, part)
            if model is m.Flow and part == "nodes":
                i += 1
                cur = _child(cur, path[i]) if i < len(path) else None
                model = _NODE_MODELS.get(str(cur.get("type"))) if isinstance(cur, dict) else None
            else:
                field = model.model_fields.get(str(part)) or next(
                    (f for f in model.model_fields.values() if f.alias == part), None)
                if field is None:
                    return None
                model = _model_in(field.annotation)
                if model is not None and getattr(field.annotation, "__origin__", None) in (list, dict):
                    i += 1  # the list index or mapping key
                    cur = _child(cur, path[i]) if i < len(path) else None
            i += 1
        return model

    # -- flow-level parts ------------------------------------------------------------------------

    def compile_hours(self, src: Source, doc: m.Flow) -> dict[str, Hours]:
        out: dict[str, Hours] = {}
        for name, h in doc.hours.items():
            base: Path = ("hours", name)
            try:
                ZoneInfo(h.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                from zoneinfo import available_timezones

                self.error(src, (*base, "timezone"), "unknown-timezone", f"unknown time zone {h.timezone!r}",
                           self.hint(h.timezone, available_timezones())
                           or "use an IANA name like 'America/New_York' or 'Europe/Madrid'")
            weekly: dict[int, list[tuple[int, int]]] = {}
            for spec, ranges in h.open.items():
                days = self.parse_days(spec)
                if days is None:
                    self.error(src, (*base, "open", spec), "bad-hours",
                               f"unknown days {spec!r}; use mon..sun, ranges like mon-fri, lists like sat,sun, daily, weekdays or weekends",
                               key=True)
                    continue
                for i, r in enumerate([ranges] if isinstance(ranges, str) else ranges):
                    parsed = self.parse_range(r)
                    if parsed is None:
                        path: Path = (*base, "open", spec) if isinstance(ranges, str) else (*base, "open", spec, i)
                        if _RANGE.match(str(r).strip()):
                            self.error(src, path, "bad-hours", f"time range {r!r} ends before it starts",
                                       "a range past midnight is two ranges: \"22:00-24:00\" today and \"00:00-06:00\" the next day")
                        else:
                            self.error(src, path, "bad-hours", f"bad time range {r!r}; write it like \"09:00-17:30\"")
                        continue
                    for d in days:
                        weekly.setdefault(d, []).append(parsed)
            for i, day in enumerate(h.holidays):
                if not _DATE.match(str(day)):
                    self.error(src, (*base, "holidays", i), "bad-hours", f"bad holiday {day!r}; write YYYY-MM-DD, or MM-DD for every year")
            out[name] = Hours(name, h.timezone, {d: tuple(sorted(r)) for d, r in weekly.items()}, frozenset(map(str, h.holidays)))
        return out

    @staticmethod
    def parse_days(spec: str) -> list[int] | None:
        days: list[int] = []
        for part in spec.lower().replace(" ", "").split(","):
            if part in _DAY_GROUPS:
                days.extend(_DAY_GROUPS[part])
            elif "-" in part:
                a, _, b = part.partition("-")
                if a[:3] not in _DAYS or b[:3] not in _DAYS:
                    return None
                i, j = _DAYS[a[:3]], _DAYS[b[:3]]
                days.extend(range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)])
            elif part[:3] in _DAYS:
                days.append(_DAYS[part[:3]])
            else:
                return None
        return days

    @staticmethod
    def parse_range(r: str) -> tuple[int, int] | None:
        match = _RANGE.match(str(r).strip())
        if not match:
            return None
        h1, m1, h2, m2 = map(int, match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start >= end or end > 24 * 60:
            return None
        return start, end

    def system_prompts(self, src: Source, doc: m.Flow) -> dict[str, Text]:
        out = {name: Text(dict(by_lang)) for name, by_lang in words.SYSTEM_PROMPTS.items()}
        for name, value in doc.prompts.items():
            given = self.text(src, ("prompts", name), value, complete=False)  # built-in wording fills the rest
            out[name] = given if "*" in given.by_lang else Text({**out.get(name, Text({})).by_lang, **given.by_lang})
        for lang in self.languages:
            missing = [n for n in ("no_input", "no_match", "escalate", "goodbye") if lang not in out[n].by_lang and "*" not in out[n].by_lang]
            if missing:
                self.warn(src, ("languages",), "missing-translation",
                          f"no built-in {lang!r} wording for the system prompts ({', '.join(missing)}); English is used",
                          "give them under 'prompts:', like prompts: {no_match: {" + lang + ": ...}}")
        return out

    def human_escape(self, src: Source, doc: m.Flow) -> HumanEscape:
        given = self.phrases(src, ("human", "phrases"), doc.human.phrases)
        phrases: dict[str, tuple[str, ...]] = {}
        for lang in self.languages:
            base = words.HUMAN_PHRASES.get(lang, ())
            extra = given.get(lang, ()) + given.get("*", ())
            if not base and not extra:
                self.warn(src, ("human",), "missing-human-phrases",
                          f"no built-in phrases for asking for a person in {lang!r}; English ones are used",
                          "add them under human.phrases." + lang)
                base = words.HUMAN_PHRASES["en"]
            # English words for a person work in every language: callers mix them in ("agent, por favor")
            phrases[lang] = _unique(base + extra + words.HUMAN_PHRASES["en"])
        target = doc.human.target or HUMAN
        if doc.human.target and doc.human.target not in doc.nodes and doc.human.target not in self._bad_ids:
            self.error(src, ("human", "target"), "unknown-node", f"no node {doc.human.target!r}",
                       self.hint(doc.human.target, doc.nodes))
        return HumanEscape(
            dtmf=doc.human.dtmf,
            phrases=phrases,
            words={lang: tuple(self.tokens(p, lang) for p in ps) for lang, ps in phrases.items()},
            target=target,
            terms={lang: tuple(self.terms(p, lang) for p in ps) for lang, ps in phrases.items()},
        )

    # -- values ----------------------------------------------------------------------------------

    def text(self, src: Source, path: Path, value: Any, *, complete: bool = True) -> Text:
        self.check_say_as(src, path, value)
        if isinstance(value, str):
            return Text({"*": value})
        by_lang = dict(value)
        if any(lang not in self.languages for lang in by_lang):
            for lang in by_lang:
                if lang not in self.languages:
                    self.error(src, (*path, lang), "unknown-language", f"language {lang!r} is not in this flow's languages "
                               f"({', '.join(self.languages)})", self.hint(lang, self.languages)
                               or "add it to 'languages' to use it", key=True)
            return Text(by_lang)
        for lang in by_lang:
            if lang not in self.languages:
                self.error(src, (*path, lang), "unknown-language", f"language {lang!r} is not in this flow's languages "
                           f"({', '.join(self.languages)})", self.hint(lang, self.languages), key=True)
        missing = [lang for lang in self.languages if lang not in by_lang]
        if missing and complete:
            self.warn(src, path, "missing-translation", f"no {', '.join(map(repr, missing))} text; callers in that language hear "
                      f"{self.languages[0]!r}" if self.languages[0] in by_lang else f"no {', '.join(map(repr, missing))} text")
        return Text(by_lang)

    def check_say_as(self, src: Source, path: Path, value: Any) -> None:
        """Say-as formats (``{rx:digits}``) must be known, and ``{hours.NAME}`` must name an hours block."""
        for lang, template in ([(None, value)] if isinstance(value, str) else value.items() if isinstance(value, dict) else []):
            if not isinstance(template, str) or "{" not in template:
                continue
            where: Path = path if lang is None else (*path, lang)
            for placeholder, message, hint in sayas.problems(template):
                self.diags.append(self.placeholder_diag(src, where, placeholder, "unknown-say-as", message, hint))
            for block, what in sayas.hours_read(template):
                if what not in (None, "next"):
                    self.diags.append(self.placeholder_diag(
                        src, where, f"{{hours.{block}.{what}}}", "unknown-hours", f"'{{hours.{block}.{what}}}' reads nothing; use "
                        f"'{{hours.{block}}}' for the opening hours or '{{hours.{block}.next}}' for the next opening", None))
                else:
                    self.hours_used.append((src, where, block, "{hours." + block))

    def placeholder_diag(self, src: Source, path: Path, placeholder: str, code: str, message: str, hint: str | None) -> Diagnostic:
        """An error at the placeholder itself when the prompt is written on its line, else at the prompt."""
        line, col = src.pos(path)
        text = self.texts.get(src.file)
        if text is not None:
            lines = (text.decode("utf-8", "replace") if isinstance(text, bytes) else text).splitlines()
            found = lines[line - 1].find(placeholder, col - 1) if 0 < line <= len(lines) else -1
            if found >= 0:
                col = found + 1
        return Diagnostic(src.file, line, col, "error", code, message, hint)

    def tokens(self, phrase: str, lang: str) -> tuple[str, ...]:
        normal = self.normal.get(phrase)
        if normal is None:
            normal = self.normal[phrase] = words.normalize(phrase)
        return words.normalized_tokens(normal, lang)

    @staticmethod
    def terms(phrase: str, lang: str) -> tuple[understanding.Term, ...]:
        """A phrase as the understanding compares it."""
        return understanding.phrase_terms(phrase, lang)

    @staticmethod
    def understood(phrases: Mapping[str, tuple[str, ...]], label: Text | None, lang: str) -> tuple[str, ...]:
        """What the understanding knows an option by in ``lang``: its phrases and, for an option callers can say, its label
        in that language, the name the prompt and the confirmation give it ("For Dagobah, press 3")."""
        said = (*phrases.get(lang, ()), *phrases.get("*", ()))
        named = (label.by_lang.get(lang) or label.by_lang.get("*")) if label is not None and said else None
        return _unique((*said, named) if named else said)

    def prompt(self, src: Source, path: Path, value: Any) -> Prompt:
        if isinstance(value, list):
            return Prompt(parts=tuple(self.prompt(src, (*path, i), part) for i, part in enumerate(value)))
        if isinstance(value, dict) and ("audio" in value or "text" in value):
            language, voice = value.get("language"), value.get("voice")
            text = self.text(src, (*path, "text"), value["text"], complete=language is None) if "text" in value else None
            audio = self.text(src, (*path, "audio"), value["audio"], complete=language is None) if "audio" in value else None
            if language is not None:
                for name, given in (("text", text), ("audio", audio)):
                    if given is not None and "*" not in given.by_lang and language not in given.by_lang:
                        self.error(src, (*path, name), "missing-translation", f"this prompt is said in {language!r}, but its "
                                   f"{name} has no {language!r}", f"give its {name} plainly, in {language!r}")
            if voice is not None:
                self.check_voice(src, (*path, "voice"), voice, (language,) if language else self.languages)
            return Prompt(text, audio, language, voice)
        return Prompt(self.text(src, path, value))

    def check_voice(self, src: Source, path: Path, voice: str, languages: Iterable[str]) -> None:
        """Warn about a voice Twilio doesn't know, or one given a language it doesn't speak."""
        problem = voices.unknown(voice)
        if problem is not None:
            self.warn(src, path, "unknown-voice", *problem)
            return
        wrong = [lang for lang in languages if not voices.speaks(voice, lang)]
        if wrong:
            self.warn(src, path, "voice-language", f"{voice} speaks {voices.voice_language(voice)}, not "
                      f"{' or '.join(map(repr, wrong))}", "choose a voice for that language, or leave 'voice' out")

    def prompts(self, src: Source, path: Path, values: list[Any]) -> tuple[Prompt, ...]:
        listed = isinstance(src.get(path), list)
        return tuple(self.prompt(src, (*path, i) if listed else path, v) for i, v in enumerate(values))

    def phrases(self, src: Source, path: Path, value: Any) -> dict[str, tuple[str, ...]]:
        if isinstance(value, list):
            return {"*": tuple(value)} if value else {}
        out = {}
        for lang, items in value.items():
            if lang not in self.languages:
                self.error(src, (*path, lang), "unknown-language",
                           f"language {lang!r} is not in this flow's languages ({', '.join(self.languages)})",
                           self.hint(lang, self.languages), key=True)
            out[lang] = tuple(items)
        return out

    def expression(self, src: Source, path: Path, source: str, *, allowed: Iterable[str] = ()) -> expressions.Expr | None:
        try:
            e = expressions.parse(source)
        except expressions.ExprError as err:
            line, col = src.pos(path)
            self.diags.append(Diagnostic(src.file, line, col, "error", "bad-condition", f"in {source!r}: {err}"))
            return None
        for name in e.hours:
            self.hours_used.append((src, path, name, None))  # checked once every subflow has added its hours
        return e

    def check_hours_used(self) -> None:
        for src, path, name, placeholder in self.hours_used:
            if name == "" and len(self.hours_names) != 1:
                self.error(src, path, "unknown-hours", "open() without a name needs exactly one 'hours' block",
                           "name the block: open('office')")
            elif name and name not in self.hours_names:
                message, hint = f"no hours block {name!r}", self.hint(name, self.hours_names)
                if placeholder:
                    self.diags.append(self.placeholder_diag(src, path, placeholder, "unknown-hours", message, hint))
                else:
                    self.error(src, path, "unknown-hours", message, hint)

    # -- nodes -----------------------------------------------------------------------------------

    def target(self, unit: _Unit, path: Path, name: str | None) -> str | None:
        if name is None:
            return None
        if name not in unit.ids and name not in self._bad_ids:
            self.error(unit.source, path, "unknown-node", f"no node {name!r}", self.hint(name, unit.ids))
        return unit.prefix + name

    def span(self, src: Source, path: Path) -> Span:
        line, col = src.pos(path, key=True)
        return Span(src.file, line, col)

    def compile_unit(self, unit: _Unit, stack: list[str]) -> str:
        """Compile one file's nodes; returns the id of its start node."""
        src, doc = unit.source, unit.doc
        if doc.start is not None and doc.start not in unit.ids:
            self.error(src, ("start",), "unknown-node", f"no node {doc.start!r}", self.hint(doc.start, unit.ids))
        start = unit.prefix + (doc.start or next(iter(src.data["nodes"])))
        inside: dict[Any, list[tuple[Path, tuple[int, int]]]] = {}
        for path, pos in src.values.items():
            if len(path) > 2 and path[0] == "nodes":
                inside.setdefault(path[1], []).append((path[2:], pos))
        for node_id, node in doc.nodes.items():
            base: Path = ("nodes", node_id)
            nid = unit.prefix + node_id
            self.locations[nid] = self.span(src, base)
            for rest, pos in inside.get(node_id, ()):
                self.locations[".".join([nid, *map(str, rest)])] = Span(src.file, *pos)
            if node.allow:
                self.allowed[nid] = frozenset(node.allow)
            compiled = self.compile_node(unit, base, nid, node, stack)
            if compiled is not None:
                self.nodes[nid] = compiled
        return start

    def listening(self, unit: _Unit, base: Path, node: m.MenuNode | m.CollectNode) -> dict[str, Any]:
        src = unit.source
        assert self.human is not None
        human = self.human.target if node.human is None else self.target(unit, (*base, "human", "target"), node.human.target)
        return dict(
            prompt=self.prompt(src, (*base, "prompt"), node.prompt),
            timeout=node.timeout or self.timeout,
            retries=self.retries if node.retries is None else node.retries,
            no_input=self.prompts(src, (*base, "no_input"), node.no_input),
            no_match=self.prompts(src, (*base, "no_match"), node.no_match),
            barge_in=self.barge_in if node.barge_in is None else node.barge_in,
            reprompt=node.reprompt,
            human_target=human,
        )

    def grammar(self, per_lang: Mapping[str, Iterable[str]], dtmf: Iterable[str], max_digits: int | None, finish_key: str | None) -> Grammar:
        """The one place a listening state's phrases and keys are put together."""
        assert self.human is not None
        phrases = {lang: _unique(tuple(per_lang.get(lang, ())) + tuple(per_lang.get("*", ())) + self.human.phrases[lang])
                   for lang in self.languages}
        return Grammar(phrases, _unique((*dtmf, self.human.dtmf)), max_digits, finish_key)

    def compile_node(self, unit: _Unit, base: Path, nid: str, node: Any, stack: list[str]) -> Node | None:
        src = unit.source
        span = self.span(src, base)
        if isinstance(node, m.MenuNode):
            choices = []
            catch_all: int | None = None
            for i, opt in enumerate(node.options):
                op: Path = (*base, "options", i)
                other = OTHER in opt.dtmf
                if other and catch_all is not None:
                    self.error(src, (*op, "dtmf"), "duplicate-other",
                               f"option {catch_all + 1} already takes any other key; a menu has at most one catch-all",
                               "give this option its own keys, or merge the two")
                elif other:
                    catch_all = i
                phrases = self.phrases(src, (*op, "phrases"), opt.phrases)
                first = next(iter(phrases.get(self.languages[0], ()) or phrases.get("*", ()) or [""]))
                label = self.text(src, (*op, "label"), opt.label) if opt.label is not None else (
                    Text({lang: ps[0] for lang, ps in phrases.items() if ps}) if phrases else
                    Text({"*": first or (ANY_OTHER_KEY if other else f"option {i + 1}")}))
                if not phrases and not opt.dtmf:
                    self.error(src, op, "unreachable-option", "this option has no 'dtmf' and no 'phrases', so no caller can pick it")
                values = {name: self.check_set_value(src, (*op, "set", name), name, v) for name, v in opt.set.items()}
                choices.append(Choice(
                    label=label,
                    other=other,
                    dtmf=tuple(k for k in opt.dtmf if k != OTHER),
                    phrases=phrases,
                    words={lang: tuple(self.tokens(p, lang) for p in (*phrases.get(lang, ()), *phrases.get("*", ())))
                           for lang in self.languages},
                    terms={lang: tuple(self.terms(p, lang) for p in self.understood(phrases, label if opt.label is not None else None, lang))
                           for lang in self.languages},
                    target=self.target(unit, (*op, "next"), opt.next) or "",
                    set=values,
                    span=self.span(src, op),
                ))
            keys = [k for c in choices for k in c.dtmf]
            longest = max((len(k) for k in keys), default=1)
            per_lang: dict[str, list[str]] = {}
            for c in choices:
                for lang, ps in c.phrases.items():
                    per_lang.setdefault(lang, []).extend(ps)
            grammar = self.grammar(per_lang, keys, longest, None if longest == 1 else "#")
            return Menu(nid, span, **self.listening(unit, base, node),
                        grammar=dataclasses.replace(grammar, any_key=catch_all is not None), choices=tuple(choices))
        if isinstance(node, m.CollectNode):
            valid = self.expression(src, (*base, "valid"), node.valid) if node.valid else None
            confirm: Prompt | None = None
            if node.confirm is True:
                confirm = Prompt(Text({}))  # the built-in confirm prompt
            elif node.confirm not in (False, None):
                confirm = self.prompt(src, (*base, "confirm"), node.confirm)
            if node.max_length is not None and node.max_length < node.min_length:
                self.error(src, (*base, "max_length"), "invalid-value", "max_length is smaller than min_length")
            grammar_words: dict[str, list[str]] = {}
            for lang in self.languages:
                if node.kind == "yes_no":
                    yes, no = words.YES_NO.get(lang, words.YES_NO["en"])
                    grammar_words[lang] = [*yes, *no]
                elif node.kind in ("digits", "number"):
                    grammar_words[lang] = [*words.DIGIT_WORDS.get(lang, words.DIGIT_WORDS["en"])]
            dtmf_keys = ["1", "2"] if node.kind == "yes_no" else [*"0123456789", node.finish_key] if node.kind in ("digits", "number") else []
            grammar = self.grammar(grammar_words, dtmf_keys, 1 if node.kind == "yes_no" else node.max_length,
                                   None if node.kind == "yes_no" else node.finish_key)
            if node.kind == "speech":  # free speech: no phrase list (the human phrases are still matched in the text)
                grammar = Grammar({lang: () for lang in self.languages}, grammar.dtmf, grammar.max_digits, grammar.finish_key)
            return Collect(
                nid, span, **self.listening(unit, base, node),
                grammar=grammar,
                slot=node.slot or nid.rsplit(".", 1)[-1],
                input=node.kind,
                min_length=node.min_length,
                max_length=node.max_length,
                finish_key=node.finish_key,
                min=node.min,
                max=node.max,
                valid=valid,
                invalid=self.prompts(src, (*base, "invalid"), node.invalid),
                confirm=confirm,
                sensitive=node.sensitive,
                next=self.target(unit, (*base, "next"), node.next),
            )
        if isinstance(node, m.SayNode):
            return Say(nid, span, self.prompt(src, (*base, "prompt"), node.prompt),
                       self.barge_in if node.barge_in is None else node.barge_in, self.target(unit, (*base, "next"), node.next))
        if isinstance(node, m.SetNode):
            values = {name: self.check_set_value(src, (*base, "set", name), name, v) for name, v in node.set.items()}
            return Assign(nid, span, values, self.target(unit, (*base, "next"), node.next))
        if isinstance(node, m.BranchNode):
            cases = []
            for i, case in enumerate(node.when):
                e = self.expression(src, (*base, "when", i, "if"), case.if_)
                t = self.target(unit, (*base, "when", i, "next"), case.next)
                if e is not None and t is not None:
                    cases.append((e, t))
            return Branch(nid, span, tuple(cases), self.target(unit, (*base, "else"), node.else_))
        if isinstance(node, m.HttpNode):
            rendered = words.render(node.url, {n: "x" for n in words.template_names(node.url)})
            if not re.match(r"^https?://[^/\s]+", rendered):
                self.error(src, (*base, "url"), "bad-url", f"{node.url!r} is not an http:// or https:// URL")
            for name in node.sensitive:
                if name not in node.save:
                    self.error(src, (*base, "sensitive"), "invalid-value", f"{name!r} is not one of the saved slots")
            assert self.human is not None
            on_error = self.target(unit, (*base, "on_error"), node.on_error)
            return Http(nid, span, node.method, node.url, dict(node.headers), node.body, node.timeout, dict(node.save),
                        frozenset(node.sensitive), self.target(unit, (*base, "next"), node.next), on_error or "")
        if isinstance(node, m.TransferNode):
            given = [x for x in (node.queue, node.number, node.sip) if x is not None]
            if len(given) != 1:
                self.error(src, base, "missing-field" if not given else "invalid-value",
                           f"transfer {nid!r} needs exactly one of 'queue', 'number' or 'sip'")
            announce = self.prompt(src, (*base, "announce"), node.announce) if node.announce is not None else None
            return Transfer(nid, span, node.queue, node.number, announce, node.announce_position, node.max_wait,
                            self.target(unit, (*base, "on_failure"), node.on_failure) or VOICEMAIL, node.sip, node.person)
        if isinstance(node, m.RecordNode):
            prompt = self.prompt(src, (*base, "prompt"), node.prompt) if node.prompt is not None else None
            nxt = self.target(unit, (*base, "next"), node.next)
            if node.type == "voicemail":
                prompt = prompt or Prompt(None)  # None text: the built-in voicemail prompt
                nxt = nxt or GOODBYE
            return Record(nid, span, prompt, node.slot or nid.rsplit(".", 1)[-1], node.max_length, node.finish_key, node.beep, nxt)
        if isinstance(node, m.HangupNode):
            return Hangup(nid, span, self.prompt(src, (*base, "prompt"), node.prompt) if node.prompt is not None else None)
        if isinstance(node, m.ReturnNode):
            self.alias[nid] = unit.returns_to if unit.returns_to is not None else GOODBYE
            return None
        if isinstance(node, m.SubflowNode):
            self.subflow(unit, base, nid, node, stack)
            return None
        raise AssertionError(node)  # pragma: no cover

    def check_set_value(self, src: Source, path: Path, name: str, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            return self.expression(src, path, value[1:])
        if name == "language" and value not in self.languages and not (isinstance(value, str) and "{" in value):
            self.error(src, path, "unknown-language", f"language {value!r} is not in this flow's languages "
                       f"({', '.join(self.languages)})", self.hint(str(value), self.languages)
                       or f"add {value!r} to 'languages'")
        return value

    def subflow(self, unit: _Unit, base: Path, nid: str, node: m.SubflowNode, stack: list[str]) -> None:
        src = unit.source
        path = join_path(src.file, node.flow)
        after = self.target(unit, (*base, "next"), node.next)
        if path in stack:
            loop = " -> ".join([*stack[stack.index(path):], path])
            what = f"subflow {node.flow!r} calls itself" if stack[-1] == path else "subflows call each other in a loop"
            self.error(src, (*base, "flow"), "subflow-cycle", f"{what}: {loop}")
            return
        if len(stack) > MAX_SUBFLOW_DEPTH:
            self.error(src, (*base, "flow"), "subflow-depth", f"subflows nested more than {MAX_SUBFLOW_DEPTH} deep: "
                       f"{stack[0]} -> ... -> {stack[-1]} -> {path}", "let a subflow return, and have its caller call the next one")
            return
        if self.read is None:
            self.error(src, (*base, "flow"), "missing-file", f"cannot read subflow {node.flow!r} here")
            return
        if self.too_big:
            return
        self.subflow_calls += 1
        if self.subflow_calls > MAX_SUBFLOW_CALLS:
            self.too_big = True
            self.error(src, (*base, "flow"), "subflow-size", f"more than {MAX_SUBFLOW_CALLS:,} subflow calls once subflows "
                       "are inlined (each call copies its subflow in)", "call subflows from fewer places, or nest them less")
            return
        try:
            data = self.read(path)
        except TooLarge as e:
            self.diags.append(e.diagnostic(path))
            return
        except (OSError, ValueError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            self.error(src, (*base, "flow"), "missing-file", f"cannot read subflow {node.flow!r}: {reason}")
            return
        self.inlined_bytes += len(data)
        if self.inlined_bytes > MAX_INLINED_BYTES:
            self.too_big = True
            self.error(src, (*base, "flow"), "subflow-size", f"the flow and its subflows come to more than {MAX_INLINED_BYTES:,} "
                       "bytes once inlined (each call copies its subflow in)", "call big subflows from fewer places")
            return
        try:
            sub_src = load_source(data, path)
            self.texts[path] = data
        except FlowError as e:
            self.diags.extend(e.diagnostics)
            return
        if path not in self.files:
            self.files.append(path)
        saved = self._bad_ids
        self._bad_ids = set()
        doc = self.validate(sub_src)
        if doc is not None:
            extra = [lang for lang in doc.languages if lang not in self.languages]
            if extra and "languages" in sub_src.data:
                self.warn(sub_src, ("languages",), "subflow-languages",
                          f"languages {', '.join(extra)} are not in the calling flow; the caller's languages are used")
            sub = _Unit(sub_src, doc, nid + ".", set(doc.nodes), after)
            defaults = (self.timeout, self.retries, self.barge_in)
            given = doc.model_fields_set
            self.timeout = doc.timeout if "timeout" in given else self.timeout
            self.retries = doc.retries if "retries" in given else self.retries
            self.barge_in = doc.barge_in if "barge_in" in given else self.barge_in
            for name, hours in self.compile_hours(sub_src, doc).items():
                if name in self.hours and self.hours[name] != hours:
                    self.error(sub_src, ("hours", name), "hours-conflict",
                               f"hours {name!r} differ from the calling flow's hours of the same name", key=True)
                self.hours.setdefault(name, hours)
                self.hours_names.add(name)
            for name in sorted(given & {"human", "prompts", "confidence", "confirm_below", "max_turns", "voice", "asr", "start"} - {"start"}):
                self.warn(sub_src, (name,), "subflow-settings",
                          f"'{name}' in a subflow is ignored; the calling flow's setting applies")
            self.alias[nid] = self.compile_unit(sub, [*stack, path])
            self.timeout, self.retries, self.barge_in = defaults
        self._bad_ids = saved

    def add_builtins(self, queue: str) -> None:
        """The built-in human transfer, voicemail and goodbye; unused ones are dropped in resolve()."""
        here = Span("<built-in>", 1, 1)
        self.nodes[HUMAN] = Transfer(HUMAN, here, queue, None, None, True, None, VOICEMAIL)
        self.nodes[VOICEMAIL] = Record(VOICEMAIL, here, Prompt(None), "voicemail", 120, "#", True, GOODBYE)
        self.nodes[GOODBYE] = Hangup(GOODBYE, here, None)

    # -- resolution ----------------------------------------------------------------------------

    def check_human_targets(self, nodes: Mapping[str, Node]) -> None:
        """A human edge must hand the call over (or take a message), never ask again: a caller who
        failed there would be sent back to the same question forever."""
        assert self.human is not None
        targets = {self.follow(self.human.target) or HUMAN: "@human.target"}
        for nid, node in nodes.items():
            if isinstance(node, (Menu, Collect)) and f"{nid}.human.target" in self.locations:
                targets.setdefault(node.human_target, f"{nid}.human.target")
        asks = _nearest_question(nodes)
        for target, where in targets.items():
            step = asks.get(target)
            if step is not None:
                span = self.locations.get(where) or self.human_span
                self.diags.append(Diagnostic(span.file, span.line, span.col, "error", "human-target-listens",
                                             f"the way to a person leads to {step!r}, which asks the caller again",
                                             "point it at a transfer (or a voicemail); a menu of queues can't be the human escape"))

    def follow(self, target: str | None) -> str | None:
        seen = set()
        while target in self.alias and target not in seen:
            seen.add(target)
            target = self.alias[target]
        return target

    def resolve(self) -> dict[str, Node]:
        assert self.human is not None
        human = self.follow(self.human.target) or HUMAN
        out: dict[str, Node] = {}
        for nid, node in self.nodes.items():
            out[nid] = _retarget(node, self.follow, human)
        # keep built-ins only where something leads to them
        used = {t for n in out.values() for t, _ in n.edges()} | {human}
        for builtin in (HUMAN, VOICEMAIL, GOODBYE):
            if builtin not in used:
                del out[builtin]
                used = {t for n in out.values() for t, _ in n.edges()} | {human}
        return out


def _menu_after(nodes: Mapping[str, Node], target: str) -> Menu | None:
    node = nodes.get(target)
    return node if isinstance(node, Menu) else None


def _with_beyond(nodes: dict[str, Node]) -> dict[str, Node]:
    """Every option that leads to another menu learns what that menu offers (``Choice.beyond``), less what leads back
    here or where an option of this menu leads itself: at the city's "anything else?" menu "I want to pay a bill" is the
    main menu, but "trash days" is its own "hear it again", and at the phone tree's planets "call a planet" is no reason to
    go back to the main menu that led here."""
    out = dict(nodes)
    for nid, node in nodes.items():
        if not isinstance(node, Menu):
            continue
        here = {nid} | {c.target for c in node.choices}
        choices = []
        for c in node.choices:
            after = _menu_after(nodes, c.target)
            if after is None or after.id == nid:
                choices.append(c)
                continue
            there = [o for o in after.choices if o.target not in here and _menu_after(nodes, o.target) is not node]
            beyond = {lang: tuple(p for o in there for p in o.terms.get(lang, ())) for lang in c.terms}
            choices.append(dataclasses.replace(c, beyond={lang: ps for lang, ps in beyond.items() if ps}))
        out[nid] = dataclasses.replace(node, choices=tuple(choices))
    return out


def _nearest_question(nodes: Mapping[str, Node]) -> dict[str, str]:
    """For each node from which the call can reach a menu or collect without first being handed over (a
    transfer, a record or a hangup), the nearest such menu or collect: one walk back from all of them."""
    before: dict[str, list[str]] = {}
    for nid, node in nodes.items():
        if not isinstance(node, (Transfer, Record, Hangup, Menu, Collect)):
            for t, _ in node.edges():
                before.setdefault(t, []).append(nid)
    nearest = {nid: nid for nid, node in nodes.items() if isinstance(node, (Menu, Collect))}
    todo = collections.deque(nearest)
    while todo:
        nid = todo.popleft()
        for prev in before.get(nid, ()):
            if prev not in nearest:
                nearest[prev] = nearest[nid]
                todo.append(prev)
    return nearest


def _retarget(node: Node, follow: Callable[[str | None], str | None], human: str) -> Node:
    changes: dict[str, Any] = {}
    for name in ("next", "otherwise", "on_failure"):
        if hasattr(node, name):
            changes[name] = follow(getattr(node, name))
    if isinstance(node, Http):
        changes["on_error"] = follow(node.on_error) if node.on_error else human
    if isinstance(node, (Menu, Collect)):
        changes["human_target"] = follow(node.human_target) if node.human_target != HUMAN else human
    if isinstance(node, Menu):
        changes["choices"] = tuple(dataclasses.replace(c, target=follow(c.target) or "") for c in node.choices)
    if isinstance(node, Branch):
        changes["cases"] = tuple((e, follow(t) or "") for e, t in node.cases)
    return dataclasses.replace(node, **changes) if changes else node


_PROMPT_NAMES = ("no_input", "no_match", "escalate", "ambiguous", "confirm", "confirm_option", "goodbye", "human", "voicemail", "queue")
_LANGUAGE_CODES = {
    "english": "en", "spanish": "es", "espanol": "es", "español": "es", "french": "fr", "francais": "fr", "german": "de",
    "deutsch": "de", "persian": "fa", "farsi": "fa", "arabic": "ar", "korean": "ko", "portuguese": "pt", "italian": "it",
    "chinese": "zh", "japanese": "ja", "russian": "ru", "hindi": "hi", "turkish": "tr", "dutch": "nl", "polish": "pl",
}


def _as_name(text: str, extra: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_" + re.escape(extra) + "]+", "_", text).strip("_")
    return name if name[:1].isalpha() else f"n_{name}"


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe_place(path: Path) -> str:
    if len(path) >= 2 and path[0] == "nodes":
        where = f"node {path[1]!r}"
        if len(path) >= 4 and path[2] == "options" and isinstance(path[3], int):
            return f"option {path[3] + 1} of {where}"
        return where
    return repr(".".join(map(str, path))) if path else "the flow"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return tuple(seen)


_NODE_MODELS: dict[str, type[BaseModel]] = {
    "menu": m.MenuNode, "collect": m.CollectNode, "say": m.SayNode, "set": m.SetNode, "branch": m.BranchNode,
    "http": m.HttpNode, "transfer": m.TransferNode, "record": m.RecordNode, "voicemail": m.RecordNode,
    "subflow": m.SubflowNode, "return": m.ReturnNode, "hangup": m.HangupNode,
}


def _child(value: Any, part: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation like ``list[Option] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


