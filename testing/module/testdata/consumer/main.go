// Command consumer uses the timer module as a program outside this repository would: fetched
// with `go get`, built with Go and a C compiler alone. testing/module/run.sh copies it into a
// fresh module and compares its output with expected-output.txt.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"example.com/timer"
)

func main() {
	version, err := timer.Version()
	if err != nil {
		log.Fatalf("version: %v", err)
	}
	fmt.Println("version:", version)

	t, err := timer.NewTimer(timer.TimerConfig{Name: "outside"})
	if err != nil {
		log.Fatalf("new timer: %v", err)
	}
	defer t.Close()

	// A callback: Rust calls the listener from a thread of its own.
	events := make(chan timer.EchoEvent, 1)
	if err := t.SetEchoListener(listener{events}); err != nil {
		log.Fatalf("set echo listener: %v", err)
	}
	echo, err := t.Echo(timer.EchoRequest{Message: "hi", DelayMs: 5})
	if err != nil {
		log.Fatalf("echo: %v", err)
	}
	fmt.Printf("echo: %s from %s\n", echo.Echoed, echo.TimerName)
	select {
	case ev := <-events:
		fmt.Printf("callback: %s #%d\n", ev.Message, ev.EchoCount)
	case <-time.After(5 * time.Second):
		log.Fatal("no echo event within 5s")
	}

	// A declared error, matched with errors.As and errors.Is.
	_, err = t.Schedule(timer.JobSpec{Name: ""}, timer.RetryPolicy{MaxAttempts: 1}, timer.ScheduleConfig{})
	var timerErr timer.TimerError
	fmt.Printf("error: %v (TimerError: %t, EmptyJobName: %t)\n",
		err, errors.As(err, &timerErr), errors.Is(err, timer.TimerErrorEmptyJobName{}))

	// Async: a Rust future awaited, and one cancelled by the context.
	if err := t.Sleep(context.Background(), 10); err != nil {
		log.Fatalf("sleep: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	err = t.Sleep(ctx, 5000)
	fmt.Printf("async: slept 10ms; 5s with a 30ms deadline: %v\n", err)

	// A host call: Rust awaits the Go token provider.
	if err := t.SetTokenProvider(tokens{}); err != nil {
		log.Fatalf("set token provider: %v", err)
	}
	token, err := t.UseToken(context.Background(), "session", 2000)
	if err != nil {
		log.Fatalf("use token: %v", err)
	}
	fmt.Println("host call:", token)
}

type listener struct{ events chan<- timer.EchoEvent }

func (l listener) OnEchoFired(event timer.EchoEvent) {
	select {
	case l.events <- event:
	default:
	}
}

type tokens struct{}

func (tokens) FetchToken(ctx context.Context, key string) (string, error) {
	return "TOK-" + key, nil
}
