"""The flow document model: what a flow YAML file may say.

These pydantic models are the single description of the format. The compiler validates loaded
YAML against them, and ``ivr schema`` prints the JSON Schema generated from them, so editors
autocomplete and check exactly what the compiler accepts. docs/flows.md explains every field.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from ivr.flow.machine import CONFIRM_BELOW, OTHER

LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
KEY_RE = re.compile(r"^[0-9*#]+$")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NODE_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
MAX_LANGUAGES = 32
"""Every listening state carries a grammar per language: more languages multiply the whole flow."""

_LANG_PATTERN = LANG_RE.pattern


def _is_lang_map(v: Any) -> bool:
    return isinstance(v, dict) and bool(v) and all(isinstance(k, str) and LANG_RE.match(k) for k in v)


def _check_text(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    if isinstance(v, str):
        return v
    if _is_lang_map(v) and all(isinstance(t, str) for t in v.values()):
        return v
    raise PydanticCustomError(
        "text", "expected text, or a mapping of language codes to text (like {en: ..., es: ...})"
    )


PROMPT_KEYS = ("text", "audio", "language", "voice")


def _check_prompt_part(v: Any) -> Any:
    if isinstance(v, dict) and ("audio" in v or "text" in v):
        extra = set(v) - set(PROMPT_KEYS)
        if extra:
            raise PydanticCustomError(
                "prompt", "a prompt mapping takes only {keys}, not {extra}",
                {"keys": ", ".join(f"'{k}'" for k in PROMPT_KEYS), "extra": ", ".join(sorted(extra))},
            )
        if "text" in v:
            v = {**v, "text": _check_text(v["text"])}  # a number is text too, as a bare prompt's is
        audio = v.get("audio")
        if audio is not None and not (isinstance(audio, str) or (_is_lang_map(audio) and all(isinstance(a, str) for a in audio.values()))):
            raise PydanticCustomError("prompt", "'audio' is a file path, or a mapping of language codes to file paths")
        language = v.get("language")
        if language is not None and not (isinstance(language, str) and LANG_RE.match(language)):
            raise PydanticCustomError("prompt", "'language' is one language code, like es or es-MX, not {value}", {"value": repr(language)})
        voice = v.get("voice")
        if voice is not None and not (isinstance(voice, str) and voice.strip()):
            raise PydanticCustomError("prompt", "'voice' is one voice name, like Polly.Lupe, not {value}", {"value": repr(voice)})
        return v
    if isinstance(v, dict) and ("language" in v or "voice" in v):
        raise PydanticCustomError("prompt", "a prompt mapping with 'language' or 'voice' needs its 'text' (or 'audio')")
    return _check_text(v)


def _check_prompt(v: Any) -> Any:
    """A prompt, or a prompt in parts (a list), each part with its own language and voice."""
    if isinstance(v, list):
        if not v:
            raise PydanticCustomError("prompt", "a prompt in parts needs at least one part")
        if any(isinstance(part, list) for part in v):
            raise PydanticCustomError("prompt", "a prompt's parts are texts or mappings, not lists")
        return [_check_prompt_part(part) for part in v]
    return _check_prompt_part(v)


def _check_phrases(v: Any) -> Any:
    if isinstance(v, str):
        return [v]
    if isinstance(v, list) and all(isinstance(p, (str, int)) for p in v):
        return [str(p) for p in v]
    if _is_lang_map(v):
        out: dict[str, list[str]] = {}
        for lang, items in v.items():
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(p, (str, int)) for p in items):
                break
            out[lang] = [str(p) for p in items]
        else:
            return out
    raise PydanticCustomError(
        "phrases", "expected a list of phrases, or a mapping of language codes to lists of phrases"
    )


def _check_keys(v: Any, other: bool = False) -> Any:
    items = v if isinstance(v, list) else [v]
    out = []
    for item in items:
        if other and item == OTHER:
            out.append(OTHER)
            continue
        if isinstance(item, bool) or not isinstance(item, (str, int)) or not KEY_RE.match(str(item)):
            also = f", or {OTHER!r} for any key no other option lists" if other else ""
            raise PydanticCustomError("dtmf", "{value} is not a DTMF key; keys are 0-9, * and #" + also, {"value": repr(item)})
        out.append(str(item))
    return out


def _check_option_keys(v: Any) -> Any:
    return _check_keys(v, other=True)


def _check_key(v: Any) -> Any:
    keys = _check_keys(v)
    if len(keys) != 1 or len(keys[0]) != 1:
        raise PydanticCustomError("dtmf", "{value} is not a single key; give one of 0-9, * or #", {"value": repr(v)})
    return keys[0]


def _prompts(v: Any) -> Any:
    return v if isinstance(v, list) else [v]


_TEXT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "propertyNames": {"pattern": _LANG_PATTERN},
            "additionalProperties": {"type": "string"},
            "minProperties": 1,
        },
    ]
}
_PART_SCHEMA: dict[str, Any] = {
    "anyOf": [
        *_TEXT_SCHEMA["anyOf"],
        {
            "type": "object",
            "properties": {
                "text": _TEXT_SCHEMA,
                "audio": {
                    "anyOf": [
                        {"type": "string"},
                        {"type": "object", "propertyNames": {"pattern": _LANG_PATTERN}, "additionalProperties": {"type": "string"}},
                    ]
                },
                "language": {"type": "string", "pattern": _LANG_PATTERN,
                             "description": "Speak this in this language, whatever the caller's language."},
                "voice": {"type": "string", "description": "Text-to-speech voice for this prompt, like Polly.Lupe."},
            },
            "anyOf": [{"required": ["text"]}, {"required": ["audio"]}],
            "additionalProperties": False,
        },
    ]
}
_PROMPT_SCHEMA: dict[str, Any] = {"anyOf": [*_PART_SCHEMA["anyOf"], {"type": "array", "items": _PART_SCHEMA, "minItems": 1}]}
_PHRASES_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string"},
        {"type": "array", "items": {"type": ["string", "integer"]}},
        {
            "type": "object",
            "propertyNames": {"pattern": _LANG_PATTERN},
            "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        },
    ]
}
_KEY_ITEM: dict[str, Any] = {"type": ["string", "integer"], "pattern": KEY_RE.pattern}
_OPTION_KEY_ITEM: dict[str, Any] = {"anyOf": [_KEY_ITEM, {"const": OTHER, "description": "any key no other option lists"}]}

Text = Annotated[Any, BeforeValidator(_check_text), WithJsonSchema(_TEXT_SCHEMA)]
"""Text, or text per language: ``"Hello"`` or ``{en: Hello, es: Hola}``."""
Prompt = Annotated[Any, BeforeValidator(_check_prompt), WithJsonSchema(_PROMPT_SCHEMA)]
"""A Text, or ``{text: ..., audio: file, language: es, voice: Polly.Lupe}`` (a recording's text is its fallback and
transcript), or a list of those: one prompt in parts, each in its own language and voice."""
Prompts = Annotated[
    list[Prompt],
    BeforeValidator(_prompts),
    WithJsonSchema({"anyOf": [*_PART_SCHEMA["anyOf"], {"type": "array", "items": _PROMPT_SCHEMA}]}),
]
Phrases = Annotated[Any, BeforeValidator(_check_phrases), WithJsonSchema(_PHRASES_SCHEMA)]
Keys = Annotated[
    list[str], BeforeValidator(_check_keys), WithJsonSchema({"anyOf": [_KEY_ITEM, {"type": "array", "items": _KEY_ITEM}]})
]
OptionKeys = Annotated[
    list[str],
    BeforeValidator(_check_option_keys),
    WithJsonSchema({"anyOf": [_OPTION_KEY_ITEM, {"type": "array", "items": _OPTION_KEY_ITEM}]}),
]
"""An option's keys: like :data:`Keys`, and ``other`` for the menu's catch-all."""
Key = Annotated[str, BeforeValidator(_check_key), WithJsonSchema({"type": ["string", "integer"], "pattern": "^[0-9*#]$"})]
NodeId = Annotated[str, Field(pattern=NODE_ID_RE.pattern)]
SlotName = Annotated[str, Field(pattern=NAME_RE.pattern)]
Seconds = Annotated[float, Field(gt=0, le=600)]
Retries = Annotated[int, Field(ge=0, le=10)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, strict=True)


class _Node(_Model):
    description: str | None = Field(None, description="A note for designers about this node.")
    allow: list[Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]] = Field(
        default_factory=list, description="Check codes this node accepts on purpose, like [slow-to-human]; say why in a comment."
    )


class HumanOverride(_Model):
    """Where this state's "speak to a human" edge goes, instead of the flow's human target."""

    target: NodeId = Field(description="Node the caller goes to when they ask for a person here.")


class _Listening(_Node):
    prompt: Prompt = Field(description="What the caller hears before answering.")
    timeout: Seconds | None = Field(None, description="Seconds of silence before a no-input (flow default: 5).")
    retries: Retries | None = Field(
        None, description="Re-asks after no-input or no-match before the caller goes to a person (flow default: 2)."
    )
    no_input: Prompts = Field(default_factory=list, description="Prompts after silence, 1st, 2nd, ... (the last repeats).")
    no_match: Prompts = Field(
        default_factory=list, description="Prompts after an answer that matched nothing, 1st, 2nd, ... (the last repeats)."
    )
    barge_in: bool | None = Field(None, description="Whether the caller may interrupt the prompt (flow default: true).")
    reprompt: bool = Field(True, description="Replay the prompt after a no-input or no-match prompt.")
    human: HumanOverride | None = Field(None, description="Retarget this state's human escape edge.")


class Option(_Model):
    """One menu choice: the keys and words that select it and where it goes."""

    dtmf: OptionKeys = Field(
        default_factory=list, description='Key or keys that pick this option, like "1"; "other" picks it for any key no other '
        "option lists (the human key stays the human's)."
    )
    phrases: Phrases = Field(default_factory=list, description="Words or phrases that pick it; per language if needed.")
    label: Text | None = Field(None, description="Short name used when re-asking (default: the first phrase).")
    set: dict[SlotName, Any] = Field(default_factory=dict, description="Variables to set when chosen.")
    next: NodeId = Field(description="Node to go to.")


class MenuNode(_Listening):
    """Ask the caller to choose; speech or keys decide the branch."""

    type: Literal["menu"]
    options: list[Option] = Field(min_length=1)


class CollectNode(_Listening):
    """Ask for one value (a slot) and keep it."""

    type: Literal["collect"]
    slot: SlotName | None = Field(None, description="Slot name (default: the node id).")
    kind: Literal["digits", "number", "yes_no", "speech"] = "digits"
    min_length: int = Field(1, ge=1, le=64)
    max_length: int | None = Field(None, ge=1, le=64)
    finish_key: Key = "#"
    min: float | None = None
    max: float | None = None
    valid: str | None = Field(None, description="Condition the answer must meet, using 'value', like \"value <= 5000\".")
    invalid: Prompts = Field(default_factory=list, description="Prompts when validation fails (default: no_match).")
    confirm: bool | Prompt = Field(False, description="Read the answer back and ask yes/no; a prompt may use {value}.")
    sensitive: bool = Field(False, description="Mask this slot everywhere it is shown.")
    next: NodeId | None = None


class SayNode(_Node):
    """Speak text (with {slot} interpolation) or play audio, then go on."""

    type: Literal["say"]
    prompt: Prompt
    barge_in: bool | None = None
    next: NodeId | None = None


class SetNode(_Node):
    """Set variables; values may use {slot} templates. Setting 'language' switches the call's language."""

    type: Literal["set"]
    set: dict[SlotName, Any] = Field(min_length=1)
    next: NodeId | None = None


