"""`records.record` and `records.cached` stand in for `collections.namedtuple` and
`functools.lru_cache` on the query path (issue 28): each must behave as the original does for what
the package uses, which is checked here against the original itself."""
from __future__ import annotations

import copy
import pickle
from collections import namedtuple

import pytest

from functiegebouw.records import cached, record
from functiegebouw.sparql.query import NamedQuery, Param, parse_header

FIELDS = "name type required default description descriptions"
DEFAULTS = ("literal", False, None, "", None)
Made = record("Made", FIELDS, defaults=DEFAULTS)  # pickle finds a class by its name in its module
Original = namedtuple("Made", FIELDS, defaults=DEFAULTS)

CALLS = [
    (("x",), {}), (("x", "iri"), {}), (("x",), {"required": True}), ((), {"name": "x", "default": "5"}),
    (("a", "b", "c", "d", "e", "f"), {}), ((), {"type": "iri", "name": "y"}),
]
BAD_CALLS = [((), {}), (("a", "b", "c", "d", "e", "f", "g"), {}), (("x",), {"name": "y"}), (("x",), {"colour": 1}),
             ((), {"type": "iri"})]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_record_is_made_and_read_as_a_namedtuple(args, kwargs):
    made, original = Made(*args, **kwargs), Original(*args, **kwargs)
    assert made == original and tuple(made) == tuple(original) and isinstance(made, tuple)
    assert repr(made) == repr(original)
    assert [getattr(made, f) for f in FIELDS.split()] == [getattr(original, f) for f in FIELDS.split()]
    assert made._asdict() == original._asdict() and Made.__module__ == __name__
    assert made._replace(type="date") == original._replace(type="date")
    assert type(made._replace(type="date")) is Made
    assert Made._make(list(original)) == made and type(Made._make(original)) is Made
    assert Made._fields == Original._fields and Made._field_defaults == Original._field_defaults
    assert Made.__match_args__ == Original.__match_args__
    assert pickle.loads(pickle.dumps(made)) == made and type(pickle.loads(pickle.dumps(made))) is Made
    assert copy.copy(made) == made and copy.deepcopy(made) == made
    assert hash(made) == hash(original)


@pytest.mark.parametrize(("args", "kwargs"), BAD_CALLS)
def test_a_record_refuses_what_a_namedtuple_refuses(args, kwargs):
    with pytest.raises(TypeError):
        Original(*args, **kwargs)
    with pytest.raises(TypeError):
        Made(*args, **kwargs)


def test_replace_and_make_refuse_as_a_namedtuple_does():
    with pytest.raises(ValueError, match="colour"):
        Made("x")._replace(colour=1)
    with pytest.raises(TypeError):
        Made._make(["x"])
    with pytest.raises(AttributeError):
        Made("x").colour = 1  # no __dict__: __slots__ = ()
    with pytest.raises(AttributeError):
        Made("x").name = "y"  # type: ignore[misc]


def test_the_query_records_keep_their_own_methods_and_pickle():
    named = parse_header("# title: T\n# param: n (integer, required) the n\n# example: n=5\nSELECT ?n { }\n",
                         name="q", path="/tmp/q.rq")
    assert isinstance(named, NamedQuery) and isinstance(named.params[0], Param)
    assert named.params[0] == Param("n", "integer", True, None, "the n")
    assert named.file == "/tmp/q.rq" and str(named.path) == "/tmp/q.rq" and named.example_params == {"n": "5"}
    assert pickle.loads(pickle.dumps(named)) == named and type(pickle.loads(pickle.dumps(named))) is NamedQuery
    assert repr(named).startswith("NamedQuery(name='q', title='T'")
    assert named._replace(name="r").name == "r" and type(named._replace(name="r")) is NamedQuery


def test_cached_answers_as_the_function_and_computes_each_argument_once():
    calls = []

    @cached(maxsize=3)
    def square(n: int, *, plus: int = 0) -> int:
        """Doc."""
        calls.append((n, plus))
        return n * n + plus

    assert [square(2), square(2), square(3, plus=1), square(3, plus=1)] == [4, 4, 10, 10]
    assert calls == [(2, 0), (3, 1)]
    assert square.__name__ == "square" and square.__doc__ == "Doc."
    for n in range(10):  # more than maxsize: still the right answers, and at most maxsize kept
        assert square(n) == n * n
    calls.clear()
    assert square(0) == 0 and calls == [(0, 0)]  # dropped, so computed again
    square.cache_clear()
    calls.clear()
    assert square(2) == 4 and calls == [(2, 0)]
    with pytest.raises(TypeError):
        square([1])  # unhashable, as with lru_cache
