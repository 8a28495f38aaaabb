//! What each address answers: the built files (with live reload and the overlay injected into
//! pages), the live-reload script and its polls; nothing outside the site.

use super::http::{Reply, Request};
use super::shared::Shared;
use std::net::IpAddr;
use std::time::Duration;

const LIVERELOAD_JS: &str = include_str!("livereload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");
/// How long a poll waits for a change before answering "nothing yet".
const POLL_WAIT: Duration = Duration::from_secs(20);

pub(crate) fn respond(shared: &Shared, request: &Request, loopback: bool) -> Reply {
    let (method, url, host) = (
        request.method.as_str(),
        request.target.as_str(),
        request.host.as_deref(),
    );
    // A web page elsewhere could point a name it controls at 127.0.0.1 (DNS rebinding) and
    // read the preview; on loopback only loopback names are answered.
    if loopback && !host.is_some_and(is_loopback_host) {
        return Reply::text(403, "This preview only answers to localhost addresses.\n");
    }
    if !matches!(method, "GET" | "HEAD") {
        return Reply::text(405, "The preview only serves pages.\n");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    match path {
        "/__supportmap/livereload.js" => {
            return Reply::new(
                200,
                "text/javascript; charset=utf-8",
                LIVERELOAD_JS.as_bytes().to_vec(),
            )
        }
        "/__supportmap/overlay.css" => {
            return Reply::new(
                200,
                "text/css; charset=utf-8",
                OVERLAY_CSS.as_bytes().to_vec(),
            )
        }
        "/__supportmap/poll" => return poll(shared, query),
        _ => {}
    }
    let Some(key) = file_key(path) else {
        return Reply::text(400, "Bad address.\n");
    };
    let files = shared.files.read().expect("files lock");
    let overlay = shared.overlay.read().expect("overlay lock").clone();
    if let Some(bytes) = files.get(&key) {
        let kind = content_type(&key);
        return if kind.starts_with("text/html") {
            Reply::new(200, kind, inject(bytes, overlay.as_deref()))
        } else {
            Reply::new(200, kind, bytes.to_vec())
        };
    }
    if !key.ends_with("index.html") && files.contains_key(&format!("{key}/index.html")) {
        let mut reply = Reply::text(301, "Moved.\n");
        reply.headers.push(("Location", format!("{path}/")));
        return reply;
    }
    let body = match files.get(crate::addresses::NOT_FOUND) {
        Some(page) => inject(page, overlay.as_deref()),
        None => inject(b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Building</title></head><body><h1>Nothing built yet</h1></body></html>", overlay.as_deref()),
    };
    Reply::new(404, "text/html; charset=utf-8", body)
}

fn is_loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn poll(shared: &Shared, query: &str) -> Reply {
    let mut since = None;
    let mut page = String::from("/");
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("since", v)) => since = v.parse().ok(),
            Some(("page", v)) => page = percent_decode(v).unwrap_or_default(),
            _ => {}
        }
    }
    let file = file_key(&page).unwrap_or_default();
    let (version, reload) = shared.wait(since, &file, POLL_WAIT);
    Reply::new(
        200,
        "application/json",
        format!("{{\"version\":{version},\"reload\":{reload}}}").into_bytes(),
    )
}

/// The file a URL path names (`/assets/x/` → `assets/x/index.html`), or `None` for anything
/// that could step outside the site: `..`, `.`, backslashes, NUL or bad percent-encoding.
fn file_key(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let relative = decoded.strip_prefix('/')?;
    if relative.contains('\\') || relative.contains('\0') {
        return None;
    }
    let segments: Vec<&str> = relative.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if matches!(*segment, "." | "..") || (segment.is_empty() && !last) {
            return None;
        }
    }
    Some(if relative.is_empty() || relative.ends_with('/') {
        crate::addresses::file(relative)
    } else {
        relative.to_string()
    })
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("wasm") => "application/wasm",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script (and the overlay, when the latest build failed) to a page.
fn inject(page: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let mut html = String::from_utf8_lossy(page).into_owned();
    if let Some(overlay) = overlay {
        if let Some(at) = html.find("</head>") {
            html.insert_str(
                at,
                "<link rel=\"stylesheet\" href=\"/__supportmap/overlay.css\">\n",
            );
        }
        let at = html
            .find("<body")
            .and_then(|b| html[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(0);
        html.insert_str(at, &format!("\n{overlay}"));
    }
    let script = "<script src=\"/__supportmap/livereload.js\" defer></script>\n";
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, script),
        None => html.push_str(script),
    }
    html.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_key("/assets/x/").as_deref(),
            Some("assets/x/index.html")
        );
        assert_eq!(
            file_key("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(file_key("/caf%C3%A9/").as_deref(), Some("café/index.html"));
        for bad in [
            "/../etc/passwd",
            "/assets/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/a/./b",
            "/a%5c..%5cb",
            "/a//b",
            "/%00",
            "/%zz",
            "relative",
            "/a/%2e%2e",
        ] {
            assert_eq!(file_key(bad), None, "{bad}");
        }
    }
    #[test]
    fn answers_only_loopback_names() {
        assert!(
            is_loopback_host("127.0.0.1:1111")
                && is_loopback_host("localhost:1111")
                && is_loopback_host("[::1]:8080")
                && is_loopback_host("localhost")
        );
        assert!(!is_loopback_host("evil.example:1111") && !is_loopback_host("192.168.1.2:1111"));
    }
    #[test]
    fn injects_script_and_overlay() {
        let page =
            b"<html><head><title>x</title></head><body class=\"k\"><main>Hi</main></body></html>";
        let plain = String::from_utf8(inject(page, None)).unwrap();
        assert!(
            plain.contains("<script src=\"/__supportmap/livereload.js\" defer></script>\n</body>")
        );
        assert!(!plain.contains("supportmap-overlay"));
        let with = String::from_utf8(inject(
            page,
            Some("<details id=\"supportmap-overlay\"></details>"),
        ))
        .unwrap();
        assert!(
            with.contains(
                "<body class=\"k\">\n<details id=\"supportmap-overlay\"></details><main>Hi</main>"
            ),
            "{with}"
        );
        assert!(with.contains("/__supportmap/overlay.css"));
    }
}
