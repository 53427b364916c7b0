"""Replies for what the assistant must not answer: personal medical advice, and
messages it cannot read (empty, too long, emoji only, another language).
Crisis messages are answered by the `utter_crisis` rule, before anything else."""
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import topic_buttons
from assistant.knowledge import get_store
from assistant.safety import input_problem
from assistant.settings import get_settings

INPUT_PROBLEM_RESPONSES = {
    "empty": "utter_input_empty",
    "too_long": "utter_input_too_long",
    "no_words": "utter_input_no_words",
    "markup": "utter_input_markup",
    "not_english": "utter_input_not_english",
}


def out_of_scope_response(text: Optional[str], max_chars: int) -> str:
    """The response for an out-of-scope message: why we could not read it, if so."""
    problem = input_problem(text, max_chars)
    return INPUT_PROBLEM_RESPONSES[problem] if problem else "utter_out_of_scope"


class ActionMedicalAdvice(Action):
    """Kindly refers personal medical questions to the prescriber or pharmacist."""

    def name(self) -> str:
        return "action_medical_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_medical_advice", disclaimer=get_store().disclaimer())
        return []


class ActionOutOfScope(Action):
    """Says what the assistant covers, or why it could not read the message."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        response = out_of_scope_response(tracker.latest_message.get("text"),
                                         get_settings().max_message_chars)
        if response == "utter_out_of_scope":
            dispatcher.utter_message(response=response, buttons=topic_buttons(get_store()))
        else:
            dispatcher.utter_message(response=response)
        return []
