from django.urls import path

from . import views

urlpatterns = [
    path("", views.fixtures, name="fixtures"),
    path("matches/<int:match_id>/", views.match, name="match"),
]
