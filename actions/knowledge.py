"""Curated answers from the knowledge table, aware of which drug is being discussed."""
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.knowledge import KnowledgeStore, get_store
from assistant.medications import ENTITY, Medication, get_lexicon
from assistant.safety import mentions_crisis

MILNACIPRAN = "milnacipran"
DULOXETINE = "duloxetine"
COMPARISON = "ask_milnacipran_vs_cymbalta"
# Questions about "it" = the medication under discussion ("does it work?").
ABOUT_THE_MEDICATION = {
    "ask_what_is_milnacipran",
    "ask_how_milnacipran_works",
    "ask_milnacipran_effectiveness",
    "ask_milnacipran_sleep",
    "ask_milnacipran_approval",
    "ask_milnacipran_depression_use",
    COMPARISON,
}


@dataclass(frozen=True)
class Plan:
    """What to say: `answer` (entry `entry_id`), `other_medication` or `comparison_only`."""

    kind: str
    entry_id: Optional[str] = None
    medication: Optional[str] = None
    topic: Optional[str] = None  # the medication under discussion afterwards


def plan_reply(intent: str, mentioned: Sequence[str], topic: Optional[str],
               lexicon: Dict[str, Medication]) -> Plan:
    """Decide how to answer a curated intent given the drugs named now and before.

    A drug we have no facts for, named now or still under discussion, never gets a
    milnacipran answer; duloxetine on its own only gets the comparison.
    """
    unknown = without_facts(mentioned, lexicon)
    if unknown:
        return Plan("other_medication", medication=unknown[0], topic=unknown[0])
    if intent not in ABOUT_THE_MEDICATION:
        return Plan("answer", entry_id=intent, topic=mentioned[0] if mentioned else None)
    if intent == COMPARISON:
        return Plan("answer", entry_id=intent, topic=MILNACIPRAN)
    drugs = list(mentioned) or ([topic] if topic else [])
    if drugs and without_facts(drugs[:1], lexicon):
        return Plan("other_medication", medication=drugs[0], topic=drugs[0])
    if DULOXETINE in drugs and MILNACIPRAN not in drugs:
        return Plan("comparison_only", medication=DULOXETINE, topic=DULOXETINE)
    return Plan("answer", entry_id=intent, topic=MILNACIPRAN)


def mentioned_medications(tracker: Tracker) -> List[str]:
    """Generic names of the medications named in the latest message, in order, once each."""
    values = [e.get("value") for e in tracker.latest_message.get("entities", [])
              if e.get("entity") == ENTITY]
    return list(dict.fromkeys(v for v in values if v))


def curated_reply(dispatcher: CollectingDispatcher, store: KnowledgeStore, intent: str,
                  mentioned: Sequence[str], topic: Optional[str]) -> List[EventType]:
    """Send the reply for a curated intent; return the slot events to apply."""
    lexicon = get_lexicon()
    plan = plan_reply(intent, mentioned, topic, lexicon)
    if plan.kind == "answer":
        text = store.answer(plan.entry_id)
        if text is None:
            dispatcher.utter_message(response="utter_default")
        else:
            dispatcher.utter_message(text=text)
    elif plan.kind == "comparison_only":
        dispatcher.utter_message(response="utter_comparison_only", disclaimer=store.disclaimer(),
                                 buttons=topic_buttons(store, [COMPARISON, "ask_what_is_milnacipran"]))
    else:
        say_no_facts(dispatcher, store, plan.medication)
    return [SlotSet("medication", plan.topic), SlotSet("suggestions", None)]


def without_facts(medications: Sequence[str], lexicon: Dict[str, Medication]) -> List[str]:
    """The medications, among those named, that we have no curated facts for."""
    return [m for m in medications if m not in lexicon or not lexicon[m].has_facts]


def say_no_facts(dispatcher: CollectingDispatcher, store: KnowledgeStore, medication: str) -> None:
    """We have no facts about this drug: say so plainly and offer what we do cover."""
    lexicon = get_lexicon()
    name = lexicon[medication].display if medication in lexicon else medication
    dispatcher.utter_message(response="utter_other_medication", medication_name=name,
                             disclaimer=store.disclaimer(),
                             buttons=topic_buttons(store, ["ask_what_is_milnacipran", COMPARISON]))


def topic_buttons(store: KnowledgeStore, entry_ids: Optional[Sequence[str]] = None) -> List[Dict[str, str]]:
    """Buttons for curated questions: the title is the question, the payload asks it."""
    buttons = []
    for entry_id, question in store.questions(entry_ids).items():
        entity = f'{{"{ENTITY}":"{MILNACIPRAN}"}}' if entry_id in ABOUT_THE_MEDICATION else ""
        buttons.append({"title": question, "payload": f"/{entry_id}{entity}"})
    return buttons


class ActionAnswer(Action):
    """Answers every curated intent from the knowledge table, disclaimer last."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        if mentions_crisis(tracker.latest_message.get("text")):
            dispatcher.utter_message(response="utter_crisis")
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        return curated_reply(dispatcher, get_store(), intent, mentioned_medications(tracker),
                             tracker.get_slot("medication"))
