"""A quicker constructor for the immutable records made for every notice.

A frozen dataclass sets each field in its ``__init__`` through ``object.__setattr__``, looked up by name for
every field of every record: a lot has 37 fields, a notice 38, and records are made for every text, amount,
organisation and criterion read. :func:`quick_init` replaces that ``__init__`` of a frozen, slotted dataclass
with one of the same signature that stores each argument through its slot's descriptor, fetched once when the
class is made: the same records, in about half the time (a lot: 1.8 µs instead of 3.4 µs).
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """``cls`` (a frozen dataclass with slots, decorated first) with a quicker ``__init__`` of the same
    signature. Refuses, at import, a class whose constructor does more than store its arguments (a default
    factory, a field left out of ``__init__``, keyword-only fields, ``__post_init__``): its records would
    come out different."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init wants a frozen dataclass with slots")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: quick_init cannot call __post_init__")
    namespace: dict[str, Any] = {}
    parameters: list[str] = []
    stores: list[str] = []
    for number, field in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        if not field.init or field.kw_only or field.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{field.name}: quick_init stores plain arguments only")
        parameter = field.name
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{number}"] = field.default
            parameter += f"=_default_{number}"
        parameters.append(parameter)
        slot = getattr(cls, field.name)
        if not isinstance(slot, types.MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{field.name}: not a slot")
        namespace[f"_store_{number}"] = slot.__set__
        stores.append(f"    _store_{number}(self, {field.name})")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + ("\n".join(stores) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 - source built above from the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
