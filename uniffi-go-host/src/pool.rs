//! Worker threads: for futures, for the reading of a connection once a call holds it up, and for
//! standby threads (see reading.rs). Idle workers are reused (a hand-over costs far less than starting a
//! thread); when none is idle a new one starts, so calls that wait on each other (a callback
//! whose client calls back into the library) can never run out of workers.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct Pool {
    state: Mutex<State>,
    ready: Condvar,
}

struct State {
    queue: VecDeque<Job>,
    /// Workers waiting for a job that no submitted job has claimed yet.
    idle: usize,
}

/// How long an idle worker waits for a job before it ends.
const IDLE_TIMEOUT: Duration = Duration::from_secs(20);

impl Pool {
    pub const fn new() -> Self {
        Pool {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                idle: 0,
            }),
            ready: Condvar::new(),
        }
    }

    pub fn submit(&'static self, job: Job) {
        let mut state = self.state.lock().unwrap();
        if state.idle > 0 {
            state.idle -= 1;
            state.queue.push_back(job);
            drop(state);
            self.ready.notify_one();
            return;
        }
        drop(state);
        let spawned = std::thread::Builder::new()
            .name("uniffi-go-host worker".into())
            .spawn(move || self.work(job));
        if let Err(err) = spawned {
            eprintln!("uniffi-go-host: cannot start a worker thread: {err}");
        }
    }

    fn work(&'static self, first: Job) {
        run(first);
        loop {
            let job = {
                let mut state = self.state.lock().unwrap();
                state.idle += 1;
                loop {
                    if let Some(job) = state.queue.pop_front() {
                        break job;
                    }
                    let (next, timeout) = self.ready.wait_timeout(state, IDLE_TIMEOUT).unwrap();
                    state = next;
                    // Every claim of an idle worker comes with a queued job, so an empty queue
                    // means nobody counts on this one.
                    if timeout.timed_out() && state.queue.is_empty() {
                        state.idle -= 1;
                        return;
                    }
                }
            };
            run(job);
        }
    }
}

fn run(job: Job) {
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).is_err() {
        eprintln!("uniffi-go-host: a worker job panicked");
    }
}
