//! Talking to the TT-RSS API: the session (logging in, and once more when it expired),
//! POSTs one at a time or a few at once, and every failure worded with the server.

use std::sync::Arc;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, LOCATION};
use serde_json::{Map, Value, json};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::{Client, MIN_API_LEVEL, wire};
use crate::sync::Error;

/// Requests in flight at once when a call is made for several feeds.
const CONCURRENT_REQUESTS: usize = 4;

/// The most tidings reads of one reply: 200 headlines with their bodies fit many times.
pub(crate) const MAX_REPLY_BYTES: u64 = 64 * 1024 * 1024;

/// A reply as far as it was read.
struct Reply {
    status: reqwest::StatusCode,
    /// The `Location` header, kept to name a redirect's target.
    location: Option<String>,
    body: Vec<u8>,
}

/// Why an exchange gave no reply.
enum Failure {
    Transport(reqwest::Error),
    /// The body passed [`MAX_REPLY_BYTES`]; reading stopped there.
    TooLarge,
}

impl From<reqwest::Error> for Failure {
    fn from(err: reqwest::Error) -> Self {
        Self::Transport(err)
    }
}

/// A reply, or why there is none.
type Exchange = Result<Reply, Failure>;

impl Client {
    /// Calls `op` in the session, logging in first if needed and once more if the
    /// server says the session is gone.
    pub(super) fn call(&mut self, op: &str, params: &Value) -> Result<Value, Error> {
        if self.session.is_none() {
            self.log_in()?;
        }
        let mut relogged = false;
        loop {
            let reply = self.post(op, self.with_session(params))?;
            match reply.error() {
                None => return Ok(reply.content),
                Some(error) if error == "NOT_LOGGED_IN" && !relogged => {
                    relogged = true;
                    self.session = None;
                    self.log_in()?;
                }
                Some(error) => return Err(self.api_error(op, &error)),
            }
        }
    }

    /// Calls `op` once per entry of `params`, a few at a time; the contents in order.
    pub(super) fn call_many(&mut self, op: &str, params: &[Value]) -> Result<Vec<Value>, Error> {
        if self.session.is_none() {
            self.log_in()?;
        }
        let bodies: Vec<Value> = params.iter().map(|p| self.with_session(p)).collect();
        let replies = self.post_many(op, bodies);
        let mut contents = Vec::with_capacity(params.len());
        for (reply, params) in replies.into_iter().zip(params) {
            let reply = reply?;
            match reply.error() {
                None => contents.push(reply.content),
                // The session expired meanwhile: `call` logs in again (once) and retries.
                Some(error) if error == "NOT_LOGGED_IN" => contents.push(self.call(op, params)?),
                Some(error) => return Err(self.api_error(op, &error)),
            }
        }
        Ok(contents)
    }

    /// Logs in and checks the API level.
    pub(super) fn log_in(&mut self) -> Result<(), Error> {
        let credentials = json!({"user": self.user, "password": self.password.expose()});
        let reply = self.post("login", credentials)?;
        match reply.error().as_deref() {
            None => {}
            Some("API_DISABLED") => return Err(self.api_error("login", "API_DISABLED")),
            Some(_) => {
                return Err(Error::LoginFailed {
                    url: self.base.clone(),
                    user: self.user.clone(),
                });
            }
        }
        let login: wire::Login = self.decode("login", reply.content)?;
        self.session = Some(login.session_id);
        let level = if let Some(level) = login.api_level {
            level
        } else {
            let content = self.call("getApiLevel", &json!({}))?;
            self.decode::<wire::ApiLevel>("getApiLevel", content)?.level
        };
        if level < MIN_API_LEVEL {
            return Err(Error::ApiTooOld {
                url: self.base.clone(),
                found: level,
                needed: MIN_API_LEVEL,
            });
        }
        Ok(())
    }

    /// A refused call as an error: the session's, the user's API access, or the call's.
    fn api_error(&self, op: &str, error: &str) -> Error {
        match error {
            "NOT_LOGGED_IN" => Error::SessionRejected {
                url: self.base.clone(),
                user: self.user.clone(),
            },
            "API_DISABLED" => Error::ApiDisabled {
                url: self.base.clone(),
                user: self.user.clone(),
            },
            _ => Error::Api {
                url: self.base.clone(),
                op: op.to_owned(),
                error: error.to_owned(),
            },
        }
    }

    fn with_session(&self, params: &Value) -> Value {
        let mut body = params.clone();
        if let (Value::Object(map), Some(sid)) = (&mut body, &self.session) {
            map.insert("sid".to_owned(), Value::String(sid.clone()));
        }
        body
    }

    /// One POST.
    fn post(&mut self, op: &str, params: Value) -> Result<wire::Envelope, Error> {
        let request = self.request(op, params);
        let exchange = self.runtime.block_on(exchange(request));
        self.envelope(op, exchange)
    }

