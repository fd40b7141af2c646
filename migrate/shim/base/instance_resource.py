"""Base of every shim instance: Twilio's attribute names, loaded from a Twilio-shaped view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class InstanceResource:
    """Attributes are the annotated public names of the subclass, read from ``properties``."""

    _field_names: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            annotations = vars(klass).get("__annotations__", {})
            names += [n for n in annotations if not n.startswith("_")]
        cls._field_names = tuple(dict.fromkeys(names))

    def __init__(self, properties: Mapping[str, Any]) -> None:
        for name in self._field_names:
            setattr(self, name, properties.get(name))

    def __repr__(self) -> str:
        sid = getattr(self, "sid", None) or getattr(self, "room_sid", "")
        return f"<Twilio.Video.V1.{type(self).__name__} sid={sid}>"
