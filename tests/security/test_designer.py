"""Probes of the designer as an attacker or a careless user would try them, against the real Flask app
(and the real espeak-ng): option injection into the voice, requests without the page's token, racing
saves, oversized and malformed bodies, audio paths that probe the disk, dot-paths, file modes and the
headers that keep the page's script its own."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time
import urllib.error
import urllib.request
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from ivr.designer import create_designer_app

ROOT = Path(__file__).parent.parent.parent
FLOWS = ROOT / "flows"
ESPEAK = shutil.which("espeak-ng")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "flows"
    shutil.copytree(FLOWS, target)
    return target


@pytest.fixture
def app(folder: Path) -> Flask:
    return create_designer_app(folder)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def token_of(client: FlaskClient) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True))
    assert found
    return found.group(1)


def send(client: FlaskClient, method: str, url: str, body: Any = None, *, data: bytes | None = None) -> Any:
    headers = {"X-CSRF-Token": token_of(client)}
    if data is not None:
        return client.open(url, method=method, data=data, headers={**headers, "Content-Type": "application/json"})
    return client.open(url, method=method, json=body, headers=headers)


def seconds_of(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as w:
        return w.getnframes() / w.getframerate()


# -- 1. option injection into espeak-ng ---------------------------------------------------------------

@pytest.fixture
def espeak() -> str:
    """The real espeak-ng, which speaks every language Piper has no voice for."""
    assert ESPEAK, "espeak-ng is missing: run scripts/test, which installs it"
    return ESPEAK


def test_speech_text_that_looks_like_an_option_is_spoken_not_obeyed(client: FlaskClient, tmp_path: Path, espeak: str) -> None:
    """``-f FILE`` made espeak-ng read any file aloud: here a file that takes minutes to say."""
    secret = tmp_path / "secret.txt"
    secret.write_text("zebra " * 2000)
    response = send(client, "GET", f"/api/speech?text=-f{secret}&language=ko")
    assert response.status_code == 200 and response.data[:4] == b"RIFF"
    assert seconds_of(response.data) < 30  # the 2,000 words would take ten minutes


def test_speech_text_cannot_make_espeak_write_a_file(client: FlaskClient, tmp_path: Path, espeak: str) -> None:
    target = tmp_path / "written.wav"
    response = send(client, "GET", f"/api/speech?text=-w{target}&language=ko")
    assert not target.exists()
    assert response.status_code == 200 and seconds_of(response.data) > 0.5  # the text itself, spoken


@pytest.mark.parametrize("language", ["-w/tmp/x", "--stdout", "ko\n", "ko x", "../ko", "k", "koreanlanguage", "ko-"])
def test_speech_refuses_a_language_that_is_not_a_language_code(client: FlaskClient, language: str) -> None:
    response = client.get("/api/speech", query_string={"text": "hello", "language": language}, headers={"X-CSRF-Token": token_of(client)})
    assert response.status_code == 400 and "language" in response.get_json()["error"]


@pytest.mark.parametrize("name", ["espeak:-w/tmp/x", "espeak:--stdout", "espeak:", "espeak:ko x"])
def test_a_caller_voice_that_is_not_a_language_is_one_clear_line(name: str, espeak: str) -> None:
    from ivr.errors import UsageError
    from ivr.speech.voice import CallerVoice

    with pytest.raises(UsageError, match="espeak"):
        CallerVoice(name)


# -- 1. every API route checks the page's token ---------------------------------------------------------


def _sample(rule: str) -> str:
    return (rule.replace("<path:name>", "bank.yaml").replace("<call_id>", "try-0000000000000000")
            + ("?text=hello&language=en" if rule == "/api/speech" else ""))


def test_every_api_route_needs_the_token_reads_included(app: Flask, client: FlaskClient, folder: Path) -> None:
    """A page on another site can fire GETs at the designer (an <img>, a <script src>): none does work."""
    before = sorted(p.name for p in folder.rglob("*"))
    rules = [(r.rule, m) for r in app.url_map.iter_rules() if r.rule.startswith("/api/")
             for m in sorted((r.methods or set()) - {"HEAD", "OPTIONS"})]
    assert ("/api/speech", "GET") in rules and ("/api/flows", "GET") in rules and ("/api/flows/<path:name>", "GET") in rules
    for rule, method in rules:
        for headers in ({}, {"X-CSRF-Token": "guess"}):
            response = client.open(_sample(rule), method=method, json={"name": "x", "text": "x"}, headers=headers)
            assert response.status_code == 403, (method, rule, response.status_code)
            assert "CSRF" in response.get_json()["error"]
    assert sorted(p.name for p in folder.rglob("*")) == before
    assert client.get("/api/flows", headers={"X-CSRF-Token": token_of(client)}).status_code == 200


# -- 4. concurrent saves ------------------------------------------------------------------------------------


def _serve(app: Flask) -> tuple[Any, str]:
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


def _token_at(base: str) -> str:
    with urllib.request.urlopen(base + "/", timeout=10) as r:
        found = re.search(r'name="csrf-token" content="([^"]+)"', r.read().decode())
    assert found
    return found.group(1)


def _put(base: str, token: str, text: str, version: str) -> int:
    request = urllib.request.Request(base + "/api/flows/bank.yaml", method="PUT", data=json.dumps({"text": text, "version": version}).encode(),
                                     headers={"Content-Type": "application/json", "X-CSRF-Token": token})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        body = json.loads(e.read())
        assert e.code != 409 or "diff" in body
        return int(e.code)


def _round(servers: list[tuple[str, str]], texts: list[str], base: str) -> list[int]:
    """Each text saved at once from version ``base``, spread over ``servers``: the statuses."""
    start = threading.Barrier(len(texts))
    results: list[int] = [0] * len(texts)

    def save(i: int) -> None:
        url, token = servers[i % len(servers)]
        start.wait()
        results[i] = _put(url, token, texts[i], base)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _race(servers: list[tuple[str, str]], folder: Path, writers: int, rounds: int) -> None:
    """``writers`` saves from the same base version at once: one wins each round, and its text is on disk."""
    from ivr.designer.workspace import version

    for round_ in range(rounds):
        base = version((folder / "bank.yaml").read_bytes())
        texts = [(FLOWS / "bank.yaml").read_text().replace("Acme Bank.", f"Acme Bank, round {round_}, writer {i}.") for i in range(writers)]
        results = _round(servers, texts, base)
        winners = [i for i, status in enumerate(results) if status == 200]
        assert len(winners) == 1 and results.count(409) == writers - 1, f"round {round_}: {results}"
        assert (folder / "bank.yaml").read_text() == texts[winners[0]]


@pytest.fixture
def served(app: Flask) -> Iterator[tuple[str, str]]:
    httpd, base = _serve(app)
    try:
        yield base, _token_at(base)
    finally:
        httpd.shutdown()


def test_concurrent_saves_from_one_version_let_exactly_one_win(served: tuple[str, str], folder: Path) -> None:
    _race([served], folder, writers=16, rounds=40)  # the issue saw a lost edit in 2 of 10 rounds


def test_two_designers_on_one_folder_do_not_both_win(served: tuple[str, str], folder: Path) -> None:
    """Two designers (as two workers of one server would be) share no memory: the lock is the file system's."""
    httpd, other = _serve(create_designer_app(folder))
    try:
        _race([served, (other, _token_at(other))], folder, writers=16, rounds=10)
    finally:
        httpd.shutdown()


