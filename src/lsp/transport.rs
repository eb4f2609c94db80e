//! The language server's standard input and output. lsp-server's own reader stops the server at
//! the first malformed message; this one answers it with an error and reads on.

use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex};

/// The largest message read; a larger one ends the session (the stream cannot be trusted).
const MAX_MESSAGE: usize = 64 << 20;

/// A connection over standard input and output, and the thread that writes: join it after
/// dropping the connection, so that every response is out. (The reader ends with the input.)
pub fn stdio() -> std::io::Result<(Connection, std::thread::JoinHandle<()>)> {
    let (to_server, from_client) = crossbeam_channel::unbounded::<Message>();
    let (to_client, from_server) = crossbeam_channel::unbounded::<Message>();
    // The caller may hold standard output's lock for the whole run: write to its file instead.
    let out = Arc::new(Mutex::new(stdout_file()?));
    let replies = Arc::clone(&out);
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        while let Some(frame) = read_frame(&mut input) {
            match frame {
                Ok(message) => {
                    if to_server.send(message).is_err() {
                        break;
                    }
                }
                Err(reply) => {
                    let mut framed = format!("Content-Length: {}\r\n\r\n", reply.len()).into_bytes();
                    framed.extend(reply.into_bytes());
                    write_all(&replies, &framed);
                }
            }
        }
    });
    let writer = std::thread::spawn(move || {
        for message in from_server {
            let mut framed = Vec::new();
            if message.write(&mut framed).is_ok() && !write_all(&out, &framed) {
                break;
            }
        }
    });
    Ok((Connection { sender: to_client, receiver: from_client }, writer))
}

fn write_all(out: &Mutex<std::fs::File>, bytes: &[u8]) -> bool {
    let Ok(mut file) = out.lock() else { return false };
    file.write_all(bytes).and_then(|()| file.flush()).is_ok()
}

#[cfg(unix)]
fn stdout_file() -> std::io::Result<std::fs::File> {
    use std::os::fd::AsFd;
    Ok(std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?))
}

#[cfg(windows)]
fn stdout_file() -> std::io::Result<std::fs::File> {
    use std::os::windows::io::AsHandle;
    Ok(std::fs::File::from(std::io::stdout().as_handle().try_clone_to_owned()?))
}

/// The next message: `None` at the end of input (or of a stream that cannot be read on),
/// `Err(reply)` for a malformed one, with the error response to send.
fn read_frame(input: &mut impl BufRead) -> Option<Result<Message, String>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim_end();
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.filter(|&n| n <= MAX_MESSAGE)?;
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    Some(parse(&body))
}

/// A message, or the error response a malformed one gets (JSON-RPC: a parse error when it is
/// not JSON, an invalid request otherwise; with the request's id when it has one).
fn parse(body: &[u8]) -> Result<Message, String> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => return Err(error_reply(Value::Null, ErrorCode::ParseError, &format!("not JSON: {error}"))),
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    serde_json::from_value::<Message>(value)
        .map_err(|error| error_reply(id, ErrorCode::InvalidRequest, &format!("not a JSON-RPC message polpos understands: {error}")))
}

fn error_reply(id: Value, code: ErrorCode, message: &str) -> String {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code as i32, "message": message}}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Result<String, String>> {
        let mut reader = std::io::BufReader::new(input.as_bytes());
        std::iter::from_fn(|| read_frame(&mut reader)).map(|frame| frame.map(|m| format!("{m:?}"))).collect()
    }

    #[test]
    fn malformed_messages_get_an_error_and_reading_goes_on() {
        let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let input =
            [frame("{nope"), "X-Junk\r\n".into(), frame("\"text\""), frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)]
                .concat();
        let read = frames(&input);
        assert_eq!(read.len(), 3, "{read:?}");
        assert!(read[0].as_ref().unwrap_err().contains(r#""id":null,"error":{"code":-32700"#), "{read:?}");
        assert!(read[1].as_ref().unwrap_err().contains(r#""id":null,"error":{"code":-32600"#), "{read:?}");
        assert!(read[2].as_ref().unwrap().contains("initialized"), "{read:?}");
        assert!(frames("Content-Length: 999999999999\r\n\r\n{}").is_empty());
    }
}
