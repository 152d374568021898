"""Submission times as platforms write them, read into ISO-8601 (with the day/month order of a column)."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_timestamp", "is_day_first", "instant"]

_GOOGLE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?"
                     r"(?: (?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
                  r"(Z|[+-]\d{2}:?\d{2})?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?$")


def parse_timestamp(text: str, *, dayfirst: bool = False) -> str | None:
    """A platform's submission time as ISO-8601 (``None`` when it is not one).

    Examples
    --------
    >>> parse_timestamp("2024/10/07 7:46:55 AM GMT-4")       # Google Forms download
    '2024-10-07T07:46:55-04:00'
    >>> parse_timestamp("10/7/2024 19:46:55")                # a Google Sheet in a US locale
    '2024-10-07T19:46:55'
    >>> parse_timestamp("10/07/2024 07:46:55 PM")            # SurveyMonkey
    '2024-10-07T19:46:55'
    >>> parse_timestamp("2024-10-07 07:46:55")               # Qualtrics, REDCap, Excel cells
    '2024-10-07T07:46:55'
    >>> parse_timestamp("2024/10/07 7:46:55 AM GMT+99") is None
    True
    """
    try:
        stamp = _stamp((text or "").strip(), dayfirst)
        if stamp is not None:
            dt.datetime.fromisoformat(stamp)        # an offset such as GMT+99 is no time zone
    except ValueError:
        return None
    return stamp


def _stamp(text: str, dayfirst: bool) -> str | None:
    if match := _GOOGLE.match(text):
        y, mo, d, h, mi, s, ampm, sign, oh, om = match.groups()
        offset = f"{sign}{int(oh):02d}:{int(om or 0):02d}" if sign else ("+00:00" if "GMT" in text or "UTC"
                                                                           in text else "")
        return _iso(int(y), int(mo), int(d), _hour(h, ampm), int(mi), int(s or 0)) + offset
    if match := _ISO.match(text):
        y, mo, d, h, mi, s, zone = match.groups()
        offset = "" if not zone else "+00:00" if zone == "Z" else f"{zone[:3]}:{zone[-2:]}"
        return _iso(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0)) + offset
    if match := _SLASHED.match(text):
        a, b, y, h, mi, s, ampm = match.groups()
        month, day = (int(b), int(a)) if dayfirst else (int(a), int(b))
        year = int(y) + (2000 if len(y) == 2 else 0)
        return _iso(year, month, day, _hour(h, ampm), int(mi), int(s or 0))
    return None


def _hour(hour: str, ampm: str | None) -> int:
    value = int(hour)
    if ampm:
        value = value % 12 + (12 if ampm.lower() == "pm" else 0)
    return value


def _iso(*parts: int) -> str:
    return dt.datetime(*parts).isoformat()


def is_day_first(values: list[str]) -> bool:
    """Whether a column's slashed dates are day/month (some first part above 12)."""
    for value in values:
        match = _SLASHED.match(value.strip())
        if match and int(match.group(1)) > 12:
            return True
    return False


def instant(stamp: str) -> dt.datetime:
    """A parsed ISO-8601 stamp as naive UTC, so stamps with and without offsets compare."""
    moment = dt.datetime.fromisoformat(stamp)
    return moment.replace(tzinfo=None) - (moment.utcoffset() or dt.timedelta(0))
