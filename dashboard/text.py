"""The words the dashboard repeats: the statement of use and how to read a response rate."""

from __future__ import annotations

__all__ = ["STATEMENT_OF_USE", "response_reading", "SUPPRESSION_NOTE"]

STATEMENT_OF_USE = ("This analysis is for designing support and professional learning, not for evaluating "
                    "individual staff. It names colleagues: keep it within the people responsible for that work.")

SUPPRESSION_NOTE = ("Groups of fewer than 5 people are not shown (nor the next-smallest group where a total "
                    "would reveal them), so that nobody can be recognised from a small group's figures.")


def response_reading(rate: float | None) -> tuple[str, str]:
    """``(level, sentence)`` for a response rate: ``dependable`` (>= 80%), ``indicative`` (65-79%), ``low``.

    Examples
    --------
    >>> response_reading(0.85)[0], response_reading(0.7)[0], response_reading(0.4)[0]
    ('dependable', 'indicative', 'low')
    """
    if rate is None:
        return "low", "Response rate unknown: read these results with great care."
    pct = f"{rate:.0%}"
    if rate >= 0.80:
        return "dependable", f"Response rate {pct}: the map of leaders and brokers is dependable."
    if rate >= 0.65:
        return "indicative", f"Response rate {pct}: the map of leaders and brokers is indicative only."
    return "low", (f"Response rate {pct} is below 65%: many ties are missing, so leaders, brokers and "
                   "isolated staff cannot be identified reliably. Do not act on individual results.")
