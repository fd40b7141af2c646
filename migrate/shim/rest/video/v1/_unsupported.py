"""Twilio Video resources with no Zoom equivalent: every call raises with the alternative."""

from __future__ import annotations

from typing import Any, NoReturn

from migrate.shim.errors import not_supported


class UnsupportedResource:
    """Stands in for a list, context or instance; each Twilio method raises
    :class:`~migrate.shim.errors.ShimNotSupportedError` naming the catalog's alternative."""

    def __init__(self, catalog_key: str, name: str, uri: str) -> None:
        self._key = catalog_key
        self._name = name
        self._uri = uri

    def _fail(self, method: str, http_method: str = "GET") -> NoReturn:
        raise not_supported(self._key, f"{self._name}.{method}()", self._uri, http_method)

    def __call__(self, *args: Any, **kwargs: Any) -> UnsupportedResource:
        # rooms(..).participants(..).published_tracks("MT..") and anonymize() return contexts.
        return self

    def get(self, *args: Any, **kwargs: Any) -> UnsupportedResource:
        """A context; its methods raise."""
        return self

    def fetch(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises: no Zoom equivalent."""
        self._fail("fetch")

    def list(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises: no Zoom equivalent."""
        self._fail("list")

    def stream(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises: no Zoom equivalent."""
        self._fail("stream")

    def page(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises: no Zoom equivalent."""
        self._fail("page")

    def create(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises: no Zoom equivalent."""
        self._fail("create", "POST")

    def update(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises: no Zoom equivalent."""
        self._fail("update", "POST")

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raises: no Zoom equivalent."""
        self._fail("delete", "DELETE")

    def __repr__(self) -> str:
        return f"<migrate.shim unsupported {self._name}>"
