"""A fake OpenAI-compatible server on loopback, for tests and the benchmark.

It answers POST /v1/chat/completions like the real API, so the real SDK code path runs over
real sockets (timeouts and retries included). By default it writes a grounded listing from
the product JSON in the prompt; queue other behaviours ("429", "500", "401", "timeout",
"malformed", "refusal", "length", "invent") for the next requests.

Requests with image parts (the photo proposal) are checked like a strict server would: each
image must be a base64 JPEG data URL no larger than the thumbnail bound, else 400. The answer is
the proposal registered for that photo set (`answer_photos`), or by default one that reads
nothing off the photos and picks the first category of the shortlist.
"""

import base64
import hashlib
import io
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

from .facts import ProductFacts
from .languages import LANGUAGE_NAMES_EN
from .offline import compose
from .options import GenerationOptions

_CODES = {name: code for code, name in LANGUAGE_NAMES_EN.items()}


def _listing_from_prompt(body: dict) -> dict:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    request_part, product_part = user.split("\nProduct:\n", 1)
    request = json.loads(request_part.split("Request:\n", 1)[1])
    facts = ProductFacts.from_json(json.loads(product_part))
    tone = next(
        (
            t
            for t in ("friendly", "formal", "fun")
            if request["tone"].startswith({"friendly": "warm", "formal": "polite", "fun": "playful"}[t])
        ),
        "friendly",
    )
    length = next(
        n
        for n, word in (("short", "2 to 3"), ("medium", "one paragraph"), ("long", "a detailed"))
        if request["length"].startswith(word)
    )
    draft = compose(facts, GenerationOptions(language=_CODES[request["language"]], tone=tone, length=length))
    return {
        "title": draft.title,
        "description": draft.description.replace("\n\n", "\n"),
        "hashtags": draft.hashtags,
        "stated_brand": draft.stated_brand,
        "stated_size": draft.stated_size,
        "stated_materials": draft.stated_materials,
        "stated_condition": draft.stated_condition,
        "flaws_mentioned": draft.flaws_mentioned,
    }


MAX_IMAGE_SIDE = 768
DATA_URL_PREFIX = "data:image/jpeg;base64,"


def image_parts(body: dict) -> list[dict]:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return [part for part in user if part.get("type") == "image_url"] if isinstance(user, list) else []


def check_image(part: dict) -> tuple[bytes, tuple[int, int]]:
    """The JPEG bytes and size of an image part; ValueError when a strict server would refuse it."""
    url = part["image_url"]["url"]
    if not url.startswith(DATA_URL_PREFIX):
        raise ValueError("image is not a JPEG data URL")
    data = base64.b64decode(url[len(DATA_URL_PREFIX) :], validate=True)
    image = Image.open(io.BytesIO(data))
    if image.format != "JPEG" or max(image.size) > MAX_IMAGE_SIDE:
        raise ValueError(f"image {image.format} {image.size} exceeds the thumbnail bound")
    return data, image.size


def photo_request(body: dict) -> dict:
    """The request part of a photo proposal call: language, photo count, shortlist, colour list."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return json.loads(user[0]["text"].split("Request:\n", 1)[1])


def _default_proposal(body: dict) -> dict:
    request = photo_request(body)
    nothing = {"value": None, "confidence": 0.0, "photos": []}
    return {
        "category_id": request["shortlist"][0]["id"] if request["shortlist"] else None,
        "category_confidence": 0.5,
        "brand": dict(nothing),
        "size": dict(nothing),
        "colours": {"value": [], "confidence": 0.0, "photos": []},
        "materials": {"value": [], "confidence": 0.0, "photos": []},
        "condition": {"value": "good", "confidence": 0.4, "photos": [1]},
        "flaws": {"value": [], "confidence": 0.5, "photos": []},
        "title": "Item",
        "description": "Item, as shown on the photos.",
    }


def completion(
    content: str | None,
    *,
    model: str,
    finish_reason: str = "stop",
    refusal: str | None = None,
    prompt_tokens: int = 500,
    completion_tokens: int = 200,
) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class FakeOpenAI:
    def __init__(self, *, delay: float = 0.0, hang_seconds: float = 5.0):
        self.requests: list[dict] = []
        self.behaviours: deque = deque()
        self.photo_answers: dict[tuple[str, ...], dict] = {}
        self.images_seen: list[list[tuple[int, int]]] = []  # per photo request, each image's size
        self.delay = delay  # seconds before each answer (to overlap concurrent callers)
        self.hang_seconds = hang_seconds  # how long "timeout" keeps the client waiting
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def start(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def queue(self, *behaviours) -> None:
        self.behaviours.extend(behaviours)

    def answer_photos(self, thumbnails: list[bytes], proposal) -> None:
        """Answer `proposal` when exactly these thumbnails (the bytes the client sends) arrive; a
        callable gets the request (language, shortlist, colours) and returns the proposal."""
        self.photo_answers[tuple(hashlib.sha256(t).hexdigest() for t in thumbnails)] = proposal

    def _next(self, body: dict):
        with self._lock:
            self.requests.append(body)
            return self.behaviours.popleft() if self.behaviours else "ok"

    def answer(self, behaviour, body: dict) -> tuple[int, dict, dict]:
        """(status, headers, JSON body) for one request."""
        model = body.get("model", "fake")
        fast_retry = {"retry-after-ms": "10"}
        if behaviour == "timeout":
            time.sleep(self.hang_seconds)
            behaviour = "ok"
        if behaviour in ("429", "500", "401", "400"):
            error = {"error": {"message": f"fake {behaviour}", "type": "fake", "code": behaviour}}
            return int(behaviour), fast_retry, error
        if behaviour == "malformed":
            return 200, {}, completion('{"title": "half a listing", "descr', model=model)
        if behaviour == "refusal":
            return 200, {}, completion(None, model=model, refusal="I can't help with that.")
        if behaviour == "length":
            return 200, {}, completion('{"title": "cut', model=model, finish_reason="length")
        parts = image_parts(body)
        if parts:
            try:
                images = [check_image(part) for part in parts]
            except ValueError as exc:
                return 400, {}, {"error": {"message": str(exc), "type": "invalid_request_error"}}
            self.images_seen.append([size for _data, size in images])
            key = tuple(hashlib.sha256(data).hexdigest() for data, _size in images)
            proposal = self.photo_answers.get(key) or _default_proposal
            if callable(proposal):
                proposal = proposal(photo_request(body)) if proposal is not _default_proposal else proposal(body)
            if callable(behaviour):
                proposal = behaviour(proposal, body)
            content = json.dumps(proposal, ensure_ascii=False)
            return (
                200,
                {},
                completion(
                    content, model=model, prompt_tokens=85 + 765 * len(images), completion_tokens=len(content) // 4
                ),
            )
        listing = _listing_from_prompt(body)
        if behaviour == "invent":
            listing["description"] += " Made by Nike, 100% silk."
        if callable(behaviour):
            listing = behaviour(listing, body)
        content = json.dumps(listing, ensure_ascii=False)
        prompt_chars = sum(len(m["content"]) for m in body["messages"])
        return (
            200,
            {},
            completion(content, model=model, prompt_tokens=prompt_chars // 4, completion_tokens=len(content) // 4),
        )

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    return self._send(404, {}, {"error": {"message": "not found"}})
                behaviour = fake._next(body)
                if fake.delay:
                    time.sleep(fake.delay)
                try:
                    self._send(*fake.answer(behaviour, body))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _send(self, status, headers, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("x-request-id", f"req_fake_{len(fake.requests)}")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
