"""Small test doubles to run agents in a real ``AgentSession`` without a room or a provider.

- :class:`ScriptedLLM` streams scripted replies in token-sized chunks (``" $"``,
  ``"12"``, ``"."``, ``"50"``), can emit tool calls, and records every request.
- :class:`RecordingTTS` is a streaming TTS that records exactly the text it received
  and answers with audio frames (optionally with word timings, like aligned TTS).
- :class:`ScriptedSTT` is a streaming STT that turns audio into scripted transcripts.
- :class:`RecordingAudioOutput` records frames and reports playback finished, which
  LiveKit waits for before a turn completes; :class:`RecordingTextOutput` records
  captions.
- :func:`start_recorded_session` wires them into a started session.
- :class:`SilentAudioInput` and :class:`ScriptedTurnSTT` drive spoken user turns
  (preflight and final transcripts), which is what makes LiveKit generate preemptively.

The demo uses them too, so they are part of the package, not of the tests.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import regex
from livekit import rtc
from livekit.agents import Agent, AgentSession, llm, stt, tts, utils
from livekit.agents.language import LanguageCode
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, APIConnectOptions, TimedString
from livekit.agents.voice.io import AudioInput, AudioOutput, AudioOutputCapabilities, TextOutput

# words with their leading space, digit groups of up to three, single symbols: roughly
# how BPE tokenizers of chat models cut text
_TOKEN = regex.compile(r" ?\p{L}+| ?\d{1,3}| ?[^\s\p{L}\d]|\s+")


def llm_tokens(text: str) -> list[str]:
    """Cut ``text`` the way a chat model streams it: ``" costs $12.50"`` becomes
    ``[" costs", " $", "12", ".", "50"]``."""
    tokens: list[str] = _TOKEN.findall(text)
    return tokens


@dataclass
class ToolCall:
    """A function call the scripted LLM emits."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScriptedReply:
    """One scripted LLM answer: text (streamed as tokens), then tool calls."""

    text: str = ""
    tool_calls: Sequence[ToolCall] = ()


Responder = Callable[[llm.ChatContext], "str | ScriptedReply"]


