"""The networks app's URLs (/netvaerk/)."""

from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("", views.NetworkListView.as_view(), name="network_list"),
    path("nyt/", views.NetworkCreateView.as_view(), name="network_create"),
    path("<int:pk>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("<int:pk>/rediger/", views.NetworkEditView.as_view(), name="network_edit"),
    path("<int:pk>/slet/", views.NetworkDeleteView.as_view(), name="network_delete"),
    path("<int:pk>/medlemmer/nyt/", views.MemberAddView.as_view(), name="member_add"),
    path("medlemmer/<int:pk>/fjern/", views.MemberRemoveView.as_view(), name="member_remove"),
    path("<int:pk>/moeder/nyt/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("moeder/<int:pk>/rediger/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("moeder/<int:pk>/aflys/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("<int:pk>/aarshjul/", views.WheelView.as_view(), name="wheel"),
    path("<int:pk>/aarshjul/maaned/", views.WheelEntryView.as_view(), name="wheel_entry"),
    path(
        "aarshjul/<int:pk>/slet/",
        views.WheelEntryDeleteView.as_view(),
        name="wheel_entry_delete",
    ),
]
