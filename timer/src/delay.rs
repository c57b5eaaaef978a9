//! A future that becomes ready after a delay, woken by a plain thread: no async runtime needed,
//! so it works whichever executor (or foreign poller) drives it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

#[derive(Default)]
struct State {
    elapsed: bool,
    /// Set when the `Delay` is dropped early, so its thread can stop waiting.
    cancelled: bool,
    waker: Option<Waker>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    cancel: Condvar,
}

/// Ready `duration` after it is created.
pub struct Delay {
    shared: Arc<Shared>,
}

impl Delay {
    pub fn new(duration: Duration) -> Self {
        let shared = Arc::new(Shared::default());
        if duration.is_zero() {
            shared.state.lock().unwrap().elapsed = true;
        } else {
            let sleeper = Arc::clone(&shared);
            thread::spawn(move || {
                let waker = {
                    let state = sleeper.state.lock().unwrap();
                    let (mut state, _) = sleeper
                        .cancel
                        .wait_timeout_while(state, duration, |state| !state.cancelled)
                        .unwrap();
                    if state.cancelled {
                        return;
                    }
                    state.elapsed = true;
                    state.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
        }
        Self { shared }
    }
}

impl Future for Delay {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.shared.state.lock().unwrap();
        if state.elapsed {
            Poll::Ready(())
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

impl Drop for Delay {
    /// Lets the sleeping thread (if any) finish at once instead of sleeping out the delay.
    fn drop(&mut self) {
        let mut state = self.shared.state.lock().unwrap();
        if !state.elapsed {
            state.cancelled = true;
            state.waker = None;
            self.shared.cancel.notify_all();
        }
    }
}
