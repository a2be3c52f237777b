"""Pages of the site as a whole: the error pages and the favicon."""

from django.contrib.staticfiles import finders
from django.template import loader
from django.templatetags.static import static
from django.test import override_settings


@override_settings(ROOT_URLCONF="tests.urls_raising", DEBUG=False)
def test_an_exception_in_a_view_gives_the_branded_500_page(client, caplog, db):
    # db: every public request reads the data version first (PublicResponseMiddleware).
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


def test_favicon_ico_is_served_from_this_host(client, record):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    icon = finders.find("favicon.ico")
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # an icon file, which every browser reads


def test_every_page_links_its_icon(client, record):
    for url in ("/", "/provisions/", "/provisions/itrs-2012/29/", "/no-such-page/"):
        content = client.get(url).content.decode()
        assert f'<link rel="icon" href="{static("favicon.ico")}" sizes="16x16 32x32 48x48">' in content, url
        assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in content, url
    assert finders.find("favicon.svg")
