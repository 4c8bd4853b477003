"""Named tuples and cached functions without ``collections`` and ``functools``.

``fgr query`` imports neither package: ``collections`` (with ``keyword``, ``operator``, ``reprlib``)
and ``functools`` (which imports ``collections`` and ``types``) cost every process ~11 M
instructions, more than many a query's own work (issue 28). :func:`record` makes a tuple class with
``collections.namedtuple``'s behaviour (fields by name and position, defaults, ``_replace``,
``_asdict``, ``_make``, ``_fields``, repr, pickling) without ``exec``; :func:`cached` keeps a
function's answers per argument, as ``functools.lru_cache`` does for the pure functions it serves
here. tests/test_records.py holds both to the originals.
"""
from __future__ import annotations

import sys

# typing only for annotations (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, ParamSpec, TypeVar

    P = ParamSpec("P")
    R = TypeVar("R")

_MISSING = object()


def record(typename: str, field_names: str, *, defaults: tuple[Any, ...] = ()) -> type[tuple[Any, ...]]:
    """A tuple class with the fields ``field_names`` (separated by spaces), the last ones defaulting
    to ``defaults``: what ``collections.namedtuple(typename, field_names, defaults=defaults)`` makes."""
    fields = tuple(field_names.split())
    count = len(fields)
    required = count - len(defaults)
    if required < 0:
        raise TypeError("got more default values than field names")
    position = {name: i for i, name in enumerate(fields)}

    def __new__(cls: type[tuple[Any, ...]], *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        if len(args) > count:
            raise TypeError(f"{typename}.__new__() takes {count + 1} positional arguments but {len(args) + 1} "
                            f"were given")
        values = list(args) + [_MISSING] * (count - len(args))
        for key, value in kwargs.items():
            at = position.get(key)
            if at is None:
                raise TypeError(f"{typename}.__new__() got an unexpected keyword argument {key!r}")
            if at < len(args):
                raise TypeError(f"{typename}.__new__() got multiple values for argument {key!r}")
            values[at] = value
        for at in range(count):
            if values[at] is _MISSING:
                if at < required:
                    raise TypeError(f"{typename}.__new__() missing required argument: {fields[at]!r}")
                values[at] = defaults[at - required]
        return tuple.__new__(cls, values)

    def _make(cls: type[tuple[Any, ...]], iterable: Iterable[Any]) -> tuple[Any, ...]:
        made = tuple.__new__(cls, iterable)
        if len(made) != count:
            raise TypeError(f"Expected {count} arguments, got {len(made)}")
        return made

    def _replace(self: tuple[Any, ...], **kwargs: Any) -> tuple[Any, ...]:
        made = type(self)._make(kwargs.pop(name, value) for name, value in zip(fields, self, strict=True))  # type: ignore[attr-defined]
        if kwargs:
            raise ValueError(f"Got unexpected field names: {list(kwargs)!r}")
        return made  # type: ignore[no-any-return]

    def __repr__(self: tuple[Any, ...]) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{n}={v!r}" for n, v in zip(fields, self, strict=True)) + ")"

    def _asdict(self: tuple[Any, ...]) -> dict[str, Any]:
        return dict(zip(fields, self, strict=True))

    def __getnewargs__(self: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(self)

    namespace: dict[str, Any] = {
        "__slots__": (), "__doc__": f"{typename}({', '.join(fields)})", "_fields": fields,
        "_field_defaults": dict(zip(fields[required:], defaults, strict=True)), "__match_args__": fields,
        "__new__": __new__, "_make": classmethod(_make), "_replace": _replace, "__repr__": __repr__,
        "_asdict": _asdict, "__getnewargs__": __getnewargs__,
    }
    for at, name in enumerate(fields):
        namespace[name] = property(_getter(at), doc=f"Alias for field number {at}")
    made = type(typename, (tuple,), namespace)
    # the caller's module, as namedtuple sets it: pickle finds the class there by its name
    made.__module__ = sys._getframe(1).f_globals.get("__name__", "__main__")
    return made


def _getter(at: int) -> Callable[[tuple[Any, ...]], Any]:
    def get(self: tuple[Any, ...]) -> Any:
        return tuple.__getitem__(self, at)
    return get


def cached(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``functools.lru_cache(maxsize)`` for a pure function of hashable arguments: the answers of
    the last ``maxsize`` argument lists are kept (all are dropped when it is full: simpler than
    least-recently-used, and the same answers); ``cache_clear()`` drops them."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        kept: dict[Any, Any] = {}

        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            key = (args, tuple(kwargs.items())) if kwargs else args
            try:
                return kept[key]  # type: ignore[no-any-return]
            except KeyError:
                pass
            value = function(*args, **kwargs)
            if len(kept) >= maxsize:
                kept.clear()
            kept[key] = value
            return value

        wrapper.cache_clear = kept.clear  # type: ignore[attr-defined]
        wrapper.__wrapped__ = function  # type: ignore[attr-defined]
        for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(wrapper, attribute, getattr(function, attribute))
        return wrapper

    return decorate
