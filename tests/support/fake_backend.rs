//! An in-memory backend behind the page's `Transport`, with faults queued per request.
//! It follows the contract closely enough to check what the page sends, not the server.

use appkeys::api::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// What happens to the next request that matches.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer with this status and raw body instead of the backend.
    Respond(u16, &'static str),
    /// The request never reaches the backend.
    Network,
    Timeout,
    /// The backend does the work, but the answer is lost on the way back.
    LoseResponse,
}

#[derive(Default)]
struct State {
    keys: Vec<Value>,
    faults: VecDeque<(Method, Fault)>,
    requests: Vec<HttpRequest>,
    /// request_id → the create response, like the server's idempotency cache.
    replies: Vec<(String, Value)>,
    next: u32,
    /// Rotations done, so a test can tell a retried rotation from a second one.
    rotations: u32,
    /// `data` of `GET /application-keys/policy`; `None` for a backend with only the base contract
    /// (404 there, and no PATCH).
    policy: Option<Value>,
    /// The activity log, newest first (with the "activity" feature).
    events: Vec<Value>,
    /// Faults for the next request whose URL holds the text, whatever its method.
    url_faults: Vec<(&'static str, Fault)>,
}

#[derive(Clone, Default)]
pub struct FakeBackend(Rc<RefCell<State>>);

impl FakeBackend {
    pub fn with_keys(keys: &[(Option<&str>, &str)]) -> Self {
        let fake = FakeBackend::default();
        for (i, (description, created_at)) in keys.iter().enumerate() {
            fake.0.borrow_mut().keys.push(json!({
                "client_id": format!("00000000-0000-4000-8000-{:012}", i + 1),
                "description": description,
                "created_at": created_at,
                "last_used_at": null,
            }));
        }
        fake
    }

    /// `count` keys, one a minute apart, newest last.
    pub fn with_many(count: usize) -> Self {
        let fake = FakeBackend::default();
        for i in 0..count {
            fake.0.borrow_mut().keys.push(json!({
                "client_id": format!("00000000-0000-4000-8000-{:012}", i + 1),
                "description": format!("key {}", i + 1),
                "created_at": format!("2026-11-{:02}T{:02}:{:02}:00Z", 1 + i / 1440, (i / 60) % 24, i % 60),
                "last_used_at": null,
            }));
        }
        fake
    }

    /// This backend answers the policy request with `policy` and supports what it lists.
    pub fn with_policy(self, policy: Value) -> Self {
        self.0.borrow_mut().policy = Some(policy);
        self
    }

    /// Sets a field of the `index`th key given to `with_keys` (e.g. its `expires_at`).
    pub fn set(self, index: usize, field: &str, value: Value) -> Self {
        self.0.borrow_mut().keys[index][field] = value;
        self
    }

    pub fn fail_next(&self, method: Method, fault: Fault) {
        self.0.borrow_mut().faults.push_back((method, fault));
    }

    /// The next request whose URL contains `part` meets `fault`.
    pub fn fail_next_to(&self, part: &'static str, fault: Fault) {
        self.0.borrow_mut().url_faults.push((part, fault));
    }

    pub fn requests(&self, method: Method) -> Vec<HttpRequest> {
        let state = self.0.borrow();
        state
            .requests
            .iter()
            .filter(|r| r.method == method)
            .cloned()
            .collect()
    }

    pub fn key_count(&self) -> usize {
        self.0.borrow().keys.len()
    }

    pub fn rotations(&self) -> u32 {
        self.0.borrow().rotations
    }

    /// `count` events of the key at `index`, newest first, ids `count` down to 1: the oldest is
    /// its creation, the others renames.
    pub fn with_events(self, index: usize, count: usize) -> Self {
        let client_id = self.0.borrow().keys[index]["client_id"].clone();
        let events = (1..=count).rev().map(|n| {
            let kind = if n == 1 { "key.created" } else { "key.renamed" };
            json!({
                "id": n.to_string(), "type": kind, "at": format!("2026-11-27T08:{:02}:00Z", n % 60),
                "client_id": client_id, "actor": { "kind": "user", "name": "alice" },
                "ip": "203.0.113.7", "user_agent": "Firefox", "details": { "from": format!("v{}", n - 1), "to": format!("v{n}") },
            })
        });
        self.0.borrow_mut().events.extend(events);
        self
    }

    /// Deletes a key behind the page's back, as another tab or person would.
    pub fn remove(&self, index: usize) {
        self.0.borrow_mut().keys.remove(index);
    }