class Case(_Model):
    if_: str = Field(alias="if", description="Condition, like \"balance < 0 and open('office')\".")
    next: NodeId


class BranchNode(_Node):
    """Go to the first case whose condition holds, else to 'else'."""

    type: Literal["branch"]
    when: list[Case] = Field(min_length=1)
    else_: NodeId | None = Field(None, alias="else")


class HttpNode(_Node):
    """Call a web service (a data dip); response fields go into slots."""

    type: Literal["http"]
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET"
    url: str = Field(description="URL template, like https://api.example.com/accounts/{account}.")
    headers: dict[str, str] = Field(default_factory=dict)
    body: Any = Field(None, description="JSON body; strings in it may use {slot} templates.")
    timeout: Annotated[float, Field(gt=0, le=30)] = 5.0
    save: dict[SlotName, str] = Field(
        default_factory=dict, description="Slot name to dotted path in the JSON response, like balance: data.balance."
    )
    sensitive: list[SlotName] = Field(default_factory=list, description="Saved slots to mask.")
    next: NodeId | None = None
    on_error: NodeId | None = Field(None, description="Node for network errors, timeouts and non-2xx answers.")


SIP_RE = r"^sips?:[^\s@:;]+@[A-Za-z0-9.-]+(:[0-9]{1,5})?(;[^\s]*)?$"


