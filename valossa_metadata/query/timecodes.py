"""Time codes: every time a user gives, parsed one way; every clock a file or picture shows, written one way.

Times are float seconds throughout the toolkit. A user may write ``90``, ``90.5``, ``1:30``, ``1:30.5``
or ``0:01:30``; minutes and seconds after a colon stay below 60, and NaN, infinities and negative
times are refused with a :class:`~valossa_metadata.errors.UsageError`.
"""

from __future__ import annotations

import math
import re

from valossa_metadata.errors import UsageError

__all__ = ["clock", "hms", "parse_time", "seconds_of"]

_NUMBER = r"\d+(?:\.\d*)?|\.\d+"
_CLOCK = re.compile(rf"^(?:(\d+):)?(\d+):({_NUMBER})$")


def parse_time(value: str | float, *, what: str = "time") -> float:
    """Seconds from a number or from ``m:ss`` / ``h:mm:ss`` text (fractions of a second allowed).

    ``what`` names the value in the error message (``"--start"``, ``"t"``).

    Examples:
        >>> parse_time("0:01:30"), parse_time("1:30.5"), parse_time("90"), parse_time(2.5)
        (90.0, 90.5, 90.0, 2.5)
        >>> parse_time("1:75")
        Traceback (most recent call last):
        ...
        valossa_metadata.errors.UsageError: not a time: '1:75' (seconds after a colon are below 60)
    """
    if isinstance(value, bool):
        raise UsageError(f"{what} is a number of seconds or h:mm:ss text, not {value!r}")
    if isinstance(value, int | float):
        return _checked(float(value), value, what)
    if not isinstance(value, str):
        raise TypeError(f"{what} is a number of seconds or h:mm:ss text, not {type(value).__name__}")
    text = value.strip()
    match = _CLOCK.match(text)
    if match is None:
        try:
            seconds = float(text)
        except ValueError:
            raise UsageError(f"not a time: {value!r} (use seconds, m:ss or h:mm:ss)") from None
        return _checked(seconds, value, what)
    hours, minutes, secs = match.group(1), int(match.group(2)), float(match.group(3))
    if hours is not None and minutes >= 60:
        raise UsageError(f"not a time: {value!r} (minutes after a colon are below 60)")
    if secs >= 60:
        raise UsageError(f"not a time: {value!r} (seconds after a colon are below 60)")
    return int(hours or 0) * 3600 + minutes * 60 + secs


def _checked(seconds: float, given: object, what: str) -> float:
    if math.isnan(seconds) or math.isinf(seconds):
        raise UsageError(f"{what} must be a finite number of seconds, not {given!r}")
    if seconds < 0:
        raise UsageError(f"{what} cannot be negative: {given!r}")
    return seconds


def seconds_of(hours: int, minutes: int, seconds: int, millis: int = 0) -> float:
    """Seconds of a clock's parts, as subtitle files write them.

    Examples:
        >>> seconds_of(1, 2, 3, 500)
        3723.5
    """
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def hms(seconds: float, decimals: int = 0) -> str:
    """Seconds as ``h:mm:ss`` (``decimals`` digits of a second after a dot), as time axes and reports show.

    Examples:
        >>> hms(3725), hms(59.96), hms(12.25, 1), hms(-5)
        ('1:02:05', '0:01:00', '0:00:12.2', '-0:00:05')
    """
    sign = "-" if seconds < 0 else ""
    scale = 10**decimals
    total = round(abs(seconds) * scale)
    whole, fraction = divmod(total, scale)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f".{fraction:0{decimals}d}" if decimals else ""
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}{tail}"


def clock(seconds: float, separator: str = ".") -> str:
    """``HH:MM:SS.mmm`` with millisecond carry, as WebVTT (``.``) and SRT (``,``) write times.

    Negative times clamp to zero.

    Examples:
        >>> clock(3599.9996), clock(1.5, ",")
        ('01:00:00.000', '00:00:01,500')
    """
    total = max(0, round(seconds * 1000))
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"
