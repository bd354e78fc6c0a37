"""The designer's folder of flows: listing, reading, validating and saving, all confined to one folder.

No web framework here. Every path a browser names goes through :meth:`Workspace.resolve`, which
refuses absolute paths, ``..``, hidden files and folders (``.git/hooks``) and anything (symlinks
included) that resolves outside the folder. Saving writes exactly the text the user edited (comments
and formatting stay as typed) and refuses to overwrite a file that changed on disk since it was
opened, returning the difference instead; the check and the replace are one step under a lock that
other threads and other processes (several workers, a second designer) respect.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
import math
import os
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ivr.errors import Diagnostic, FlowError
from ivr.flow import checks
from ivr.flow.compiler import compile_flow
from ivr.flow.machine import BUILTIN, Flow
from ivr.flow.source import MAX_BYTES, TooLarge
from ivr.loading import read_flow_file, recording_facts, resolve_audio
from ivr.speech import unheard_words

try:
    import fcntl
except ImportError:  # Windows: the lock holds between threads only
    fcntl = None  # type: ignore[assignment]

_FLOW = re.compile(rb"(?m)^nodes\s*:")
_SKIP = {"responses", "populations", "tests", "scripts", ".git", "__pycache__", "node_modules"}
MAX_NAME = 1024  # longer than any path a file system takes (PATH_MAX is 4096, a name 255 bytes): refused before it is looked at
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

TEMPLATE = """\
# A new call flow. Each node is a step of the call; 'next' says where the call goes after it.
# Every menu can always reach a person: callers say "agent" or press 0.
name: {name}
languages: [en]

nodes:
  welcome:
    type: say
    prompt: Thank you for calling.
    next: main

  main:
    type: menu
    prompt: For opening hours, press 1 or say hours. To talk to someone, press 0.
    options:
      - dtmf: "1"
        phrases: [hours, opening hours]
        next: hours

  hours:
    type: say
    prompt: We are open every weekday from nine to five.
    next: goodbye

  goodbye:
    type: hangup
    prompt: Thank you for calling. Goodbye.
"""


class Refused(Exception):
    """A request the workspace will not carry out; ``status`` is the HTTP status it maps to."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def version(data: bytes) -> str:
    """What identifies one content of a file: a save names the version it was edited from."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Report:
    """What the compiler and the checks say about one text: the designer shows it beside the editor."""

    file: str
    diagnostics: list[Diagnostic]
    flow: Flow | None
    reach: dict[str, float | None] = field(default_factory=dict)  # node -> worst-case seconds to a person (None: never)
    # node -> the same outside opening hours, where branches on the hours make it differ (reach is then while open)
    reach_closed: dict[str, float | None] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if any(d.severity == "error" for d in self.diagnostics):
            return "errors"
        return "warnings" if self.diagnostics else "valid"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "errors": sum(d.severity == "error" for d in self.diagnostics),
            "warnings": sum(d.severity == "warning" for d in self.diagnostics),
            "diagnostics": [d.as_dict() for d in self.diagnostics],
            "languages": list(self.flow.languages) if self.flow else [],
            "nodes": {nid: {"kind": n.kind, "file": n.span.file, "line": n.span.line, "to_human": self.reach.get(nid),
                            **({"to_human_closed": self.reach_closed[nid]} if nid in self.reach_closed else {})}
                      for nid, n in (self.flow.nodes if self.flow else {}).items() if nid not in BUILTIN},
        }


@dataclass
class Conflict:
    """The file changed on disk since it was opened: nothing was written."""

    diff: str
    version: str  # the version now on disk, to overwrite it knowingly


REPORTS_KEPT = 4  # texts whose report Workspace.validated remembers


class _Inputs:
    """What one validation read besides the flow's own text: each included file's version (None: it
    could not be read) and each audio file's presence. The same answers again mean the same report."""

    def __init__(self) -> None:
        self.files: dict[str, str | None] = {}
        self.audio: dict[tuple[str, str], bool] = {}
        self.recordings: dict[tuple[str, str], object] = {}

    def reading(self, read: Callable[[str], bytes]) -> Callable[[str], bytes]:
        def recorded(name: str) -> bytes:
            try:
                data = read(name)
            except (OSError, TooLarge):
                self.files[name] = None
                raise
            self.files[name] = version(data)
            return data

        return recorded

    def probing(self, exists: Callable[[str, str], bool]) -> Callable[[str, str], bool]:
        def recorded(flow_file: str, path: str) -> bool:
            found = self.audio[flow_file, path] = exists(flow_file, path)
            return found

        return recorded

    def measuring(self, facts: Callable[[str, str], checks.RecordingFacts | str | None]) -> Callable[[str, str], checks.RecordingFacts | str | None]:
        def recorded(flow_file: str, path: str) -> checks.RecordingFacts | str | None:
            found = self.recordings[flow_file, path] = facts(flow_file, path)
            return found

        return recorded

    def unchanged(self, read: Callable[[str], bytes], exists: Callable[[str, str], bool],
                  facts: Callable[[str, str], checks.RecordingFacts | str | None]) -> bool:
        for name, seen in self.files.items():
            try:
                now: str | None = version(read(name))
            except (OSError, TooLarge):
                now = None
            if now != seen:
                return False
        return all(exists(flow_file, path) == found for (flow_file, path), found in self.audio.items()) \
            and all(facts(flow_file, path) == seen for (flow_file, path), seen in self.recordings.items())


