from django.urls import path

from . import drafting_views, feeds, open_data, views

app_name = "review"

urlpatterns = [
    path("", views.home, name="home"),
    path("provisions/", views.ProvisionListView.as_view(), name="provision-list"),
    # Margins contain a slash (1/1, 2/9): the path converter takes the rest of the URL.
    path("provisions/<slug:instrument>/<path:margin>/", views.ProvisionDetailView.as_view(), name="provision-detail"),
    path("positions/", views.PositionListView.as_view(), name="position-list"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("compare/versions/", views.VersionsView.as_view(), name="compare-versions"),
    path("participants/", views.ParticipantListView.as_view(), name="participant-list"),
    path("participants/<slug:slug>/", views.ParticipantDetailView.as_view(), name="participant-detail"),
    path("participants/<slug:slug>/brief/", drafting_views.BriefView.as_view(), name="participant-brief"),
    path("compilation/", drafting_views.CompilationView.as_view(), name="compilation"),
    path("summary/", drafting_views.SummaryView.as_view(), name="summary"),
    path("contributions/", views.ContributionListView.as_view(), name="contribution-list"),
    # Symbols contain a slash (EG-ITRs-3/2).
    path("contributions/<path:symbol>/", views.ContributionDetailView.as_view(), name="contribution-detail"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("feeds/positions/", feeds.PositionFeed(), name="position-feed"),
    path("open-data/", open_data.open_data_page, name="open-data"),
    path(f"open-data/{open_data.FILENAME}", open_data.open_data_package, name="open-data-package"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("about/structure/", views.AboutStructureView.as_view(), name="about-structure"),
]
