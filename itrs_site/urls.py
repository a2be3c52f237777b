from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control

from .languages import language_switch


@cache_control(max_age=86_400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for where a page links no icon (the admin): the icon among
    the static files, under its hashed name in production (hence a redirect, looked up per request)."""
    return HttpResponseRedirect(static("favicon.ico"))


# English at the URLs without a prefix; the other languages under theirs (itrs_site/languages.py).
urlpatterns = [
    path("favicon.ico", favicon),
    path("api/v1/", include("api.urls")),
    path("language/<str:code>/", language_switch, name="language-switch"),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("", include("review.urls")),
        prefix_default_language=False,
    ),
]
