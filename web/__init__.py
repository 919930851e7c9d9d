"""The govkg viewer: a Flask app over a built graph (never imports extraction code)."""

__all__ = ["create_app"]


def __getattr__(name):
    # lazy, so the query workers (python -m web.pool) start without importing Flask
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(name)