class ScriptedLLM(llm.LLM[Any]):
    """An LLM that replays scripted replies as a realistic token stream.

    Args:
        replies: answered in order, one per request; or a function from the request's
            chat context to the reply.
        token_delay: seconds between tokens (0 still yields to the event loop).
        first_token_delay: seconds before the first token.
    """

    def __init__(
        self,
        replies: Sequence[str | ScriptedReply] | Responder,
        *,
        token_delay: float = 0.0,
        first_token_delay: float = 0.0,
    ) -> None:
        super().__init__()
        self._responder = replies if callable(replies) else None
        self._queue = [] if callable(replies) else list(replies)
        self.token_delay = token_delay
        self.first_token_delay = first_token_delay
        self.requests: list[llm.ChatContext] = []
        """A copy of the chat context of every request, in order."""
        self._call_ids = itertools.count(1)

    @property
    def model(self) -> str:
        return "scripted"

    @property
    def provider(self) -> str:
        return "voicenodes"

    def chat(
        self,
        *,
        chat_ctx: llm.ChatContext,
        tools: list[llm.Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        **_: Any,
    ) -> llm.LLMStream:
        self.requests.append(chat_ctx.copy())
        return _ScriptedStream(
            self,
            self._next_reply(chat_ctx),
            chat_ctx=chat_ctx,
            tools=tools or [],
            conn_options=conn_options,
        )

    def _next_reply(self, chat_ctx: llm.ChatContext) -> ScriptedReply:
        if self._responder is not None:
            reply = self._responder(chat_ctx)
        elif self._queue:
            reply = self._queue.pop(0)
        else:
            raise RuntimeError(f"ScriptedLLM has no reply left for request #{len(self.requests)}")
        return ScriptedReply(text=reply) if isinstance(reply, str) else reply

    def next_call_id(self) -> str:
        return f"call_{next(self._call_ids)}"


class _ScriptedStream(llm.LLMStream):
    def __init__(self, owner: ScriptedLLM, reply: ScriptedReply, **kwargs: Any) -> None:
        super().__init__(owner, **kwargs)
        self._owner = owner
        self._reply = reply

    async def _run(self) -> None:
        await asyncio.sleep(self._owner.first_token_delay)
        for token in llm_tokens(self._reply.text):
            self._send(llm.ChoiceDelta(role="assistant", content=token))
            await asyncio.sleep(self._owner.token_delay)
        if self._reply.tool_calls:
            calls = [
                llm.FunctionToolCall(
                    name=call.name,
                    arguments=json.dumps(call.arguments),
                    call_id=self._owner.next_call_id(),
                )
                for call in self._reply.tool_calls
            ]
            self._send(llm.ChoiceDelta(role="assistant", tool_calls=calls))

    def _send(self, delta: llm.ChoiceDelta) -> None:
        self._event_ch.send_nowait(llm.ChatChunk(id="scripted", delta=delta))


class RecordingTTS(tts.TTS[Any]):
    """A streaming TTS that records what it is asked to say.

    Each synthesis stream becomes one entry of :attr:`received`: the chunks in arrival
    order. Audio is silence, ``ms_per_char`` milliseconds per character, 24 kHz mono.
    With ``aligned=True`` it also reports word timings (``TimedString``), like TTS
    engines that support ``use_tts_aligned_transcript``.
    """

    def __init__(
        self, *, ms_per_char: float = 5.0, aligned: bool = False, sample_rate: int = 24000
    ) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=True, aligned_transcript=aligned),
            sample_rate=sample_rate,
            num_channels=1,
        )
        self.ms_per_char = ms_per_char
        self.aligned = aligned
        self.received: list[list[str]] = []

    @property
    def texts(self) -> list[str]:
        """The text of each synthesis stream, joined."""
        return ["".join(chunks) for chunks in self.received]

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        raise NotImplementedError("RecordingTTS only streams")

    def stream(
        self, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.SynthesizeStream:
        chunks: list[str] = []
        self.received.append(chunks)
        return _RecordingSynthesis(self, chunks, conn_options=conn_options)


class _RecordingSynthesis(tts.SynthesizeStream):
    def __init__(
        self, owner: RecordingTTS, chunks: list[str], *, conn_options: APIConnectOptions
    ) -> None:
        super().__init__(tts=owner, conn_options=conn_options)
        self._owner = owner
        self._chunks = chunks

    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        owner = self._owner
        output_emitter.initialize(
            request_id=utils.shortuuid("rec_"),
            sample_rate=owner.sample_rate,
            num_channels=1,
            mime_type="audio/pcm",
            stream=True,
        )
        in_segment = False
        elapsed = 0.0
        async for item in self._input_ch:
            if isinstance(item, str):
                if not in_segment:
                    output_emitter.start_segment(segment_id=utils.shortuuid("seg_"))
                    in_segment = True
                self._chunks.append(item)
                seconds = len(item) * owner.ms_per_char / 1000
                samples = int(owner.sample_rate * seconds)
                output_emitter.push(b"\x00\x00" * samples)
                if owner.aligned:
                    output_emitter.push_timed_transcript(
                        TimedString(item, start_time=elapsed, end_time=elapsed + seconds)
                    )
                elapsed += seconds
            elif in_segment:
                output_emitter.end_segment()
                in_segment = False


class ScriptedSTT(stt.STT[Any]):
    """A streaming STT that answers audio with scripted transcripts.

    Every ``frames_per_transcript`` frames it emits the next transcript: an interim
    event, then a final one (with word timings and a confidence), bracketed by
    start/end of speech. :attr:`frames_seen` counts the frames it received.
    """

    def __init__(self, transcripts: Sequence[str], *, frames_per_transcript: int = 5) -> None:
        super().__init__(
            capabilities=stt.STTCapabilities(
                streaming=True, interim_results=True, aligned_transcript="word"
            )
        )
        self._transcripts = list(transcripts)
        self.frames_per_transcript = frames_per_transcript
        self.frames_seen: list[rtc.AudioFrame] = []

    async def _recognize_impl(self, buffer: Any, **_: Any) -> stt.SpeechEvent:
        raise NotImplementedError("ScriptedSTT only streams")

    def stream(
        self, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS, **_: Any
    ) -> stt.RecognizeStream:
        return _ScriptedRecognition(self, conn_options=conn_options)

    def next_transcript(self) -> str | None:
        return self._transcripts.pop(0) if self._transcripts else None


class _ScriptedRecognition(stt.RecognizeStream):
    def __init__(self, owner: ScriptedSTT, *, conn_options: APIConnectOptions) -> None:
        super().__init__(stt=owner, conn_options=conn_options)
        self._owner = owner

    async def _run(self) -> None:
        count = 0
        async for item in self._input_ch:
            if not isinstance(item, rtc.AudioFrame):
                continue
            self._owner.frames_seen.append(item)
            count += 1
            if count % self._owner.frames_per_transcript == 0:
                text = self._owner.next_transcript()
                if text is not None:
                    self._emit_utterance(text)

    def _emit_utterance(self, text: str) -> None:
        words = [
            TimedString(word, start_time=0.3 * i, end_time=0.3 * i + 0.25)
            for i, word in enumerate(text.split())
        ]

        def event(kind: stt.SpeechEventType, alt_text: str | None = None) -> stt.SpeechEvent:
            alternatives = (
                [
                    stt.SpeechData(
                        language=LanguageCode("en"),
                        text=alt_text,
                        confidence=0.93,
                        start_time=0.0,
                        end_time=0.3 * len(words),
                        words=words,
                    )
                ]
                if alt_text is not None
                else []
            )
            return stt.SpeechEvent(type=kind, alternatives=alternatives)

        self._event_ch.send_nowait(event(stt.SpeechEventType.START_OF_SPEECH))
        self._event_ch.send_nowait(event(stt.SpeechEventType.INTERIM_TRANSCRIPT, text))
        self._event_ch.send_nowait(event(stt.SpeechEventType.FINAL_TRANSCRIPT, text))
        self._event_ch.send_nowait(event(stt.SpeechEventType.END_OF_SPEECH))


class RecordingAudioOutput(AudioOutput):
    """An audio sink that keeps every frame and reports playback finished.

    Args:
        playout_speed: 0 reports playback finished right after each flush; otherwise
            playback takes ``duration / playout_speed`` seconds of wall time (1.0 is
            real time), so that a reply can be interrupted while it plays.
    """

    def __init__(self, *, playout_speed: float = 0.0, sample_rate: int | None = None) -> None:
        super().__init__(
            label="RecordingAudioOutput",
            capabilities=AudioOutputCapabilities(pause=False),
            sample_rate=sample_rate,
        )
        self.playout_speed = playout_speed
        self.frames: list[rtc.AudioFrame] = []
        self._segment_duration = 0.0
        self._finish: asyncio.TimerHandle | None = None

    @property
    def duration(self) -> float:
        """Seconds of audio received in total."""
        return sum(frame.duration for frame in self.frames)

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        if self._segment_duration == 0.0:
            self.on_playback_started(created_at=asyncio.get_running_loop().time())
        self.frames.append(frame)
        self._segment_duration += frame.duration

    def flush(self) -> None:
        super().flush()
        if self._segment_duration == 0.0:
            return
        played, self._segment_duration = self._segment_duration, 0.0
        delay = played / self.playout_speed if self.playout_speed else 0.0
        self._finish = asyncio.get_running_loop().call_later(
            delay, lambda: self.on_playback_finished(playback_position=played, interrupted=False)
        )

    def clear_buffer(self) -> None:
        if self._finish is not None and not self._finish.cancelled():
            self._finish.cancel()
            self._finish = None
            self.on_playback_finished(playback_position=0.0, interrupted=True)
        elif self._segment_duration:
            played, self._segment_duration = self._segment_duration, 0.0
            self.on_playback_finished(playback_position=played, interrupted=True)


class RecordingTextOutput(TextOutput):
    """A caption sink: :attr:`segments` holds the text of each finished segment."""

    def __init__(self) -> None:
        super().__init__(label="RecordingTextOutput", next_in_chain=None)
        self.segments: list[str] = []
        self._current: list[str] = []

    async def capture_text(self, text: str) -> None:
        self._current.append(text)

    def flush(self) -> None:
        if self._current:
            self.segments.append("".join(self._current))
            self._current = []


@dataclass
class RecordedSession:
    """A started session with recording doubles attached."""

    session: AgentSession[Any]
    llm: llm.LLM[Any]
    tts: tts.TTS[Any]
    audio: RecordingAudioOutput
    captions: RecordingTextOutput

    def history_texts(self, role: str = "assistant") -> list[str]:
        """The text of each message of ``role`` in ``session.history``."""
        return [
            item.text_content or ""
            for item in self.session.history.items
            if item.type == "message" and item.role == role
        ]


@asynccontextmanager
async def start_recorded_session(
    agent: Agent,
    *,
    llm_model: llm.LLM[Any],
    tts_model: tts.TTS[Any] | None = None,
    playout_speed: float = 0.0,
    **session_options: Any,
) -> AsyncIterator[RecordedSession]:
    """Start ``agent`` in a real ``AgentSession`` with no room: recording audio and text
    outputs, no VAD and no turn detector (input is typed, via ``session.run``)."""
    session_options.setdefault("vad", None)
    session_options.setdefault(
        "turn_handling",
        {"turn_detection": None, "interruption": {"resume_false_interruption": False}},
    )
    tts_model = tts_model if tts_model is not None else RecordingTTS()
    session: AgentSession[Any] = AgentSession(llm=llm_model, tts=tts_model, **session_options)
    audio = RecordingAudioOutput(playout_speed=playout_speed)
    captions = RecordingTextOutput()
    session.output.audio = audio
    session.output.transcription = captions
    await session.start(agent)
    try:
        yield RecordedSession(session, llm_model, tts_model, audio, captions)
    finally:
        await session.aclose()


class IdleRealtimeModel(llm.RealtimeModel):
    """A speech-to-speech model that accepts everything and never answers: enough to
    start a session the way a realtime model does (LiveKit then skips ``llm_node``)."""

    def __init__(self, *, audio_output: bool = True) -> None:
        super().__init__(
            capabilities=llm.RealtimeCapabilities(
                message_truncation=False,
                turn_detection=True,
                user_transcription=True,
                auto_tool_reply_generation=False,
                audio_output=audio_output,
                manual_function_calls=False,
            )
        )

    def session(self, *, turn_detection_disabled: bool = False) -> llm.RealtimeSession[Any]:
        return _IdleRealtimeSession(self)

    async def aclose(self) -> None:
        pass


class _IdleRealtimeSession(llm.RealtimeSession[Any]):
    def __init__(self, model: IdleRealtimeModel) -> None:
        super().__init__(model)
        self._chat_ctx = llm.ChatContext.empty()
        self._tools = llm.ToolContext.empty()

    @property
    def chat_ctx(self) -> llm.ChatContext:
        return self._chat_ctx.copy()

    @property
    def tools(self) -> llm.ToolContext:
        return self._tools.copy()

    async def update_instructions(self, instructions: str) -> None:
        pass

    async def update_chat_ctx(self, chat_ctx: llm.ChatContext) -> None:
        self._chat_ctx = chat_ctx.copy()

    async def update_tools(self, tools: list[llm.Tool]) -> None:
        self._tools = llm.ToolContext(tools)

    def update_options(self, **_: Any) -> None:
        pass

    def push_audio(self, frame: rtc.AudioFrame) -> None:
        pass

    def push_video(self, frame: rtc.VideoFrame) -> None:
        pass

    def generate_reply(self, **_: Any) -> asyncio.Future[llm.GenerationCreatedEvent]:
        return asyncio.get_running_loop().create_future()

    def commit_audio(self) -> None:
        pass

    def clear_audio(self) -> None:
        pass

    def interrupt(self) -> None:
        pass

    def truncate(self, **_: Any) -> None:
        pass

    async def aclose(self) -> None:
        pass


# -- voice input: preemptive generation in tests ---------------------------------------


class SilentAudioInput(AudioInput):
    """A microphone that streams silent frames in real time (``frame_ms`` each) until the
    session stops reading it. Pair it with :class:`ScriptedTurnSTT`, which decides what
    the user "says": LiveKit needs a running audio input to run its STT stream."""

    def __init__(self, *, frame_ms: int = 10, sample_rate: int = 16000) -> None:
        super().__init__(label="SilentAudioInput")
        self.frame_ms = frame_ms
        self.sample_rate = sample_rate
        self.frames_sent = 0

    async def __anext__(self) -> rtc.AudioFrame:
        await asyncio.sleep(self.frame_ms / 1000)
        samples = self.sample_rate * self.frame_ms // 1000
        self.frames_sent += 1
        return rtc.AudioFrame(b"\x00\x00" * samples, self.sample_rate, 1, samples)


class ScriptedTurnSTT(stt.STT[Any]):
    """A streaming STT whose user turns the test triggers with :meth:`user_says`.

    A turn is reported the way turn-aware STT engines (e.g. Deepgram Flux) report it:
    start of speech, a *preflight* transcript (an early, likely-final guess, on which
    LiveKit starts a preemptive generation), then ``final_after`` seconds later the
    final transcript and end of speech (after which LiveKit's endpointing delay ends
    the turn). Use it with ``turn_handling={"turn_detection": "stt", ...}`` and a
    :class:`SilentAudioInput` as ``session.input.audio``.
    """

    def __init__(self) -> None:
        super().__init__(capabilities=stt.STTCapabilities(streaming=True, interim_results=True))
        self._streams: list[_TurnRecognition] = []

    async def _recognize_impl(self, buffer: Any, **_: Any) -> stt.SpeechEvent:
        raise NotImplementedError("ScriptedTurnSTT only streams")

    def stream(
        self, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS, **_: Any
    ) -> stt.RecognizeStream:
        recognition = _TurnRecognition(self, conn_options=conn_options)
        self._streams.append(recognition)
        return recognition

    async def user_says(
        self, transcript: str, *, preflight: str | None = None, final_after: float = 0.3
    ) -> None:
        """Report one user turn: ``preflight`` (default: the transcript itself) at once,
        the final ``transcript`` and end of speech ``final_after`` seconds later.
        Returns after the end of speech."""
        for _ in range(200):  # the session opens the stream once audio flows
            if self._streams:
                break
            await asyncio.sleep(0.01)
        if not self._streams:
            raise RuntimeError("no STT stream: is session.input.audio set and flowing?")
        stream = self._streams[-1]
        stream.emit(stt.SpeechEventType.START_OF_SPEECH)
        stream.emit(stt.SpeechEventType.PREFLIGHT_TRANSCRIPT, preflight or transcript)
        await asyncio.sleep(final_after)
        stream.emit(stt.SpeechEventType.FINAL_TRANSCRIPT, transcript)
        stream.emit(stt.SpeechEventType.END_OF_SPEECH)


class _TurnRecognition(stt.RecognizeStream):
    """Emits the scripted events; outside a turn, an empty final transcript after each
    second of audio, as real engines finalise silence (LiveKit waits for one when it
    commits the user turn on close)."""

    SILENCE_FINAL_SECONDS = 1.0

    def __init__(self, owner: ScriptedTurnSTT, *, conn_options: APIConnectOptions) -> None:
        super().__init__(stt=owner, conn_options=conn_options)
        self._in_turn = False

    def emit(self, kind: stt.SpeechEventType, text: str | None = None) -> None:
        if kind == stt.SpeechEventType.START_OF_SPEECH:
            self._in_turn = True
        elif kind == stt.SpeechEventType.END_OF_SPEECH:
            self._in_turn = False
        alternatives = (
            [stt.SpeechData(language=LanguageCode("en"), text=text, confidence=0.95)]
            if text is not None
            else []
        )
        self._event_ch.send_nowait(stt.SpeechEvent(type=kind, alternatives=alternatives))

    async def _run(self) -> None:
        heard = 0.0
        async for item in self._input_ch:
            if not isinstance(item, rtc.AudioFrame):
                continue
            heard += item.duration
            if heard >= self.SILENCE_FINAL_SECONDS and not self._in_turn:
                heard = 0.0
                self.emit(stt.SpeechEventType.FINAL_TRANSCRIPT, "")
