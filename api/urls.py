from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("positions/", views.PositionList.as_view(), name="positions"),
    path("provisions/", views.ProvisionList.as_view(), name="provisions"),
    path("participants/", views.ParticipantList.as_view(), name="participants"),
    path("contributions/", views.ContributionList.as_view(), name="contributions"),
    path("meetings/", views.MeetingList.as_view(), name="meetings"),
    path("changes/", views.ChangeList.as_view(), name="changes"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.documentation, name="docs"),
]
