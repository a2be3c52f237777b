"""The site's URLs plus one view that fails, to see what a visitor gets when a view has a bug."""

from django.urls import path

from itrs_site.urls import urlpatterns as site_urlpatterns


def raise_an_error(request):
    raise RuntimeError("A bug in a view.")


urlpatterns = [path("raise-an-error/", raise_an_error), *site_urlpatterns]