class Workspace:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self._saving = threading.Lock()
        self._statuses: dict[str, tuple[str, _Inputs, dict[str, Any]]] = {}  # file -> (its version, what else it read, its line)
        self._statuses_lock = threading.RLock()
        self._reports: OrderedDict[tuple[str, str], tuple[_Inputs, Report]] = OrderedDict()  # the last texts checked
        self._reports_lock = threading.Lock()

    # -- paths -----------------------------------------------------------------------------------

    def resolve(self, name: str) -> Path:
        """The file ``name`` (a relative POSIX path) inside the folder; Refused(403) for anything else."""
        pure = PurePosixPath(name)
        if not name or "\\" in name or "\0" in name or pure.is_absolute() or ".." in pure.parts or name.startswith("~"):
            raise Refused(403, f"{name!r} is not a path inside the designer's folder")
        path = (self.root / pure).resolve()
        if not path.is_relative_to(self.root):
            raise Refused(403, f"{name!r} leads outside the designer's folder")
        if any(part.startswith(".") for part in (*pure.parts, *path.relative_to(self.root).parts)):
            raise Refused(403, f"{name!r} is hidden (a name starting with '.'); the designer leaves hidden files and folders alone")
        return path

    def name_of(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def read_inside(self, name: str) -> bytes:
        """Reads a file for the compiler (subflows), confined like every other read."""
        try:
            path = self.resolve(name)
        except Refused as e:
            raise OSError(e.message) from None
        return read_flow_file(path)

    # -- listing and reading -----------------------------------------------------------------------

    def flows(self) -> list[str]:
        """Every flow file in the folder (YAML with a top-level ``nodes:``), sorted."""
        found = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP and not d.startswith("."))
            for f in filenames:
                if not f.endswith((".yaml", ".yml")) or f.startswith("."):
                    continue
                path = Path(dirpath) / f
                try:
                    if not path.resolve().is_relative_to(self.root):
                        continue
                    head = read_flow_file(path)  # regular files only: a FIFO would hold the listing for ever
                except (OSError, TooLarge):
                    continue
                if _FLOW.search(head):
                    found.append(path.relative_to(self.root).as_posix())
        return sorted(found)

    def read(self, name: str) -> tuple[str, str]:
        """The text of a flow file and its version."""
        path = self.resolve(name)
        try:
            data = read_flow_file(path)
        except TooLarge:
            raise Refused(413, f"{name!r} is over {MAX_BYTES:,} bytes, the limit for a flow; open it in another editor") from None
        except FileNotFoundError:
            raise Refused(404, f"no file {name!r} in the designer's folder") from None
        except IsADirectoryError:
            raise Refused(404, f"{name!r} is a folder, not a flow file") from None
        except OSError as e:
            raise Refused(404, f"cannot read {name!r}: {e.strerror or e}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(415, f"{name!r} is not UTF-8 text") from None
        return text, version(data)

    # -- validating ---------------------------------------------------------------------------------

    def validate(self, name: str, text: str, inputs: _Inputs | None = None) -> Report:
        """Compile ``text`` as the file ``name`` (subflows read from the folder) and run the checks:
        the one compiler every other front end uses. ``inputs``, when given, collects what else the
        answer depends on: the files the compiler read and the audio files the checks looked for."""
        read: Callable[[str], bytes] = self.read_inside
        audio_exists: Callable[[str, str], bool] = self._audio_exists
        recording: Callable[[str, str], checks.RecordingFacts | str | None] = self._recording_facts
        if inputs is not None:
            read, audio_exists = inputs.reading(self.read_inside), inputs.probing(self._audio_exists)
            recording = inputs.measuring(self._recording_facts)
        try:
            flow = compile_flow(text, name, read=read)
        except FlowError as e:
            return Report(name, list(e.diagnostics), None)
        options = checks.Options(audio_exists=audio_exists, unheard=unheard_words(), recording=recording)
        diagnostics = checks.check(flow, options)
        reach: dict[str, float | None] = {}
        closed: dict[str, float | None] = {}
        for r in checks.human_reach(flow, checks.recorded_seconds(flow, options)):
            reach[r.node] = _worst(r)
            if r.closed is not None:
                closed[r.node] = _worst(r.closed)
        return Report(name, diagnostics, flow, reach, closed)

    def validated(self, name: str, text: str) -> Report:
        """validate(), remembered for the last few texts: the page asks for the report of a text and then for
        its graph, and a 500-node flow takes most of a second to check. Worked out again when a file the text
        includes or an audio file it names has changed since."""
        key = (name, text)
        with self._reports_lock:
            known = self._reports.get(key)
        if known is not None and known[0].unchanged(self.read_inside, self._audio_exists, self._recording_facts):
            with self._reports_lock:
                if key in self._reports:
                    self._reports.move_to_end(key)
            return known[1]
        inputs = _Inputs()
        report = self.validate(name, text, inputs)
        with self._reports_lock:
            self._reports[key] = (inputs, report)
            while len(self._reports) > REPORTS_KEPT:
                self._reports.popitem(last=False)
        return report

    def _audio_exists(self, flow_file: str, path: str) -> bool:
        """Audio in the folder, or in audio/ beside it (where 'ivr audio render' writes); nothing
        else is looked at, so a flow cannot tell whether a file exists anywhere else."""
        try:
            return resolve_audio(str(self.resolve(flow_file)), path, inside=(self.root, self.root.parent / "audio")) is not None
        except Refused:
            return False

    def recording(self, flow_file: str, path: str) -> Path:
        """The recording a flow in the folder names as ``audio:``, found as a call finds it (beside the
        flow, or in audio/ beside the folder) and confined as flow files are: a path that is absolute,
        climbs out with ``..``, holds a NUL or a backslash, is hidden, is longer than any file name, or
        leads (through a symlink) outside those folders is refused (403); one not there is 404."""
        flow = self.resolve(flow_file)
        pure = PurePosixPath(path)
        if not path or len(path) > MAX_NAME or "\\" in path or "\0" in path or pure.is_absolute() or ".." in pure.parts \
                or path.startswith("~") or any(part.startswith(".") for part in pure.parts):
            raise Refused(403, f"{path[:80]!r} is not a path inside the designer's folder")
        roots = (self.root, self.root.parent / "audio")
        found = resolve_audio(str(flow), path, inside=roots)
        if found is None:
            raise Refused(404, f"no recording {path!r} beside {flow_file!r} or in its audio folder")
        real = found.resolve()
        root = next(r.resolve() for r in roots if real.is_relative_to(r.resolve()))
        if any(part.startswith(".") for part in real.relative_to(root).parts):
            raise Refused(403, f"{path!r} is hidden (a name starting with '.'); the designer leaves hidden files and folders alone")
        return real

    def _recording_facts(self, flow_file: str, path: str) -> checks.RecordingFacts | str | None:
        try:
            return recording_facts(str(self.resolve(flow_file)), path, inside=(self.root, self.root.parent / "audio"))
        except Refused:
            return None

    def status(self, name: str) -> dict[str, Any]:
        """The flow list's line for ``name``. Remembered by file version: it is worked out again only
        when the file, a file it includes, or an audio file it names has changed since."""
        try:
            text, ver = self.read(name)
        except Refused as e:
            return {"file": name, "status": "errors", "errors": 1, "warnings": 0, "message": e.message}
        with self._statuses_lock:  # one at a time: a list asked for while warm() runs waits for its answers, not works them out again
            known = self._statuses.get(name)
            if known is not None and known[0] == ver and known[1].unchanged(self.read_inside, self._audio_exists, self._recording_facts):
                return dict(known[2])
            inputs = _Inputs()
            report = self.validate(name, text, inputs)
            line = {"file": name, "status": report.status, "errors": sum(d.severity == "error" for d in report.diagnostics),
                    "warnings": sum(d.severity == "warning" for d in report.diagnostics),
                    "title": report.flow.name if report.flow else None}
            self._statuses[name] = (ver, inputs, line)
            return dict(line)

    def warm(self) -> None:
        """Work out every flow's line of the list ahead (for ``ivr designer``, in a thread as it starts):
        the first list a browser asks for is then answered from memory, as the later ones are."""
        try:
            for name in self.flows():
                self.status(name)
        except Exception:  # a bug shows when the list is asked for, with its message; warming up is only a head start
            logging.getLogger(__name__).exception("warming up the flow list failed")

    # -- writing -----------------------------------------------------------------------------------

    def save(self, name: str, text: str, base: str | None) -> str | Conflict:
        """Write ``text`` to ``name`` if the file is still at version ``base`` (None: a new file that
        must not exist yet). Returns the new version, or a Conflict with the difference. Of several
        saves from one version, exactly one is written: the others get the Conflict."""
        path = self.resolve(name)
        if not path.name.endswith((".yaml", ".yml")):
            raise Refused(403, "the designer only writes .yaml flow files")
        data = text.encode("utf-8")
        if len(data) > MAX_BYTES:
            raise Refused(413, f"{name!r} would be {len(data):,} bytes; flows are limited to {MAX_BYTES:,}")
        if base is None:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            return self._conflict(name, None, text)
        with self._locked(path.parent):
            try:
                current: bytes | None = read_flow_file(path)
            except FileNotFoundError:
                current = None
            except TooLarge:
                raise Refused(409, f"{name!r} on disk is over {MAX_BYTES:,} bytes; the designer leaves it alone") from None
            except OSError as e:
                raise Refused(409, f"cannot read {name!r}: {e.strerror or e}") from None
            if current is not None and version(current) != base or current is None and base is not None:
                return self._conflict(name, current, text)
            if current is not None and b"\r\n" in current and "\r\n" not in text:
                data = text.replace("\n", "\r\n").encode("utf-8")  # browsers give text areas "\n"; keep the file's line ends
                if len(data) > MAX_BYTES:
                    raise Refused(413, f"{name!r} would be {len(data):,} bytes with its CRLF line ends; flows are limited to {MAX_BYTES:,}")
            self._replace(path, data, None if current is None else path.stat().st_mode & 0o777)
        return version(data)

    @staticmethod
    def _conflict(name: str, current: bytes | None, text: str) -> Conflict:
        theirs = (current or b"").decode("utf-8", errors="replace")
        diff = "".join(difflib.unified_diff(theirs.splitlines(keepends=True), text.splitlines(keepends=True),
                                            f"{name} (on disk now)", f"{name} (your edit)"))
        return Conflict(diff or "(the file on disk now has the same text as yours)", version(current) if current is not None else "")

    @contextmanager
    def _locked(self, folder: Path) -> Iterator[None]:
        """Held from the version check to the replace: by this process's threads, and by other
        processes through flock on the file's folder (no lock file is left behind)."""
        with self._saving:
            fd = None
            if fcntl is not None:
                try:
                    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except OSError:  # a file system without flock on folders (some network mounts): threads only
                    pass
            try:
                yield
            finally:
                if fd is not None:
                    os.close(fd)  # and the flock with it

    @staticmethod
    def _replace(path: Path, data: bytes, mode: int | None) -> None:
        """Write ``data`` beside ``path`` and rename it over: readers see the old file or the new one,
        never half. A new file gets the mode any new file gets (0666 less the umask); an existing one keeps its own."""
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def new_flow(self, name: str) -> tuple[str, str]:
        """Create ``name`` from the template (refused if it exists); its file name and version."""
        stem = name.removesuffix(".yaml").removesuffix(".yml")
        if not _NAME.match(stem.replace("/", "-")):
            raise Refused(400, "a flow name uses letters, digits, '-', '_' and '.', like 'support'")
        file = stem + ".yaml"
        if self.resolve(file).exists():
            raise Refused(409, f"{file!r} already exists")
        text = TEMPLATE.format(name=stem.rsplit("/", 1)[-1])
        saved = self.save(file, text, None)
        assert isinstance(saved, str)
        return file, saved


def _worst(r: checks.HumanReach) -> float | None:
    worst = max(r.seconds, r.silent_seconds)
    return worst if math.isfinite(worst) else None
