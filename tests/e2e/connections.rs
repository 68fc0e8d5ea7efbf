//! Compressed replies on a kept-alive connection come without Nagle's stall:
//! actix writes a compressed reply's head and body separately, and without
//! `TCP_NODELAY` the body waited for the client's delayed ACK (about 40 ms,
//! on every other request). A stalled server shows it on half of them, a
//! loaded machine on a few at most, so this checks the known stall rather
//! than timing anything.

use std::time::{Duration, Instant};

use solecheck_tests::{Backend, Server};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

/// Reads one HTTP/1.1 reply (`Content-Length` or chunked): its head, lower-cased.
async fn read_reply(stream: &mut BufReader<TcpStream>) -> String {
    let mut head = String::new();
    loop {
        let before = head.len();
        stream.read_line(&mut head).await.expect("read head");
        if head.len() == before || head.ends_with("\r\n\r\n") {
            break;
        }
    }
    let head = head.to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    if let Some(length) = length {
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.expect("read body");
        return head;
    }
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    loop {
        let mut size = String::new();
        stream.read_line(&mut size).await.expect("chunk size");
        let size = usize::from_str_radix(size.trim(), 16).expect("hex chunk size");
        let mut chunk = vec![0; size + 2];
        stream.read_exact(&mut chunk).await.expect("chunk");
        if size == 0 {
            return head;
        }
    }
}

#[tokio::test]
async fn compressed_replies_on_one_connection_do_not_stall() {
    let Some(server) = Server::start(Backend::Sqlite) else { return };
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut stream = BufReader::new(TcpStream::connect(&addr).await.expect("connect"));
    let request = format!("GET /v1/questionnaire HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: gzip\r\n\r\n");
    let mut times = Vec::new();
    // The first reply also warms the server up (it is not counted).
    for _ in 0..51 {
        let started = Instant::now();
        stream.get_mut().write_all(request.as_bytes()).await.expect("send");
        let head = read_reply(&mut stream).await;
        times.push(started.elapsed());
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(head.contains("content-encoding: gzip"), "{head}");
    }
    times.remove(0);
    let stalled = times.iter().filter(|t| **t >= Duration::from_millis(40)).count();
    assert!(stalled <= 5, "{stalled} of 50 compressed replies took 40 ms or more: {times:?}");
}

/// Replies under 1 KiB go out plain whatever the client accepts (they fit one
/// packet either way, and compressing each cost the check post an eighth of
/// its throughput); longer ones are compressed.
#[tokio::test]
async fn only_replies_of_a_kilobyte_or_more_are_compressed() {
    let Some(server) = Server::start(Backend::Sqlite) else { return };
    let created: serde_json::Value = server
        .post("/v1/assessments", &solecheck_tests::fixtures::example_answers())
        .await
        .json()
        .await
        .unwrap();
    let (id, token) = (created["id"].as_str().unwrap(), created["token"].as_str().unwrap());
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut stream = BufReader::new(TcpStream::connect(&addr).await.expect("connect"));
    let mut ask = async |path: &str| {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: br, gzip\r\nAuthorization: Bearer {token}\r\n\r\n"
        );
        stream.get_mut().write_all(request.as_bytes()).await.expect("send");
        read_reply(&mut stream).await
    };
    let short = ask("/healthz").await;
    assert!(short.starts_with("http/1.1 200") && short.contains("content-encoding: identity"), "{short}");
    let long = ask(&format!("/v1/assessments/{id}")).await;
    assert!(long.starts_with("http/1.1 200") && long.contains("content-encoding: br"), "{long}");
}