def test_no_temporary_files_are_left_behind(client: FlaskClient, folder: Path) -> None:
    before = sorted(p.name for p in folder.rglob("*"))
    opened = send(client, "GET", "/api/flows/bank.yaml").get_json()
    assert send(client, "PUT", "/api/flows/bank.yaml", {"text": opened["text"] + "\n", "version": opened["version"]}).status_code == 200
    assert sorted(p.name for p in folder.rglob("*")) == before


# -- 5. sizes and malformed bodies ----------------------------------------------------------------------------


def test_a_save_above_the_compilers_limit_is_refused(client: FlaskClient, folder: Path) -> None:
    from ivr.flow.source import MAX_BYTES

    opened = send(client, "GET", "/api/flows/bank.yaml").get_json()
    big = opened["text"] + "#" * (MAX_BYTES - len(opened["text"].encode()) + 1)
    response = send(client, "PUT", "/api/flows/bank.yaml", {"text": big, "version": opened["version"]})
    assert response.status_code == 413 and "1,000,000" in response.get_json()["error"]
    assert (folder / "bank.yaml").read_text() == opened["text"]
    assert send(client, "PUT", "/api/flows/huge.yaml", {"text": big, "version": None}).status_code == 413
    assert not (folder / "huge.yaml").exists()
    exactly = opened["text"] + "#" * (MAX_BYTES - len(opened["text"].encode()))
    assert send(client, "PUT", "/api/flows/bank.yaml", {"text": exactly, "version": opened["version"]}).status_code == 200


