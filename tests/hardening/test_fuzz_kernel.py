"""Malformed websocket frames and targeted forgeries on a student kernel: shutdown, retaking a
handed-in class quiz, a binary frame to a legacy client, and the server's frame checks."""

from __future__ import annotations

import json
import struct
import uuid
from random import Random

import psutil
import requests
import websocket

from tests.hardening import fuzz_oracle as oracle
from tests.hardening import fuzz_wire as fw
from tests.hardening.fuzz_session import (  # noqa: F401 - the fixtures these tests use
    BATCH,
    SEED,
    SIZES,
    assert_fresh_page_works,
    bank,
    learner_wire,
    marker,
    server,
    victim,
)
from tests.support.voila import ARTIFACTS

from quizbank.class_settings import ClassSettings
from quizbank.store import Store
from widgets.identity import identity_from_text

V1 = "v1.kernel.websocket.jupyter.org"


def test_malformed_frames_on_the_kernel_websocket(server, bank, victim, marker):  # noqa: F811 - fixtures from fuzz_session
    """Frames no page sends: not JSON, no header, absurd part counts, bad offsets, both protocols."""
    rng = Random(SEED + 3)
    typed = f"fuzz-frames-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    learner.open_quiz("practice", f"fr{SEED % 10**6}")
    kernel_id = learner.w.kernel_id
    learner_id = identity_from_text(typed).learner_id
    base = ARTIFACTS / "fuzz-widgets-frames.log"
    server_process = psutil.Process(server.pid)
    memory_before = server_process.memory_info().rss
    before = oracle.snapshot(server.db, learner_id, [victim.learner_id])
    reconnects = 0
    sent = 0

    def connect(v1: bool) -> websocket.WebSocket:
        address = server.url.replace("http://", "ws://")
        return websocket.create_connection(
            f"{address}api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}",
            timeout=fw.SAFETY_S,
            subprotocols=[V1] if v1 else None,
        )

    def frame(v1: bool) -> tuple[str, str | bytes]:
        good = json.dumps(fw.message("comm_info_request", {"target_name": "jupyter.widget"}, "x"))
        if v1:
            return rng.choice(
                [
                    ("v1 offsets 2**63", (2**63).to_bytes(8, "little")),
                    ("v1 offsets 2**64-1", (2**64 - 1).to_bytes(8, "little") + b"\0" * 16),
                    ("v1 offsets 30e6", (30_000_000).to_bytes(8, "little")),
                    ("v1 zero offsets", (0).to_bytes(8, "little")),
                    ("v1 one offset", (1).to_bytes(8, "little") + (16).to_bytes(8, "little")),
                    ("v1 offsets past the end", (3).to_bytes(8, "little") + (10**9).to_bytes(8, "little") * 3),
                    ("v1 text frame", good),
                    ("v1 random bytes", bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 7, 64, 4096])))),
                    ("v1 empty", b""),
                ]
            )
        return rng.choice(
            [
                ("legacy parts 2**31-1", struct.pack("!i", 2**31 - 1) + b"\0" * 8),
                ("legacy parts 40e6", struct.pack("!I", 40_000_000 + rng.randrange(1000)) + b"\0" * 8),
                ("legacy parts -1", struct.pack("!i", -1) + b"\0" * 8),
                ("legacy parts 0", struct.pack("!i", 0) + b"\0" * 8),
                ("legacy offsets backwards", struct.pack("!III", 2, 50, 12) + b"{}" * 40),
                ("legacy random bytes", bytes(rng.getrandbits(8) for _ in range(rng.choice([1, 3, 64, 4096])))),
                ("not JSON", "{" * rng.choice([1, 10]) + "not json"),
                ("JSON array", "[1, 2, 3]"),
                ("JSON null", "null"),
                ("JSON string", '"comm_msg"'),
                ("no header", json.dumps({"content": {}, "channel": "shell"})),
                (
                    "header not an object",
                    json.dumps({"header": "x", "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell"}),
                ),
                (
                    "no msg_type",
                    json.dumps(
                        {
                            "header": {"msg_id": "1"},
                            "parent_header": {},
                            "metadata": {},
                            "content": {},
                            "channel": "shell",
                        }
                    ),
                ),
                ("unknown channel", good.replace('"channel": "shell"', '"channel": "nope"')),
                ("nested 100000", '{"header": ' + "[" * 100_000 + "]" * 100_000 + "}"),
                ("5 MB of JSON", json.dumps({"header": {"msg_type": "comm_msg"}, "pad": "x" * 5_000_000})),
                ("empty", ""),
            ]
        )

    sockets = {False: connect(False), True: connect(True)}
    with open(base, "w", encoding="utf-8") as log:
        log.write(f"seed {SEED} phase frames kernel {kernel_id}\n")
        while sent < SIZES["frames"]:
            for _ in range(BATCH):
                v1 = rng.random() < 0.4
                name, payload = frame(v1)
                log.write(f"{sent:6d} {name}\n")
                sent += 1
                try:
                    if isinstance(payload, bytes):
                        sockets[v1].send_binary(payload)
                    else:
                        sockets[v1].send(payload)
                except (websocket.WebSocketException, OSError):
                    sockets[v1] = connect(v1)
                    reconnects += 1
            log.flush()
            # The server still answers other requests, its memory has not run away, the kernel answers,
            # and nothing in the records changed.
            response = requests.get(server.url + "voila/static/voila.js", timeout=fw.SAFETY_S)
            assert response.status_code == 200
            grown = server_process.memory_info().rss - memory_before
            assert grown < 300 * 2**20, (
                f"the server grew by {grown >> 20} MB after {sent} malformed frames (seed {SEED})"
            )
            probe = fw.Wire(server.url, kernel_id)
            try:
                assert probe.alive(), f"the kernel stopped answering after {sent} malformed frames (seed {SEED})"
            finally:
                probe.close()
            after = oracle.snapshot(server.db, learner_id, [victim.learner_id])
            assert oracle.problems(before, after, bank) == []
    for sock in sockets.values():
        sock.close()
    print(f"frames: {sent} malformed frames, {reconnects} reconnections")
    learner.close()
    assert_fresh_page_works(server, bank, typed, rng)


