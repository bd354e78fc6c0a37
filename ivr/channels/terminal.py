"""The interactive simulator: talk to a flow in the terminal by typing."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markup import escape

from ivr.channels import sim
from ivr.engine import effects as fx
from ivr.engine.events import CallerHungUp, DigitsEntered, NoInput, SpeechRecognized
from ivr.flow.machine import Flow

HELP = ("Type words to speak, digits (0-9 * #) to press keys, /silence to say nothing, /hangup to hang up, "
        "/state to see the call's state, /help for this.")


def _style(entry: dict[str, object]) -> str:
    who = entry["who"]
    text = escape(str(entry["text"]))
    if who == "ivr":
        audio = entry.get("audio")
        played = f" [dim](plays {escape(str(audio))})[/]" if audio else ""  # a recording or a URL Twilio fetches
        if entry.get("played") == "text":
            played = f" [yellow](cannot play {escape(str(audio))}: its text is spoken)[/]"
        elif entry.get("played") == "recording":
            played = f" [dim](plays {escape(str(audio))}, {entry.get('seconds')} s, heard as {escape(repr(entry.get('heard')))})[/]"
        said_in = ", ".join(escape(str(entry[k])) for k in ("language", "voice") if entry.get(k))
        return f"[bold cyan]IVR[/]    {f'[dim]({said_in})[/] ' if said_in else ''}{text}{played}"
    if who == "caller":
        shown = text or f"({entry['input']})"
        return f"[bold green]caller[/] {shown}"
    return f"[dim]       · {text}[/]"


def print_transcript(result: sim.CallResult, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    for entry in result.transcript:
        console.print(_style(entry))
    print_summary(console, result)


def print_summary(console: Console, result: sim.CallResult, *, context: bool = False) -> None:
    """Outcome, path and slots; the transfer briefly, or its whole hand-over context."""
    console.print(f"[bold]outcome:[/] {result.outcome}   [bold]path:[/] {' → '.join(result.path)}")
    if result.slots:
        console.print(f"[bold]slots:[/] {escape(str(result.slots))}")
    if result.transfer and context:
        console.print("[bold]hand-over context:[/]")
        console.print_json(data=result.transfer["context"])
    elif result.transfer:
        ctx = result.transfer["context"]
        to = result.transfer["queue"] or result.transfer["number"]
        console.print(f"[bold]transfer:[/] {escape(str(to))} (reason: {ctx['reason']}); the agent sees "
                      f"{len(ctx['said'])} answers and {len(ctx['slots'])} slots")


def interactive(flow: Flow, *, at: str | None, language: str | None, caller: str | None,
                http: sim.HttpHandler | None, transfer: str, queue_wait: float) -> None:
    console = Console(highlight=False)
    runner = sim.Runner(flow, at=at, http=http, transfer=transfer, queue_wait=queue_wait, language=language, caller=caller)
    shown = 0

    def show(call: sim.Call) -> None:
        nonlocal shown
        for entry in call.transcript[shown:]:
            if entry["who"] != "caller":
                console.print(_style(entry))
        shown = len(call.transcript)

    console.print(f"[bold]Calling {escape(flow.name)}[/] ({', '.join(flow.languages)}). {HELP}")
    call = sim.Call(flow, at=at or runner.at, language=language, caller=caller)
    call.start()
    slots: dict[str, object] = {}
    while True:
        runner.settle(call, [])
        show(call)
        if call.state.masked_slots() != slots:
            slots = call.state.masked_slots()
            console.print(f"[dim]       slots: {escape(str(slots))}[/]")
        if call.ended:
            break
        listen = next((e for e in reversed(call.last_effects) if isinstance(e, fx.Listen)), None)
        if listen is not None:
            keys = listen.dtmf.shown()
            words = ", ".join(listen.phrases[:8]) + (", …" if len(listen.phrases) > 8 else "")
            console.print(f"[dim]       {escape('[' + call.state.node + ']')} keys: {escape(keys)}"
                          + (f"; say: {escape(words)}" if words and listen.mode != "collect" else "") + "[/]")
        try:
            line = console.input("[bold green]you>[/] ").strip()
        except EOFError:
            line = "/hangup"
        if not line:
            continue
        if line in ("/help", "/?"):
            console.print(HELP)
            continue
        if line == "/state":  # as a person may see it: sensitive answers masked, as in transcripts and records
            visible = json.loads(call.state.to_json())
            visible["slots"], visible["vars"] = call.state.masked_slots(), call.state.masked_vars()
            console.print_json(data=visible)
            continue
        if line in ("/silence", "/s"):
            call.send(NoInput())
        elif line in ("/hangup", "/quit", "/q", "/exit"):
            call.send(CallerHungUp())
        elif line.startswith("/"):
            console.print(f"[yellow]unknown command {escape(line)}[/]. {HELP}")
            continue
        elif all(c in "0123456789*#" for c in line.replace(" ", "")):
            call.send(DigitsEntered(line.replace(" ", "")))
        else:
            call.send(SpeechRecognized(line, 1.0))
    show(call)
    print_summary(console, call.result(), context=True)
