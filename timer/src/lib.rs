mod delay;
mod select;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use select::{select, Either};

uniffi::include_scaffolding!("timer");

/// Number of milliseconds in the window that `Timer::schedule` counts runs over.
const RUN_WINDOW_MS: u64 = 60_000;

pub fn version() -> String {
    format!("{} v{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerConfig {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoRequest {
    pub message: String,
    pub delay_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoResponse {
    pub echoed: String,
    pub timer_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexRequest {
    pub messages: Vec<EchoRequest>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub retries: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexResponse {
    pub item_count: u32,
    pub has_note: bool,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    pub name: String,
    pub interval_ms: u64,
    pub payload: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: i32,
    pub backoff_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleConfig {
    pub start_at_ms: u64,
    pub jitter_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleResult {
    pub job_id: String,
    pub will_run_count: u64,
    pub first_run_at_ms: u64,
    pub effective_backoff_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchoEvent {
    pub message: String,
    pub echo_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobEvent {
    pub job_id: String,
    pub run: u64,
}

/// Told about every echo; called on the timer's event thread.
pub trait EchoListener: Send + Sync {
    fn on_echo_fired(&self, event: EchoEvent);
}

/// Told about every run of a job; called on the job's thread.
pub trait JobListener: Send + Sync {
    fn on_job_fired(&self, event: JobEvent);
}

/// Error a host returns from a `TokenProvider` call. Not flat: the reason crosses the FFI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    #[error("{reason}")]
    Failed { reason: String },
    #[error("unexpected: {reason}")]
    Unexpected { reason: String },
}

/// A host callback that failed without returning a `HostError` (e.g. it threw something else).
impl From<uniffi::UnexpectedUniFFICallbackError> for HostError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Unexpected { reason: e.reason }
    }
}

/// Hands out tokens; implemented by the host (or in Rust).
///
/// In UDL mode uniffi 0.32 drops the trait it generates from the UDL, so this one needs
/// `#[uniffi::trait_interface]` (it adds the hidden `uniffi_foreign_handle` method that the
/// scaffolding calls). uniffi does not re-export `async_trait` either: its generated foreign
/// implementation names `::async_trait::async_trait`, so the crate depends on `async-trait`.
#[uniffi::trait_interface]
#[async_trait::async_trait]
pub trait TokenProvider: Send + Sync {
    async fn fetch_token(&self, key: String) -> Result<String, HostError>;
}

/// Flat error: only the variant and its `Display` text cross the FFI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    #[error("job name must not be empty")]
    EmptyJobName,
    #[error("max_attempts must be positive, got {max_attempts}")]
    InvalidMaxAttempts { max_attempts: i32 },
    #[error("no token provider is set")]
    NoTokenProvider,
    #[error("token provider failed: {error}")]
    HostFailed { error: HostError },
    #[error("token provider did not answer within {timeout_ms} ms")]
    HostTimeout { timeout_ms: u64 },
}

/// Locks `mutex`, ignoring poisoning: every value behind these mutexes stays consistent even
/// if a holder panicked, and `Drop` must not panic.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs a listener callback. A host callback that fails makes uniffi panic (a void callback
/// has no way to return the error); catching it keeps the thread, and later events, alive.
fn deliver(callback: impl FnOnce()) {
    let _ = panic::catch_unwind(AssertUnwindSafe(callback));
}

/// Set once when the timer is dropped. Threads wait on it, so they stop at once rather than
/// after their current sleep.
#[derive(Default)]
struct StopSignal {
    stopped: Mutex<bool>,
    changed: Condvar,
}

impl StopSignal {
    fn stop(&self) {
        *lock(&self.stopped) = true;
        self.changed.notify_all();
    }

    fn is_stopped(&self) -> bool {
        *lock(&self.stopped)
    }

    /// Waits up to `timeout`; returns true if the signal was (or is) stopped.
    fn wait(&self, timeout: Duration) -> bool {
        let stopped = lock(&self.stopped);
        let (stopped, _) = self
            .changed
            .wait_timeout_while(stopped, timeout, |stopped| !*stopped)
            .unwrap_or_else(PoisonError::into_inner);
        *stopped
    }
}

/// What the event thread is fed, in order.
enum EchoMessage {
    Listener(Box<dyn EchoListener>),
    Event(EchoEvent),
}

#[derive(Default)]
struct EchoState {
    count: u64,
    /// Feeds the event thread; `None` until a listener is first set, and again once dropped.
    events: Option<Sender<EchoMessage>>,
}

/// Delivers echo events in order to the current listener until the timer is dropped. Events
/// still queued when the timer is dropped are discarded.
fn run_event_thread(messages: Receiver<EchoMessage>, stop: Arc<StopSignal>) {
    let mut listener = None;
    // Ends when the timer drops the sender.
    for message in messages {
        if stop.is_stopped() {
            break;
        }
        match message {
            EchoMessage::Listener(new) => listener = Some(new),
            EchoMessage::Event(event) => {
                if let Some(listener) = &listener {
                    deliver(|| listener.on_echo_fired(event));
                }
            }
        }
    }
}

/// Fires `listener` every `interval` until the timer is dropped.
fn run_job(
    job_id: String,
    interval: Duration,
    listener: Box<dyn JobListener>,
    stop: Arc<StopSignal>,
) {
    let mut run = 0u64;
    while !stop.wait(interval) {
        run += 1;
        let event = JobEvent {
            job_id: job_id.clone(),
            run,
        };
        deliver(|| listener.on_job_fired(event));
    }
}

/// A named timer. Its threads (the echo event thread and one per job) own only what they use,
/// never the timer itself, so the timer's last reference can be dropped anywhere, even from
/// inside one of its own callbacks.
pub struct Timer {
    config: TimerConfig,
    stop: Arc<StopSignal>,
    echo: Mutex<EchoState>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    token_provider: Mutex<Option<Arc<dyn TokenProvider>>>,
}

impl fmt::Debug for Timer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timer")
            .field("config", &self.config)
            .field("echo_count", &lock(&self.echo).count)
            .finish_non_exhaustive()
    }
}

impl Timer {
    pub fn new(config: TimerConfig) -> Self {
        Self {
            config,
            stop: Arc::default(),
            echo: Mutex::default(),
            threads: Mutex::default(),
            token_provider: Mutex::default(),
        }
    }

    pub fn name(&self) -> String {
        self.config.name.clone()
    }

    pub fn echo(&self, request: EchoRequest) -> EchoResponse {
        if request.delay_ms > 0 {
            thread::sleep(Duration::from_millis(request.delay_ms));
        }
        self.count_echo(&request.message);
        EchoResponse {
            echoed: request.message,
            timer_name: self.name(),
        }
    }

    pub async fn sleep(&self, ms: u64) {
        delay::Delay::new(Duration::from_millis(ms)).await;
    }

    pub async fn echo_async(&self, request: EchoRequest) -> EchoResponse {
        delay::Delay::new(Duration::from_millis(request.delay_ms)).await;
        self.count_echo(&request.message);
        EchoResponse {
            echoed: request.message,
            timer_name: self.name(),
        }
    }

    pub fn complex(&self, request: ComplexRequest) -> ComplexResponse {
        let item_count = u32::try_from(request.messages.len()).unwrap_or(u32::MAX);
        let note = request.note.as_deref().unwrap_or("<none>");
        let retries = request.retries.unwrap_or(0);
        ComplexResponse {
            item_count,
            has_note: request.note.is_some(),
            summary: format!("received {item_count} messages, note={note}, retries={retries}"),
        }
    }

    pub fn schedule(
        &self,
        job: JobSpec,
        retry: RetryPolicy,
        schedule: ScheduleConfig,
    ) -> Result<ScheduleResult, TimerError> {
        if job.name.is_empty() {
            return Err(TimerError::EmptyJobName);
        }
        if retry.max_attempts <= 0 {
            return Err(TimerError::InvalidMaxAttempts {
                max_attempts: retry.max_attempts,
            });
        }
        let will_run_count = match job.interval_ms {
            0 => 1,
            interval => (RUN_WINDOW_MS / interval).max(1),
        };
        Ok(ScheduleResult {
            job_id: format!("{}:{}", self.config.name, job.name),
            will_run_count,
            first_run_at_ms: schedule.start_at_ms.saturating_add(schedule.jitter_ms),
            effective_backoff_ms: retry.backoff_ms,
        })
    }

    pub fn set_echo_listener(&self, listener: Box<dyn EchoListener>) {
        let mut echo = lock(&self.echo);
        let events = echo.events.get_or_insert_with(|| self.spawn_event_thread());
        // The event thread only ends once the timer is dropped, so this cannot fail.
        let _ = events.send(EchoMessage::Listener(listener));
    }

    pub fn start_job(
        &self,
        job: JobSpec,
        listener: Box<dyn JobListener>,
    ) -> Result<String, TimerError> {
        if job.name.is_empty() {
            return Err(TimerError::EmptyJobName);
        }
        let job_id = format!("{}:{}", self.config.name, job.name);
        let interval = Duration::from_millis(job.interval_ms.max(1));
        let stop = Arc::clone(&self.stop);
        let thread_job_id = job_id.clone();
        let handle = thread::Builder::new()
            .name(format!("timer job {job_id}"))
            .spawn(move || run_job(thread_job_id, interval, listener, stop))
            .expect("failed to spawn a job thread");
        lock(&self.threads).push(handle);
        Ok(job_id)
    }

    pub fn set_token_provider(&self, provider: Arc<dyn TokenProvider>) {
        *lock(&self.token_provider) = Some(provider);
    }

    pub async fn use_token(&self, key: String, timeout_ms: u64) -> Result<String, TimerError> {
        let provider = lock(&self.token_provider)
            .clone()
            .ok_or(TimerError::NoTokenProvider)?;
        let timeout = delay::Delay::new(Duration::from_millis(timeout_ms));
        // `select` drops the host call's future as soon as the timeout wins: that is how a
        // foreign provider learns that its call was cancelled.
        match select(provider.fetch_token(key), timeout).await {
            Either::Left(Ok(token)) => Ok(format!("token[{token}]")),
            Either::Left(Err(error)) => Err(TimerError::HostFailed { error }),
            Either::Right(()) => Err(TimerError::HostTimeout { timeout_ms }),
        }
    }

    /// Counts an answered echo and, if a listener was ever set, queues its event. Counting and
    /// queueing under one lock keeps events in `echo_count` order.
    fn count_echo(&self, message: &str) {
        let mut echo = lock(&self.echo);
        echo.count += 1;
        let event = EchoEvent {
            message: message.to_string(),
            echo_count: echo.count,
        };
        if let Some(events) = &echo.events {
            let _ = events.send(EchoMessage::Event(event));
        }
    }

    fn spawn_event_thread(&self) -> Sender<EchoMessage> {
        let (sender, receiver) = mpsc::channel();
        let stop = Arc::clone(&self.stop);
        let handle = thread::Builder::new()
            .name(format!("timer events {}", self.config.name))
            .spawn(move || run_event_thread(receiver, stop))
            .expect("failed to spawn the event thread");
        lock(&self.threads).push(handle);
        sender
    }
}

impl Drop for Timer {
    /// Stops the event and job threads and waits for them, except for the thread running this
    /// drop when a callback released the last reference: that one ends once its callback
    /// returns, and joining it from itself would deadlock.
    fn drop(&mut self) {
        self.stop.stop();
        // Closing the channel wakes the event thread if it is waiting for a message.
        drop(
            self.echo
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .events
                .take(),
        );
        let current = thread::current().id();
        let threads = self
            .threads
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        for handle in threads.drain(..) {
            if handle.thread().id() != current {
                let _ = handle.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
    use std::task::{Context, Poll, Wake, Waker};
    use std::time::Instant;

    /// Long enough for anything that should happen to happen.
    const PATIENCE: Duration = Duration::from_secs(5);

    fn timer() -> Timer {
        Timer::new(TimerConfig {
            name: "main".to_string(),
        })
    }

    fn job(name: &str, interval_ms: u64) -> JobSpec {
        JobSpec {
            name: name.to_string(),
            interval_ms,
            payload: None,
        }
    }

    fn retry(max_attempts: i32) -> RetryPolicy {
        RetryPolicy {
            max_attempts,
            backoff_ms: 250,
        }
    }

    fn start(start_at_ms: u64, jitter_ms: u64) -> ScheduleConfig {
        ScheduleConfig {
            start_at_ms,
            jitter_ms,
        }
    }

    #[test]
    fn version_is_name_and_version() {
        assert_eq!(version(), "timer v0.1.0");
    }

    #[test]
    fn name_comes_from_config() {
        assert_eq!(timer().name(), "main");
    }

    #[test]
    fn echo_returns_message_and_timer_name() {
        let response = timer().echo(EchoRequest {
            message: "héllo".to_string(),
            delay_ms: 1,
        });
        assert_eq!(
            response,
            EchoResponse {
                echoed: "héllo".to_string(),
                timer_name: "main".to_string(),
            }
        );
    }

    #[test]
    fn schedule_computes_run_count_start_and_backoff() {
        let result = timer()
            .schedule(job("backup", 15_000), retry(3), start(1_000, 50))
            .unwrap();
        assert_eq!(
            result,
            ScheduleResult {
                job_id: "main:backup".to_string(),
                will_run_count: 4,
                first_run_at_ms: 1_050,
                effective_backoff_ms: 250,
            }
        );
    }

    #[test]
    fn schedule_runs_at_least_once() {
        let t = timer();
        let zero = t.schedule(job("a", 0), retry(1), start(0, 0)).unwrap();
        assert_eq!(zero.will_run_count, 1);
        let slow = t
            .schedule(job("b", 120_000), retry(1), start(0, 0))
            .unwrap();
        assert_eq!(slow.will_run_count, 1);
        let fast = t.schedule(job("c", 7), retry(1), start(0, 0)).unwrap();
        assert_eq!(fast.will_run_count, 8_571);
    }

    #[test]
    fn schedule_rejects_empty_job_name() {
        let err = timer()
            .schedule(job("", 1_000), retry(3), start(0, 0))
            .unwrap_err();
        assert_eq!(err, TimerError::EmptyJobName);
        assert_eq!(err.to_string(), "job name must not be empty");
    }

    #[test]
    fn schedule_rejects_non_positive_max_attempts() {
        for attempts in [0, -2] {
            let err = timer()
                .schedule(job("backup", 1_000), retry(attempts), start(0, 0))
                .unwrap_err();
            assert_eq!(
                err,
                TimerError::InvalidMaxAttempts {
                    max_attempts: attempts
                }
            );
            assert_eq!(
                err.to_string(),
                format!("max_attempts must be positive, got {attempts}")
            );
        }
    }

    #[test]
    fn schedule_checks_the_name_first() {
        let err = timer()
            .schedule(job("", 1_000), retry(0), start(0, 0))
            .unwrap_err();
        assert_eq!(err, TimerError::EmptyJobName);
    }

    #[test]
    fn complex_summary_with_note() {
        let response = timer().complex(ComplexRequest {
            messages: vec![
                EchoRequest {
                    message: "one".to_string(),
                    delay_ms: 0,
                },
                EchoRequest {
                    message: "two".to_string(),
                    delay_ms: 0,
                },
            ],
            tags: vec!["x".to_string()],
            note: Some("urgent".to_string()),
            retries: Some(3),
        });
        assert_eq!(
            response,
            ComplexResponse {
                item_count: 2,
                has_note: true,
                summary: "received 2 messages, note=urgent, retries=3".to_string(),
            }
        );
    }

    #[test]
    fn complex_summary_without_note() {
        let response = timer().complex(ComplexRequest {
            messages: vec![],
            tags: vec![],
            note: None,
            retries: None,
        });
        assert_eq!(
            response,
            ComplexResponse {
                item_count: 0,
                has_note: false,
                summary: "received 0 messages, note=<none>, retries=0".to_string(),
            }
        );
    }

    // ---- helpers for the listener, job and token-provider tests ----

    /// Wakes a thread parked in `block_on`.
    struct ThreadWaker(thread::Thread);

    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    /// Runs a future to completion on this thread; enough for thread-woken futures.
    fn block_on<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
        let mut cx = Context::from_waker(&waker);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            thread::park();
        }
    }

    fn request(message: &str) -> EchoRequest {
        EchoRequest {
            message: message.to_string(),
            delay_ms: 0,
        }
    }

    fn echo_event(message: &str, echo_count: u64) -> EchoEvent {
        EchoEvent {
            message: message.to_string(),
            echo_count,
        }
    }

    /// Receives until the sender side is gone, failing if that takes too long. A listener owns
    /// the sender, so this proves the thread that owned the listener has finished with it.
    fn wait_disconnected<T: fmt::Debug>(receiver: &Receiver<T>) -> Vec<T> {
        let deadline = Instant::now() + PATIENCE;
        let mut left_over = Vec::new();
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match receiver.recv_timeout(wait) {
                Ok(value) => left_over.push(value),
                Err(RecvTimeoutError::Disconnected) => return left_over,
                Err(RecvTimeoutError::Timeout) => panic!("listener was never dropped"),
            }
        }
    }

    struct ChannelEchoListener(Sender<EchoEvent>);

    impl EchoListener for ChannelEchoListener {
        fn on_echo_fired(&self, event: EchoEvent) {
            let _ = self.0.send(event);
        }
    }

    fn echo_listener() -> (Box<dyn EchoListener>, Receiver<EchoEvent>) {
        let (sender, receiver) = mpsc::channel();
        (Box::new(ChannelEchoListener(sender)), receiver)
    }

    struct ChannelJobListener(Sender<JobEvent>);

    impl JobListener for ChannelJobListener {
        fn on_job_fired(&self, event: JobEvent) {
            let _ = self.0.send(event);
        }
    }

    fn job_listener() -> (Box<dyn JobListener>, Receiver<JobEvent>) {
        let (sender, receiver) = mpsc::channel();
        (Box::new(ChannelJobListener(sender)), receiver)
    }

    /// Answers "<prefix><key>", or fails for the key "missing", after an optional delay.
    struct MapProvider {
        prefix: &'static str,
        delay_ms: u64,
    }

    #[async_trait::async_trait]
    impl TokenProvider for MapProvider {
        async fn fetch_token(&self, key: String) -> Result<String, HostError> {
            delay::Delay::new(Duration::from_millis(self.delay_ms)).await;
            if key == "missing" {
                return Err(HostError::Failed {
                    reason: format!("no token for {key}"),
                });
            }
            Ok(format!("{}{key}", self.prefix))
        }
    }

    /// Fails the way a foreign provider that threw something unexpected does.
    struct BrokenProvider;

    #[async_trait::async_trait]
    impl TokenProvider for BrokenProvider {
        async fn fetch_token(&self, _key: String) -> Result<String, HostError> {
            Err(uniffi::UnexpectedUniFFICallbackError::new("host blew up").into())
        }
    }

    /// Never answers; records when its call is dropped (cancelled).
    struct HangingProvider {
        cancelled: Arc<AtomicBool>,
    }

    struct SetOnDrop(Arc<AtomicBool>);

    impl Drop for SetOnDrop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    #[async_trait::async_trait]
    impl TokenProvider for HangingProvider {
        async fn fetch_token(&self, _key: String) -> Result<String, HostError> {
            let _guard = SetOnDrop(Arc::clone(&self.cancelled));
            std::future::pending().await
        }
    }

    // ---- echo listener ----

    #[test]
    fn echo_async_returns_message_and_timer_name() {
        let response = block_on(timer().echo_async(EchoRequest {
            message: "later".to_string(),
            delay_ms: 5,
        }));
        assert_eq!(response.echoed, "later");
        assert_eq!(response.timer_name, "main");
    }

    #[test]
    fn echo_listener_gets_every_echo_in_order() {
        let t = timer();
        // Counted, but nobody is listening yet.
        t.echo(request("before"));
        let (listener, events) = echo_listener();
        t.set_echo_listener(listener);
        for message in ["a", "b", "c"] {
            assert_eq!(t.echo(request(message)).echoed, message);
        }
        block_on(t.echo_async(request("d")));
        let received: Vec<EchoEvent> = (0..4)
            .map(|_| events.recv_timeout(PATIENCE).unwrap())
            .collect();
        assert_eq!(
            received,
            vec![
                echo_event("a", 2),
                echo_event("b", 3),
                echo_event("c", 4),
                echo_event("d", 5),
            ]
        );
        assert_eq!(
            events.recv_timeout(Duration::from_millis(50)),
            Err(RecvTimeoutError::Timeout)
        );
    }

    #[test]
    fn echo_events_come_from_a_rust_thread() {
        struct ThreadNameListener(Sender<Option<String>>);
        impl EchoListener for ThreadNameListener {
            fn on_echo_fired(&self, _event: EchoEvent) {
                let _ = self.0.send(thread::current().name().map(str::to_string));
            }
        }
        let t = timer();
        let (sender, names) = mpsc::channel();
        t.set_echo_listener(Box::new(ThreadNameListener(sender)));
        t.echo(request("x"));
        assert_eq!(
            names.recv_timeout(PATIENCE).unwrap().as_deref(),
            Some("timer events main")
        );
    }

    #[test]
    fn set_echo_listener_replaces_the_old_one() {
        let t = timer();
        let (first, first_events) = echo_listener();
        t.set_echo_listener(first);
        t.echo(request("one"));
        let (second, second_events) = echo_listener();
        t.set_echo_listener(second);
        t.echo(request("two"));
        // The old listener got only the first event, then was dropped.
        assert_eq!(wait_disconnected(&first_events), vec![echo_event("one", 1)]);
        assert_eq!(
            second_events.recv_timeout(PATIENCE).unwrap(),
            echo_event("two", 2)
        );
    }

    #[test]
    fn dropping_the_timer_stops_the_event_thread() {
        let t = timer();
        let (listener, events) = echo_listener();
        t.set_echo_listener(listener);
        t.echo(request("hi"));
        assert_eq!(events.recv_timeout(PATIENCE).unwrap(), echo_event("hi", 1));
        drop(t);
        // Drop joined the event thread, so its listener is already gone.
        assert_eq!(events.try_recv(), Err(TryRecvError::Disconnected));
    }

    #[test]
    fn a_panicking_echo_listener_does_not_stop_later_events() {
        struct FailOnce(Sender<EchoEvent>);
        impl EchoListener for FailOnce {
            fn on_echo_fired(&self, event: EchoEvent) {
                if event.echo_count == 1 {
                    panic!("Callback interface failure: pretend the host threw");
                }
                let _ = self.0.send(event);
            }
        }
        let t = timer();
        let (sender, events) = mpsc::channel();
        t.set_echo_listener(Box::new(FailOnce(sender)));
        t.echo(request("lost"));
        t.echo(request("kept"));
        assert_eq!(
            events.recv_timeout(PATIENCE).unwrap(),
            echo_event("kept", 2)
        );
    }

    #[test]
    fn an_echo_listener_may_drop_the_last_timer_reference() {
        struct Dropper {
            slot: Arc<Mutex<Option<Timer>>>,
            _alive: Sender<()>,
        }
        impl EchoListener for Dropper {
            fn on_echo_fired(&self, _event: EchoEvent) {
                // Runs Timer::drop on the event thread itself.
                drop(self.slot.lock().unwrap().take());
            }
        }
        let slot = Arc::new(Mutex::new(Some(timer())));
        let (alive, gone) = mpsc::channel();
        {
            let guard = slot.lock().unwrap();
            let t = guard.as_ref().unwrap();
            t.set_echo_listener(Box::new(Dropper {
                slot: Arc::clone(&slot),
                _alive: alive,
            }));
            t.echo(request("bye"));
        }
        wait_disconnected(&gone);
        assert!(slot.lock().unwrap().is_none());
    }

    // ---- jobs ----

    #[test]
    fn start_job_rejects_empty_job_name() {
        let (listener, events) = job_listener();
        let err = timer().start_job(job("", 10), listener).unwrap_err();
        assert_eq!(err, TimerError::EmptyJobName);
        // The listener was not kept.
        assert_eq!(events.try_recv(), Err(TryRecvError::Disconnected));
    }

    #[test]
    fn job_fires_in_order_until_the_timer_is_dropped() {
        let t = timer();
        let (listener, events) = job_listener();
        assert_eq!(t.start_job(job("tick", 5), listener).unwrap(), "main:tick");
        for run in 1..=3 {
            assert_eq!(
                events.recv_timeout(PATIENCE).unwrap(),
                JobEvent {
                    job_id: "main:tick".to_string(),
                    run,
                }
            );
        }
        drop(t);
        // Whatever fired before the drop is still in order; nothing fires after it.
        let left_over = wait_disconnected(&events);
        for (event, run) in left_over.iter().zip(4..) {
            assert_eq!(event.run, run);
        }
    }

    #[test]
    fn zero_interval_job_runs_every_millisecond() {
        let t = timer();
        let (listener, events) = job_listener();
        t.start_job(job("busy", 0), listener).unwrap();
        assert_eq!(events.recv_timeout(PATIENCE).unwrap().run, 1);
        assert_eq!(events.recv_timeout(PATIENCE).unwrap().run, 2);
    }

    #[test]
    fn several_jobs_run_side_by_side() {
        let t = timer();
        let (fast, fast_events) = job_listener();
        let (slow, slow_events) = job_listener();
        assert_eq!(t.start_job(job("fast", 1), fast).unwrap(), "main:fast");
        assert_eq!(t.start_job(job("slow", 20), slow).unwrap(), "main:slow");
        assert_eq!(
            fast_events.recv_timeout(PATIENCE).unwrap().job_id,
            "main:fast"
        );
        assert_eq!(
            slow_events.recv_timeout(PATIENCE).unwrap().job_id,
            "main:slow"
        );
    }

    #[test]
    fn dropping_the_timer_stops_a_long_interval_job_at_once() {
        let t = timer();
        let (listener, events) = job_listener();
        t.start_job(job("hourly", 3_600_000), listener).unwrap();
        let (echoes, _echo_events) = echo_listener();
        t.set_echo_listener(echoes);
        let started = Instant::now();
        drop(t);
        assert!(started.elapsed() < Duration::from_secs(1));
        // Joined: the job thread is gone and never fired.
        assert_eq!(events.try_recv(), Err(TryRecvError::Disconnected));
    }

    #[test]
    fn a_job_listener_may_drop_the_last_timer_reference() {
        struct Dropper {
            slot: Arc<Mutex<Option<Timer>>>,
            events: Sender<JobEvent>,
        }
        impl JobListener for Dropper {
            fn on_job_fired(&self, event: JobEvent) {
                // Runs Timer::drop on this job's thread: it joins the other job, not itself.
                drop(self.slot.lock().unwrap().take());
                let _ = self.events.send(event);
            }
        }
        let slot = Arc::new(Mutex::new(Some(timer())));
        let (other, other_events) = job_listener();
        let (sender, events) = mpsc::channel();
        {
            let guard = slot.lock().unwrap();
            let t = guard.as_ref().unwrap();
            t.start_job(job("other", 3_600_000), other).unwrap();
            t.start_job(
                job("dropper", 1),
                Box::new(Dropper {
                    slot: Arc::clone(&slot),
                    events: sender,
                }),
            )
            .unwrap();
        }
        // Exactly one run: the job stops after the callback that dropped its timer.
        let runs = wait_disconnected(&events);
        assert_eq!(
            runs,
            vec![JobEvent {
                job_id: "main:dropper".to_string(),
                run: 1,
            }]
        );
        assert_eq!(other_events.try_recv(), Err(TryRecvError::Disconnected));
    }

    // ---- token provider ----

    #[test]
    fn use_token_needs_a_provider() {
        let err = block_on(timer().use_token("k".to_string(), 1_000)).unwrap_err();
        assert_eq!(err, TimerError::NoTokenProvider);
        assert_eq!(err.to_string(), "no token provider is set");
    }

    #[test]
    fn use_token_wraps_the_providers_answer() {
        let t = timer();
        t.set_token_provider(Arc::new(MapProvider {
            prefix: "secret-",
            delay_ms: 0,
        }));
        assert_eq!(
            block_on(t.use_token("db".to_string(), 1_000)).unwrap(),
            "token[secret-db]"
        );
        // A provider that takes a while still wins against a longer timeout.
        t.set_token_provider(Arc::new(MapProvider {
            prefix: "slow-",
            delay_ms: 20,
        }));
        assert_eq!(
            block_on(t.use_token("db".to_string(), 5_000)).unwrap(),
            "token[slow-db]"
        );
    }

    #[test]
    fn use_token_reports_the_hosts_reason() {
        let t = timer();
        t.set_token_provider(Arc::new(MapProvider {
            prefix: "",
            delay_ms: 0,
        }));
        let err = block_on(t.use_token("missing".to_string(), 1_000)).unwrap_err();
        assert_eq!(
            err,
            TimerError::HostFailed {
                error: HostError::Failed {
                    reason: "no token for missing".to_string()
                }
            }
        );
        assert_eq!(
            err.to_string(),
            "token provider failed: no token for missing"
        );
    }

    #[test]
    fn use_token_reports_unexpected_host_errors() {
        let t = timer();
        t.set_token_provider(Arc::new(BrokenProvider));
        let err = block_on(t.use_token("k".to_string(), 1_000)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "token provider failed: unexpected: host blew up"
        );
    }

    #[test]
    fn use_token_times_out_and_cancels_the_host_call() {
        let t = timer();
        let cancelled = Arc::new(AtomicBool::new(false));
        t.set_token_provider(Arc::new(HangingProvider {
            cancelled: Arc::clone(&cancelled),
        }));
        let started = Instant::now();
        let err = block_on(t.use_token("k".to_string(), 20)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(20));
        assert_eq!(err, TimerError::HostTimeout { timeout_ms: 20 });
        assert_eq!(
            err.to_string(),
            "token provider did not answer within 20 ms"
        );
        assert!(cancelled.load(Ordering::SeqCst));
    }

    #[test]
    fn unexpected_callback_errors_become_host_errors() {
        let err = HostError::from(uniffi::UnexpectedUniFFICallbackError::new("boom"));
        assert_eq!(
            err,
            HostError::Unexpected {
                reason: "boom".to_string()
            }
        );
        assert_eq!(err.to_string(), "unexpected: boom");
        assert_eq!(
            HostError::Failed {
                reason: "nope".to_string()
            }
            .to_string(),
            "nope"
        );
    }

    // ---- select ----

    #[test]
    fn select_prefers_the_left_future_when_both_are_ready() {
        let output = block_on(select(
            std::future::ready(1),
            delay::Delay::new(Duration::ZERO),
        ));
        assert_eq!(output, Either::Left(1));
    }

    #[test]
    fn select_drops_the_loser_when_the_winner_is_ready() {
        let cancelled = Arc::new(AtomicBool::new(false));
        let provider = HangingProvider {
            cancelled: Arc::clone(&cancelled),
        };
        let mut race = select(
            provider.fetch_token("k".to_string()),
            delay::Delay::new(Duration::from_millis(5)),
        );
        let output = block_on(&mut race);
        assert_eq!(output, Either::Right(()));
        // Dropped inside `poll`, before `race` itself goes away.
        assert!(cancelled.load(Ordering::SeqCst));
        drop(race);
    }
}
