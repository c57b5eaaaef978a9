"""The manual fixture's scenario through the Python bindings uniffi's own backend generates.

Prints the canonical transcript that testing/go/manual prints from Go: one line per step, with
the values Rust returned, the errors it raised (variant and fields) and what Rust saw of the
answers of Python callbacks. The two transcripts must be equal (see run.sh).
"""

import asyncio
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

import manual  # noqa: E402  (the generated module)

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def fmt(v):
    """A value as the transcript shows it: lists in brackets, booleans in lower case."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    return str(v)


def out(step, value):
    print(f"{step}: {fmt(value)}")


def q(s):
    return '"' + s + '"'


def strs(items):
    return "[" + ", ".join(q(s) for s in items) + "]"


def micros(t):
    """A timestamp as seconds.microseconds since the epoch (negative before it)."""
    d = t - EPOCH
    total = d.days * 86_400_000_000 + d.seconds * 1_000_000 + d.microseconds
    sign = "-" if total < 0 else ""
    total = abs(total)
    return f"{sign}{total // 1_000_000}.{total % 1_000_000:06d}"


def span(d):
    total = d.days * 86_400_000_000 + d.seconds * 1_000_000 + d.microseconds
    return f"{total // 1_000_000}.{total % 1_000_000:06d}s"


def canon(message):
    """Rust's message on one line: its first line and its root cause (the last line), without
    the source locations between them and the backtrace anyhow adds under RUST_BACKTRACE."""
    lines = [line.strip() for line in message.split("Stack backtrace:")[0].splitlines() if line.strip()]
    return " ".join(lines[:1] + lines[1:][-1:])


def error(e):
    """An error as the transcript shows it: its type, variant and fields, or its message."""
    if isinstance(e, manual.InternalError):
        return f"internal error {q(canon(str(e)))}"
    for name in ("MathError", "ParseError", "SinkError"):
        if isinstance(e, getattr(manual, name)):
            return f"{name}.{type(e).__name__} {q(str(e))}"
    if isinstance(e, manual.StoreError):
        name, fields = "StoreError", {"Missing": ["key"], "Corrupt": ["key", "code"], "Unexpected": ["reason"]}
    elif isinstance(e, manual.ScoreError):
        name, fields = "ScoreError", {"Rejected": ["word", "code"], "Failed": ["reason"]}
    elif isinstance(e, manual.WalletError):
        name, fields = "WalletError", {"Insufficient": ["available", "wanted"], "NoOwner": []}
    else:
        raise e
    variant = type(e).__name__
    parts = []
    for f in fields[variant]:
        v = getattr(e, f)
        parts.append(f"{f}={q(v) if isinstance(v, str) else v}")
    return f"{name}.{variant} {{{', '.join(parts)}}}"


def attempt(step, f):
    try:
        value = f()
    except Exception as e:  # noqa: BLE001  (every error is printed)
        out(step, "error " + error(e))
        return None
    out(step, value)
    return value


def shape(s):
    if isinstance(s, manual.Shape.CIRCLE):
        return f"Circle radius={s.radius:.2f}"
    if isinstance(s, manual.Shape.RECT):
        return f"Rect width={s.width:.2f} height={s.height:.2f}"
    return "Nothing"


def event(e):
    if isinstance(e, manual.Event.STARTED):
        return f"Started at={micros(e.at)} by={q(e.by)}"
    if isinstance(e, manual.Event.PROGRESS):
        return f"Progress {e[0]} {q(e[1])}"
    return "Halted"


class HostStore(manual.Store):
    """A Store implemented in Python."""

    def get(self, key):
        if key == "m":
            raise manual.StoreError.Missing(key)
        if key == "c":
            raise manual.StoreError.Corrupt(key, 42)
        if key == "u":
            raise ValueError("not a store error")
        return "host-" + key

    def size(self):
        return 3


class HostLogger(manual.Logger):
    def __init__(self):
        self.lines = []

    def log(self, line):
        self.lines.append(line)


class HostScorer(manual.Scorer):
    """A Scorer implemented in Python: ten points a letter."""

    def name(self):
        return "host"

    def score(self, word):
        if word == "bad":
            raise manual.ScoreError.Rejected(word, -7)
        if word == "boom":
            raise RuntimeError("boom")
        return 10 * len(word)

    async def score_later(self, word):
        await asyncio.sleep(0.001)
        return self.score(word)


class HostSink(manual.Sink):
    """A Sink implemented in Python: holds readings until full."""

    def __init__(self):
        self.held = []

    def accept(self, item):
        if item.sensor == "full":
            raise manual.SinkError.Full()
        if item.sensor == "closed":
            raise manual.SinkError.Closed()
        if item.sensor == "boom":
            raise KeyError("boom")
        self.held.append(f"{item.sensor}={item.value}")
        return len(self.held)


def main():
    # Functions, argument defaults (UDL).
    out("greet", q(manual.greet("world")))
    out("greet times=1 suffix=!", q(manual.greet("world", 1, "!")))

    # Flat errors (UDL): the variant and Rust's message.
    attempt("checked_div 7/2", lambda: manual.checked_div(7, 2))
    attempt("checked_div 1/0", lambda: manual.checked_div(1, 0))
    attempt("checked_square 70000", lambda: manual.checked_square(70000))

    # A trait implemented in Rust and in Python (UDL `[Trait, WithForeign]`), errors with fields
    # raised by Python reaching Rust as their variant.
    memory = manual.memory_store()
    out("memory size", memory.size())
    attempt("memory get b", lambda: memory.get("b"))
    attempt("memory get bad", lambda: memory.get("bad"))
    out("read_all memory", " | ".join(manual.read_all(memory, ["a", "z", "bad"])))
    host = HostStore()
    out("read_all host", " | ".join(manual.read_all(host, ["a", "m", "c", "u"])))
    attempt("read_one host c", lambda: manual.read_one(host, "c"))
    attempt("read_one host a", lambda: manual.read_one(host, "a"))

    # Timestamps and durations.
    t = EPOCH + datetime.timedelta(seconds=1_000_000, microseconds=250_000)
    out("later", micros(manual.later(t, datetime.timedelta(seconds=1, microseconds=500_000))))
    before = EPOCH - datetime.timedelta(seconds=100, microseconds=250_000)
    out("later before epoch", micros(manual.later(before, datetime.timedelta(seconds=2))))
    out("between", span(manual.between(before, t)))
    out("between reversed", span(manual.between(t, before)))

    # Bytes and maps.
    out("reverse_bytes", list(manual.reverse_bytes(bytes([1, 2, 3, 255]))))
    counts = manual.count_words("a b a c a")
    out("count_words", ", ".join(f"{k}={counts[k]}" for k in sorted(counts)))

    # Records with UDL defaults, an enum default among them.
    s = manual.Settings(name="quiet")
    out("settings defaults", manual.describe_settings(s))
    s2 = manual.Settings(
        name="full", volume=9, loud=True, nick="n", greeting=None, tags=["x", "y"],
        labels={"k": "v", "a": "b"}, ratio=1.25, color=manual.Color.BLUE, offset=12,
    )
    out("settings given", manual.describe_settings(s2))
    louder = manual.louder(s)
    out("louder", manual.describe_settings(louder))

    # Enums with data (UDL).
    out("area circle", f"{manual.area(manual.Shape.CIRCLE(2.0)):.2f}")
    out("scale rect", shape(manual.scale(manual.Shape.RECT(2.0, 3.0), 2.0)))
    out("scale nothing", shape(manual.scale(manual.Shape.NOTHING(), 2.0)))

    # Custom types: a UDL custom type over u64 whose lift fails for 0 in Rust.
    h = manual.make_handle(7)
    out("make_handle", h)
    out("handle_id", manual.handle_id(h))
    attempt("handle_id 0", lambda: manual.handle_id(0))

    # An async function (UDL).
    out("wait_and_echo", q(asyncio.run(manual.wait_and_echo("hi", 5))))

    # Objects: constructors, a named one, Arc<Self>, a callback interface, method defaults.
    c = manual.Counter(10)
    out("counter next", [c.next(), c.next()])
    c2 = manual.Counter.with_step(0, 5)
    out("with_step next", [c2.next(), c2.next()])
    fork = c2.fork()
    out("fork next", [fork.next(), fork.next(), c2.next()])
    logger = HostLogger()
    c.report(logger)
    c.report(logger, 2)
    out("report", " | ".join(logger.lines))

    # Rust traits of an object (UDL `[Traits=(...)]`).
    v1, v2, v3 = manual.Version(1, 2), manual.Version(1, 2), manual.Version(2, 0)
    out("version display", str(v1))
    out("version debug", repr(v1))
    out("version eq", [v1 == v2, v1 == v3, v1 != v3])
    out("version hash", [v1.__hash__() == v2.__hash__(), v1.__hash__() == v3.__hash__()])

    # Records with proc-macro defaults, a renamed field, methods and traits.
    r = manual.Reading(sensor="t1")
    out("reading defaults", manual.describe_reading(r))
    out("reading display", str(r))
    when = EPOCH + datetime.timedelta(seconds=1_700_000_000, microseconds=123_456)
    r2 = manual.Reading(
        sensor="t2", value=-4, unit=None, samples=[1, 2, 3, 6], taken_at=when,
        payload=b"\x00\xff", priority=manual.Priority.URGENT,
    )
    out("reading given", manual.describe_reading(r2))
    out("reading mean", [r.mean(), r2.mean()])
    out("reading eq", [r == manual.Reading(sensor="t1"), r == r2])

    # Flat enums with discriminants.
    out("priorities", [p.value for p in (manual.Priority.LOW, manual.Priority.NORMAL, manual.Priority.URGENT)])
    out("bump", [manual.bump(manual.Priority.LOW).value, manual.bump(manual.Priority.NORMAL).value])

    # Enums with named, tuple and unit variants, renamed, with a method.
    events = manual.job_events(when)
    out("job_events", " | ".join(event(e) for e in events))
    out("event labels", strs(e.label() for e in events))
    out("describe_event", " | ".join(
        manual.describe_event(e) for e in (
            manual.Event.PROGRESS(10, "ten"), manual.Event.HALTED(),
            manual.Event.STARTED(at=when, by="python")
        )
    ))

    # Proc-macro flat errors: the variant and Rust's message, not the fields.
    attempt("parse_digits 123", lambda: manual.parse_digits("123"))
    attempt("parse_digits empty", lambda: manual.parse_digits(""))
    attempt("parse_digits 12x", lambda: manual.parse_digits("12x"))

    # A trait with foreign implementations, sync and async methods, errors both ways.
    length = manual.length_scorer()
    out("length scorer", f"{length.name()} {length.score('abc')}")
    attempt("length score xyz", lambda: length.score("xyz"))
    out("score_words length", " | ".join(asyncio.run(manual.score_words(length, ["ab", "xyz"]))))
    hs = HostScorer()
    out("score_words host", " | ".join(asyncio.run(manual.score_words(hs, ["ab", "bad", "boom"]))))
    attempt("total_score host", lambda: asyncio.run(manual.total_score(hs, ["ab", "abc"])))
    attempt("total_score host bad", lambda: asyncio.run(manual.total_score(hs, ["ab", "bad"])))

    # A callback interface returning a flat error to Rust (read by its variant alone).
    sink = HostSink()
    items = [manual.Reading(sensor=n, value=i) for i, n in enumerate(["a", "full", "b", "closed", "boom"])]
    out("fill", " | ".join(manual.fill(sink, items)))

    # Custom types from proc-macros: a checked newtype and `custom_newtype!`.
    attempt("email_domain", lambda: manual.email_domain("ann@example.org"))
    attempt("email_domain bad", lambda: manual.email_domain("nobody"))
    out("double_distance", f"{manual.double_distance(1.25):.2f}")

    # An object with a failing constructor, a named one with defaults, renamed and Arc<Self>
    # methods, async methods and Rust traits, inside records and maps.
    attempt("wallet empty owner", lambda: manual.Wallet(""))
    ann = manual.Wallet("ann")
    bob = manual.Wallet.with_cents("bob")
    cy = manual.Wallet.with_cents("cy", 500)
    out("deposit", ann.deposit(50))
    attempt("withdraw", lambda: ann.withdraw(80))
    out("holders", strs([ann.holder(), bob.holder(), cy.holder()]))
    same = ann.take_from(bob)
    out("take_from", f"{ann} / {bob} same={fmt(same.is_same(ann))} {fmt(ann.is_same(bob))}")
    same = ann.take_from(bob, 9)
    out("take_from 9", str(ann))
    attempt("take_from 1000", lambda: str(ann.take_from(bob, 1000)))
    out("wallet display", str(cy))
    out("wallet eq", [ann == same, ann == bob])
    out("wallet ord", [ann < cy, cy < ann, bob > ann])
    out("wallet hash", [ann.__hash__() == same.__hash__(), ann.__hash__() == bob.__hash__()])
    out("balance_later", asyncio.run(ann.balance_later(5)))
    led = manual.make_ledger([ann, bob, cy])
    out("ledger", f"{fmt(sorted(led.by_owner))} richest={led.richest.holder()}")
    out("ledger empty", manual.make_ledger([]).richest is None)

    # A renamed function with defaults; nested collections and options.
    out("describe_numbers", q(manual.describe_numbers([1, 2, 3])))
    out("describe_numbers given", q(manual.describe_numbers([1, 2, 3], "-", 2)))
    out("describe_nested", manual.describe_nested([b"\x01\x02", b""], {2: ["b"], 1: ["a", "c"]}, {"x": 1, "y": None}))
    out("describe_nested none", manual.describe_nested([], {}, None))


if __name__ == "__main__":
    main()
    # Leave without Python's finalization: the fixture's delay thread (a Rust thread) may still
    # be returning from the continuation callback it just made into Python, and a thread that
    # waits for the GIL during finalization is ended with pthread_exit, whose forced unwind
    # through Rust frames aborts the process ("exception not rethrown").
    sys.stdout.flush()
    os._exit(0)
