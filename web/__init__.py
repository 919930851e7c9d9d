"""The govkg viewer: a Flask app over a built graph (never imports extraction code)."""

from .app import create_app

__all__ = ["create_app"]
