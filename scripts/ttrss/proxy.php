<?php
// Router for `php -S`: the HTTP proxy the test TT-RSS fetches through (its _HTTP_PROXY).
// A proxied request arrives in absolute form (`GET http://192.0.2.1/a/feed.xml HTTP/1.1`);
// for the feed host it serves the file a/feed.xml under $TTRSS_FEEDS. Everything else is
// a 404: nothing is ever forwarded, so nothing leaves the machine. Plain origin-form
// requests (`GET /a/feed.xml`) are served the same way, for poking at it with curl.
// No Last-Modified or ETag is sent, so TT-RSS never gets a 304: every fetch is a full one.

$root = getenv('TTRSS_FEEDS');
$host = getenv('TTRSS_FEED_HOST') ?: '192.0.2.1';
$log = getenv('TTRSS_PROXY_LOG');

$uri = $_SERVER['REQUEST_URI'];
$parts = parse_url($uri);
$req_host = $parts['host'] ?? $host;
$port = $parts['port'] ?? 80;
$path = rawurldecode($parts['path'] ?? '/');

$status = 404;
$file = null;
if ($root && $req_host === $host && (int) $port === 80 && strpos($path, '..') === false) {
    $candidate = rtrim($root, '/') . '/' . ltrim($path, '/');
    if (is_file($candidate) && is_readable($candidate)) {
        $file = $candidate;
        $status = 200;
    }
}

if ($log) {
    @file_put_contents($log, sprintf("%s %s %s %d\n", gmdate('c'), $_SERVER['REQUEST_METHOD'], $uri, $status),
        FILE_APPEND | LOCK_EX);
}

header('Cache-Control: no-store');
if ($file === null) {
    http_response_code(404);
    header('Content-Type: text/plain');
    echo "not found: $uri\n";
    return true;
}

$types = [
    'xml' => 'application/xml', 'rss' => 'application/rss+xml', 'atom' => 'application/atom+xml',
    'html' => 'text/html; charset=utf-8', 'json' => 'application/json', 'ico' => 'image/x-icon',
    'png' => 'image/png', 'txt' => 'text/plain; charset=utf-8',
];
$ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
http_response_code(200);
header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
header('Content-Length: ' . filesize($file));
readfile($file);
return true;
