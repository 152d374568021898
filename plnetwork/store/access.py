"""Who may read and write what: the :class:`Scope` every store method takes, and the checks on it.

The rules (enforced by the store on every call, whatever the interface in front of it):

============  ===========================================  ==========================================
role          reads                                        writes (uploads, waves, results, deletes)
============  ===========================================  ==========================================
admin         everything                                   everything
district      every wave of its district                   its district; erasure in its district
school        its school's waves; of a district-wide wave  its school's waves only
              only its school's people and ties among them
researcher    its district's waves (every district when    nothing
              it has none), always pseudonymized
============  ===========================================  ==========================================

A scope with ``hide_names=True`` reads pseudonymized data too (the "hide names" switch); a researcher's
scope always has it. A wave that does not exist and a wave out of scope are refused alike, so a forged
request cannot probe which waves exist.

Examples
--------
>>> read_view(Scope("school", district="Maple", school="Oak"), "Maple", "")
WaveView(school='Oak', pseudonymous=False)
>>> read_view(Scope("researcher"), "Maple", "Oak")
WaveView(school=None, pseudonymous=True)
>>> check_write(Scope("school", district="Maple", school="Oak"), "Maple", "Elm")
Traceback (most recent call last):
...
plnetwork.store.access.AccessDenied: a school account may only change its own school's data
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import and_, or_, true

__all__ = ["ROLES", "Scope", "AccessDenied", "WaveView", "read_view", "check_write", "check_district",
           "check_admin", "wave_filter"]

ROLES = ("admin", "district", "school", "researcher")


class AccessDenied(PermissionError):
    """The scope does not reach the data asked for (or the data does not exist)."""


@dataclass(frozen=True)
class Scope:
    """Whose request this is: ``role`` and the ``district`` / ``school`` it is bound to."""

    role: str
    district: str | None = None
    school: str | None = None
    user_id: int | None = None
    hide_names: bool = False

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")
        if self.role in ("district", "school") and not self.district:
            raise ValueError(f"a {self.role} scope needs a district")
        if self.role == "school" and not self.school:
            raise ValueError("a school scope needs a school")
        if self.role == "researcher" and not self.hide_names:
            object.__setattr__(self, "hide_names", True)

    @property
    def pseudonymous(self) -> bool:
        return self.hide_names

    def with_hidden_names(self, hide: bool = True) -> "Scope":
        """The same scope with the "hide names" switch set (a researcher's stays on)."""
        return replace(self, hide_names=hide)


@dataclass(frozen=True)
class WaveView:
    """What a scope sees of one wave: restricted to ``school`` when set, pseudonymized or not."""

    school: str | None
    pseudonymous: bool


def read_view(scope: Scope, district: str, school: str) -> WaveView:
    """The view of a wave of ``district`` / ``school`` (``""`` = district-wide); AccessDenied if none."""
    hide = scope.hide_names
    if scope.role == "admin":
        return WaveView(None, hide)
    if scope.role == "researcher" and scope.district in (None, district):
        return WaveView(None, True)
    if scope.role == "district" and scope.district == district:
        return WaveView(None, hide)
    if scope.role == "school" and scope.district == district:
        if school == scope.school:
            return WaveView(None, hide)
        if not school:
            return WaveView(scope.school, hide)
    raise AccessDenied("this wave is not in your scope (or does not exist)")


def check_write(scope: Scope, district: str, school: str | None) -> None:
    """Refuse a change to ``district`` / ``school`` that the scope does not own."""
    school = school or ""
    if scope.role == "admin":
        return
    if scope.role == "researcher":
        raise AccessDenied("a researcher account cannot change stored data")
    if scope.district != district:
        raise AccessDenied(f"a {scope.role} account may only change its own district's data")
    if scope.role == "school" and school != scope.school:
        raise AccessDenied("a school account may only change its own school's data")


def check_district(scope: Scope, district: str) -> None:
    """District-wide operations (erasure, the district's audit log): admin or that district's account."""
    if scope.role == "admin" or (scope.role == "district" and scope.district == district):
        return
    raise AccessDenied("only an administrator or the district's own account may do this")


def check_admin(scope: Scope) -> None:
    if scope.role != "admin":
        raise AccessDenied("only an administrator may do this")


def wave_filter(scope: Scope, wave):
    """A SQL condition on the ``wave`` model selecting the waves the scope may list."""
    if scope.role == "admin" or (scope.role == "researcher" and scope.district is None):
        return true()
    if scope.role in ("district", "researcher"):
        return wave.district == scope.district
    return and_(wave.district == scope.district, or_(wave.school == scope.school, wave.school == ""))
