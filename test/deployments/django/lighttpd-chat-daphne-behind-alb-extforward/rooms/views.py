from django.shortcuts import render


def lobby(request):
    return render(request, "rooms/lobby.html")


def room(request, room_name):
    return render(request, "rooms/room.html", {"room_name": room_name})