    /// Several POSTs, at most [`CONCURRENT_REQUESTS`] in flight; replies in order.
    fn post_many(&mut self, op: &str, params: Vec<Value>) -> Vec<Result<wire::Envelope, Error>> {
        let requests: Vec<_> = params.into_iter().map(|p| self.request(op, p)).collect();
        let count = requests.len();
        let exchanges = self.runtime.block_on(async move {
            let slots = Arc::new(Semaphore::new(CONCURRENT_REQUESTS));
            let mut tasks = JoinSet::new();
            for (index, request) in requests.into_iter().enumerate() {
                let slots = Arc::clone(&slots);
                tasks.spawn(async move {
                    // The semaphore is never closed, so a slot always comes.
                    let _slot = slots.acquire_owned().await;
                    (index, exchange(request).await)
                });
            }
            let mut exchanges: Vec<Option<Exchange>> = (0..count).map(|_| None).collect();
            while let Some(joined) = tasks.join_next().await {
                if let Ok((index, exchange)) = joined {
                    exchanges[index] = Some(exchange);
                }
            }
            exchanges
        });
        exchanges
            .into_iter()
            .map(|exchange| match exchange {
                Some(exchange) => self.envelope(op, exchange),
                None => Err(Error::BadReply {
                    url: self.base.clone(),
                    op: op.to_owned(),
                    reason: "the request was abandoned".to_owned(),
                }),
            })
            .collect()
    }

    /// The POST of `op` with `params` (and a sequence number).
    fn request(&mut self, op: &str, params: Value) -> reqwest::RequestBuilder {
        self.seq += 1;
        let mut body = match params {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        body.insert("op".to_owned(), Value::String(op.to_owned()));
        body.insert("seq".to_owned(), Value::from(self.seq));
        // The shared client's defaults are a feed reader's (it asks for feeds): this
        // request asks for JSON, and its timeout is the sync's.
        self.http
            .post(self.api.clone())
            .timeout(self.timeout)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .body(Value::Object(body).to_string())
    }

    /// The reply's envelope; HTTP and transport failures as errors naming the server.
    fn envelope(&self, op: &str, exchange: Exchange) -> Result<wire::Envelope, Error> {
        let Reply {
            status,
            location,
            body: bytes,
        } = exchange.map_err(|failure| match failure {
            Failure::Transport(e) => self.transport_error(&e),
            Failure::TooLarge => Error::TooLarge {
                url: self.base.clone(),
                limit_mib: MAX_REPLY_BYTES / (1024 * 1024),
            },
        })?;
        if status.is_redirection() {
            return Err(Error::Redirect {
                url: self.base.clone(),
                status: status.as_u16(),
                target: location.map_or_else(
                    || "an unnamed place".to_owned(),
                    |l| crate::sanitize::clean_line(&l),
                ),
            });
        }
        if !status.is_success() {
            return Err(Error::Http {
                url: self.base.clone(),
                status: status.as_u16(),
                empty_body: bytes.iter().all(u8::is_ascii_whitespace),
            });
        }
        parse_envelope(&bytes).map_err(|reason| Error::BadReply {
            url: self.base.clone(),
            op: op.to_owned(),
            reason,
        })
    }

    fn transport_error(&self, err: &reqwest::Error) -> Error {
        if err.is_timeout() {
            return Error::Timeout {
                url: self.base.clone(),
                after: self.timeout,
            };
        }
        Error::Unreachable {
            url: self.base.clone(),
            reason: root_cause(err),
        }
    }

    pub(super) fn decode<T: serde::de::DeserializeOwned>(
        &self,
        op: &str,
        content: Value,
    ) -> Result<T, Error> {
        serde_json::from_value(content).map_err(|e| self.bad_reply(op, &e))
    }

    pub(super) fn bad_reply(&self, op: &str, err: &serde_json::Error) -> Error {
        Error::BadReply {
            url: self.base.clone(),
            op: op.to_owned(),
            reason: err.to_string(),
        }
    }
}

/// Sends `request` and reads the reply, stopping past [`MAX_REPLY_BYTES`] (whatever
/// `Content-Length` says, so a lying or endless body costs at most that much memory).
async fn exchange(request: reqwest::RequestBuilder) -> Exchange {
    let mut response = request.send().await?;
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
    if response
        .content_length()
        .is_some_and(|n| n > MAX_REPLY_BYTES)
    {
        return Err(Failure::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if (body.len() + chunk.len()) as u64 > MAX_REPLY_BYTES {
            return Err(Failure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        location,
        body,
    })
}

/// The reply's JSON. PHP may print a warning before it on a misconfigured server, so the
/// text from the first `{` is tried when the whole is not JSON.
fn parse_envelope(bytes: &[u8]) -> Result<wire::Envelope, String> {
    match serde_json::from_slice(bytes) {
        Ok(envelope) => Ok(envelope),
        Err(first) => {
            let start = bytes.iter().position(|&b| b == b'{');
            start
                .and_then(|i| serde_json::from_slice(&bytes[i..]).ok())
                .ok_or_else(|| {
                    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(80)]);
                    format!(
                        "not the TT-RSS API ({first}); it began {:?}: is sync.url the TT-RSS base address?",
                        crate::sanitize::clean_line(&text)
                    )
                })
        }
    }
}

/// The innermost cause of a transport error ("Connection refused (os error 111)").
fn root_cause(err: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = err;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}
