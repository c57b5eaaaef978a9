// Command timerdemo calls the timer Rust library through its generated Go bindings.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"example.com/timerdemo/generated/timer"
)

func main() {
	t, err := timer.NewTimer(timer.TimerConfig{Name: "go-native-demo"})
	if err != nil {
		log.Fatalf("create timer: %v", err)
	}
	defer t.Close()
	fmt.Println("created timer")

	// The timer tells this listener about each echo, from a thread of its own.
	events := make(chan timer.EchoEvent, 1)
	if err := t.SetEchoListener(echoListener{events}); err != nil {
		log.Fatalf("set echo listener: %v", err)
	}
	// The timer asks this host for tokens and waits for the answer.
	if err := t.SetTokenProvider(tokenHost{delay: 20 * time.Millisecond}); err != nil {
		log.Fatalf("set token provider: %v", err)
	}

	version, err := timer.Version()
	if err != nil {
		log.Fatalf("version: %v", err)
	}
	fmt.Printf("version: %s\n", version)

	echo, err := t.Echo(timer.EchoRequest{Message: "hello from Go", DelayMs: 10})
	if err != nil {
		log.Fatalf("echo: %v", err)
	}
	fmt.Printf("echo: echoed=%q timerName=%q\n", echo.Echoed, echo.TimerName)

	note := "a note"
	retries := int64(3)
	complexResp, err := t.Complex(timer.ComplexRequest{
		Messages: []timer.EchoRequest{{Message: "one"}, {Message: "two", DelayMs: 5}},
		Tags:     []string{"demo", "go"},
		Note:     &note,
		Retries:  &retries,
	})
	if err != nil {
		log.Fatalf("complex: %v", err)
	}
	fmt.Printf("complex: itemCount=%d hasNote=%t summary=%q\n",
		complexResp.ItemCount, complexResp.HasNote, complexResp.Summary)

	scheduled, err := t.Schedule(
		timer.JobSpec{Name: "nightly", IntervalMs: 5000},
		timer.RetryPolicy{MaxAttempts: 3, BackoffMs: 250},
		timer.ScheduleConfig{StartAtMs: 1000, JitterMs: 50},
	)
	if err != nil {
		var timerErr timer.TimerError
		if errors.As(err, &timerErr) {
			log.Fatalf("schedule rejected: %v", timerErr)
		}
		log.Fatalf("schedule: %v", err)
	}
	fmt.Printf("schedule: jobId=%q willRunCount=%d\n", scheduled.JobID, scheduled.WillRunCount)

	if err := t.Sleep(context.Background(), 20); err != nil {
		log.Fatalf("sleep: %v", err)
	}
	fmt.Println("async: sleep(20ms) ok")

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = t.Sleep(ctx, 5000)
	if !errors.Is(err, context.DeadlineExceeded) {
		log.Fatalf("sleep with deadline: want context.DeadlineExceeded, got %v", err)
	}
	fmt.Printf("async: sleep(5s) with 50ms deadline: %v\n", err)

	select {
	case ev := <-events:
		fmt.Printf("event: onEchoFired message=%q echoCount=%d\n", ev.Message, ev.EchoCount)
	case <-time.After(5 * time.Second):
		log.Fatal("no echo event within 5s")
	}

	token, err := t.UseToken(context.Background(), "session", 2000)
	if err != nil {
		log.Fatalf("use token: %v", err)
	}
	fmt.Printf("host: useToken result=%q\n", token)

	fmt.Println("done")
}

// echoListener hands each echo event to a channel; the timer calls it on a Rust thread.
type echoListener struct {
	events chan<- timer.EchoEvent
}

func (l echoListener) OnEchoFired(event timer.EchoEvent) {
	select {
	case l.events <- event:
	default: // The demo needs only the first event.
	}
}

// tokenHost answers token requests from another goroutine after a delay, as a host whose
// answer comes from elsewhere (a network call, a user) would.
type tokenHost struct {
	delay time.Duration
}

func (h tokenHost) FetchToken(ctx context.Context, key string) (string, error) {
	answer := make(chan string, 1)
	go func() {
		time.Sleep(h.delay)
		answer <- "TOK-" + key
	}()
	select {
	case token := <-answer:
		return token, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
