"""Pages of the site as a whole: the error pages and the favicon."""

from django.template import loader
from django.test import override_settings


@override_settings(ROOT_URLCONF="tests.urls_raising", DEBUG=False)
def test_an_exception_in_a_view_gives_the_branded_500_page(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level("ERROR", logger="django.request"):
        response = client.get("/raise-an-error/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "<title>Server error · ITRs Review Tracker</title>" in content
    assert '<p class="site-name"><a href="/">ITRs Review Tracker</a></p>' in content
    assert "Something went wrong on our side" in content
    assert "A bug in a view." not in content  # nothing of the error is shown to the public
    assert "RuntimeError: A bug in a view." in caplog.text  # it is logged for the operators


def test_the_500_page_renders_without_any_context():
    # Django's server_error view renders it with no context and no request (a context processor
    # or a database query could be what failed).
    content = loader.get_template("500.html").render()
    assert "Something went wrong on our side" in content
