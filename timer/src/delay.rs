//! A future that becomes ready after a delay, woken by a plain thread: no async runtime needed,
//! so it works whichever executor (or foreign poller) drives it.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

#[derive(Default)]
struct State {
    elapsed: bool,
    waker: Option<Waker>,
}

/// Ready `duration` after it is created.
pub struct Delay {
    state: Arc<Mutex<State>>,
}

impl Delay {
    pub fn new(duration: Duration) -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        if duration.is_zero() {
            state.lock().unwrap().elapsed = true;
        } else {
            let shared = Arc::clone(&state);
            thread::spawn(move || {
                thread::sleep(duration);
                let waker = {
                    let mut state = shared.lock().unwrap();
                    state.elapsed = true;
                    state.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            });
        }
        Self { state }
    }
}

impl Future for Delay {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap();
        if state.elapsed {
            Poll::Ready(())
        } else {
            state.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}
