//! A minimal two-way `select`: races two futures and drops the loser as soon as the winner is
//! ready. Small enough that the crate needs no async runtime or futures crate.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Which of the two futures finished first, with its output.
#[derive(Debug, PartialEq, Eq)]
pub enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Ready when either future is; see [`select`].
pub struct Select<A, B> {
    left: Option<A>,
    right: Option<B>,
}

/// Polls `left` then `right` each time; the first one ready wins and both futures are dropped
/// before the result is returned (so the loser learns it was cancelled right away).
pub fn select<A, B>(left: A, right: B) -> Select<A, B>
where
    A: Future + Unpin,
    B: Future + Unpin,
{
    Select {
        left: Some(left),
        right: Some(right),
    }
}

impl<A, B> Future for Select<A, B>
where
    A: Future + Unpin,
    B: Future + Unpin,
{
    type Output = Either<A::Output, B::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `Select` is `Unpin` (both halves are), so plain field access is fine.
        let this = &mut *self;
        let (Some(left), Some(right)) = (this.left.as_mut(), this.right.as_mut()) else {
            panic!("Select polled after it finished");
        };
        let output = if let Poll::Ready(value) = Pin::new(left).poll(cx) {
            Either::Left(value)
        } else if let Poll::Ready(value) = Pin::new(right).poll(cx) {
            Either::Right(value)
        } else {
            return Poll::Pending;
        };
        this.left = None;
        this.right = None;
        Poll::Ready(output)
    }
}
