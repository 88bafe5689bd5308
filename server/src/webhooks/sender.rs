//! Works through the outbox: every second, for each endpoint, takes as many due deliveries as it
//! may send at once (so none waits past its lease for a free slot) and sends each, signed, with a
//! time limit and without following redirects. A 2xx ends a delivery; a timeout, a failed
//! connection, a 5xx or a 429 (after its `Retry-After`, in seconds or as a date) is tried again
//! after the next wait of `--webhook-retries`, with jitter, until the last; any other answer is
//! given up on at once, as trying again will not change it. A slow or dead endpoint holds its own
//! slots only: the API never waits on a webhook.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{TimeDelta, Utc};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, RETRY_AFTER};
use tokio::sync::Semaphore;

use super::signature::sign;
use super::Endpoint;
use crate::store::webhooks::{Delivery, Outcome};
use crate::store::Db;

/// Deliveries sent to one endpoint at once.
const AT_ONCE_PER_ENDPOINT: usize = 4;
/// How often the outbox is looked at: the first retry comes within this of its time.
const LOOK_EVERY: Duration = Duration::from_secs(1);
/// How often each endpoint's waiting deliveries are counted against the cap: between two counts,
/// at most this many seconds of events go beyond it.
const COUNT_EVERY_TICKS: u32 = 5;
/// The longest `Retry-After` honoured; a longer one waits this.
const LONGEST_RETRY_AFTER: u64 = 86_400;

pub struct Sender {
    pub db: Db,
    pub endpoints: Vec<Endpoint>,
    /// The waits before each retry.
    pub retries: Vec<Duration>,
    /// How long an endpoint has to answer.
    pub timeout: Duration,
    /// Deliveries waiting for one endpoint, at most (`--webhook-outbox-cap`).
    pub cap: i64,
}

