//! Who reads a connection's socket, and where its calls run.
//!
//! One thread at a time reads (the reader). It runs each CALL it reads itself, then goes back to
//! reading: a call costs no hand-over between threads, so its answer leaves as soon as Rust
//! returns. A call may block, though: on a callback's answer, which arrives on this socket, or on
//! another call still unread. So the reading never waits for a call for long:
//! - a call that waits for a callback's answer reads the socket itself until the answer comes
//!   (running any CALL it reads on a worker), so the answer needs no hand-over either;
//! - a standby thread looks in every [`PAUSE`]; finding the same call running as the last time
//!   and no frame read since, it takes the reading over, and the call's thread leaves when the
//!   call returns.

use std::cell::RefCell;
use std::io::BufReader;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed, Ordering::SeqCst};
use std::sync::{mpsc, Arc, Condvar, Mutex, TryLockError};
use std::time::Duration;

use crate::host::{Answer, Conn, Incoming};
use crate::wire::ProtocolError;

/// How long a call may hold the reading before the standby takes it over.
const PAUSE: Duration = Duration::from_micros(500);
/// Looks without a call starting or ending after which the standby sleeps until one starts.
const IDLE_LOOKS: u32 = 20;

pub(crate) struct Reading {
    socket: Mutex<BufReader<UnixStream>>,
    /// Counts the reader's own calls: odd while one runs. Whoever moves it from odd to even first
    /// decides: the caller's thread, which goes on reading, or a thread taking the reading over.
    inline: AtomicU64,
    /// Counts the frames read, so the standby can tell a call that reads (for its callbacks'
    /// answers) from one that blocks.
    progress: AtomicU64,
    standby_asleep: AtomicBool,
    standby_lock: Mutex<()>,
    standby_wake: Condvar,
    ended: AtomicBool,
    outcome: Mutex<Option<Result<(), ProtocolError>>>,
    outcome_set: Condvar,
}

thread_local! {
    /// The connection whose call this thread runs as its reader, if any.
    static READER_OF: RefCell<Option<Arc<Conn>>> = const { RefCell::new(None) };
}

impl Reading {
    pub(crate) fn new(socket: BufReader<UnixStream>) -> Self {
        Reading {
            socket: Mutex::new(socket),
            inline: AtomicU64::new(0),
            progress: AtomicU64::new(0),
            standby_asleep: AtomicBool::new(false),
            standby_lock: Mutex::new(()),
            standby_wake: Condvar::new(),
            ended: AtomicBool::new(false),
            outcome: Mutex::new(None),
            outcome_set: Condvar::new(),
        }
    }

    /// Waits until the connection's reading ends, and says why.
    pub(crate) fn wait_end(&self) -> Result<(), ProtocolError> {
        let mut outcome = self.outcome.lock().unwrap();
        loop {
            if let Some(outcome) = outcome.take() {
                return outcome;
            }
            outcome = self.outcome_set.wait(outcome).unwrap();
        }
    }

    fn finish(&self, outcome: Result<(), ProtocolError>) {
        self.ended.store(true, SeqCst);
        {
            let mut slot = self.outcome.lock().unwrap();
            if slot.is_none() {
                *slot = Some(outcome);
            }
            self.outcome_set.notify_all();
        }
        let _guard = self.standby_lock.lock().unwrap();
        self.standby_wake.notify_all();
    }

    pub(crate) fn note_progress(&self) {
        self.progress.fetch_add(1, Relaxed);
    }

    /// Marks a call of the reader's own as running; returns its mark for [`Self::end_call`].
    fn begin_call(&self) -> u64 {
        let mark = self.inline.fetch_add(1, SeqCst) + 1;
        if self.standby_asleep.load(SeqCst) {
            let _guard = self.standby_lock.lock().unwrap();
            self.standby_wake.notify_one();
        }
        mark
    }

    /// Whether the thread whose call ended is still the reader (no one took the reading over).
    fn end_call(&self, mark: u64) -> bool {
        self.inline
            .compare_exchange(mark, mark + 1, SeqCst, SeqCst)
            .is_ok()
    }

    /// Takes the reading from a call that holds it (mark odd); false when the call ended first.
    fn take_over(&self, mark: u64) -> bool {
        !mark.is_multiple_of(2)
            && self
                .inline
                .compare_exchange(mark, mark + 1, SeqCst, SeqCst)
                .is_ok()
    }
}

