"""Calibrate the default token estimate and report its error against real tokenizers.

    python benchmarks/calibrate_counter.py            # needs the tokens extra (quicktok-v1)

1. Fits the byte-class weights of ``EstimateCounter`` to o200k_base (least squares on the
   relative error) over ``benchmarks/calibration_corpus.py`` and prints them, to paste
   into ``WEIGHTS`` in ``nodes/context/counting.py``.
2. Reports the error of the *shipped* weights against o200k_base, cl100k_base and llama3,
   beside ``len(text) / 4`` (the rule of thumb LangChain's ``count_tokens_approximately``
   uses): per text, per group of the corpus, and summed over conversation windows (what a
   budget sees). These are the numbers in ``docs/context.md``.
"""

from __future__ import annotations

import random
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.calibration_corpus import Sample, corpus
from voicenodes.nodes.context import counting

ENCODINGS = ("o200k_base", "cl100k_base", "llama3")
WINDOW = 40
WINDOWS = 500


def byte_classes(text: str) -> list[int]:
    """The feature vector of the estimate: byte counts per class, in WEIGHTS order."""
    data = text.encode()
    tables = (
        counting._WHITESPACE,
        counting._LETTERS,
        counting._DIGITS,
        counting._PUNCTUATION,
        counting._LEAD_2,
        counting._LEAD_3_LOW,
        counting._LEAD_3_CJK,
        counting._LEAD_4,
    )
    return [len(data.translate(None, table)) for table in tables]


def fit_weights(samples: Sequence[Sample], truth: Sequence[int]) -> dict[str, float]:
    import numpy as np

    features = np.array([byte_classes(s.text) for s in samples], dtype=float)
    target = np.array(truth, dtype=float)
    weights, *_ = np.linalg.lstsq(features / target[:, None], np.ones(len(target)), rcond=None)
    return {name: round(float(w), 3) for name, w in zip(counting.WEIGHTS, weights, strict=True)}


def relative_errors(estimate: Sequence[int], truth: Sequence[int]) -> list[float]:
    return [(e - t) / t for e, t in zip(estimate, truth, strict=True)]


def summary(errors: Sequence[float]) -> str:
    absolute = sorted(abs(e) for e in errors)
    p95 = absolute[min(len(absolute) - 1, int(0.95 * len(absolute)))]
    return (
        f"{100 * statistics.fmean(absolute):5.1f} | {100 * p95:5.1f} | "
        f"{100 * absolute[-1]:5.1f} | {100 * statistics.fmean(errors):+5.1f}"
    )


def window_errors(estimate: Sequence[int], truth: Sequence[int], seed: int = 1) -> list[float]:
    """Relative error of the total over random windows of WINDOW samples."""
    rng = random.Random(seed)
    errors = []
    for _ in range(WINDOWS):
        picks = rng.sample(range(len(truth)), WINDOW)
        total = sum(truth[i] for i in picks)
        errors.append((sum(estimate[i] for i in picks) - total) / total)
    return errors


def report(samples: Sequence[Sample], truths: dict[str, list[int]]) -> None:
    shipped = counting.EstimateCounter()
    estimators: dict[str, Callable[[Sample], int]] = {
        "EstimateCounter": lambda s: shipped.count_text(s.text),
        "len / 4": lambda s: max(1, round(len(s.text) / 4)),
    }
    print(f"\n{len(samples)} samples, {sum(truths['o200k_base']):,} o200k tokens\n")
    print(
        "| estimate | vs | per text: mean abs % | p95 % | max % | bias % | "
        f"{WINDOW}-text window: mean abs % | p95 % | max % | bias % |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, estimate_of in estimators.items():
        estimates = [estimate_of(s) for s in samples]
        for encoding, truth in truths.items():
            per_text = summary(relative_errors(estimates, truth))
            windows = summary(window_errors(estimates, truth))
            print(f"| {label} | {encoding} | {per_text} | {windows} |")

    print("\nEstimateCounter vs o200k_base, per group of the corpus:\n")
    print("| group | texts | mean abs % | p95 % | max % | bias % |")
    print("|---|---:|---:|---:|---:|---:|")
    estimates = [estimators["EstimateCounter"](s) for s in samples]
    for group in dict.fromkeys(s.group for s in samples):
        picks = [i for i, s in enumerate(samples) if s.group == group]
        errors = relative_errors(
            [estimates[i] for i in picks], [truths["o200k_base"][i] for i in picks]
        )
        print(f"| {group} | {len(picks)} | {summary(errors)} |")


def held_out_error(samples: Sequence[Sample], truth: Sequence[int]) -> float:
    """Mean absolute relative error per text when the weights are fitted on the other
    half of the corpus (2-fold, alternate samples): the in-sample numbers' honesty check."""
    errors = []
    for fold in (0, 1):
        train = [i for i in range(len(samples)) if i % 2 != fold]
        test = [i for i in range(len(samples)) if i % 2 == fold]
        weights = fit_weights([samples[i] for i in train], [truth[i] for i in train])
        counter = counting.EstimateCounter(weights=weights)
        errors += [abs(counter.count_text(samples[i].text) - truth[i]) / truth[i] for i in test]
    return statistics.fmean(errors)


def main() -> None:
    import quicktok

    samples = corpus()
    truths = {
        name: [quicktok.get_encoding(name).count(s.text) for s in samples] for name in ENCODINGS
    }
    print("fitted WEIGHTS (o200k_base):")
    for name, weight in fit_weights(samples, truths["o200k_base"]).items():
        print(f'    "{name}": {weight},')
    held_out = held_out_error(samples, truths["o200k_base"])
    print(f"\nheld-out (2-fold) mean abs error per text vs o200k_base: {100 * held_out:.1f} %")
    report(samples, truths)


if __name__ == "__main__":
    main()
