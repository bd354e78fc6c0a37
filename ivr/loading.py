"""Reading flow files from disk: the I/O around the pure compiler."""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ivr.errors import Diagnostic, FlowError
from ivr.flow.checks import RecordingFacts
from ivr.flow.compiler import compile_flow
from ivr.flow.machine import Flow
from ivr.flow.source import MAX_BYTES, TooLarge


def read_flow_file(path: str | Path, *, regular_only: bool = True) -> bytes:
    """A flow file's bytes, read without trusting what the path names.

    Before reading: anything but a regular file is refused when ``regular_only`` (a subflow naming
    /dev/zero would never end, /dev/stdin or a FIFO would wait for ever), without opening it; a file
    over :data:`MAX_BYTES` is refused by its size (:class:`TooLarge`). At most ``MAX_BYTES + 1`` bytes
    are read even so: a file can grow, and /proc files say they are empty."""
    if regular_only:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, a FIFO or a socket)", str(path))
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if regular_only and not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, a FIFO or a socket)", str(path))
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            raise TooLarge(info.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise TooLarge(None)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bytes(path: str) -> bytes:
    """The subflow reader for :func:`~ivr.flow.compiler.compile_flow`: regular files only, size-checked."""
    return read_flow_file(path)


def load_flow(path: str | Path) -> Flow:
    """Read and compile a flow file (and its subflows). Raises FlowError, never a traceback.

    The file named here may be a pipe (``ivr validate /dev/stdin``); the subflows it names may not."""
    name = str(path)
    try:
        data = read_flow_file(path, regular_only=False)
    except IsADirectoryError:
        raise FlowError([Diagnostic(name, 1, 1, "error", "missing-file", "is a directory, not a flow file")]) from None
    except TooLarge as e:
        raise FlowError([e.diagnostic(name)]) from None
    except OSError as e:
        raise FlowError([Diagnostic(name, 1, 1, "error", "missing-file", f"cannot read: {e.strerror or e}")]) from None
    except ValueError:  # a NUL in the path: no file can have that name
        raise FlowError([Diagnostic(name.replace("\0", "\\0"), 1, 1, "error", "missing-file", "cannot read: a file name cannot hold a NUL")]) from None
    return compile_flow(data, name, read=read_bytes)


def prompt_folder(flow: Flow) -> Path:
    """Where a flow's rendered prompts live: ``audio/<flow name>/`` in the flow file's own folder, its project
    (``flows/audio/bank/`` for ``flows/bank.yaml``), whatever the working directory. ``ivr audio render`` writes
    there, and ``ivr serve`` (Twilio's <Play>) and ``ivr call`` play from there."""
    return prompt_folder_of(flow.file, flow.name)


def prompt_folder_of(flow_file: str, flow_name: str) -> Path:
    """:func:`prompt_folder` for a flow known by its file and name (the designer's text is not compiled there)."""
    return Path(flow_file).resolve().parent / "audio" / flow_name


def resolve_audio(flow_file: str, path: str, inside: Sequence[str | Path] | None = None) -> Path | None:
    """Find an audio prompt: next to the flow file, in the project's audio/ beside flows/, or from here.

    Only files inside the project count: the folders ``inside`` (by default the folder above the
    flow's folder, where ``ivr audio render`` writes audio/). A path that leads anywhere else (absolute,
    through ``..`` or a symlink) is not found whether or not a file is there, so a flow cannot be used
    to probe the disk."""
    if not path or "\0" in path:
        return None
    base = Path(flow_file).resolve().parent
    roots = [Path(r).resolve() for r in (inside if inside is not None else [base.parent])]
    for candidate in (base / path, base.parent / "audio" / path, base / "audio" / path, Path("audio") / path, Path(path)):
        try:
            real = candidate.resolve()
            if any(real.is_relative_to(root) for root in roots) and real.is_file():
                return candidate
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def audio_exists(flow_file: str, path: str) -> bool:
    """Whether an ``audio:`` prompt can be played: a file of the project, or an http(s) URL (which Twilio
    fetches itself; it is not fetched here, so checking a flow never calls out)."""
    return is_url(path) or resolve_audio(flow_file, path) is not None


def is_url(path: str) -> bool:
    """An http(s) address with a host, as Twilio's <Play> takes."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(path)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in path)


def recording_facts(flow_file: str, path: str, inside: Sequence[str | Path] | None = None) -> RecordingFacts | str | None:
    """What ``ivr check`` learns of an ``audio:`` prompt by opening it: its :class:`RecordingFacts`, a
    one-line reason it cannot be played, or None for a URL or a file not found (missing-audio says so).
    Without the speech extra nothing is measured."""
    if is_url(path):
        return None
    found = resolve_audio(flow_file, path, inside)
    if found is None:
        return None
    try:
        real = str(found.resolve())
        info = found.stat()
        facts = _measured(real, info.st_mtime_ns, info.st_size)
        return facts.replace(repr(real), repr(path)) if isinstance(facts, str) else facts
    except OSError as e:
        return f"cannot read audio file {path!r}: {e.strerror or e}"


@functools.lru_cache(maxsize=256)
def _measured(path: str, mtime_ns: int, size: int) -> RecordingFacts | str | None:
    """One measurement per version of a file: ``ivr check`` and its time-to-person table ask twice, the designer on every keystroke."""
    try:
        from ivr.speech import recordings
    except ImportError:
        return None
    try:
        return recordings.measure(path)
    except recordings.RecordingError as e:
        return str(e)


def recorded_paths(flow: Flow) -> list[str]:
    """Every ``audio:`` file the flow plays, in every language, once each, in the order written."""
    found: dict[str, None] = {}
    for node in flow.nodes.values():
        for field in ("prompt", "announce", "confirm", "no_input", "no_match", "invalid"):
            value = getattr(node, field, None)
            for prompt in value if isinstance(value, tuple) else (value,):
                audio = getattr(prompt, "audio", None)
                if audio is not None:
                    found.update(dict.fromkeys(audio.by_lang.values()))
    return list(found)
