"""The HTTP API against its own OpenAPI schema, with requests schemathesis generates from it (malformed values,
huge numbers, odd strings): no answer is a server error, and every answer has the documented shape."""
from __future__ import annotations

import warnings

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from wirecoder.model import Article
from wirecoder.options import Options
from wirecoder.server import create_app

pytestmark = pytest.mark.slow
TOKEN = "schema-token"


class FastPipeline:
    """Codes nothing (the schema is the subject here, not the coding); the pipeline's own tests are elsewhere."""

    options = Options.build()

    def __call__(self, article: Article) -> Article:
        return article

    def run(self, articles, batch_size=None):
        yield from articles


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        application = create_app(str(tmp_path_factory.mktemp("schema") / "s.duckdb"), TOKEN,
                                 pipeline=FastPipeline())
    yield application
    application.state.wirecoder.close()


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_generated_request_gets_a_server_error(api_schema):
    # (schemathesis' pytest plugin does not run under this pytest; its strategies are driven by hypothesis here)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/events", "/api/code", "/api/documents"}
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
            assert response.status_code < 500, (op.method, op.path, response.text)
            case.validate_response(response, checks=[not_a_server_error])

        call()
