"""Make ivr/speech/phone.mllr: PocketSphinx's English acoustic model adapted to the phone line.

The model was trained on wideband speech; a phone line keeps 300-3400 Hz of it at 8 kHz through G.711 µ-law,
and the model mishears such audio far more (Debian's human recordings: 23% of words wrong as recorded, 42% on a
phone line). One global MLLR transform of the model's means, estimated on speech put through the same line,
gives much of that back. It is estimated here, once, from what the project makes itself:

- sentences: the English sentences of the understanding development sets 1-9 (tests/engine/understanding_dev*.yaml;
  never bench/natural, the held-out set), those whose every word is in the model's dictionary;
- voices: Piper's joe at three paces and sampling variations (espeak-ng's voices are left out: a transform
  estimated on them fits their robotic timbre, not the line; it made Piper's voice heard no better);
- the line: ivr.speech.audio.telephone, as the simulator's --telephone and the benchmarks degrade callers;
- the estimate: SphinxTrain's bw (Baum-Welch counts against the transcripts) and mllr_solve, on features
  made by sphinx_fe with the model's own feat.params.

Needs the Debian packages sphinxtrain, sphinxbase-utils and pocketsphinx (for pocketsphinx_mdef_convert);
they are for making the file only: the file ships in the package and PocketSphinx reads it itself.

Run: .venv/bin/python scripts/adapt_phone.py [--sentences 900] [--out ivr/speech/phone.mllr]
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPHINXTRAIN = Path("/usr/lib/sphinxtrain")
# the development sets the file was made from: sets added later don't change it (a fixed list keeps it reproducible)
SETS = frozenset({"understanding_dev.yaml", "understanding_dev2.yaml", "understanding_dev3.yaml", "understanding_dev3_probes.yaml",
                  "understanding_dev4.yaml", "understanding_dev4_probe.yaml", "understanding_dev4_probe2.yaml", "understanding_dev5.yaml",
                  "understanding_dev6.yaml", "understanding_dev7.yaml", "understanding_dev7_probe.yaml", "understanding_dev8.yaml",
                  "understanding_dev8_probe.yaml", "understanding_dev9.yaml", "understanding_dev9_probe.yaml"})
VOICES = {"joe": ("joe", 0.0, 1.0), "joefast": ("joe", 0.8, 0.88), "joeslow": ("joe", 1.0, 1.15)}  # as bench/speech.py's


def strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif isinstance(node, dict):
        for key, item in node.items():
            if key not in ("flow", "node", "language"):
                yield from strings(item)


def sentences(dictionary: set[str]) -> list[str]:
    """The development sets' English sentences as the dictionary's words, each once, in a fixed shuffled order."""
    found: dict[str, None] = {}
    for path in sorted(glob.glob(str(ROOT / "tests" / "engine" / "understanding_dev*.yaml"))):
        if Path(path).name not in SETS:
            continue
        for entry in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
            if not isinstance(entry, dict) or entry.get("language", "en") != "en":
                continue
            for text in strings(entry):
                words = [w.strip("'") for w in re.sub(r"[^a-z' ]", " ", text.lower().replace("-", " ")).split()]
                words = [w for w in words if w]
                if words and all(w in dictionary for w in words):
                    found[" ".join(words)] = None
    out = list(found)
    random.Random(7).shuffle(out)
    return out


def sendump_to_mixture_weights(sendump: Path, out: Path) -> None:
    """PocketSphinx ships its mixture weights quantized (sendump); bw reads Sphinx-III mixture_weights. The
    conversion of SphinxTrain's python/cmusphinx/sendump.py, which is Python 2."""
    with sendump.open("rb") as fh:
        order = ["<I"]

        def number() -> int:
            raw = fh.read(4)
            n = int(struct.unpack(order[0], raw)[0])
            if n > 65536:
                order[0] = ">I"
                n = int(struct.unpack(order[0], raw)[0])
            return n

        def text() -> str | None:
            n = number()
            return None if n == 0 else fh.read(n)[:-1].decode("ascii", "replace")

        text()  # the title
        info: dict[str, int] = {}
        while (line := text()) is not None:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                info[parts[0]] = int(parts[1])
        shift, streams = info.get("mixw_shift", 10), info.get("feature_count", 0)
        if info.get("cluster_count", 0) != 0:
            raise SystemExit("adapt_phone: a clustered sendump; only the unclustered one PocketSphinx ships is read")
        densities, senones = number(), number()
        weights = np.empty((senones, streams, densities))
        for s in range(streams):
            for d in range(densities):
                codes = np.fromfile(fh, "B", senones).astype(np.float64) * (1 << shift)
                weights[:, s, d] = np.power(1.0001, -codes)
    with out.open("wb") as fh:
        fh.write(b"s3\nversion 1.0\n")
        pad = (fh.tell() + len("endhdr\n")) & 3
        fh.write(b" " * ((4 - pad) if pad else 0) + b"endhdr\n")
        fh.write(struct.pack("=i", 0x11223344))
        fh.write(struct.pack("=IIII", senones, streams, densities, weights.size))
        weights.ravel().astype("<f4").tofile(fh)


