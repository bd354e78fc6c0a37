"""Reading flow files from disk: the I/O around the pure compiler."""

from __future__ import annotations

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


def resolve_audio(flow_file: str, path: str) -> Path | None:
    """Find an audio prompt: next to the flow file, in the project's audio/ beside flows/, or from here."""
    base = Path(flow_file).parent
    for candidate in (base / path, base.parent / "audio" / path, base / "audio" / path, Path("audio") / path, Path(path)):
        if candidate.is_file():
            return candidate
    return None


def audio_exists(flow_file: str, path: str) -> bool:
    return resolve_audio(flow_file, path) is not None
