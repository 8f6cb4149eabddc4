"""Handwritten digits read by a neural text-line recogniser: the PP-OCRv6 recognition model that the
rapidocr package ships inside its wheel (no download at run time), run with onnxruntime, its output
decoded over the digits only.

Tesseract reads printed text; the marker or ballpoint digits a clerk writes into 'Số: … /BC-UBND' and
'ngày … tháng' are another script to it (measured on the 26 header fields of the scans in ../shared/real
and real/more: tesseract 9 right and 13 wrong; this recogniser on the same cleaned crops 23 right and 2
wrong, both of the wrong ones refused by the confidence floor or by the metadata's cross-checks).

The model's character list travels in the ONNX file's metadata; its output is a softmax over that list
plus the CTC blank (first) and a space (last), one row per time step."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

MODEL_PACKAGE = "rapidocr"  # the wheel that carries the model file
MODEL_FILE = "models/PP-OCRv6_rec_small.onnx"
INPUT_HEIGHT = 48  # the recogniser's line height (pixels)
MAX_INPUT_WIDTH = 960  # a field is a few digits: anything wider is not one
DIGITS = "0123456789"


class DigitReaderUnavailable(RuntimeError):
    """The recognition model or onnxruntime is not installed."""


def model_path() -> Path:
    """Where the installed rapidocr wheel keeps the recognition model (its package is not imported)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DigitReaderUnavailable(f"the {MODEL_PACKAGE} package (which ships the model) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise DigitReaderUnavailable(f"{path} is missing: the {MODEL_PACKAGE} wheel no longer ships it")
    return path


@functools.cache
def _session() -> tuple[object, tuple[str, ...], np.ndarray]:
    """The onnxruntime session (one thread: pages are read in parallel by processes), the characters of
    its output columns, and the columns of the blank and the ten digits."""
    try:
        import onnxruntime
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise DigitReaderUnavailable("onnxruntime is not installed") from err
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 3  # no warnings on stderr for every page
    session = onnxruntime.InferenceSession(str(model_path()), options, providers=["CPUExecutionProvider"])
    listed = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    characters = ("", *listed, " ")  # the CTC blank first, a space last
    digit_columns = np.array([0] + [characters.index(d) for d in DIGITS])
    return session, characters, digit_columns


def _probabilities(image: Image.Image) -> np.ndarray:
    """The recogniser's output for ``image`` (one line of text): time steps × characters."""
    session = _session()[0]
    rgb = image.convert("RGB")
    width = max(INPUT_HEIGHT // 4, min(round(INPUT_HEIGHT * rgb.width / max(rgb.height, 1)), MAX_INPUT_WIDTH))
    resized = np.asarray(rgb.resize((width, INPUT_HEIGHT), Image.Resampling.BILINEAR), dtype=np.float32)
    batch = ((resized / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)[np.newaxis]
    return session.run(None, {session.get_inputs()[0].name: batch})[0][0]  # type: ignore[attr-defined]


def _greedy(probabilities: np.ndarray, characters: Sequence[str]) -> tuple[tuple[str, float], ...]:
    """CTC greedy decoding: each time step's best column, repeats merged, blanks (column 0) dropped; each
    character with its probability."""
    best, confidence = probabilities.argmax(axis=1), probabilities.max(axis=1)
    decoded, previous = [], 0
    for step, column in enumerate(best):
        if column != 0 and column != previous:
            decoded.append((characters[column], float(confidence[step])))
        previous = column
    return tuple(decoded)


def read_digits_line(image: Image.Image) -> tuple[str, float]:
    """The digits written in ``image`` (dark ink on a light ground, one line) and the least confidence of
    any of them (0 when none): the output decoded over the blank and the ten digits only."""
    _, _, columns = _session()
    decoded = _greedy(_probabilities(image)[:, columns], ("", *DIGITS))
    return "".join(c for c, _ in decoded), min((p for _, p in decoded), default=0.0)


def read_text_line(image: Image.Image) -> tuple[tuple[str, float], ...]:
    """Every character the recogniser reads in ``image`` (one line), with its probability."""
    _, characters, _ = _session()
    return _greedy(_probabilities(image), characters)
