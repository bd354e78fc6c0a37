"""Recognition off the server's threads: worker processes, and a time limit on every utterance.

PocketSphinx holds the GIL while it decodes: 60 s of noise posted to a free-speech state of the
designer took 35-110 s to decode (the machine idle or busy), and no other request was answered
meanwhile. (Vosk's cffi calls release the GIL: beside a 60 s Vosk decode, another thread was never
held up for more than 9 ms; but the designer picks PocketSphinx for English.) A
:class:`RecognitionPool` recognizes in worker processes instead, each loading its recognizers once
and keeping them; an utterance that runs past the time limit gets its worker killed (a fresh one
starts at the next use) and :class:`RecognitionTimeout`, which a call treats as a turn where
nothing was heard.

No process starts before the first utterance, and at most ``workers`` run at once. Workers are
started from one long-lived thread and ask the kernel to kill them when the process that started
them dies (``PR_SET_PDEATHSIG``, which follows the starting *thread*), so SIGTERM or SIGKILL to the
server leaves none behind; they ignore Ctrl+C, which reaches the whole terminal's process group.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ivr.engine.effects import Listen
from ivr.errors import IvrError
from ivr.speech import Recognized

TIME_LIMIT = 15.0  # seconds of decoding per utterance; a normal answer takes well under one
LOAD_LIMIT = 120.0  # loading a recognizer's model (once per worker) is not counted in the time limit

_SPAWNER = ThreadPoolExecutor(1, thread_name_prefix="ivr-asr-spawner")  # its one thread lives as long as the process


class RecognitionFailed(IvrError):
    """No answer from the recognizer for this utterance: its worker died, or every worker stayed busy."""


class RecognitionTimeout(RecognitionFailed):
    """The utterance took longer than the time limit to recognize; its worker was stopped."""


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection


class RecognitionPool:
    """Up to ``workers`` recognizer processes, started on first use; ``asr`` and ``model`` choose the
    recognizer as :func:`ivr.speech.recognizer` does. Thread-safe: every request thread may call :meth:`hear`."""

    def __init__(self, workers: int = 2, time_limit: float = TIME_LIMIT, asr: str | None = None, model: str | None = None) -> None:
        self.time_limit = time_limit
        self.asr, self.model = asr, model
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._live: dict[int, _Worker] = {}
        self._finalizer = weakref.finalize(self, _stop_all, self._live)

    def hear(self, listen: Listen, wav: bytes) -> tuple[Recognized | None, str]:
        """What the caller said in ``wav`` (a WAV recording :func:`ivr.speech.audio.check_wav` passed),
        recognized with what ``listen`` listens for, and the recognizer's name. Raises
        :class:`RecognitionTimeout` past the time limit, :class:`RecognitionFailed` if no worker answers,
        and the recognizer's own errors (a missing model, say) as they are."""
        if not self._slots.acquire(timeout=self.time_limit):
            raise RecognitionFailed(f"every recognizer stayed busy for {self.time_limit:g} s")
        try:
            worker = self._take()
            healthy = False
            try:
                result = self._run(worker, (self.asr, self.model, listen, wav))
                healthy = True
                return result
            except RecognitionFailed:
                raise
            except IvrError:
                healthy = True  # the recognizer refused the job; its worker is fine
                raise
            finally:
                if healthy:
                    with self._lock:
                        self._idle.append(worker)
                else:
                    self._stop(worker)
        finally:
            self._slots.release()

    def processes(self) -> list[int]:
        """The process ids of the workers running now."""
        with self._lock:
            return sorted(self._live)

    def close(self) -> None:
        """Stop every worker (a recognition in progress then fails); the pool starts new ones if used again."""
        with self._lock:
            self._idle.clear()
        _stop_all(self._live)

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        worker = _SPAWNER.submit(_start).result()
        with self._lock:
            self._live[worker.process.pid] = worker
        return worker

    def _run(self, worker: _Worker, job: tuple[str | None, str | None, Listen, bytes]) -> tuple[Recognized | None, str]:
        try:
            worker.conn.send(job)
        except OSError:
            raise RecognitionFailed("the recognizer's process stopped") from None
        self._answer(worker, LOAD_LIMIT, "loading the recognizer")  # ("ready",)
        answer = self._answer(worker, self.time_limit, "recognition")
        return answer[1], answer[2]

    def _answer(self, worker: _Worker, limit: float, doing: str) -> tuple[Any, ...]:
        try:
            if not worker.conn.poll(limit):
                raise RecognitionTimeout(f"{doing} took longer than {limit:g} s and was stopped")
            answer: tuple[Any, ...] = worker.conn.recv()
        except (EOFError, OSError):
            raise RecognitionFailed("the recognizer's process stopped") from None
        if answer[0] == "error":
            raise answer[1]
        return answer

    def _stop(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._idle:
                self._idle.remove(worker)
        _stop_worker(self._live, worker)


def _stop_worker(live: dict[int, _Worker], worker: _Worker) -> None:
    worker.process.kill()
    worker.process.wait(5)
    worker.conn.close()
    live.pop(worker.process.pid, None)


def _stop_all(live: dict[int, _Worker]) -> None:
    for worker in list(live.values()):
        _stop_worker(live, worker)


def _start() -> _Worker:
    """A new worker process, started on the spawner's thread (see the module's docstring). A plain
    ``python -c`` rather than multiprocessing's spawn, which would run the server's own script again
    in the worker when that script has no ``if __name__ == "__main__"`` guard."""
    ours, theirs = multiprocessing.Pipe()
    here = str(Path(__file__).resolve().parent.parent.parent)  # the ivr this process runs, whatever sys.path says
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)}
    code = f"from ivr.speech.pool import _serve; _serve({theirs.fileno()}, {os.getpid()})"
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL, pass_fds=[theirs.fileno()], env=env)
    theirs.close()
    return _Worker(process, ours)


def _serve(fd: int, parent: int) -> None:
    """A worker's life: load each recognizer once, then recognize one utterance per job until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    conn = Connection(fd)
    from ivr.speech import AutoRecognizer, Recognizer, audio, recognizer

    recognizers: dict[tuple[str | None, str | None], Recognizer] = {}
    while True:
        try:
            asr, model, listen, wav = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if (asr, model) not in recognizers:
                recognizers[asr, model] = recognizer(asr, model)
            backend = recognizers[asr, model]
            _load(backend.pick(listen.language) if isinstance(backend, AutoRecognizer) else backend, listen)
            conn.send(("ready",))
            samples, rate = audio.read_wav(wav)
            heard = backend.recognize(listen, audio.frames(audio.pad(audio.resample(samples, rate))))
            conn.send(("done", heard, backend.name))
        except IvrError as e:
            conn.send(("error", e))
        except Exception as e:  # a bug: reported to the caller's thread as one line, and this worker goes on
            conn.send(("error", RuntimeError(f"{type(e).__name__}: {e}")))


def _load(backend: Any, listen: Listen) -> None:
    """Load the model now, so its loading is not counted in the utterance's time limit."""
    from ivr.speech.kaldi import VoskRecognizer

    if isinstance(backend, VoskRecognizer):
        backend.model(listen.language)


def _die_with(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; elsewhere the closed pipe ends it
    (once the utterance in progress is done)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(0)
