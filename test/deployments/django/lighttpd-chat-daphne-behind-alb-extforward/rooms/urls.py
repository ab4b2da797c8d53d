from django.urls import path

from . import views

urlpatterns = [
    path("", views.lobby, name="lobby"),
    path("rooms/<slug:room_name>/", views.room, name="room"),
]
