"""The figures every score gives: shares, F1, and how well confidences are calibrated."""

from __future__ import annotations

from collections.abc import Sequence


def share(part: int, whole: int) -> float:
    """``part`` of ``whole`` (0 of nothing)."""
    return part / whole if whole else 0.0


def f1_of(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 where both are)."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> float | None:
    """The expected calibration error of confidences against whether each was right (equal-
    width bins, weighted by their share); None without any pair."""
    if not pairs:
        return None
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, r) for c, r in pairs if low <= c < high or (b == bins - 1 and c >= 1.0)]
        if inside:
            confidence = sum(c for c, _ in inside) / len(inside)
            accuracy = sum(r for _, r in inside) / len(inside)
            error += len(inside) / len(pairs) * abs(confidence - accuracy)
    return error