def test_a_body_of_fifty_megabytes_is_refused_before_it_is_parsed(client: FlaskClient, folder: Path) -> None:
    body = b'{"text": "' + b"#" * 50_000_000 + b'", "version": null}'
    response = send(client, "PUT", "/api/flows/huge.yaml", data=body)
    assert response.status_code == 413 and "limit" in response.get_json()["error"]
    assert not (folder / "huge.yaml").exists()


JSON_ENDPOINTS = [("POST", "/api/flows"), ("PUT", "/api/flows/x.yaml"), ("POST", "/api/validate/bank.yaml"),
                  ("POST", "/api/graph/bank.yaml"), ("POST", "/api/calls"), ("POST", "/api/calls/{call}")]


def _endpoint(client: FlaskClient, url: str) -> str:
    if "{call}" in url:
        call = send(client, "POST", "/api/calls", {"file": "bank.yaml", "text": (FLOWS / "bank.yaml").read_text()}).get_json()
        url = url.format(call=call["id"])
    return url


@pytest.mark.parametrize(("method", "url"), JSON_ENDPOINTS)
def test_a_lone_surrogate_is_a_bad_request_not_a_crash(client: FlaskClient, folder: Path, method: str, url: str) -> None:
    url = _endpoint(client, url)
    text = (FLOWS / "bank.yaml").read_text().replace("Acme Bank.", "Acme LONE Bank.")
    fields = [{"name": "aLONE", "text": "x"}, {"name": "b", "file": "bank.yaml", "text": text, "action": "say", "arg": "x"},
              {"name": "c", "file": "bank.yaml", "text": "x", "action": "say", "arg": "LONE"}]
    for body in fields:
        raw = json.dumps({**body, "version": None}).replace("LONE", "\\ud800")  # JSON's escape for half a character
        response = send(client, method, url, data=raw.encode())
        assert response.status_code == 400, (url, body, response.get_data(as_text=True)[:200])
        assert "Unicode" in response.get_json()["error"]
    assert not (folder / "x.yaml").exists()


