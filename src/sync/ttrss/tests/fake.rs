//! A loopback fake of the TT-RSS API: it answers each request through a handler that
//! sees the request and those before it, and logs what it saw (path, User-Agent, body).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::sync::Timeouts;
use crate::sync::ttrss::Client;
use url::Url;

/// What the fake answers.
pub(super) enum Reply {
    Json(Value),
    Status(u16, &'static str),
    Hang,
}

/// One request as the fake saw it.
#[derive(Debug, Clone)]
pub(super) struct Seen {
    pub(super) user_agent: String,
    pub(super) path: String,
    pub(super) body: Value,
}

pub(super) type Handler = dyn Fn(&Value, &[Seen]) -> Reply + Send + Sync;

pub(super) struct Fake {
    pub(super) url: Url,
    pub(super) seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    pub(super) fn start(
        handler: impl Fn(&Value, &[Seen]) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = Url::parse(&format!(
            "http://{}/tt-rss/",
            listener.local_addr().unwrap()
        ))
        .unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, log) = (Arc::clone(&handler), Arc::clone(&log));
                std::thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        Self { url, seen }
    }

    pub(super) fn client(&self) -> Client {
        client_for(&self.url, Duration::from_secs(5))
    }

    pub(super) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub(super) fn ops(&self) -> Vec<String> {
        self.seen()
            .iter()
            .map(|s| s.body["op"].as_str().unwrap_or("").to_owned())
            .collect()
    }
}

pub(super) fn client_for(url: &Url, timeout: Duration) -> Client {
    let timeouts = Timeouts {
        connect: Duration::from_secs(2),
        request: timeout,
    };
    Client::new(
        url,
        "me",
        crate::sync::password::Secret::new("secret".into()),
        timeouts,
    )
    .unwrap()
}

/// Serves requests on one kept-alive connection until the client closes it.
pub(super) fn serve(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let path = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_owned();
        let (mut length, mut user_agent) = (0, String::new());
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap(),
                "user-agent" => value.trim().clone_into(&mut user_agent),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let earlier = log.lock().unwrap().clone();
        let reply = handler(&body, &earlier);
        log.lock().unwrap().push(Seen {
            user_agent,
            path,
            body,
        });
        let (status, text) = match reply {
            Reply::Json(value) => (200, value.to_string()),
            Reply::Status(status, text) => (status, text.to_owned()),
            Reply::Hang => {
                std::thread::sleep(Duration::from_secs(30));
                return;
            }
        };
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: text/json\r\nContent-Length: {}\r\n\r\n",
            text.len()
        );
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(text.as_bytes()).is_err()
        {
            return;
        }
    }
}

pub(super) fn ok(content: &Value) -> Reply {
    Reply::Json(json!({"seq": 0, "status": 0, "content": content}))
}

pub(super) fn err(code: &str) -> Reply {
    Reply::Json(json!({"seq": 0, "status": 1, "content": {"error": code}}))
}

pub(super) fn logged_in() -> Reply {
    ok(&json!({"session_id": "s1", "api_level": 15}))
}

/// A server that logs in and answers `getFeeds` with one feed.
pub(super) fn normal(body: &Value, _: &[Seen]) -> Reply {
    match body["op"].as_str() {
        Some("login") => logged_in(),
        Some("getFeeds") if body["sid"] == "s1" => ok(&json!([
            {"feed_url": "http://192.0.2.1/a.xml", "title": "A", "id": 3, "unread": 1,
             "has_icon": false, "cat_id": 0, "last_updated": 1_700_000_000, "order_id": 0}
        ])),
        _ => err("NOT_LOGGED_IN"),
    }
}
