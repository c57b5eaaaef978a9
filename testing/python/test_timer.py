"""Checks the timer library through the Python bindings uniffi's own generator makes.

Standard library only. testing/python/run.sh generates the bindings (timer.py and a copy of
libtimer.so) into testing/python/generated/ and runs `python3 -m unittest` here; set
TIMER_PYTHON_BINDINGS to use bindings generated elsewhere.
"""

import asyncio
import os
import queue
import sys
import threading
import time
import unittest

sys.path.insert(
    0,
    os.environ.get("TIMER_PYTHON_BINDINGS")
    or os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"),
)

import timer  # noqa: E402  (generated module, found through the path above)

# How long to wait for something that should happen at once.
PATIENCE = 5.0


def new_timer(name="py"):
    return timer.Timer(timer.TimerConfig(name=name))


def job(name, interval_ms=5000):
    return timer.JobSpec(name=name, interval_ms=interval_ms, payload=None)


def retry(max_attempts=3):
    return timer.RetryPolicy(max_attempts=max_attempts, backoff_ms=250)


START = timer.ScheduleConfig(start_at_ms=1000, jitter_ms=50)


class QueueEchoListener(timer.EchoListener):
    """Hands each event, and the thread it arrived on, to a queue."""

    def __init__(self):
        self.events = queue.Queue()

    def on_echo_fired(self, event):
        self.events.put((event, threading.current_thread()))


class QueueJobListener(timer.JobListener):
    def __init__(self):
        self.events = queue.Queue()

    def on_job_fired(self, event):
        self.events.put(event)


class PrefixTokenProvider(timer.TokenProvider):
    """Answers "TOK-<key>" after a short asyncio sleep; fails for the key "missing"."""

    def __init__(self, delay=0.02):
        self.delay = delay

    async def fetch_token(self, key):
        await asyncio.sleep(self.delay)
        if key == "missing":
            raise timer.HostError.Failed(f"no token for {key}")
        return f"TOK-{key}"


class HangingTokenProvider(timer.TokenProvider):
    """Never answers; records that its call was cancelled."""

    def __init__(self):
        self.started = asyncio.Event()
        self.cancelled = asyncio.Event()

    async def fetch_token(self, key):
        self.started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            self.cancelled.set()
            raise
        return "never"


class SyncCalls(unittest.TestCase):
    """The values the Go example prints, plus errors and callbacks."""

    def test_version(self):
        self.assertEqual(timer.version(), "timer v0.1.0")

    def test_name(self):
        self.assertEqual(new_timer("go-native-demo").name(), "go-native-demo")

    def test_echo(self):
        t = new_timer("go-native-demo")
        response = t.echo(timer.EchoRequest(message="hello from Go", delay_ms=10))
        self.assertEqual(response.echoed, "hello from Go")
        self.assertEqual(response.timer_name, "go-native-demo")
        self.assertEqual(
            response, timer.EchoResponse(echoed="hello from Go", timer_name="go-native-demo")
        )

    def test_echo_keeps_non_ascii_text(self):
        message = "héllo, 世界 🦀"
        self.assertEqual(new_timer().echo(timer.EchoRequest(message=message, delay_ms=0)).echoed,
                         message)

    def test_complex(self):
        response = new_timer().complex(
            timer.ComplexRequest(
                messages=[
                    timer.EchoRequest(message="one", delay_ms=0),
                    timer.EchoRequest(message="two", delay_ms=5),
                ],
                tags=["demo", "python"],
                note="a note",
                retries=3,
            )
        )
        self.assertEqual(response.item_count, 2)
        self.assertIs(response.has_note, True)
        self.assertEqual(response.summary, "received 2 messages, note=a note, retries=3")

    def test_complex_without_optionals(self):
        response = new_timer().complex(
            timer.ComplexRequest(messages=[], tags=[], note=None, retries=None)
        )
        self.assertEqual(
            response,
            timer.ComplexResponse(
                item_count=0, has_note=False, summary="received 0 messages, note=<none>, retries=0"
            ),
        )

    def test_schedule(self):
        result = new_timer("go-native-demo").schedule(job("nightly"), retry(), START)
        self.assertEqual(result.job_id, "go-native-demo:nightly")
        self.assertEqual(result.will_run_count, 12)
        self.assertEqual(result.first_run_at_ms, 1050)
        self.assertEqual(result.effective_backoff_ms, 250)

    def test_schedule_rejects_empty_job_name(self):
        with self.assertRaises(timer.TimerError.EmptyJobName) as caught:
            new_timer().schedule(job(""), retry(), START)
        self.assertIsInstance(caught.exception, timer.TimerError)
        # A flat error: only the variant and its Display text cross the FFI.
        self.assertEqual(str(caught.exception), "job name must not be empty")

    def test_schedule_rejects_non_positive_max_attempts(self):
        for attempts in (0, -2):
            with self.subTest(max_attempts=attempts):
                with self.assertRaises(timer.TimerError.InvalidMaxAttempts) as caught:
                    new_timer().schedule(job("backup"), retry(attempts), START)
                self.assertIsInstance(caught.exception, timer.TimerError)
                self.assertEqual(
                    str(caught.exception), f"max_attempts must be positive, got {attempts}"
                )

    def test_schedule_checks_the_name_first(self):
        with self.assertRaises(timer.TimerError.EmptyJobName):
            new_timer().schedule(job(""), retry(0), START)

    def test_integer_arguments_are_range_checked(self):
        # u64 cannot be negative: the bindings refuse before calling Rust.
        with self.assertRaises((ValueError, TypeError)):
            new_timer().echo(timer.EchoRequest(message="x", delay_ms=-1))

    def test_echo_listener_gets_an_event_on_a_rust_thread(self):
        t = new_timer()
        listener = QueueEchoListener()
        t.set_echo_listener(listener)
        t.echo(timer.EchoRequest(message="hello from Python", delay_ms=0))
        event, thread = listener.events.get(timeout=PATIENCE)
        self.assertEqual(event, timer.EchoEvent(message="hello from Python", echo_count=1))
        self.assertEqual(event.echo_count, 1)
        self.assertIsNot(thread, threading.main_thread())

    def test_echo_listener_gets_every_echo_in_order(self):
        t = new_timer()
        t.echo(timer.EchoRequest(message="before", delay_ms=0))  # counted, nobody listening
        listener = QueueEchoListener()
        t.set_echo_listener(listener)
        for message in ("a", "b", "c"):
            t.echo(timer.EchoRequest(message=message, delay_ms=0))
        received = [listener.events.get(timeout=PATIENCE)[0] for _ in range(3)]
        self.assertEqual(
            [(e.message, e.echo_count) for e in received], [("a", 2), ("b", 3), ("c", 4)]
        )

    def test_start_job_fires_in_order(self):
        t = new_timer()
        listener = QueueJobListener()
        self.assertEqual(t.start_job(job("tick", 5), listener), "py:tick")
        runs = [listener.events.get(timeout=PATIENCE) for _ in range(3)]
        self.assertEqual([e.job_id for e in runs], ["py:tick"] * 3)
        self.assertEqual([e.run for e in runs], [1, 2, 3])
        # Dropping the timer stops and joins the job thread (which may be waiting for the GIL:
        # the bindings release it around every Rust call, so this does not deadlock).
        del t

    def test_start_job_rejects_empty_job_name(self):
        with self.assertRaises(timer.TimerError.EmptyJobName):
            new_timer().start_job(job("", 5), QueueJobListener())


