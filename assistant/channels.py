"""The REST channel, keeping each reply whole.

Rasa's stock REST channel splits every text at blank lines into separate messages,
which would separate a curated answer from its disclaimer. This channel serves the
same URL (/webhooks/rest/webhook) and sends each reply as the one message it is.
Named in credentials.yml.
"""
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel
from rasa.core.channels.rest import RestInput as StockRestInput
from sanic import Blueprint


class _WholeText:
    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text.strip()))  # type: ignore


class WholeTextCollector(_WholeText, CollectingOutputChannel):
    """Collects replies for the JSON response, one message per reply."""


class WholeTextQueue(_WholeText, QueueOutputChannel):
    """Streams replies (`?stream=true`), one message per reply."""


def keep_replies_whole(message: UserMessage) -> UserMessage:
    """Swap the stock collector for one that does not split texts at blank lines."""
    channel = message.output_channel
    if isinstance(channel, QueueOutputChannel):
        message.output_channel = WholeTextQueue(channel.messages)
    elif isinstance(channel, CollectingOutputChannel):
        whole = WholeTextCollector()
        whole.messages = channel.messages  # the list the webhook returns
        message.output_channel = whole
    return message


class RestInput(StockRestInput):
    """REST channel at /webhooks/rest/webhook whose replies are never split."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def on_whole_message(message: UserMessage) -> Any:
            return await on_new_message(keep_replies_whole(message))

        return super().blueprint(on_whole_message)