def test_a_forged_shutdown_request_stops_only_the_forgers_own_kernel(server, bank, victim):  # noqa: F811 - fixtures from fuzz_session
    """Voila lets a page ask its own kernel to shut down: that learner's page stops, nobody else's."""
    rng = Random(SEED + 4)
    forger = learner_wire(server, bank, f"fuzz-shutdown-{SEED}", rng)
    other = learner_wire(server, bank, f"fuzz-bystander-{SEED}", rng)
    try:
        other.open_quiz("practice", f"by{SEED % 10**6}")
        forger.w.send("shutdown_request", {"restart": False}, channel="control")
        forger.w.wait(lambda m: m.get("msg_type") == "shutdown_reply")
        assert other.w.alive()
        assert other.answer_here() is not None  # the other learner's kernel answers and saves
        assert server.alive()
    finally:
        forger.close()
        other.close()


def parent_of(wire: fw.Wire, child: str) -> str | None:
    for comm_id, state in wire.states.items():
        if f"IPY_MODEL_{child}" in (state.get("children") or []):
            return comm_id
    return None


def test_a_forged_start_cannot_retake_a_handed_in_class_quiz(server, bank):  # noqa: F811 - fixtures from fuzz_session
    """The class page decides what it offers from the records, not from the widget tree the page can rewrite.

    After handing in, the page shows the results and no Start button. A forged page puts the
    (closed-over, still live) Start button's screen back into the tree, re-enables it, and
    clicks it: a second attempt at the same class session would let a learner who has seen
    the answers take the quiz again.
    """
    rng = Random(SEED + 5)
    settings = ClassSettings(
        kind="quiz", item_ids=("t-single", "t-tf"), mode="practice", feedback="after_submit", title="Retake"
    )
    with Store(server.db) as store:
        session = store.create_session(settings.to_dict(), "fuzz")
    typed = f"fuzz-retake-{SEED}"
    learner = learner_wire(server, bank, typed, rng)
    learner_id = identity_from_text(typed).learner_id
    try:
        learner.w.update(learner.w.one("TextModel", description="Join code"), {"value": session.code})
        learner.press("Join class")
        learner.press("Start")
        assert learner.answer_here() is not None
        assert learner.submit() is not None
        wire = learner.w
        (start,) = [
            c
            for c, s in wire.states.items()
            if s.get("_model_name") == "ButtonModel" and s.get("description") == "Start"
        ]
        intro = parent_of(wire, parent_of(wire, start) or "")
        assert intro is not None
        boxes = [c for c in wire.visible() if wire.states[c].get("_model_name") == "VBoxModel"]
        for box in boxes:
            wire.update(start, {"disabled": False})
            wire.update(box, {"children": [f"IPY_MODEL_{intro}"]})
            wire.click(start)
            wire.sync()
        with Store(server.db) as store:
            mine = [a for a in store.list_attempts(learner_id) if a.session_code == session.code]
        assert len(mine) == 1, f"a forged Start took the class quiz {len(mine)} times"
    finally:
        learner.close()


