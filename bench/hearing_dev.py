"""The recognizer's development set: callers' sentences written for choosing and calibrating how the
embedded recognizers hear (bench/hearing.py). Not the benchmark's held-out set (bench/speech.py).

Per English example menu: sentences around the menu's phrases and in the caller's own words, per
option ("option label": [...]); requests for a person ("human"); requests the menu doesn't offer
("out"). Which option a sentence means is decided by the engine on the typed text, so these lists
only say what was written for which option.
"""

from __future__ import annotations

HUMAN = [
    "let me talk to a representative", "can I just talk to somebody", "I want to speak to a person",
    "uh can I talk to a real person please", "transfer me to a live person", "put me through to someone please",
    "agent please", "I need an operator", "customer service", "representative", "talk to someone please",
    "I want a real human", "I'd like to speak to someone now", "operator", "get me a person", "can I speak to an agent",
]

MENUS: dict[str, dict[str, list[str]]] = {
    "bank:main": {
        "balance": [
            "uh I'd like to check my balance please", "I want to check my balance", "my account balance please",
            "can I get my balance", "balance please", "I'm calling about my account balance", "um what's my balance",
            "yes check my balance", "hi I need my balance", "could you tell me my balance",
            "how much money is in my account", "how much do I have left", "I want to know how much money I have",
        ],
        "lost card": [
            "I lost my card", "I think I lost my card", "my card was stolen", "I need to block my card",
            "please cancel my card", "I lost my debit card", "uh my wallet was stolen", "report a stolen card",
            "I can't find my card", "somebody took my wallet", "my wallet is gone",
        ],
        "complaints": [
            "I want to make a complaint", "I'd like to complain", "I have a complaint about a branch", "complaints please",
            "uh I need to file a complaint", "I want to complain about the service", "can I make a complaint",
            "I'm not happy with the service I got", "I want to report bad service",
        ],
        "hours": [
            "what are your opening hours", "when are you open", "branch hours please", "when are you open on saturday",
            "what time does the branch close", "what are the hours for the main street branch", "I need your hours",
            "what time do you close today", "are you open on sunday",
        ],
        "human": ["can I speak to a banker", "I'd like to talk to a teller", *HUMAN[:8]],
        "out": [
            "I want to open a new savings account", "what's the weather like today", "do you sell car insurance",
            "I'd like to apply for a mortgage", "what's your routing number", "I need to order new checks",
            "can I change my address", "I want to set up direct deposit", "what's the exchange rate for euros",
            "is there an ATM near me", "I'd like to buy some stocks", "do you have any job openings",
            "my grandson is visiting next week", "sorry wrong number",
        ],
    },
    "bank:anything_else": {
        "main menu": ["yes please", "main menu please", "yes I need something else", "take me back to the main menu",
                      "yeah something else"],
        "goodbye": ["no thanks that's all", "no I'm done", "that's all thank you", "goodbye", "nope I'm good"],
        "human": HUMAN[8:12],
        "out": ["what time is it", "can you repeat my balance", "the weather is lovely"],
    },
    "telecom:main": {
        "outage": [
            "is there an outage in my area", "my service is down", "I have no signal", "I've got no service at all",
            "is there a service outage", "my phone has no signal since this morning", "outage",
            "my phone isn't working", "I can't make any calls",
        ],
        "internet": [
            "my internet is not working", "my wifi keeps dropping", "I have slow internet", "the router keeps blinking",
            "my modem is broken", "internet please", "I need help with my internet", "I can't get online",
            "the web pages won't load",
        ],
        "billing": [
            "I have a question about my bill", "I want to pay my bill", "billing please",
            "why are there extra charges on my bill", "I need to make a payment", "my bill is too high",
            "how much do I owe", "you charged me twice",
        ],
        "other": [
            "I'm moving next month", "I need to give you my new address", "something else", "I'm moving to a new apartment",
            "it's about something else", "I want to transfer my service to another city",
        ],
        "human": HUMAN[4:14],
        "out": [
            "do you sell iphones", "what's the weather tomorrow", "I want to order a pizza", "can I upgrade my phone",
            "what are your store hours", "how do I set up voicemail", "where is the nearest store", "tell me a joke",
            "I'd like to buy a new laptop", "who won the game last night",
        ],
    },
    "telecom:restart_router": {
        "ready": ["okay I'm ready", "it's back", "done", "the lights are steady now I'm ready", "okay it's done",
                  "alright continue"],
        "human": HUMAN[12:16],
        "out": ["how long does it take", "which light should I look at", "where is the power button"],
    },
    "telecom:callback_offer": {
        "call back": ["please call me back", "yes call me back", "callback please", "can you call me back later"],
        "hold": ["I'll wait", "I'll hold", "I'd rather hold", "keep holding", "I can wait"],
        "out": ["how long is the wait", "what's the weather like"],
    },
    "multilingual:main": {
        "trash": ["when is trash day", "what day is garbage pickup", "my recycling wasn't picked up",
                  "I have a question about trash pickup", "when do they collect the bins"],
        "pothole": ["I want to report a pothole", "there's a big hole in the road on my street", "road damage on main street",
                    "a pothole please", "there's a crack in the street"],
        "bill": ["I want to pay my water bill", "I need to pay a bill", "payment please", "how do I pay my bill"],
        "human": ["city staff please", "can I talk to someone from the city", *HUMAN[0:4]],
        "out": ["I need a building permit", "when is the library open", "I want to adopt a dog", "where do I vote",
                "my neighbor's tree fell on my car", "are dogs allowed in the park"],
    },
}