    fn handle(&self, request: &HttpRequest) -> (u16, String) {
        let mut state = self.0.borrow_mut();
        let path = request.url.trim_start_matches("/api/1.0");
        let supports = |feature: &str| {
            state.policy.as_ref().is_some_and(|policy| {
                policy["features"]
                    .as_array()
                    .is_some_and(|features| features.iter().any(|f| f == feature))
            })
        };
        let renames = supports("rename");
        let (rotates, deletes_many) = (supports("rotate"), supports("bulk_delete"));
        let body = || -> Value {
            serde_json::from_str(request.body.as_deref().unwrap_or("null")).unwrap_or(Value::Null)
        };
        let activity = supports("activity");
        let networks = supports("networks");
        let scopes = supports("scopes");
        // What "full access" is here: every scope the policy lists.
        let every_scope: Value = state
            .policy
            .as_ref()
            .and_then(|policy| policy["scopes"].as_array())
            .map(|list| list.iter().map(|s| s["name"].clone()).collect())
            .unwrap_or_default();
        match (request.method, path) {
            (Method::Get, "/session") if networks => {
                ok(json!({ "username": "alice", "client_ip": "198.51.100.23" }))
            }
            // A change of networks: stored as sent (the real rules are the server's own tests').
            (Method::Patch, path) if networks && body().get("allowed_networks").is_some() => {
                let id = path.trim_start_matches("/application-keys/");
                let networks = body()["allowed_networks"].clone();
                match state.keys.iter_mut().find(|k| k["client_id"] == id) {
                    Some(key) => {
                        key["allowed_networks"] = networks;
                        ok(key.clone())
                    }
                    None => not_found(),
                }
            }
            // A change of scopes: stored as sent, like networks.
            (Method::Patch, path) if scopes && body().get("scopes").is_some() => {
                let id = path.trim_start_matches("/application-keys/");
                match state.keys.iter_mut().find(|k| k["client_id"] == id) {
                    Some(key) => {
                        key["scopes"] = body()["scopes"].clone();
                        ok(key.clone())
                    }
                    None => not_found(),
                }
            }
            (Method::Get, path) if activity && path.starts_with("/application-keys/events?") => {
                ok(state.event_page(path))
            }
            (Method::Get, path) if activity && path.contains("/usage?") => ok(usage()),
            (Method::Post, "/application-keys/delete") if deletes_many => {
                let ids: Vec<String> =
                    serde_json::from_value(body()["client_ids"].clone()).unwrap();
                let (deleted, not_found): (Vec<_>, Vec<_>) = ids
                    .into_iter()
                    .partition(|id| state.keys.iter().any(|k| k["client_id"] == id.as_str()));
                state
                    .keys
                    .retain(|k| !deleted.iter().any(|id| k["client_id"] == id.as_str()));
                ok(json!({ "deleted": deleted, "not_found": not_found }))
            }
            (Method::Post, path) if rotates && path.ends_with("/rotate") => {
                let id = path
                    .trim_start_matches("/application-keys/")
                    .trim_end_matches("/rotate");
                let body = body();
                let request_id = body["request_id"].as_str().unwrap_or_default().to_string();
                if let Some((_, reply)) = state.replies.iter().find(|(id, _)| *id == request_id) {
                    return ok(reply.clone());
                }
                state.rotations += 1;
                let n = state.rotations;
                let Some(key) = state.keys.iter_mut().find(|k| k["client_id"] == id) else {
                    return not_found();
                };
                key["rotated_at"] = json!(format!("2030-02-01T00:00:{n:02}Z"));
                let mut reply = key.clone();
                reply["secret"] = json!(format!("R0t4t3d{n:033}"));
                reply["previous_secret_expires_at"] =
                    match body["previous_secret_expires_in"].as_u64() {
                        Some(0) | None => Value::Null,
                        Some(_) => json!("2030-02-01T01:00:00Z"),
                    };
                state.replies.push((request_id, reply.clone()));
                ok(reply)
            }
            (Method::Get, "/application-keys/policy") => match &state.policy {
                Some(policy) => ok(policy.clone()),
                None => not_found(),
            },
            (Method::Patch, path) if renames => {
                let id = path.trim_start_matches("/application-keys/");
                let body: Value =
                    serde_json::from_str(request.body.as_deref().unwrap_or("")).unwrap();
                let description = body["description"]
                    .as_str()
                    .map(str::trim)
                    .filter(|d| !d.is_empty());
                match state.keys.iter_mut().find(|k| k["client_id"] == id) {
                    Some(key) => {
                        key["description"] = json!(description);
                        ok(key.clone())
                    }
                    None => not_found(),
                }
            }
            (Method::Get, "/application-keys") => {
                // Newest first, exactly, like the reference server: by time, then the later insert
                // first (its timestamps may be too coarse to tell, e.g. whole seconds).
                let mut list = state.keys.clone();
                list.reverse();
                list.sort_by(|a, b| b["created_at"].as_str().cmp(&a["created_at"].as_str()));
                ok(json!({"total": list.len(), "list": list}))
            }
            (Method::Post, "/application-keys") => {
                let body: Value =
                    serde_json::from_str(request.body.as_deref().unwrap_or("")).unwrap();
                let request_id = body["request_id"].as_str().unwrap_or_default().to_string();
                if let Some((_, reply)) = state.replies.iter().find(|(id, _)| *id == request_id) {
                    return ok(reply.clone());
                }
                state.next += 1;
                let mut key = json!({
                    "client_id": format!("11111111-2222-4333-8444-{:012}", state.next),
                    "description": body["description"],
                    "created_at": format!("2030-01-01T00:00:{:02}Z", state.next),
                    "last_used_at": null,
                    "expires_at": body.get("expires_at").cloned().unwrap_or(Value::Null),
                });
                if scopes {
                    key["scopes"] = body.get("scopes").cloned().unwrap_or(every_scope);
                }
                state.keys.push(key.clone());
                let mut reply = key;
                reply["secret"] = json!(format!("S3cr3t{:034}", state.next));
                state.replies.push((request_id, reply.clone()));
                ok(reply)
            }
            (Method::Delete, path) => {
                let id = path.trim_start_matches("/application-keys/");
                let before = state.keys.len();
                state.keys.retain(|k| k["client_id"] != id);
                if state.keys.len() < before {
                    ok(Value::Null)
                } else {
                    not_found()
                }
            }
            _ => not_found(),
        }
    }
}

impl State {
    /// A page of the log as the contract pages it: `limit` events older than `before`.
    fn event_page(&self, path: &str) -> Value {
        let query = |name: &str| {
            path.split(['?', '&'])
                .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
                .map(str::to_string)
        };
        let limit: usize = query("limit").and_then(|l| l.parse().ok()).unwrap_or(50);
        let before: u64 = query("before")
            .and_then(|b| b.parse().ok())
            .unwrap_or(u64::MAX);
        let page: Vec<Value> = self
            .events
            .iter()
            .filter(|e| query("client_id").is_none_or(|id| e["client_id"] == id.as_str()))
            .filter(|e| e["id"].as_str().unwrap().parse::<u64>().unwrap() < before)
            .take(limit + 1)
            .cloned()
            .collect();
        let next = (page.len() > limit).then(|| page[limit - 1]["id"].clone());
        json!({ "events": &page[..page.len().min(limit)], "next": next })
    }
}

/// 30 days: nothing, but 5 tokens and 2 wrong secrets on the 29th and 12 tokens today.
fn usage() -> Value {
    let days: Vec<Value> = (1..=30)
        .map(|day| {
            let (issued, refused) = match day {
                29 => (5, 2),
                30 => (12, 0),
                _ => (0, 0),
            };
            json!({ "date": format!("2026-11-{day:02}"), "issued": issued, "refused_secret": refused,
                    "refused_expired": 0, "rate_limited": 0 })
        })
        .collect();
    json!({ "days": days })
}

fn not_found() -> (u16, String) {
    (404, r#"{"code":40004,"message":"Not found."}"#.to_string())
}

fn ok(data: Value) -> (u16, String) {
    (200, json!({"code": 20000, "data": data}).to_string())
}

impl Transport for FakeBackend {
    fn send(&self, request: HttpRequest) -> appkeys::api::ResponseFuture {
        self.0.borrow_mut().requests.push(request.clone());
        let fault = {
            let mut state = self.0.borrow_mut();
            // The policy is asked quietly beside the list (and before it): a fault queued for
            // the next GET is meant for the list.
            let quiet = request.url.ends_with("/application-keys/policy");
            let to_url = state
                .url_faults
                .iter()
                .position(|(part, _)| request.url.contains(part));
            let at = state.faults.iter().position(|(m, _)| *m == request.method);
            match to_url {
                Some(i) => Some(state.url_faults.remove(i).1),
                None => at
                    .filter(|_| !quiet)
                    .and_then(|i| state.faults.remove(i))
                    .map(|(_, f)| f),
            }
        };
        let result = match fault {
            Some(Fault::Respond(status, body)) => Ok((status, body.to_string())),
            Some(Fault::Network) => Err(TransportError::Network),
            Some(Fault::Timeout) => Err(TransportError::Timeout),
            Some(Fault::LoseResponse) => {
                self.handle(&request);
                Err(TransportError::Network)
            }
            None => Ok(self.handle(&request)),
        };
        let response = result.map(|(status, body)| HttpResponse {
            status,
            body: body.into_bytes(),
            request_id: Some("req-test".into()),
        });
        Box::pin(async move { response })
    }
}
