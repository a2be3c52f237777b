from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control


@cache_control(max_age=86_400, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for where a page links no icon (the admin): the icon among
    the static files, under its hashed name in production (hence a redirect, looked up per request)."""
    return HttpResponseRedirect(static("favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("", include("review.urls")),
]
