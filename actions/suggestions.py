"""Topic lists and the low-confidence path: "did you mean", then a rephrase prompt."""
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import curated_reply, mentioned_medications, say_no_facts, topic_buttons, without_facts
from assistant.knowledge import get_store
from assistant.medications import get_lexicon

MAX_SUGGESTIONS = 3
NONE_OF_THESE = {"title": "None of these", "payload": "/deny"}


def closest_entries(intent_ranking: List[Dict[str, Any]], curated_ids: List[str]) -> List[str]:
    """The curated entries the classifier ranked highest, best first, at most three."""
    ranked = [r.get("name") for r in intent_ranking if r.get("name") in curated_ids]
    return list(dict.fromkeys(ranked))[:MAX_SUGGESTIONS]


class ActionWelcome(Action):
    """Greets and lists every curated topic as a button."""

    def name(self) -> str:
        return "action_welcome"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_welcome", buttons=topic_buttons(get_store()))
        return []


class ActionCapabilities(Action):
    """Explains what the assistant can and cannot do, with the topics as buttons."""

    def name(self) -> str:
        return "action_capabilities"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_capabilities", buttons=topic_buttons(get_store()))
        return []


class ActionDidYouMean(Action):
    """Low confidence: offers the two or three closest curated questions, unless the
    message names a drug we have no facts for, which is declined as on every path."""

    def name(self) -> str:
        return "action_did_you_mean"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        store = get_store()
        unknown = without_facts(mentioned_medications(tracker), get_lexicon())
        if unknown:
            say_no_facts(dispatcher, store, unknown[0])
            return [SlotSet("medication", unknown[0]), SlotSet("suggestions", None)]
        ranking = tracker.latest_message.get("intent_ranking") or []
        closest = closest_entries(ranking, list(store.questions()))
        if len(closest) < 2:
            dispatcher.utter_message(response="utter_ask_rephrase", buttons=topic_buttons(store))
            return [SlotSet("suggestions", None)]
        dispatcher.utter_message(response="utter_did_you_mean",
                                 buttons=topic_buttons(store, closest) + [NONE_OF_THESE])
        return [SlotSet("suggestions", closest)]


class ActionAffirm(Action):
    """"Yes" to a did-you-mean answers its first suggestion; otherwise asks what's next."""

    def name(self) -> str:
        return "action_affirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        suggestions = tracker.get_slot("suggestions") or []
        if suggestions:
            return curated_reply(dispatcher, get_store(), suggestions[0], [], None)
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionAskRephrase(Action):
    """"No" (to a suggestion or otherwise): asks to rephrase and lists every topic."""

    def name(self) -> str:
        return "action_ask_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_ask_rephrase", buttons=topic_buttons(get_store()))
        return [SlotSet("suggestions", None)]
