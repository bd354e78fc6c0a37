"""The designer serves a flow's recordings for Try it, confined as flow files are."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from ivr.designer import create_designer_app
from tests.recorded import Project, make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    made = make_project(tmp_path_factory.mktemp("designer-recordings"))
    outside = made.root.parent / f"{made.root.name}-secret"
    outside.mkdir()
    (outside / "secret.wav").write_bytes((made.audio / "menu.wav").read_bytes())
    (made.audio / "linked.wav").symlink_to(outside / "secret.wav")
    (made.root / "flows" / "out").symlink_to(outside, target_is_directory=True)
    (made.audio / ".hidden.wav").write_bytes((made.audio / "menu.wav").read_bytes())
    return made


@pytest.fixture
def client(project: Project) -> FlaskClient:
    return create_designer_app(project.root / "flows").test_client()


def fetch(client: FlaskClient, audio: str, file: str = "recorded.yaml", token: bool = True) -> Any:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found
    headers = {"X-CSRF-Token": found.group(1)} if token else {}
    return client.get("/api/recording", query_string={"file": file, "audio": audio}, headers=headers)


def test_a_recording_the_flow_names_is_served_as_wav(client: FlaskClient) -> None:
    for name in ("welcome.mp3", "menu.wav", "goodbye.ogg", "goodbye.m4a"):
        got = fetch(client, name)
        assert got.status_code == 200 and got.mimetype == "audio/wav" and got.get_data()[:4] == b"RIFF", name


@pytest.mark.parametrize("audio", ["../../etc/passwd", "/etc/passwd", "../recorded-secret/secret.wav", "linked.wav", "out/secret.wav",
                                   "menu.wav\0.txt", "a" * 5000, "x/" * 3000 + "menu.wav", ".hidden.wav", "..\\..\\menu.wav",
                                   "~root/menu.wav"], ids=["dotdot", "absolute", "sibling", "symlink-file", "symlink-folder", "nul",
                                                          "huge-name", "huge-path", "hidden", "backslash", "tilde"])
def test_paths_that_lead_outside_are_refused(client: FlaskClient, project: Project, audio: str) -> None:
    got = fetch(client, audio)
    assert got.status_code in (403, 404), got.status_code
    message = got.get_json()["error"]
    assert len(message.splitlines()) == 1 and len(message) < 300
    assert got.mimetype == "application/json"


def test_the_flow_itself_must_be_inside(client: FlaskClient) -> None:
    assert fetch(client, "menu.wav", file="../flows/recorded.yaml").status_code == 403
    assert fetch(client, "menu.wav", file="/etc/passwd").status_code == 403


def test_a_missing_recording_is_404_and_a_corrupt_one_422_with_one_line(client: FlaskClient) -> None:
    missing = fetch(client, "nope.mp3")
    assert missing.status_code == 404 and "no recording 'nope.mp3'" in missing.get_json()["error"]
    corrupt = fetch(client, "corrupt.mp3")
    assert corrupt.status_code == 422
    error = corrupt.get_json()["error"]
    assert error.startswith("cannot read audio file 'corrupt.mp3': it is not audio ffmpeg can decode") and "\n" not in error


def test_recordings_need_the_token(client: FlaskClient) -> None:
    assert fetch(client, "menu.wav", token=False).status_code == 403


def test_the_checks_in_the_editor_measure_recordings(client: FlaskClient, project: Project) -> None:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found
    text = project.flow.read_text().replace("welcome.mp3", "silent.wav")
    before = sorted(project.root.rglob("*"))
    report = client.post("/api/validate/recorded.yaml", json={"text": text}, headers={"X-CSRF-Token": found.group(1)}).get_json()
    assert [d["code"] for d in report["diagnostics"]] == ["silent-audio"]
    assert sorted(project.root.rglob("*")) == before  # measuring writes nothing (Try it's converted copies go beside the flow's rendered prompts)
