"""The canvas edit API (/api/edit, /api/node) through the real Flask app, as the page's script calls it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ivr.designer import create_designer_app
from ivr.designer.edits import apply_changes
from tests.designer.test_api import post


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return create_designer_app(folder).test_client()


def test_an_edit_answers_the_new_text_and_changes_the_editor_applies(client: FlaskClient, folder: Path) -> None:
    text = (folder / "bank.yaml").read_text(encoding="utf-8")
    r = post(client, "/api/edit", {"text": text, "op": {"op": "add_node", "type": "menu", "from": {"node": "main", "edge": "option:3"}}})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["node"] == "menu_3" and apply_changes(text, body["changes"]) == body["text"]
    assert "# -- balance ----" in body["text"] and "\n  menu_3:\n    type: menu\n" in body["text"]
    check = post(client, "/api/validate/bank.yaml", {"text": body["text"]}).get_json()
    assert not [d for d in check["diagnostics"] if d["severity"] == "error"]


def test_a_deleted_node_comes_back_with_warnings(client: FlaskClient, folder: Path) -> None:
    text = (folder / "bank.yaml").read_text(encoding="utf-8")
    body = post(client, "/api/edit", {"text": text, "op": {"op": "delete_node", "node": "verify"}}).get_json()
    assert body["warnings"] == ["main option:0 (1 / your balance) still goes to the deleted 'verify'"]


def test_bad_edits_and_bad_text_are_400_with_one_line(client: FlaskClient, folder: Path) -> None:
    text = (folder / "bank.yaml").read_text(encoding="utf-8")
    for body, message in [
        ({"text": text, "op": {"op": "connect", "node": "main", "edge": "option:1", "target": "lostcard"}},
         "no node 'lostcard' to connect to; did you mean 'lost_card'?"),
        ({"text": text, "op": {"op": "explode"}}, "no edit 'explode'"),
        ({"text": text, "op": "add_node"}, "expected 'op'"),
        ({"text": "nodes: [\n", "op": {"op": "add_node", "type": "say"}}, "line 2: "),
        ({"text": "- a\n- b\n", "op": {"op": "add_node", "type": "say"}}, "the flow is not a mapping with 'nodes:'"),
        ({"op": {"op": "add_node", "type": "say"}}, "expected 'text'"),
    ]:
        r = post(client, "/api/edit", body)
        assert r.status_code == 400, (body, r.get_json())
        assert r.get_json()["error"].startswith(message) and "\n" not in r.get_json()["error"]


def test_the_panel_gets_everything_it_renders_a_form_from(client: FlaskClient, folder: Path) -> None:
    text = (folder / "multilingual.yaml").read_text(encoding="utf-8")
    r = post(client, "/api/node", {"text": text, "node": "main"})
    assert r.status_code == 200, r.get_json()
    view = r.get_json()
    assert view["type"] == "menu" and len(view["languages"]) > 1 and "main" in view["nodes"]
    assert view["schema"]["properties"]["type"]["const"] == "menu" and view["edges"][0]["edge"] == "option:0"
    r = post(client, "/api/node", {"text": text, "node": "mian"})
    assert r.status_code == 400 and "did you mean 'main'" in r.get_json()["error"]


def test_offsets_survive_the_json_trip_with_emoji_and_hangul(client: FlaskClient, folder: Path) -> None:
    text = "# 📞 line\nlanguages: [ko]\nnodes:\n  hi:\n    type: say  # 😀\n    prompt: 안녕하세요  # 🙂\n"
    body = post(client, "/api/edit", {"text": text, "op": {"op": "set", "node": "hi", "path": ["prompt"], "value": "한강몰 👋"}}).get_json()
    assert body["changes"] == [{"from": len(text[: text.index("안녕")].encode("utf-16-le")) // 2,
                                "to": len(text[: text.index("  # 🙂")].encode("utf-16-le")) // 2, "insert": "한강몰 👋"}]
    assert apply_changes(text, body["changes"]) == body["text"] == text.replace("안녕하세요", "한강몰 👋")
