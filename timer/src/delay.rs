//! A future that becomes ready after a delay. No async runtime is needed, so it works whichever
//! executor (or foreign poller) drives it: every pending delay of the process waits in one
//! queue ordered by deadline, and a single thread wakes each one when it is due. However many
//! delays are pending, they cost one thread, and none once the queue has been empty for a while.
//!
//! `testing/fixtures/support` builds this same file into the fixtures' shared delay future; it
//! uses nothing but `std`.

use std::collections::BTreeMap;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::{Duration, Instant};

/// How long the delay thread waits with nothing pending before it ends; the next delay starts a
/// new one. Long enough that steady traffic keeps one thread, short enough that an idle library
/// holds none.
const IDLE: Duration = Duration::from_secs(1);

/// The delays of the whole process.
static DELAYS: Delays = Delays::new();

/// Pending delays, keyed by deadline and then by a sequence number that keeps equal deadlines
/// apart, each with the waker of its last poll.
struct Queue {
    pending: BTreeMap<(Instant, u64), Option<Waker>>,
    next_seq: u64,
    thread_running: bool,
}

/// A queue of delays and the thread that serves it.
struct Delays {
    queue: Mutex<Queue>,
    /// Tells the thread that a delay due earlier than all others arrived.
    changed: Condvar,
}

/// Ready `duration` after it is created. Dropping it before then removes it from the queue.
pub struct Delay {
    delays: &'static Delays,
    state: State,
}

enum State {
    Waiting((Instant, u64)),
    Elapsed,
    /// So far off that `Instant` cannot hold the deadline: never ready, as with any other
    /// delay that outlives the program.
    Never,
}

impl Delay {
    pub fn new(duration: Duration) -> Self {
        DELAYS.delay(duration)
    }
}

impl Delays {
    const fn new() -> Self {
        Self {
            queue: Mutex::new(Queue {
                pending: BTreeMap::new(),
                next_seq: 0,
                thread_running: false,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // Nothing panics while holding the lock, and the queue stays consistent if it did.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn delay(&'static self, duration: Duration) -> Delay {
        let with_state = |state| Delay {
            delays: self,
            state,
        };
        if duration.is_zero() {
            return with_state(State::Elapsed);
        }
        let Some(deadline) = Instant::now().checked_add(duration) else {
            return with_state(State::Never);
        };
        let mut queue = self.lock();
        let key = (deadline, queue.next_seq);
        queue.next_seq += 1;
        let earliest = queue
            .pending
            .first_key_value()
            .is_none_or(|(k, _)| key < *k);
        queue.pending.insert(key, None);
        let start = !queue.thread_running;
        queue.thread_running = true;
        drop(queue);
        // Built before the thread is spawned, so that a failed spawn's panic drops it and takes
        // its entry out of the queue.
        let delay = with_state(State::Waiting(key));
        if start {
            self.spawn();
        } else if earliest {
            self.changed.notify_one();
        }
        delay
    }

    fn spawn(&'static self) {
        let spawned = thread::Builder::new()
            .name("delays".to_string())
            .spawn(move || self.serve());
        if let Err(e) = spawned {
            self.lock().thread_running = false;
            panic!("failed to spawn the delay thread: {e}");
        }
    }

    /// Wakes each delay when it is due; ends after `IDLE` with nothing pending.
    fn serve(&self) {
        let mut queue = self.lock();
        loop {
            let now = Instant::now();
            let mut due = Vec::new();
            while let Some(entry) = queue.pending.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                due.extend(entry.remove());
            }
            if !due.is_empty() {
                // Outside the lock: a waker may poll its future, which takes the lock, at once.
                drop(queue);
                for waker in due {
                    // A panicking waker must not stop the thread every other delay relies on.
                    let _ = panic::catch_unwind(AssertUnwindSafe(|| waker.wake()));
                }
                queue = self.lock();
                continue;
            }
            let wait = match queue.pending.first_key_value() {
                Some(((deadline, _), _)) => deadline.saturating_duration_since(now),
                None => IDLE,
            };
            let (next, timeout) = self
                .changed
                .wait_timeout(queue, wait)
                .unwrap_or_else(PoisonError::into_inner);
            queue = next;
            if timeout.timed_out() && queue.pending.is_empty() {
                queue.thread_running = false;
                return;
            }
        }
    }

    #[cfg(test)]
    fn pending(&self) -> usize {
        self.lock().pending.len()
    }

    #[cfg(test)]
    fn thread_running(&self) -> bool {
        self.lock().thread_running
    }
}

impl Future for Delay {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let key = match self.state {
            State::Elapsed => return Poll::Ready(()),
            State::Never => return Poll::Pending,
            State::Waiting(key) => key,
        };
        let mut queue = self.delays.lock();
        // The thread removes an entry when it is due, and only the delay itself otherwise.
        let Some(waker) = queue.pending.get_mut(&key) else {
            drop(queue);
            self.state = State::Elapsed;
            return Poll::Ready(());
        };
        if waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            return Poll::Pending;
        }
        let old = waker.replace(cx.waker().clone());
        // Dropped outside the lock: dropping a waker may drop a future holding another delay.
        drop(queue);
        drop(old);
        Poll::Pending
    }
}