def test_a_binary_frame_to_a_legacy_client_does_not_freeze_the_server(server, bank):  # noqa: F811 - fixtures from fuzz_session
    """Found by the fuzzer: a widget whose state holds bytes (here an Image the page itself asks its kernel
    to make) is sent as a binary frame, and Voila's websocket handler read a legacy binary frame as a v1
    one (an offset count of billions): the server stopped serving every learner. widgets.server.ws_guard sends
    legacy binary frames past that reading."""
    learner = learner_wire(server, bank, f"fuzz-binary-{SEED}", Random(SEED + 6))
    try:
        image = "0" * 31 + "1"
        state = {
            "_model_name": "ImageModel",
            "_model_module": "@jupyter-widgets/controls",
            "_model_module_version": "2.0.0",
            "_view_name": "ImageView",
            "_view_module": "@jupyter-widgets/controls",
            "_view_module_version": "2.0.0",
        }
        learner.w.send(
            "comm_open",
            {"comm_id": image, "target_name": "jupyter.widget", "data": {"state": state, "buffer_paths": []}},
            metadata={"version": "2.1.0"},
        )
        learner.w.comm_msg(image, {"method": "request_state"})
        learner.w.sync()
        assert requests.get(server.url + "voila/static/voila.js", timeout=fw.SAFETY_S).status_code == 200
        assert learner.w.alive()
    finally:
        learner.close()


def test_frame_checks_pass_what_jupyter_server_makes_and_stop_absurd_counts():
    from jupyter_server.services.kernels.connection.base import serialize_binary_message, serialize_msg_to_ws_v1

    from widgets.server.ws_guard import V1 as GUARD_V1
    from widgets.server.ws_guard import frame_problem

    msg = fw.message("comm_msg", {"comm_id": "x", "data": {}}, "s")
    msg["buffers"] = [b"12345", b""]
    assert frame_problem(serialize_binary_message(msg), None) is None
    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")] + [b"12"]
    assert frame_problem(serialize_msg_to_ws_v1(parts, "shell"), GUARD_V1) is None
    assert frame_problem(json.dumps({**msg, "buffers": []}), None) is None
    for frame, protocol in [
        (struct.pack("!i", 2**31 - 1) + b"\0" * 8, None),
        (struct.pack("!i", -1) + b"\0" * 8, None),
        (struct.pack("!III", 2, 50, 12) + b"{}" * 40, None),
        (b"\0\0", None),
        ((2**63).to_bytes(8, "little"), GUARD_V1),
        ((30_000_000).to_bytes(8, "little"), GUARD_V1),
        ((3).to_bytes(8, "little") + (10**9).to_bytes(8, "little") * 3, GUARD_V1),
        ("{}", GUARD_V1),
    ]:
        assert frame_problem(frame, protocol) is not None, frame[:16]