class TransferNode(_Node):
    """Hand the call to people: a queue, a phone number or a SIP address, with everything the caller gave."""

    type: Literal["transfer"]
    queue: str | None = None
    number: Annotated[str, Field(pattern=r"^\+[1-9][0-9]{6,14}$")] | None = None
    sip: Annotated[str, Field(pattern=SIP_RE, description="A SIP address, like sip:agents@pbx.example.com")] | None = None
    announce: Prompt | None = None
    announce_position: bool = Field(True, description="Tell the caller their place in the queue and the expected wait.")
    max_wait: Seconds | None = Field(None, description="If the expected wait is longer, go to on_failure instead.")
    on_failure: NodeId | None = Field(None, description="Node when nobody answers, the line is busy or the wait is too long.")
    person: bool = Field(True, description="False for a line that is not a person (a partner's line, another IVR): "
                         "no 'connecting you to a person' is said.")


class RecordNode(_Node):
    """Record the caller (a voicemail or a message); the recording's URL goes into a slot."""

    type: Literal["record", "voicemail"]
    prompt: Prompt | None = None
    slot: SlotName | None = None
    max_length: Annotated[int, Field(ge=1, le=3600)] = 120
    finish_key: Key = "#"
    beep: bool = True
    next: NodeId | None = None


class SubflowNode(_Node):
    """Run another flow file, then come back to 'next' when it reaches a 'return' node."""

    type: Literal["subflow"]
    flow: str = Field(description="Path of the flow file, relative to this one.")
    next: NodeId | None = None


