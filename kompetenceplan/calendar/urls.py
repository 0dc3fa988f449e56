from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("", views.CalendarMonthView.as_view(), name="month"),
    path("uge/", views.CalendarWeekView.as_view(), name="week"),
    path("liste/", views.CalendarListView.as_view(), name="list"),
    path("abonnement/", views.FeedListView.as_view(), name="feeds"),
    path("abonnement/ny/", views.FeedCreateView.as_view(), name="feed_create"),
    path("abonnement/<int:pk>/forny/", views.FeedRenewView.as_view(), name="feed_renew"),
    path("feed/<str:token>.ics", views.FeedView.as_view(), name="feed"),
]