def run(*command: str | Path, log: Path) -> None:
    with log.open("w") as out:
        done = subprocess.run([str(c) for c in command], stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"adapt_phone: {Path(str(command[0])).name} failed (exit {done.returncode}); see {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=540, help="how many sentences to speak (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / "ivr" / "speech" / "phone.mllr")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    for tool in (SPHINXTRAIN / "bw", SPHINXTRAIN / "mllr_solve"):
        if not tool.exists():
            raise SystemExit(f"adapt_phone: {tool} is missing (apt-get install sphinxtrain)")
    for name, package in (("sphinx_fe", "sphinxbase-utils"), ("pocketsphinx_mdef_convert", "pocketsphinx")):
        if shutil.which(name) is None:
            raise SystemExit(f"adapt_phone: {name} is missing (apt-get install {package})")

    from pocketsphinx import get_model_path

    from ivr.speech import audio
    from ivr.speech.voice import CallerVoice

    model = Path(get_model_path()) / "en-us"
    dictionary_file = model / "cmudict-en-us.dict"
    dictionary = {line.split()[0].split("(")[0] for line in dictionary_file.read_text(encoding="utf-8").splitlines() if line.strip()}
    work = args.keep or Path(tempfile.mkdtemp(prefix="ivr-adapt-"))
    try:
        hmm, wavs, features, counts = work / "hmm", work / "wav", work / "mfc", work / "counts"
        for folder in (wavs, features, counts):
            folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(model / "en-us", hmm, dirs_exist_ok=True)
        sendump_to_mixture_weights(hmm / "sendump", hmm / "mixture_weights")
        run("pocketsphinx_mdef_convert", "-text", hmm / "mdef", hmm / "mdef.txt", log=work / "mdef.log")

        voices = {name: CallerVoice(*spec) for name, spec in VOICES.items()}
        names = list(voices)
        ids, transcripts = [], []
        chosen = sentences(dictionary)[: args.sentences]
        for i, text in enumerate(chosen):
            voice = names[i % len(names)]
            uid = f"u{i:04d}_{voice}"
            pcm = np.asarray(audio.telephone(voices[voice].speak(text)), dtype=np.int16)
            with wave.open(str(wavs / f"{uid}.wav"), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(16_000)
                w.writeframes(pcm.tobytes())
            ids.append(uid)
            transcripts.append(f"<s> {text} </s> ({uid})")
        (work / "ids").write_text("\n".join(ids) + "\n")
        (work / "transcripts").write_text("\n".join(transcripts) + "\n")
        print(f"adapt_phone: {len(ids)} sentences spoken by {', '.join(names)} through the phone line", file=sys.stderr)

        run("sphinx_fe", "-argfile", hmm / "feat.params", "-samprate", "16000", "-c", work / "ids", "-di", wavs, "-do", features,
            "-ei", "wav", "-eo", "mfc", "-mswav", "yes", "-remove_silence", "no", log=work / "fe.log")
        run(SPHINXTRAIN / "bw", "-hmmdir", hmm, "-moddeffn", hmm / "mdef.txt", "-ts2cbfn", ".ptm.", "-feat", "1s_c_d_dd",
            "-svspec", "0-12/13-25/26-38", "-cmn", "batch", "-agc", "none", "-dictfn", dictionary_file, "-fdictfn", hmm / "noisedict",
            "-ctlfn", work / "ids", "-lsnfn", work / "transcripts", "-cepdir", features, "-cepext", "mfc", "-accumdir", counts,
            log=work / "bw.log")
        unaligned = (work / "bw.log").read_text(errors="replace").count("Failed to align")
        run(SPHINXTRAIN / "mllr_solve", "-meanfn", hmm / "means", "-varfn", hmm / "variances", "-outmllrfn", work / "mllr",
            "-accumdir", counts, log=work / "mllr.log")
        args.out.write_bytes((work / "mllr").read_bytes())
        print(f"adapt_phone: wrote {args.out} ({len(ids) - unaligned} of {len(ids)} sentences aligned to their words)", file=sys.stderr)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