class AsyncCalls(unittest.IsolatedAsyncioTestCase):
    """Async methods are coroutines driven by the running asyncio event loop."""

    async def test_sleep(self):
        started = time.monotonic()
        self.assertIsNone(await new_timer().sleep(20))
        self.assertGreaterEqual(time.monotonic() - started, 0.019)

    async def test_sleep_can_be_cancelled(self):
        started = time.monotonic()
        with self.assertRaises(asyncio.TimeoutError):
            await asyncio.wait_for(new_timer().sleep(5000), timeout=0.05)
        self.assertLess(time.monotonic() - started, 2.0)

    async def test_echo_async(self):
        response = await new_timer("go-native-demo").echo_async(
            timer.EchoRequest(message="later", delay_ms=5)
        )
        self.assertEqual(response, timer.EchoResponse(echoed="later", timer_name="go-native-demo"))

    async def test_use_token_with_a_python_provider(self):
        t = new_timer()
        t.set_token_provider(PrefixTokenProvider())
        self.assertEqual(await t.use_token("x", 2000), "token[TOK-x]")
        self.assertEqual(await t.use_token("session", 2000), "token[TOK-session]")

    async def test_use_token_needs_a_provider(self):
        with self.assertRaises(timer.TimerError.NoTokenProvider) as caught:
            await new_timer().use_token("x", 1000)
        self.assertEqual(str(caught.exception), "no token provider is set")

    async def test_use_token_reports_the_hosts_error(self):
        t = new_timer()
        t.set_token_provider(PrefixTokenProvider(delay=0))
        with self.assertRaises(timer.TimerError.HostFailed) as caught:
            await t.use_token("missing", 2000)
        self.assertEqual(str(caught.exception), "token provider failed: no token for missing")

    async def test_use_token_times_out_and_cancels_the_python_call(self):
        t = new_timer()
        provider = HangingTokenProvider()
        t.set_token_provider(provider)
        with self.assertRaises(timer.TimerError.HostTimeout) as caught:
            await t.use_token("x", 20)
        self.assertEqual(str(caught.exception), "token provider did not answer within 20 ms")
        self.assertTrue(provider.started.is_set())
        # Rust dropped the foreign future; the bindings cancel the Python task in response.
        await asyncio.wait_for(provider.cancelled.wait(), timeout=PATIENCE)


if __name__ == "__main__":
    unittest.main()
