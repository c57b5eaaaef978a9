"""Calls the timer Rust library through the Python bindings uniffi's own generator makes.

Prints the same lines as the first five of the Go example (../go/main.go), so the two
transcripts can be compared. Run ./run.sh, which generates the bindings into ./generated first.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

import timer  # noqa: E402  (generated module, found through the path above)


def quoted(text: str) -> str:
    """Quotes a string the way Go's %q does for printable text."""
    return json.dumps(text, ensure_ascii=False)


def main() -> None:
    t = timer.Timer(timer.TimerConfig(name="go-native-demo"))
    print("created timer")

    print(f"version: {timer.version()}")

    # The message stays "hello from Go" so the transcript matches the Go example's.
    echo = t.echo(timer.EchoRequest(message="hello from Go", delay_ms=10))
    print(f"echo: echoed={quoted(echo.echoed)} timerName={quoted(echo.timer_name)}")

    complex_resp = t.complex(
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
    print(
        f"complex: itemCount={complex_resp.item_count} "
        f"hasNote={str(complex_resp.has_note).lower()} summary={quoted(complex_resp.summary)}"
    )

    try:
        scheduled = t.schedule(
            timer.JobSpec(name="nightly", interval_ms=5000, payload=None),
            timer.RetryPolicy(max_attempts=3, backoff_ms=250),
            timer.ScheduleConfig(start_at_ms=1000, jitter_ms=50),
        )
    except timer.TimerError as err:
        sys.exit(f"schedule rejected: {err!r}")
    print(f"schedule: jobId={quoted(scheduled.job_id)} willRunCount={scheduled.will_run_count}")


if __name__ == "__main__":
    main()
