//! The SMTP mailer `serve` wires into the outbox when `--smtp-url` is given (lettre over tokio,
//! TLS by rustls with the platform's certificates). `smtps://host` wraps the connection in TLS
//! (port 465), `smtp://host?tls=required` upgrades with STARTTLS (587), plain `smtp://host` is
//! for a relay on the same machine; a user and password go in the URL.

use std::time::Duration;

use app::mail::{Mailer, Sending};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use store::OutboxMessage;

/// Longest wait for the SMTP server at each step.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> anyhow::Result<SmtpMailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| anyhow::anyhow!("--smtp-url is not an SMTP server's URL: {error}"))?
            .timeout(Some(TIMEOUT))
            .build();
        let from = from.parse().map_err(|error| {
            anyhow::anyhow!(
                "--mail-from `{from}` is not an address (\"Name <a@b.example>\"): {error}"
            )
        })?;
        Ok(SmtpMailer { transport, from })
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, message: &'a OutboxMessage) -> Sending<'a> {
        Box::pin(async move {
            let to: Mailbox = message
                .recipient
                .as_str()
                .parse()
                .map_err(|error| format!("the recipient cannot be written: {error}"))?;
            let email = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(message.subject.as_str())
                .header(ContentType::TEXT_PLAIN)
                .body(message.body.clone())
                .map_err(|error| format!("the message cannot be written: {error}"))?;
            self.transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|error| format!("the SMTP server did not take it: {error}"))
        })
    }
}
