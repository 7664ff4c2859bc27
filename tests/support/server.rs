//! A small HTTP/1.1 server on loopback for fetch tests and the refresh benchmark: a
//! thread per connection, keep-alive, and replies that misbehave on purpose (drip, hang,
//! endless bodies). It counts requests per path and status so tests can assert on them.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Longest a misbehaving reply keeps its connection; bounds every test server thread.
const MAX_MISBEHAVIOUR: Duration = Duration::from_mins(1);

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the body of a reply is sent.
#[derive(Debug, Clone)]
pub enum Body {
    /// All at once, with a Content-Length.
    Bytes(Arc<[u8]>),
    /// With an honest Content-Length, one byte every `every`.
    Drip { bytes: Arc<[u8]>, every: Duration },
    /// `len` bytes of XML-looking filler without a Content-Length, until the client hangs up.
    Endless { len: u64 },
    /// Nothing, ever: the connection stays open until the client gives up.
    Hang,
}

/// A reply: status, headers, body, and an optional delay before it (simulated latency).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub delay: Duration,
}

impl Reply {
    /// 200 with `content_type` and `body`.
    pub fn ok(content_type: &str, body: impl Into<Arc<[u8]>>) -> Self {
        Self::status(200)
            .header("Content-Type", content_type)
            .body(Body::Bytes(body.into()))
    }

    /// An empty reply with `status`.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Body::Bytes(Arc::from(&b""[..])),
            delay: Duration::ZERO,
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Self::status(status).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// What the server has seen.
#[derive(Debug, Default)]
struct Log {
    requests: Vec<Request>,
    statuses: HashMap<(String, u16), usize>,
}

/// A running server. Its threads end with the process (or after [`MAX_MISBEHAVIOUR`]).
#[derive(Clone)]
pub struct Server {
    pub port: u16,
    log: Arc<Mutex<Log>>,
    /// Set by [`Server::stop`]: the listeners close and connections end.
    stopped: Arc<AtomicBool>,
}

impl Server {
    /// Serves `handler` on 127.0.0.1 at a free port.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_on(&[IpAddr::from([127, 0, 0, 1])], handler)
    }

    /// Serves `handler` on every address in `ips`, all at the same free port.
    pub fn start_on(
        ips: &[IpAddr],
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::new(Mutex::new(Log::default()));
        let stopped = Arc::new(AtomicBool::new(false));
        let listeners = bind_all(ips);
        let port = listeners[0].local_addr().expect("bound address").port();
        for listener in listeners {
            let (handler, log) = (Arc::clone(&handler), Arc::clone(&log));
            let stopped = Arc::clone(&stopped);
            thread::spawn(move || accept_loop(&listener, &handler, &log, &stopped));
        }
        Self { port, log, stopped }
    }