class ReturnNode(_Node):
    """End a subflow and go back to the calling flow."""

    type: Literal["return"]


class HangupNode(_Node):
    """End the call, with a goodbye."""

    type: Literal["hangup"]
    prompt: Prompt | None = None


Node = Annotated[
    Union[
        MenuNode,
        CollectNode,
        SayNode,
        SetNode,
        BranchNode,
        HttpNode,
        TransferNode,
        RecordNode,
        SubflowNode,
        ReturnNode,
        HangupNode,
    ],
    Field(discriminator="type"),
]

NODE_TYPES = ("menu", "collect", "say", "set", "branch", "http", "transfer", "record", "voicemail", "subflow", "return", "hangup")


class Human(_Model):
    """The always-available "speak to a human" escape. It can be retargeted, never removed."""

    phrases: Phrases = Field(
        default_factory=list, description="Extra phrases per language; built-in ones (agent, representative, ...) always work."
    )
    dtmf: Key = Field("0", description="The key that reaches a person in every listening state.")
    target: NodeId | None = Field(None, description="Node for the human escape (default: a transfer to 'queue').")
    queue: str = Field("agents", description="Queue of the built-in human transfer.")


class Hours(_Model):
    """Opening hours in a time zone, with holidays; tested in conditions with open('name')."""

    timezone: str = Field(description="IANA time zone, like America/New_York.")
    open: dict[str, str | list[str]] = Field(
        description='Days to time ranges, like {mon-fri: "09:00-17:30", sat: "10:00-14:00"}.'
    )
    holidays: list[str] = Field(default_factory=list, description="Closed dates: YYYY-MM-DD, or MM-DD every year.")


class Flow(_Model):
    """A call flow."""

    name: str | None = Field(None, description="Name of the flow (default: the file name).")
    description: str | None = None
    languages: list[Annotated[str, Field(pattern=_LANG_PATTERN)]] = Field(
        default_factory=lambda: ["en"], min_length=1, max_length=MAX_LANGUAGES, description="Languages; the first is the default."
    )
    voice: Text | None = Field(None, description="Text-to-speech voice, or one per language.")
    start: NodeId | None = Field(None, description="First node (default: the first one listed).")
    timeout: Seconds = Field(5.0, description="Default seconds of silence before a no-input.")
    retries: Retries = Field(2, description="Default re-asks before a person takes over.")
    confidence: Annotated[float, Field(ge=0, le=1)] = Field(
        0.5, description="Speech heard with less is never acted on at once: down to half of it an option or a person heard is offered back "
        "(\"Did you want billing?\"), below half it is ignored.")
    confirm_below: Annotated[float, Field(ge=0, le=1)] = Field(
        CONFIRM_BELOW, description="A menu answer understood with less confidence than this is confirmed with the caller "
        "(\"Did you want billing?\"); 0 never confirms."
    )
    barge_in: bool = True
    asr: Literal["twilio", "local"] = Field(
        "twilio", description="Who hears callers on a phone line: twilio (<Gather input=speech>) or local (this server's recognizer, "
        "with each state's grammar, over Twilio Media Streams)."
    )
    max_turns: Annotated[int, Field(ge=1, le=1000)] = Field(
        40, description="Caller turns after which the call goes to a person, so no call loops forever."
    )
    human: Human = Field(default_factory=Human)
    hours: dict[SlotName, Hours] = Field(default_factory=dict)
    prompts: dict[
        Literal["no_input", "no_match", "escalate", "ambiguous", "confirm", "confirm_option", "goodbye", "human", "voicemail", "queue"],
        Text,
    ] = Field(
        default_factory=dict, description="Replace the built-in system prompts."
    )
    nodes: dict[NodeId, Node] = Field(min_length=1)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the flow format, for editors."""
    schema = Flow.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
    }