/// Waits for the answer to a CALLBACK this thread sent over `conn`. The reader running a call
/// reads the socket itself meanwhile; any other thread waits for the reader to pass it on.
pub(crate) fn await_answer(conn: &Arc<Conn>, rx: &mpsc::Receiver<Answer>) -> Option<Answer> {
    let reads = READER_OF.with(|r| r.borrow().as_ref().is_some_and(|c| Arc::ptr_eq(c, conn)));
    if !reads {
        hand_over_if_reader();
        return rx.recv().ok();
    }
    loop {
        let incoming = match conn.reading.socket.try_lock() {
            Ok(mut socket) => {
                // The last reader may have passed it on before this thread got the socket.
                if let Ok(answer) = rx.try_recv() {
                    return Some(answer);
                }
                conn.read_one(&mut *socket)
            }
            // Another thread reads (it took the reading over) and passes the answer on. It may
            // let the socket go to run a call, so look again now and then.
            Err(TryLockError::WouldBlock) => match rx.recv_timeout(PAUSE) {
                Ok(answer) => return Some(answer),
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            },
            Err(TryLockError::Poisoned(_)) => return rx.recv().ok(),
        };
        match incoming {
            Ok(Incoming::Handled) => {}
            Ok(Incoming::Call(call)) => {
                let c = conn.clone();
                conn.host.pool.submit(Box::new(move || {
                    c.run_call(call.id, call.fi, call.payload, call.args)
                }));
            }
            Ok(Incoming::Closed) => {
                conn.end_reading(Ok(()));
                return rx.recv().ok();
            }
            Err(err) => {
                conn.end_reading(Err(err));
                return rx.recv().ok();
            }
        }
        if let Ok(answer) = rx.try_recv() {
            return Some(answer);
        }
    }
}

/// Called before this thread blocks on something only the client can send: when the thread is a
/// reader running a call, a worker reads from now on.
fn hand_over_if_reader() {
    let Some(conn) = READER_OF.with(|r| r.borrow_mut().take()) else {
        return;
    };
    let mark = conn.reading.inline.load(SeqCst);
    if conn.reading.take_over(mark) {
        let host = conn.host;
        host.pool.submit(Box::new(move || conn.read_calls()));
    }
}

impl Conn {
    /// The reading ended: the connection ends with it, and every callback waiting for an answer
    /// from the client fails now (see [`Conn::end`]).
    fn end_reading(&self, outcome: Result<(), ProtocolError>) {
        self.end();
        self.reading.finish(outcome);
    }

    /// Starts serving: this thread reads (until the reading passes to another), and a standby
    /// watches it.
    pub(crate) fn serve_reading(self: Arc<Self>) {
        let standby = self.clone();
        self.host.pool.submit(Box::new(move || standby.stand_by()));
        self.read_calls();
    }

    /// The reader's loop: reads up to a CALL, runs it, and reads on, unless the reading was
    /// taken over meanwhile.
    fn read_calls(self: Arc<Self>) {
        loop {
            let next = {
                let mut socket = self.reading.socket.lock().unwrap();
                self.read_until_call(&mut *socket)
            };
            let call = match next {
                Ok(Some(call)) => call,
                Ok(None) => return self.end_reading(Ok(())),
                Err(err) => return self.end_reading(Err(err)),
            };
            let mark = self.reading.begin_call();
            READER_OF.with(|r| *r.borrow_mut() = Some(self.clone()));
            let conn = self.clone();
            let run = std::panic::AssertUnwindSafe(move || {
                conn.run_call(call.id, call.fi, call.payload, call.args)
            });
            if std::panic::catch_unwind(run).is_err() {
                eprintln!("uniffi-go-host: a call panicked in the host");
            }
            READER_OF.with(|r| r.borrow_mut().take());
            if !self.reading.end_call(mark) {
                return;
            }
        }
    }

    /// The standby's loop: takes the reading over from a call that held it a whole pause, and
    /// sleeps while no calls come.
    fn stand_by(self: Arc<Self>) {
        let reading = &self.reading;
        let mut last = reading.inline.load(SeqCst);
        let mut last_progress = reading.progress.load(Relaxed);
        let mut idle = 0;
        while !reading.ended.load(SeqCst) {
            std::thread::sleep(PAUSE);
            let now = reading.inline.load(SeqCst);
            let progress = reading.progress.load(Relaxed);
            let stuck = now == last && progress == last_progress;
            last_progress = progress;
            if stuck && reading.take_over(now) {
                // This thread reads from now on; another stands by.
                let standby = self.clone();
                self.host.pool.submit(Box::new(move || standby.stand_by()));
                return self.read_calls();
            }
            idle = if now == last { idle + 1 } else { 0 };
            last = now;
            if idle >= IDLE_LOOKS {
                let guard = reading.standby_lock.lock().unwrap();
                reading.standby_asleep.store(true, SeqCst);
                if reading.inline.load(SeqCst).is_multiple_of(2) && !reading.ended.load(SeqCst) {
                    drop(reading.standby_wake.wait(guard).unwrap());
                }
                reading.standby_asleep.store(false, SeqCst);
                idle = 0;
                last = reading.inline.load(SeqCst);
                last_progress = reading.progress.load(Relaxed);
            }
        }
    }
}
