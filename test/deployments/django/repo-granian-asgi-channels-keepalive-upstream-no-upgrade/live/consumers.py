import json

from channels.generic.websocket import AsyncWebsocketConsumer


class UpdatesConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.room = self.scope["url_route"]["kwargs"]["room"]
        await self.channel_layer.group_add(self.room, self.channel_name)
        await self.accept()

    async def disconnect(self, close_code):
        await self.channel_layer.group_discard(self.room, self.channel_name)

    async def update(self, event):
        await self.send(text_data=json.dumps(event["payload"]))