@pytest.mark.parametrize(("method", "url"), JSON_ENDPOINTS)
def test_json_nested_a_hundred_thousand_deep_is_a_bad_request(client: FlaskClient, method: str, url: str) -> None:
    url = _endpoint(client, url)
    for body in ("[" * 100_000 + "]" * 100_000, '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"):
        response = send(client, method, url, data=body.encode())
        assert response.status_code == 400 and "JSON" in response.get_json()["error"], (url, response.status_code)


# -- 5. audio paths ---------------------------------------------------------------------------------------------


def _with_audio(path: str) -> str:
    return (FLOWS / "bank.yaml").read_text().replace("prompt: Thank you for calling Acme Bank.",
                                                     f"prompt: {{audio: {json.dumps(path)}, text: Thank you for calling Acme Bank.}}", 1)


def _audio_findings(client: FlaskClient, path: str) -> list[Any]:
    report = send(client, "POST", "/api/validate/bank.yaml", {"text": _with_audio(path)}).get_json()
    return [(d["code"], d["message"].replace(path, "PATH")) for d in report["diagnostics"]]


@pytest.mark.parametrize(("there", "nowhere"), [
    ("/etc/passwd", "/etc/no-such-file"),
    ("../../../../../../../../etc/passwd", "../../../../../../../../etc/no-such-file"),
    ("{outside}/exists.wav", "{outside}/missing.wav"),
    ("../outside/exists.wav", "../outside/missing.wav"),
])
def test_audio_outside_the_folder_reveals_nothing_in_the_designer(client: FlaskClient, folder: Path, there: str, nowhere: str) -> None:
    outside = folder.parent / "outside"
    outside.mkdir()
    (outside / "exists.wav").write_bytes(b"RIFF")
    there, nowhere = there.format(outside=outside), nowhere.format(outside=outside)
    assert _audio_findings(client, there) == _audio_findings(client, nowhere) != []


def test_audio_inside_the_project_is_still_found(client: FlaskClient, folder: Path) -> None:
    """Beside the flow, in the folder's audio/, and in audio/ beside the folder (where 'ivr audio render' writes):
    real recordings (a half-second tone), since ``ivr check`` now opens them."""
    import numpy as np

    from ivr.speech.recordings import wav_bytes

    tone = wav_bytes((3000 * np.sin(2 * np.pi * 440 * np.arange(8000) / 16000)).astype(np.int16))
    (folder / "welcome.wav").write_bytes(tone)
    (folder / "audio").mkdir()
    (folder / "audio" / "hello.wav").write_bytes(tone)
    (folder.parent / "audio" / "acme").mkdir(parents=True)
    (folder.parent / "audio" / "acme" / "rendered.wav").write_bytes(tone)
    for found in ("welcome.wav", "hello.wav", "acme/rendered.wav", "lib/../welcome.wav"):
        assert _audio_findings(client, found) == [], found
    assert _audio_findings(client, "nope.wav") != []
    (folder / "broken.wav").write_bytes(b"RIFF")
    [(code, message)] = _audio_findings(client, "broken.wav")  # unplayable, said without the server's folders
    assert code == "unplayable-audio" and str(folder) not in message and "/" not in message.split("decode")[1]


def test_the_cli_check_does_not_probe_outside_the_project(tmp_path: Path) -> None:
    from ivr.flow.checks import Options, check
    from ivr.loading import audio_exists, load_flow

    project = tmp_path / "project"
    (project / "flows").mkdir(parents=True)
    (project / "audio").mkdir()
    (project / "audio" / "welcome.wav").write_bytes(b"RIFF")
    (tmp_path / "secret.wav").write_bytes(b"RIFF")

    def findings(path: str) -> list[str]:
        flow_file = project / "flows" / "bank.yaml"
        flow_file.write_text(_with_audio(path))
        shutil.copytree(FLOWS / "lib", project / "flows" / "lib", dirs_exist_ok=True)
        shutil.copytree(FLOWS / "responses", project / "flows" / "responses", dirs_exist_ok=True)
        return [d.message.replace(path, "PATH") for d in check(load_flow(flow_file), Options(audio_exists=audio_exists))]

    assert findings("welcome.wav") == []
    assert findings("/etc/passwd") == findings("/etc/no-such-file") != []
    assert findings(str(tmp_path / "secret.wav")) == findings(str(tmp_path / "missing.wav")) != []
    assert findings("../../secret.wav") == findings("../../missing.wav") != []


# -- 5. dot-paths and file modes --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [".git/hooks/x.yaml", ".hidden/x.yaml", ".x.yaml", "lib/.secret/x.yaml", "lib/.x.yaml"])
def test_saves_refuse_hidden_files_and_folders(client: FlaskClient, folder: Path, name: str) -> None:
    before = sorted(folder.rglob("*"))
    response = send(client, "PUT", f"/api/flows/{name}", {"text": "name: x\nnodes:\n  a: {type: hangup}\n", "version": None})
    assert response.status_code == 403 and "hidden" in response.get_json()["error"]
    assert sorted(folder.rglob("*")) == before


def test_hidden_files_cannot_be_read_either(client: FlaskClient, folder: Path) -> None:
    (folder / ".env").write_text("TOKEN=secret\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "config.yaml").write_text("nodes: secret\n")
    for name in (".env", ".git/config.yaml"):
        response = send(client, "GET", f"/api/flows/{name}")
        assert response.status_code == 403 and "secret" not in response.get_data(as_text=True)


def test_a_fifo_or_a_huge_file_in_the_folder_neither_hangs_nor_fills_memory(client: FlaskClient, folder: Path) -> None:
    """A FIFO named like a flow would hold the listing and the editor for ever (opening it waits for a
    writer); a file over the compiler's limit is refused by its size, never read whole."""
    os.mkfifo(folder / "pipe.yaml")
    with open(folder / "huge.yaml", "wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.write(b"nodes:\n")
        fh.truncate(3 << 30)
    started = time.monotonic()
    listed = send(client, "GET", "/api/flows")
    assert listed.status_code == 200 and "pipe.yaml" not in listed.get_data(as_text=True)
    assert send(client, "GET", "/api/flows/pipe.yaml").status_code == 404
    assert send(client, "GET", "/api/flows/huge.yaml").status_code == 413
    assert send(client, "PUT", "/api/flows/huge.yaml", {"text": "nodes: {}\n", "version": "x"}).status_code == 409
    assert time.monotonic() - started < 30


def test_a_new_flow_name_with_a_hidden_folder_is_refused(client: FlaskClient, folder: Path) -> None:
    assert send(client, "POST", "/api/flows", {"name": "lib/.hooks"}).status_code in (400, 403)
    assert not (folder / "lib" / ".hooks.yaml").exists()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_files_get_a_normal_mode(client: FlaskClient, folder: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        assert send(client, "POST", "/api/flows", {"name": "support"}).status_code == 200
        assert send(client, "PUT", "/api/flows/sub/other.yaml", {"text": "name: x\n", "version": None}).status_code == 200
    finally:
        os.umask(old)
    assert (folder / "support.yaml").stat().st_mode & 0o777 == mode
    assert (folder / "sub" / "other.yaml").stat().st_mode & 0o777 == mode


def test_a_saved_file_keeps_its_mode(client: FlaskClient, folder: Path) -> None:
    (folder / "bank.yaml").chmod(0o640)
    opened = send(client, "GET", "/api/flows/bank.yaml").get_json()
    assert send(client, "PUT", "/api/flows/bank.yaml", {"text": opened["text"] + "\n", "version": opened["version"]}).status_code == 200
    assert (folder / "bank.yaml").stat().st_mode & 0o777 == 0o640


# -- 5. headers: the page's script is the only script ---------------------------------------------------------


def test_pages_send_a_content_security_policy_without_inline_script(client: FlaskClient) -> None:
    for url in ["/", "/edit/bank.yaml", "/designer-static/designer.js", "/api/flows"]:
        with client.get(url, headers={"X-CSRF-Token": token_of(client)}) as response:
            assert response.status_code == 200, url
        csp = {d.split()[0]: d.split()[1:] for d in response.headers.get("Content-Security-Policy", "").split(";") if d.strip()}
        assert csp.get("script-src") == ["'self'"], url
        assert csp.get("default-src") == ["'none'"] and csp.get("frame-ancestors") == ["'none'"], url
        assert csp.get("object-src") is None or csp["object-src"] == ["'none'"]
        assert response.headers.get("X-Content-Type-Options") == "nosniff", url
        assert response.headers.get("X-Frame-Options") == "DENY", url
        assert response.headers.get("Referrer-Policy") == "no-referrer", url


def test_the_pages_carry_no_inline_script(client: FlaskClient) -> None:
    for url in ["/", "/edit/bank.yaml"]:
        page = client.get(url).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [], url
        assert re.findall(r"\son[a-z]+\s*=", page) == [], url
        assert "javascript:" not in page, url


# -- 1. the subprocess audit ----------------------------------------------------------------------------------


def _subprocess_calls() -> Iterator[tuple[str, str, set[str]]]:
    import ast

    for folder in ("ivr", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "subprocess" and node.func.attr in ("run", "Popen", "call", "check_call", "check_output")):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.func.attr, {k.arg for k in node.keywords if k.arg}


def test_every_subprocess_has_a_time_limit_and_no_stray_stdin() -> None:
    """A child that waits on our stdin, or for ever, hangs the server or the benchmark: every run() has a
    timeout, and every child's stdin is either the data it reads or closed. (What goes on the command
    lines is reviewed by hand: text always goes on stdin, and every argument is ours.)"""
    calls = list(_subprocess_calls())
    assert any("voice.py" in where for where, _, _ in calls) and any("layout.py" in where for where, _, _ in calls)
    for where, kind, keywords in calls:
        assert keywords & {"input", "stdin"}, f"{where}: subprocess.{kind} without stdin=DEVNULL or input="
        if kind != "Popen":
            assert "timeout" in keywords, f"{where}: subprocess.{kind} without a timeout"


def test_d2_takes_only_the_layouts_it_knows() -> None:
    from ivr.errors import UsageError
    from ivr.layout import flow_svg
    from ivr.loading import load_flow

    with pytest.raises(UsageError, match="no layout '--help'"):
        flow_svg(load_flow(FLOWS / "bank.yaml"), layout="--help")