/// Runs until the server stops.
pub async fn run(sender: Sender) {
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(sender.timeout)
        .build()
    {
        Ok(client) => client,
        Err(err) => return tracing::error!(error = %err, "webhooks are off: no HTTP client"),
    };
    let sender = Arc::new(sender);
    let slots: Vec<Arc<Semaphore>> = (sender.endpoints.iter())
        .map(|_| Arc::new(Semaphore::new(AT_ONCE_PER_ENDPOINT)))
        .collect();
    // A delivery is this instance's until then: longer than a send may take (and its answer's
    // recording), and short enough that one left by a killed instance goes out again soon.
    let lease =
        TimeDelta::from_std(sender.timeout + Duration::from_secs(5)).unwrap_or(TimeDelta::MAX);
    let mut ticks = tokio::time::interval(LOOK_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for tick in (0..COUNT_EVERY_TICKS).cycle() {
        ticks.tick().await;
        if tick == 0 {
            check_caps(&sender).await;
        }
        for (index, endpoint) in sender.endpoints.iter().enumerate() {
            let free = slots[index].available_permits();
            if free == 0 {
                continue;
            }
            let url = endpoint.url.as_str().to_string();
            let due = match sender
                .db
                .claim_deliveries(url, Utc::now(), lease, free as i64)
                .await
            {
                Ok(due) => due,
                Err(err) => {
                    tracing::warn!(error = %err, "reading the webhook outbox failed");
                    continue;
                }
            };
            for delivery in due {
                let Ok(slot) = slots[index].clone().try_acquire_owned() else {
                    break; // cannot happen: no more were taken than were free
                };
                let (sender, client) = (sender.clone(), client.clone());
                tokio::spawn(async move {
                    let endpoint = &sender.endpoints[index];
                    let outcome = attempt(&client, endpoint, &delivery, &sender.retries).await;
                    log(endpoint, &delivery, &outcome);
                    if let Err(err) = sender
                        .db
                        .finish_delivery(delivery.id, outcome, Utc::now())
                        .await
                    {
                        // The lease runs out and the delivery is sent again: at least once.
                        tracing::warn!(error = %err, webhook_id = %delivery.webhook_id, "recording a webhook delivery failed");
                    }
                    drop(slot);
                });
            }
        }
    }
}

/// Marks each endpoint whose waiting deliveries reached the cap as full, and each that drained
/// below it as not, and says so in the log when it changes.
async fn check_caps(sender: &Sender) {
    for endpoint in &sender.endpoints {
        let url = endpoint.url.as_str();
        let checked = async {
            let waiting = sender
                .db
                .webhook_deliveries_waiting(url.to_string())
                .await?;
            let full = waiting >= sender.cap;
            let changed = sender
                .db
                .mark_webhook_endpoint_full(url.to_string(), full)
                .await?;
            Ok::<_, crate::store::DbError>((waiting, changed.then_some(full)))
        };
        match checked.await {
            Ok((waiting, Some(true))) => tracing::error!(
                url, waiting, cap = sender.cap,
                "the webhook outbox for this endpoint is full: its new events' deliveries are dropped until it drains"
            ),
            Ok((waiting, Some(false))) => tracing::warn!(
                url, waiting, cap = sender.cap,
                "the webhook outbox for this endpoint has room again"
            ),
            Ok((_, None)) => {}
            Err(err) => tracing::warn!(error = %err, "counting the webhook outbox failed"),
        }
    }
}

/// Sends `delivery` once and says what comes next.
async fn attempt(
    client: &reqwest::Client,
    endpoint: &Endpoint,
    delivery: &Delivery,
    retries: &[Duration],
) -> Outcome {
    let timestamp = Utc::now().timestamp();
    let signature = sign(
        &endpoint.secret,
        &delivery.webhook_id,
        timestamp,
        &delivery.payload,
    );
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for (name, value) in [
        ("webhook-id", delivery.webhook_id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    let sent = client
        .post(endpoint.url.clone())
        .headers(headers)
        .body(delivery.payload.clone())
        .send()
        .await;
    let retry = |after: Option<Duration>, status: Option<u16>, error: String| match retries
        .get(delivery.attempts as usize - 1)
    {
        Some(wait) => Outcome::Retry {
            at: Utc::now() + jittered(after.unwrap_or(*wait)),
            status,
            error,
        },
        None => Outcome::Failed { status, error },
    };
    match sent {
        Ok(answer) if answer.status().is_success() => Outcome::Delivered {
            status: answer.status().as_u16(),
        },
        Ok(answer) => {
            let status = answer.status();
            let error = format!("answered {status}");
            if status.as_u16() == 429 {
                let after = retry_after(answer.headers(), SystemTime::now());
                retry(after, Some(429), error)
            } else if status.is_server_error() {
                retry(None, Some(status.as_u16()), error)
            } else {
                Outcome::Failed {
                    status: Some(status.as_u16()),
                    error,
                }
            }
        }
        Err(err) if err.is_timeout() => retry(None, None, "no answer in time".into()),
        Err(err) => retry(None, None, format!("not sent: {}", source_of(&err))),
    }
}

/// `Retry-After` as seconds or as a date (RFC 9110, 10.2.3), the wait from `now`, at most a day;
/// a date gone by is no wait.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => (httpdate::parse_http_date(value).ok()?)
            .duration_since(now)
            .unwrap_or(Duration::ZERO),
    };
    Some(wait.min(Duration::from_secs(LONGEST_RETRY_AFTER)))
}

/// `wait` made 0 to 20% longer at random, so that deliveries that failed together do not all
/// come back together.
fn jittered(wait: Duration) -> TimeDelta {
    let random = getrandom::u32().unwrap_or(0);
    let factor = 1.0 + f64::from(random % 1_000) / 5_000.0;
    TimeDelta::from_std(wait.mul_f64(factor)).unwrap_or(TimeDelta::MAX)
}

/// The innermost cause: "connection refused" rather than "error sending request".
fn source_of(err: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = err;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

fn log(endpoint: &Endpoint, delivery: &Delivery, outcome: &Outcome) {
    let (url, id, attempt) = (
        endpoint.url.as_str(),
        &delivery.webhook_id,
        delivery.attempts,
    );
    match outcome {
        Outcome::Delivered { status } => {
            tracing::info!(url, webhook_id = %id, attempt, status, "webhook delivered")
        }
        Outcome::Retry { at, error, .. } => {
            tracing::warn!(url, webhook_id = %id, attempt, %error, next = %at, "webhook not delivered; tried again later")
        }
        Outcome::Failed { error, .. } => {
            tracing::error!(url, webhook_id = %id, attempt, %error, "webhook given up on")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_read_in_seconds_or_as_a_date_and_bounded() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap();
        let after = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
            retry_after(&headers, now)
        };
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
        assert_eq!(after("120"), Some(Duration::from_secs(120)));
        let a_day = Some(Duration::from_secs(LONGEST_RETRY_AFTER));
        assert_eq!(after("99999999"), a_day);
        assert_eq!(
            after("Wed, 21 Oct 2026 07:30:30 GMT"),
            Some(Duration::from_secs(150))
        );
        assert_eq!(after("Wed, 21 Oct 2026 07:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(after("Fri, 21 Oct 2033 07:28:00 GMT"), a_day);
        assert_eq!(after("soon"), None);
    }

    #[test]
    fn jitter_only_lengthens_by_at_most_a_fifth() {
        for _ in 0..100 {
            let waited = jittered(Duration::from_secs(10)).num_milliseconds();
            assert!((10_000..=12_000).contains(&waited), "{waited}");
        }
    }
}
