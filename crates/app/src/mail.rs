//! Sending the outbox: through a `Mailer` the binary wires in (SMTP when configured), or to the
//! log when there is none. A message is marked sent only once the server took it; a failure is
//! recorded with its reason and tried again at the next round, up to `MAX_ATTEMPTS` times.

use std::future::Future;
use std::pin::Pin;

use store::{OutboxMessage, Store};

use crate::App;
use crate::error::AppResult;

/// Boxed future of a send.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Delivers one message (an error is a sentence saying why it could not be sent).
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, message: &'a OutboxMessage) -> Sending<'a>;
}

/// Tries per message before the outbox stops trying (the operator sees the error in the log
/// and on the demo outbox page).
pub const MAX_ATTEMPTS: u32 = 10;

/// What one round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
}

impl<S: Store> App<S> {
    /// Sends the messages waiting in the outbox through `mailer`.
    pub async fn deliver_outbox(&self, mailer: &dyn Mailer) -> AppResult<Delivered> {
        let mut delivered = Delivered::default();
        for message in self.store.outbox(true, 100).await? {
            if message.attempts >= MAX_ATTEMPTS {
                continue;
            }
            // One server sends a message, however many deliver the outbox (issue 14).
            if !self.claim_lease("mail", &message.id).await? {
                continue;
            }
            let sent = mailer.send(&message).await;
            if sent.is_err() {
                // Tried again in a moment, by whichever server comes first.
                self.release_lease("mail", &message.id).await?;
            }
            match sent {
                Ok(()) => {
                    self.store
                        .mark_message(&message.id, Some(self.now()), None)
                        .await?;
                    delivered.sent += 1;
                }
                Err(reason) => {
                    tracing::warn!(to = %message.recipient, %reason, attempt = message.attempts + 1, "a message could not be sent");
                    self.store
                        .mark_message(&message.id, None, Some(&reason))
                        .await?;
                    delivered.failed += 1;
                }
            }
        }
        Ok(delivered)
    }
}
