"""Modules that can be called as their main function (``functiegebouw.convert(path)``).

Python binds a submodule as an attribute of its package once it is imported, which would hide a
function of the same name exported by the package; making the module itself callable keeps both
``functiegebouw.convert(path)`` and ``functiegebouw.convert.build(...)`` working in any import order.
"""
from __future__ import annotations

import sys
import types
from typing import Any


def make_callable(module_name: str, function_name: str) -> None:
    module = sys.modules[module_name]

    class CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return getattr(self, function_name)(*args, **kwargs)  # looked up late: patchable

    CallableModule.__call__.__doc__ = getattr(module, function_name).__doc__
    module.__class__ = CallableModule