impl Drop for Delay {
    /// Releases the entry (and the waker it holds) of a delay dropped before it was due.
    fn drop(&mut self) {
        if let State::Waiting(key) = self.state {
            // The lock is released at the end of this statement, before the waker is dropped.
            let waker = self.delays.lock().pending.remove(&key);
            drop(waker);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::task::Wake;

    /// A queue of its own, so that the counts a test reads are not moved by other tests.
    fn own_delays() -> &'static Delays {
        Box::leak(Box::new(Delays::new()))
    }

    /// Counts its wakes, records them in order under its id, and unparks the test's thread.
    struct Recorder {
        id: usize,
        wakes: Arc<AtomicUsize>,
        order: Arc<Mutex<Vec<usize>>>,
        thread: thread::Thread,
    }

    impl Wake for Recorder {
        fn wake(self: Arc<Self>) {
            self.order.lock().unwrap().push(self.id);
            self.wakes.fetch_add(1, Ordering::SeqCst);
            self.thread.unpark();
        }
    }

    struct Wakers {
        wakes: Arc<AtomicUsize>,
        order: Arc<Mutex<Vec<usize>>>,
    }

    impl Wakers {
        fn new() -> Self {
            Self {
                wakes: Arc::default(),
                order: Arc::default(),
            }
        }

        fn waker(&self, id: usize) -> Waker {
            Waker::from(Arc::new(Recorder {
                id,
                wakes: Arc::clone(&self.wakes),
                order: Arc::clone(&self.order),
                thread: thread::current(),
            }))
        }

        /// Parks until `n` wakes happened; panics after a generous wait.
        fn wait_for(&self, n: usize) {
            let deadline = Instant::now() + Duration::from_secs(20);
            while self.wakes.load(Ordering::SeqCst) < n {
                assert!(
                    Instant::now() < deadline,
                    "only {} of {n} wakes",
                    self.wakes.load(Ordering::SeqCst)
                );
                thread::park_timeout(Duration::from_millis(10));
            }
        }
    }

    fn poll(delay: &mut Delay, waker: &Waker) -> Poll<()> {
        Pin::new(delay).poll(&mut Context::from_waker(waker))
    }

    #[test]
    fn ready_only_after_the_delay_and_woken_once() {
        let delays = own_delays();
        let wakers = Wakers::new();
        let waker = wakers.waker(0);
        let start = Instant::now();
        let mut delay = delays.delay(Duration::from_millis(30));
        assert_eq!(poll(&mut delay, &waker), Poll::Pending);
        wakers.wait_for(1);
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert_eq!(poll(&mut delay, &waker), Poll::Ready(()));
        assert_eq!(wakers.wakes.load(Ordering::SeqCst), 1);
        assert_eq!(delays.pending(), 0);
    }

    #[test]
    fn a_zero_delay_is_ready_at_once_without_the_thread() {
        let delays = own_delays();
        let mut delay = delays.delay(Duration::ZERO);
        assert_eq!(poll(&mut delay, &Wakers::new().waker(0)), Poll::Ready(()));
        assert!(!delays.thread_running());
    }

    #[test]
    fn delays_are_woken_in_deadline_order() {
        let delays = own_delays();
        let wakers = Wakers::new();
        // Created out of order; the two of 100 ms keep their creation order.
        let mut pending: Vec<Delay> = [200, 50, 150, 100, 100]
            .into_iter()
            .map(|ms| delays.delay(Duration::from_millis(ms)))
            .collect();
        for (id, delay) in pending.iter_mut().enumerate() {
            assert_eq!(poll(delay, &wakers.waker(id)), Poll::Pending);
        }
        wakers.wait_for(5);
        let order = wakers.order.lock().unwrap().clone();
        assert_eq!(order, [1, 3, 4, 2, 0]);
    }

    #[test]
    fn the_latest_waker_is_the_one_woken() {
        let delays = own_delays();
        let wakers = Wakers::new();
        let mut delay = delays.delay(Duration::from_millis(20));
        assert_eq!(poll(&mut delay, &wakers.waker(1)), Poll::Pending);
        assert_eq!(poll(&mut delay, &wakers.waker(2)), Poll::Pending);
        wakers.wait_for(1);
        assert_eq!(*wakers.order.lock().unwrap(), [2]);
    }

    #[test]
    fn dropping_a_pending_delay_releases_its_entry() {
        let delays = own_delays();
        let wakers = Wakers::new();
        let mut hour: Vec<Delay> = (0..100)
            .map(|_| delays.delay(Duration::from_secs(3600)))
            .collect();
        for (id, delay) in hour.iter_mut().enumerate() {
            assert_eq!(poll(delay, &wakers.waker(id)), Poll::Pending);
        }
        assert_eq!(delays.pending(), 100);
        hour.truncate(40);
        assert_eq!(delays.pending(), 40);
        // The wakers the entries held are released with them.
        assert_eq!(Arc::strong_count(&wakers.wakes), 1 + 40);
        drop(hour);
        assert_eq!(delays.pending(), 0);
        assert_eq!(Arc::strong_count(&wakers.wakes), 1);
        // A shorter delay added behind the dropped ones still fires on time.
        let mut soon = delays.delay(Duration::from_millis(5));
        assert_eq!(poll(&mut soon, &wakers.waker(7)), Poll::Pending);
        wakers.wait_for(1);
        assert_eq!(poll(&mut soon, &wakers.waker(7)), Poll::Ready(()));
    }

    #[test]
    fn a_deadline_beyond_instant_never_fires_and_holds_no_entry() {
        let delays = own_delays();
        let mut delay = delays.delay(Duration::MAX);
        assert_eq!(poll(&mut delay, &Wakers::new().waker(0)), Poll::Pending);
        assert_eq!(delays.pending(), 0);
    }

    #[test]
    fn the_thread_ends_when_idle_and_a_new_delay_starts_another() {
        let delays = own_delays();
        for round in 0..2 {
            let wakers = Wakers::new();
            let mut delay = delays.delay(Duration::from_millis(1));
            assert_eq!(poll(&mut delay, &wakers.waker(round)), Poll::Pending);
            wakers.wait_for(1);
            assert_eq!(poll(&mut delay, &wakers.waker(round)), Poll::Ready(()));
            let deadline = Instant::now() + IDLE + Duration::from_secs(10);
            while delays.thread_running() {
                assert!(Instant::now() < deadline, "the idle thread did not end");
                thread::sleep(Duration::from_millis(20));
            }
        }
    }

    /// The process's OS thread count, from `/proc/self/status`.
    #[cfg(target_os = "linux")]
    fn os_threads() -> usize {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let count = status.lines().find_map(|l| l.strip_prefix("Threads:"));
        count.unwrap().trim().parse().unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn thousands_of_pending_delays_share_one_thread() {
        const DELAYS: usize = 10_000;
        // Other tests run beside this one and start threads of their own.
        const SLACK: usize = 16;
        let delays = own_delays();
        let wakers = Wakers::new();
        let before = os_threads();
        let start = Instant::now();
        let mut pending: Vec<Delay> = (0..DELAYS)
            .map(|i| delays.delay(Duration::from_millis(1000 + (i % 7) as u64)))
            .collect();
        for (id, delay) in pending.iter_mut().enumerate() {
            assert_eq!(poll(delay, &wakers.waker(id)), Poll::Pending);
        }
        let during = os_threads();
        assert_eq!(delays.pending(), DELAYS);
        assert!(
            during <= before + SLACK,
            "{during} threads with {DELAYS} delays pending, {before} before"
        );
        wakers.wait_for(DELAYS);
        assert!(start.elapsed() >= Duration::from_millis(1000));
        for (id, delay) in pending.iter_mut().enumerate() {
            assert_eq!(poll(delay, &wakers.waker(id)), Poll::Ready(()));
        }
        assert_eq!(delays.pending(), 0);
    }
}
