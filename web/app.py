"""The Flask application factory."""

from __future__ import annotations

from flask import Flask, render_template_string, request

from kg.store import Store

PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>govkg</title></head>
<body><h1>govkg</h1><p>{{ triples }} triples</p>
<form method="get" action="/query"><textarea name="query" rows="8" cols="80">{{ query }}</textarea>
<button type="submit">Run</button></form>
{% if error %}<p class="error">{{ error }}</p>{% endif %}
{% if vars %}<table><tr>{% for v in vars %}<th>{{ v }}</th>{% endfor %}</tr>
{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>{% endif %}
</body></html>"""

DEFAULT_QUERY = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 50"


def create_app(store: Store, config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config or {})
    app.extensions["govkg_store"] = store

    @app.get("/")
    @app.get("/query")
    def home():
        """Run a SPARQL query from a form."""
        q = request.args.get("query", DEFAULT_QUERY)
        vars_, rows, error = [], [], ""
        try:
            result = store.query(q)
            vars_ = [v.value for v in result.variables]
            rows = [[(s[v].value if s[v] is not None else "") for v in vars_] for s in result]
        except Exception as exc:  # shown to the user, as the parser said it
            error = str(exc)
        return render_template_string(PAGE, triples=len(store), query=q, vars=vars_, rows=rows, error=error)

    return app
