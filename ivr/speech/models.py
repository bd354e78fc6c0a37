"""``ivr models pull NAME``: fetch an official Vosk model, for users with internet.

The names, archive URLs, sizes and MD5 checksums come from the model list the Vosk project
publishes (``model-list.json``; ``IVR_MODELS_URL`` points elsewhere, such as a mirror). Downloads
resume where they stopped (HTTP Range), show a progress bar, are checked against the published
MD5 (a checksum against corruption, not a signature) and unpacked into the cache directory
(``IVR_MODELS_DIR``, else ``$XDG_CACHE_HOME/ivr/models``, else ``~/.cache/ivr/models``).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ivr.errors import UsageError

MODEL_LIST_URL = "https://alphacephei.com/vosk/models/model-list.json"
CHUNK = 1 << 16


def cache_dir() -> Path:
    if os.environ.get("IVR_MODELS_DIR"):
        return Path(os.environ["IVR_MODELS_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ivr" / "models"


def model_list(url: str | None = None) -> list[dict[str, Any]]:
    url = url or os.environ.get("IVR_MODELS_URL") or MODEL_LIST_URL
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a configured https URL
            data = json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise UsageError(f"cannot fetch the model list from {url}: {getattr(e, 'reason', e)}; "
                         "check the network, or set IVR_MODELS_URL to a mirror") from None
    except json.JSONDecodeError:
        raise UsageError(f"the model list at {url} is not JSON") from None
    if not isinstance(data, list):
        raise UsageError(f"the model list at {url} is not a list of models")
    return [m for m in data if isinstance(m, dict) and "name" in m and "url" in m]


def installed(language: str | None = None) -> list[Path]:
    """Pulled models in the cache, optionally only those for ``language``."""
    root = cache_dir()
    if not root.is_dir():
        return []
    out = []
    for info in sorted(root.glob("*/ivr-model.json")):
        meta = json.loads(info.read_text(encoding="utf-8"))
        if language is None or str(meta.get("lang", "")).split("-")[0] == language.split("-")[0]:
            out.append(info.parent / meta.get("path", "."))
    return out


def pull(name: str, *, list_url: str | None = None,
         progress: Callable[[int, int], None] | None = None) -> Path:
    """Download, check and unpack model ``name``; returns its directory. Resumes a partial download."""
    models = model_list(list_url)
    entry = next((m for m in models if m["name"] == name), None)
    if entry is None:
        from ivr.errors import did_you_mean

        hint = did_you_mean(name, [m["name"] for m in models])
        raise UsageError(f"no model called {name!r} in the list" + (f"; {hint}" if hint else ""))
    root = cache_dir()
    target = root / name
    if (target / "ivr-model.json").exists():
        meta = json.loads((target / "ivr-model.json").read_text(encoding="utf-8"))
        return target / str(meta.get("path", "."))
    root.mkdir(parents=True, exist_ok=True)
    archive = root / f"{name}.zip.part"
    size = int(entry.get("size") or 0)
    _download(entry["url"], archive, size, progress)
    expected = str(entry.get("md5") or "")
    if expected:
        digest = hashlib.md5(usedforsecurity=False)
        with archive.open("rb") as f:
            for block in iter(lambda: f.read(CHUNK), b""):
                digest.update(block)
        if digest.hexdigest() != expected:
            archive.unlink()
            raise UsageError(f"{name}: the download's MD5 is {digest.hexdigest()}, the list says {expected}; "
                             "the partial file was removed, run the command again")
    model_path = _unpack(archive, target)
    archive.unlink()
    meta = {"name": name, "lang": entry.get("lang", ""), "md5": expected, "path": str(model_path.relative_to(target))}
    (target / "ivr-model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return model_path


def _download(url: str, part: Path, size: int, progress: Callable[[int, int], None] | None) -> None:
    have = part.stat().st_size if part.exists() else 0
    if size and have >= size:
        return
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        response = urllib.request.urlopen(request, timeout=60)  # noqa: S310
    except urllib.error.HTTPError as e:
        if e.code == 416 and have:  # nothing left to send: already complete
            return
        raise UsageError(f"cannot download {url}: HTTP {e.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise UsageError(f"cannot download {url}: {getattr(e, 'reason', e)}; run the command again to resume") from None
    with response:
        if have and response.status != 206:  # the server ignored Range: start over
            have = 0
        total = size or have + int(response.headers.get("Content-Length") or 0)
        with part.open("ab" if have else "wb") as f:
            done = have
            try:
                for block in iter(lambda: response.read(CHUNK), b""):
                    f.write(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
            except (OSError, TimeoutError, http.client.HTTPException) as e:
                raise UsageError(f"download of {url} stopped at {done:,} bytes ({e}); run the command again to resume") from None
        if total and done < total:
            raise UsageError(f"download of {url} stopped at {done:,} of {total:,} bytes; run the command again to resume")


def _unpack(archive: Path, target: Path) -> Path:
    """Unpack safely (nothing outside ``target``); returns the folder that holds the model."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    try:
        with zipfile.ZipFile(archive) as z:
            for member in z.infolist():
                dest = (target / member.filename).resolve()
                if not dest.is_relative_to(target.resolve()):
                    raise UsageError(f"{archive.name}: refusing {member.filename!r}, which would unpack outside the cache")
            z.extractall(target)
    except zipfile.BadZipFile:
        shutil.rmtree(target)
        archive.unlink()
        raise UsageError(f"{archive.name} is not a zip archive; the file was removed, run the command again") from None
    found = [p.parent for p in target.rglob("am") if p.is_dir()] or [p.parent for p in target.rglob("final.mdl")]
    return found[0] if found else target
