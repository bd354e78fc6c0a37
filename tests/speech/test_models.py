"""ivr models pull against a real local HTTP server: list, Range resume, MD5, unpacking, errors."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ivr.errors import UsageError
from ivr.speech import models
from ivr.speech.kaldi import model_dir


def make_archive() -> bytes:
    """A zip laid out like an official model (contents are placeholders: this tests the downloader)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("vosk-model-tiny-xx-0.1/am/final.mdl", b"\0" * 200_000)
        z.writestr("vosk-model-tiny-xx-0.1/conf/model.conf", "--sample-frequency=16000\n")
        z.writestr("vosk-model-tiny-xx-0.1/README", "test model\n")
    return buf.getvalue()


class Server:
    def __init__(self) -> None:
        self.archive = make_archive()
        self.requests: list[str | None] = []
        self.cut_after: int | None = None  # stop the first download after this many bytes
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                if self.path == "/model-list.json":
                    body = json.dumps([
                        {"name": "vosk-model-tiny-xx-0.1", "lang": "xx", "url": f"{base}/tiny.zip",
                         "md5": hashlib.md5(server.archive, usedforsecurity=False).hexdigest(), "size": len(server.archive)},
                        {"name": "vosk-model-bad-xx-0.1", "lang": "xx", "url": f"{base}/tiny.zip", "md5": "0" * 32,
                         "size": len(server.archive)},
                    ]).encode()
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if self.path != "/tiny.zip":
                    self.send_error(404)
                    return
                start = 0
                server.requests.append(self.headers.get("Range"))
                if self.headers.get("Range"):
                    start = int(self.headers["Range"].removeprefix("bytes=").split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(server.archive) - 1}/{len(server.archive)}")
                else:
                    self.send_response(200)
                data = server.archive[start:]
                if server.cut_after is not None:
                    data, server.cut_after = data[: server.cut_after], None
                    self.send_header("Content-Length", str(len(server.archive) - start))
                    self.end_headers()
                    self.wfile.write(data)
                    self.wfile.flush()
                    self.connection.close()
                    return
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/model-list.json"


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Server]:
    s = Server()
    thread = threading.Thread(target=s.httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("IVR_MODELS_URL", s.url)
    monkeypatch.setenv("IVR_MODELS_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("IVR_VOSK_MODEL", raising=False)
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


def test_pull_unpacks_and_is_found_for_its_language(server: Server, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = models.pull("vosk-model-tiny-xx-0.1", progress=lambda done, total: seen.append((done, total)))
    assert path == tmp_path / "cache" / "vosk-model-tiny-xx-0.1" / "vosk-model-tiny-xx-0.1"
    assert (path / "am" / "final.mdl").stat().st_size == 200_000
    assert seen[-1] == (len(server.archive), len(server.archive))
    assert model_dir("xx") == path and models.installed("xx") == [path]
    assert not list((tmp_path / "cache").glob("*.part"))
    assert models.pull("vosk-model-tiny-xx-0.1") == path and len(server.requests) == 1  # cached: no new download


def test_an_interrupted_download_resumes(server: Server) -> None:
    server.cut_after = 50_000
    with pytest.raises(UsageError, match="run the command again to resume"):
        models.pull("vosk-model-tiny-xx-0.1")
    path = models.pull("vosk-model-tiny-xx-0.1")
    assert server.requests == [None, "bytes=50000-"]
    assert (path / "README").read_text() == "test model\n"


def test_a_checksum_mismatch_removes_the_download(server: Server, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="MD5 is .*, the list says 0000"):
        models.pull("vosk-model-bad-xx-0.1")
    assert not list((tmp_path / "cache").glob("*.part")) and models.installed("xx") == []


def test_unknown_names_and_unreachable_lists(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError, match="no model called 'vosk-model-tiny-xx' in the list; did you mean"):
        models.pull("vosk-model-tiny-xx")
    monkeypatch.setenv("IVR_MODELS_URL", "http://127.0.0.1:9/model-list.json")
    with pytest.raises(UsageError, match="cannot fetch the model list"):
        models.pull("vosk-model-tiny-xx-0.1")


def test_cli_pull_prints_where_the_model_is(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    from ivr.cli import main

    main(["models", "pull", "vosk-model-tiny-xx-0.1"])
    out = capsys.readouterr().out
    assert "vosk-model-tiny-xx-0.1:" in out and "IVR_VOSK_MODEL=" in out
    main(["models", "list"])
    assert "vosk-model-tiny-xx-0.1" in capsys.readouterr().out