    /// Stops serving: the port is closed (connections to it are refused) once this
    /// returns, and open connections end after their current request.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag and drops its listener; wait until a
        // connection is refused, so the port is known to be closed.
        let deadline = Instant::now() + Duration::from_secs(5);
        while TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
            assert!(Instant::now() < deadline, "server did not stop");
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// `http://127.0.0.1:PORT{path}`
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Requests seen for `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.log
            .lock()
            .expect("server log")
            .requests
            .iter()
            .filter(|r| r.path == path)
            .count()
    }

    /// Replies with `status` sent for `path`.
    pub fn replies(&self, path: &str, status: u16) -> usize {
        self.log
            .lock()
            .expect("server log")
            .statuses
            .get(&(path.to_owned(), status))
            .copied()
            .unwrap_or(0)
    }

    /// Replies with `status` sent for any path.
    pub fn count(&self, status: u16) -> usize {
        let log = self.log.lock().expect("server log");
        log.statuses
            .iter()
            .filter(|((_, s), _)| *s == status)
            .map(|(_, n)| n)
            .sum()
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().expect("server log").requests.clone()
    }
}

/// Binds `ips` to one port: the first picks it, the others follow (retrying on a clash).
fn bind_all(ips: &[IpAddr]) -> Vec<TcpListener> {
    for _ in 0..20 {
        let first = TcpListener::bind(SocketAddr::new(ips[0], 0)).expect("bind loopback");
        let port = first.local_addr().expect("bound address").port();
        let rest: Result<Vec<_>, _> = ips[1..]
            .iter()
            .map(|ip| TcpListener::bind(SocketAddr::new(*ip, port)))
            .collect();
        if let Ok(mut rest) = rest {
            rest.insert(0, first);
            return rest;
        }
    }
    panic!("no port free on all of {ips:?}");
}

fn accept_loop(
    listener: &TcpListener,
    handler: &Arc<Handler>,
    log: &Arc<Mutex<Log>>,
    stopped: &Arc<AtomicBool>,
) {
    for stream in listener.incoming().flatten() {
        if stopped.load(Ordering::SeqCst) {
            return;
        }
        let (handler, log) = (Arc::clone(handler), Arc::clone(log));
        let stopped = Arc::clone(stopped);
        thread::spawn(move || serve(stream, &handler, &log, &stopped));
    }
}

/// Answers requests on one connection until the client closes it.
fn serve(stream: TcpStream, handler: &Arc<Handler>, log: &Arc<Mutex<Log>>, stopped: &AtomicBool) {
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader, &mut writer) {
        if stopped.load(Ordering::SeqCst) {
            return;
        }
        let reply = handler(&request);
        {
            let mut log = log.lock().expect("server log");
            *log.statuses
                .entry((request.path.clone(), reply.status))
                .or_default() += 1;
            log.requests.push(request);
        }
        thread::sleep(reply.delay);
        if !send(&mut writer, &reply) {
            return;
        }
    }
}

/// Reads one request head; `None` when the client is gone or sent something else (to
/// which, e.g. a TLS ClientHello, it answers 400 and closes).
fn read_request(reader: &mut BufReader<TcpStream>, writer: &mut TcpStream) -> Option<Request> {
    // Anything but a request line (a TLS ClientHello, say) gets a 400 before we wait for a
    // newline that may never come.
    let first = *reader.fill_buf().ok()?.first()?;
    let mut line = String::new();
    if !first.is_ascii_uppercase() || reader.read_line(&mut line).ok()? == 0 {
        let _ = writer.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return None;
    }
    let mut parts = line.split_whitespace();
    let (Some(_method), Some(path), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        let _ = writer.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return None;
    };
    if !version.starts_with("HTTP/") {
        let _ = writer.write_all(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return None;
    }
    let path = path.to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    Some(Request { path, headers })
}

/// Writes a reply; `false` when the connection must close afterwards.
fn send(writer: &mut TcpStream, reply: &Reply) -> bool {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    match &reply.body {
        Body::Bytes(bytes) => {
            let _ = write!(head, "Content-Length: {}\r\n\r\n", bytes.len());
            writer
                .write_all(head.as_bytes())
                .and_then(|()| writer.write_all(bytes))
                .is_ok()
        }
        Body::Drip { bytes, every } => {
            let _ = write!(head, "Content-Length: {}\r\n\r\n", bytes.len());
            let started = Instant::now();
            if writer.write_all(head.as_bytes()).is_err() {
                return false;
            }
            for byte in bytes.iter() {
                if started.elapsed() > MAX_MISBEHAVIOUR || writer.write_all(&[*byte]).is_err() {
                    return false;
                }
                thread::sleep(*every);
            }
            true
        }
        Body::Endless { len } => {
            head.push_str("Connection: close\r\n\r\n");
            let _ = writer
                .write_all(head.as_bytes())
                .and_then(|()| endless(writer, *len));
            false
        }
        Body::Hang => {
            head.clear();
            hang(writer);
            false
        }
    }
}

fn endless(writer: &mut TcpStream, len: u64) -> std::io::Result<()> {
    let mut chunk = b"<rss version=\"2.0\"><channel>".to_vec();
    chunk.resize(64 * 1024, b' ');
    let mut sent = 0u64;
    while sent < len {
        writer.write_all(&chunk)?;
        sent += chunk.len() as u64;
    }
    Ok(())
}

/// Keeps the connection open, answering nothing, until the client closes it.
fn hang(stream: &mut TcpStream) {
    let started = Instant::now();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut buf = [0u8; 512];
    while started.elapsed() < MAX_MISBEHAVIOUR {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}
