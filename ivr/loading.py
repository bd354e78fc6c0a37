"""Reading flow files from disk: the I/O around the pure compiler."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ivr.errors import Diagnostic, FlowError
from ivr.flow.compiler import compile_flow
from ivr.flow.machine import Flow


def read_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def load_flow(path: str | Path) -> Flow:
    """Read and compile a flow file (and its subflows). Raises FlowError, never a traceback."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise FlowError([Diagnostic(name, 1, 1, "error", "missing-file", "is a directory, not a flow file")]) from None
    except OSError as e:
        raise FlowError([Diagnostic(name, 1, 1, "error", "missing-file", f"cannot read: {e.strerror or e}")]) from None
    return compile_flow(data, name, read=read_bytes)


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
    return resolve_audio(flow_file, path) is not None
