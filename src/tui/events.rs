//! Terminal events as the picker's messages: the event that woke the loop, and every one
//! already waiting behind it (a paste, a held key, fast typing), so the filter runs and the
//! screen is drawn once for them.

use super::keys;
use super::state::Msg;
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use std::task::Poll;

/// The messages for `first` and for the events already waiting behind it. Those are taken with
/// this task's own waker: crossterm's stream keeps the waker of whoever polled it while no
/// event was ready and wakes only that one, so draining it with a no-op waker (`now_or_never`)
/// left the loop asleep until its next tick, and every key after the first showed up to a
/// second late.
pub async fn burst(first: Event, events: &mut EventStream) -> std::io::Result<Vec<Msg>> {
    let mut keys = Vec::new();
    let mut msgs = Vec::new();
    let mut next = Some(first);
    while let Some(event) = next {
        match event {
            Event::Key(key) => keys.push(key),
            Event::Paste(text) => keys.extend(keys::pasted(&text)),
            Event::Resize(_, height) => {
                msgs.push(Msg::Keys(std::mem::take(&mut keys)));
                msgs.push(Msg::Resize { height });
            }
            _ => {}
        }
        next = waiting(events).await.transpose()?;
    }
    msgs.push(Msg::Keys(keys));
    msgs.retain(|m| !matches!(m, Msg::Keys(keys) if keys.is_empty()));
    Ok(msgs)
}

/// The next event if one is already there, else None; either way the stream holds this task's
/// waker, so the next event wakes the loop at once.
async fn waiting(events: &mut EventStream) -> Option<std::io::Result<Event>> {
    std::future::poll_fn(|cx| match events.poll_next_unpin(cx) {
        Poll::Ready(event) => Poll::Ready(event),
        Poll::Pending => Poll::Ready(None),
    })
    .await
}
