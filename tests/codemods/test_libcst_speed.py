"""The per-class table of batched visitor methods gives LibCST's own answer."""

from __future__ import annotations

from typing import Any

import libcst as cst
from libcst.metadata import ExpressionContextProvider, MetadataWrapper, ScopeProvider

from codemods import libcst_speed


class _Counter(cst.BatchableCSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names = 0

    def visit_Name(self, node: cst.Name) -> None:
        self.names += 1


def _table(visitor: cst.BatchableCSTVisitor) -> dict[str, Any]:
    return {
        name: (method.__func__, method.__self__) for name, method in visitor.get_visitors().items()
    }


def _original(visitor: cst.BatchableCSTVisitor) -> dict[str, Any]:
    return {
        name: (method.__func__, method.__self__)
        for name, method in libcst_speed._ORIGINAL(visitor).items()
    }


def test_the_table_is_libcsts_own_for_every_instance() -> None:
    libcst_speed.install()
    for cls in (ScopeProvider, ExpressionContextProvider, _Counter):
        first, second = cls(), cls()
        assert _table(first) == _original(first)
        assert _table(second) == _original(second)  # bound to the second, not the first
    # No-op stubs stay out, as in LibCST: the counter has one method.
    assert list(_table(_Counter())) == ["visit_Name"]


def test_an_instance_with_its_own_methods_gets_libcsts_answer() -> None:
    libcst_speed.install()
    visitor = _Counter()
    visitor.leave_Name = lambda node: None  # type: ignore[method-assign, assignment]
    assert set(visitor.get_visitors()) == set(libcst_speed._ORIGINAL(visitor))
    assert "leave_Name" not in _table(_Counter())


def test_batched_visits_still_reach_every_node() -> None:
    libcst_speed.install()
    wrapper = MetadataWrapper(cst.parse_module("a = b + c\nprint(a)\n"))
    counter = _Counter()
    wrapper.visit_batched([counter])
    assert counter.names == 5
    scopes = wrapper.resolve(ScopeProvider)
    assert any(scope is not None and "a" in scope for scope in scopes.values())
